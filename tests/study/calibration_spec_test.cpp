// Observations files of `sibsim calibrate`: the priors (densities, draws, moments, quantiles),
// KPI expressions, the observations' sampling models and discrepancies, and loading files (a
// valid M/M/c and SIB file; every file of tests/data/bad-observations/ fails at its line).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>

#include "calibration_prior_math.hpp"
#include "data_dir.hpp"
#include "sibsim/study/calibration.hpp"
#include "test_plugins.hpp"

using namespace sibsim::study::calibration;
using sibsim::engine::KpiInfo;
using sibsim::engine::RandomStream;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using Row = std::vector<double>;

Prior make_prior(Prior::Kind kind, double a, double b, double lower = -kInf, double upper = kInf) {
  Prior p;
  p.kind = kind;
  p.a = a;
  p.b = b;
  p.lower = lower;
  p.upper = upper;
  return p;
}

// The priors the moment and density tests go through: every kind, untruncated and truncated
// (one-sided and two-sided, one far in a tail).
std::vector<Prior> test_priors() {
  using K = Prior::Kind;
  return {
      make_prior(K::uniform, 0.2, 0.8),
      make_prior(K::uniform, -3, 5, -1, 2),
      make_prior(K::log_uniform, 0.01, 10),
      make_prior(K::log_uniform, 0.5, 200, 1, 50),
      make_prior(K::beta, 2, 5),
      make_prior(K::beta, 2, 2, 0.1, 0.99),
      make_prior(K::beta, 30, 3, 0.0, 0.8),  // most mass above the upper bound
      make_prior(K::gamma, 3, 2),            // shape 3, rate 2: mean 1.5
      make_prior(K::gamma, 2, 0.5, 1, 6),
      make_prior(K::normal, 1, 2),
      make_prior(K::normal, 1, 2, 0),
      make_prior(K::normal, 0, 1, 2.5, 4),  // upper tail only
  };
}

// [lo, hi] covering all but ~1e-12 of the truncated prior's mass.
std::pair<double, double> integration_range(const Prior& p) {
  return {detail::prior_quantile(p, 1e-13), detail::prior_quantile(p, 1 - 1e-13)};
}

// Simpson's rule of f on [lo, hi] with n (even) intervals.
template <class F>
double simpson(F&& f, double lo, double hi, int n) {
  const double h = (hi - lo) / n;
  double s = f(lo) + f(hi);
  for (int i = 1; i < n; ++i) s += f(lo + i * h) * (i % 2 == 1 ? 4 : 2);
  return s * h / 3;
}

}  // namespace

TEST_CASE("prior densities integrate to 1 and match their moments", "[calibration][prior]") {
  for (const Prior& p : test_priors()) {
    INFO(p.describe());
    REQUIRE(detail::prior_problems(p).empty());
    const auto [lo, hi] = integration_range(p);
    const auto pdf = [&](double x) { return std::exp(p.log_density(x)); };
    const double mass = simpson(pdf, lo, hi, 200000);
    CHECK(mass == Approx(1.0).epsilon(1e-6));
    const double m = simpson([&](double x) { return x * pdf(x); }, lo, hi, 200000);
    CHECK(m == Approx(p.mean()).epsilon(1e-6).margin(1e-9));
    const double v = simpson([&](double x) { return (x - m) * (x - m) * pdf(x); }, lo, hi, 200000);
    CHECK(std::sqrt(v) == Approx(p.sd()).epsilon(1e-5));
    // Outside the bounds and the support: no density.
    const double end_lo = detail::prior_quantile(p, 0), end_hi = detail::prior_quantile(p, 1);
    if (std::isfinite(end_lo)) {
      CHECK(p.log_density(end_lo - 1e-6) == -kInf);
      CHECK(p.log_density(end_lo + 1e-6) > -kInf);
    }
    if (std::isfinite(end_hi)) CHECK(p.log_density(end_hi + 1e-6) == -kInf);
    CHECK(p.log_density(std::numeric_limits<double>::quiet_NaN()) == -kInf);
  }
}

