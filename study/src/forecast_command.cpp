// `sibsim forecast SCENARIO --observed DATA.csv --as-of DATE`: a running SIB re-forecast from what
// it has recorded (study/README.md "Forecast"). Each site's rate multiplier is updated with its
// Gamma-Poisson conjugate posterior (site_posterior.hpp) from the first count it recorded (the
// SIB: eligible persons listed) over the expected count at its mean rate (the model's exposure);
// the scenario is run with those posteriors; and the count the target is about (starters) is the
// observed count up to the as-of date plus the simulated count after it.

#include <fmt/core.h>
#include <fmt/format.h>
#include <oneapi/tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

#include <unistd.h>

#include "forecast_remedies.hpp"
#include "forecast_series.hpp"
#include "kpi_summary_table.hpp"
#include "named_tables.hpp"
#include "observed_recruitment.hpp"
#include "output_guard.hpp"
#include "posterior_draws.hpp"
#include "replication_rows.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/statistics.hpp"
#include "sibsim/engine/threshold_search.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/study/commands.hpp"
#include "site_posterior.hpp"
#include "study_files.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

using output::Table;
using output::TableColumn;

/// The value of the model's lever with this mark ("target", "deadline"), "" if none.
std::string lever_value(const std::vector<models::Lever>& levers, std::string_view mark) {
  for (const models::Lever& l : levers)
    if (l.mark == mark) return l.value;
  return {};
}

std::string month_label(std::int64_t m) {
  const engine::Date d = engine::from_clock(engine::month_start(m));
  return fmt::format("{:04}-{:02}", d.year, d.month);
}

/// Every site-month the scenario recruits in (exposure above zero) before the as-of date must
/// have a row, and a row must not count persons where the scenario recruits nobody: a missing row
/// is not a zero (write 0 for a month without anyone).
void check_coverage(const ObservedRecruitment& obs, const models::RecruitmentSites& sites,
                    const std::vector<std::vector<double>>& exposure, std::int64_t first_month) {
  std::vector<scenarios::Error> errors;
  std::vector<std::vector<const ObservedRow*>> at(sites.sites.size());
  const std::size_t months = exposure.empty() ? 0 : exposure.front().size();
  for (auto& a : at) a.assign(months, nullptr);
  for (const ObservedRow& r : obs.rows) {
    const std::int64_t k = r.month - first_month;
    if (k < 0) {
      errors.push_back({obs.file, r.line, 1, "month",
                        fmt::format("{} is before the first month the scenario counts ({})",
                                    month_label(r.month), month_label(first_month))});
      continue;
    }
    at[r.site][static_cast<std::size_t>(k)] = &r;
  }
  constexpr double kRecruits = 1e-9;  // an expected count above this: the site recruits that month
  for (std::size_t s = 0; s < sites.sites.size(); ++s) {
    std::vector<std::string> missing;
    for (std::size_t k = 0; k < months; ++k) {
      const ObservedRow* r = at[s][k];
      const bool recruits = exposure[s][k] > kRecruits;
      if (recruits && r == nullptr)
        missing.push_back(month_label(first_month + static_cast<std::int64_t>(k)));
      if (!recruits && r != nullptr && r->counts.front() > 0)
        errors.push_back({obs.file, r->line, 1, sites.counts.front(),
                          fmt::format("{} {} at {} in {}, but the scenario has {} not recruiting then",
                                      r->counts.front(), sites.counts.front(), sites.sites[s].name,
                                      month_label(r->month), sites.sites[s].name)});
    }
    if (!missing.empty())
      errors.push_back(
          {obs.file, 0, 0, "",
           fmt::format("no row for site {} in {} month{} the scenario has it recruiting: {} (write a row of "
                       "zeros for a month in which nobody was recorded)",
                       sites.sites[s].name, missing.size(), missing.size() == 1 ? "" : "s",
                       missing.size() <= 6 ? fmt::format("{}", fmt::join(missing, ", "))
                                           : fmt::format("{} .. {}", missing.front(), missing.back()))});
  }
  if (!errors.empty()) throw scenarios::ValidationErrors(std::move(errors));
}

