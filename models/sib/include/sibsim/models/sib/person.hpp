#pragma once
/// \file person.hpp
/// One eligible detainee: identity, calendar and attributes. A plain value.

#include <cstdint>

#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

enum class Stage : std::uint8_t { listed, approached, selected, released, started, lost };
enum class Programme : std::uint8_t { none, basic, plus, unrecorded };

struct Person {
  std::uint64_t id = 0;  ///< global identity: (prison, entry month, index), see population.hpp
  double entry = 0.0;    ///< day detention started
  double listed = 0.0;   ///< day on the DJI list (eligible)
  double release = 0.0;  ///< actual release day
  double planned_release = 0.0;
  double selected = -1.0;          ///< intake passed (selected), or -1
  double consent = -1.0;           ///< day municipal consent arrived, or -1 (none yet / refused)
  double started = -1.0;           ///< programme start as counted (ProgrammeParams::starts_at), or -1
  std::uint32_t flags = 0;         ///< bit i = Flag i
  std::uint32_t declared = 0;      ///< bit k = the scenario's declared attribute k (declared.hpp)
  std::uint32_t trajectory = ~0U;  ///< index of the starter's Trajectory in its replication
  std::uint16_t prison = 0;
  std::uint8_t age_group = 0;
  std::uint8_t work_potential = 0;
  std::uint8_t addiction = 0;  ///< 0 none, 1 past, 2 current
  bool female = false;
  bool addiction_detected = false;
  bool psychiatric_detected = false;
  bool severe_problem = false;  ///< addiction or psychiatric problem that needs a clinic first
  bool consent_refused = false;
  bool approached = false;   ///< had the first talk
  bool interviewed = false;  ///< reached the counsellor's intake
  /// The attributes of the first talk are drawn (PopulationGenerator::draw_attributes): in the
  /// funnel only when a decision reads them; run_detailed completes them for every approached
  /// person (they come from the person's own stream, so drawing later changes nothing).
  bool attributes_drawn = false;
  Stage stage = Stage::listed;
  Outcome outcome = Outcome::pending;
  Programme programme = Programme::none;

  bool has(Flag f) const noexcept { return (flags >> static_cast<unsigned>(f)) & 1U; }
  void set(Flag f) noexcept { flags |= 1U << static_cast<unsigned>(f); }
};

/// The provider handbook's inclusion rule for the basic programme: work potential low or
/// reasonable, or work potential high AND (low self-reliance or high social isolation or
/// participation-ladder step 1). The severe-problem exclusion is checked separately.
inline bool meets_work_potential_rule(const Person& p) noexcept {
  if (p.work_potential <= 1) return true;
  return p.has(Flag::low_self_reliance) || p.has(Flag::social_isolation) || p.has(Flag::ladder_step1);
}

/// The handbook's plus-programme rule: work potential low/reasonable AND (low self-reliance or
/// social isolation or ladder step 1) AND unstable housing.
inline bool meets_plus_rule(const Person& p) noexcept {
  return p.work_potential <= 1 &&
         (p.has(Flag::low_self_reliance) || p.has(Flag::social_isolation) || p.has(Flag::ladder_step1)) &&
         p.has(Flag::unstable_housing);
}

}  // namespace sibsim::models::sib
