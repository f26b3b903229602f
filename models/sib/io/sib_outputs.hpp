#pragma once
// Shapes a SIB run's KPI summaries into the results file's /timeseries and /funnel parts.

#include <array>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::models::sib {

/// The SIB's dated KPI families: cumulative starters, counsellor caseload, participants in work.
const std::array<SeriesFamily, 4>& series_families();
/// /funnel: stage medians (the catalogue's funnel_stage KPIs) and the non-start reasons, labelled
/// "<category>: <reason>" in the order of the model's outcome list, the reasons named in the
/// scenario's words (vocabulary.reasons.en, else the built-in label).
output::Funnel funnel_counts(const engine::RunResult& result, const SibParams& params);
/// Index of a KPI by name in a run result, or -1.
long kpi_index(const engine::RunResult& result, const char* name);

}  // namespace sibsim::models::sib