TEST_CASE("untruncated prior moments are the textbook ones", "[calibration][prior]") {
  using K = Prior::Kind;
  CHECK(make_prior(K::beta, 2, 5).mean() == Approx(2.0 / 7));
  CHECK(make_prior(K::beta, 2, 5).sd() == Approx(std::sqrt(10.0 / (49 * 8))));
  CHECK(make_prior(K::gamma, 3, 2).mean() == Approx(1.5));  // shape / rate
  CHECK(make_prior(K::gamma, 3, 2).sd() == Approx(std::sqrt(3.0) / 2));
  CHECK(make_prior(K::normal, 1, 2).mean() == Approx(1));
  CHECK(make_prior(K::normal, 1, 2).sd() == Approx(2));
  CHECK(make_prior(K::uniform, 0.2, 0.8).sd() == Approx(0.6 / std::sqrt(12.0)));
  // Half-normal: mean sd sqrt(2/pi), variance sd^2 (1 - 2/pi).
  CHECK(make_prior(K::normal, 0, 1, 0).mean() == Approx(std::sqrt(2 / M_PI)));
  CHECK(make_prior(K::normal, 0, 1, 0).sd() == Approx(std::sqrt(1 - 2 / M_PI)));
}

TEST_CASE("prior draws match the prior's mean and sd and stay inside the bounds", "[calibration][prior]") {
  constexpr int kDraws = 20000;
  std::uint64_t entity = 0;
  for (const Prior& p : test_priors()) {
    INFO(p.describe());
    RandomStream rng(7, 0, entity++, 1);
    std::vector<double> x(kDraws);
    for (double& v : x) v = p.sample(rng);
    const double lo =
        std::max(p.lower, p.kind == Prior::Kind::uniform || p.kind == Prior::Kind::log_uniform ? p.a : -kInf);
    const double hi =
        std::min(p.upper, p.kind == Prior::Kind::uniform || p.kind == Prior::Kind::log_uniform ? p.b : kInf);
    CHECK(*std::min_element(x.begin(), x.end()) >= lo);
    CHECK(*std::max_element(x.begin(), x.end()) <= hi);
    double mean = 0;
    for (double v : x) mean += v;
    mean /= kDraws;
    double m2 = 0, m4 = 0;
    for (double v : x) {
      m2 += (v - mean) * (v - mean);
      m4 += std::pow(v - mean, 4);
    }
    m2 /= kDraws - 1;
    m4 /= kDraws;
    const double sd = std::sqrt(m2);
    // Standard errors: of the mean sd / sqrt(n); of the sd (delta method) sqrt((m4 - s^4) / n) / (2 s).
    const double se_mean = sd / std::sqrt(double{kDraws});
    const double se_sd = std::sqrt((m4 - m2 * m2) / kDraws) / (2 * sd);
    CHECK(std::abs(mean - p.mean()) < 4 * se_mean);
    CHECK(std::abs(sd - p.sd()) < 4 * se_sd);
  }
}

TEST_CASE("prior draws are a function of the stream only", "[calibration][prior]") {
  const Prior p = make_prior(Prior::Kind::gamma, 2, 0.5, 1, 6);
  RandomStream a(3, 4, 5, 6), b(3, 4, 5, 6);
  for (int i = 0; i < 100; ++i) CHECK(p.sample(a) == p.sample(b));
}

