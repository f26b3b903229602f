#pragma once
// One HTML report per kind of results file (the root attribute `kind`, output/SCHEMA.md).
// write_html_report (html_report.cpp) reads the kind and calls one of these; each returns the
// complete page, with `vega` (vega_scripts) inlined when it has charts.

#include <filesystem>
#include <string>
#include <string_view>

namespace sibsim::output::detail {

/// `sibsim run`: key answers, enrolment, funnel, distributions, dropout, key figures (html_report.cpp).
std::string run_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim compare`: paired differences of each variant from the base (report_compare.cpp).
std::string compare_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim sweep`: outcomes over the design, sensitivity, government-versus-investor trade-off
/// (report_sweep.cpp).
std::string sweep_report(const std::filesystem::path& results_h5, std::string_view vega);
/// `sibsim feasibility`: the answer, and the chance of the target at each probed value
/// (report_feasibility.cpp).
std::string feasibility_report(const std::filesystem::path& results_h5, std::string_view vega);

}  // namespace sibsim::output::detail
