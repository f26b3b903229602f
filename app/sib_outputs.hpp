#pragma once
// Shapes a SIB run's KPI summaries into the results file's /timeseries and /funnel parts.

#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::app {

/// /timeseries/cumulative_starters: quantile bands of the cum_started@DATE KPIs.
output::TimeSeries enrolment_series(const engine::RunResult& result);
/// /timeseries/caseload: quantile bands of the caseload@DATE KPIs (empty without the programme).
output::TimeSeries caseload_series(const engine::RunResult& result);
/// /timeseries/employed: quantile bands of the employed@DATE KPIs (empty without the programme).
output::TimeSeries employment_series(const engine::RunResult& result);
/// /funnel: stage medians (eligible .. started) and the non-start reasons, labelled
/// "<category>: <reason>" in the order of the model's outcome list.
output::Funnel funnel_counts(const engine::RunResult& result);
/// Index of a KPI by name in a run result, or -1.
long kpi_index(const engine::RunResult& result, const char* name);

}  // namespace sibsim::app
