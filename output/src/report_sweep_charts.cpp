// The charts of the sweep report: outcomes against the varied parameters (a line with its band
// for one parameter, a heatmap for a grid of two or more, a scatter per parameter otherwise), the
// trade-off between two derived measures (/outcome_measures), and the sensitivity charts
// (tornado, Sobol indices).
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_sweep.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

const report::Words& words() { return sweep_words(); }
/// A catalogue text for a tooltip or chart (plain text).
std::string plain_words(std::string_view id, const report::WordValues& values = {}) {
  return plain(words()(id, values));
}

constexpr std::size_t kMaxLineKpis = 6;
constexpr std::size_t kMaxScatterParameters = 4;
constexpr std::string_view kOatRole = "oat:";  // roles oat:base, oat:low:<path>, oat:high:<path>
constexpr double kZ95 = 1.959964;              // a normal 95 % interval: mean +- kZ95 standard errors

bool numeric(const SweepParameter& p) { return p.kind == "number" || p.kind == "integer"; }

/// A parameter's value at /design row i as a number for an axis: the number, ms since 1970 for a
/// date, 0/1 for a flag; NaN otherwise.
double axis_value(const Sweep& s, const SweepParameter& p, std::size_t row) {
  if (p.column == nullptr) return NAN;
  if (p.kind == "date") {
    const auto d = parse_iso_date(parameter_value(p, row));
    return d ? static_cast<double>(*d) * kMsPerDay : NAN;
  }
  if (is_text(*p.column)) return NAN;
  return numbers(s.design, p.path)[row];
}

/// The parameter's distinct values in axis order: numbers and dates ascending, false before
/// true, text in order of first appearance.
std::vector<std::string> ordered_values(const Sweep& s, const SweepParameter& p) {
  std::vector<std::pair<double, std::string>> seen;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto v = parameter_value(p, i);
    if (std::none_of(seen.begin(), seen.end(), [&](const auto& e) { return e.second == v; }))
      seen.emplace_back(axis_value(s, p, i), std::move(v));
  }
  if (std::all_of(seen.begin(), seen.end(), [](const auto& e) { return std::isfinite(e.first); }))
    std::stable_sort(seen.begin(), seen.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(seen.size());
  for (auto& e : seen) out.push_back(std::move(e.second));
  return out;
}

/// "Customers served", "Cost (EUR)": the label with the unit (plain text).
std::string axis_title(const Sweep& s, std::string_view name) {
  const std::string unit = s.unit(name);
  return capitalise(s.label(name)) +
         (unit.empty() || is_fraction_unit(unit) ? "" : " (" + unit_label(unit) + ")");
}

std::string format_for(std::string_view unit) { return is_fraction_unit(unit) ? "~%" : ",~f"; }

std::string tip_value(const Sweep& s, std::string_view kpi, double x) { return plain(kpi_value(s, kpi, x)); }

/// "Point 3": a design point's tooltip title (plain text).
std::string point_title(const Sweep& s, std::size_t row) {
  return plain_words("point.title", {{"n", format_number(s.points[row], 0)}});
}

// --- Outcomes against the parameters -------------------------------------------------------------

