// The sweep report's "Scenario discovery" section, when `sibsim discover` added /discovery
// (output/SCHEMA.md): the box in words, the peeling trajectory (coverage against density) and the
// restrictions with their p-values.
#include <fmt/core.h>

#include <cmath>

#include "h5_util.hpp"
#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_sweep.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

constexpr const char* kDiscoveryGroup = "/discovery";

struct DiscoveryAttributes {
  std::string text, kpi, condition;
  double coverage = NAN, density = NAN;
};

DiscoveryAttributes read_attributes(const std::filesystem::path& path) {
  return h5_try(fmt::format("'{}': reading {}", path.string(), kDiscoveryGroup), [&] {
    const H5::H5File f(path.string(), H5F_ACC_RDONLY);
    const H5::Group g = f.openGroup(kDiscoveryGroup);
    DiscoveryAttributes a;
    a.text = read_str_attr(g, "text");
    a.kpi = read_str_attr(g, "kpi");
    a.condition = read_str_attr(g, "condition");
    a.coverage = read_f64_attr(g, "coverage");
    a.density = read_f64_attr(g, "density");
    return a;
  });
}

std::string trajectory_chart(const Table& traj, ReportPage& page) {
  const auto coverage = numbers(traj, "coverage"), density = numbers(traj, "density"),
             step = numbers(traj, "step"), points = numbers(traj, "points"),
             restricted = numbers(traj, "restricted"), chosen = numbers(traj, "chosen");
  if (coverage.empty()) return "";
  ScatterChart chart;
  chart.description = "PRIM's peeling trajectory: each box's coverage against its density.";
  chart.x_title = "Coverage (share of all cases in the box)";
  chart.y_title = "Density (share of the box's points that are cases)";
  chart.x_format = "~%";
  chart.y_format = "~%";
  chart.x_unit_interval = true;
  chart.top_left = "dense but rare";
  chart.bottom_right = "common but diluted";
  for (std::size_t i = 0; i < coverage.size(); ++i) {
    const std::vector<std::pair<std::string, std::string>> rows{
        {"Coverage", plain(val(coverage[i], "fraction"))},
        {"Density", plain(val(density[i], "fraction"))},
        {"Design points", format_number(points[i], 0)},
        {"Parameters restricted", format_number(restricted[i], 0)}};
    const std::string title =
        fmt::format("Step {}{}", format_number(step[i], 0), chosen[i] != 0 ? " (chosen)" : "");
    chart.points.push_back({coverage[i], density[i], tooltip_json(title, rows)});
  }
  return page.chart(chart.description, scatter_spec(chart));
}

std::string restrictions_table(const Table& res) {
  if (res.rows() == 0) return "<p>The chosen box restricts no parameter.</p>\n";
  const auto param = strings(res, "parameter"), lo = strings(res, "lo_text"), hi = strings(res, "hi_text");
  const auto p = numbers(res, "p_value"), without = numbers(res, "density_without"),
             kept = numbers(res, "kept");
  std::string body =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>Parameter</th><th>From</th><th>To</th>"
      "<th class=\"num\">p-value</th><th class=\"num\">Density without it</th><th>In the "
      "box</th></tr></thead>\n"
      "<tbody>\n";
  for (std::size_t i = 0; i < res.rows(); ++i) {
    body += fmt::format(
        "<tr><td><code>{}</code></td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        html_escape(param[i]), lo[i].empty() ? "&ndash;" : html_escape(lo[i]),
        hi[i].empty() ? "&ndash;" : html_escape(hi[i]),
        p[i] < 1e-4 ? "&lt; 0.0001" : fmt::format("{:.4f}", p[i]), val(without[i], "fraction"),
        kept[i] != 0 ? "yes" : "no (not significant)");
  }
  body += "</tbody></table></div>\n";
  return body;
}

}  // namespace

std::string sweep_discovery(const std::filesystem::path& path, ReportPage& page) {
  if (!has_object(path, kDiscoveryGroup)) return "";
  const DiscoveryAttributes a = read_attributes(path);
  const Table traj = read_table(path, "/discovery/trajectory");
  const Table res = read_table(path, "/discovery/restrictions");
  std::string body = fmt::format(
      "<p class=\"intro\">Which parameter values make <code>{} {}</code> likely? PRIM (the patient rule "
      "induction method, as in the EMA Workbench) shrinks a box of parameter values step by step, each step "
      "leaving out the few design points that most dilute the box, then picks one box and tests each of its "
      "limits.</p>\n<p class=\"sentence\">{}</p>\n",
      html_escape(a.kpi), html_escape(a.condition), html_escape(a.text));
  body += "<h3>The peeling trajectory</h3>\n";
  body += trajectory_chart(traj, page);
  body += fmt::format(
      "<p class=\"note\">Coverage is the share of all such design points inside the box, density the share "
      "of the box's points that are such points. The final box: coverage {}, density {}.</p>\n",
      val(a.coverage, "fraction"), val(a.density, "fraction"));
  body += "<h3>The box's limits</h3>\n";
  body += restrictions_table(res);
  body +=
      "<p class=\"note\">The p-value asks whether the box would hold as many such points by chance if the "
      "limit were dropped (one-sided hypergeometric test). Limits with p &gt; 0.05 are left out of the "
      "box.</p>\n";
  return section_html("discovery", "Scenario discovery", body);
}

}  // namespace sibsim::output::detail
