// Horizontal-row charts of the compare and sweep reports: differences with their paired and
// independent CIs, the tornado of one-at-a-time effects, Sobol indices. Like the funnel chart,
// each row has its label on top and its bars below it, so long labels stay readable on a phone.
#include <algorithm>
#include <cmath>

#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

bool finite(std::initializer_list<double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

// The label above each row (shared by the three charts).
constexpr std::string_view kRowLabel = R"JSON(
    {"type": "text", "from": {"data": "rows"}, "interactive": false,
     "encode": {"update": {
       "x": {"value": 0}, "y": {"scale": "y", "field": "label", "offset": 2}, "baseline": {"value": "top"},
       "text": {"field": "label"}, "limit": {"signal": "width"}, "fontSize": {"value": 12.5}}}})JSON";

constexpr std::string_view kIntervalTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": @height@,
  "padding": {"left": 4, "right": 10, "top": 4, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "rows", "values": @rows@}],
  "scales": [
    {"name": "y", "type": "band", "range": "height", "domain": @labels@, "paddingInner": 0, "paddingOuter": 0},
    {"name": "x", "type": "linear", "range": "width", "domain": [@lo@, @hi@], "nice": true, "zero": true}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "grid": true, "format": @x_format@, "title": @x_title@,
     "labelOverlap": true, "tickCount": {"signal": "max(2, ceil(width / 110))"}}
  ],
  "marks": [
    @row_label@,
    {"type": "rect", "from": {"data": "rows"},
     "encode": {
       "update": {"y": {"scale": "y", "field": "label", "offset": 20}, "height": {"value": 16},
                  "x": {"scale": "x", "field": "wide_lo"}, "x2": {"scale": "x", "field": "wide_hi"},
                  "fill": {"value": "@band90@"}, "cornerRadius": {"value": 2}, "tooltip": {"field": "tooltip"}},
       "hover": {"fill": {"value": "@band50@"}}}},
    {"type": "rect", "from": {"data": "rows"},
     "encode": {
       "update": {"y": {"scale": "y", "field": "label", "offset": 25}, "height": {"value": 6},
                  "x": {"scale": "x", "field": "lo"}, "x2": {"scale": "x", "field": "hi"},
                  "fill": {"value": "@primary@"}, "tooltip": {"field": "tooltip"}}}},
    {"type": "rule", "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "value": 0}, "y": {"value": 0}, "y2": {"signal": "height"},
                           "stroke": {"value": "@muted@"}, "strokeWidth": {"value": 1.5},
                           "strokeDash": {"value": [4, 3]}}}},
    {"type": "symbol", "from": {"data": "rows"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "estimate"}, "y": {"scale": "y", "field": "label", "offset": 28},
                  "size": {"value": 80}, "fill": {"value": "@ink@"}, "stroke": {"value": "#ffffff"},
                  "strokeWidth": {"value": 1.5}, "tooltip": {"field": "tooltip"}},
       "hover": {"size": {"value": 140}}}}
  ]
})JSON";

// Two bars per row: the first in the upper half, the second in the lower half.
constexpr std::string_view kTornadoTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": @height@,
  "padding": {"left": 4, "right": 10, "top": 4, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "rows", "values": @rows@}, {"name": "bars", "values": @bars@}],
  "scales": [
    {"name": "y", "type": "band", "range": "height", "domain": @labels@, "paddingInner": 0, "paddingOuter": 0},
    {"name": "x", "type": "linear", "range": "width", "domain": [@lo@, @hi@], "nice": true, "zero": false},
    {"name": "color", "type": "ordinal", "domain": ["low", "high"], "range": ["@low_color@", "@high_color@"]}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "grid": true, "format": @x_format@, "title": @x_title@,
     "labelOverlap": true, "tickCount": {"signal": "max(2, ceil(width / 110))"}}
  ],
  "marks": [
    @row_label@,
    {"type": "rect", "from": {"data": "bars"},
     "encode": {
       "update": {"y": {"scale": "y", "field": "label", "offset": {"signal": "datum.end == 'low' ? 20 : 34"}},
                  "height": {"value": 12},
                  "x": {"scale": "x", "field": "x0"}, "x2": {"scale": "x", "field": "x1"},
                  "fill": {"scale": "color", "field": "end"}, "fillOpacity": {"value": 1},
                  "tooltip": {"field": "tooltip"}},
       "hover": {"fillOpacity": {"value": 0.75}}}},
    {"type": "text", "from": {"data": "bars"}, "interactive": false,
     "encode": {"update": {
       "y": {"scale": "y", "field": "label", "offset": {"signal": "datum.end == 'low' ? 26 : 40"}},
       "x": {"scale": "x", "field": "x1", "offset": {"signal": "datum.x1 < datum.x0 ? -4 : 4"}},
       "align": {"signal": "datum.x1 < datum.x0 ? 'right' : 'left'"}, "baseline": {"value": "middle"},
       "text": {"field": "text"}, "fontSize": {"value": 11}, "fill": {"value": "@muted@"}}}},
    {"type": "rule", "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "value": @base@}, "y": {"value": 0}, "y2": {"signal": "height"},
                           "stroke": {"value": "@ink@"}, "strokeWidth": {"value": 1.5}}}}
  ]
})JSON";

