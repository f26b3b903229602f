// The sweep report's "Scenario discovery" section, when `sibsim discover` added /discovery
// (output/SCHEMA.md): the box in words, the peeling trajectory (coverage against density) and the
// restrictions with their p-values.
#include <fmt/core.h>

#include <cmath>

#include "h5_util.hpp"
#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_sweep.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

constexpr const char* kDiscoveryGroup = "/discovery";
constexpr double kSignificance = 0.05;  // `sibsim discover` keeps a limit with p <= this

const report::Words& words() { return sweep_words(); }

struct DiscoveryAttributes {
  std::string text, kpi, kpi_label, condition;
  double coverage = NAN, density = NAN;
  double points = NAN, cases = NAN, box_cases = NAN;  ///< NaN when the file does not say
};

double number_attr_or_nan(const H5::Group& g, const char* name) {
  if (!g.attrExists(name)) return NAN;
  const H5::Attribute a = g.openAttribute(name);
  if (a.getTypeClass() == H5T_INTEGER) {
    std::uint64_t v = 0;
    a.read(H5::PredType::NATIVE_UINT64, &v);
    return static_cast<double>(v);
  }
  if (a.getTypeClass() == H5T_FLOAT) {
    double v = 0;
    a.read(H5::PredType::NATIVE_DOUBLE, &v);
    return v;
  }
  return NAN;
}

DiscoveryAttributes read_attributes(const std::filesystem::path& path) {
  return h5_try(fmt::format("'{}': reading {}", path.string(), kDiscoveryGroup), [&] {
    const H5::H5File f(path.string(), H5F_ACC_RDONLY);
    const H5::Group g = f.openGroup(kDiscoveryGroup);
    DiscoveryAttributes a;
    a.text = read_str_attr(g, "text");
    a.kpi = read_str_attr(g, "kpi");
    a.kpi_label = g.attrExists("kpi_label") ? read_str_attr(g, "kpi_label") : a.kpi;
    a.condition = read_str_attr(g, "condition");
    a.coverage = read_f64_attr(g, "coverage");
    a.density = read_f64_attr(g, "density");
    a.points = number_attr_or_nan(g, "points");
    a.cases = number_attr_or_nan(g, "cases");
    a.box_cases = number_attr_or_nan(g, "box_cases");
    return a;
  });
}

std::string trajectory_chart(const Table& traj, ReportPage& page) {
  const auto coverage = numbers(traj, "coverage"), density = numbers(traj, "density"),
             step = numbers(traj, "step"), points = numbers(traj, "points"),
             restricted = numbers(traj, "restricted"), chosen = numbers(traj, "chosen");
  if (coverage.empty()) return "";
  ScatterChart chart;
  chart.description = words()("discovery.description");
  chart.x_title = plain(words()("discovery.x"));
  chart.y_title = plain(words()("discovery.y"));
  chart.x_format = "~%";
  chart.y_format = "~%";
  chart.x_unit_interval = true;
  chart.top_left = plain(words()("discovery.dense"));
  chart.bottom_right = plain(words()("discovery.diluted"));
  for (std::size_t i = 0; i < coverage.size(); ++i) {
    const std::vector<std::pair<std::string, std::string>> rows{
        {plain(words()("discovery.coverage")), plain(val(coverage[i], "fraction"))},
        {plain(words()("discovery.density")), plain(val(density[i], "fraction"))},
        {plain(words()("fact.points")), format_number(points[i], 0)},
        {plain(words()("discovery.restricted")), format_number(restricted[i], 0)}};
    const std::string title =
        plain(words()("discovery.step", {{"n", format_number(step[i], 0)}, {"chosen", chosen[i] != 0}}));
    chart.points.push_back({coverage[i], density[i], tooltip_json(title, rows)});
  }
  return page.chart(chart.description, scatter_spec(chart));
}

/// A limit of restriction i ("lo" or "hi") for people: in English as `sibsim discover` wrote it;
/// else dates as in the file, numbers to four significant digits, flags in words (plain text).
std::string limit_text(const Table& res, std::size_t i, const std::string& end) {
  std::string text = strings(res, end + "_text")[i];            // not const: returned by move
  if (current_language() == report::Language::en) return text;  // as `sibsim discover` wrote it
  const auto kinds = strings(res, "kind");
  const std::string kind = i < kinds.size() ? kinds[i] : "";
  if (kind == "number" || kind == "integer") {
    const double x = numbers(res, end)[i];
    if (std::isfinite(x)) return whole(x) ? format_number(x, 0) : sweep_sig(x, 4);
  }
  return shown_value(text);
}

/// The condition "< 0.5" with its number in the report's language (plain text).
std::string condition_text(std::string_view condition) {
  const auto space = condition.find(' ');
  if (space == std::string_view::npos) return std::string(condition);
  const std::string number(condition.substr(space + 1));
  try {
    std::size_t used = 0;
    const double x = std::stod(number, &used);
    if (used != number.size() || !std::isfinite(x)) return std::string(condition);
    return std::string(condition.substr(0, space + 1)) + (whole(x) ? format_number(x, 0) : sweep_sig(x, 6));
  } catch (const std::exception&) {
    return std::string(condition);
  }
}

