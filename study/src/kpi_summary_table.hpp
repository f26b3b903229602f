#pragma once
// The table of a study command's key figures: the model's headline then steering KPIs, each
// summarised over the replications behind an answer (feasibility's /feasibility/implications,
// forecast's /forecast/kpis; fields in output/SCHEMA.md).

#include <span>
#include <string>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/statistics.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::study {

/// Names of the model's headline KPIs, then its steering KPIs (each once), in KPI order.
std::vector<std::string> headline_and_steering(std::span<const engine::KpiInfo> kpis);

/// One row per KPI: kpi, label, unit, groups, mean, p5, p50, p95, replications. `info[j]`
/// describes the KPI whose values `values[j]` accumulated; `over` says over which replications
/// ("at the answer's value", "over the forecast futures").
output::Table kpi_summary_table(std::span<const engine::KpiInfo> info,
                                std::span<const engine::KpiAccumulator> values,
                                const std::string& description, const std::string& over);

}  // namespace sibsim::study
