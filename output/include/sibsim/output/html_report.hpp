#pragma once
/// \file html_report.hpp
/// The report for steering groups: one self-contained HTML file made from a results file (see
/// output/SCHEMA.md). Everything is inlined (styles, data, the Vega charting library, one Vega
/// spec per chart), so the page works offline, on a phone and on paper; a Content-Security-Policy
/// in the page forbids every network request. Sections appear only when their data is in the
/// results file: key answers in words, cumulative enrolment fan chart, funnel waterfall and
/// reasons of non-start, distributions of outcomes, dropout by reason, a table of key figures and
/// the scenario's assumptions (the resolved YAML).

#include <filesystem>

namespace sibsim::output {

/// Where Debian's libjs-vega installs Vega's modules.
inline constexpr const char* kDefaultVegaDir = "/usr/share/javascript/vega";

struct HtmlReportOptions {
  /// Directory with Vega's UMD modules (vega-util.min.js, vega-view.min.js, ...), read at report
  /// time and inlined.
  std::filesystem::path vega_dir = kDefaultVegaDir;
};

/// Reads results_h5 and writes the report to html_out atomically (a temporary file in the same
/// directory, renamed into place): html_out is either the complete new report or left as it was.
/// Throws std::runtime_error naming the file on any problem: the results file cannot be read, the
/// directory is not writable, or Vega is not installed (the message names the package libjs-vega).
void write_html_report(const std::filesystem::path& results_h5, const std::filesystem::path& html_out,
                       const HtmlReportOptions& options = {});

}  // namespace sibsim::output