TEST_CASE("prior quantiles invert the truncated distribution function", "[calibration][prior]") {
  namespace bm = boost::math;
  using K = Prior::Kind;
  const auto check = [](const Prior& p, auto cdf) {
    INFO(p.describe());
    const double f_lo = cdf(std::max(p.lower, -1e300)), f_hi = cdf(std::min(p.upper, 1e300));
    for (double u : {1e-6, 0.01, 0.25, 0.5, 0.9, 0.999}) {
      const double x = detail::prior_quantile(p, u);
      CHECK((cdf(x) - f_lo) / (f_hi - f_lo) == Approx(u).epsilon(1e-9));
    }
  };
  const bm::beta_distribution<> beta(2, 2);
  check(make_prior(K::beta, 2, 2, 0.1, 0.99),
        [&](double x) { return bm::cdf(beta, std::clamp(x, 0.0, 1.0)); });
  const bm::gamma_distribution<> gamma(2, 1 / 0.5);
  check(make_prior(K::gamma, 2, 0.5, 1, 6), [&](double x) { return bm::cdf(gamma, std::max(x, 0.0)); });
  const bm::normal_distribution<> normal(1, 2);
  check(make_prior(K::normal, 1, 2, 0, 3), [&](double x) { return bm::cdf(normal, x); });
  // Far in the upper tail the survival function keeps the precision.
  const Prior tail = make_prior(K::normal, 0, 1, 8, 9);
  const bm::normal_distribution<> std_normal;
  const double s8 = bm::cdf(bm::complement(std_normal, 8.0)), s9 = bm::cdf(bm::complement(std_normal, 9.0));
  for (double u : {0.01, 0.5, 0.99}) {
    const double x = detail::prior_quantile(tail, u);
    CHECK((s8 - bm::cdf(bm::complement(std_normal, x))) / (s8 - s9) == Approx(u).epsilon(1e-9));
  }
  // Closed forms.
  CHECK(detail::prior_quantile(make_prior(K::uniform, 2, 4), 0.25) == Approx(2.5));
  CHECK(detail::prior_quantile(make_prior(K::log_uniform, 1, 100), 0.5) == Approx(10));
  CHECK(detail::prior_quantile(make_prior(K::log_uniform, 1, 100, 10, 1000), 0.5) ==
        Approx(std::sqrt(1000.0)));
}

TEST_CASE("prior domains are checked", "[calibration][prior]") {
  using K = Prior::Kind;
  const auto first_key = [](const Prior& p) {
    const auto problems = detail::prior_problems(p);
    return problems.empty() ? std::string() : problems.front().first;
  };
  CHECK(first_key(make_prior(K::uniform, 1, 1)) == "b");
  CHECK(first_key(make_prior(K::log_uniform, 0, 1)) == "a");
  CHECK(first_key(make_prior(K::beta, -1, 2)) == "a");
  CHECK(first_key(make_prior(K::beta, 1, 2, 0.5, 1.5)) == "bounds");
  CHECK(first_key(make_prior(K::gamma, 2, 0)) == "b");
  CHECK(first_key(make_prior(K::gamma, 2, 1, -1, 2)) == "bounds");
  CHECK(first_key(make_prior(K::normal, 0, 0)) == "b");
  CHECK(first_key(make_prior(K::normal, 0, 1, 2, 1)) == "bounds");
  CHECK(first_key(make_prior(K::uniform, 0, 1, 2, 3)) == "bounds");   // no overlap
  CHECK(first_key(make_prior(K::normal, 0, 1, 40, 41)) == "bounds");  // no mass in double precision
  CHECK(first_key(make_prior(K::normal, 0, 1, 2, 3)).empty());
  CHECK(make_prior(K::beta, 2, 5, 0.1, 0.9).describe() == "beta(2, 5) on [0.1, 0.9]");
  CHECK(make_prior(K::normal, 0, 1, 0).describe() == "normal(0, 1) on [0, inf]");
  CHECK(make_prior(K::uniform, 0.2, 0.8).describe() == "uniform(0.2, 0.8)");
}

// ---- KPI expressions ----------------------------------------------------------------------

