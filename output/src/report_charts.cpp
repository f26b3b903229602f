// The public chart builders (sibsim/output/report/charts.hpp).
#include "report_charts.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "report_catalogues.hpp"
#include "report_text.hpp"
#include "sibsim/engine/date.hpp"

namespace sibsim::output::report {

using namespace sibsim::output::detail;  // JsonWriter, fill_template, chart_file

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
  return fill_template(chart_file(charts::k_hbar),
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(height)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"muted", json_strings(chart.muted_labels)},
                           {"rows", rows.str()},
                           {"labels", json_strings(labels)},
                           {"xmax", json_number(xmax > 0 ? xmax * 1.04 : 1.0)},
                           {"category_names", json_strings(names)},
                           {"category_colors", json_strings(colors)},
                           {"loss_color", palette::kAccent},
                           {"x_title", json_string(chart.x_title)},
                           {"legends", chart.legend ? std::string(chart_file(charts::k_hbar_legend)) : "[]"},
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
      chart_file(charts::k_fan),
      {
          {"description", json_string(chart.description)},
          {"config", std::string(chart_file(charts::k_config))},
          {"width", std::string(chart_file(charts::k_width_signal))},
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
  return fill_template(chart_file(charts::k_histogram),
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
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
  return fill_template(chart_file(charts::k_column),
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
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
