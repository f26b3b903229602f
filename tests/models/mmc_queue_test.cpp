#include <catch2/catch.hpp>

#include <bit>
#include <boost/math/distributions/fisher_f.hpp>
#include <cmath>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/statistics.hpp"
#include "sibsim/models/mmc/mmc_queue.hpp"

using namespace sibsim;
using models::MmcParams;
using models::MmcQueue;

namespace {

// Two-sided 99.9 % CI half-width of the mean of the replication means (t, n - 1 df).
double half_width_999(const engine::KpiSummary& s) {
  return engine::student_t_quantile(0.9995, static_cast<double>(s.n - 1)) * s.se;
}

void check_against_erlang_c(const MmcParams& p, std::uint64_t replications) {
  const models::MmcTheory theory = models::erlang_c(p);
  const MmcQueue model(p);
  engine::RunOptions o;
  o.seed = 20240611;
  o.replications = replications;
  const engine::RunResult r = engine::run_monte_carlo(model, o);
  REQUIRE(r.replications == replications);

  struct Check {
    std::size_t kpi;
    double expected;
  };
  for (const Check c :
       {Check{MmcQueue::kWaitInQueue, theory.wq}, Check{MmcQueue::kUtilisation, theory.rho},
        Check{MmcQueue::kQueueLength, theory.lq}, Check{MmcQueue::kServed, p.arrival_rate * p.run_length}}) {
    const engine::KpiSummary& s = r.summary[c.kpi];
    const double hw = half_width_999(s);
    INFO(r.kpis[c.kpi].name << ": simulated " << s.mean << " +- " << hw << " (99.9 % CI), theory "
                            << c.expected);
    CHECK(s.n == replications);
    CHECK(std::abs(s.mean - c.expected) <= hw);
    // The interval must be narrow enough for the comparison to mean something.
    CHECK(hw <= 0.05 * c.expected);
  }
}

}  // namespace

TEST_CASE("Erlang C by the textbook on small cases", "[mmc]") {
  MmcParams p;
  p.arrival_rate = 0.8;
  p.service_rate = 1.0;
  p.servers = 1;
  models::MmcTheory t = models::erlang_c(p);
  CHECK(t.rho == Approx(0.8));
  CHECK(t.p_wait == Approx(0.8));  // M/M/1: P(wait) = rho
  CHECK(t.wq == Approx(4.0));      // rho / (mu - lambda)
  CHECK(t.lq == Approx(3.2));      // rho^2 / (1 - rho)
  p.arrival_rate = 1.0;
  p.servers = 2;
  t = models::erlang_c(p);
  CHECK(t.p_wait == Approx(1.0 / 3));  // C(2, 1) = 1/3
  CHECK(t.wq == Approx(1.0 / 3));
  p.arrival_rate = 2.0;
  CHECK_THROWS_WITH(models::erlang_c(p), Catch::Contains("< 1 for a steady state"));
}

TEST_CASE("M/M/1 simulation matches Erlang C within a 99.9 % CI", "[mmc][validation]") {
  MmcParams p;
  p.arrival_rate = 0.8;
  p.service_rate = 1.0;
  p.servers = 1;
  p.warmup = 500.0;
  p.run_length = 5000.0;
  check_against_erlang_c(p, 400);
}

TEST_CASE("M/M/4 simulation matches Erlang C within a 99.9 % CI", "[mmc][validation]") {
  check_against_erlang_c(MmcParams{}, 400);  // lambda 4, mu 1.25, c 4: rho 0.8
}

TEST_CASE("a replication is a pure function of (seed, replication)", "[mmc]") {
  const MmcQueue model(MmcParams{});
  const models::MmcResult a = model.simulate(3, 17), b = model.simulate(3, 17), c = model.simulate(3, 18);
  CHECK(a.fingerprint == b.fingerprint);
  CHECK(std::bit_cast<std::uint64_t>(a.wait_in_queue) == std::bit_cast<std::uint64_t>(b.wait_in_queue));
  CHECK(a.fingerprint != c.fingerprint);
  CHECK(a.events > 15000);  // about 8800 arrivals and as many departures in 2200 days

  engine::RunOptions o;
  o.replications = 64;
  o.batch_size = 10;
  o.threads = 1;
  const engine::RunResult one = engine::run_monte_carlo(model, o);
  o.threads = 2;
  o.batch_size = 64;
  const engine::RunResult two = engine::run_monte_carlo(model, o);
  for (std::size_t k = 0; k < MmcQueue::kKpiCount; ++k) {
    CHECK(std::bit_cast<std::uint64_t>(one.summary[k].mean) ==
          std::bit_cast<std::uint64_t>(two.summary[k].mean));
    CHECK(std::bit_cast<std::uint64_t>(one.summary[k].p95) ==
          std::bit_cast<std::uint64_t>(two.summary[k].p95));
  }
}