constexpr std::string_view kSobolTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": @height@,
  "padding": {"left": 4, "right": 10, "top": 4, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "rows", "values": @rows@}, {"name": "bars", "values": @bars@}],
  "scales": [
    {"name": "y", "type": "band", "range": "height", "domain": @labels@, "paddingInner": 0, "paddingOuter": 0},
    {"name": "x", "type": "linear", "range": "width", "domain": [@lo@, @hi@], "nice": true, "zero": true,
     "clamp": true},
    {"name": "color", "type": "ordinal", "domain": ["first", "total"], "range": ["@first_color@", "@total_color@"]}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "grid": true, "format": ".0%", "title": @x_title@,
     "labelOverlap": true, "tickCount": {"signal": "max(2, ceil(width / 110))"}}
  ],
  "marks": [
    @row_label@,
    {"type": "rect", "from": {"data": "bars"},
     "encode": {
       "update": {"y": {"scale": "y", "field": "label", "offset": {"signal": "datum.index == 'first' ? 20 : 34"}},
                  "height": {"value": 12}, "x": {"scale": "x", "value": 0}, "x2": {"scale": "x", "field": "value"},
                  "fill": {"scale": "color", "field": "index"}, "fillOpacity": {"value": 1},
                  "tooltip": {"field": "tooltip"}},
       "hover": {"fillOpacity": {"value": 0.75}}}},
    {"type": "rule", "from": {"data": "bars"}, "interactive": false,
     "encode": {"update": {
       "y": {"scale": "y", "field": "label", "offset": {"signal": "datum.index == 'first' ? 26 : 40"}},
       "x": {"scale": "x", "field": "low"}, "x2": {"scale": "x", "field": "high"},
       "stroke": {"value": "@ink@"}, "strokeWidth": {"value": 1.5}}}},
    {"type": "rule", "from": {"data": "bars"}, "interactive": false,
     "encode": {"update": {
       "y": {"scale": "y", "field": "label", "offset": {"signal": "datum.index == 'first' ? 22 : 36"}},
       "y2": {"scale": "y", "field": "label", "offset": {"signal": "datum.index == 'first' ? 30 : 44"}},
       "x": {"scale": "x", "field": "high"}, "stroke": {"value": "@ink@"}, "strokeWidth": {"value": 1.5}}}},
    {"type": "rule", "from": {"data": "bars"}, "interactive": false,
     "encode": {"update": {
       "y": {"scale": "y", "field": "label", "offset": {"signal": "datum.index == 'first' ? 22 : 36"}},
       "y2": {"scale": "y", "field": "label", "offset": {"signal": "datum.index == 'first' ? 30 : 44"}},
       "x": {"scale": "x", "field": "low"}, "stroke": {"value": "@ink@"}, "strokeWidth": {"value": 1.5}}}}
  ]
})JSON";

std::string rows_json(const std::vector<std::string>& labels) {
  JsonWriter w;
  w.arr();
  for (const auto& l : labels) w.obj().key("label").str(l).end();
  w.end();
  return w.str();
}

// [lo, hi] with room around a single value.
std::pair<double, double> padded(double lo, double hi) {
  if (!(hi > lo)) {
    const double d = std::max(1.0, std::fabs(lo)) * 0.1;
    return {lo - d, hi + d};
  }
  return {lo, hi};
}

}  // namespace

std::string interval_spec(const IntervalChart& chart) {
  JsonWriter rows;
  rows.arr();
  std::vector<std::string> labels;
  double lo = 0, hi = 0;
  for (const auto& r : chart.rows) {
    if (!finite({r.estimate, r.lo, r.hi})) continue;
    // An independent CI that cannot be computed is drawn as the paired one.
    const double wlo = std::isfinite(r.wide_lo) ? r.wide_lo : r.lo;
    const double whi = std::isfinite(r.wide_hi) ? r.wide_hi : r.hi;
    rows.obj()
        .key("label")
        .str(r.label)
        .key("estimate")
        .num(r.estimate)
        .key("lo")
        .num(r.lo)
        .key("hi")
        .num(r.hi)
        .key("wide_lo")
        .num(wlo)
        .key("wide_hi")
        .num(whi)
        .key("tooltip")
        .raw(r.tooltip.empty() ? "null" : r.tooltip)
        .end();
    labels.push_back(r.label);
    lo = std::min({lo, r.lo, wlo, r.estimate});
    hi = std::max({hi, r.hi, whi, r.estimate});
  }
  rows.end();
  const auto [dlo, dhi] = padded(lo, hi);
  return fill_template(kIntervalTemplate,
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(44.0 * static_cast<double>(labels.size()))},
                           {"config", std::string(kChartConfig)},
                           {"width", std::string(kChartWidthSignal)},
                           {"rows", rows.str()},
                           {"labels", json_strings(labels)},
                           {"lo", json_number(dlo)},
                           {"hi", json_number(dhi)},
                           {"x_format", json_string(chart.x_format)},
                           {"x_title", json_string(chart.x_title)},
                           {"row_label", std::string(kRowLabel)},
                           {"band90", palette::kBand90},
                           {"band50", palette::kBand50},
                           {"primary", palette::kPrimary},
                           {"muted", palette::kMuted},
                           {"ink", palette::kInk},
                       });
}