std::string one_parameter(const Sweep& s, ReportPage& page) {
  const SweepParameter& p = s.parameters.front();
  const XKind kind = numeric(p) ? XKind::number : p.kind == "date" ? XKind::date : XKind::category;
  // Design rows in axis order, one per value (the first point with that value).
  std::vector<std::size_t> rows;
  for (const auto& v : ordered_values(s, p)) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (parameter_value(p, i) == v && s.outcome_row[i]) {
        rows.push_back(i);
        break;
      }
    }
  }
  if (rows.empty()) return "";
  std::string body =
      "<p class=\"intro\">" + words()("line.intro", {{"parameter", parameter_words(p.path)}}) + "</p>\n";
  body += "<div class=\"legend\">" + legend_item("sw-median", words()("mean")) +
          legend_item("sw-band90", words()("middle90")) + "</div>\n";
  for (std::size_t k = 0; k < s.kpis.size() && k < kMaxLineKpis; ++k) {
    const auto& kpi = s.kpis[k];
    const bool band = !is_fraction_unit(kpi.unit);
    BandLineChart chart;
    chart.x_kind = kind;
    chart.x_title = parameter_label(p.path);
    chart.y_title = axis_title(s, kpi.name);
    chart.y_format = format_for(kpi.unit);
    chart.description = words()("line.description",
                                {{"kpi", decapitalise(kpi.label)}, {"parameter", parameter_label(p.path)}});
    for (const std::size_t i : rows) {
      const double mean = s.outcome(kpi.name, i);
      const double lo = band ? s.outcome(kpi.name + ":p5", i) : NAN,
                   hi = band ? s.outcome(kpi.name + ":p95", i) : NAN;
      std::vector<std::pair<std::string, std::string>> tip = {
          {plain_words("mean"), tip_value(s, kpi.name, mean)}};
      if (band && std::isfinite(lo))
        tip.emplace_back(plain_words("middle90"), plain(sweep_range(lo, hi, kpi.unit)));
      chart.points.push_back({axis_value(s, p, i), parameter_value(p, i), mean, lo, hi,
                              tooltip_json(parameter_label(p.path) + " = " + parameter_value(p, i), tip)});
    }
    body += fmt::format("<h3>{}</h3>\n", html_escape(capitalise(kpi.label)));
    body += page.chart(chart.description, band_line_spec(chart));
  }
  return section_html("outcomes", words()("line.title", {{"parameter", parameter_words(p.path)}}), body);
}

std::string grid_heatmap(const Sweep& s, ReportPage& page) {
  const SweepParameter& px = s.parameters[0];
  const SweepParameter& py = s.parameters[1];
  const SweepKpi& kpi = s.kpis.front();
  Heatmap chart;
  chart.columns = ordered_values(s, px);
  chart.rows = ordered_values(s, py);
  chart.x_title = parameter_label(px.path);
  chart.y_title = parameter_label(py.path);
  chart.legend_title = axis_title(s, kpi.name);
  chart.legend_format = format_for(kpi.unit);
  chart.description = words()(
      "grid.description",
      {{"kpi", decapitalise(kpi.label)}, {"x", parameter_label(px.path)}, {"y", parameter_label(py.path)}});
  std::map<std::pair<std::string, std::string>, std::pair<double, int>> sums;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double v = s.outcome(kpi.name, i);
    if (!std::isfinite(v)) continue;
    auto& [sum, n] = sums[{parameter_value(px, i), parameter_value(py, i)}];
    sum += v;
    ++n;
  }
  for (const auto& [key, acc] : sums) {
    const double mean = acc.first / acc.second;
    std::vector<std::pair<std::string, std::string>> tip = {
        {plain_words("grid.tip_mean", {{"kpi", decapitalise(kpi.label)}}), tip_value(s, kpi.name, mean)}};
    if (acc.second > 1) tip.emplace_back(plain_words("grid.tip_averaged"), format_number(acc.second, 0));
    chart.cells.push_back({key.first, key.second, mean, tip_value(s, kpi.name, mean),
                           tooltip_json(parameter_label(px.path) + " = " + key.first + ", " +
                                            parameter_label(py.path) + " = " + key.second,
                                        tip)});
  }
  if (chart.cells.empty()) return "";
  std::string body = "<p class=\"intro\">" +
                     words()("grid.intro", {{"kpi", html_escape(decapitalise(kpi.label))},
                                            {"x", parameter_words(px.path)},
                                            {"y", parameter_words(py.path)},
                                            {"others", s.parameters.size() > 2}}) +
                     "</p>\n";
  body += page.chart(chart.description, heatmap_spec(chart));
  return section_html("outcomes", words()("grid.title", {{"kpi", html_escape(capitalise(kpi.label))}}), body);
}

