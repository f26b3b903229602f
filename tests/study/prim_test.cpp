// PRIM (study/src/prim.hpp) on synthetic data with a known box: uniform inputs, cases where
// x0 < 0.3 and x1 > 0.6, a share of the labels flipped at random, three noise inputs. The box found
// must recover the limits, leave the noise inputs unrestricted, and cover and fill it as the truth
// does. Also the hypergeometric p-value against values counted by hand, and bad input.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "prim.hpp"

namespace prim = sibsim::study::prim;

namespace {

constexpr std::size_t kInputs = 5;

struct Synthetic {
  std::vector<double> x;
  std::vector<std::uint8_t> cases;
  std::size_t in_box = 0, cases_in_box = 0, total_cases = 0;
};

double uniform(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

bool in_true_box(const double* row) { return row[0] < 0.3 && row[1] > 0.6; }

Synthetic make(std::size_t rows, double flip, std::uint64_t seed) {
  std::mt19937_64 g(seed);
  Synthetic s;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t j = 0; j < kInputs; ++j) s.x.push_back(uniform(g));
    const bool inside = in_true_box(&s.x[r * kInputs]);
    const bool is_case = inside != (uniform(g) < flip);
    s.cases.push_back(is_case ? 1 : 0);
    s.in_box += inside ? 1 : 0;
    s.cases_in_box += inside && is_case ? 1 : 0;
    s.total_cases += is_case ? 1 : 0;
  }
  return s;
}

prim::Options coverage_at_least(double c) {
  prim::Options o;
  o.coverage_min = c;
  return o;
}

prim::Options box_number(std::size_t n) {
  prim::Options o;
  o.box = n;
  return o;
}

const prim::Restriction* restriction(const prim::Result& r, std::size_t input) {
  for (const auto& x : r.restrictions)
    if (x.input == input) return &x;
  return nullptr;
}

}  // namespace

TEST_CASE("PRIM recovers a known box from noisy labels", "[prim]") {
  const auto seed = GENERATE(1u, 2u, 3u);
  const Synthetic s = make(2000, 0.05, seed);
  const prim::Result r = prim::discover(s.x, kInputs, s.cases);
  INFO("seed " << seed << ", chosen step " << r.chosen << " of " << r.trajectory.size());

  // The trajectory starts with every row and shrinks; its density rises.
  REQUIRE(r.trajectory.size() > 2);
  CHECK(r.trajectory.front().stats.rows == 2000);
  CHECK(r.trajectory.front().stats.coverage == 1.0);
  for (std::size_t i = 1; i < r.trajectory.size(); ++i) {
    CHECK(r.trajectory[i].stats.rows < r.trajectory[i - 1].stats.rows);
    CHECK(r.trajectory[i].stats.density > r.trajectory[i - 1].stats.density);
    CHECK(r.trajectory[i].stats.mass >= 0.05);
  }

  // The limits, within 0.03 (alpha peels of ~5 % of the box rows move a limit by about that).
  const auto& box = r.final.box;
  constexpr double kTolerance = 0.03;
  CHECK(box.hi[0] == Approx(0.3).margin(kTolerance));
  CHECK(box.lo[1] == Approx(0.6).margin(kTolerance));
  CHECK(box.lo[0] == r.data.lo[0]);  // no lower limit on x0, no upper one on x1
  CHECK(box.hi[1] == r.data.hi[1]);
  for (std::size_t j = 2; j < kInputs; ++j) {  // noise inputs: unrestricted in the final box
    CHECK(box.lo[j] == r.data.lo[j]);
    CHECK(box.hi[j] == r.data.hi[j]);
    if (const auto* x = restriction(r, j)) CHECK_FALSE(x->kept);
  }
  // Both real restrictions are kept, and very significant.
  for (std::size_t j = 0; j < 2; ++j) {
    const auto* x = restriction(r, j);
    REQUIRE(x != nullptr);
    CHECK(x->kept);
    CHECK(x->p_value < 1e-6);
    CHECK(x->density_without < r.final.stats.density);
  }

  // Coverage and density near the true box's.
  const double true_coverage = static_cast<double>(s.cases_in_box) / static_cast<double>(s.total_cases);
  const double true_density = static_cast<double>(s.cases_in_box) / static_cast<double>(s.in_box);
  CHECK(r.final.stats.coverage == Approx(true_coverage).margin(0.08));
  CHECK(r.final.stats.density == Approx(true_density).margin(0.05));
  CHECK(r.final.stats.restricted == 2);
  CHECK(r.cases == s.total_cases);
}

