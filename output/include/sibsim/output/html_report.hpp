#pragma once
/// \file html_report.hpp
/// The report for steering groups: one self-contained HTML file made from a results file (see
/// output/SCHEMA.md). Everything is inlined (styles, data, the Vega charting library, one Vega
/// spec per chart), so the page works offline, on a phone and on paper; a Content-Security-Policy
/// in the page forbids every network request. Each kind of file gets its own page.
///
/// A run's page is generic, and a model may add its own sections (report_sections.hpp). In
/// order: the header; the key answers (the model's, or the KPIs of the group "headline" in
/// words); the model's sections; every /timeseries the model did not draw, as a fan chart; the
/// /funnel as a waterfall unless the model drew it; a table of key figures (the groups
/// "headline" and "steering" first, the rest folded); the resolved scenario. Sections appear
/// only when their data is in the file. Comparisons, sweeps and feasibility questions need no
/// model: their labels and headline KPIs come from /kpis and /outcome_measures.

#include <filesystem>

#include "sibsim/output/report/words.hpp"
#include "sibsim/output/report_sections.hpp"

namespace sibsim::output {

/// Where Debian's libjs-vega installs Vega's modules.
inline constexpr const char* kDefaultVegaDir = "/usr/share/javascript/vega";

struct HtmlReportOptions {
  /// Directory with Vega's UMD modules (vega-util.min.js, vega-view.min.js, ...), read at report
  /// time and inlined.
  std::filesystem::path vega_dir = kDefaultVegaDir;
  /// The language of the page (`--lang`): its words (output/text/*.json), numbers and dates.
  report::Language language = report::Language::en;
  /// The model's labels of its KPIs and series in that language (ModelPlugin::labels); the
  /// results file's English labels stand for the rest.
  report::LabelTable labels;
};

/// Reads results_h5 and writes the report to html_out atomically (a temporary file in the same
/// directory, renamed into place): html_out is either the complete new report or left as it was.
/// For a run, `model_sections` (may be nullptr: the generic report only) adds the model's
/// sections; other kinds of file ignore it. Throws std::runtime_error naming the file on any
/// problem: the results file cannot be read, the directory is not writable, Vega is not installed
/// (the message names the package libjs-vega), or the model's sections fail.
void write_html_report(const std::filesystem::path& results_h5, const std::filesystem::path& html_out,
                       const RunReportSections* model_sections, const HtmlReportOptions& options = {});

/// The same without a model's sections: the generic report of any kind of file.
void write_html_report(const std::filesystem::path& results_h5, const std::filesystem::path& html_out,
                       const HtmlReportOptions& options = {});

/// The <script> elements that define `window.vega` for a page of our own (the reports inline the
/// same): read from vega_dir. Throws std::runtime_error naming the missing file and libjs-vega.
std::string vega_script_elements(const std::filesystem::path& vega_dir = kDefaultVegaDir);

}  // namespace sibsim::output
