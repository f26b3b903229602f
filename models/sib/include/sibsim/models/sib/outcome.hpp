#pragma once
/// \file outcome.hpp
/// How a listed (eligible) detainee leaves the recruitment funnel, grouped as in the DJI data:
/// criteria-related, motivation-related, or reason unknown.

#include <array>
#include <cstdint>

namespace sibsim::models::sib {

enum class Outcome : std::uint8_t {
  pending,  ///< still in the funnel when the simulation ended
  started,  ///< made contact after release: enrolled in the programme
  // criteria-related
  transfer,
  early_release,
  no_bsn,
  new_trajectory,
  no_address_status_dutch,
  unfit_for_work,
  persistent_offender,
  municipality_refused,
  consent_too_late,
  circumstances,
  not_suitable_work_potential,
  not_suitable_addiction,
  age_over_65,
  other_criteria,
  // motivation-related
  not_interested,
  has_work,
  dropped_out_in_pi,
  no_contact,
  no_response,
  no_work_wish,
  other_organisation,
  other_activity,
  relapse,
  // reason unknown
  not_approached,
  // the evaluation's design
  randomised_to_control,  ///< allocated to the control group of a randomised trial at the intake
  count
};
inline constexpr std::size_t kOutcomeCount = static_cast<std::size_t>(Outcome::count);

enum class ReasonCategory : std::uint8_t { none, criteria, motivation, unknown, evaluation };
inline constexpr std::size_t kReasonCategoryCount = 5;

/// The categories that explain a non-start (all but none), in the order reports list them.
inline constexpr std::array<ReasonCategory, 4> kReasonCategories = {
    ReasonCategory::criteria, ReasonCategory::motivation, ReasonCategory::unknown,
    ReasonCategory::evaluation};

/// snake_case name of a category ("none", "criteria", "motivation", "unknown", "evaluation"), as
/// KPI names (nonstart_<name>_share), the persons table and the report's words use it.
const char* category_name(ReasonCategory c) noexcept;

struct OutcomeInfo {
  const char* name;   ///< snake_case, used in KPI names
  const char* label;  ///< for people: the DJI wording where there is one ({site}: vocabulary.hpp)
  ReasonCategory category;
};

/// Indexed by Outcome.
extern const std::array<OutcomeInfo, kOutcomeCount> kOutcomeInfo;

inline const OutcomeInfo& info(Outcome o) noexcept { return kOutcomeInfo[static_cast<std::size_t>(o)]; }

}  // namespace sibsim::models::sib
