// `sibsim feasibility SCENARIO --param P --from A --to B --step S --kpi K --target T
// --probability p`: the smallest (or, with --largest, the largest) value of P for which
// P(K >= T) >= p, found by a bisection whose every probe is sampled until its Wilson interval
// clears p (engine/threshold_search.hpp). Probes share random numbers (replication i is the same
// at every value), and the answer is reported with the bracket Monte Carlo error leaves open.

#include <fmt/core.h>
#include <oneapi/tbb/global_control.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>

#include <unistd.h>

#include "feasibility_candidates.hpp"
#include "kpi_summary_table.hpp"
#include "named_tables.hpp"
#include "output_guard.hpp"
#include "posterior_draws.hpp"
#include "replication_rows.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/statistics.hpp"
#include "sibsim/engine/threshold_search.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/study/commands.hpp"
#include "study_files.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

using output::Table;
using output::TableColumn;

std::string answer_text(const FeasibilityArgs& a, const engine::ThresholdSearchResult& r,
                        const std::vector<std::string>& values) {
  const std::string question = fmt::format("P({} >= {:g}) >= {:g} %", a.kpi, a.target, 100 * a.probability);
  const std::string which = a.largest ? "largest" : "smallest";
  switch (r.status) {
    case engine::SearchStatus::always:
      return fmt::format("{} already holds at {} = {}, the {} value tried.", question, a.param,
                         values[*r.answer], a.largest ? "largest" : "smallest");
    case engine::SearchStatus::never:
      return fmt::format("{} does not hold for any {} from {} to {}.", question, a.param, a.from, a.to);
    case engine::SearchStatus::undecided:
      return fmt::format("No value of {} was shown to give {}; values from {} on are too close to call.",
                         a.param, question, values[r.bracket_low]);
    case engine::SearchStatus::found:
      break;
  }
  if (r.bracket_low == r.bracket_high)
    return fmt::format("The {} {} with {} is {}.", which, a.param, question, values[*r.answer]);
  // For --largest the candidates run downwards: show the bracket in increasing order.
  const std::string& lo = values[a.largest ? r.bracket_high : r.bracket_low];
  const std::string& hi = values[a.largest ? r.bracket_low : r.bracket_high];
  return fmt::format("The {} {} with {} is {} (Monte Carlo error leaves {} .. {} open).", which, a.param,
                     question, values[*r.answer], lo, hi);
}

/// One value simulated: its scenario, the model indices of the searched KPI (first) and of the
/// implication KPIs, and a running summary of each implication KPI over every replication run at
/// this value, in replication order (so the summary is the one `sibsim run` gives with the same
/// seed and replications: each replication is a pure function of (seed, replication)).
struct ProbedValue {
  std::unique_ptr<models::Scenario> scenario;
  std::vector<std::size_t> kpis;
  std::vector<engine::KpiAccumulator> implications;
};

}  // namespace

