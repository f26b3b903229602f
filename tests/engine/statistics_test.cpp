#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/statistics.hpp"

using namespace sibsim::engine;

namespace {

// Distance of the sketch's answer q from the requested rank p (n - 1), as a fraction of n. Ties:
// any rank in [first index of q, last index of q] counts as exact.
double rank_error(const std::vector<double>& sorted, double q, double p) {
  const auto lo = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), q) - sorted.begin());
  const auto hi = static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), q) - sorted.begin()) - 1;
  const double target = p * static_cast<double>(sorted.size() - 1);
  if (target >= lo && target <= hi) return 0.0;
  return std::min(std::abs(target - lo), std::abs(target - hi)) / static_cast<double>(sorted.size());
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

}  // namespace

TEST_CASE("moments, CI and exact quantiles of a small sample", "[statistics]") {
  const std::vector<double> v{3, 1, 4, 1, 5, 9, 2, 6};
  const KpiSummary s = summarize(v);
  CHECK(s.n == 8);
  CHECK(s.n_undefined == 0);
  CHECK(s.mean == Approx(31.0 / 8));
  CHECK(s.sd == Approx(std::sqrt(52.875 / 7)).epsilon(1e-14));  // squared deviations sum to 52.875
  CHECK(s.se == Approx(std::sqrt(52.875 / 7 / 8)).epsilon(1e-14));
  // t(0.975, 7) = 2.3646242515927847
  CHECK(s.ci_high - s.mean == Approx(2.3646242515927847 * s.se).epsilon(1e-12));
  CHECK(s.mean - s.ci_low == Approx(2.3646242515927847 * s.se).epsilon(1e-12));
  CHECK(s.min == 1);
  CHECK(s.max == 9);
  CHECK(s.sum == 31);
  CHECK(s.sum_squares == 173);
  // numpy.percentile([3,1,4,1,5,9,2,6], [5,25,50,75,95]) (type 7) = [1, 1.75, 3.5, 5.25, 7.95]
  CHECK(s.p5 == 1.0);
  CHECK(s.p25 == 1.75);
  CHECK(s.p50 == 3.5);
  CHECK(s.p75 == 5.25);
  CHECK(s.p95 == Approx(7.95).epsilon(1e-15));

  QuantileSketch q;
  for (double x : v) q.add(x);
  CHECK(q.is_exact());
  CHECK(q.quantile(0.0) == 1.0);
  CHECK(q.quantile(1.0) == 9.0);
  CHECK_THROWS_AS(q.quantile(1.5), std::invalid_argument);
}

TEST_CASE("Student t quantiles approach the normal one", "[statistics]") {
  // Reference values: mpmath, 40 digits (root of the regularised incomplete beta CDF).
  CHECK(student_t_quantile(0.975, 1) == Approx(12.706204736174693).epsilon(1e-12));
  CHECK(student_t_quantile(0.975, 7) == Approx(2.3646242515927847).epsilon(1e-12));
  CHECK(student_t_quantile(0.975, 10) == Approx(2.2281388519862742).epsilon(1e-12));
  CHECK(student_t_quantile(0.9995, 200) == Approx(3.3398354062757106).epsilon(1e-12));
  CHECK(student_t_quantile(0.975, 1e9) == Approx(1.9599639869123251).epsilon(1e-12));
  CHECK_THROWS_AS(student_t_quantile(1.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(0.5, 0), std::invalid_argument);
}

TEST_CASE("NaN values are counted as undefined and excluded", "[statistics]") {
  const std::vector<double> v{NAN, 2.0, NAN, 4.0, 6.0};
  const KpiSummary s = summarize(v);
  CHECK(s.n == 3);
  CHECK(s.n_undefined == 2);
  CHECK(s.mean == 4.0);
  CHECK(s.sd == 2.0);
  CHECK(s.min == 2.0);
  CHECK(s.max == 6.0);
  CHECK(s.p50 == 4.0);
  CHECK(s.sum == 12.0);

  const KpiSummary none = summarize(std::vector<double>{NAN, NAN});
  CHECK(none.n == 0);
  CHECK(none.n_undefined == 2);
  CHECK(std::isnan(none.mean));
  CHECK(std::isnan(none.p50));
  CHECK(std::isnan(none.ci_low));
  CHECK(none.sum == 0.0);

  const KpiSummary one = summarize(std::vector<double>{7.0});
  CHECK(one.mean == 7.0);
  CHECK(one.p5 == 7.0);
  CHECK(std::isnan(one.sd));  // undefined with one value, not 0
  CHECK(std::isnan(one.ci_high));
}

TEST_CASE("merging accumulators equals one pass", "[statistics]") {
  RandomStream rng(11, 0, 0, 0);
  std::vector<double> v(3000);
  for (double& x : v) x = rng.lognormal(1.0, 0.7);
  v[17] = NAN;
  for (std::size_t split : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{2999}}) {
    KpiAccumulator whole, a, b;
    for (std::size_t i = 0; i < v.size(); ++i) {
      whole.add(v[i]);
      (i < split ? a : b).add(v[i]);
    }
    a.merge(b);
    const KpiSummary x = whole.summary(), y = a.summary();
    CHECK(y.n == x.n);
    CHECK(y.n_undefined == x.n_undefined);
    CHECK(y.mean == Approx(x.mean).epsilon(1e-13));
    CHECK(y.sd == Approx(x.sd).epsilon(1e-12));
    CHECK(y.min == x.min);
    CHECK(y.max == x.max);
    // Exact mode: merged quantiles are exactly the one-pass ones.
    CHECK(y.p5 == x.p5);
    CHECK(y.p50 == x.p50);
    CHECK(y.p95 == x.p95);
    CHECK(y.sum == Approx(x.sum).epsilon(1e-13));
  }
}

