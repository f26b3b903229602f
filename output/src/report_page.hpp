#pragma once
// The frame every HTML report shares (run, compare, sweep, feasibility): the page's styles, its
// Content-Security-Policy, the error recorder and chart renderer scripts, the header band, the
// chart containers and the sections. Private to output/.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

/// Counts the charts of a page and makes their containers.
class Page {
 public:
  /// A chart container and its Vega spec (rendered by the script at the end of the page).
  std::string chart(std::string_view label, const std::string& spec);
  [[nodiscard]] int charts() const noexcept { return charts_; }

 private:
  int charts_ = 0;
};

/// <section id=...><h2>title</h2>content</section> (title and content are HTML).
std::string section(std::string_view id, std::string_view title, std::string_view content);
/// One entry of a chart legend: a swatch of the CSS class (`sw-...`) and its text (HTML).
std::string legend_item(std::string_view css_class, std::string_view text);

/// The coloured band at the top of the page.
struct PageHeader {
  std::string kicker;  ///< e.g. "Social Impact Bond · simulation report" (HTML)
  std::string title;   ///< plain text
  std::string lead;    ///< plain text, may be empty
  std::vector<std::pair<std::string, std::string>> facts;  ///< (label, HTML value)
};
std::string header_html(const PageHeader& header);
/// The facts every report ends its header with: seed, when it ran, sibsim version and commit.
std::vector<std::pair<std::string, std::string>> provenance_facts(const FileMeta& meta);

/// Everything the page needs around its sections.
struct PageParts {
  std::string title;      ///< <title>, plain text
  std::string header;     ///< header_html(...)
  std::string main;       ///< the sections
  int charts = 0;         ///< Page::charts()
  std::string_view vega;  ///< vega_scripts(...): inlined only when there are charts
  std::string program_version;
  std::string source_name;  ///< the results file's name, for the footer
};
/// The complete, self-contained HTML document.
std::string page_document(const PageParts& parts);

/// The "Assumptions" section: the command's input (RunMeta::input_yaml, e.g. the sweep
/// specification) and the resolved scenario, each folded; "" when both are empty.
std::string assumptions_section(const FileMeta& meta, std::string_view input_title);

}  // namespace sibsim::output::detail
