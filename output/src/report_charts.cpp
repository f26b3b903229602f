// The public chart builders (sibsim/output/report/charts.hpp).
#include "report_charts.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report_catalogues.hpp"
#include "report_text.hpp"
#include "sibsim/engine/date.hpp"

namespace sibsim::output::report {

using namespace sibsim::output::detail;  // JsonWriter, fill_template, kChartConfig

namespace {

// Each row: its label on top, the bar below it. Labels above the bars (rather than an axis on the
// left) keep the full text readable on a phone, where a label column would leave no room.
constexpr std::string_view kHBarTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": @height@,
  "padding": {"left": 4, "right": 8, "top": 4, "bottom": 4},
  "config": @config@,
  "signals": [
    @width@,
    {"name": "muted", "value": @muted@}
  ],
  "data": [{"name": "rows", "values": @rows@}],
  "scales": [
    {"name": "y", "type": "band", "range": "height", "domain": @labels@, "paddingInner": 0, "paddingOuter": 0},
    {"name": "x", "type": "linear", "range": "width", "domain": [0, @xmax@], "nice": false, "zero": true},
    {"name": "color", "type": "ordinal", "domain": @category_names@, "range": @category_colors@}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "grid": true, "format": ",~f", "title": @x_title@,
     "labelOverlap": true, "tickCount": {"signal": "max(2, ceil(width / 110))"}}
  ],
  "legends": @legends@,
  "marks": [
    {"type": "text", "from": {"data": "rows"}, "interactive": false,
     "encode": {"update": {
       "x": {"value": 0}, "y": {"scale": "y", "field": "label", "offset": 2}, "baseline": {"value": "top"},
       "text": {"field": "label"}, "limit": {"signal": "width"}, "fontSize": {"value": 12.5},
       "fill": {"signal": "indexof(muted, datum.label) >= 0 ? '@loss_color@' : '#1b2a3a'"},
       "fontStyle": {"signal": "indexof(muted, datum.label) >= 0 ? 'italic' : 'normal'"}}}},
    {"type": "rect", "from": {"data": "rows"},
     "encode": {
       "update": {"y": {"scale": "y", "field": "label", "offset": 18}, "height": {"signal": "bandwidth('y') - 23"},
                  "x": {"scale": "x", "field": "x0"}, "x2": {"scale": "x", "field": "x1"},
                  "fill": {"scale": "color", "field": "category"}, "fillOpacity": {"value": 1},
                  "cornerRadius": {"value": 2}, "tooltip": {"field": "tooltip"}},
       "hover": {"fillOpacity": {"value": 0.75}}}},
    {"type": "text", "from": {"data": "rows"}, "interactive": false,
     "encode": {"update": {
       "y": {"signal": "scale('y', datum.label) + 18 + (bandwidth('y') - 23) / 2"},
       "x": {"signal": "scale('x', datum.x1) - scale('x', datum.x0) > 120 ? scale('x', datum.x1) - 6 : scale('x', datum.x1) + 6"},
       "align": {"signal": "scale('x', datum.x1) - scale('x', datum.x0) > 120 ? 'right' : 'left'"},
       "fill": {"signal": "scale('x', datum.x1) - scale('x', datum.x0) > 120 ? (indexof(muted, datum.label) >= 0 ? '#5c0d1b' : '#ffffff') : '#1b2a3a'"},
       "baseline": {"value": "middle"}, "text": {"field": "text"}, "fontWeight": {"value": 600}}}}
  ]
})JSON";

constexpr std::string_view kHBarLegend = R"JSON([{"fill": "color", "orient": "top", "direction": "horizontal",
    "columns": {"signal": "width < 480 ? 2 : 6"}, "columnPadding": 14, "labelLimit": 200}])JSON";

