// ABC-SMC (study/src/abc_smc.hpp) against analytic posteriors of toy models (toy_models.hpp):
// beta-binomial and Poisson-gamma, with discrete data. What ABC-SMC samples at its final
// tolerance eps is prior(theta) x P(|y - k| <= eps | theta) (exactly the posterior when eps = 0);
// the tests compute that target by quadrature on a fine grid and compare the weighted mean and
// sd of the final population with it. Tolerances come from the Monte Carlo error of a weighted
// sample of effective size ESS: the mean's standard error is sd / sqrt(ESS), the sd's about
// sd / sqrt(2 ESS) (normal approximation); we allow 4 of them (a false failure has probability
// well below 1e-3 per check). Also: thread invariance, a check figure changes nothing, the stop
// rules, the automatic replication count and the weighted quantile.

#include <fmt/core.h>
#include <oneapi/tbb/global_control.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <vector>

#include "abc_smc.hpp"
#include "parameter_transform.hpp"
#include "sibsim/study/calibration.hpp"
#include "toy_models.hpp"

using namespace sibsim;
using namespace sibsim::study::calibration;
using sibsim::study::test::toy_plugins;

namespace {

Spec toy_spec(const std::string& model, const std::string& yaml, const std::string& path, Prior prior) {
  Spec s;
  s.file = "<test>";
  s.base = scenarios::Document::from_string(yaml);
  s.plugin = toy_plugins().find(model);
  REQUIRE(s.plugin != nullptr);
  s.kpis = s.plugin->load(s.base)->model().kpis();
  Parameter p;
  p.path = path;
  p.label = path;
  p.prior = prior;
  s.parameters.push_back(p);
  return s;
}

Observation exact_observation(const Spec& spec, const std::string& kpi, double k) {
  Observation o;
  o.name = kpi;
  o.label = kpi;
  o.expression = KpiExpression::parse(kpi, spec.kpis);
  o.sampling = Observation::Sampling::exact;
  o.value = k;
  o.scale = 1;  // the distance is |y - k| in counts
  return o;
}

Spec betabin_spec(double k, double n) {
  Spec s = toy_spec("betabin", fmt::format("model: betabin\nname: toy\np: 0.5\nn: {}\n", n), "p",
                    Prior{Prior::Kind::beta, 2, 3});
  s.observations.push_back(exact_observation(s, "successes", k));
  return s;
}

Spec poisgam_spec(double k, double exposure) {
  Spec s = toy_spec("poisgam", fmt::format("model: poisgam\nname: toy\nrate: 1\nexposure: {}\n", exposure),
                    "rate", Prior{Prior::Kind::gamma, 3, 0.5});
  s.observations.push_back(exact_observation(s, "events", k));
  return s;
}

struct Moments {
  double mean = 0, sd = 0;
};

/// Mean and sd of density(x) on [lo, hi] by the midpoint rule.
Moments grid_moments(const std::function<double(double)>& density, double lo, double hi) {
  const int steps = 200000;
  const double h = (hi - lo) / steps;
  double z = 0, m1 = 0, m2 = 0;
  for (int i = 0; i < steps; ++i) {
    const double x = lo + (i + 0.5) * h;
    const double f = density(x);
    z += f;
    m1 += f * x;
    m2 += f * x * x;
  }
  const double mean = m1 / z;
  return {mean, std::sqrt(m2 / z - mean * mean)};
}

double binomial_pmf(double y, double n, double p) {
  return std::exp(std::lgamma(n + 1) - std::lgamma(y + 1) - std::lgamma(n - y + 1) + y * std::log(p) +
                  (n - y) * std::log1p(-p));
}
double poisson_pmf(double y, double mean) { return std::exp(y * std::log(mean) - mean - std::lgamma(y + 1)); }

/// P(|Y - k| <= eps) for Y with probability function pmf(y), y = 0, 1, ... max_y.
double within(const std::function<double(double)>& pmf, double k, double eps, double max_y) {
  double s = 0;
  for (double y = std::max(0.0, std::ceil(k - eps - 1e-9)); y <= std::min(max_y, std::floor(k + eps + 1e-9));
       ++y)
    s += pmf(y);
  return s;
}

Moments betabin_target(double k, double n, double eps) {
  return grid_moments(
      [&](double p) {
        return std::pow(p, 1) * std::pow(1 - p, 2) *
               within([&](double y) { return binomial_pmf(y, n, p); }, k, eps, n);
      },
      0, 1);
}

Moments poisgam_target(double k, double exposure, double eps) {
  return grid_moments(
      [&](double r) {
        return r * r * std::exp(-0.5 * r) *
               within([&](double y) { return poisson_pmf(y, r * exposure); }, k, eps, k + eps + 1);
      },
      1e-9, 12);
}

AbcOptions options_for(std::size_t particles, std::size_t generations) {
  AbcOptions o;
  o.settings.particles = particles;
  o.settings.max_generations = generations;
  o.settings.min_tolerance_drop = 0;  // run every generation: the tolerance may stall above 0
  o.settings.min_acceptance = 0.001;
  o.settings.seed = 7;
  o.replications = choose_replications(o.settings);
  return o;
}

void check_against(const AbcResult& r, Moments target) {
  const Population& post = r.generations.back().population;
  const ParameterSummary s = summarise(post, 0);
  const double ess = post.ess();
  INFO("final tolerance " << r.generations.back().stats.tolerance << ", ESS " << ess << ", ABC mean "
                          << s.mean << " sd " << s.sd << ", target mean " << target.mean << " sd "
                          << target.sd);
  REQUIRE(ess > 100);
  CHECK(std::abs(s.mean - target.mean) <= 4 * target.sd / std::sqrt(ess));
  CHECK(std::abs(s.sd - target.sd) <= 4 * target.sd / std::sqrt(2 * ess));
}

}  // namespace