std::string scatter_per_parameter(const Sweep& s, ReportPage& page) {
  const SweepKpi& kpi = s.kpis.front();
  // One-at-a-time points move one parameter with the others at the base: against a parameter they
  // look like a spread that is not there. Only points that vary all parameters are drawn.
  std::vector<std::size_t> rows_shown;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i >= s.roles.size() || !s.roles[i].starts_with(kOatRole)) rows_shown.push_back(i);
  if (rows_shown.empty()) return "";
  std::string body = "<p class=\"intro\">" +
                     words()("scatter.intro", {{"kpi", html_escape(decapitalise(kpi.label))},
                                               {"oat_left_out", rows_shown.size() < s.size()},
                                               {"sensitivity", words()("sensitivity.title")}}) +
                     "</p>\n";
  int charts = 0;
  for (const auto& p : s.parameters) {
    if (charts == static_cast<int>(kMaxScatterParameters) || !(numeric(p) || p.kind == "date")) continue;
    ScatterChart chart;
    chart.utc_time = p.kind == "date";
    chart.x_title = parameter_label(p.path);
    chart.y_title = axis_title(s, kpi.name);
    chart.y_format = format_for(kpi.unit);
    chart.description = words()("scatter.description",
                                {{"kpi", decapitalise(kpi.label)}, {"parameter", parameter_label(p.path)}});
    for (const std::size_t i : rows_shown) {
      auto rows = point_tooltip_rows(s, i);
      rows.emplace_back(capitalise(kpi.label), tip_value(s, kpi.name, s.outcome(kpi.name, i)));
      chart.points.push_back(
          {axis_value(s, p, i), s.outcome(kpi.name, i), tooltip_json(point_title(s, i), rows)});
    }
    body += "<h3>" + words()("scatter.heading", {{"parameter", parameter_words(p.path)}}) + "</h3>\n";
    body += page.chart(chart.description, scatter_spec(chart));
    ++charts;
  }
  if (charts == 0) return "";
  return section_html("outcomes", words()("scatter.title", {{"kpi", html_escape(capitalise(kpi.label))}}),
                      body);
}

// --- Sensitivity ------------------------------------------------------------------------------------

std::vector<std::string> kpis_in(const Table& t) {
  std::vector<std::string> out;
  for (auto& k : strings(t, "kpi"))
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  return out;
}

/// The 95 % Monte Carlo interval of the mean `mean` of KPI k at the one-at-a-time point with this
/// role, from the point's standard error in /outcomes (`<k>:se`); nullopt without one.
std::optional<std::pair<double, double>> oat_interval(const Sweep& s, const std::string& k,
                                                      std::string_view role, double mean) {
  const auto row = row_of_role(s, role);
  if (!row || !std::isfinite(mean)) return std::nullopt;
  const double se = s.outcome(k + ":se", *row);
  if (!std::isfinite(se) || se < 0) return std::nullopt;
  return std::pair(mean - kZ95 * se, mean + kZ95 * se);
}

/// The 95 % Monte Carlo interval of one end of a tornado bar (the bar of row `label`).
struct Whisker {
  std::string label;
  bool low = true;
  double lo = NAN, hi = NAN;
};

