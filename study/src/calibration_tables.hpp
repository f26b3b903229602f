#pragma once
// The tables of a calibration results file (kind "calibration"): /posterior, /parameters,
// /generations and /predictive, with the column names of the agreed schema (study/README.md
// "Calibration"). /kpis is written by the results writer itself.

#include <span>
#include <vector>

#include "abc_smc.hpp"
#include "named_tables.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration {

/// sd_ratio below this: the data narrowed the prior ("identified").
inline constexpr double kIdentifiedSdRatio = 0.8;

/// One row per particle of the posterior: a column per parameter (by key path), weight, distance.
output::Table posterior_table(const Spec& spec, const Population& posterior);
/// One row per parameter: prior, weighted posterior summaries, sd_ratio, identified.
output::Table parameters_table(const Spec& spec, const Population& posterior);
/// One row per generation (0 = the prior).
output::Table generations_table(std::span<const Generation> generations);
/// One row per observation: the observed figure and its posterior-predictive distribution.
output::Table predictive_table(const Spec& spec, std::span<const Predictive> predictive);

/// All four, in file order.
std::vector<NamedTable> calibration_tables(const Spec& spec, std::span<const Generation> generations,
                                           std::span<const Predictive> predictive);

}  // namespace sibsim::study::calibration