/// The box in words, as `sibsim discover` words it in English (/discovery `text`), from the
/// attributes and the restrictions; "" when the file lacks what it needs.
std::string box_sentence(const DiscoveryAttributes& a, const Table& res) {
  if (!std::isfinite(a.points) || !std::isfinite(a.cases) || !std::isfinite(a.box_cases) || a.points <= 0)
    return "";
  const std::string kpi = html_escape(capitalise(localised_label(a.kpi, a.kpi_label)));
  const std::string condition = html_escape(condition_text(a.condition));
  const auto percent = [](double share) { return format_number(100.0 * share, 0) + "&nbsp;%"; };
  std::string out = words()("discovery.base", {{"kpi", kpi},
                                               {"condition", condition},
                                               {"cases", format_number(a.cases, 0)},
                                               {"points", format_number(a.points, 0)},
                                               {"share", percent(a.cases / a.points)}});
  const auto param = strings(res, "parameter"), lo = strings(res, "lo_text"), hi = strings(res, "hi_text"),
             kind = strings(res, "kind");
  const auto kept = numbers(res, "kept");
  std::vector<std::string> where, dropped;
  for (std::size_t i = 0; i < res.rows(); ++i) {
    if (kept[i] == 0) {
      dropped.push_back(parameter_words(param[i]));
      continue;
    }
    const bool date = i < kind.size() && kind[i] == "date";
    const std::string p = parameter_words(param[i]);
    if (!lo[i].empty() && !hi[i].empty())
      where.push_back(words()("discovery.between", {{"parameter", p},
                                                    {"lo", html_escape(limit_text(res, i, "lo"))},
                                                    {"hi", html_escape(limit_text(res, i, "hi"))}}));
    else if (!lo[i].empty())
      where.push_back(words()(date ? "discovery.on_or_after" : "discovery.at_least",
                              {{"parameter", p}, {"lo", html_escape(limit_text(res, i, "lo"))}}));
    else
      where.push_back(words()(date ? "discovery.on_or_before" : "discovery.at_most",
                              {{"parameter", p}, {"hi", html_escape(limit_text(res, i, "hi"))}}));
  }
  if (where.empty()) return out + words()("discovery.no_box");
  out += words()("discovery.box", {{"kpi", kpi},
                                   {"condition", condition},
                                   {"density", percent(a.density)},
                                   {"where", word_list(where)},
                                   {"coverage", percent(a.coverage)},
                                   {"box_cases", format_number(a.box_cases, 0)},
                                   {"cases", format_number(a.cases, 0)}});
  if (!dropped.empty()) {
    std::string list;  // as `sibsim discover` lists them: with commas only
    for (const auto& d : dropped) list += (list.empty() ? "" : ", ") + d;
    out += words()("discovery.left_out", {{"list", list}});
  }
  return out;
}

std::string restrictions_table(const Table& res) {
  if (res.rows() == 0) return "<p>" + words()("discovery.no_limits") + "</p>\n";
  const auto param = strings(res, "parameter"), lo = strings(res, "lo_text"), hi = strings(res, "hi_text");
  const auto p = numbers(res, "p_value"), without = numbers(res, "density_without"),
             kept = numbers(res, "kept");
  std::string body = "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("discovery.head") +
                     "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < res.rows(); ++i) {
    body += fmt::format(
        "<tr><td>{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        parameter_cell(param[i]), lo[i].empty() ? "&ndash;" : html_escape(limit_text(res, i, "lo")),
        hi[i].empty() ? "&ndash;" : html_escape(limit_text(res, i, "hi")),
        p[i] < 1e-4 ? "&lt; " + format_number(1e-4, 4) : format_number(p[i], 4), val(without[i], "fraction"),
        words()(kept[i] != 0 ? "discovery.kept" : "discovery.dropped"));
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
  // The box in words: the file's own sentence in English (`sibsim discover` wrote it), else
  // worded again from the attributes and the restrictions.
  std::string sentence =
      current_language() == report::Language::en ? html_escape(a.text) : box_sentence(a, res);
  if (sentence.empty()) sentence = html_escape(a.text);
  std::string body =
      "<p class=\"intro\">" +
      words()("discovery.intro", {{"kpi", html_escape(a.kpi)}, {"condition", html_escape(a.condition)}}) +
      "</p>\n<p class=\"sentence\">" + sentence + "</p>\n";
  body += "<h3>" + words()("discovery.trajectory") + "</h3>\n";
  body += trajectory_chart(traj, page);
  body += "<p class=\"note\">" +
          words()("discovery.coverage_note",
                  {{"coverage", val(a.coverage, "fraction")}, {"density", val(a.density, "fraction")}}) +
          "</p>\n";
  body += "<h3>" + words()("discovery.limits") + "</h3>\n";
  body += restrictions_table(res);
  body += "<p class=\"note\">" + words()("discovery.p_note", {{"alpha", format_number(kSignificance, 2)}}) +
          "</p>\n";
  return section_html("discovery", words()("discovery.title"), body);
}

}  // namespace sibsim::output::detail
