#pragma once
/// \file programme.hpp
/// What happens to a starter: the trajectory (phases, dropout by competing risks, custody
/// spells), the monthly work process in three arms (the programme, the same person under care
/// as usual = the true counterfactual, and an independently drawn matched control), and the
/// outcome measures the contract and the evaluation use.

#include <array>
#include <cstdint>
#include <limits>

#include "sibsim/engine/rng.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"

namespace sibsim::models::sib {

enum class DropoutReason : std::uint8_t { none, no_effort, clinic, custody, other, count };
inline constexpr std::size_t kDropoutReasons = static_cast<std::size_t>(DropoutReason::count);
extern const std::array<const char*, kDropoutReasons> kDropoutReasonNames;
extern const std::array<const char*, kDropoutReasons> kDropoutReasonLabels;

inline constexpr double kNever = std::numeric_limits<double>::infinity();

/// One starter's programme, planned at the start (all draws from the person's own streams).
struct Trajectory {
  /// The first contact after release: the clock of work, dropout and the evaluation's window.
  double start = 0.0;
  /// The day the trajectory counts as started (ProgrammeParams::starts_at): `start`, or the
  /// intake in the PI, where phase 1 then began.
  double counted_from = 0.0;
  double search_from = 0.0;    ///< end of phase 1 (diagnosis, plan and practical matters)
  double completion = kNever;  ///< end of phase 3 = completed (if not dropped out first)
  double followup_end = kNever;
  double dropout = kNever;  ///< time of dropout, if before completion
  DropoutReason reason = DropoutReason::none;
  double away_from = kNever, away_to = kNever;  ///< custody or clinic: no work (both arms)
  bool plus = false;
  bool reduced_intensity = false;  ///< taken on above the counsellors' capacity
  double effect_share = 1.0;       ///< share of the programme effect this person gets
  double end() const noexcept { return dropout < completion ? dropout : completion; }
};

/// Plans a starter's trajectory (without the capacity decision, which the DES makes) from the
/// first contact after release (`start`); `counted_from` (at most `start`) is the day it counts as
/// started, and the part of phase 1 between the two was spent in the PI.
Trajectory plan_trajectory(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                           Programme programme, double start, double counted_from);
/// The same, counted as started at the contact (the evaluation's controls).
inline Trajectory plan_trajectory(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                                  Programme programme, double start) {
  return plan_trajectory(params, rng, p, programme, start, start);
}

/// Work in the measurement window of one person in one arm.
struct WorkHistory {
  std::uint32_t months_worked = 0;  ///< months in any job
  std::uint32_t worked_mask = 0;    ///< bit m: in any job in month m of the window (m < 32)
  /// Months in a job of the contract's hours (WorkParams::contract_hours_share): the contract's
  /// work-months, durable and temporary work.
  std::uint32_t contract_months = 0;
  bool employed_at_status_date = false;
  bool stable_job_at_status_date = false;  ///< employed then, in a stable job (WorkParams::stable_job_share)
  bool status_date_in_window = false;
  bool employed_at_end = false;        ///< in the last month of the window
  double stopped_after_work = kNever;  ///< programme arm: found work in phases 1-3 and stopped
};

enum class Arm : std::uint8_t { programme, care_as_usual };

/// The day a trajectory counts as completed under `rule` (kNever if it never completes).
inline double completion_day(const Trajectory& t, CompletionRule rule) noexcept {
  return rule == CompletionRule::end_of_follow_up ? t.followup_end : t.completion;
}

/// A starter's status on the evaluation's status date.
enum class TrajectoryStatus : std::uint8_t { started_later, dropped_out, completed, in_trajectory };
struct StatusOnDate {
  TrajectoryStatus status = TrajectoryStatus::started_later;
  double until = 0.0;  ///< end of the time in the trajectory counted (dropout, completion or the date)
};
/// The status rule of the status count and of /persons: dropped out by the date, else completed by
/// the date under `rule`, else still in the trajectory.
StatusOnDate status_on(const Trajectory& t, double dropout_day, double date, CompletionRule rule) noexcept;

/// How a participant's programme ends early, if it does: the planned dropout, or earlier when
/// the participant found work in phases 1-3 and stopped showing up (reason no_effort).
struct Dropout {
  double day = kNever;  ///< kNever: no dropout
  DropoutReason reason = DropoutReason::none;
};
inline Dropout actual_dropout(const Trajectory& t, const WorkHistory& programme_arm) noexcept {
  if (programme_arm.stopped_after_work < t.dropout)
    return {programme_arm.stopped_after_work, DropoutReason::no_effort};
  return {t.dropout, t.reason};
}

/// Simulates the monthly work process. `uniforms_entity` selects the random numbers: the
/// person's own id for both arms of the same person (common random numbers), another id for
/// an independently drawn control. An evaluation's control may search less or more
/// (`find_ratio` multiplies its job-finding rate: selection on unobservables).
WorkHistory simulate_work(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                          const Trajectory& t, Arm arm, std::uint64_t uniforms_entity,
                          double find_ratio = 1.0);

/// true if the person meets the handbook's criteria (work-potential rule, no detected severe
/// problem): the programme's intended target group.
bool meets_handbook(const Person& p) noexcept;

}  // namespace sibsim::models::sib