namespace {
const std::vector<KpiInfo> kKpis = {
    {"started", "persons", ""}, {"eligible", "persons", ""}, {"cost", "EUR", ""}};
double eval(const char* text, std::vector<double> row = {10, 40, 3}) {
  return KpiExpression::parse(text, kKpis).evaluate(row);
}
std::string parse_error(const char* text) {
  try {
    (void)KpiExpression::parse(text, kKpis);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("KPI expressions evaluate with the usual precedence", "[calibration][expression]") {
  CHECK(eval("started") == 10);
  CHECK(eval("started / eligible") == 0.25);
  CHECK(eval("1 + 2 * 3") == 7);
  CHECK(eval("(1 + 2) * 3") == 9);
  CHECK(eval("10 - 4 - 3") == 3);  // left associative
  CHECK(eval("24 / 4 / 2") == 3);
  CHECK(eval("-started + 1") == -9);
  CHECK(eval("- -2") == 2);
  CHECK(eval("2 * -cost") == -6);
  CHECK(eval("100*(eligible-started)/eligible") == 75);
  CHECK(eval("2.5e1 + .5") == 25.5);
  const KpiExpression e = KpiExpression::parse("cost * cost + started / cost", kKpis);
  CHECK(e.kpis_used() == std::vector<std::size_t>{0, 2});
  CHECK(e.text() == "cost * cost + started / cost");
}

TEST_CASE("KPI expressions read series KPIs whose names hold a date", "[calibration][expression]") {
  const std::vector<KpiInfo> kpis = {{"cum@2017-02-01", "persons", ""},
                                     {"cum@2017-03-01", "persons", ""},
                                     {"t@2017-02-01T12:00", "persons", ""},
                                     {"n", "persons", ""}};
  const std::vector<double> row = {5, 8, 2, 1};
  CHECK(KpiExpression::parse("cum@2017-03-01 - cum@2017-02-01", kpis).evaluate(row) == 3);
  CHECK(KpiExpression::parse("t@2017-02-01T12:00 * 2", kpis).evaluate(row) == 4);
  CHECK(KpiExpression::parse("n-cum@2017-02-01", kpis).evaluate(row) == -4);  // '-' before the '@' subtracts
}

TEST_CASE("KPI expressions: NaN propagates and a division by zero is NaN", "[calibration][expression]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(eval("started / eligible", {10, 0, 3})));
  CHECK(std::isnan(eval("0 / eligible", {10, 0, 3})));
  CHECK(std::isnan(eval("started + 1", {nan, 1, 1})));
  CHECK(std::isnan(eval("-started * 0", {nan, 1, 1})));
}

TEST_CASE("KPI expression errors name the problem and its column", "[calibration][expression]") {
  CHECK(parse_error("startd / eligible") ==
        "unknown KPI 'startd'; did you mean 'started'? at column 1 of 'startd / eligible'");
  CHECK_THAT(parse_error("started / xyzzy"), Catch::Contains("unknown KPI 'xyzzy' (the model has 3 KPIs"));
  CHECK_THAT(parse_error("started / xyzzy"), Catch::Contains("column 11"));
  CHECK_THAT(parse_error(""), Catch::Contains("empty"));
  CHECK_THAT(parse_error("started /"), Catch::Contains("ends early"));
  CHECK_THAT(parse_error("(started"), Catch::Contains("'(' is never closed at column 1"));
  CHECK_THAT(parse_error("started)"), Catch::Contains("')' without a matching '(' at column 8"));
  CHECK_THAT(parse_error("started eligible"), Catch::Contains("expected an operator"));
  CHECK_THAT(parse_error("started % 2"), Catch::Contains("column 9"));
  CHECK_THAT(parse_error("2started"), Catch::Contains("a number runs into a name"));
  CHECK_THAT(parse_error("* 2"), Catch::Contains("expected a KPI name, a number or '('"));
}

// ---- sampling models ----------------------------------------------------------------------

namespace {
Observation observation(Observation::Sampling s) {
  Observation o;
  o.expression = KpiExpression::parse("started / eligible", kKpis);
  o.sampling = s;
  return o;
}
}  // namespace

TEST_CASE("count observations draw Binomial(n, v)", "[calibration][sampling]") {
  Observation o = observation(Observation::Sampling::count);
  o.n = 50;
  o.value = 12;
  const std::vector<double> row = {30, 100, 0};  // v = 0.3
  constexpr int kDraws = 20000;
  RandomStream rng(11, 0, 0, 0);
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double y = o.simulate(row, rng);
    REQUIRE(y == std::floor(y));
    REQUIRE(y >= 0);
    REQUIRE(y <= 50);
    sum += y;
    sum2 += y * y;
  }
  const double mean = sum / kDraws, var = (sum2 - kDraws * mean * mean) / (kDraws - 1);
  const double n = 50, p = 0.3, q = 0.7, npq = n * p * q;
  // Var(sample variance) ~ (mu4 - sigma^4) / N with mu4 = npq (1 + 3 (n - 2) pq).
  const double mu4 = npq * (1 + 3 * (n - 2) * p * q);
  CHECK(std::abs(mean - n * p) < 4 * std::sqrt(npq / kDraws));
  CHECK(std::abs(var - npq) < 4 * std::sqrt((mu4 - npq * npq) / kDraws));
  // Deterministic in the stream; p outside [0, 1] is clamped; NaN stays NaN.
  RandomStream a(1, 2, 3, 4), b(1, 2, 3, 4);
  CHECK(o.simulate(row, a) == o.simulate(row, b));
  CHECK(o.simulate(Row{200, 100, 0}, a) == 50);
  CHECK(o.simulate(Row{-1, 100, 0}, a) == 0);
  CHECK(std::isnan(o.simulate(Row{1, 0, 0}, a)));
}

TEST_CASE("share and mean observations draw around the KPI value", "[calibration][sampling]") {
  Observation share = observation(Observation::Sampling::share);
  share.n = 40;
  share.value = 0.25;
  RandomStream rng(5, 0, 0, 0);
  constexpr int kDraws = 20000;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double y = share.simulate(Row{20, 100, 0}, rng);
    REQUIRE(y * 40 == std::round(y * 40));
    sum += y;
  }
  CHECK(std::abs(sum / kDraws - 0.2) < 4 * std::sqrt(0.2 * 0.8 / 40 / kDraws));

  Observation mean = observation(Observation::Sampling::mean);
  mean.se = 0.1;
  double s1 = 0, s2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double y = mean.simulate(Row{20, 100, 0}, rng) - 0.2;
    s1 += y;
    s2 += y * y;
  }
  CHECK(std::abs(s1 / kDraws) < 4 * 0.1 / std::sqrt(double{kDraws}));
  // sd of the sample sd of a normal: sigma / sqrt(2 N).
  CHECK(std::abs(std::sqrt(s2 / kDraws) - 0.1) < 4 * 0.1 / std::sqrt(2.0 * kDraws));

