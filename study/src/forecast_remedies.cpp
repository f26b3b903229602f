#include "forecast_remedies.hpp"

#include <fmt/core.h>

#include <cmath>
#include <exception>
#include <map>
#include <span>

#include "forecast_series.hpp"
#include "replication_rows.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/threshold_search.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

/// One candidate value simulated: its scenario and the KPIs of its as-of and deadline points.
struct Candidate {
  std::unique_ptr<models::Scenario> scenario;
  std::array<std::size_t, 2> kpis{};
  bool deadline_observed = false;  ///< the deadline is not after as_of: the observed count decides
  std::string deadline;
};

std::string sentence(const models::Remedy& r, const RemedyResult& x, const ForecastFrame& f) {
  const std::string goal =
      fmt::format("P(at least {:g} by the deadline) >= {:g} %", f.target, 100 * f.probability);
  if (x.status == "error") return x.text;
  if (r.values.size() == 1)
    return fmt::format("{}: P = {:.0f} % ({} {}).", r.label, 100 * x.probability,
                       x.status == "always" ? "reaches" : "does not reach", goal);
  if (x.status == "always")
    return fmt::format("{}: already the least effort, {}, reaches {}.", r.label, x.answer, goal);
  if (x.status == "never") return fmt::format("{}: not even {} reaches {}.", r.label, r.values.back(), goal);
  if (x.status == "undecided")
    return fmt::format("{}: Monte Carlo could not decide {} within {} futures per value.", r.label, goal,
                       f.replications);
  return fmt::format("{}: {} reaches {}{}.", r.label, x.answer, goal,
                     x.answer_low == x.answer_high
                         ? ""
                         : fmt::format(" (Monte Carlo leaves {} .. {} open)", x.answer_low, x.answer_high));
}

RemedyResult search_one(const models::ModelPlugin& plugin, const scenarios::Document& doc,
                        const std::shared_ptr<const Posterior>& posterior, const models::Remedy& r,
                        const ForecastFrame& f) {
  const auto scenario_at = [&](std::uint64_t i) {
    return load_scenario(plugin, doc.with_overrides(r.overrides[i]), posterior);
  };
  std::map<std::size_t, Candidate> cache;
  const auto candidate = [&](std::size_t i) -> Candidate& {
    Candidate& c = cache[i];
    if (c.scenario) return c;
    c.scenario = scenario_at(i);
    const TargetSeries s = target_series(c.scenario->model(), f.series_prefix);
    std::int64_t deadline = f.deadline;
    if (r.moves_deadline) deadline = engine::parse_days(r.values[i]).value_or(f.deadline);
    c.kpis = {s.kpis[point_at(s, f.as_of)], s.kpis[point_at(s, deadline)]};
    c.deadline_observed = deadline <= f.as_of;
    c.deadline = s.dates[point_at(s, deadline)];
    return c;
  };
  const engine::SuccessCounter count = [&](std::size_t i, std::uint64_t first, std::uint64_t n) {
    Candidate& c = candidate(i);
    if (c.deadline_observed) return f.observed_at_deadline >= f.target ? n : std::uint64_t{0};
    const std::vector<double> v = replication_rows(c.scenario->model(), f.seed, first, n, c.kpis);
    std::uint64_t k = 0;
    for (std::uint64_t row = 0; row < n; ++row)
      k += f.observed_total + v[2 * row + 1] - v[2 * row] >= f.target ? 1U : 0U;
    if (f.progress) fmt::print(stderr, "  {} = {}: {} futures so far\r", r.name, r.values[i], first + n);
    return k;
  };
  RemedyResult x;
  try {
    (void)scenario_at(0);  // a refused change is reported before anything runs
    (void)scenario_at(r.values.size() - 1);
    check_work_limit(r.values.size(), f.replications, scenario_at, f.max_person_replications, false,
                     "remedy value");
    engine::ThresholdSearchOptions opt;
    opt.probability = f.probability;
    opt.block = 200;
    opt.max_trials = f.replications;
    const engine::ThresholdSearchResult s = engine::threshold_search(r.values.size(), opt, count);
    x.status = std::string(engine::to_string(s.status));
    // The estimate shown: at the answer, else at the most effort tried.
    const std::size_t shown = s.answer ? *s.answer : r.values.size() - 1;
    for (const engine::Probe& p : s.probes)
      if (p.candidate == shown) {
        x.probability = p.estimate;
        x.ci_low = p.interval.low;
        x.ci_high = p.interval.high;
        x.replications = p.trials;
      }
    if (std::isnan(x.probability)) {  // the search never simulated it: do so for the table
      const std::uint64_t k = count(shown, 0, f.replications);
      const engine::Interval ci = engine::wilson_interval(k, f.replications);
      x.probability = static_cast<double>(k) / static_cast<double>(f.replications);
      x.ci_low = ci.low;
      x.ci_high = ci.high;
      x.replications = f.replications;
    }
    if (s.answer) x.answer = r.values[*s.answer];
    if (s.bracket_low < r.values.size()) x.answer_low = r.values[s.bracket_low];
    if (s.bracket_high < r.values.size()) x.answer_high = r.values[s.bracket_high];
    x.deadline = candidate(shown).deadline;
  } catch (const std::exception& e) {
    x.status = "error";
    x.text = fmt::format("{}: the model refused the change: {}", r.label, e.what());
    return x;
  }
  x.text = sentence(r, x, f);
  return x;
}

}  // namespace

