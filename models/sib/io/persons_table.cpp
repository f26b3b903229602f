#include "persons_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"
#include "sibsim/models/sib/programme.hpp"

namespace sibsim::models::sib {
namespace {

namespace sib = models::sib;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kDayUnit = "days since 1970-01-01";
constexpr std::array<const char*, 4> kProgrammeNames = {"none", "basic", "plus", "unrecorded"};

/// A day that may not have happened: the model's -1 (or infinity) becomes NaN.
double day_or_nan(double day) { return day >= 0 && std::isfinite(day) ? day : kNaN; }

// By sib::TrajectoryStatus.
constexpr std::array<const char*, 4> kStatusNames = {"started_later", "dropped_out", "completed",
                                                     "in_trajectory"};
/// The arms of StarterWork::arm, as column-name suffixes.
constexpr std::array<const char*, 3> kArmNames = {"programme", "care_as_usual", "control"};
constexpr std::array<const char*, 3> kArmWords = {"in the programme", "under care as usual (the same person)",
                                                  "of the matched control"};

/// Job spells in a work history: runs of worked months in the window (a run that starts in the
/// window's first month counts as one).
std::uint64_t job_spells(const WorkHistory& h, int window_months) {
  std::uint64_t spells = 0;
  bool before = false;
  for (int m = 0; m < window_months && m < 32; ++m) {
    const bool worked = (h.worked_mask >> m) & 1U;
    spells += worked && !before;
    before = worked;
  }
  return spells;
}

/// Month of the window (1 = the first) in which the first job started; NaN: no work.
double first_job_month(const WorkHistory& h, int window_months) {
  for (int m = 0; m < window_months && m < 32; ++m)
    if ((h.worked_mask >> m) & 1U) return m + 1.0;
  return kNaN;
}

/// One arm's work columns: job spells, months worked, first job month, employed at the window's end.
struct ArmColumns {
  std::vector<std::uint64_t>* spells;
  std::vector<std::uint64_t>* months;
  std::vector<std::uint64_t>* contract_months;
  std::vector<double>* first_month;
  std::vector<std::uint8_t>* employed_at_end;
};

/// Builds the table column by column: add a column once, then push one value per person. A deque,
/// so the references add() returns stay valid while more columns are added.
class Columns {
 public:
  template <class T>
  std::vector<T>& add(std::string name, std::string unit, std::string description) {
    columns_.push_back({std::move(name), std::move(unit), std::move(description), std::vector<T>{}});
    return std::get<std::vector<T>>(columns_.back().values);
  }
  output::Table take(std::string description) {
    output::Table t;
    t.description = std::move(description);
    for (auto& col : columns_) t.columns.push_back(std::move(col));
    columns_.clear();
    return t;
  }