  Observation exact = observation(Observation::Sampling::exact);
  CHECK(exact.simulate(Row{20, 100, 0}, rng) == 0.2);
}

TEST_CASE("discrepancies follow the documented formulas", "[calibration][sampling]") {
  using S = Observation::Sampling;
  Observation exact = observation(S::exact);
  exact.value = 100;
  CHECK(exact.discrepancy(110) == Approx(1.0));  // scale sqrt(100)
  exact.value = 0.3;
  CHECK(exact.discrepancy(0.8) == Approx(0.5));  // scale sqrt(max(|0.3|, 1)) = 1
  exact.scale = 5;
  CHECK(exact.discrepancy(10.3) == Approx(2.0));

  Observation count = observation(S::count);
  count.n = 100;
  count.value = 20;
  CHECK(count.discrepancy(24) == Approx(1.0));  // sqrt(100 * 0.2 * 0.8) = 4
  CHECK(count.discrepancy(16) == Approx(-1.0));
  count.value = 0;
  CHECK(count.discrepancy(1) == Approx(2.0));  // floor of the sd: 1/2

  Observation share = observation(S::share);
  share.n = 100;
  share.value = 0.2;
  CHECK(share.discrepancy(0.24) == Approx(1.0));
  CHECK(share.observed() == 0.2);

  Observation mean = observation(S::mean);
  mean.value = 3;
  mean.se = 0.5;
  CHECK(mean.discrepancy(4) == Approx(2.0));

  Observation range = observation(S::range);
  range.low = 10;
  range.high = 20;
  CHECK(range.discrepancy(15) == 0);
  CHECK(range.discrepancy(10) == 0);
  CHECK(range.discrepancy(25) == Approx(1.0));
  CHECK(range.discrepancy(0) == Approx(-2.0));
  CHECK(range.observed() == 15);

  for (S s : {S::exact, S::count, S::share, S::mean, S::range}) {
    Observation o = observation(s);
    o.n = 10;
    o.se = 1;
    o.high = 1;
    CHECK(o.discrepancy(std::numeric_limits<double>::quiet_NaN()) == kInf);
  }
  CHECK(sampling_name(S::share) == "share");
  CHECK(prior_kind_name(Prior::Kind::log_uniform) == "log_uniform");
}

