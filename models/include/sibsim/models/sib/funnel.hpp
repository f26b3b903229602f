#pragma once
/// \file funnel.hpp
/// One replication of the recruitment funnel as a discrete-event simulation: listing on the
/// monthly DJI list, the coordinator check, the first talk, the counsellor's intake with the
/// selection criteria, municipal consent, changes of mind, transfers and new trajectories while
/// detained, release and contact after release (= start of the programme).

#include <array>
#include <cstdint>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/simulator.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/programme.hpp"

namespace sibsim::models::sib {

/// What happened to the starters of one replication, in the three arms.
struct ProgrammeResult {
  std::uint32_t starters = 0;
  // Status on the evaluation's status date, of those started before it.
  std::uint32_t status_base = 0, completed = 0, in_trajectory = 0, dropped_out = 0;
  std::uint32_t employed_at_status = 0, employed_base = 0;
  std::array<std::uint32_t, kDropoutReasons> dropouts{};  ///< by reason, over the whole run
  std::uint32_t dropouts_total = 0, reduced_intensity = 0;
  /// Dropouts by month since the start (index 0 = first month), over the first 24 months.
  std::array<std::uint32_t, 24> dropouts_by_month{};
  /// Dropouts and starters with / without each risk factor (for the direction of effects).
  std::array<std::uint32_t, 7> factor_yes{}, factor_yes_dropped{}, factor_no{}, factor_no_dropped{};
  // Per arm: 0 programme, 1 the same persons under care as usual, 2 the matched control group.
  std::array<double, 3> work_months{};
  std::array<std::uint32_t, 3> durable{}, temporary{}, reoffended{}, on_benefits{};
  bool threshold_reached = false, full_ambition_reached = false;
  double outcome_payment = 0, recidivism_bonus = 0, payout = 0, investor_irr = 0, investor_multiple = 0;
  double government_savings = 0;
  double measurement_end = 0;           ///< last day of the last starter's window
  std::vector<std::uint32_t> caseload;  ///< counsellor caseload (phases 1-3) on each series date
  /// Participants in work (programme arm, within their window) in each series month.
  std::vector<std::uint32_t> employed;
};
inline constexpr std::array<const char*, 7> kDropoutFactorNames = {
    "no_partner", "debts", "low_education", "low_self_reliance", "poor_worker_skills", "hard_drugs", "plus"};

/// Counts of one replication; everything a report needs, nothing per person.
struct FunnelResult {
  std::uint32_t eligible = 0, approached = 0, interviewed = 0, selected = 0, started = 0;
  std::uint32_t started_by_deadline = 0;  ///< started before recruitment.end
  double day_target_reached = -1.0;       ///< clock day the target was reached, or -1
  std::array<std::uint32_t, kOutcomeCount> outcomes{};
  /// Cumulative starters on the first day of each month from the recruitment start's month.
  std::vector<std::uint32_t> cumulative_started;
  double series_first_day = 0.0;
  // Profile of the starters (counts).
  std::uint32_t female = 0, basic = 0, plus = 0, unrecorded = 0, meets_handbook = 0;
  std::uint32_t addiction_reported = 0, addiction_current_reported = 0, addiction_true = 0;
  std::uint32_t psychiatric_reported = 0;
  std::array<std::uint32_t, kFlagCount> flags{};
  std::array<std::uint32_t, kAgeGroups> age{};
  std::array<std::uint32_t, kWorkPotentialLevels> work_potential{};
  std::uint64_t events = 0;
  std::uint64_t fingerprint = 0;
  ProgrammeResult programme;
};

/// Length of the monthly caseload series: to 24 months after the end of recruitment.
inline std::int64_t caseload_series_months(const SibParams& p) {
  return month_index(p.recruitment.end) + 24 - month_index(p.recruitment.start);
}

class FunnelSimulation {
 public:
  /// Both references must outlive the simulation; population is shared (read-only).
  FunnelSimulation(const SibParams& params, const PopulationGenerator& population);

  /// Runs one replication. Persons of the run stay available through persons().
  FunnelResult run(const engine::StreamFactory& rng);
  const std::vector<Person>& persons() const noexcept { return persons_; }
  /// Trajectories of the run's starters; Person::trajectory indexes this vector.
  const std::vector<Trajectory>& trajectories() const noexcept { return trajectories_; }

 private:
  enum Kind : std::uint16_t {
    kList,
    kApproach,
    kIntake,
    kConsent,
    kChangeMind,
    kTransfer,
    kNewTrajectory,
    kRelease,
    kContact,
    kTrajectoryEnd
  };
  void on_list(Person& p, std::uint32_t idx);
  void on_approach(Person& p);
  void on_intake(Person& p, std::uint32_t idx);
  void on_release(Person& p, std::uint32_t idx);
  void on_contact(Person& p, std::uint32_t idx);
  void lose(Person& p, Outcome why) noexcept;
  FunnelResult summarise() const;
  void evaluate_programme(FunnelResult& res) const;

  const SibParams& params_;
  const PopulationGenerator& population_;
  const engine::StreamFactory* rng_ = nullptr;
  engine::Simulator sim_;
  std::vector<Person> persons_;
  std::vector<Trajectory> trajectories_;  ///< one per starter, Person::trajectory indexes it
  std::uint32_t caseload_ = 0;            ///< participants in phases 1-3 now
};

}  // namespace sibsim::models::sib
