// The tables of a calibration results file (calibration_tables.hpp).

#include "calibration_tables.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace sibsim::study::calibration {
namespace {

using output::Table;
using output::TableColumn;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TableColumn text_column(std::string name, std::string description, std::vector<std::string> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}
TableColumn real_column(std::string name, std::string description, std::vector<double> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}
TableColumn count_column(std::string name, std::string description, std::vector<std::uint64_t> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}
TableColumn flag_column(std::string name, std::string description, std::vector<std::uint8_t> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}

std::string_view role_name(Observation::Role r) { return r == Observation::Role::fit ? "fit" : "check"; }

}  // namespace

Table posterior_table(const Spec& spec, const Population& posterior) {
  Table t;
  t.description =
      "One row per particle of the final ABC-SMC generation: its parameter values (by scenario "
      "key path), importance weight (sums to 1) and median standardised distance";
  const std::size_t n = posterior.size();
  const std::size_t d = posterior.dimension;
  for (std::size_t i = 0; i < d; ++i) {
    std::vector<double> v(n);
    for (std::size_t k = 0; k < n; ++k) v[k] = posterior.theta[k * d + i];
    t.columns.push_back(real_column(spec.parameters[i].path, spec.parameters[i].label, std::move(v)));
  }
  t.columns.push_back(real_column("weight", "importance weight (the weights sum to 1)", posterior.weight));
  t.columns.push_back(real_column(
      "distance", "median over the particle's replications of the standardised distance to the observations",
      posterior.distance));
  return t;
}

Table parameters_table(const Spec& spec, const Population& posterior) {
  Table t;
  t.description = "One row per calibrated parameter: its prior and its weighted posterior summaries";
  std::vector<std::string> path, label, kind, prior, prior_kind, source;
  std::vector<double> a, b, lower, upper, pmean, psd, mean, sd, q05, q50, q95, ratio;
  std::vector<std::uint8_t> identified;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const Parameter& p = spec.parameters[i];
    const ParameterSummary s = summarise(posterior, i);
    path.push_back(p.path);
    label.push_back(p.label);
    kind.emplace_back(p.kind == scenarios::ScalarKind::integer ? "integer" : "number");
    prior.push_back(p.prior.describe());
    prior_kind.emplace_back(prior_kind_name(p.prior.kind));
    source.push_back(p.source);
    a.push_back(p.prior.a);
    b.push_back(p.prior.b);
    lower.push_back(p.prior.lower);
    upper.push_back(p.prior.upper);
    pmean.push_back(p.prior.mean());
    psd.push_back(p.prior.sd());
    mean.push_back(s.mean);
    sd.push_back(s.sd);
    q05.push_back(s.q05);
    q50.push_back(s.q50);
    q95.push_back(s.q95);
    const double r = psd.back() > 0 ? s.sd / psd.back() : kNaN;
    ratio.push_back(r);
    identified.push_back(r < kIdentifiedSdRatio ? 1 : 0);
  }
  t.columns.push_back(text_column("path", "scenario key path", std::move(path)));
  t.columns.push_back(text_column("label", "label", std::move(label)));
  t.columns.push_back(text_column("kind", "number or integer (rounded when applied)", std::move(kind)));
  t.columns.push_back(text_column("prior", "the prior distribution", std::move(prior)));
  t.columns.push_back(
      text_column("prior_kind", "uniform, log_uniform, beta, gamma or normal", std::move(prior_kind)));
  t.columns.push_back(text_column("source", "why this prior", std::move(source)));
  t.columns.push_back(real_column("prior_a", "first prior parameter", std::move(a)));
  t.columns.push_back(real_column("prior_b", "second prior parameter", std::move(b)));
  t.columns.push_back(real_column("lower", "lower truncation bound (-inf: none)", std::move(lower)));
  t.columns.push_back(real_column("upper", "upper truncation bound (+inf: none)", std::move(upper)));
  t.columns.push_back(real_column("prior_mean", "mean of the prior", std::move(pmean)));
  t.columns.push_back(real_column("prior_sd", "standard deviation of the prior", std::move(psd)));
  t.columns.push_back(real_column("posterior_mean", "weighted posterior mean", std::move(mean)));
  t.columns.push_back(real_column("posterior_sd", "weighted posterior standard deviation", std::move(sd)));
  t.columns.push_back(real_column("q05", "weighted posterior 5 % quantile", std::move(q05)));
  t.columns.push_back(real_column("q50", "weighted posterior median", std::move(q50)));
  t.columns.push_back(real_column("q95", "weighted posterior 95 % quantile", std::move(q95)));
  t.columns.push_back(real_column("sd_ratio", "posterior_sd / prior_sd", std::move(ratio)));
  t.columns.push_back(flag_column(
      "identified", "1 if sd_ratio < 0.8 (the data narrowed the prior); 0: not identified by the data",
      std::move(identified)));
  return t;
}