/// The chart kit's tornado spec with each bar end's interval drawn across it as a whisker (a rule
/// with caps) and the bar's text moved beyond the whisker. A spec not shaped as expected (no data
/// "bars", no marks) is returned as it is: the chart then simply has no whiskers.
std::string with_whiskers(const std::string& spec, const std::vector<Whisker>& whiskers) {
  using nlohmann::json;
  if (whiskers.empty()) return spec;
  json j = json::parse(spec, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("data") || !j["data"].is_array() ||
      !j.contains("marks") || !j["marks"].is_array())
    return spec;
  json* bars = nullptr;
  for (auto& d : j["data"])
    if (d.is_object() && d.value("name", "") == "bars" && d.contains("values") && d["values"].is_array())
      bars = &d;
  if (bars == nullptr) return spec;
  json values = json::array();
  for (const auto& w : whiskers)
    values.push_back({{"label", w.label}, {"end", w.low ? "low" : "high"}, {"lo", w.lo}, {"hi", w.hi}});
  // The text at a bar's end goes beyond its whisker: "xt" is where it starts.
  for (auto& b : (*bars)["values"]) {
    if (!b.is_object() || !b.contains("x0") || !b.contains("x1") || !b["x0"].is_number() ||
        !b["x1"].is_number())
      continue;
    const double x0 = b["x0"].get<double>(), x1 = b["x1"].get<double>();
    double xt = x1;
    for (const auto& w : whiskers)
      if (w.label == b.value("label", "") && (w.low ? "low" : "high") == b.value("end", ""))
        xt = x1 < x0 ? std::min(x1, w.lo) : std::max(x1, w.hi);
    b["xt"] = xt;
  }
  for (auto& m : j["marks"]) {
    if (!m.is_object() || m.value("type", "") != "text" || !m.contains("from") || !m["from"].is_object() ||
        m["from"].value("data", "") != "bars")
      continue;
    if (m.contains("encode") && m["encode"].contains("update") && m["encode"]["update"].contains("x") &&
        m["encode"]["update"]["x"].is_object())
      m["encode"]["update"]["x"]["field"] = "xt";
  }
  j["data"].push_back({{"name", "whiskers"}, {"values", std::move(values)}});
  // Centred on the bars (rects at offsets 20 and 34, 12 high), caps 10 high.
  const auto rule = [](const json& x, const json& x2, int low_offset, int high_offset, int low_end,
                       int high_end) {
    json update = {
        {"x", x},
        {"y",
         {{"scale", "y"},
          {"field", "label"},
          {"offset", {{"signal", fmt::format("datum.end == 'low' ? {} : {}", low_offset, high_offset)}}}}},
        {"stroke", {{"value", palette::kInk}}},
        {"strokeWidth", {{"value", 1.5}}}};
    if (!x2.is_null()) update["x2"] = x2;
    if (low_end > 0)
      update["y2"] = {
          {"scale", "y"},
          {"field", "label"},
          {"offset", {{"signal", fmt::format("datum.end == 'low' ? {} : {}", low_end, high_end)}}}};
    return json{{"type", "rule"},
                {"from", {{"data", "whiskers"}}},
                {"interactive", false},
                {"encode", {{"update", std::move(update)}}}};
  };
  const json lo = {{"scale", "x"}, {"field", "lo"}}, hi = {{"scale", "x"}, {"field", "hi"}};
  j["marks"].push_back(rule(lo, hi, 26, 40, 0, 0));
  j["marks"].push_back(rule(lo, nullptr, 21, 35, 31, 45));
  j["marks"].push_back(rule(hi, nullptr, 21, 35, 31, 45));
  // As the chart kit writes JSON: '<', '>' and '&' (only ever inside strings) escaped.
  std::string out;
  for (const char c : j.dump()) {
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
  }
  return out;
}