std::string tornado_spec(const TornadoChart& chart) {
  JsonWriter bars;
  bars.arr();
  std::vector<std::string> labels;
  double lo = chart.base, hi = chart.base;
  for (const auto& r : chart.rows) {
    if (!finite({r.at_low, r.at_high})) continue;
    for (const bool low : {true, false}) {
      const double at = low ? r.at_low : r.at_high;
      bars.obj()
          .key("label")
          .str(r.label)
          .key("end")
          .str(low ? "low" : "high")
          .key("x0")
          .num(chart.base)
          .key("x1")
          .num(at)
          .key("text")
          .str(low ? r.low_text : r.high_text)
          .key("tooltip")
          .raw(low ? (r.low_tooltip.empty() ? "null" : r.low_tooltip)
                   : (r.high_tooltip.empty() ? "null" : r.high_tooltip))
          .end();
      lo = std::min(lo, at);
      hi = std::max(hi, at);
    }
    labels.push_back(r.label);
  }
  bars.end();
  // Room for the labels at the bar ends.
  auto [dlo, dhi] = padded(lo, hi);
  const double room = (dhi - dlo) * 0.18;
  dlo -= room;
  dhi += room;
  return fill_template(kTornadoTemplate,
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(50.0 * static_cast<double>(labels.size()))},
                           {"config", std::string(kChartConfig)},
                           {"width", std::string(kChartWidthSignal)},
                           {"rows", rows_json(labels)},
                           {"bars", bars.str()},
                           {"labels", json_strings(labels)},
                           {"lo", json_number(dlo)},
                           {"hi", json_number(dhi)},
                           {"base", json_number(chart.base)},
                           {"x_format", json_string(chart.x_format)},
                           {"x_title", json_string(chart.x_title)},
                           {"row_label", std::string(kRowLabel)},
                           {"low_color", palette::kCategories[1]},
                           {"high_color", palette::kPrimary},
                           {"muted", palette::kMuted},
                           {"ink", palette::kInk},
                       });
}

std::string sobol_spec(const SobolChart& chart) {
  JsonWriter bars;
  bars.arr();
  std::vector<std::string> labels;
  double lo = 0, hi = 0.05;
  for (const auto& r : chart.rows) {
    if (!finite({r.first, r.total})) continue;
    for (const bool first : {true, false}) {
      const double v = first ? r.first : r.total;
      double l = first ? r.first_low : r.total_low;
      double h = first ? r.first_high : r.total_high;
      if (!std::isfinite(l) || !std::isfinite(h)) l = h = v;  // no whisker
      bars.obj()
          .key("label")
          .str(r.label)
          .key("index")
          .str(first ? "first" : "total")
          .key("value")
          .num(v)
          .key("low")
          .num(l)
          .key("high")
          .num(h)
          .key("tooltip")
          .raw(r.tooltip.empty() ? "null" : r.tooltip)
          .end();
      lo = std::min({lo, v, l});
      hi = std::max({hi, v, h});
    }
    labels.push_back(r.label);
  }
  bars.end();
  return fill_template(kSobolTemplate, {
                                           {"description", json_string(chart.description)},
                                           {"height", json_number(50.0 * static_cast<double>(labels.size()))},
                                           {"config", std::string(kChartConfig)},
                                           {"width", std::string(kChartWidthSignal)},
                                           {"rows", rows_json(labels)},
                                           {"bars", bars.str()},
                                           {"labels", json_strings(labels)},
                                           {"lo", json_number(std::max(lo, -1.0))},
                                           {"hi", json_number(std::min(hi, 1.5))},
                                           {"row_label", std::string(kRowLabel)},
                                           {"x_title", json_string(chart_words()("axis.variance_explained"))},
                                           {"first_color", palette::kPrimary},
                                           {"total_color", palette::kBand50},
                                           {"ink", palette::kInk},
                                       });
}

}  // namespace sibsim::output::detail
