// Horizontal-row charts of the compare, sweep and forecast reports: differences with their paired
// and independent CIs, the tornado of one-at-a-time effects, Sobol indices, chances against a
// required probability. Like the funnel chart, each row has its label on top and its bars below it,
// so long labels stay readable on a phone.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

bool finite(std::initializer_list<double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

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
  return fill_template(chart_file(charts::k_interval),
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(44.0 * static_cast<double>(labels.size()))},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"rows", rows.str()},
                           {"labels", json_strings(labels)},
                           {"lo", json_number(dlo)},
                           {"hi", json_number(dhi)},
                           {"x_format", json_string(chart.x_format)},
                           {"x_title", json_string(chart.x_title)},
                           {"row_label", std::string(chart_file(charts::k_row_label))},
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
  return fill_template(chart_file(charts::k_tornado),
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(50.0 * static_cast<double>(labels.size()))},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"rows", rows_json(labels)},
                           {"bars", bars.str()},
                           {"labels", json_strings(labels)},
                           {"lo", json_number(dlo)},
                           {"hi", json_number(dhi)},
                           {"base", json_number(chart.base)},
                           {"x_format", json_string(chart.x_format)},
                           {"x_title", json_string(chart.x_title)},
                           {"row_label", std::string(chart_file(charts::k_row_label))},
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
  return fill_template(chart_file(charts::k_sobol),
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(50.0 * static_cast<double>(labels.size()))},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"rows", rows_json(labels)},
                           {"bars", bars.str()},
                           {"labels", json_strings(labels)},
                           {"lo", json_number(std::max(lo, -1.0))},
                           {"hi", json_number(std::min(hi, 1.5))},
                           {"row_label", std::string(chart_file(charts::k_row_label))},
                           {"x_title", json_string(chart_words()("axis.variance_explained"))},
                           {"first_color", palette::kPrimary},
                           {"total_color", palette::kBand50},
                           {"ink", palette::kInk},
                       });
}

std::string chance_bar_spec(const ChanceBarChart& chart) {
  JsonWriter rows;
  rows.arr();
  std::vector<std::string> labels;
  std::set<std::string, std::less<>> seen;
  for (const auto& r : chart.rows) {
    if (!std::isfinite(r.chance)) continue;
    std::string label = r.label;
    for (int n = 2; seen.contains(label); ++n) label = r.label + " (" + std::to_string(n) + ")";
    seen.insert(label);
    const bool ci = finite({r.lo, r.hi});
    rows.obj()
        .key("label")
        .str(label)
        .key("chance")
        .num(r.chance)
        .key("lo")
        .num(ci ? r.lo : r.chance)
        .key("hi")
        .num(ci ? r.hi : r.chance)
        .key("verdict")
        .str(r.verdict)
        .key("text")
        .str(r.text)
        .key("tooltip")
        .raw(r.tooltip.empty() ? "null" : r.tooltip)
        .end();
    labels.push_back(std::move(label));
  }
  rows.end();
  JsonWriter required;
  required.arr();
  if (chart.required && std::isfinite(*chart.required))
    required.obj().key("x").num(*chart.required).key("label").str(chart.required_label).end();
  required.end();
  return fill_template(chart_file(charts::k_chance_bars),
                       {
                           {"description", json_string(chart.description)},
                           {"height", json_number(20.0 + 46.0 * static_cast<double>(labels.size()))},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"rows", rows.str()},
                           {"required", required.str()},
                           {"labels", json_strings(labels)},
                           {"x_title", json_string(chart.x_title)},
                           {"green", palette::kGreen},
                           {"accent", palette::kAccent},
                           {"amber", palette::kAmber},
                           {"ink", palette::kInk},
                       });
}

}  // namespace sibsim::output::detail
