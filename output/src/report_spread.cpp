// The run report's "Parameter uncertainty" section: for a run made with `--posterior CAL.h5`
// (/posterior_spread, output/SCHEMA.md), how much of each KPI's spread comes from what the
// calibration leaves open about the parameters and how much from Monte Carlo variation.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "report_calibration.hpp"
#include "report_catalogues.hpp"
#include "report_columns.hpp"
#include "report_kinds.hpp"
#include "report_text.hpp"
#include "sibsim/output/report/page.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

namespace {

constexpr std::string_view kTable = "/posterior_spread";
constexpr std::string_view kGroupHeadline = "headline";
constexpr std::size_t kRowsShown = 12;  // without groups: the first rows unfolded, the rest folded
constexpr std::size_t kSentences = 3;   // KPIs named in the sentence

struct Row {
  std::string kpi;
  double mean = NAN, total = NAN, parameter = NAN, monte_carlo = NAN, share = NAN;
};

std::string share_text(double share) {
  return std::isfinite(share) ? nowrap(sig(100 * share, 2) + "&nbsp;%") : "n/a";
}

std::string rows_html(const RunReportData& d, const std::vector<Row>& rows) {
  std::string out;
  for (const auto& r : rows) {
    out += fmt::format(
        "<tr><td><span class=\"kpi\">{}</span><code>{}</code></td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(capitalise(d.label(r.kpi))), html_escape(r.kpi), sig(r.mean), sig(r.total),
        sig(r.parameter), sig(r.monte_carlo), share_text(r.share));
  }
  return out;
}

std::string table_html(const RunReportData& d, const std::vector<Row>& rows) {
  return "<div class=\"table-wrap\"><table>\n<thead><tr>" + chart_words()("spread.head") +
         "</tr></thead>\n<tbody>\n" + rows_html(d, rows) + "</tbody></table></div>\n";
}

}  // namespace

std::string posterior_spread_section(const RunReportData& d) {
  if (!has_object(d.path, kTable)) return "";
  const Table t = read_table(d.path, kTable);
  if (t.rows() == 0) return "";
  const auto kpi = strings(t, "kpi");
  const auto mean = numbers(t, "mean"), total = numbers(t, "sd_total"),
             parameter = numbers(t, "sd_parameter"), monte_carlo = numbers(t, "sd_monte_carlo"),
             share = numbers(t, "parameter_share"), particles = numbers(t, "particles_used");
  std::vector<Row> top, rest;
  const bool grouped = !d.group(kGroupHeadline).empty();
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (kpi[i].find('@') != std::string::npos) continue;  // per-time-point KPIs: too many rows
    const Row r{kpi[i], mean[i], total[i], parameter[i], monte_carlo[i], share[i]};
    const bool important = grouped ? d.in_group(kpi[i], kGroupHeadline) : top.size() < kRowsShown;
    (important ? top : rest).push_back(r);
  }
  if (top.empty()) std::swap(top, rest);
  double used = NAN;  // the largest particles_used
  for (const double n : particles)
    if (std::isfinite(n) && !(n <= used)) used = n;
  const bool counted = std::isfinite(used) && used > 0;
  std::string body =
      "<p class=\"intro\">" +
      chart_words()("spread.intro",
                    {{"particles", counted ? WordValue(format_number(used, 0)) : WordValue(false)}}) +
      "</p>\n";
  std::vector<std::string> said;
  for (std::size_t i = 0; i < top.size() && i < kSentences; ++i) {
    said.push_back(chart_words()(
        "spread.item",
        {{"share", share_text(top[i].share)}, {"figure", html_escape(decapitalise(d.label(top[i].kpi)))}}));
  }
  if (!said.empty()) {
    std::string list;
    for (std::size_t i = 0; i < said.size(); ++i)
      list += (i == 0 ? "" : i + 1 == said.size() ? chart_words()("list.and") : ", ") + said[i];
    body += "<p class=\"sentence\">" + chart_words()("spread.sentence", {{"list", list}}) + "</p>\n";
  }
  body += table_html(d, top);
  if (!rest.empty()) {
    body += "<details><summary>" +
            chart_words()("others", {{"n", format_number(static_cast<double>(rest.size()), 0)}}) +
            "</summary>\n" + table_html(d, rest) + "</details>\n";
  }
  return report::section_html("parameter-uncertainty", chart_words()("spread.title"), body);
}

}  // namespace sibsim::output::detail
