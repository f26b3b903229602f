#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

const std::array<const char*, kFlagCount> kFlagNames = {
    "no_partner",          "children",           "low_education",  "debts",
    "unstable_housing",    "hard_drugs",         "psychiatric",    "low_self_reliance",
    "social_isolation",    "poor_worker_skills", "never_paid_job", "poor_dutch",
    "born_abroad",         "phone_known",        "no_bsn",         "no_residence_prospect",
    "persistent_offender", "unfit_for_work",     "ladder_step1",   "no_work_motivation"};

const std::array<const char*, kAgeGroups> kAgeGroupNames = {"18_19", "20_30", "31_40",
                                                            "41_50", "51_64", "65_plus"};
const std::array<const char*, kWorkPotentialLevels> kWorkPotentialNames = {"low", "reasonable", "high",
                                                                           "very_high"};
const std::array<const char*, kAddictionLevels> kAddictionNames = {"none", "past", "current"};

}  // namespace sibsim::models::sib