TEST_CASE("PRIM's chosen box: the best coverage x density with enough coverage, or the one asked for",
          "[prim]") {
  const Synthetic s = make(1000, 0.05, 7);
  const prim::Result r = prim::discover(s.x, kInputs, s.cases, coverage_at_least(0.8));
  const auto& chosen = r.trajectory[r.chosen].stats;
  CHECK(chosen.coverage >= 0.8);
  for (const auto& step : r.trajectory)
    if (step.stats.coverage >= 0.8)
      CHECK(step.stats.coverage * step.stats.density <= chosen.coverage * chosen.density);

  const prim::Result first = prim::discover(s.x, kInputs, s.cases, box_number(0));
  CHECK(first.chosen == 0);
  CHECK(first.restrictions.empty());
  CHECK(first.final.stats.coverage == 1.0);
  CHECK_THROWS_AS(prim::discover(s.x, kInputs, s.cases, box_number(r.trajectory.size())),
                  std::invalid_argument);
}

TEST_CASE("PRIM finds no significant box where cases are chance", "[prim]") {
  std::mt19937_64 g(11);
  std::vector<double> x;
  std::vector<std::uint8_t> cases;
  for (std::size_t r = 0; r < 1000; ++r) {
    for (std::size_t j = 0; j < kInputs; ++j) x.push_back(uniform(g));
    cases.push_back(uniform(g) < 0.3 ? 1 : 0);
  }
  const prim::Result r = prim::discover(x, kInputs, cases);
  // At most one restriction survives by chance (5 inputs at the 5 % level), and the box's density
  // stays near the base rate.
  CHECK(r.final.stats.restricted <= 1);
  CHECK(r.final.stats.density == Approx(0.3).margin(0.1));
}

TEST_CASE("PRIM peels an integer input by whole values", "[prim]") {
  // x0 in 0..9, cases where x0 <= 2: the box's upper limit on x0 must be a value of the data.
  std::vector<double> x;
  std::vector<std::uint8_t> cases;
  for (std::size_t r = 0; r < 500; ++r) {
    const auto v = static_cast<double>(r % 10);
    x.push_back(v);
    cases.push_back(v <= 2 ? 1 : 0);
  }
  const prim::Result r = prim::discover(x, 1, cases, coverage_at_least(0.9));
  CHECK(r.final.box.hi[0] == 2.0);
  CHECK(r.final.stats.density == 1.0);
  CHECK(r.final.stats.coverage == 1.0);
}

TEST_CASE("hypergeometric upper tail against hand counts", "[prim]") {
  // 10 rows, 5 cases, draw 5: all 5 cases in 1 of C(10,5) = 252 ways.
  CHECK(prim::hypergeometric_upper_p(5, 5, 5, 10) == Approx(1.0 / 252.0).epsilon(1e-12));
  // P(X >= 4) = (C(5,4) C(5,1) + 1) / 252 = 26 / 252.
  CHECK(prim::hypergeometric_upper_p(4, 5, 5, 10) == Approx(26.0 / 252.0).epsilon(1e-12));
  CHECK(prim::hypergeometric_upper_p(0, 5, 5, 10) == 1.0);
  CHECK(prim::hypergeometric_upper_p(6, 5, 5, 10) == 0.0);
  // At least 3 of 8 drawn from 10 with 5 cases is certain (8 + 5 - 10 = 3).
  CHECK(prim::hypergeometric_upper_p(3, 8, 5, 10) == 1.0);
}

TEST_CASE("PRIM refuses bad input", "[prim]") {
  const std::vector<double> x{0.1, 0.2, 0.3, 0.4};
  const std::vector<std::uint8_t> none{0, 0, 0, 0}, all{1, 1, 1, 1}, some{1, 0, 0, 1};
  CHECK_THROWS_AS(prim::discover(x, 1, none), std::invalid_argument);
  CHECK_THROWS_AS(prim::discover(x, 1, all), std::invalid_argument);
  CHECK_THROWS_AS(prim::discover(x, 3, some), std::invalid_argument);
  prim::Options wide;
  wide.alpha = 0.7;
  CHECK_THROWS_AS(prim::discover(x, 1, some, wide), std::invalid_argument);
  const std::vector<double> bad{0.1, NAN, 0.3, 0.4};
  CHECK_THROWS_AS(prim::discover(bad, 1, some), std::invalid_argument);
}