constexpr std::string_view kFanTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": 320,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [
    {"name": "series", "values": @points@},
    {"name": "target", "values": @target@},
    {"name": "deadline", "values": @deadline@},
    {"name": "observed", "values": @observed@},
    {"name": "lines", "values": @lines@}
  ],
  "scales": [
    {"name": "x", "type": @x_type@, "range": "width",
     "domain": {"fields": [{"data": "series", "field": "x"}, {"data": "deadline", "field": "x"}]}},
    {"name": "y", "type": "linear", "range": "height", "zero": true, "nice": true,
     "domain": {"fields": [{"data": "series", "field": "p95"}, {"data": "target", "field": "y"},
                           {"data": "observed", "field": "y"}, {"data": "lines", "field": "y"}]}}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, "labelOverlap": true,
     "tickCount": @x_ticks@, @x_format@},
    {"orient": "left", "scale": "y", "title": @y_title@, "grid": true, "format": @y_format@, "tickCount": 6}
  ],
  "marks": [
    {"type": "area", "from": {"data": "series"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "p95"},
                           "y2": {"scale": "y", "field": "p5"}, "fill": {"value": "@band90@"}}}},
    {"type": "area", "from": {"data": "series"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "p75"},
                           "y2": {"scale": "y", "field": "p25"}, "fill": {"value": "@band50@"}}}},
    {"type": "line", "from": {"data": "series"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "p50"},
                           "stroke": {"value": "@primary@"}, "strokeWidth": {"value": 2.5}}}},
    {"type": "group", "from": {"facet": {"name": "steps", "data": "lines", "groupby": "line"}},
     "encode": {"update": {"width": {"signal": "width"}, "height": {"signal": "height"}}},
     "marks": [{"type": "line", "from": {"data": "steps"}, "interactive": false, "clip": true,
                "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "y"},
                                      "interpolate": {"signal": "datum.step ? 'step-after' : 'linear'"},
                                      "stroke": {"field": "color"}, "strokeWidth": {"value": 2},
                                      "strokeDash": {"signal": "datum.dashed ? [6, 4] : [1, 0]"}}}}]},
    {"type": "rule", "from": {"data": "target"}, "interactive": false,
     "encode": {"update": {"x": {"value": 0}, "x2": {"signal": "width"}, "y": {"scale": "y", "field": "y"},
                           "stroke": {"value": "@accent@"}, "strokeWidth": {"value": 2},
                           "strokeDash": {"value": [7, 4]}}}},
    {"type": "text", "from": {"data": "target"}, "interactive": false,
     "encode": {"update": {"x": {"value": 6}, "y": {"scale": "y", "field": "y"}, "dy": {"value": -6},
                           "text": {"field": "label"}, "fill": {"value": "@accent@"},
                           "fontWeight": {"value": 700}, "baseline": {"value": "bottom"}}}},
    {"type": "rule", "from": {"data": "deadline"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"value": 0}, "y2": {"signal": "height"},
                           "stroke": {"value": "@muted_color@"}, "strokeWidth": {"value": 1.5},
                           "strokeDash": {"value": [3, 3]}}}},
    {"type": "text", "from": {"data": "deadline"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"signal": "height"}, "dx": {"value": -6},
                           "dy": {"value": -6}, "text": {"field": "label"}, "align": {"value": "right"},
                           "baseline": {"value": "bottom"}, "fill": {"value": "@muted_color@"},
                           "fontWeight": {"value": 600}}}},
    {"type": "rect", "from": {"data": "series"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "x0"}, "x2": {"scale": "x", "field": "x1"},
                  "y": {"value": 0}, "y2": {"signal": "height"}, "fill": {"value": "#1b2a3a"},
                  "fillOpacity": {"value": 0}, "tooltip": {"field": "tooltip"}},
       "hover": {"fillOpacity": {"value": 0.07}}}},
    {"type": "symbol", "from": {"data": "observed"},
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "y"},
                           "shape": {"value": "diamond"}, "size": {"value": 110},
                           "fill": {"signal": "datum.inside ? '@observed_color@' : '#ffffff'"},
                           "stroke": {"value": "@observed_color@"}, "strokeWidth": {"value": 2},
                           "tooltip": {"field": "tooltip"}}}}
  ]
})JSON";

