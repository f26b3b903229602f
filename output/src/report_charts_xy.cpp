// Charts over one or two parameters for the sweep and feasibility reports: a mean with its band
// against a parameter, a scatter with corner notes, a heatmap, and the chance of meeting a target
// with its CI, the required probability and the answer's bracket.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report_charts.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

std::string raw_or_null(const std::string& json) { return json.empty() ? "null" : json; }

}  // namespace

std::string band_line_spec(const BandLineChart& chart) {
  JsonWriter points;
  points.arr();
  std::vector<std::string> labels;
  for (const auto& p : chart.points) {
    if (!std::isfinite(p.mean)) continue;
    if (chart.x_kind != XKind::category && !std::isfinite(p.x)) continue;
    const bool band = std::isfinite(p.lo) && std::isfinite(p.hi);
    points.obj()
        .key("x")
        .num(p.x)
        .key("label")
        .str(p.label)
        .key("mean")
        .num(p.mean)
        .key("lo")
        .num(band ? p.lo : p.mean)
        .key("hi")
        .num(band ? p.hi : p.mean)
        .key("tooltip")
        .raw(raw_or_null(p.tooltip))
        .end();
    labels.push_back(p.label);
  }
  points.end();
  std::string x_scale, x_axis, x_field = "\"x\"";
  switch (chart.x_kind) {
    case XKind::number:
      x_scale =
          R"({"name": "x", "type": "linear", "range": "width", "zero": false, "nice": false, "padding": 16,
     "domain": {"data": "points", "field": "x"}})";
      x_axis = R"JSON("format": ",~f", "tickCount": {"signal": "max(2, ceil(width / 100))"})JSON";
      break;
    case XKind::date:
      x_scale =
          R"({"name": "x", "type": "utc", "range": "width", "padding": 16, "domain": {"data": "points", "field": "x"}})";
      x_axis = std::string(chart_file(charts::k_utc_axis)) +
               R"JSON(, "tickCount": {"signal": "max(2, ceil(width / 100))"})JSON";
      break;
    case XKind::category:
      x_scale =
          fmt::format(R"({{"name": "x", "type": "point", "range": "width", "padding": 0.5, "domain": {}}})",
                      json_strings(labels));
      x_axis = R"("labelLimit": 140)";
      x_field = "\"label\"";
      break;
  }
  return fill_template(chart_file(charts::k_band_line),
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"points", points.str()},
                           {"x_scale", x_scale},
                           {"x_axis", x_axis},
                           {"x_field", x_field},
                           {"x_title", json_string(chart.x_title)},
                           {"y_title", json_string(chart.y_title)},
                           {"y_format", json_string(chart.y_format)},
                           {"band90", palette::kBand90},
                           {"primary", palette::kPrimary},
                       });
}

std::string scatter_spec(const ScatterChart& chart) {
  JsonWriter points;
  points.arr();
  for (const auto& p : chart.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    points.obj().key("x").num(p.x).key("y").num(p.y).key("tooltip").raw(raw_or_null(p.tooltip)).end();
  }
  points.end();
  JsonWriter corners;
  corners.arr();
  const std::pair<const std::string*, std::pair<const char*, const char*>> corner_list[] = {
      {&chart.top_left, {"left", "top"}},
      {&chart.top_right, {"right", "top"}},
      {&chart.bottom_left, {"left", "bottom"}},
      {&chart.bottom_right, {"right", "bottom"}},
  };
  for (const auto& [text, where] : corner_list) {
    if (!text->empty())
      corners.obj().key("text").str(*text).key("h").str(where.first).key("v").str(where.second).end();
  }
  corners.end();
  return fill_template(
      chart_file(charts::k_scatter),
      {
          {"description", json_string(chart.description)},
          {"config", std::string(chart_file(charts::k_config))},
          {"width", std::string(chart_file(charts::k_width_signal))},
          {"points", points.str()},
          {"corners", corners.str()},
          {"x_title", json_string(chart.x_title)},
          {"y_title", json_string(chart.y_title)},
          {"x_type", chart.utc_time ? "\"utc\"" : "\"linear\""},
          {"x_nice", chart.utc_time || chart.x_unit_interval ? "false" : "true"},
          {"x_domain", chart.x_unit_interval ? "[0, 1]" : R"({"data": "points", "field": "x"})"},
          {"x_format", chart.utc_time ? std::string(chart_file(charts::k_utc_axis))
                                      : "\"format\": " + json_string(chart.x_format)},
          {"y_format", json_string(chart.y_format)},
          {"muted", palette::kMuted},
          {"primary", palette::kPrimary},
      });
}