std::vector<double> quantiles_of(const engine::KpiAccumulator& a, std::span<const double> ps) {
  std::vector<double> out(ps.size(), NAN);
  a.quantiles().quantiles(ps, out);
  return out;
}

}  // namespace

int forecast_command(const PluginRegistry& models, const ForecastArgs& a) {
  const CommonArgs& common = a.common;
  const std::uint64_t seed = common.seed_or(1);
  const auto as_of = engine::parse_date(a.as_of);
  if (!as_of || as_of->day != 1)
    throw std::invalid_argument(fmt::format(
        "--as-of '{}' must be the first day of a month (YYYY-MM-01): the observed data are monthly",
        a.as_of));
  const std::int64_t as_of_month = engine::month_number(as_of->year, as_of->month);
  const std::int64_t as_of_day = engine::to_days(*as_of);
  if (a.replications == 0) throw std::invalid_argument("--reps must be at least 1");

  const scenarios::Document doc = scenarios::Document::from_file(a.scenario);
  const models::ModelPlugin& plugin = models.for_document(doc);
  const std::shared_ptr<const Posterior> posterior = posterior_of(common);
  const std::unique_ptr<models::Scenario> plan = plugin.load(doc);
  const std::optional<models::RecruitmentSites> sites = plan->recruitment_sites();
  if (!sites)
    throw std::invalid_argument(fmt::format(
        "model '{}' has no recruitment sites: sibsim forecast needs a model that recruits at sites",
        plugin.name()));
  const TargetSeries series = target_series(plan->model(), sites->target_series_prefix);
  if (as_of_day <= series.days.front() || as_of_day > series.days.back())
    throw std::invalid_argument(
        fmt::format("--as-of {} must lie after {} and not after {} (the dates the scenario counts)", a.as_of,
                    series.dates.front(), series.dates.back()));

  // The target and its deadline: the model's, unless given.
  const std::vector<models::Lever> levers = plugin.levers(doc, "en");
  const std::string deadline_text = a.deadline.empty() ? lever_value(levers, "deadline") : a.deadline;
  const auto deadline_day = engine::parse_days(deadline_text);
  if (!deadline_day)
    throw std::invalid_argument(deadline_text.empty()
                                    ? "the scenario names no deadline: give --deadline YYYY-MM-DD"
                                    : fmt::format("--deadline '{}' is not a date YYYY-MM-DD", deadline_text));
  double target = NAN;
  if (a.target) {
    target = *a.target;
  } else if (const std::string t = lever_value(levers, "target"); !t.empty()) {
    target = std::strtod(t.c_str(), nullptr);
  }
  if (!std::isfinite(target)) throw std::invalid_argument("the scenario names no target: give --target N");

  // The observed data, checked against the months and sites the scenario recruits in.
  const ObservedRecruitment obs = read_observed_recruitment(a.observed, *sites, as_of_month);
  const std::int64_t first_month = engine::month_index(static_cast<double>(series.days.front()));
  std::vector<double> edges;
  for (std::int64_t m = first_month; m <= as_of_month; ++m) edges.push_back(engine::month_start(m));
  const std::vector<std::vector<double>> exposure = plan->site_exposure(edges);
  if (exposure.size() != sites->sites.size())
    throw std::logic_error("the model's exposure does not have one row per site");
  check_coverage(obs, *sites, exposure, first_month);

  // Each site's posterior from its first count.
  const std::size_t nsites = sites->sites.size();
  const auto target_col = static_cast<std::size_t>(
      std::find(sites->counts.begin(), sites->counts.end(), sites->target_count) - sites->counts.begin());
  std::vector<double> observed(nsites, 0.0), observed_target(nsites, 0.0), site_exposure(nsites, 0.0);
  std::vector<double> count_total(sites->counts.size(), 0.0);
  std::vector<double> target_by_month(static_cast<std::size_t>(as_of_month - first_month), 0.0);
  for (const ObservedRow& r : obs.rows) {
    observed[r.site] += r.counts.front();
    observed_target[r.site] += r.counts[target_col];
    target_by_month[static_cast<std::size_t>(r.month - first_month)] += r.counts[target_col];
    for (std::size_t c = 0; c < count_total.size(); ++c)
      if (obs.has_count[c]) count_total[c] += r.counts[c];
  }
  std::vector<GammaPosterior> post(nsites);
  std::vector<double> shapes(nsites), rates(nsites);
  bool updated = false;
  for (std::size_t s = 0; s < nsites; ++s) {
    for (double e : exposure[s]) site_exposure[s] += e;
    post[s] = gamma_poisson_update(sites->sites[s].gamma_shape, site_exposure[s], observed[s]);
    shapes[s] = post[s].shape;
    rates[s] = post[s].rate;
    updated = updated || !post[s].fixed();
  }
  const std::vector<scenarios::Override> overrides = plan->site_rate_overrides(shapes, rates);
  if (posterior)
    for (const scenarios::Override& o : overrides)
      refuse_calibrated(*posterior, o.key_path, "the forecast's update of the sites' rates");
  const scenarios::Document updated_doc = doc.with_overrides(overrides);
  const std::unique_ptr<models::Scenario> scenario = load_scenario(plugin, updated_doc, posterior);
  check_work_limit(*scenario, a.replications, common.max_person_replications);

  const std::filesystem::path out = results_path(common, "forecast-" + scenario->name());
  std::vector<std::string> inputs = doc.files();
  inputs.push_back(a.observed);
  if (posterior) inputs.push_back(posterior->file);
  const OutputGuard guard(common, out, inputs,
                          {"forecast_question.csv", "forecast_series.csv", "forecast_sites.csv",
                           "forecast_check.csv", "forecast_kpis.csv", "forecast_observed.csv"});
  std::optional<tbb::global_control> threads;
  if (common.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, common.threads);

  // The observed cumulative count on each series date (up to the as-of date).
  const std::size_t npoints = series.kpis.size();
  const std::size_t as_of_point = point_at(series, as_of_day);
  std::vector<double> observed_cum(npoints, NAN);
  for (std::size_t i = 0; i <= as_of_point; ++i) {
    double sum = 0;
    for (std::size_t k = 0; k < target_by_month.size(); ++k)
      if (engine::month_start(first_month + static_cast<std::int64_t>(k)) <
          static_cast<double>(series.days[i]))
        sum += target_by_month[k];
    observed_cum[i] = sum;
  }
  const double observed_total = observed_cum[as_of_point];

  // Simulate: the series, then the headline and steering KPIs.
  std::vector<std::size_t> kpis = series.kpis;
  const std::vector<std::string> implied = headline_and_steering(scenario->model().kpis());
  const std::vector<std::size_t> implied_idx = kpi_indices(scenario->model(), implied);
  kpis.insert(kpis.end(), implied_idx.begin(), implied_idx.end());
  const std::size_t deadline_point = point_at(series, *deadline_day);
  std::vector<engine::KpiAccumulator> forecast(npoints), implications(implied.size());
  engine::KpiAccumulator simulated_by_as_of;
  std::uint64_t reached = 0;
  const bool show_progress = !common.quiet && ::isatty(2) != 0;
  constexpr std::uint64_t kBlock = 256;
  for (std::uint64_t first = 0; first < a.replications; first += kBlock) {
    const std::uint64_t n = std::min(kBlock, a.replications - first);
    const std::vector<double> v = replication_rows(scenario->model(), seed, first, n, kpis);
    for (std::uint64_t r = 0; r < n; ++r) {
      const double* row = v.data() + r * kpis.size();
      simulated_by_as_of.add(row[as_of_point]);
      for (std::size_t i = 0; i < npoints; ++i)
        forecast[i].add(i <= as_of_point ? observed_cum[i] : observed_total + row[i] - row[as_of_point]);
      const double at_deadline = deadline_point <= as_of_point
                                     ? observed_cum[deadline_point]
                                     : observed_total + row[deadline_point] - row[as_of_point];
      reached += at_deadline >= target ? 1U : 0U;
      for (std::size_t j = 0; j < implied.size(); ++j) implications[j].add(row[npoints + j]);
    }
    if (show_progress) fmt::print(stderr, "  forecast: {} of {} futures\r", first + n, a.replications);
  }
  if (show_progress) fmt::print(stderr, "\33[2K");

  // The remedies: what reaches P(target) >= probability, on the same futures.
  std::vector<models::Remedy> remedies;
  std::vector<RemedyResult> remedy_results;
  if (a.remedies) {
    std::string lang = common.lang.empty() ? scenario->report_language() : common.lang;
    remedies = plugin.load(updated_doc)->remedies(static_cast<double>(as_of_day), lang.empty() ? "en" : lang);
    ForecastFrame frame;
    frame.series_prefix = sites->target_series_prefix;
    frame.as_of = as_of_day;
    frame.deadline = *deadline_day;
    frame.observed_total = observed_total;
    frame.observed_at_deadline = observed_cum[std::min(deadline_point, as_of_point)];
    frame.target = target;
    frame.probability = a.probability;
    frame.seed = seed;
    frame.replications = a.replications;
    frame.max_person_replications = common.max_person_replications;
    frame.progress = show_progress;
    remedy_results = search_remedies(plugin, updated_doc, posterior, remedies, frame);
  }

  // The answer.
  constexpr std::array<double, 5> kPs{0.05, 0.25, 0.5, 0.75, 0.95};
  const double p_target = static_cast<double>(reached) / static_cast<double>(a.replications);
  const engine::Interval p_ci = engine::wilson_interval(reached, a.replications);
  const engine::KpiSummary at_deadline = forecast[deadline_point].summary();
  const engine::KpiSummary eventually = forecast.back().summary();
  const std::string text = fmt::format(
      "As of {}, with {:g} {} observed, the forecast is {:g} by {} (90 % interval {:g} to {:g}); the chance "
      "of "
      "reaching {:g} by then is {:.0f} % (Monte Carlo 95 % interval {:.0f} to {:.0f} %).",
      a.as_of, observed_total, sites->target_count, at_deadline.p50, series.dates[deadline_point],
      at_deadline.p5, at_deadline.p95, target, 100 * p_target, 100 * p_ci.low, 100 * p_ci.high);

  // The results file.
  output::RunMeta meta =
      make_meta(output::kKindForecast, common, seed, a.replications, plugin.name(), *scenario, "");
  record_posterior(meta, posterior.get());
  meta.input_yaml =
      fmt::format("scenario: {}\nobserved: {}\nas_of: {}\ndeadline: {}\ntarget: {:g}\nreplications: {}\n",
                  a.scenario, a.observed, a.as_of, series.dates[deadline_point], target, a.replications);
  output::ResultsWriter writer(out, meta);
  std::vector<engine::KpiInfo> implied_info;
  implied_info.reserve(implied_idx.size());
  for (const std::size_t k : implied_idx) implied_info.push_back(scenario->model().kpis()[k]);
  writer.write_kpis(implied_info);

  const auto text_col = [](std::string name, std::string d, std::vector<std::string> v) {
    return TableColumn{std::move(name), "", std::move(d), std::move(v)};
  };
  const auto real_col = [](std::string name, std::string d, std::vector<double> v) {
    return TableColumn{std::move(name), "", std::move(d), std::move(v)};
  };
  std::vector<NamedTable> tables;
  {
    Table q;
    q.description = "The forecast's question and answer";
    q.columns = {
        text_col("as_of", "the first day not observed", {a.as_of}),
        text_col("deadline", "the date the target counts to", {deadline_text}),
        text_col("deadline_series_date", "the series date the answer is read at",
                 {series.dates[deadline_point]}),
        real_col("target", "the target number", {target}),
        text_col("target_count", "the observed column the target is about", {sites->target_count}),
        text_col("first_count", "the observed column that updates the sites' rates (/forecast/sites)",
                 {sites->counts.front()}),
        text_col("observed_file", "the observed-data file", {a.observed}),
        real_col("observed_total", "observed target count before as_of", {observed_total}),
        real_col("p_target", "share of futures reaching the target by the deadline", {p_target}),
        real_col("p_target_low", "Wilson 95 % interval of p_target, lower", {p_ci.low}),
        real_col("p_target_high", "Wilson 95 % interval of p_target, upper", {p_ci.high}),
        real_col("deadline_mean", "forecast count by the deadline, mean", {at_deadline.mean}),
        real_col("deadline_p5", "5th percentile", {at_deadline.p5}),
        real_col("deadline_p50", "median", {at_deadline.p50}),
        real_col("deadline_p95", "95th percentile", {at_deadline.p95}),
        text_col("eventually_date", "the last date of the series", {series.dates.back()}),
        real_col("eventually_mean", "forecast count on eventually_date, mean", {eventually.mean}),
        real_col("eventually_p5", "5th percentile", {eventually.p5}),
        real_col("eventually_p50", "median", {eventually.p50}),
        real_col("eventually_p95", "95th percentile", {eventually.p95}),
        TableColumn{"replications", "", "futures simulated", std::vector<std::uint64_t>{a.replications}},
        real_col("required_probability", "the P(target) a remedy must reach (NaN: no remedies)",
                 {a.remedies ? a.probability : NAN}),
        text_col("rates_updated", "yes: the sites' rates were updated; no: the scenario fixes them",
                 {updated ? "yes" : "no"}),
        text_col("text", "the answer in one sentence", {text})};
    tables.push_back({"/forecast/question", std::move(q)});
  }
  {
    std::vector<double> obs_col, mean, p[5];
    for (std::size_t i = 0; i < npoints; ++i) {
      obs_col.push_back(observed_cum[i]);
      mean.push_back(forecast[i].stats().mean());
      const std::vector<double> q = quantiles_of(forecast[i], kPs);
      for (std::size_t j = 0; j < kPs.size(); ++j) p[j].push_back(q[j]);
    }
    Table t;
    t.description = "The forecast cumulative count: observed up to as_of, then observed plus simulated";
    t.columns = {text_col("date", "ISO date", series.dates),
                 real_col("observed", "observed cumulative count (NaN after as_of)", std::move(obs_col)),
                 real_col("mean", "forecast mean", std::move(mean)),
                 real_col("p5", "5th percentile", std::move(p[0])),
                 real_col("p25", "25th percentile", std::move(p[1])),
                 real_col("p50", "median", std::move(p[2])),
                 real_col("p75", "75th percentile", std::move(p[3])),
                 real_col("p95", "95th percentile", std::move(p[4]))};
    tables.push_back({"/forecast/series", std::move(t)});
  }
  {
    std::vector<std::string> name;
    std::vector<double> prior, pshape, prate, pmean, p5, p95;
    for (std::size_t s = 0; s < nsites; ++s) {
      name.push_back(sites->sites[s].name);
      prior.push_back(sites->sites[s].gamma_shape);
      pshape.push_back(post[s].shape);
      prate.push_back(post[s].rate);
      pmean.push_back(post[s].mean());
      p5.push_back(post[s].quantile(0.05));
      p95.push_back(post[s].quantile(0.95));
    }
    Table t;
    t.description = "Each site's rate multiplier: prior, what it recorded, posterior";
    t.columns = {text_col("site", "site name", std::move(name)),
                 real_col("prior_shape", "prior Gamma shape (infinity: fixed rate)", std::move(prior)),
                 real_col("exposure", "expected first count before as_of at the mean rate", site_exposure),
                 real_col("observed", "observed first count before as_of", observed),
                 real_col("observed_target_count", "observed target count before as_of", observed_target),
                 real_col("posterior_shape", "posterior Gamma shape", std::move(pshape)),
                 real_col("posterior_rate", "posterior Gamma rate", std::move(prate)),
                 real_col("posterior_mean", "posterior mean multiplier", std::move(pmean)),
                 real_col("posterior_p5", "its 5th percentile", std::move(p5)),
                 real_col("posterior_p95", "its 95th percentile", std::move(p95))};
    tables.push_back({"/forecast/sites", std::move(t)});
  }
  std::string check_warning;
  {
    const engine::KpiSummary sim = simulated_by_as_of.summary();
    std::vector<std::string> count, verdict;
    std::vector<double> obs_total, p5, p50, p95;
    for (std::size_t c = 0; c < sites->counts.size(); ++c) {
      const bool simulated = c == target_col;
      const double o = obs.has_count[c] ? count_total[c] : NAN;
      count.push_back(sites->counts[c]);
      obs_total.push_back(o);
      p5.push_back(simulated ? sim.p5 : NAN);
      p50.push_back(simulated ? sim.p50 : NAN);
      p95.push_back(simulated ? sim.p95 : NAN);
      std::string v;
      if (simulated && std::isfinite(o)) v = o < sim.p5 ? "below" : o > sim.p95 ? "above" : "inside";
      if (v == "below" || v == "above")
        check_warning = fmt::format(
            "The scenario's funnel converts differently from what was observed: {:g} {} before {}, where the "
            "forecast's own simulation gives {:g} to {:g}. Calibrate the scenario first (sibsim calibrate), "
            "then forecast with --posterior.",
            o, sites->counts[c], a.as_of, sim.p5, sim.p95);
      verdict.push_back(std::move(v));
    }
    Table t;
    t.description = "Observed totals before as_of against the forecast's simulation of the same months";
    t.columns = {
        text_col("count", "the observed column", std::move(count)),
        real_col("observed", "observed total before as_of (NaN: not in the file)", std::move(obs_total)),
        real_col("simulated_p5", "simulated total before as_of, 5th percentile", std::move(p5)),
        real_col("simulated_p50", "median", std::move(p50)),
        real_col("simulated_p95", "95th percentile", std::move(p95)),
        text_col("verdict", "inside, below or above the 90 % interval; empty when not compared",
                 std::move(verdict))};
    tables.push_back({"/forecast/check", std::move(t)});
  }
  tables.push_back(
      {"/forecast/kpis",
       kpi_summary_table(implied_info, implications,
                         "The headline and steering KPIs over the forecast futures (the simulated cohort)",
                         "over the forecast futures")});
  {
    std::vector<std::string> month, site;
    std::vector<std::vector<double>> counts(sites->counts.size());
    for (const ObservedRow& r : obs.rows) {
      month.push_back(month_label(r.month));
      site.push_back(sites->sites[r.site].name);
      for (std::size_t c = 0; c < counts.size(); ++c) counts[c].push_back(r.counts[c]);
    }
    Table t;
    t.description = "The observed-data file as read";
    t.columns = {text_col("month", "YYYY-MM", std::move(month)),
                 text_col("site", "site name", std::move(site))};
    for (std::size_t c = 0; c < counts.size(); ++c)
      t.columns.push_back(
          real_col(sites->counts[c], "observed count (NaN: not in the file)", std::move(counts[c])));
    tables.push_back({"/forecast/observed", std::move(t)});
  }
  if (a.remedies) tables.push_back({"/forecast/remedies", remedies_table(remedies, remedy_results)});
  write_tables(writer, tables);
  writer.commit();

  fmt::print("{}\n", text);
  if (!check_warning.empty()) fmt::print("warning: {}\n", check_warning);
  if (!updated)
    fmt::print("note: the scenario fixes the sites' rates, so the observed counts did not update them\n");
  if (!common.quiet) {
    fmt::print("\n{:<24} {:>9} {:>9} {:>11}  {}\n", "site", "observed", "expected", "multiplier",
               "90 % interval");
    for (std::size_t s = 0; s < nsites; ++s)
      fmt::print("{:<24} {:>9g} {:>9.1f} {:>11.2f}  {:.2f} .. {:.2f}\n", sites->sites[s].name, observed[s],
                 site_exposure[s], post[s].mean(), post[s].quantile(0.05), post[s].quantile(0.95));
    fmt::print("Eventually ({}): median {:g} (90 % interval {:g} to {:g}); {} futures, seed {}.\n",
               series.dates.back(), eventually.p50, eventually.p5, eventually.p95, a.replications, seed);
  }
  if (a.remedies) {
    fmt::print("\nWhat reaches P(at least {:g} by the deadline) >= {:g} %:\n", target, 100 * a.probability);
    for (const RemedyResult& x : remedy_results) fmt::print("  {}\n", x.text);
  }
  finish_outputs(common, out, tables, nullptr, report_options(common.lang, plugin, scenario.get(), &doc));
  return kExitOk;
}

}  // namespace sibsim::study