TEST_CASE("the same values in the same order give bit-identical summaries", "[statistics]") {
  auto run = [] {
    RandomStream rng(5, 1, 2, 3);
    KpiAccumulator acc;
    for (int i = 0; i < 20000; ++i) acc.add(rng.normal(3.0, 2.0));  // sketch mode
    return acc.summary();
  };
  const KpiSummary a = run(), b = run();
  for (auto m : {&KpiSummary::mean, &KpiSummary::sd, &KpiSummary::ci_low, &KpiSummary::p5, &KpiSummary::p25,
                 &KpiSummary::p50, &KpiSummary::p75, &KpiSummary::p95, &KpiSummary::sum_squares})
    CHECK(bits(a.*m) == bits(b.*m));
}

TEST_CASE("bounded-memory quantiles stay within 1 % rank error on 100k normal draws", "[statistics]") {
  constexpr std::size_t n = 100'000;
  RandomStream rng(2024, 0, 0, 0);
  QuantileSketch q;
  std::vector<double> all;
  all.reserve(n);
  std::size_t peak = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = rng.normal();
    q.add(x);
    all.push_back(x);
    peak = std::max(peak, q.memory_bytes());
  }
  CHECK_FALSE(q.is_exact());
  CHECK(q.count() == n);
  std::sort(all.begin(), all.end());
  for (double p : {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0}) {
    INFO("p = " << p);
    CHECK(rank_error(all, q.quantile(p), p) < 0.01);
  }
  // Memory: a few thousand retained values whatever n, below the exact buffer plus its half.
  CHECK(q.retained() < 3500);
  CHECK(peak <= 48 * 1024);
}

TEST_CASE("sketch memory does not grow with the number of values", "[statistics]") {
  auto peak_for = [](std::size_t n) {
    RandomStream rng(1, 0, 0, 0);
    QuantileSketch q;
    std::size_t peak = 0;
    for (std::size_t i = 0; i < n; ++i) {
      q.add(rng.uniform());
      peak = std::max(peak, q.memory_bytes());
    }
    return peak;
  };
  const std::size_t p100k = peak_for(100'000), p1m = peak_for(1'000'000);
  INFO("peak bytes: 100k -> " << p100k << ", 1M -> " << p1m);
  CHECK(static_cast<double>(p1m) <= 1.15 * static_cast<double>(p100k));
}

TEST_CASE("sketch handles ties, sorted input and merges of sketches", "[statistics]") {
  // Many ties: integer values 0..20. The answer must be a value whose rank range covers p(n-1).
  RandomStream rng(3, 0, 0, 0);
  QuantileSketch a, b, whole;
  std::vector<double> all;
  for (int i = 0; i < 60000; ++i) {
    const double x = static_cast<double>(rng.uniform_int(0, 20));
    (i < 25000 ? a : b).add(x);
    whole.add(x);
    all.push_back(x);
  }
  a.merge(b);
  CHECK(a.count() == 60000);
  std::sort(all.begin(), all.end());
  for (double p : {0.05, 0.25, 0.5, 0.75, 0.95}) {
    CHECK(rank_error(all, whole.quantile(p), p) == 0.0);
    CHECK(rank_error(all, a.quantile(p), p) < 0.01);
  }
  // Increasing input (the worst case for a fixed compaction offset).
  QuantileSketch s;
  for (int i = 0; i < 200000; ++i) s.add(i);
  for (double p : {0.05, 0.5, 0.95}) CHECK(std::abs(s.quantile(p) - p * 199999) < 0.01 * 200000);

  QuantileSketch other(100, 64);
  CHECK_THROWS_AS(a.merge(other), std::invalid_argument);

  // Self-merge doubles every weight: same quantiles (ties data), twice the count.
  QuantileSketch twice = whole;
  twice.merge(twice);
  CHECK(twice.count() == 120000);
  for (double p : {0.05, 0.5, 0.95}) CHECK(rank_error(all, twice.quantile(p), p) < 0.01);
  CHECK(twice.memory_bytes() == whole.memory_bytes());  // the merge gave back its extra memory
}