std::vector<RemedyResult> search_remedies(const models::ModelPlugin& plugin, const scenarios::Document& doc,
                                          const std::shared_ptr<const Posterior>& posterior,
                                          const std::vector<models::Remedy>& remedies,
                                          const ForecastFrame& frame) {
  std::vector<RemedyResult> out;
  for (const models::Remedy& r : remedies) {
    if (r.values.empty() || r.values.size() != r.overrides.size()) continue;
    out.push_back(search_one(plugin, doc, posterior, r, frame));
    if (frame.progress) fmt::print(stderr, "\33[2K");
  }
  return out;
}

output::Table remedies_table(const std::vector<models::Remedy>& remedies,
                             const std::vector<RemedyResult>& results) {
  using output::TableColumn;
  std::vector<std::string> name, label, key, first, last, status, answer, low, high, deadline, text;
  std::vector<std::uint64_t> candidates, reps;
  std::vector<double> p, lo, hi;
  std::size_t j = 0;
  for (const models::Remedy& r : remedies) {
    if (r.values.empty() || r.values.size() != r.overrides.size()) continue;
    const RemedyResult& x = results[j++];
    name.push_back(r.name);
    label.push_back(r.label);
    key.push_back(r.key);
    candidates.push_back(r.values.size());
    first.push_back(r.values.front());
    last.push_back(r.values.back());
    status.push_back(x.status);
    answer.push_back(x.answer);
    low.push_back(x.answer_low);
    high.push_back(x.answer_high);
    deadline.push_back(x.deadline);
    p.push_back(x.probability);
    lo.push_back(x.ci_low);
    hi.push_back(x.ci_high);
    reps.push_back(x.replications);
    text.push_back(x.text);
  }
  const auto s = [](std::string n, std::string d, std::vector<std::string> v) {
    return TableColumn{std::move(n), "", std::move(d), std::move(v)};
  };
  const auto d = [](std::string n, std::string desc, std::vector<double> v) {
    return TableColumn{std::move(n), "", std::move(desc), std::move(v)};
  };
  output::Table t;
  t.description = "The least effort of each remedy that reaches the required chance of the target";
  t.columns = {
      s("remedy", "identifier", std::move(name)),
      s("label", "what it changes", std::move(label)),
      s("key", "the scenario key path it changes", std::move(key)),
      TableColumn{"candidates", "", "candidate values (1: a single option)", std::move(candidates)},
      s("first_value", "the least effort tried", std::move(first)),
      s("last_value", "the most effort tried", std::move(last)),
      s("status", "found, always, never, undecided or error", std::move(status)),
      s("answer", "the least effort that reaches it", std::move(answer)),
      s("answer_low", "bracket left open by Monte Carlo error, low", std::move(low)),
      s("answer_high", "bracket, high", std::move(high)),
      s("deadline", "the deadline at the answer", std::move(deadline)),
      d("probability", "P(target by the deadline) at the answer (or at the most effort)", std::move(p)),
      d("ci_low", "Wilson 95 % interval, lower", std::move(lo)),
      d("ci_high", "Wilson 95 % interval, upper", std::move(hi)),
      TableColumn{"replications", "", "futures behind that estimate", std::move(reps)},
      s("text", "the answer in one sentence", std::move(text))};
  return t;
}

}  // namespace sibsim::study