// ---- observations files -------------------------------------------------------------------

namespace {

using sibsim::scenarios::Document;
using sibsim::scenarios::Error;
using sibsim::scenarios::ValidationErrors;

std::string scenario_file(const std::string& name) { return std::string(SIBSIM_SCENARIO_DIR) + "/" + name; }

Spec load_text(const std::string& scenario, const std::string& text) {
  return load_spec(Document::from_file(scenario_file(scenario)),
                   Document::from_string(text, sibsim::scenarios::test::data_dir() + "/observations.yaml"),
                   sibsim::study::test::test_plugins());
}

std::vector<Error> load_errors(const std::string& scenario, const std::string& observations) {
  try {
    (void)load_spec(scenario_file(scenario), observations, sibsim::study::test::test_plugins());
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  return {};
}

std::string all(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += e.to_string() + "\n";
  return out;
}

// One file per error class; a file in the folder but not here (or the reverse) fails the test.
const std::set<std::string> kBadObservations = {
    "beta-bounds-outside.yaml",
    "beta-not-positive.yaml",
    "bounds-reversed.yaml",
    "bounds-three-values.yaml",
    "count-above-n.yaml",
    "count-not-whole.yaml",
    "duplicate-name.yaml",
    "duplicate-path.yaml",
    "empty-parameters.yaml",
    "expression-syntax.yaml",
    "field-not-for-sampling.yaml",
    "gamma-negative-bound.yaml",
    "gamma-rate-zero.yaml",
    "log-uniform-not-positive.yaml",
    "missing-observations.yaml",
    "misspelled-key.yaml",
    "misspelled-parameter-key.yaml",
    "n-zero.yaml",
    "no-fit-observation.yaml",
    "no-mass-in-bounds.yaml",
    "normal-sd-zero.yaml",
    "particles-too-few.yaml",
    "prior-reaches-refused-value.yaml",
    "quantile-out-of-range.yaml",
    "range-low-not-below-high.yaml",
    "refused-at-prior-means.yaml",
    "sampling-missing-field.yaml",
    "scale-not-positive.yaml",
    "se-not-positive.yaml",
    "section-path.yaml",
    "share-above-one.yaml",
    "text-path.yaml",
    "uniform-low-not-below-high.yaml",
    "unknown-kpi.yaml",
    "unknown-path.yaml",
    "unknown-prior.yaml",
    "unknown-role.yaml",
    "unknown-sampling.yaml",
};

}  // namespace

TEST_CASE("an observations file for the M/M/c example loads with its values", "[calibration][spec]") {
  const Spec spec = load_text("mmc-queue.yaml", R"(parameters:
  - path: mmc.arrival_rate
    label: Arrivals per day
    prior: gamma
    a: 16
    b: 4
    bounds: [1, 10]
    source: "around 4"
  - path: mmc.servers
    prior: uniform
    a: 1
    b: 8
observations:
  - name: served
    kpi: served
    sampling: exact
    value: 8000
  - name: busy
    label: Share of time busy
    kpi: 100 * utilisation
    sampling: count
    value: 80
    n: 100
  - name: busy_share
    kpi: utilisation
    sampling: share
    value: 0.8
    n: 50
    role: check
  - name: wait
    kpi: wait_in_queue
    sampling: mean
    value: 0.6
    se: 0.1
  - name: queue
    kpi: queue_length / (served + 1)
    sampling: range
    range: [0.0001, 0.01]
    role: check
    source: "guess"
calibration:
  particles: 100
  quantile: 0.4
  seed: 7
)");
  REQUIRE(spec.parameters.size() == 2);
  const Parameter& rate = spec.parameters[0];
  CHECK(rate.path == "mmc.arrival_rate");
  CHECK(rate.label == "Arrivals per day");
  CHECK(rate.kind == sibsim::scenarios::ScalarKind::number);
  CHECK(rate.prior.kind == Prior::Kind::gamma);
  CHECK(rate.prior.a == 16);
  CHECK(rate.prior.b == 4);
  CHECK(rate.prior.lower == 1);
  CHECK(rate.prior.upper == 10);
  CHECK(rate.source == "around 4");
  CHECK(rate.where.line == 2);
  CHECK(spec.parameters[1].label == "mmc.servers");
  CHECK(spec.parameters[1].kind == sibsim::scenarios::ScalarKind::integer);
  REQUIRE(spec.observations.size() == 5);
  CHECK(spec.fit_count() == 3);
  const Observation& busy = spec.observations[1];
  CHECK(busy.label == "Share of time busy");
  CHECK(busy.sampling == Observation::Sampling::count);
  CHECK(busy.value == 80);
  CHECK(busy.n == 100);
  CHECK(busy.role == Observation::Role::fit);
  CHECK(spec.observations[0].label == "served");
  CHECK(spec.observations[2].role == Observation::Role::check);
  CHECK(spec.observations[3].se == 0.1);
  CHECK(spec.observations[4].low == 0.0001);
  CHECK(spec.observations[4].high == 0.01);
  CHECK(spec.observations[4].source == "guess");
  // The KPI expressions are bound to the model's KPIs.
  std::vector<double> row(spec.kpis.size(), 0.0);
  const auto index = [&](const char* name) {
    for (std::size_t k = 0; k < spec.kpis.size(); ++k)
      if (spec.kpis[k].name == name) return k;
    FAIL("no KPI " << name);
    return std::size_t{0};
  };
  row[index("utilisation")] = 0.75;
  CHECK(busy.expression.evaluate(row) == Approx(75));
  CHECK(spec.settings.particles == 100);
  CHECK(spec.settings.quantile == 0.4);
  CHECK(spec.settings.seed == 7);
  CHECK(spec.settings.max_generations == 20);  // defaults
  CHECK(spec.settings.predictive_replications == 5);
  CHECK(spec.settings.min_tolerance_drop == 0.02);

  // scenario_at: the values reach the model (integers rounded) and the base is unchanged.
  const std::vector<double> theta = {5.5, 2.6};
  const auto scenario = scenario_at(spec, theta);
  const Document resolved = Document::from_string(scenario->resolved_yaml());
  CHECK(resolved.scalar("mmc.arrival_rate") == "5.5");
  CHECK(resolved.scalar("mmc.servers") == "3");
  CHECK(spec.base.scalar("mmc.arrival_rate") == "4.0");
  const std::vector<double> third = {1.0 / 3, 2};
  CHECK(std::stod(
            *Document::from_string(scenario_at(spec, third)->resolved_yaml()).scalar("mmc.arrival_rate")) ==
        1.0 / 3);
  const std::vector<double> refused = {-1, 2};
  CHECK_THROWS_AS(scenario_at(spec, refused), ValidationErrors);
  const std::vector<double> short_theta = {1};
  CHECK_THROWS_AS(scenario_at(spec, short_theta), std::invalid_argument);
}

TEST_CASE("an observations file for the SIB scenario loads", "[calibration][spec]") {
  const Spec spec = load_text("wnd-2016-actual.yaml", R"(parameters:
  - path: recruitment.approach_delay_days
    prior: gamma
    a: 4
    b: 1
  - path: recruitment.approach_probability[0].value
    prior: beta
    a: 7
    b: 3
    bounds: [0.3, 0.99]
observations:
  - name: started
    kpi: started
    sampling: exact
    value: 119
  - name: participation
    kpi: started / eligible
    sampling: count
    value: 119
    n: 1299
)");
  CHECK(spec.parameters.size() == 2);
  CHECK(spec.parameters[1].prior.describe() == "beta(7, 3) on [0.3, 0.99]");
  CHECK(spec.observations[1].expression.kpis_used().size() == 2);
  const std::vector<double> theta = {2.5, 0.6};
  CHECK(scenario_at(spec, theta) != nullptr);

  // scenario_at is called from worker threads: concurrent calls give what serial calls give.
  const auto resolved_at = [&](int i) {
    const std::vector<double> t = {1.0 + 0.01 * i, 0.5 + 0.001 * i};
    return scenario_at(spec, t)->resolved_yaml();
  };
  constexpr int kCalls = 40;
  std::vector<std::string> serial(kCalls), parallel(kCalls);
  for (int i = 0; i < kCalls; ++i) serial[static_cast<std::size_t>(i)] = resolved_at(i);
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int w = 0; w < 4; ++w)
    threads.emplace_back([&, w] {
      for (int i = w; i < kCalls; i += 4) parallel[static_cast<std::size_t>(i)] = resolved_at(i);
    });
  for (std::thread& t : threads) t.join();
  CHECK(parallel == serial);
  CHECK(serial[0] != serial[1]);
}

