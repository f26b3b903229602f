// The catalogues, parsed once on first use from the embedded files (report_text_files.cpp, made
// by cmake/embed_files.cmake from output/text/).
#include "report_catalogues.hpp"

#include <string_view>

namespace sibsim::output::detail {

namespace text {
extern const std::string_view k_page_json;
extern const std::string_view k_run_json;
extern const std::string_view k_charts_json;
extern const std::string_view k_compare_json;
extern const std::string_view k_sweep_json;
extern const std::string_view k_feasibility_json;
extern const std::string_view k_calibration_json;
extern const std::string_view k_forecast_json;
}  // namespace text

const report::Words& page_words() {
  static const report::Words words(text::k_page_json, "output/text/page.json");
  return words;
}
const report::Words& run_words() {
  static const report::Words words(text::k_run_json, "output/text/run.json");
  return words;
}
const report::Words& chart_words() {
  static const report::Words words(text::k_charts_json, "output/text/charts.json");
  return words;
}
const report::Words& compare_words() {
  static const report::Words words(text::k_compare_json, "output/text/compare.json");
  return words;
}
const report::Words& sweep_words() {
  static const report::Words words(text::k_sweep_json, "output/text/sweep.json");
  return words;
}
const report::Words& feasibility_words() {
  static const report::Words words(text::k_feasibility_json, "output/text/feasibility.json");
  return words;
}
const report::Words& calibration_words() {
  static const report::Words words(text::k_calibration_json, "output/text/calibration.json");
  return words;
}
const report::Words& forecast_words() {
  static const report::Words words(text::k_forecast_json, "output/text/forecast.json");
  return words;
}

}  // namespace sibsim::output::detail