std::string heatmap_spec(const Heatmap& chart) {
  JsonWriter cells;
  cells.arr();
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& c : chart.cells) {
    if (!std::isfinite(c.value)) continue;
    cells.obj()
        .key("column")
        .str(c.column)
        .key("row")
        .str(c.row)
        .key("value")
        .num(c.value)
        .key("text")
        .str(c.text)
        .key("tooltip")
        .raw(raw_or_null(c.tooltip))
        .end();
    lo = std::min(lo, c.value);
    hi = std::max(hi, c.value);
  }
  cells.end();
  if (!(hi >= lo)) lo = hi = 0;
  if (hi == lo) hi = lo + 1;
  const double height = std::max(120.0, 40.0 * static_cast<double>(chart.rows.size()));
  return fill_template(chart_file(charts::k_heatmap),
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(height)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"cells", cells.str()},
                           {"columns", json_strings(chart.columns)},
                           {"rows", json_strings(chart.rows)},
                           {"lo", json_number(lo)},
                           {"hi", json_number(hi)},
                           {"mid", json_number(lo + 0.55 * (hi - lo))},
                           {"x_title", json_string(chart.x_title)},
                           {"y_title", json_string(chart.y_title)},
                           {"legend_title", json_string(chart.legend_title)},
                           {"legend_format", json_string(chart.legend_format)},
                           {"low_color", palette::kSoft},
                           {"high_color", palette::kPrimary},
                           {"ink", palette::kInk},
                       });
}

std::string probability_spec(const ProbabilityChart& chart) {
  JsonWriter points;
  points.arr();
  for (const auto& p : chart.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.p)) continue;
    const bool ci = std::isfinite(p.lo) && std::isfinite(p.hi);
    points.obj()
        .key("x")
        .num(p.x)
        .key("p")
        .num(p.p)
        .key("lo")
        .num(ci ? p.lo : p.p)
        .key("hi")
        .num(ci ? p.hi : p.p)
        .key("verdict")
        .str(p.verdict)
        .key("tooltip")
        .raw(raw_or_null(p.tooltip))
        .end();
  }
  points.end();
  JsonWriter bracket;
  bracket.arr();
  if (chart.bracket && std::isfinite(chart.bracket->first) && std::isfinite(chart.bracket->second)) {
    const auto [a, b] = std::minmax(chart.bracket->first, chart.bracket->second);
    bracket.obj().key("x0").num(a).key("x1").num(b).end();
  }
  bracket.end();
  return fill_template(
      chart_file(charts::k_probability),
      {
          {"description", json_string(chart.description)},
          {"config", std::string(chart_file(charts::k_config))},
          {"width", std::string(chart_file(charts::k_width_signal))},
          {"points", points.str()},
          {"bracket", bracket.str()},
          {"required", json_number(chart.required)},
          {"required_label", json_string(chart.required_label)},
          {"x_type", chart.utc_time ? "\"utc\"" : "\"linear\""},
          {"x_title", json_string(chart.x_title)},
          {"x_format", chart.utc_time ? std::string(chart_file(charts::k_utc_axis)) : R"("format": ",~f")"},
          {"y_title", json_string(chart.y_title)},
          {"green", palette::kGreen},
          {"accent", palette::kAccent},
          {"amber", palette::kAmber},
          {"grey", palette::kGrey},
          {"ink", palette::kInk},
      });
}

}  // namespace sibsim::output::detail