TEST_CASE("the quadrature reference gives the analytic posteriors at tolerance 0") {
  // Beta(2 + 27, 3 + 53) and Gamma(3 + 12, 0.5 + 10): the reference the ABC tests rely on.
  const Moments b = betabin_target(27, 80, 0);
  const double a = 29, c = 56;
  CHECK(b.mean == Approx(a / (a + c)).epsilon(1e-6));
  CHECK(b.sd == Approx(std::sqrt(a * c / ((a + c) * (a + c) * (a + c + 1)))).epsilon(1e-5));
  const Moments g = poisgam_target(12, 10, 0);
  CHECK(g.mean == Approx(15 / 10.5).epsilon(1e-6));
  CHECK(g.sd == Approx(std::sqrt(15) / 10.5).epsilon(1e-5));
}

TEST_CASE("beta-binomial: the ABC posterior matches prior x P(|y - k| <= eps)") {
  const Spec spec = betabin_spec(27, 80);
  const AbcOptions opt = options_for(1000, 6);
  const AbcResult r = run_abc(spec, opt);
  REQUIRE(r.generations.size() == 7);
  const double eps = r.generations.back().stats.tolerance;
  CHECK(eps <= 3);  // the tolerance did shrink from +inf to a few counts
  for (std::size_t t = 2; t < r.generations.size(); ++t)
    CHECK(r.generations[t].stats.tolerance <= r.generations[t - 1].stats.tolerance);
  double sum = 0;
  for (const double w : r.generations.back().population.weight) sum += w;
  CHECK(sum == Approx(1).epsilon(1e-12));
  check_against(r, betabin_target(27, 80, eps));
  // The prior generation: the prior's moments (beta(2, 3): mean 0.4, sd 0.2).
  check_against(AbcResult{{r.generations.front()}, StopReason::none}, {0.4, 0.2});
}

TEST_CASE("beta-binomial with a small tolerance quantile reaches tolerance 0: the exact posterior") {
  // n = 12, k = 4: P(y = k) is large enough that the 10 % quantile of distances becomes 0.
  const Spec spec = betabin_spec(4, 12);
  AbcOptions opt = options_for(1000, 10);
  opt.settings.quantile = 0.1;
  opt.replications = choose_replications(opt.settings);
  const AbcResult r = run_abc(spec, opt);
  REQUIRE(r.generations.back().stats.tolerance == 0);
  CHECK(r.stop == StopReason::zero_tolerance);
  const double a = 2 + 4, c = 3 + 8;
  check_against(r, {a / (a + c), std::sqrt(a * c / ((a + c) * (a + c) * (a + c + 1)))});
}

