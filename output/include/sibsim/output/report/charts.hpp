#pragma once
/// \file charts.hpp
/// Declarative Vega specs (JSON) for the charts a report section draws: each builder takes the
/// chart's data and returns one spec with the data inlined, as wide as the page, rendered as SVG
/// with tooltips by the page's script. Put a spec on the page with ReportPage::chart (page.hpp).
/// Text in the structs is plain text (it is JSON-escaped); tooltips are tooltip_json(...).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sibsim::output::report {

/// The report's palette, shared by the page's CSS and the charts.
namespace palette {
inline constexpr const char* kInk = "#1b2a3a";
inline constexpr const char* kMuted = "#5b6770";
inline constexpr const char* kPrimary = "#1f5f8b";
inline constexpr const char* kBand90 = "#cfe1f0";
inline constexpr const char* kBand50 = "#93bde0";
inline constexpr const char* kBar = "#5b9bd0";
inline constexpr const char* kSoft = "#eef4f9";    ///< the lightest blue (heatmap low end)
inline constexpr const char* kAccent = "#c8324a";  ///< targets, losses
inline constexpr const char* kLoss = "#e58f9c";
inline constexpr const char* kAmber = "#c98a12";  ///< thresholds
inline constexpr const char* kGreen = "#2e8b57";  ///< full ambition, success
inline constexpr const char* kGrey = "#8a959d";
/// Colours of categories (e.g. reasons for leaving a funnel), in order.
inline constexpr const char* kCategories[] = {"#1f5f8b", "#e3a33b", "#9aa5ad",
                                              "#5aa38a", "#8e6bb5", "#c8324a"};
}  // namespace palette

/// A JSON array of strings.
std::string json_strings(const std::vector<std::string>& values);

/// {"title": title, key: value, ...} for a tooltip (plain text; values are shown as given).
std::string tooltip_json(std::string_view title,
                         const std::vector<std::pair<std::string, std::string>>& rows);

/// Horizontal bars from x0 to x1, one row per label (in the given order), coloured by category,
/// the label above each bar: waterfalls (stages and the losses between them), reasons, counts by
/// category.
struct HBarRow {
  std::string label;     ///< axis label; unique within the chart
  std::string category;  ///< colour key
  double x0 = 0, x1 = 0;
  std::string text;     ///< value label at the end of the bar
  std::string tooltip;  ///< tooltip_json(...)
};
struct HBarChart {
  std::string description;
  std::vector<HBarRow> rows;
  std::vector<std::pair<std::string, std::string>> categories;  ///< (category, colour), legend order
  bool legend = false;
  std::string x_title;
  std::vector<std::string> muted_labels;  ///< labels shown in the loss colour (in italics)
};
std::string hbar_spec(const HBarChart& chart);

/// Fan chart of a quantity over time: 90 % and 50 % bands, median line, an optional horizontal
/// reference line (a target) and an optional vertical one (a deadline).
struct FanPoint {
  double x = 0;           ///< ms since 1970 (utc time axis) or days since the start
  double x0 = 0, x1 = 0;  ///< hover column around the point
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
  std::string tooltip;
};
/// An observed figure drawn on a fan chart (a diamond; hollow when outside the 90 % band).
struct FanObserved {
  double x = 0;  ///< as FanPoint::x
  double y = 0;
  bool inside_90 = true;  ///< the figure lies within the simulated 90 % interval
  std::string tooltip;
};
/// A line over a fan chart: a level that changes at dates (a capacity, drawn as steps) or another
/// series' median (a control group, another scenario).
struct FanLine {
  std::string label;  ///< in the tooltip of its points
  std::string color;
  std::vector<std::pair<double, double>> points;  ///< (x as FanPoint::x, y)
  bool step = false;                              ///< hold each value until the next point
  bool dashed = false;                            ///< a dashed line (else solid)
};
struct FanChart {
  std::string description;
  std::vector<FanObserved> observed;
  std::vector<FanLine> lines;
  bool utc_time = true;  ///< x is a date (ms since 1970, UTC) rather than a number of days
  std::vector<FanPoint> points;
  std::optional<double> target;
  std::string target_label;
  std::optional<double> deadline_x;
  std::string deadline_label;
  std::string x_title, y_title;
  std::string y_format;  ///< d3-format for the y axis
};
std::string fan_spec(const FanChart& chart);

/// Histogram of a quantity across replications (bar height = share of replications) with
/// vertical markers (targets, thresholds, break-even).
struct HistBin {
  double x0 = 0, x1 = 0;
  double share = 0;
  std::string tooltip;
};
struct HistMarker {
  double x = 0;
  std::string label;
  std::string color;
};
struct Histogram {
  std::string description;
  std::vector<HistBin> bins;
  std::vector<HistMarker> markers;
  double lo = 0, hi = 1;  ///< x domain
  std::string x_title;
  std::string x_format;  ///< d3-format for the x axis
};
std::string histogram_spec(const Histogram& chart);

/// Vertical bars over ordered categories (e.g. months since a start), each with an optional
/// whisker from lo to hi (e.g. the 5th to 95th percentile across the simulated futures).
struct ColumnBar {
  std::string label;  ///< x-axis label; unique within the chart
  double y = 0;
  std::optional<double> lo, hi;  ///< whisker; none if either is missing or not finite
  std::string tooltip;
};
struct ColumnChart {
  std::string description;
  std::vector<ColumnBar> bars;
  std::string x_title, y_title;
};
std::string column_spec(const ColumnChart& chart);

}  // namespace sibsim::output::report
