// Writes synthetic results files and their HTML reports for the browser test
// (check_report_browser.py), in OUTPUT_DIR:
//   funnel.{h5,html}  a run, recruitment only          payout.{h5,html}  a run with payments
//   generic.{h5,html} the payment run's generic report (no model sections)
//   compare.{h5,html} sibsim compare                   feasibility.{h5,html} sibsim feasibility
//   sweep-line.{h5,html}, sweep-grid.{h5,html}, sweep-sensitivity.{h5,html}  three sweeps
//   calibration.{h5,html} sibsim calibrate              forecast.{h5,html} sibsim forecast
// and each report's Dutch edition (--lang nl) as <name>-nl.html, with the SIB's Dutch labels.
// (synthetic_sib_results.hpp, synthetic_study_results.hpp, synthetic_calibration_results.hpp,
// synthetic_forecast_results.hpp). A ctest fixture: report_write_sample runs before
// report_browser_render.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sib_report_sections.hpp"
#include "sibsim/output/html_report.hpp"
#include "studio_levers.hpp"
#include "synthetic_calibration_results.hpp"
#include "synthetic_forecast_results.hpp"
#include "synthetic_sib_results.hpp"
#include "synthetic_study_results.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    using namespace sibsim::output;
    using namespace sibsim::output::testing;
    const sibsim::models::sib::SibReportSections sib;
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    using Write = std::function<void(const std::filesystem::path&)>;
    struct File {
      std::string name;
      Write write;
      const RunReportSections* sections;  // the model's, for runs
    };
    const std::vector<File> files = {
        {"funnel", [](const auto& p) { write_sib(make_sib_run({.payout = false}), p); }, &sib},
        {"payout", [](const auto& p) { write_sib(make_sib_run({.payout = true}), p); }, &sib},
        {"generic", [](const auto& p) { write_sib(make_sib_run({.payout = true}), p); }, nullptr},
        {"compare", [](const auto& p) { write_compare(p); }, nullptr},
        {"sweep-line", [](const auto& p) { write_sweep(p, SweepShape::line); }, nullptr},
        {"sweep-grid", [](const auto& p) { write_sweep(p, SweepShape::grid); }, nullptr},
        {"sweep-sensitivity", [](const auto& p) { write_sweep(p, SweepShape::sensitivity); }, nullptr},
        {"feasibility", [](const auto& p) { write_feasibility(p, FeasibilityShape::found_date); }, nullptr},
        {"calibration", [](const auto& p) { write_calibration(p); }, nullptr},
        {"forecast", [](const auto& p) { write_forecast(p, {.remedies = true, .more_remedies = true}); },
         nullptr},
    };
    for (const auto& f : files) {
      const auto h5 = dir / (f.name + ".h5");
      const auto html = dir / (f.name + ".html");
      f.write(h5);
      write_html_report(h5, html, f.sections);
      std::printf("wrote %s\n", html.c_str());
      HtmlReportOptions dutch;
      dutch.language = report::Language::nl;
      dutch.labels = sibsim::models::sib::sib_labels("nl");
      const auto html_nl = dir / (f.name + "-nl.html");
      write_html_report(h5, html_nl, f.sections, dutch);
      std::printf("wrote %s\n", html_nl.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "report_write_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