constexpr std::string_view kHistogramTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": 230,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [
    {"name": "bins", "values": @bins@},
    {"name": "markers", "values": @markers@}
  ],
  "scales": [
    {"name": "x", "type": "linear", "range": "width", "domain": [@lo@, @hi@], "zero": false, "nice": false},
    {"name": "y", "type": "linear", "range": "height", "domain": {"data": "bins", "field": "share"},
     "zero": true, "nice": true}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, "format": @x_format@, "labelOverlap": true,
     "tickCount": {"signal": "max(2, ceil(width / 90))"}},
    {"orient": "left", "scale": "y", "title": @y_title@, "format": ".0%", "grid": true,
     "tickCount": 5}
  ],
  "marks": [
    {"type": "rect", "from": {"data": "bins"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "x0", "offset": 0.5}, "x2": {"scale": "x", "field": "x1", "offset": -0.5},
                  "y": {"scale": "y", "field": "share"}, "y2": {"scale": "y", "value": 0},
                  "fill": {"value": "@bar@"}, "tooltip": {"field": "tooltip"}},
       "hover": {"fill": {"value": "@primary@"}}}},
    {"type": "rule", "from": {"data": "markers"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "x"}, "y": {"value": 0}, "y2": {"signal": "height"},
                           "stroke": {"field": "color"}, "strokeWidth": {"value": 2},
                           "strokeDash": {"value": [7, 4]}}}},
    {"type": "text", "from": {"data": "markers"}, "interactive": false,
     "encode": {"update": {
       "x": {"scale": "x", "field": "x"},
       "dx": {"signal": "scale('x', datum.x) > width * 0.7 ? -6 : 6"},
       "align": {"signal": "scale('x', datum.x) > width * 0.7 ? 'right' : 'left'"},
       "y": {"signal": "4 + 16 * datum.row"}, "baseline": {"value": "top"},
       "text": {"field": "label"}, "fill": {"field": "color"}, "fontWeight": {"value": 700}}}}
  ]
})JSON";

constexpr std::string_view kColumnTemplate = R"JSON({
  "description": @description@,
  "autosize": {"type": "fit-x", "contains": "padding"},
  "height": 240,
  "padding": {"left": 4, "right": 10, "top": 8, "bottom": 4},
  "config": @config@,
  "signals": [@width@],
  "data": [{"name": "bars", "values": @bars@},
           {"name": "whiskers", "source": "bars", "transform": [{"type": "filter", "expr": "isValid(datum.lo)"}]}],
  "scales": [
    {"name": "x", "type": "band", "range": "width", "domain": @labels@, "paddingInner": 0.2, "paddingOuter": 0.1},
    {"name": "y", "type": "linear", "range": "height", "zero": true, "nice": true,
     "domain": {"fields": [{"data": "bars", "field": "y"}, {"data": "whiskers", "field": "hi"}]}}
  ],
  "axes": [
    {"orient": "bottom", "scale": "x", "title": @x_title@, "labelOverlap": true, "labelAngle": 0},
    {"orient": "left", "scale": "y", "title": @y_title@, "grid": true, "format": ",~f", "tickCount": 5}
  ],
  "marks": [
    {"type": "rect", "from": {"data": "bars"},
     "encode": {
       "update": {"x": {"scale": "x", "field": "label"}, "width": {"scale": "x", "band": 1},
                  "y": {"scale": "y", "field": "y"}, "y2": {"scale": "y", "value": 0},
                  "fill": {"value": "@bar@"}, "tooltip": {"field": "tooltip"}},
       "hover": {"fill": {"value": "@primary@"}}}},
    {"type": "rule", "from": {"data": "whiskers"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "label", "band": 0.5},
                           "y": {"scale": "y", "field": "lo"}, "y2": {"scale": "y", "field": "hi"},
                           "stroke": {"value": "@ink@"}, "strokeWidth": {"value": 1.2}}}},
    {"type": "rule", "from": {"data": "whiskers"}, "interactive": false,
     "encode": {"update": {"x": {"scale": "x", "field": "label", "band": 0.3}, "x2": {"scale": "x", "field": "label", "band": 0.7},
                           "y": {"scale": "y", "field": "hi"}, "stroke": {"value": "@ink@"}, "strokeWidth": {"value": 1.2}}}}
  ]
})JSON";

}  // namespace

std::string json_strings(const std::vector<std::string>& values) {
  JsonWriter w;
  w.arr();
  for (const auto& v : values) w.str(v);
  w.end();
  return w.str();
}