TEST_CASE("beta-binomial through the `count` sampling model of the KPI p") {
  // The model's KPI `p` is the probability; the observation draws y ~ Binomial(n, p) from its own
  // stream and standardises |y - k| by sqrt(n p^ (1 - p^)), p^ = k / n.
  Spec spec =
      toy_spec("betabin", "model: betabin\nname: toy\np: 0.5\nn: 1\n", "p", Prior{Prior::Kind::beta, 2, 3});
  Observation o = exact_observation(spec, "p", 27);
  o.sampling = Observation::Sampling::count;
  o.scale = 0;
  o.n = 80;
  spec.observations.push_back(o);
  const AbcResult r = run_abc(spec, options_for(1000, 6));
  const double scale = std::sqrt(80 * (27.0 / 80) * (53.0 / 80));
  check_against(r, betabin_target(27, 80, r.generations.back().stats.tolerance * scale));
}

TEST_CASE("Poisson-gamma: the ABC posterior matches prior x P(|y - k| <= eps)") {
  const Spec spec = poisgam_spec(12, 10);
  // The gamma(3, 0.5) prior puts the first tolerance at ~40 counts; it shrinks by ~0.6 per
  // generation (particles move in log(rate), parameter_transform.hpp), so 7 generations.
  const AbcResult r = run_abc(spec, options_for(1000, 7));
  const double eps = r.generations.back().stats.tolerance;
  CHECK(eps <= 3);
  check_against(r, poisgam_target(12, 10, eps));
}

TEST_CASE("ABC-SMC gives identical populations on 1 and 2 threads") {
  const Spec spec = poisgam_spec(12, 10);
  const AbcOptions opt = options_for(200, 3);
  AbcResult one, two;
  {
    const tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = run_abc(spec, opt);
  }
  {
    const tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
    two = run_abc(spec, opt);
  }
  REQUIRE(one.generations.size() == two.generations.size());
  for (std::size_t t = 0; t < one.generations.size(); ++t) {
    CHECK(one.generations[t].population.theta == two.generations[t].population.theta);
    CHECK(one.generations[t].population.weight == two.generations[t].population.weight);
    CHECK(one.generations[t].replication_distances == two.generations[t].replication_distances);
    CHECK(one.generations[t].stats.proposals == two.generations[t].stats.proposals);
  }
}

TEST_CASE("a check figure does not change the posterior") {
  const Spec fit_only = betabin_spec(27, 80);
  Spec with_check = fit_only;
  Observation check = exact_observation(with_check, "p", 0.9);
  check.name = "p_check";
  check.role = Observation::Role::check;
  with_check.observations.push_back(check);
  const AbcOptions opt = options_for(200, 3);
  const AbcResult a = run_abc(fit_only, opt);
  const AbcResult b = run_abc(with_check, opt);
  REQUIRE(a.generations.size() == b.generations.size());
  CHECK(a.generations.back().population.theta == b.generations.back().population.theta);
  CHECK(a.generations.back().population.weight == b.generations.back().population.weight);
  // ... but it is predicted: p near 0.34, far from the held-out 0.9.
  const std::vector<Predictive> pred =
      posterior_predictive(with_check, b.generations.back().population, 7, 50, 2);
  REQUIRE(pred.size() == 2);
  CHECK(pred[0].inside_90);
  CHECK_FALSE(pred[1].inside_90);
  CHECK(pred[1].q95 < 0.6);
}

TEST_CASE("resuming after a generation gives the uninterrupted result") {
  const Spec spec = poisgam_spec(12, 10);
  const AbcOptions opt = options_for(200, 3);
  const AbcResult full = run_abc(spec, opt);
  const AbcResult resumed = run_abc(spec, opt, {full.generations[0], full.generations[1]});
  REQUIRE(resumed.generations.size() == full.generations.size());
  CHECK(resumed.generations.back().population.theta == full.generations.back().population.theta);
  CHECK(resumed.generations.back().population.weight == full.generations.back().population.weight);
}

