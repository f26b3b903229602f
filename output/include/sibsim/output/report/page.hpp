#pragma once
/// \file page.hpp
/// The page a run report is assembled on (ReportPage): its header band, the sections a model adds,
/// the chart containers and the parts of the generic report a model has drawn itself. output/
/// wraps it in the frame every report shares (styles, no-network policy, chart renderer, footer).
///
/// CSS classes the page defines, for a section's HTML:
///   sections: `intro` (muted paragraph under a heading), `sentence` (a finding in words), `note`,
///             `answers` (the key-answers look: see answers_html), `table-wrap` around a <table>,
///             `num` on numeric cells, `dim` (muted), `nw` (no wrap), `kpi` (bold block in a cell);
///   tags:     `tag` (a small label next to a figure, e.g. assumption_tag);
///   legends:  `legend` around legend_item()s with swatches `sw-median`, `sw-band50`, `sw-band90`,
///             `sw-target` (dashed accent line), `sw-deadline` (dotted vertical line).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/output/results_types.hpp"

namespace sibsim::output {

namespace report {

/// The id of the section that lists the scenario's labelled values (RunMeta::provenance).
inline constexpr std::string_view kPartProvenance = "provenance";
/// A tag to put next to a figure that depends on a value the scenario labels as an assumption
/// (RunMeta::provenance with label "assumption" whose `affects` names `kpi`): "assumption",
/// linked to the section that lists them, with the values in its tooltip; "" when none does.
std::string assumption_tag(const RunMeta& meta, std::string_view kpi);

/// The coloured band at the top of the page.
struct PageHeader {
  std::string kicker;  ///< e.g. "sibsim &middot; simulation report" (HTML)
  std::string title;   ///< plain text
  std::string lead;    ///< plain text, may be empty
  std::vector<std::pair<std::string, std::string>> facts;  ///< (label, HTML value)
};

/// <section id=...><h2>title</h2>content</section> (title and content are HTML).
std::string section_html(std::string_view id, std::string_view title, std::string_view content);
/// One entry of a chart legend: a swatch of the CSS class (`sw-...`) and its text (HTML).
std::string legend_item(std::string_view css_class, std::string_view text);
/// The key-answers section (id kPartKeyAnswers): an optional intro, one list item per sentence
/// (HTML) and an optional note below; "" when there are no items.
std::string answers_html(const std::vector<std::string>& items, std::string_view note = {},
                         std::string_view intro = {});

/// Parts of the generic run report that a model may draw itself (ReportPage::mark_shown), so
/// the generic report leaves them out. A model section with the id kPartKeyAnswers replaces the
/// generic key answers too.
inline constexpr std::string_view kPartKeyAnswers = "key-answers";  ///< the headline figures
inline constexpr std::string_view kPartFunnel = "funnel";           ///< /funnel
inline constexpr std::string_view kPartFigures = "figures";         ///< the table of key figures
/// The part that draws /timeseries/<name>: "timeseries/<name>".
std::string series_part(std::string_view series_name);

}  // namespace report

/// The run report's page while it is assembled: write_html_report fills the header, lets the
/// model's RunReportSections add its sections, then adds the generic ones around them (see
/// html_report.hpp for the order).
class ReportPage {
 public:
  /// A section in page order: its id (unique on the page) and its complete HTML.
  struct Section {
    std::string id;
    std::string html;
  };

  /// A chart container for a Vega spec (report/charts.hpp), labelled for screen readers with
  /// `label` (plain text); returns the HTML to put into a section. Charts are numbered in the
  /// order they are made.
  std::string chart(std::string_view label, const std::string& spec);
  [[nodiscard]] int charts() const noexcept { return charts_; }

  /// The header band; a model may change the kicker, add a lead or facts.
  [[nodiscard]] report::PageHeader& header() noexcept { return header_; }
  [[nodiscard]] const report::PageHeader& header() const noexcept { return header_; }

  /// Adds section_html(id, title, content) (HTML title and content). Throws std::invalid_argument
  /// if the id is empty or already on the page.
  void add_section(std::string_view id, std::string_view title, std::string_view content);
  /// Adds a complete section's HTML (e.g. answers_html(...)) under `id`; nothing when html is
  /// empty. Throws std::invalid_argument as add_section does.
  void add_html(std::string_view id, std::string html);
  [[nodiscard]] const std::vector<Section>& sections() const noexcept { return sections_; }
  [[nodiscard]] bool has_section(std::string_view id) const noexcept;

  /// Records that a part of the generic report (report::kPart..., series_part(name)) is drawn
  /// by the model's sections, so the generic report leaves it out.
  void mark_shown(std::string_view part);
  [[nodiscard]] bool shown(std::string_view part) const noexcept;

 private:
  int charts_ = 0;
  report::PageHeader header_;
  std::vector<Section> sections_;
  std::vector<std::string> shown_;
};

}  // namespace sibsim::output