TEST_CASE("the bad-observations corpus lists every file in tests/data/bad-observations",
          "[calibration][spec]") {
  std::set<std::string> found;
  for (const auto& entry :
       std::filesystem::directory_iterator(sibsim::scenarios::test::data_dir() + "/bad-observations"))
    found.insert(entry.path().filename().string());
  CHECK(found == kBadObservations);
}

TEST_CASE("every bad observations file fails with the expected message at the expected line",
          "[calibration][spec]") {
  // Each file starts with `# expect: <fragment of the one-line error>` and `# line: <line>`; it
  // is loaded against the M/M/c example and must give exactly that one error.
  for (const std::string& name : kBadObservations) {
    DYNAMIC_SECTION(name) {
      const std::string path = sibsim::scenarios::test::data_dir() + "/bad-observations/" + name;
      std::ifstream in(path);
      std::string fragment, text;
      int line = 0;
      for (int i = 0; i < 2 && std::getline(in, text); ++i) {
        if (text.rfind("# expect: ", 0) == 0) fragment = text.substr(10);
        if (text.rfind("# line: ", 0) == 0) line = std::stoi(text.substr(8));
      }
      REQUIRE_FALSE(fragment.empty());
      REQUIRE(line > 0);
      const std::vector<Error> errors = load_errors("mmc-queue.yaml", path);
      INFO("errors:\n" << all(errors));
      REQUIRE(errors.size() == 1);
      CHECK_THAT(errors[0].to_string(), Catch::Contains(fragment));
      CHECK(errors[0].line == line);
      CHECK(errors[0].file == path);
      CHECK(errors[0].column > 0);
    }
  }
}