TEST_CASE("stop rules") {
  Settings s;
  s.max_generations = 5;
  s.min_acceptance = 0.1;
  s.min_tolerance_drop = 0.05;
  std::vector<Generation> g(1);
  g[0].stats.tolerance = std::numeric_limits<double>::infinity();
  g[0].stats.acceptance = 1;
  CHECK(stop_rule(g, s) == StopReason::none);
  g.emplace_back();
  g[1].stats = {1, 10.0, 100, 400, 0.5, 90, 0};
  CHECK(stop_rule(g, s) == StopReason::none);
  g.emplace_back();
  g[2].stats = {2, 9.6, 100, 400, 0.5, 90, 0};  // fell by 4 % < 5 %
  CHECK(stop_rule(g, s) == StopReason::small_tolerance_drop);
  g[2].stats.tolerance = 9;  // 10 %: continue
  CHECK(stop_rule(g, s) == StopReason::none);
  g[2].stats.acceptance = 0.05;
  CHECK(stop_rule(g, s) == StopReason::low_acceptance);
  g[2].stats.tolerance = 0;
  CHECK(stop_rule(g, s) == StopReason::zero_tolerance);
  g[2].stats.generation = 5;
  CHECK(stop_rule(g, s) == StopReason::max_generations);
  // max_generations 0: only the prior generation.
  const Spec spec = poisgam_spec(12, 10);
  const AbcResult r = run_abc(spec, options_for(100, 0));
  REQUIRE(r.generations.size() == 1);
  CHECK(r.stop == StopReason::max_generations);
  CHECK(r.generations[0].stats.proposals == 100);
  CHECK(r.generations[0].population.ess() == Approx(100));
}

TEST_CASE("automatic replications per particle and the weighted quantile") {
  Settings s;
  s.quantile = 0.5;
  CHECK(choose_replications(s) == 4);
  s.quantile = 0.1;
  CHECK(choose_replications(s) == 36);
  s.quantile = 0.9;
  CHECK(choose_replications(s) == 1);
  const std::vector<double> v{3, 1, 2, 4};
  const std::vector<double> w{1, 1, 1, 1};
  CHECK(weighted_quantile(v, w, 0.5) == 2);
  CHECK(weighted_quantile(v, w, 0.51) == 3);
  CHECK(weighted_quantile(v, w, 1) == 4);
  const std::vector<double> w2{0, 0, 0, 1};
  CHECK(weighted_quantile(v, w2, 0.1) == 4);
}

TEST_CASE("the perturbation coordinates: round trip, support, and the prior's density in z integrates to 1") {
  // ABC-SMC weights use prior(theta(z)) |dtheta/dz|; if the Jacobian were wrong this would not be
  // a density and the posterior would be tilted.
  const Prior priors[] = {Prior{Prior::Kind::uniform, 0.3, 0.98},
                          Prior{Prior::Kind::log_uniform, 3e-4, 3e-2},
                          Prior{Prior::Kind::beta, 2, 5},
                          Prior{Prior::Kind::gamma, 3, 0.5},
                          Prior{Prior::Kind::normal, 1, 2},
                          Prior{Prior::Kind::normal, 1, 2, 0.5, std::numeric_limits<double>::infinity()},
                          Prior{Prior::Kind::uniform, 0, 30, 5, 10}};
  for (const Prior& prior : priors) {
    INFO(prior.describe());
    const ParameterTransform t(prior);
    for (const double z : {-20.0, -3.0, -0.5, 0.0, 0.7, 4.0, 20.0}) {
      const double theta = t.from_z(z);
      CHECK(std::isfinite(prior.log_density(theta)));  // strictly inside the support
      CHECK(t.to_z(theta) == Approx(z).margin(1e-6));
    }
    double integral = 0;  // midpoint rule over z in [-40, 40]
    const int steps = 400000;
    const double h = 80.0 / steps;
    for (int i = 0; i < steps; ++i) {
      const double z = -40 + (i + 0.5) * h;
      const double lp = prior.log_density(t.from_z(z));
      if (std::isfinite(lp)) integral += std::exp(lp + t.log_jacobian(z)) * h;
    }
    CHECK(integral == Approx(1).margin(1e-4));
  }
}
