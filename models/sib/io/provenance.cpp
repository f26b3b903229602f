#include "provenance.hpp"

#include <string>

#include "sibsim/models/sib/scenario.hpp"

namespace sibsim::models::sib {

namespace {

// What the contract's outcome pays and what follows from it (payment.cpp).
const std::vector<std::string> kInvestors = {"investor_multiple", "investor_irr", "investor_loss",
                                             "investor_total_loss"};

std::vector<std::string> join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

std::vector<std::string> kpis_depending_on(std::string_view key) {
  const auto is = [&](std::string_view prefix) {
    return key == prefix || key.starts_with(std::string(prefix) + ".");
  };
  const auto with_payment = [](std::vector<std::string> first) {
    return join(join(std::move(first), {"payout_total"}), join(kInvestors, {"government_net"}));
  };
  if (is("payment.saving_per_benefit_month") || is("payment.saving_per_work_month") ||
      is("payment.saving_per_avoided_reoffence") || is("payment.saving_per_custody_day"))
    return {"government_savings", "government_net"};
  // A payment metric's terms decide its payout_<name> (named in the scenario), the headline's
  // the threshold and ambition: what every contract has is tagged.
  if (key.starts_with("payment.metrics"))
    return with_payment({"success_threshold_reached", "full_ambition_reached"});
  if (is("payment.total_cap")) return with_payment({});
  if (is("work.custody_days_if_reoffended")) return with_payment({"government_savings"});
  if (is("payment.investment")) return join(kInvestors, {"government_net"});
  if (key.starts_with("payment.interim_payments")) return {"investor_irr"};  // when, not how much
  if (is("payment.recidivism_bonus_per_point") || is("payment.recidivism_bonus_max_points"))
    return with_payment({"payout_recidivism_bonus"});
  if (is("payment.threshold_share")) return with_payment({"success_threshold_reached", "payout_outcome"});
  if (is("payment.ambition_per_participant"))
    return with_payment({"success_threshold_reached", "full_ambition_reached", "payout_outcome"});
  if (is("payment.price_per_work_month") || is("payment.cap")) return with_payment({"payout_outcome"});
  // Work and the programme's effect: the extra work-months, so what is measured and paid.
  const std::vector<std::string> work = {"extra_work_months_true",
                                         "extra_work_months_true_per_starter",
                                         "extra_work_months_measured",
                                         "employed_at_status_share",
                                         "success_threshold_reached",
                                         "success_threshold_reached_true",
                                         "payout_outcome"};
  if (is("work.effect_share_high_potential") || is("work.effect_share_severe_addiction") ||
      is("work.find_by_work_potential") || is("work.jobs") || is("work.programme_effect") ||
      is("counsellors.caseload_per_fte") || is("counsellors.intensity_when_full") ||
      is("counsellors.wind_down"))
    return with_payment(work);
  // Dropout: who drops out when, and through the time in the programme the extra work-months.
  if (is("dropout.hazard_ratios") || is("dropout.early_boost"))
    return with_payment(join({"dropouts", "dropout_share", "status_dropped_out_share"}, work));
  // Screening: what the intake sees of addiction and psychiatric problems.
  if (is("criteria.detect_addiction") || is("criteria.detect_psychiatric"))
    return {"starters_addiction_reported_share", "starters_psychiatric_reported_share",
            "starters_meet_handbook_share"};
  if (is("attributes.phone_known.prevalence")) return {"reason_no_contact", "starters_phone_known_share"};
  if (is("recruitment.effort_sd")) return {"sites_reaching_10pct", "reached_target", "days_to_target"};
  // The evaluation decides what is measured, and so what is paid.
  if (is("evaluation.allocation_ratio"))  // a randomised trial's controls are not programme starters
    return with_payment({"started", "reason_randomised_to_control", "extra_work_months_measured",
                         "evaluation_bias", "success_threshold_reached", "full_ambition_reached",
                         "payout_outcome"});
  if (is("evaluation.control") || is("evaluation.matched_fraction") || is("evaluation.control_find_ratio") ||
      is("evaluation.baseline_work_months") || is("evaluation.baseline_reoffended"))
    return with_payment({"extra_work_months_measured", "evaluation_bias", "success_threshold_reached",
                         "full_ambition_reached", "payout_outcome"});
  return {};
}

std::vector<output::Provenance> provenance_of(const SibParams& params) {
  std::vector<output::Provenance> out;
  out.reserve(params.provenance.size());
  const auto values = provenance_values(params);
  for (std::size_t i = 0; i < params.provenance.size(); ++i) {
    const ProvenanceEntry& e = params.provenance[i];
    out.push_back({e.key, values[i].value_or(""), e.label, e.note, kpis_depending_on(e.key)});
  }
  return out;
}

}  // namespace sibsim::models::sib