std::string tooltip_json(std::string_view title,
                         const std::vector<std::pair<std::string, std::string>>& rows) {
  JsonWriter w;
  w.obj().key("title").str(title);
  for (const auto& [k, v] : rows) w.key(k).str(v);
  w.end();
  return w.str();
}

std::string hbar_spec(const HBarChart& chart) {
  JsonWriter rows;
  rows.arr();
  std::vector<std::string> labels;
  double xmax = 0;
  for (const auto& r : chart.rows) {
    rows.obj()
        .key("label")
        .str(r.label)
        .key("category")
        .str(r.category)
        .key("x0")
        .num(r.x0)
        .key("x1")
        .num(r.x1)
        .key("text")
        .str(r.text)
        .key("tooltip")
        .raw(r.tooltip.empty() ? "null" : r.tooltip)
        .end();
    labels.push_back(r.label);
    if (std::isfinite(r.x1)) xmax = std::max(xmax, r.x1);
  }
  rows.end();
  std::vector<std::string> names, colors;
  for (const auto& [name, color] : chart.categories) {
    names.push_back(name);
    colors.push_back(color);
  }
  const double height = 38.0 * static_cast<double>(chart.rows.size());
  return fill_template(kHBarTemplate, {
                                          {"description", json_string(chart.description)},
                                          {"height", json_number(height)},
                                          {"config", std::string(kChartConfig)},
                                          {"width", std::string(kChartWidthSignal)},
                                          {"muted", json_strings(chart.muted_labels)},
                                          {"rows", rows.str()},
                                          {"labels", json_strings(labels)},
                                          {"xmax", json_number(xmax > 0 ? xmax * 1.04 : 1.0)},
                                          {"category_names", json_strings(names)},
                                          {"category_colors", json_strings(colors)},
                                          {"loss_color", palette::kAccent},
                                          {"x_title", json_string(chart.x_title)},
                                          {"legends", chart.legend ? std::string(kHBarLegend) : "[]"},
                                      });
}

std::string fan_spec(const FanChart& chart) {
  JsonWriter points;
  points.arr();
  for (const auto& p : chart.points) {
    points.obj()
        .key("x")
        .num(p.x)
        .key("x0")
        .num(p.x0)
        .key("x1")
        .num(p.x1)
        .key("p5")
        .num(p.p5)
        .key("p25")
        .num(p.p25)
        .key("p50")
        .num(p.p50)
        .key("p75")
        .num(p.p75)
        .key("p95")
        .num(p.p95)
        .key("tooltip")
        .raw(p.tooltip.empty() ? "null" : p.tooltip)
        .end();
  }
  points.end();
  // Date axis: ticks every `step` months, about 8 on a wide chart and 4 on a phone.
  std::string x_ticks = R"JSON({"signal": "max(2, ceil(width / 100))"})JSON";
  if (chart.utc_time && chart.points.size() >= 2) {
    const double months =
        (chart.points.back().x - chart.points.front().x) / (engine::kDaysPerMonth * kMsPerDay);
    const auto step = [&](double ticks) {
      for (const int s : {1, 2, 3, 6, 12, 24, 60, 120})
        if (months / s <= ticks) return s;
      return 240;
    };
    x_ticks = fmt::format(R"({{"signal": "{{interval: 'month', step: width < 520 ? {} : {}}}"}})", step(4),
                          step(8));
  }
  JsonWriter target;
  target.arr();
  if (chart.target) target.obj().key("y").num(*chart.target).key("label").str(chart.target_label).end();
  target.end();
  JsonWriter observed;
  observed.arr();
  for (const FanObserved& o : chart.observed)
    observed.obj()
        .key("x")
        .num(o.x)
        .key("y")
        .num(o.y)
        .key("inside")
        .boolean(o.inside_90)
        .key("tooltip")
        .raw(o.tooltip.empty() ? "null" : o.tooltip)
        .end();
  observed.end();
  JsonWriter lines;
  lines.arr();
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    const FanLine& l = chart.lines[i];
    for (const auto& [x, y] : l.points)
      lines.obj()
          .key("line")
          .num(static_cast<double>(i))
          .key("x")
          .num(x)
          .key("y")
          .num(y)
          .key("color")
          .str(l.color)
          .key("step")
          .boolean(l.step)
          .key("dashed")
          .boolean(l.dashed)
          .end();
  }
  lines.end();
  JsonWriter deadline;
  deadline.arr();
  if (chart.deadline_x)
    deadline.obj().key("x").num(*chart.deadline_x).key("label").str(chart.deadline_label).end();
  deadline.end();
  return fill_template(
      kFanTemplate,
      {
          {"description", json_string(chart.description)},
          {"config", std::string(kChartConfig)},
          {"width", std::string(kChartWidthSignal)},
          {"points", points.str()},
          {"target", target.str()},
          {"deadline", deadline.str()},
          {"observed", observed.str()},
          {"lines", lines.str()},
          {"x_type", chart.utc_time ? "\"utc\"" : "\"linear\""},
          {"x_ticks", x_ticks},
          {"x_title", json_string(chart.x_title)},
          {"x_format", chart.utc_time ? R"("format": "%b %Y", "formatType": "utc")" : R"("format": ",~f")"},
          {"y_title", json_string(chart.y_title)},
          {"y_format", json_string(chart.y_format)},
          {"band90", palette::kBand90},
          {"band50", palette::kBand50},
          {"primary", palette::kPrimary},
          {"accent", palette::kAccent},
          {"muted_color", palette::kMuted},
          {"observed_color", palette::kInk},
      });
}