 private:
  std::deque<output::TableColumn> columns_;
};

}  // namespace

PersonsSample persons_sample(const sib::SibModel& model, std::uint64_t seed, std::uint64_t limit,
                             std::uint64_t replications) {
  PersonsSample out;
  const sib::SibParams& params = model.params();
  const std::vector<sib::Reason> reasons = sib::reason_catalogue(params);
  Columns c;
  auto& id = c.add<std::uint64_t>("person_id", "", "identity: (prison << 40) | (entry month << 16) | index");
  auto& rep =
      c.add<std::uint64_t>("replication", "", "replication the person belongs to (row of /replications)");
  auto& prison = c.add<std::uint64_t>("prison", "", "index of the penitentiary institution in the scenario");
  auto& prison_name = c.add<std::string>("prison_name", "", "name of the penitentiary institution");
  std::array<std::vector<std::uint8_t>*, sib::kFlagCount> flags{};
  for (std::size_t f = 0; f < sib::kFlagCount; ++f) {
    flags[f] = &c.add<std::uint8_t>(
        sib::kFlagNames[f], "", std::string("1 if the person has the attribute ").append(sib::kFlagNames[f]));
  }
  // The scenario's declared attributes (declared.attributes): has_<name>.
  std::vector<std::vector<std::uint8_t>*> declared;
  for (const sib::DeclaredAttribute& a : params.declared.attributes)
    declared.push_back(&c.add<std::uint8_t>("has_" + a.name, "", "1 if the person is " + a.label_en));
  auto& age = c.add<std::string>("age_group", "", "age group");
  auto& work_potential = c.add<std::string>("work_potential", "", "work potential (low .. very_high)");
  auto& addiction = c.add<std::string>("addiction", "", "addiction: none, past or current");
  auto& female = c.add<std::uint8_t>("female", "", "1 for a woman");
  auto& addiction_detected =
      c.add<std::uint8_t>("addiction_detected", "", "1 if the intake detected the addiction");
  auto& psychiatric_detected =
      c.add<std::uint8_t>("psychiatric_detected", "", "1 if the intake detected the psychiatric problem");
  auto& severe = c.add<std::uint8_t>("severe_problem", "",
                                     "1 for an addiction or psychiatric problem that needs a clinic first");
  auto& approached = c.add<std::uint8_t>(
      "approached", "",
      "1 if the person had the first talk (attributes other than the list ones are drawn then)");
  auto& interviewed =
      c.add<std::uint8_t>("interviewed", "", "1 if the person reached the counsellor's intake");
  auto& consent_refused = c.add<std::uint8_t>("consent_refused", "", "1 if the municipality refused consent");
  auto& entry = c.add<double>("entry", kDayUnit, "day detention started");
  auto& listed = c.add<double>("listed", kDayUnit, "day the person appeared on the list (eligible)");
  auto& planned_release = c.add<double>("planned_release", kDayUnit, "planned release day");
  auto& release = c.add<double>("release", kDayUnit, "actual release day");
  auto& selected = c.add<double>("selected", kDayUnit, "day the intake selected the person (NaN: never)");
  auto& consent = c.add<double>("consent", kDayUnit, "day municipal consent arrived (NaN: none)");
  auto& started = c.add<double>(
      "started", kDayUnit,
      "day the programme started as counted: at the contact after release or at the intake in the PI "
      "(programme.starts_at; NaN: did not start)");
  auto& contact = c.add<double>(
      "contact", kDayUnit,
      "day of the first contact after release, from which work, dropout and the evaluation's window run "
      "(NaN: did not start)");
  auto& outcome = c.add<std::string>("outcome", "", "how the person left the funnel (started = enrolled)");
  auto& category =
      c.add<std::string>("outcome_category", "", "criteria, motivation, unknown, evaluation or none");
  auto& programme = c.add<std::string>("programme", "", "basic, plus, unrecorded or none (not started)");
  auto& dropout = c.add<double>("dropout", kDayUnit, "day the participant dropped out (NaN: did not)");
  auto& dropout_reason = c.add<std::string>("dropout_reason", "", "reason of the dropout (none: no dropout)");
  auto& completion =
      c.add<double>("completion", kDayUnit,
                    "day the trajectory counts as completed: the end of phase 3 or of the follow-up "
                    "(programme.completed_at; NaN: dropped out first)");
  auto& reduced = c.add<std::uint8_t>("reduced_intensity", "",
                                      "1 if taken on above the counsellors' capacity (reduced intensity)");
  auto& status = c.add<std::string>(
      "status", "",
      "on the evaluation's status date: completed, in_trajectory, dropped_out, started_later (on or after "
      "it) or not_started");
  auto& months_in_trajectory = c.add<double>(
      "months_in_trajectory", "months",
      "months from the start to the status date, or to the dropout or completion before it (NaN: not "
      "started before the status date)");
  auto& matched = c.add<std::uint8_t>(
      "matched", "",
      "1 if the evaluation found a control for the starter (its control columns are 0 / NaN otherwise)");
  const std::string window = std::to_string(params.work.window_months);
  std::array<ArmColumns, 3> arms{};
  // "the 24-month window", "in the programme" and so on, composed once per arm.
  const std::string in_window = std::string(" in the ").append(window).append("-month window ");
  for (std::size_t a = 0; a < arms.size(); ++a) {
    const std::string arm = kArmNames[a], words = kArmWords[a];
    arms[a].spells = &c.add<std::uint64_t>(
        "job_spells_" + arm, "", std::string("jobs (runs of worked months)").append(in_window).append(words));
    arms[a].months = &c.add<std::uint64_t>("months_worked_" + arm, "months",
                                           std::string("months worked").append(in_window).append(words));
    arms[a].contract_months = &c.add<std::uint64_t>(
        "contract_months_" + arm, "months",
        std::string(
            "months worked in a job of the contract's hours (its work-months; WnD: 24 h/week or more)")
            .append(in_window)
            .append(words));
    arms[a].first_month = &c.add<double>("first_job_month_" + arm, "",
                                         std::string("month of the window (1 = first) the first job started ")
                                             .append(words)
                                             .append(" (NaN: no work)"));
    arms[a].employed_at_end =
        &c.add<std::uint8_t>(std::string("employed_at_month_").append(window).append("_").append(arm), "",
                             std::string("1 if in work in the window's last month (month ")
                                 .append(window)
                                 .append(") ")
                                 .append(words));
  }

  std::vector<sib::Person> persons;
  std::vector<sib::Trajectory> trajectories;
  std::uint64_t rows = 0;
  for (std::uint64_t r = 0; r < replications && rows < limit; ++r) {
    model.run_detailed(seed, r, &persons, &trajectories);
    const engine::StreamFactory rng(seed, r);
    const sib::ControlPool pool(params, model.population(), persons);
    const std::uint64_t take = std::min<std::uint64_t>(persons.size(), limit - rows);
    for (std::uint64_t i = 0; i < take; ++i) {
      const sib::Person& p = persons[i];
      id.push_back(p.id);
      rep.push_back(r);
      prison.push_back(p.prison);
      prison_name.push_back(p.prison < params.prisons.size() ? params.prisons[p.prison].name : std::string());
      for (std::size_t f = 0; f < sib::kFlagCount; ++f)
        flags[f]->push_back(p.has(static_cast<sib::Flag>(f)) ? 1 : 0);
      for (std::size_t k = 0; k < declared.size(); ++k) declared[k]->push_back((p.declared >> k) & 1U);
      age.emplace_back(p.age_group < sib::kAgeGroups ? sib::kAgeGroupNames[p.age_group] : "");
      work_potential.emplace_back(
          p.work_potential < sib::kWorkPotentialLevels ? sib::kWorkPotentialNames[p.work_potential] : "");
      addiction.emplace_back(p.addiction < sib::kAddictionLevels ? sib::kAddictionNames[p.addiction] : "");
      female.push_back(p.female ? 1 : 0);
      addiction_detected.push_back(p.addiction_detected ? 1 : 0);
      psychiatric_detected.push_back(p.psychiatric_detected ? 1 : 0);
      severe.push_back(p.severe_problem ? 1 : 0);
      approached.push_back(p.approached ? 1 : 0);
      interviewed.push_back(p.interviewed ? 1 : 0);
      consent_refused.push_back(p.consent_refused ? 1 : 0);
      entry.push_back(p.entry);
      listed.push_back(p.listed);
      planned_release.push_back(p.planned_release);
      release.push_back(p.release);
      selected.push_back(day_or_nan(p.selected));
      consent.push_back(day_or_nan(p.consent));
      started.push_back(day_or_nan(p.started));
      const sib::Reason& why = reasons.at(static_cast<std::size_t>(p.outcome));
      outcome.emplace_back(why.name);
      category.emplace_back(sib::category_name(why.category));
      programme.emplace_back(kProgrammeNames.at(static_cast<std::size_t>(p.programme)));
      const sib::Trajectory* t = p.trajectory < trajectories.size() ? &trajectories[p.trajectory] : nullptr;
      contact.push_back(t ? t->start : kNaN);
      // The evaluation's work and dropout (pure functions of the person's streams).
      const sib::StarterWork work =
          t ? sib::simulate_starter_work(params, rng, p, *t, pool.choose(rng, p)) : sib::StarterWork{};
      const sib::Dropout d = work.dropout;
      const bool dropped = std::isfinite(d.day);
      const double completes_on = t ? sib::completion_day(*t, params.programme.completed_at) : kNaN;
      const bool completed = t && !dropped && std::isfinite(completes_on);
      dropout.push_back(dropped ? d.day : kNaN);
      dropout_reason.emplace_back(sib::kDropoutReasonNames.at(static_cast<std::size_t>(d.reason)));
      completion.push_back(completed ? completes_on : kNaN);
      reduced.push_back(t && t->reduced_intensity ? 1 : 0);
      // Status on the status date, by the evaluation's rule (FunnelSimulation::evaluate_programme).
      const double status_day = params.evaluation.status_date;
      if (!t) {
        status.emplace_back("not_started");
        months_in_trajectory.push_back(kNaN);
      } else {
        const sib::StatusOnDate s = sib::status_on(*t, d.day, status_day, params.programme.completed_at);
        status.emplace_back(kStatusNames.at(static_cast<std::size_t>(s.status)));
        months_in_trajectory.push_back(s.status == sib::TrajectoryStatus::started_later
                                           ? kNaN
                                           : (s.until - t->counted_from) / engine::kDaysPerMonth);
      }
      matched.push_back(t && work.matched ? 1 : 0);
      for (std::size_t a = 0; a < arms.size(); ++a) {
        const sib::WorkHistory& h = work.arm[a];
        arms[a].spells->push_back(t ? job_spells(h, params.work.window_months) : 0);
        arms[a].months->push_back(t ? h.months_worked : 0);
        arms[a].contract_months->push_back(t ? h.contract_months : 0);
        arms[a].first_month->push_back(t ? first_job_month(h, params.work.window_months) : kNaN);
        arms[a].employed_at_end->push_back(t && h.employed_at_end ? 1 : 0);
      }
    }
    rows += take;
    ++out.replications_used;
    if (take == persons.size()) ++out.replications_complete;
  }
  out.table = c.take(
      "Audit sample: simulated persons of replications 0, 1, ... in the model's order; the last "
      "replication may be cut short (see replications_complete).");
  return out;
}

}  // namespace sibsim::models::sib
