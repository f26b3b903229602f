#pragma once
// The charts' Vega specs and shared snippets (output/charts/*.json, embedded at build time into
// report_chart_files.cpp by output/CMakeLists.txt). Each file is a template for fill_template
// (report_text.hpp): its @name@ placeholders are filled by the chart builders. Adding a file means
// a name in output/CMakeLists.txt, a line here and one in kChartFiles. Private to output/.

#include <array>
#include <string_view>

namespace sibsim::output::detail {

namespace charts {
// Snippets shared by several charts.
extern const std::string_view k_config;        ///< config.json: fonts and colours of every chart
extern const std::string_view k_width_signal;  ///< width_signal.json: width follows the page
extern const std::string_view k_hbar_legend;   ///< hbar_legend.json: legend above the bars
extern const std::string_view k_row_label;     ///< row_label.json: the label above each row
extern const std::string_view k_utc_axis;      ///< utc_axis.json: date labels on a time axis
// Whole specs (Vega).
extern const std::string_view k_hbar;
extern const std::string_view k_fan;
extern const std::string_view k_histogram;
extern const std::string_view k_column;
extern const std::string_view k_interval;
extern const std::string_view k_tornado;
extern const std::string_view k_sobol;
extern const std::string_view k_band_line;
extern const std::string_view k_scatter;
extern const std::string_view k_heatmap;
extern const std::string_view k_probability;
extern const std::string_view k_density;
extern const std::string_view k_weighted_scatter;
extern const std::string_view k_chance_bars;
}  // namespace charts

/// A chart file's text without the file's final newline (the templates are filled as they stand).
inline std::string_view chart_file(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  return text;
}

/// Every embedded chart file by its name in output/charts/ (for tests).
struct ChartFile {
  std::string_view name;
  const std::string_view* text;
};
inline const std::array<ChartFile, 19> kChartFiles{{
    {"config.json", &charts::k_config},
    {"width_signal.json", &charts::k_width_signal},
    {"hbar_legend.json", &charts::k_hbar_legend},
    {"row_label.json", &charts::k_row_label},
    {"utc_axis.json", &charts::k_utc_axis},
    {"hbar.vg.json", &charts::k_hbar},
    {"fan.vg.json", &charts::k_fan},
    {"histogram.vg.json", &charts::k_histogram},
    {"column.vg.json", &charts::k_column},
    {"interval.vg.json", &charts::k_interval},
    {"tornado.vg.json", &charts::k_tornado},
    {"sobol.vg.json", &charts::k_sobol},
    {"band_line.vg.json", &charts::k_band_line},
    {"scatter.vg.json", &charts::k_scatter},
    {"heatmap.vg.json", &charts::k_heatmap},
    {"probability.vg.json", &charts::k_probability},
    {"density.vg.json", &charts::k_density},
    {"weighted_scatter.vg.json", &charts::k_weighted_scatter},
    {"chance_bars.vg.json", &charts::k_chance_bars},
}};

}  // namespace sibsim::output::detail