std::string histogram_spec(const Histogram& chart) {
  JsonWriter bins;
  bins.arr();
  for (const auto& b : chart.bins) {
    bins.obj()
        .key("x0")
        .num(b.x0)
        .key("x1")
        .num(b.x1)
        .key("share")
        .num(b.share)
        .key("tooltip")
        .raw(b.tooltip.empty() ? "null" : b.tooltip)
        .end();
  }
  bins.end();
  JsonWriter markers;
  markers.arr();
  for (std::size_t i = 0; i < chart.markers.size(); ++i) {
    const auto& m = chart.markers[i];
    markers.obj()
        .key("x")
        .num(m.x)
        .key("label")
        .str(m.label)
        .key("color")
        .str(m.color)
        .key("row")
        .num(static_cast<double>(i))
        .end();
  }
  markers.end();
  return fill_template(kHistogramTemplate,
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(kChartConfig)},
                           {"width", std::string(kChartWidthSignal)},
                           {"bins", bins.str()},
                           {"markers", markers.str()},
                           {"lo", json_number(chart.lo)},
                           {"hi", json_number(chart.hi)},
                           {"x_title", json_string(chart.x_title)},
                           {"y_title", json_string(chart_words()("axis.share_of_futures"))},
                           {"x_format", json_string(chart.x_format)},
                           {"bar", palette::kBar},
                           {"primary", palette::kPrimary},
                       });
}

std::string column_spec(const ColumnChart& chart) {
  JsonWriter bars;
  bars.arr();
  std::vector<std::string> labels;
  for (const auto& b : chart.bars) {
    bars.obj().key("label").str(b.label).key("y").num(std::isfinite(b.y) ? b.y : 0.0);
    const bool whisker = b.lo && b.hi && std::isfinite(*b.lo) && std::isfinite(*b.hi);
    if (whisker) bars.key("lo").num(*b.lo).key("hi").num(*b.hi);
    bars.key("tooltip").raw(b.tooltip.empty() ? "null" : b.tooltip).end();
    labels.push_back(b.label);
  }
  bars.end();
  return fill_template(kColumnTemplate, {
                                            {"description", json_string(chart.description)},
                                            {"config", std::string(kChartConfig)},
                                            {"width", std::string(kChartWidthSignal)},
                                            {"bars", bars.str()},
                                            {"labels", json_strings(labels)},
                                            {"x_title", json_string(chart.x_title)},
                                            {"y_title", json_string(chart.y_title)},
                                            {"bar", palette::kBar},
                                            {"primary", palette::kPrimary},
                                            {"ink", palette::kInk},
                                        });
}

}  // namespace sibsim::output::report