TEST_CASE("an observations file's problems are reported all at once, in line order", "[calibration][spec]") {
  std::vector<Error> errors;
  try {
    (void)load_text("mmc-queue.yaml", R"(parameters:
  - path: mmc.arival_rate
    prior: uniform
    a: 2
    b: 6
  - path: mmc.service_rate
    prior: beta
    a: 0
    b: 2
observations:
  - name: served
    kpi: servd
    sampling: exact
    value: 8000
    n: 4
calibration:
  particles: 2
)");
  } catch (const ValidationErrors& e) {
    errors = e.errors();
  }
  INFO(all(errors));
  REQUIRE(errors.size() == 5);
  CHECK(errors[0].line == 2);   // unknown key
  CHECK(errors[1].line == 8);   // beta a
  CHECK(errors[2].line == 12);  // unknown KPI
  CHECK(errors[3].line == 15);  // n with exact
  CHECK(errors[4].line == 17);  // particles
}

TEST_CASE("a fractional key written as a whole number is calibrated as a number", "[calibration][spec]") {
  // wnd-2016-actual writes `caseload_per_fte: 12` and `initial_pool_months: 12`: the first takes
  // fractions (proposals must not be rounded), the second is a whole number of months.
  const Spec spec = load_text("wnd-2016-actual.yaml", R"(parameters:
  - path: counsellors.caseload_per_fte
    prior: uniform
    a: 6
    b: 18
  - path: population.initial_pool_months
    prior: uniform
    a: 6
    b: 18
observations:
  - name: started
    kpi: started
    sampling: exact
    value: 119
)");
  REQUIRE(spec.parameters.size() == 2);
  CHECK(spec.parameters[0].kind == sibsim::scenarios::ScalarKind::number);
  CHECK(spec.parameters[1].kind == sibsim::scenarios::ScalarKind::integer);
}
