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

constexpr std::string_view kBandLineTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": 280,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "points", "values": @points@}],
  "scales": [
    @x_scale@,
    {"name": "y", "type": "linear", "range": "height", "nice": true, "zero": false,
     "domain": {"fields": [{"data": "points", "field": "lo"}, {"data": "points", "field": "hi"},
                           {"data": "points", "field": "mean"}]}}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, "labelOverlap": true, @x_axis@},
    {"orient": "left", "scale": "y", "title": @y_title@, "grid": true, "format": @y_format@, "tickCount": 6}
  ],
  "marks": [
    {"type": "area", "from": {"data": "points"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": @x_field@}, "y": {"scale": "y", "field": "hi"},
                           "y2": {"scale": "y", "field": "lo"}, "fill": {"value": "@band90@"}}}},
    {"type": "line", "from": {"data": "points"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": @x_field@}, "y": {"scale": "y", "field": "mean"},
                           "stroke": {"value": "@primary@"}, "strokeWidth": {"value": 2.5}}}},
    {"type": "symbol", "from": {"data": "points"},
     "encode": {
       "update": {"x": {"scale": "x", "field": @x_field@}, "y": {"scale": "y", "field": "mean"},
                  "size": {"value": 55}, "fill": {"value": "@primary@"}, "stroke": {"value": "#ffffff"},
                  "strokeWidth": {"value": 1.5}, "tooltip": {"field": "tooltip"}},
       "hover": {"size": {"value": 130}}}}
  ]
})JSON";

constexpr std::string_view kScatterTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": 320,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "points", "values": @points@}, {"name": "corners", "values": @corners@}],
  "scales": [
    {"name": "x", "type": @x_type@, "range": "width", "domain": @x_domain@,
     "zero": false, "nice": @x_nice@, "padding": 16},
    {"name": "y", "type": "linear", "range": "height", "domain": {"data": "points", "field": "y"},
     "zero": false, "nice": true, "padding": 16}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, @x_format@, "grid": true,
     "labelOverlap": true, "tickCount": {"signal": "max(2, ceil(width / 100))"}},
    {"orient": "left", "scale": "y", "title": @y_title@, "format": @y_format@, "grid": true, "tickCount": 6}
  ],
  "marks": [
    {"type": "text", "from": {"data": "corners"}, "interactive": false,
     "encode": {"update": {
       "x": {"signal": "datum.h == 'left' ? 6 : width - 6"}, "y": {"signal": "datum.v == 'top' ? 4 : height - 4"},
       "align": {"field": "h"}, "baseline": {"field": "v"}, "text": {"field": "text"},
       "fill": {"value": "@muted@"}, "fontSize": {"value": 11.5}, "fontStyle": {"value": "italic"},
       "limit": {"signal": "width / 2 - 10"}}}},
    {"type": "symbol", "from": {"data": "points"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "y"}, "size": {"value": 70},
                  "fill": {"value": "@primary@"}, "fillOpacity": {"value": 0.7}, "stroke": {"value": "#ffffff"},
                  "strokeWidth": {"value": 1}, "tooltip": {"field": "tooltip"}},
       "hover": {"fillOpacity": {"value": 1}, "size": {"value": 150}}}}
  ]
})JSON";

constexpr std::string_view kHeatmapTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": @height@,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "cells", "values": @cells@}],
  "scales": [
    {"name": "x", "type": "band", "range": "width", "domain": @columns@, "paddingInner": 0.04},
    {"name": "y", "type": "band", "range": "height", "domain": @rows@, "paddingInner": 0.06, "reverse": true},
    {"name": "color", "type": "linear", "range": ["@low_color@", "@high_color@"],
     "domain": [@lo@, @hi@], "zero": false, "nice": false}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, "labelOverlap": true},
    {"orient": "left", "scale": "y", "title": @y_title@, "labelLimit": 140}
  ],
  "legends": [
    {"fill": "color", "type": "gradient", "orient": "top", "direction": "horizontal", "title": @legend_title@,
     "format": @legend_format@, "gradientLength": {"signal": "max(120, min(width - 40, 260))"}}
  ],
  "marks": [
    {"type": "rect", "from": {"data": "cells"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "column"}, "width": {"scale": "x", "band": 1},
                  "y": {"scale": "y", "field": "row"}, "height": {"scale": "y", "band": 1},
                  "fill": {"scale": "color", "field": "value"}, "stroke": {"value": "@ink@"},
                  "strokeWidth": {"value": 0}, "tooltip": {"field": "tooltip"}},
       "hover": {"strokeWidth": {"value": 2}}}},
    {"type": "text", "from": {"data": "cells"}, "interactive": false,
     "encode": {"update": {
       "x": {"scale": "x", "field": "column", "band": 0.5}, "y": {"scale": "y", "field": "row", "band": 0.5},
       "align": {"value": "center"}, "baseline": {"value": "middle"}, "text": {"field": "text"},
       "fill": {"signal": "datum.value > @mid@ ? '#ffffff' : '@ink@'"}, "fontSize": {"value": 12},
       "limit": {"signal": "bandwidth('x') - 4"}}}}
  ]
})JSON";

