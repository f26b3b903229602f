#pragma once
// The reports of the study kinds of results file (the root attribute `kind`, output/SCHEMA.md):
// write_html_report (html_report.cpp) reads the kind and calls one of these, or draws the run
// report itself; each returns the complete page, with `vega` (vega_scripts) inlined when it has
// charts. Their labels and headline KPIs come from /kpis (read_kpis), never from KPI names.

#include <filesystem>
#include <string>
#include <string_view>

#include "sibsim/output/report/run_data.hpp"

namespace sibsim::output::detail {

/// `sibsim compare`: paired differences of each variant from the base (report_compare.cpp).
std::string compare_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim sweep`: outcomes over the design, sensitivity, the trade-off between the measures of
/// /outcome_measures (report_sweep.cpp).
std::string sweep_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim feasibility`: the answer, and the chance of the target at each probed value
/// (report_feasibility.cpp).
std::string feasibility_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim calibrate`: degrees of freedom, each parameter's posterior over its prior, correlated
/// pairs, the fit and check figures against their posterior-predictive intervals, the
/// generations (report_calibration.cpp).
std::string calibration_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim forecast`: the answer from what was observed, the observed line with the forecast's fan
/// after it, the sites' updated rates, the check of the funnel against the observed totals, the
/// key figures over the forecast futures (report_forecast.cpp).
std::string forecast_report(const std::filesystem::path& results_h5, std::string_view vega);
/// The run report's "Parameter uncertainty" section from /posterior_spread (a run made with
/// --posterior); "" when the file has none (report_spread.cpp).
std::string posterior_spread_section(const RunReportData& data);

}  // namespace sibsim::output::detail
