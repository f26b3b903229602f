#pragma once
// The reports of the study kinds of results file (the root attribute `kind`, output/SCHEMA.md):
// write_html_report (html_report.cpp) reads the kind and calls one of these, or draws the run
// report itself; each returns the complete page, with `vega` (vega_scripts) inlined when it has
// charts. Their labels and headline KPIs come from /kpis (read_kpis), never from KPI names.

#include <filesystem>
#include <string>
#include <string_view>

namespace sibsim::output::detail {

/// `sibsim compare`: paired differences of each variant from the base (report_compare.cpp).
std::string compare_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim sweep`: outcomes over the design, sensitivity, the trade-off between the measures of
/// /outcome_measures (report_sweep.cpp).
std::string sweep_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim feasibility`: the answer, and the chance of the target at each probed value
/// (report_feasibility.cpp).
std::string feasibility_report(const std::filesystem::path& results_h5, std::string_view vega);

}  // namespace sibsim::output::detail