constexpr std::string_view kProbabilityTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": 300,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [
    {"name": "points", "values": @points@},
    {"name": "sorted", "source": "points", "transform": [{"type": "collect", "sort": {"field": "x"}}]},
    {"name": "bracket", "values": @bracket@},
    {"name": "required", "values": [{"y": @required@, "label": @required_label@}]}
  ],
  "scales": [
    {"name": "x", "type": @x_type@, "range": "width", "zero": false, "nice": false, "padding": 18,
     "domain": {"fields": [{"data": "points", "field": "x"}, {"data": "bracket", "field": "x0"},
                           {"data": "bracket", "field": "x1"}]}},
    {"name": "y", "type": "linear", "range": "height", "domain": [0, 1], "nice": false},
    {"name": "color", "type": "ordinal", "domain": ["meets", "fails", "undecided"],
     "range": ["@green@", "@accent@", "@amber@"]}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, "labelOverlap": true,
     "tickCount": {"signal": "max(2, ceil(width / 100))"}, @x_format@},
    {"orient": "left", "scale": "y", "title": @y_title@, "grid": true, "format": ".0%", "tickCount": 5}
  ],
  "marks": [
    {"type": "rect", "from": {"data": "bracket"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x0", "offset": -2}, "x2": {"scale": "x", "field": "x1", "offset": 2},
                           "y": {"value": 0}, "y2": {"signal": "height"}, "fill": {"value": "#e3f2ea"},
                           "stroke": {"value": "@green@"}, "strokeOpacity": {"value": 0.5}}}},
    {"type": "rule", "from": {"data": "required"}, "interactive": false,
     "encode": {"update": {"x": {"value": 0}, "x2": {"signal": "width"}, "y": {"scale": "y", "field": "y"},
                           "stroke": {"value": "@accent@"}, "strokeWidth": {"value": 2},
                           "strokeDash": {"value": [7, 4]}}}},
    {"type": "text", "from": {"data": "required"}, "interactive": false,
     "encode": {"update": {"x": {"value": 6}, "y": {"scale": "y", "field": "y"}, "dy": {"value": -6},
                           "text": {"field": "label"}, "fill": {"value": "@accent@"},
                           "fontWeight": {"value": 700}, "baseline": {"value": "bottom"}}}},
    {"type": "line", "from": {"data": "sorted"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "p"},
                           "stroke": {"value": "@grey@"}, "strokeWidth": {"value": 1.5}}}},
    {"type": "rule", "from": {"data": "points"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "lo"},
                           "y2": {"scale": "y", "field": "hi"}, "stroke": {"value": "@ink@"},
                           "strokeWidth": {"value": 1.5}}}},
    {"type": "symbol", "from": {"data": "points"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "p"}, "size": {"value": 80},
                  "fill": {"scale": "color", "field": "verdict"}, "stroke": {"value": "#ffffff"},
                  "strokeWidth": {"value": 1.5}, "tooltip": {"field": "tooltip"}},
       "hover": {"size": {"value": 150}}}}
  ]
})JSON";

std::string raw_or_null(const std::string& json) { return json.empty() ? "null" : json; }

constexpr std::string_view kUtcAxis = R"("format": "%b %Y", "formatType": "utc")";

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
      x_axis = std::string(kUtcAxis) + R"JSON(, "tickCount": {"signal": "max(2, ceil(width / 100))"})JSON";
      break;
    case XKind::category:
      x_scale =
          fmt::format(R"({{"name": "x", "type": "point", "range": "width", "padding": 0.5, "domain": {}}})",
                      json_strings(labels));
      x_axis = R"("labelLimit": 140)";
      x_field = "\"label\"";
      break;
  }
  return fill_template(kBandLineTemplate, {
                                              {"description", json_string(chart.description)},
                                              {"config", std::string(kChartConfig)},
                                              {"width", std::string(kChartWidthSignal)},
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
      kScatterTemplate,
      {
          {"description", json_string(chart.description)},
          {"config", std::string(kChartConfig)},
          {"width", std::string(kChartWidthSignal)},
          {"points", points.str()},
          {"corners", corners.str()},
          {"x_title", json_string(chart.x_title)},
          {"y_title", json_string(chart.y_title)},
          {"x_type", chart.utc_time ? "\"utc\"" : "\"linear\""},
          {"x_nice", chart.utc_time || chart.x_unit_interval ? "false" : "true"},
          {"x_domain", chart.x_unit_interval ? "[0, 1]" : R"({"data": "points", "field": "x"})"},
          {"x_format", chart.utc_time ? std::string(kUtcAxis) : "\"format\": " + json_string(chart.x_format)},
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
  return fill_template(kHeatmapTemplate, {
                                             {"description", json_string(chart.description)},
                                             {"height", json_number(height)},
                                             {"config", std::string(kChartConfig)},
                                             {"width", std::string(kChartWidthSignal)},
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
  return fill_template(kProbabilityTemplate,
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(kChartConfig)},
                           {"width", std::string(kChartWidthSignal)},
                           {"points", points.str()},
                           {"bracket", bracket.str()},
                           {"required", json_number(chart.required)},
                           {"required_label", json_string(chart.required_label)},
                           {"x_type", chart.utc_time ? "\"utc\"" : "\"linear\""},
                           {"x_title", json_string(chart.x_title)},
                           {"x_format", chart.utc_time ? std::string(kUtcAxis) : R"("format": ",~f")"},
                           {"y_title", json_string(chart.y_title)},
                           {"green", palette::kGreen},
                           {"accent", palette::kAccent},
                           {"amber", palette::kAmber},
                           {"grey", palette::kGrey},
                           {"ink", palette::kInk},
                       });
}

}  // namespace sibsim::output::detail