std::string tornado_html(const Sweep& s, ReportPage& page) {
  const Table& t = s.oat;
  if (t.rows() == 0) return "";
  const auto kpi = strings(t, "kpi"), parameter = strings(t, "parameter"),
             low_value = strings(t, "low_value"), high_value = strings(t, "high_value");
  const auto base = numbers(t, "base"), at_low = numbers(t, "at_low"), at_high = numbers(t, "at_high");
  std::string body =
      "<h3>" + words()("oat.heading") + "</h3>\n<p class=\"intro\">" + words()("oat.intro") + "</p>\n";
  body += "<div class=\"legend\">" + legend_item("sw-low", words()("oat.low")) +
          legend_item("sw-high", words()("oat.high")) + legend_item("sw-deadline", words()("oat.base")) +
          "</div>\n";
  int drawn = 0;
  bool any_whisker = false;
  for (const auto& k : kpis_in(t)) {
    const std::string unit = s.unit(k);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < t.rows(); ++i)
      if (kpi[i] == k) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      const double sa = std::fabs(at_high[a] - at_low[a]), sb = std::fabs(at_high[b] - at_low[b]);
      return (std::isfinite(sa) ? sa : -1) > (std::isfinite(sb) ? sb : -1);
    });
    TornadoChart chart;
    chart.base = base[rows.front()];
    if (!std::isfinite(chart.base)) continue;
    chart.x_title = axis_title(s, k);
    chart.x_format = format_for(unit);
    chart.description = words()("oat.description", {{"kpi", decapitalise(s.label(k))}});
    std::string table = "<div class=\"table-wrap\"><table class=\"wide\">\n<thead><tr>" +
                        words()("oat.head") + "</tr></thead>\n<tbody>\n";
    const auto end_ci = [&](std::size_t i, bool low) {
      return oat_interval(s, k, std::string(low ? "oat:low:" : "oat:high:") + parameter[i],
                          low ? at_low[i] : at_high[i]);
    };
    std::vector<Whisker> whiskers;
    for (const std::size_t i : rows) {
      for (const bool low : {true, false})
        if (const auto ci = end_ci(i, low))
          whiskers.push_back({parameter_label(parameter[i]), low, ci->first, ci->second});
      const auto tip = [&](bool low) {
        std::vector<std::pair<std::string, std::string>> tip_rows = {
            {plain_words(low ? "oat.low_value" : "oat.high_value"),
             shown_value(low ? low_value[i] : high_value[i])},
            {capitalise(s.label(k)), tip_value(s, k, low ? at_low[i] : at_high[i])}};
        if (const auto ci = end_ci(i, low))
          tip_rows.emplace_back(plain_words("ci95"), plain(sweep_range(ci->first, ci->second, unit)));
        tip_rows.emplace_back(plain_words("oat.at_base"), tip_value(s, k, base[i]));
        return tooltip_json(parameter_label(parameter[i]), tip_rows);
      };
      chart.rows.push_back({parameter_label(parameter[i]), at_low[i], at_high[i],
                            shown_value(low_value[i]) + ": " + tip_value(s, k, at_low[i]),
                            shown_value(high_value[i]) + ": " + tip_value(s, k, at_high[i]), tip(true),
                            tip(false)});
      const auto cell = [&](bool low) {
        const double x = low ? at_low[i] : at_high[i];
        const auto ci = end_ci(i, low);
        return kpi_value(s, k, x) +
               (ci ? " <span class=\"dim\">(" + sweep_range(ci->first, ci->second, unit) + ")</span>" : "");
      };
      table += fmt::format(
          "<tr><td>{}</td><td class=\"nw\">{}</td><td class=\"num\">{}</td><td "
          "class=\"nw\">{}</td><td class=\"num\">{}</td></tr>\n",
          parameter_cell(parameter[i]), html_escape(shown_value(low_value[i])), cell(true),
          html_escape(shown_value(high_value[i])), cell(false));
    }
    table += "</tbody></table></div>\n";
    const auto base_ci = oat_interval(s, k, "oat:base", chart.base);
    body +=
        "<h3>" +
        words()("oat.kpi_heading",
                {{"kpi", html_escape(capitalise(s.label(k)))},
                 {"base", kpi_value(s, k, chart.base)},
                 {"ci", base_ci.has_value()},
                 {"range", base_ci ? sweep_range(base_ci->first, base_ci->second, unit) : std::string()}}) +
        "</h3>\n";
    body += page.chart(chart.description, with_whiskers(tornado_spec(chart), whiskers));
    any_whisker = any_whisker || !whiskers.empty();
    body += table;
    ++drawn;
  }
  if (drawn > 0)
    body += "<p class=\"note\">" +
            words()("oat.note", {{"z", format_number(kZ95, 2)}, {"whiskers", any_whisker}}) + "</p>\n";
  return drawn > 0 ? body : "";
}

