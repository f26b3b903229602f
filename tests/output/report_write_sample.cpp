// Writes two synthetic SIB-like runs and their HTML reports for the browser test
// (check_report_browser.py): <dir>/funnel.{h5,html} (recruitment only) and <dir>/payout.{h5,html}
// (with outcome, payment and dropout KPIs). A ctest fixture: report_write_sample runs before
// report_browser_render.
#include <cstdio>
#include <exception>
#include <filesystem>

#include "sibsim/output/html_report.hpp"
#include "synthetic_sib_results.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    using namespace sibsim::output;
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    for (const bool payout : {false, true}) {
      const auto base = dir / (payout ? "payout" : "funnel");
      auto h5 = base, html = base;
      h5 += ".h5";
      html += ".html";
      testing::write_sib(testing::make_sib_run({.payout = payout}), h5);
      write_html_report(h5, html);
      std::printf("wrote %s\n", html.c_str());
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "report_write_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
