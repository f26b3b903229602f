#pragma once
// Declarative Vega specs (JSON) for the HTML report's charts: one spec per chart, data inlined,
// width following the page (responsive), SVG rendering and tooltips chosen by the page's script.
// Each builder fills a template with its data, so the spec reads like the Vega documentation.
// The charts a model's report sections may draw are public (sibsim/output/report/charts.hpp);
// these are the study reports' own (compare, sweep, feasibility, forecast), private to output/.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_chart_files.hpp"  // the specs: output/charts/*.json
#include "report_text.hpp"
#include "sibsim/output/report/charts.hpp"

namespace sibsim::output::detail {

// --- Charts of the compare, sweep, feasibility and forecast reports ------------------------------
// Rows with a non-finite value are left out by the builders.

/// Dot-and-whisker chart of differences (report_charts_bars.cpp): per row (a variant) the
/// estimate as a dot and its paired 95 % CI as a dark bar, drawn over the much wider CI that
/// independent runs would give (a light bar), with a rule at zero.
struct IntervalRow {
  std::string label;                    ///< unique within the chart
  double estimate = 0, lo = 0, hi = 0;  ///< difference and its paired CI
  double wide_lo = 0, wide_hi = 0;      ///< the CI had the runs been independent
  std::string tooltip;
};
struct IntervalChart {
  std::string description;
  std::vector<IntervalRow> rows;
  std::string x_title;
  std::string x_format = ",~f";  ///< d3-format
};
std::string interval_spec(const IntervalChart& chart);

/// Tornado chart (report_charts_bars.cpp): per parameter one bar from the base value to the value
/// at the parameter's low end and one to its high end, widest swing first as given.
struct TornadoRow {
  std::string label;  ///< unique within the chart
  double at_low = 0, at_high = 0;
  std::string low_text, high_text;  ///< labels at the bar ends
  std::string low_tooltip, high_tooltip;
};
struct TornadoChart {
  std::string description;
  double base = 0;
  std::vector<TornadoRow> rows;
  std::string x_title;
  std::string x_format = ",~f";
};
std::string tornado_spec(const TornadoChart& chart);

/// Sobol indices (report_charts_bars.cpp): per parameter a bar for the first-order index and one
/// for the total index, each with a whisker for its CI.
struct SobolRow {
  std::string label;  ///< unique within the chart
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
  std::string tooltip;
};
struct SobolChart {
  std::string description;
  std::vector<SobolRow> rows;
};
std::string sobol_spec(const SobolChart& chart);

/// Chances of reaching a requirement side by side (report_charts_bars.cpp): per row (e.g. a remedy)
/// its label on top with `text` at the right end, the chance as a bar from 0 coloured by its
/// verdict ("meets", "fails", "undecided") and its 95 % CI as a whisker; the required probability
/// as a dashed vertical rule with its label. The x axis runs from 0 to 1 (percentages). A label
/// that repeats gets " (2)", " (3)", ... so that each row keeps its own band.
struct ChanceBarRow {
  std::string label;
  double chance = 0, lo = 0, hi = 0;  ///< no whisker when lo or hi is not finite
  std::string verdict;
  std::string text;     ///< plain text at the row's right end (e.g. "83 %")
  std::string tooltip;  ///< tooltip_json(...)
};
struct ChanceBarChart {
  std::string description;
  std::vector<ChanceBarRow> rows;
  std::optional<double> required;  ///< the rule; none when not finite
  std::string required_label;
  std::string x_title;
};
std::string chance_bar_spec(const ChanceBarChart& chart);

/// How a parameter's values are placed on an x axis: numbers on a linear scale, dates (x = ms
/// since 1970, UTC) on a time scale, anything else as categories in the given order (by label).
enum class XKind { number, date, category };

/// A quantity against one parameter (report_charts_xy.cpp): the mean as a line with a dot per
/// point, in a band from lo to hi (e.g. the 5th to 95th percentile of the simulated futures).
struct BandPoint {
  double x = 0;       ///< number or ms since 1970 (not used for categories)
  std::string label;  ///< category (and tooltip title)
  double mean = 0, lo = 0, hi = 0;
  std::string tooltip;
};
struct BandLineChart {
  std::string description;
  XKind x_kind = XKind::number;
  std::vector<BandPoint> points;  ///< in x order
  std::string x_title, y_title;
  std::string y_format = ",~f";
};
std::string band_line_spec(const BandLineChart& chart);

/// Scatter of points with tooltips (report_charts_xy.cpp), optionally with a muted text in each
/// corner that says what the corner means.
struct ScatterPoint {
  double x = 0, y = 0;
  std::string tooltip;
};
struct ScatterChart {
  std::string description;
  bool utc_time = false;  ///< x is a date (ms since 1970, UTC)
  std::vector<ScatterPoint> points;
  std::string x_title, y_title;
  std::string x_format = ",~f", y_format = ",~f";
  bool x_unit_interval = false;  ///< x is a probability: the axis runs from 0 to 1
  std::string top_left, top_right, bottom_left, bottom_right;
};
std::string scatter_spec(const ScatterChart& chart);

/// Heatmap over two parameters (report_charts_xy.cpp): one cell per (column, row) pair coloured
/// by its value and labelled with its text; rows run upwards in the given order.
struct HeatCell {
  std::string column, row;
  double value = 0;
  std::string text;
  std::string tooltip;
};
struct Heatmap {
  std::string description;
  std::vector<std::string> columns, rows;  ///< the axes' labels, in order
  std::vector<HeatCell> cells;
  std::string x_title, y_title;
  std::string legend_title;
  std::string legend_format = ",~f";
};
std::string heatmap_spec(const Heatmap& chart);

/// Chance of meeting a target against a parameter (report_charts_xy.cpp): a dot per probe coloured
/// by its verdict ("meets", "fails", "undecided") with a whisker for its CI, a line through the
/// probes in x order, the required probability as a dashed rule and the answer's bracket shaded.
struct ProbabilityPoint {
  double x = 0;  ///< number or ms since 1970
  double p = 0, lo = 0, hi = 0;
  std::string verdict;
  std::string tooltip;
};
struct ProbabilityChart {
  std::string description;
  bool utc_time = false;
  std::vector<ProbabilityPoint> points;
  double required = 0;
  std::string required_label;
  std::optional<std::pair<double, double>> bracket;  ///< x from, to
  std::string x_title, y_title;
};
std::string probability_spec(const ProbabilityChart& chart);

}  // namespace sibsim::output::detail
