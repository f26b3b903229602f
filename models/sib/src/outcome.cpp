#include "sibsim/models/sib/outcome.hpp"

namespace sibsim::models::sib {

using RC = ReasonCategory;
const std::array<OutcomeInfo, kOutcomeCount> kOutcomeInfo = {{
    {"pending", "still in the funnel at the end of the run", RC::none},
    {"started", "started the programme", RC::none},
    {"transfer", "transfer to another prison", RC::criteria},
    {"early_release", "early release / too short a remaining sentence", RC::criteria},
    {"no_bsn", "no citizen service number", RC::criteria},
    {"new_trajectory", "new trajectory (e.g. another sentence)", RC::criteria},
    {"no_address_status_dutch", "no address, residence status or Dutch", RC::criteria},
    {"unfit_for_work", "unfit for work / sick leave", RC::criteria},
    {"persistent_offender", "top-600 persistent offender", RC::criteria},
    {"municipality_refused", "municipality refused", RC::criteria},
    {"consent_too_late", "municipal consent arrived after release", RC::criteria},
    {"circumstances", "circumstances (no feedback, leave, miscommunication)", RC::criteria},
    {"not_suitable_work_potential", "not suitable: handbook work-potential rule", RC::criteria},
    {"not_suitable_addiction", "not suitable: addiction/psychiatric problems", RC::criteria},
    {"age_over_65", "age 65+", RC::criteria},
    {"other_criteria", "other (not on list, extra care, too far away)", RC::criteria},
    {"not_interested", "not interested", RC::motivation},
    {"has_work", "already has work or own business", RC::motivation},
    {"dropped_out_in_pi", "drops out in the {site} (changed mind after intake)", RC::motivation},
    {"no_contact", "no contact after release", RC::motivation},
    {"no_response", "did not respond to invitation", RC::motivation},
    {"no_work_wish", "does not want to work", RC::motivation},
    {"other_organisation", "already helped by another organisation", RC::motivation},
    {"other_activity", "has other day-time activity", RC::motivation},
    {"relapse", "relapsed into addiction", RC::motivation},
    {"not_approached", "reason unknown (not approached / not recorded)", RC::unknown},
    {"randomised_to_control", "allocated to the control group (randomised trial)", RC::evaluation},
}};

const char* category_name(ReasonCategory c) noexcept {
  static constexpr std::array<const char*, kReasonCategoryCount> kNames = {"none", "criteria", "motivation",
                                                                           "unknown", "evaluation"};
  return kNames[static_cast<std::size_t>(c)];
}

}  // namespace sibsim::models::sib
