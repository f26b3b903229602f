#pragma once
// The SIB's remedies for `sibsim forecast --remedies` (models::Remedy): what a steering group
// can still do from the as-of date on, each as candidate values of growing effort.

#include <string_view>
#include <vector>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

/// From `as_of` (clock day) on: extend recruitment (1-12 months past its end), add sites (1-6
/// new PIs with the scenario's median inflow and its Gamma spread, recruiting from as_of), raise
/// the approach chance (extra recruitment staff, in steps of 0.05 up to 1), and drop each
/// selection criterion still applied (one option each). Labels in `lang` ("nl" or English).
std::vector<Remedy> sib_remedies(const SibParams& params, double as_of, std::string_view lang);

}  // namespace sibsim::models::sib