/// A Sobol index for the table: "62.3&nbsp;% (55–70&nbsp;%)"; an estimate outside 0–100 % is
/// marked as noise.
std::string index_cell(double x, double lo, double hi) {
  std::string out = sweep_value(x, "fraction");
  if (outside_unit(x)) out += "<sup title=\"" + words()("sobol.noise_mark") + "\">*</sup>";
  if (std::isfinite(lo) && std::isfinite(hi))
    out += " <span class=\"dim\">(" + sweep_range(lo, hi, "fraction") + ")</span>";
  return out;
}

std::string sobol_html(const Sweep& s, ReportPage& page) {
  const Table& t = s.sobol;
  if (t.rows() == 0) return "";
  const auto kpi = strings(t, "kpi"), parameter = strings(t, "parameter");
  const auto first = numbers(t, "first"), first_low = numbers(t, "first_low"),
             first_high = numbers(t, "first_high");
  const auto total = numbers(t, "total"), total_low = numbers(t, "total_low"),
             total_high = numbers(t, "total_high");
  std::string body =
      "<h3>" + words()("sobol.heading") + "</h3>\n<p class=\"intro\">" + words()("sobol.intro") + "</p>\n";
  body += "<div class=\"legend\">" + legend_item("sw-first", words()("sobol.first")) +
          legend_item("sw-total", words()("sobol.total")) + "</div>\n";
  int drawn = 0;
  bool noisy = false;
  for (const auto& k : kpis_in(t)) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < t.rows(); ++i)
      if (kpi[i] == k) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      return (std::isfinite(total[a]) ? total[a] : -1) > (std::isfinite(total[b]) ? total[b] : -1);
    });
    std::string table =
        "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("sobol.head") + "</tr></thead>\n<tbody>\n";
    SobolChart chart;
    chart.description = words()("sobol.description", {{"kpi", decapitalise(s.label(k))}});
    for (const std::size_t i : rows) {
      const auto ci = [](double lo, double hi) {
        return std::isfinite(lo) && std::isfinite(hi) ? plain(sweep_range(lo, hi, "fraction"))
                                                      : plain(page_words()("not_available"));
      };
      // Tooltip rows are keyed by their text: the second CI's key ends in a space.
      const std::string tip =
          tooltip_json(parameter_label(parameter[i]),
                       {{plain_words("sobol.own"), plain(sweep_value(first[i], "fraction"))},
                        {plain_words("ci95"), ci(first_low[i], first_high[i])},
                        {plain_words("sobol.interactions"), plain(sweep_value(total[i], "fraction"))},
                        {plain_words("ci95") + " ", ci(total_low[i], total_high[i])}});
      chart.rows.push_back({parameter_label(parameter[i]), first[i], first_low[i], first_high[i], total[i],
                            total_low[i], total_high[i], tip});
      table += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                           parameter_cell(parameter[i]), index_cell(first[i], first_low[i], first_high[i]),
                           index_cell(total[i], total_low[i], total_high[i]));
      noisy = noisy || outside_unit(first[i]) || outside_unit(total[i]) || outside_unit(first_low[i]) ||
              outside_unit(first_high[i]) || outside_unit(total_low[i]) || outside_unit(total_high[i]);
    }
    table += "</tbody></table></div>\n";
    body += fmt::format("<h3>{}</h3>\n", html_escape(capitalise(s.label(k))));
    body += page.chart(chart.description, sobol_spec(chart));
    body += table;
    ++drawn;
  }
  if (noisy) body += "<p class=\"note\">" + words()("sobol.note") + "</p>\n";
  return drawn > 0 ? body : "";
}

}  // namespace

std::string sweep_outcome_charts(const Sweep& s, ReportPage& page) {
  if (s.kpis.empty() || s.size() == 0 || s.parameters.empty()) return "";
  if (s.parameters.size() == 1) return one_parameter(s, page);
  if (s.all_roles("grid")) return grid_heatmap(s, page);
  return scatter_per_parameter(s, page);
}

std::string sweep_sensitivity(const Sweep& s, ReportPage& page) {
  const std::string body = tornado_html(s, page) + sobol_html(s, page);
  return body.empty() ? "" : section_html("sensitivity", words()("sensitivity.title"), body);
}

