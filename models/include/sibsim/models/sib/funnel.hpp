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

namespace sibsim::models::sib {

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
};

class FunnelSimulation {
 public:
  /// Both references must outlive the simulation; population is shared (read-only).
  FunnelSimulation(const SibParams& params, const PopulationGenerator& population);

  /// Runs one replication. Persons of the run stay available through persons().
  FunnelResult run(const engine::StreamFactory& rng);
  const std::vector<Person>& persons() const noexcept { return persons_; }

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
    kContact
  };
  void on_list(Person& p, std::uint32_t idx);
  void on_approach(Person& p);
  void on_intake(Person& p, std::uint32_t idx);
  void on_release(Person& p, std::uint32_t idx);
  void on_contact(Person& p);
  void lose(Person& p, Outcome why) noexcept;
  FunnelResult summarise() const;

  const SibParams& params_;
  const PopulationGenerator& population_;
  const engine::StreamFactory* rng_ = nullptr;
  engine::Simulator sim_;
  std::vector<Person> persons_;
};

}  // namespace sibsim::models::sib
