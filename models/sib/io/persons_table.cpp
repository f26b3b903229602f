#include "persons_table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <string>
#include <vector>

#include "sibsim/engine/rng.hpp"
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
constexpr std::array<const char*, 4> kCategoryNames = {"none", "criteria", "motivation", "unknown"};

/// A day that may not have happened: the model's -1 (or infinity) becomes NaN.
double day_or_nan(double day) { return day >= 0 && std::isfinite(day) ? day : kNaN; }

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
  auto& started = c.add<double>("started", kDayUnit, "day the programme started (NaN: did not start)");
  auto& outcome = c.add<std::string>("outcome", "", "how the person left the funnel (started = enrolled)");
  auto& category = c.add<std::string>("outcome_category", "", "criteria, motivation, unknown or none");
  auto& programme = c.add<std::string>("programme", "", "basic, plus, unrecorded or none (not started)");
  auto& dropout = c.add<double>("dropout", kDayUnit, "day the participant dropped out (NaN: did not)");
  auto& dropout_reason = c.add<std::string>("dropout_reason", "", "reason of the dropout (none: no dropout)");
  auto& completion =
      c.add<double>("completion", kDayUnit, "day the participant completed phase 3 (NaN: did not)");
  auto& reduced = c.add<std::uint8_t>("reduced_intensity", "",
                                      "1 if taken on above the counsellors' capacity (reduced intensity)");

  std::vector<sib::Person> persons;
  std::vector<sib::Trajectory> trajectories;
  std::uint64_t rows = 0;
  for (std::uint64_t r = 0; r < replications && rows < limit; ++r) {
    model.run_detailed(seed, r, &persons, &trajectories);
    const engine::StreamFactory rng(seed, r);
    const std::uint64_t take = std::min<std::uint64_t>(persons.size(), limit - rows);
    for (std::uint64_t i = 0; i < take; ++i) {
      const sib::Person& p = persons[i];
      id.push_back(p.id);
      rep.push_back(r);
      prison.push_back(p.prison);
      prison_name.push_back(p.prison < params.prisons.size() ? params.prisons[p.prison].name : std::string());
      for (std::size_t f = 0; f < sib::kFlagCount; ++f)
        flags[f]->push_back(p.has(static_cast<sib::Flag>(f)) ? 1 : 0);
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
      const sib::OutcomeInfo& oi = sib::info(p.outcome);
      outcome.emplace_back(oi.name);
      category.emplace_back(kCategoryNames.at(static_cast<std::size_t>(oi.category)));
      programme.emplace_back(kProgrammeNames.at(static_cast<std::size_t>(p.programme)));
      const sib::Trajectory* t = p.trajectory < trajectories.size() ? &trajectories[p.trajectory] : nullptr;
      sib::Dropout d;
      if (t) {  // the evaluation's rule, with the programme arm's work history (pure function of the streams)
        d = sib::actual_dropout(*t, sib::simulate_work(params, rng, p, *t, sib::Arm::programme, p.id));
      }
      const bool dropped = std::isfinite(d.day);
      const bool completed = t && !dropped && std::isfinite(t->completion);
      dropout.push_back(dropped ? d.day : kNaN);
      dropout_reason.emplace_back(sib::kDropoutReasonNames.at(static_cast<std::size_t>(d.reason)));
      completion.push_back(completed ? t->completion : kNaN);
      reduced.push_back(t && t->reduced_intensity ? 1 : 0);
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
