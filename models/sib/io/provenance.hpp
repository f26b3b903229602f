#pragma once
// The SIB scenario's labelled values (`provenance:`) for results files and reports: each with its
// effective value and the KPIs that depend on it.

#include <string_view>
#include <vector>

#include "sibsim/models/sib/params.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::models::sib {

/// The KPIs whose values depend on a scenario key path, as far as the model says: the contract's
/// keys (payment.*) name the payments, the investors' outcome and the government's balance; other
/// keys act on everything downstream of the funnel and name none (empty).
std::vector<std::string> kpis_depending_on(std::string_view key);

/// params.provenance with values and dependent KPIs (RunMeta::provenance).
std::vector<output::Provenance> provenance_of(const SibParams& params);

}  // namespace sibsim::models::sib
