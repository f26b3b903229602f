// Designs (grid, Latin hypercube, Saltelli) and the Sobol index estimators, checked against
// analytic indices of the Ishigami function and of a linear model.

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/engine/design.hpp"

using namespace sibsim::engine;

namespace {

// Ishigami & Homma (1990) on [-pi, pi]^3 with a = 7, b = 0.1, from unit-cube coordinates.
double ishigami(const std::vector<double>& u) {
  constexpr double a = 7, b = 0.1, pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

// Analytic indices of the Ishigami function (Sobol' & Levitan 1999).
struct Analytic {
  double s1[3], st[3];
};
Analytic ishigami_indices() {
  constexpr double a = 7, b = 0.1, pi = std::numbers::pi;
  const double v = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2), v2 = a * a / 8;
  const double v13 = 8 * b * b * std::pow(pi, 8) / 225;
  return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

std::vector<double> evaluate(const SaltelliDesign& d, double (*f)(const std::vector<double>&)) {
  std::vector<double> y;
  y.reserve(d.points.size());
  for (const auto& p : d.points) y.push_back(f(p));
  return y;
}

double linear(const std::vector<double>& u) { return 1 * u[0] + 2 * u[1] + 3 * u[2] + 0 * u[3] + 100; }

}  // namespace

TEST_CASE("grid_indices: full factorial, last factor fastest", "[design]") {
  const std::vector<std::size_t> levels{2, 3, 2};
  const auto g = grid_indices(levels);
  REQUIRE(g.size() == 12);
  CHECK(g[0] == std::vector<std::size_t>{0, 0, 0});
  CHECK(g[1] == std::vector<std::size_t>{0, 0, 1});
  CHECK(g[2] == std::vector<std::size_t>{0, 1, 0});
  CHECK(g[5] == std::vector<std::size_t>{0, 2, 1});
  CHECK(g[6] == std::vector<std::size_t>{1, 0, 0});
  CHECK(g[11] == std::vector<std::size_t>{1, 2, 1});
  CHECK(std::set<std::vector<std::size_t>>(g.begin(), g.end()).size() == 12);
  CHECK(grid_indices(std::vector<std::size_t>{3, 0}).empty());
  CHECK(grid_indices(std::vector<std::size_t>{}).size() == 1);
  const std::vector<std::size_t> huge{std::size_t{1} << 40, std::size_t{1} << 40};
  CHECK_THROWS_AS(grid_indices(huge), std::length_error);
}

TEST_CASE("latin_hypercube: one point per stratum in every dimension", "[design]") {
  for (std::size_t n : {1u, 2u, 7u, 100u, 1000u}) {
    const std::size_t k = 5;
    const auto x = latin_hypercube(n, k, 42);
    REQUIRE(x.size() == n);
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<int> hits(n, 0);
      for (const auto& p : x) {
        REQUIRE(p.size() == k);
        REQUIRE(p[j] > 0.0);
        REQUIRE(p[j] < 1.0);
        ++hits[static_cast<std::size_t>(p[j] * static_cast<double>(n))];
      }
      for (std::size_t s = 0; s < n; ++s) CHECK(hits[s] == 1);
    }
  }
  CHECK_THROWS_AS(latin_hypercube(0, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(latin_hypercube(3, 0, 1), std::invalid_argument);
}

TEST_CASE("designs are a pure function of the seed", "[design]") {
  CHECK(latin_hypercube(50, 4, 7) == latin_hypercube(50, 4, 7));
  CHECK(latin_hypercube(50, 4, 7) != latin_hypercube(50, 4, 8));
  const SaltelliDesign a = saltelli_design(64, 3, 7), b = saltelli_design(64, 3, 7),
                       c = saltelli_design(64, 3, 8);
  CHECK(a.points == b.points);
  CHECK(a.points != c.points);
  std::vector<double> y = evaluate(a, ishigami);
  const auto s1 = sobol_indices(y, 64, 3, 200, 5), s2 = sobol_indices(y, 64, 3, 200, 5);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(s1[i].first_low == s2[i].first_low);
    CHECK(s1[i].total_high == s2[i].total_high);
  }
}

TEST_CASE("saltelli_design: block order A, B, AB_1..AB_k in the open unit cube", "[design]") {
  const std::size_t n = 16, k = 3;
  const SaltelliDesign d = saltelli_design(n, k, 3);
  CHECK(d.n == n);
  CHECK(d.k == k);
  REQUIRE(d.points.size() == n * (k + 2));
  for (const auto& p : d.points) {
    REQUIRE(p.size() == k);
    for (double v : p) {
      CHECK(v > 0.0);
      CHECK(v < 1.0);
    }
  }
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t r = 0; r < n; ++r) {
      const auto& ab = d.points[(2 + i) * n + r];
      for (std::size_t j = 0; j < k; ++j) CHECK(ab[j] == (j == i ? d.points[n + r][j] : d.points[r][j]));
    }
  // A and B are a (shifted) Sobol net: with n = 16, each column of A has one value per 1/16.
  for (std::size_t j = 0; j < k; ++j) {
    std::set<int> strata;
    for (std::size_t r = 0; r < n; ++r) strata.insert(static_cast<int>(d.points[r][j] * 16));
    CHECK(strata.size() == 16);
  }
  CHECK_THROWS_AS(saltelli_design(1, 3, 1), std::invalid_argument);
  CHECK_THROWS_AS(saltelli_design(8, 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(saltelli_design(8, 2000, 1), std::invalid_argument);
}

// Not seed-tuned: the same check holds for each of the seeds 1-5 (and, checked once by hand,
// for all of 1-100: 0 of 600 intervals missed; the randomised Sobol design's error is well
// below the bootstrap CI width, which is computed as if the rows were independent).
TEST_CASE("sobol_indices recover the Ishigami function's analytic indices", "[design]") {
  const Analytic want = ishigami_indices();
  CHECK(want.s1[0] == Approx(0.3139).margin(5e-5));
  CHECK(want.s1[1] == Approx(0.4424).margin(5e-5));
  CHECK(want.st[0] == Approx(0.5576).margin(5e-5));
  CHECK(want.st[2] == Approx(0.2437).margin(5e-5));
  const std::size_t n = 8192, k = 3;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    DYNAMIC_SECTION("seed " << seed) {
      const SaltelliDesign d = saltelli_design(n, k, seed);
      const std::vector<double> y = evaluate(d, ishigami);
      const std::vector<SobolIndex> s = sobol_indices(y, n, k, 1000, seed);
      REQUIRE(s.size() == k);
      for (std::size_t i = 0; i < k; ++i) {
        INFO("factor " << i + 1 << ": S1 " << s[i].first << " [" << s[i].first_low << ", " << s[i].first_high
                       << "], ST " << s[i].total << " [" << s[i].total_low << ", " << s[i].total_high << "]");
        CHECK(s[i].first_low <= want.s1[i]);
        CHECK(want.s1[i] <= s[i].first_high);
        CHECK(s[i].total_low <= want.st[i]);
        CHECK(want.st[i] <= s[i].total_high);
        CHECK(s[i].first_low <= s[i].first);
        CHECK(s[i].first <= s[i].first_high);
        CHECK(s[i].first_high - s[i].first_low < 0.1);
        CHECK(s[i].total_high - s[i].total_low < 0.1);
        CHECK(s[i].first == Approx(want.s1[i]).margin(0.02));
        CHECK(s[i].total == Approx(want.st[i]).margin(0.02));
      }
    }
  }
}

TEST_CASE("sobol_indices of a linear model: S1 = ST = c_i^2 / sum c^2", "[design]") {
  // y = 1 x1 + 2 x2 + 3 x3 + 0 x4 + 100: no interactions, so first and total indices agree.
  const std::size_t n = 4096, k = 4;
  const double want[4] = {1.0 / 14, 4.0 / 14, 9.0 / 14, 0.0};
  const SaltelliDesign d = saltelli_design(n, k, 11);
  const std::vector<SobolIndex> s = sobol_indices(evaluate(d, linear), n, k, 500, 11);
  for (std::size_t i = 0; i < k; ++i) {
    INFO("factor " << i + 1);
    CHECK(s[i].first == Approx(want[i]).margin(0.01));
    CHECK(s[i].total == Approx(want[i]).margin(0.01));
    CHECK(s[i].first_low <= want[i]);
    CHECK(want[i] <= s[i].first_high);
    CHECK(s[i].total_low <= want[i]);
    CHECK(want[i] <= s[i].total_high);
  }
  CHECK(s[3].total == 0.0);  // x4 never changes the output: f(AB_4) == f(A) exactly
}

TEST_CASE("sobol_indices: NaN outputs, zero variance and sizes", "[design]") {
  const std::size_t n = 8, k = 2;
  std::vector<double> y(n * (k + 2), 1.0);
  const auto flat = sobol_indices(y, n, k, 50, 1);
  for (const SobolIndex& s : flat) {
    CHECK(std::isnan(s.first));
    CHECK(std::isnan(s.total));
    CHECK(std::isnan(s.first_low));
    CHECK(std::isnan(s.total_high));
  }
  y[2 * n + 3] = std::nan("");
  try {
    (void)sobol_indices(y, n, k, 50, 1);
    FAIL("no exception");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.find("row 19") != std::string::npos);
    CHECK(what.find("block AB_1") != std::string::npos);
    CHECK(what.find("NaN") != std::string::npos);
  }
  CHECK_THROWS_AS(sobol_indices(std::vector<double>(31, 1.0), n, k), std::invalid_argument);
  CHECK_THROWS_AS(sobol_indices(std::vector<double>(4, 1.0), 1, k), std::invalid_argument);
  // bootstrap = 0: point estimates only.
  const SaltelliDesign d = saltelli_design(64, 3, 1);
  const auto s = sobol_indices(evaluate(d, ishigami), 64, 3, 0, 1);
  CHECK(std::isfinite(s[0].first));
  CHECK(std::isnan(s[0].first_low));
}