int feasibility_command(const PluginRegistry& models, const FeasibilityArgs& a) {
  const CommonArgs& common = a.common;
  const std::uint64_t seed = common.seed_or(1);
  Candidates c = make_candidates(a.from, a.to, a.step);
  // The search wants P non-decreasing along the candidates: for "largest", walk them downwards.
  if (a.largest) {
    std::reverse(c.values.begin(), c.values.end());
    std::reverse(c.numeric.begin(), c.numeric.end());
  }
  const scenarios::Document doc = scenarios::Document::from_file(a.scenario);
  const models::ModelPlugin& plugin = models.for_document(doc);
  // --posterior: every probe's replication r draws the same particle (common random numbers).
  const std::shared_ptr<const Posterior> posterior = posterior_of(common);
  if (posterior) refuse_calibrated(*posterior, a.param, "--param");
  const auto scenario_at = [&](std::size_t i) {
    const scenarios::Override o{a.param, c.values[i], scenarios::Location{"--param " + a.param, 0, 0}};
    return load_scenario(plugin, doc.with_overrides(std::span(&o, 1)), posterior);
  };
  // Both ends load, so a bad path or value is reported before anything runs.
  const std::unique_ptr<models::Scenario> first = scenario_at(0);
  (void)scenario_at(c.values.size() - 1);
  check_work_limit(c.values.size(), a.max_replications, scenario_at, common.max_person_replications, false,
                   "candidate");
  const std::vector<std::string> kpi_name{a.kpi};
  const std::vector<std::size_t> kpi_idx = kpi_indices(first->model(), kpi_name);
  if (!std::isfinite(a.target)) throw std::invalid_argument("--target must be a finite number");
  const std::filesystem::path out = results_path(common, "feasibility-" + first->name());
  std::vector<std::string> inputs = doc.files();
  if (posterior) inputs.push_back(posterior->file);
  const OutputGuard guard(common, out, inputs, {"feasibility_question.csv", "feasibility_probes.csv"});

  std::optional<tbb::global_control> threads;
  if (common.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, common.threads);

  engine::ThresholdSearchOptions opt;
  opt.probability = a.probability;
  opt.confidence = a.confidence;
  opt.block = a.block;
  opt.max_trials = a.max_replications;
  // The searched KPI, then the implication KPIs, by name: looked up in each value's own model.
  std::vector<std::string> recorded{a.kpi};
  const std::vector<std::string> implied = headline_and_steering(first->model().kpis());
  recorded.insert(recorded.end(), implied.begin(), implied.end());
  std::map<std::size_t, ProbedValue> probed;
  const bool show_progress = !common.quiet && ::isatty(2) != 0;
  const engine::SuccessCounter count = [&](std::size_t i, std::uint64_t first_rep, std::uint64_t n) {
    ProbedValue& m = probed[i];
    if (!m.scenario) {
      m.scenario = scenario_at(i);
      m.kpis = kpi_indices(m.scenario->model(), recorded);
      m.implications.resize(implied.size());
    }
    const std::size_t width = m.kpis.size();
    const std::vector<double> v = replication_rows(m.scenario->model(), seed, first_rep, n, m.kpis);
    std::uint64_t k = 0;
    for (std::size_t row = 0; row < n; ++row) {
      const double x = v[row * width];
      k += x >= a.target ? 1U : 0U;  // NaN (undefined) counts as not reached
      for (std::size_t j = 1; j < width; ++j) m.implications[j - 1].add(v[row * width + j]);
    }
    if (show_progress)
      fmt::print(stderr, "  {} = {}: {} replications so far\r", a.param, c.values[i], first_rep + n);
    return k;
  };
  const engine::ThresholdSearchResult r = engine::threshold_search(c.values.size(), opt, count);
  if (show_progress) fmt::print(stderr, "\33[2K");
  std::string text = answer_text(a, r, c.values);
  // An end date read as a duration too (months of recruitment), when the model names its origin.
  const models::ModelPlugin::DurationOrigin origin = plugin.duration_origin(a.param);
  double answer_months = NAN;
  std::string origin_date;
  if (!origin.path.empty() && r.answer) {
    const auto from = doc.scalar(origin.path);
    const auto o = from ? engine::parse_date(*from) : std::nullopt;
    const auto x = engine::parse_date(c.values[*r.answer]);
    if (o && x) {
      answer_months = static_cast<double>(engine::to_days(*x) - engine::to_days(*o)) / engine::kDaysPerMonth;
      origin_date = engine::to_string(*o);
      text += fmt::format(" That is {:.1f} months after {} ({} = {}).", answer_months, origin.label,
                          origin.path, origin_date);
    }
  }

  // Results file: the question and answer (one row) and every probe.
  output::RunMeta meta =
      make_meta(output::kKindFeasibility, common, seed, a.max_replications, plugin.name(), *first, "");
  record_posterior(meta, posterior.get());
  meta.input_yaml = fmt::format(
      "scenario: {}\nparam: {}\nfrom: {}\nto: {}\nstep: {}\nkpi: {}\ntarget: {}\nprobability: "
      "{}\nconfidence: {}\n"
      "direction: {}\nblock: {}\nmax_replications: {}\n",
      a.scenario, a.param, a.from, a.to, a.step, a.kpi, a.target, a.probability, a.confidence,
      a.largest ? "largest" : "smallest", a.block, a.max_replications);
  output::ResultsWriter writer(out, meta);
  const std::vector<engine::KpiInfo> searched{first->model().kpis()[kpi_idx.front()]};
  writer.write_kpis(searched);

  const auto text_col = [](std::string name, std::string d, std::vector<std::string> v) {
    return TableColumn{std::move(name), "", std::move(d), std::move(v)};
  };
  const auto real_col = [](std::string name, std::string d, std::vector<double> v) {
    return TableColumn{std::move(name), "", std::move(d), std::move(v)};
  };
  const auto bracket_value = [&](std::size_t i) { return i < c.values.size() ? c.values[i] : std::string(); };
  Table question;
  question.description = "The feasibility question and its answer";
  question.columns = {
      text_col("parameter", "key path searched", {a.param}),
      text_col("kpi", "KPI", {a.kpi}),
      real_col("target", "the KPI must reach at least this value", {a.target}),
      real_col("probability", "required probability of reaching the target", {a.probability}),
      text_col("direction", "smallest or largest value sought", {a.largest ? "largest" : "smallest"}),
      text_col("status", "found, always, never or undecided", {std::string(engine::to_string(r.status))}),
      text_col("answer", "the value found (empty if none)", {r.answer ? c.values[*r.answer] : ""}),
      text_col("answer_low", "the answer lies between answer_low and answer_high given Monte Carlo error",
               {bracket_value(a.largest ? r.bracket_high : r.bracket_low)}),
      text_col("answer_high", "see answer_low", {bracket_value(a.largest ? r.bracket_low : r.bracket_high)}),
      text_col("text", "the answer in one sentence", {text}),
      real_col("answer_months", "a date answer in months after duration_from (NaN: not read as a duration)",
               {answer_months}),
      text_col("duration_from", "the key path of the date the months count from (empty: none)",
               {std::isnan(answer_months) ? std::string() : origin.path}),
      text_col("duration_from_label", "how people call that date",
               {std::isnan(answer_months) ? "" : origin.label}),
      text_col("duration_from_date", "that date in the scenario", {origin_date})};
  std::vector<NamedTable> tables;
  tables.push_back({"/feasibility/question", std::move(question)});

  std::vector<std::uint64_t> order, reps, successes;
  std::vector<std::string> value, verdict;
  std::vector<double> x, prob, lo, hi;
  for (std::size_t i = 0; i < r.probes.size(); ++i) {
    const engine::Probe& p = r.probes[i];
    order.push_back(i);
    value.push_back(c.values[p.candidate]);
    x.push_back(c.numeric[p.candidate]);
    reps.push_back(p.trials);
    successes.push_back(p.successes);
    prob.push_back(p.estimate);
    lo.push_back(p.interval.low);
    hi.push_back(p.interval.high);
    verdict.push_back(std::string(engine::to_string(p.verdict)));
  }
  Table probes;
  probes.description = "Every value simulated, in the order the search tried them";
  probes.columns = {TableColumn{"order", "", "order of simulation", std::move(order)},
                    text_col("value", "parameter value", std::move(value)),
                    real_col("x", "numeric value (days since 1970-01-01 for dates)", std::move(x)),
                    TableColumn{"replications", "", "replications run", std::move(reps)},
                    TableColumn{"successes", "", "replications reaching the target", std::move(successes)},
                    real_col("probability", "estimated P(KPI >= target)", std::move(prob)),
                    real_col("ci_low", "Wilson interval at --confidence, lower", std::move(lo)),
                    real_col("ci_high", "Wilson interval, upper", std::move(hi)),
                    text_col("verdict", "meets, fails or undecided", std::move(verdict))};
  tables.push_back({"/feasibility/probes", std::move(probes)});

  // What the answer implies: the implication KPIs over every replication run at the answer.
  if (r.answer && !implied.empty()) {
    const auto at = probed.find(*r.answer);
    if (at != probed.end()) {
      const ProbedValue& m = at->second;
      const std::vector<engine::KpiInfo> all = m.scenario->model().kpis();
      std::vector<engine::KpiInfo> info;
      info.reserve(implied.size());
      for (std::size_t j = 0; j < implied.size(); ++j) info.push_back(all[m.kpis[j + 1]]);
      Table implications =
          kpi_summary_table(info, m.implications, "The headline and steering KPIs at the answer's value",
                            "at the answer's value");
      tables.push_back({"/feasibility/implications", std::move(implications)});
    }
  }
  write_tables(writer, tables);
  writer.commit();

  fmt::print("{}\n", text);
  if (!common.quiet) {
    fmt::print("\n{:>14}  {:>8}  {:>10}  {:>17}  {}\n", a.param.substr(a.param.rfind('.') + 1), "reps", "P",
               "95 % interval", "verdict");
    for (const engine::Probe& p : r.probes)
      fmt::print("{:>14}  {:>8}  {:>10.3f}  {:>8.3f}..{:<7.3f}  {}\n", c.values[p.candidate], p.trials,
                 p.estimate, p.interval.low, p.interval.high, engine::to_string(p.verdict));
    fmt::print("Assumes P rises with {} ({}); probes share random numbers (seed {}).\n", a.param,
               a.largest ? "towards smaller values: --largest" : "towards larger values", seed);
  }
  finish_outputs(common, out, tables, nullptr, report_options(common.lang, plugin, first.get(), &doc));
  return kExitOk;
}

}  // namespace sibsim::study