namespace {

struct Pairing {
  engine::RunningStats paired;       // W(variant a, seed 1, r) - W(variant b, seed 1, r)
  engine::RunningStats independent;  // W(variant a, seed 2, r) - W(variant b, seed 3, r)
  double correlation = 0;            // of W(a, 1, r) and W(b, 1, r) over r
};

Pairing pair_up(const MmcQueue& a, const MmcQueue& b, std::uint64_t replications) {
  Pairing out;
  engine::RunningStats sa, sb;
  std::vector<double> wa, wb;
  for (std::uint64_t rep = 0; rep < replications; ++rep) {
    wa.push_back(a.simulate(1, rep).wait_in_queue);
    wb.push_back(b.simulate(1, rep).wait_in_queue);
    sa.add(wa.back());
    sb.add(wb.back());
    out.paired.add(wa.back() - wb.back());
    out.independent.add(a.simulate(2, rep).wait_in_queue - b.simulate(3, rep).wait_in_queue);
  }
  double cov = 0;
  for (std::size_t i = 0; i < wa.size(); ++i) cov += (wa[i] - sa.mean()) * (wb[i] - sb.mean());
  cov /= static_cast<double>(replications - 1);
  out.correlation = cov / std::sqrt(sa.variance() * sb.variance());
  return out;
}

// Fisher's z statistic for H0: correlation 0.
double fisher_z(double r, std::uint64_t n) { return std::atanh(r) * std::sqrt(static_cast<double>(n) - 3.0); }

}  // namespace

TEST_CASE("common random numbers: c = 3 vs 4 share arrivals and correlate strongly", "[mmc][crn]") {
  MmcParams p3;
  p3.arrival_rate = 3.0;
  p3.servers = 3;  // rho 0.8
  MmcParams p4 = p3;
  p4.servers = 4;  // rho 0.6
  const MmcQueue m3(p3), m4(p4);

  // The arrival stream is untouched by the service process: identical arrival times.
  for (std::uint64_t rep : {0u, 1u, 2u}) {
    models::MmcTrace t3, t4;
    m3.simulate(9, rep, &t3);
    m4.simulate(9, rep, &t4);
    REQUIRE(t3.arrival_times.size() > 6000);
    CHECK(t3.arrival_times == t4.arrival_times);
  }

  // var(paired difference) = v3 + v4 - 2 cov: CRN works through the covariance. Here v3 is about
  // 60 times v4, which caps the variance ratio near 1.3 however strong the correlation, so the
  // assertion is on the correlation (Fisher z at the 0.1 % level) and on the direction.
  constexpr std::uint64_t R = 120;
  const Pairing p = pair_up(m3, m4, R);
  INFO("corr = " << p.correlation << ", var(paired) = " << p.paired.variance()
                 << ", var(independent) = " << p.independent.variance());
  CHECK(fisher_z(p.correlation, R) > 3.29);
  CHECK(p.correlation > 0.5);
  CHECK(p.paired.variance() < p.independent.variance());
}

TEST_CASE("common random numbers: paired differences have a much smaller variance", "[mmc][crn]") {
  // c = 20 vs 21 at rho 0.8 vs 0.76: the two arms have similar variances, so the covariance CRN
  // induces shows up as a large variance reduction.
  MmcParams pa;
  pa.arrival_rate = 20.0;
  pa.servers = 20;
  pa.warmup = 50.0;
  pa.run_length = 500.0;
  MmcParams pb = pa;
  pb.servers = 21;
  constexpr std::uint64_t R = 150;
  const Pairing p = pair_up(MmcQueue(pa), MmcQueue(pb), R);
  const double ratio = p.independent.variance() / p.paired.variance();
  // One-sided F test at the 0.1 % level (the paired and independent samples use disjoint seeds).
  const boost::math::fisher_f_distribution<double> f(R - 1.0, R - 1.0);
  const double critical = boost::math::quantile(f, 0.999);
  INFO("var(paired) = " << p.paired.variance() << ", var(independent) = " << p.independent.variance()
                        << ", ratio = " << ratio << ", F critical (0.999) = " << critical
                        << ", corr = " << p.correlation);
  CHECK(ratio > 2.0 * critical);
  // Both estimate the same mean difference.
  CHECK(std::abs(p.paired.mean() - p.independent.mean()) <=
        3.29 * std::sqrt(p.paired.variance() / R + p.independent.variance() / R));
}

TEST_CASE("bad M/M/c parameters are rejected with the field name", "[mmc]") {
  MmcParams p;
  p.servers = 0;
  CHECK_THROWS_WITH(MmcQueue(p), Catch::Contains("servers = 0"));
  p = {};
  p.arrival_rate = -1;
  CHECK_THROWS_WITH(MmcQueue(p), Catch::Contains("arrival_rate = -1"));
  p = {};
  p.run_length = 0;
  CHECK_THROWS_WITH(MmcQueue(p), Catch::Contains("run_length = 0"));
  p = {};
  p.warmup = NAN;
  CHECK_THROWS_AS(MmcQueue(p), std::invalid_argument);
}