std::string sweep_tradeoff(const Sweep& s, ReportPage& page) {
  // x: the first measure of the group trade_off_x; y: the first of trade_off_y with a value.
  const auto has_value = [&](const OutcomeMeasure& m) {
    for (std::size_t i = 0; i < s.size(); ++i)
      if (std::isfinite(s.outcome(m.name, i))) return true;
    return false;
  };
  const OutcomeMeasure* mx = nullptr;
  const OutcomeMeasure* my = nullptr;
  for (const auto& m : s.measures) {
    if (mx == nullptr && m.in(kTradeOffX)) mx = &m;
    if (my == nullptr && m.in(kTradeOffY) && has_value(m)) my = &m;
  }
  if (mx == nullptr || my == nullptr || mx == my || s.size() == 0) return "";
  const std::string x_label = capitalise(mx->label), y_label = capitalise(my->label);
  ScatterChart chart;
  chart.x_title = axis_title(s, mx->name);
  chart.y_title = axis_title(s, my->name);
  chart.x_format = is_fraction_unit(mx->unit) ? "~%" : ",~f";
  chart.y_format = is_fraction_unit(my->unit) ? "~%" : ",~f";
  chart.x_unit_interval = mx->unit == "fraction";
  chart.description =
      words()("tradeoff.description", {{"x", decapitalise(mx->label)}, {"y", decapitalise(my->label)}});
  chart.bottom_left = plain_words("tradeoff.lower");
  chart.top_right = plain_words("tradeoff.higher");
  std::optional<std::size_t> lowest_x, lowest_y;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double x = s.outcome(mx->name, i), y = s.outcome(my->name, i);
    auto rows = point_tooltip_rows(s, i);
    rows.emplace_back(x_label, plain(sweep_value(x, mx->unit)));
    rows.emplace_back(y_label, plain(sweep_value(y, my->unit)));
    chart.points.push_back({x, y, tooltip_json(point_title(s, i), rows)});
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    const auto better = [](double a, double b, double tie_a, double tie_b) {
      return a < b || (a == b && tie_a < tie_b);
    };
    if (!lowest_x || better(x, s.outcome(mx->name, *lowest_x), y, s.outcome(my->name, *lowest_x)))
      lowest_x = i;
    if (!lowest_y || better(y, s.outcome(my->name, *lowest_y), x, s.outcome(mx->name, *lowest_y)))
      lowest_y = i;
  }
  std::string body = "<p class=\"intro\">" +
                     words()("tradeoff.intro", {{"x", html_escape(decapitalise(mx->label))},
                                                {"y", html_escape(decapitalise(my->label))}}) +
                     "</p>\n";
  body += page.chart(chart.description, scatter_spec(chart));
  if (lowest_x && lowest_y) {
    const auto point = [&](std::size_t i) {
      return words()("tradeoff.point",
                     {{"n", format_number(s.points[i], 0)}, {"values", html_escape(point_values(s, i))}});
    };
    std::string sentence =
        words()("tradeoff.lowest", {{"what", html_escape(y_label)},
                                    {"point", point(*lowest_y)},
                                    {"value", sweep_value(s.outcome(my->name, *lowest_y), my->unit)},
                                    {"other", html_escape(decapitalise(mx->label))},
                                    {"other_value", sweep_value(s.outcome(mx->name, *lowest_y), mx->unit)}});
    if (*lowest_x != *lowest_y) {
      sentence += " " + words()("tradeoff.lowest",
                                {{"what", html_escape(x_label)},
                                 {"point", point(*lowest_x)},
                                 {"value", sweep_value(s.outcome(mx->name, *lowest_x), mx->unit)},
                                 {"other", html_escape(decapitalise(my->label))},
                                 {"other_value", sweep_value(s.outcome(my->name, *lowest_x), my->unit)}});
    }
    body += "<p class=\"sentence\">" + sentence + "</p>\n";
  }
  return section_html("tradeoff", words()("tradeoff.title"), body);
}

}  // namespace sibsim::output::detail