Table generations_table(std::span<const Generation> generations) {
  Table t;
  t.description = "One row per ABC-SMC generation (0 = samples of the prior)";
  std::vector<std::uint64_t> gen, proposals, sims;
  std::vector<double> tol, acc, ess, secs;
  for (const Generation& g : generations) {
    gen.push_back(g.stats.generation);
    proposals.push_back(g.stats.proposals);
    sims.push_back(g.stats.simulations);
    tol.push_back(g.stats.tolerance);
    acc.push_back(g.stats.acceptance);
    ess.push_back(g.stats.ess);
    secs.push_back(g.stats.seconds);
  }
  t.columns.push_back(count_column("generation", "generation (0 = the prior)", std::move(gen)));
  t.columns.push_back(count_column("proposals", "parameter vectors proposed", std::move(proposals)));
  t.columns.push_back(count_column("simulations", "replications simulated", std::move(sims)));
  t.columns.push_back(real_column("tolerance", "distance tolerance (+inf for the prior)", std::move(tol)));
  t.columns.push_back(real_column("acceptance", "accepted / proposals", std::move(acc)));
  t.columns.push_back(real_column("ess", "effective sample size 1 / sum w^2", std::move(ess)));
  t.columns.push_back(real_column("seconds", "wall-clock seconds of the generation", std::move(secs)));
  return t;
}

Table predictive_table(const Spec& spec, std::span<const Predictive> predictive) {
  Table t;
  t.description =
      "One row per observation: the observed figure and the posterior-predictive distribution "
      "of its simulated value";
  std::vector<std::string> name, label, kpi, sampling, role, source;
  std::vector<double> observed, low, high, n, median, q05, q95;
  std::vector<std::uint8_t> inside;
  for (std::size_t i = 0; i < spec.observations.size(); ++i) {
    const Observation& o = spec.observations[i];
    name.push_back(o.name);
    label.push_back(o.label);
    kpi.push_back(o.expression.text());
    sampling.emplace_back(sampling_name(o.sampling));
    role.emplace_back(role_name(o.role));
    source.push_back(o.source);
    observed.push_back(o.observed());
    const bool range = o.sampling == Observation::Sampling::range;
    const bool counted =
        o.sampling == Observation::Sampling::count || o.sampling == Observation::Sampling::share;
    low.push_back(range ? o.low : kNaN);
    high.push_back(range ? o.high : kNaN);
    n.push_back(counted ? o.n : kNaN);
    median.push_back(predictive[i].median);
    q05.push_back(predictive[i].q05);
    q95.push_back(predictive[i].q95);
    inside.push_back(predictive[i].inside_90 ? 1 : 0);
  }
  t.columns.push_back(text_column("name", "observation name", std::move(name)));
  t.columns.push_back(text_column("label", "label", std::move(label)));
  t.columns.push_back(text_column("kpi", "the KPI expression", std::move(kpi)));
  t.columns.push_back(text_column("sampling", "exact, count, share, mean or range", std::move(sampling)));
  t.columns.push_back(text_column("role", "fit (in the distance) or check (held out)", std::move(role)));
  t.columns.push_back(text_column("source", "where the figure comes from", std::move(source)));
  t.columns.push_back(
      real_column("observed", "the observed figure (a range: its midpoint)", std::move(observed)));
  t.columns.push_back(real_column("low", "range: lower end (NaN otherwise)", std::move(low)));
  t.columns.push_back(real_column("high", "range: upper end (NaN otherwise)", std::move(high)));
  t.columns.push_back(
      real_column("n", "count and share: the number of trials (NaN otherwise)", std::move(n)));
  t.columns.push_back(
      real_column("median", "posterior-predictive median of the simulated observation", std::move(median)));
  t.columns.push_back(real_column("q05", "posterior-predictive 5 % quantile", std::move(q05)));
  t.columns.push_back(real_column("q95", "posterior-predictive 95 % quantile", std::move(q95)));
  t.columns.push_back(flag_column(
      "inside_90", "1 if the observed figure (a range: its interval) meets the 90 % predictive interval",
      std::move(inside)));
  return t;
}

std::vector<NamedTable> calibration_tables(const Spec& spec, std::span<const Generation> generations,
                                           std::span<const Predictive> predictive) {
  const Population& posterior = generations.back().population;
  return {{"/posterior", posterior_table(spec, posterior)},
          {"/parameters", parameters_table(spec, posterior)},
          {"/generations", generations_table(generations)},
          {"/predictive", predictive_table(spec, predictive)}};
}

}  // namespace sibsim::study::calibration
