#pragma once
// The frame every HTML report shares (run, compare, sweep, feasibility): the page's styles, its
// Content-Security-Policy, the error recorder and chart renderer scripts, the header band and the
// assumptions. The page being assembled (ReportPage, sections and charts) is public
// (sibsim/output/report/page.hpp). Private to output/.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_text.hpp"
#include "sibsim/output/report/page.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

/// The coloured band at the top of the page (report::PageHeader).
std::string header_html(const PageHeader& header);
/// The facts every report ends its header with: seed, when it ran, sibsim version and commit.
std::vector<std::pair<std::string, std::string>> provenance_facts(const FileMeta& meta);

/// Everything the page needs around its sections.
struct PageParts {
  std::string title;      ///< <title>, plain text
  std::string header;     ///< header_html(...)
  std::string main;       ///< the sections
  int charts = 0;         ///< ReportPage::charts()
  std::string_view vega;  ///< vega_scripts(...): inlined only when there are charts
  std::string program_version;
  std::string source_name;  ///< the results file's name, for the footer
};
/// The complete, self-contained HTML document.
std::string page_document(const PageParts& parts);

/// The scenario's labelled values (RunMeta::provenance: value, label, note, the figures that
/// depend on each; section id report::kPartProvenance), then the "Assumptions" section: the
/// command's input (RunMeta::input_yaml, e.g. the sweep specification) and the resolved scenario,
/// each folded; "" when all are empty.
std::string assumptions_section(const FileMeta& meta, std::string_view input_title);
/// The folded input and scenario alone (assumptions_section without the labelled values).
std::string input_section(const FileMeta& meta, std::string_view input_title);

/// The kicker of a page: "sibsim &middot; <what>", with the model's name when the file has one
/// ("sibsim &middot; mmc model &middot; parameter sweep").
std::string kicker(const FileMeta& meta, std::string_view what);

}  // namespace sibsim::output::detail
