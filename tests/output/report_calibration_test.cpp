// The HTML report of `sibsim calibrate` (kind "calibration") from a synthetic file
// (synthetic_calibration_results.hpp): degrees of freedom and their warning, figures inside their
// intervals, the parameters the data do not identify, every parameter and observation with its
// role, numbers to significant digits, one chart per expected chart; and the run report's
// "Parameter uncertainty" section from /posterior_spread. Rendering in a real browser:
// check_report_browser.py (ctest report_browser_render).
#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "report_calibration.hpp"
#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_calibration_results.hpp"
#include "synthetic_sib_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;

namespace {

struct Page {
  std::string html, text;
};

Page render(const TestDir& dir, CalibrationShape shape) {
  write_calibration(dir / "cal.h5", shape);
  write_html_report(dir / "cal.h5", dir / "cal.html");
  Page p{slurp(dir / "cal.html"), ""};
  p.text = visible_text(p.html);
  return p;
}

/// The text between the heading `from` and the next <h3> or the end of the section.
std::string part(const std::string& html, const std::string& from) {
  const auto start = html.find(from);
  REQUIRE(start != std::string::npos);
  auto end = std::min(html.find("<h3>", start + from.size()), html.find("</section>", start));
  return html.substr(start, end - start);
}

}  // namespace

TEST_CASE("report: a calibration states degrees of freedom, coverage and what the data leave open",
          "[output][report][calibration]") {
  const TestDir dir("report-calibration");
  const Page p = render(dir, CalibrationShape::overdetermined);
  CHECK(p.html.starts_with("<!DOCTYPE html>"));
  CHECK(foreign_urls(p.html).empty());
  // A density chart per parameter (4), the 3 most correlated pairs, the tolerances.
  CHECK(count(p.html, "<div class=\"chart\"") == 8);
  CHECK_THAT(p.html, Contains("data-charts-expected=\"8\""));
  CHECK(count(p.html, "<script") == count(p.html, "</script>"));

  CHECK_THAT(p.text, Contains("5 fit figures, 4 parameters (degrees of freedom 5 − 4 = 1)."));
  CHECK_THAT(p.text, !Contains("cannot test the model"));
  CHECK_THAT(p.text, Contains("4 of 5 fit figures fall inside their 90 % posterior-predictive intervals; "
                              "1 of 2 check figures (held out from the fit) do."));
  CHECK_THAT(p.text, Contains("Not identified by the data (posterior close to prior): Staff count."));
  CHECK_THAT(p.text,
             Contains("The search ran 3 generations after the prior's; final tolerance 1.05, "
                      "effective sample size 242 of 300 particles (44,504 simulated replications in all)."));

  for (const char* label : {"Arrival rate", "Share served", "Delay scale", "Staff count"}) {
    CAPTURE(label);
    CHECK(count(p.text, label) >= 2);  // the table and the chart's heading
  }
  for (const char* path : {"arrivals.rate", "service.share", "delay.scale", "staff.count"})
    CHECK_THAT(p.html, Contains(fmt::format("<code>{}</code>", path)));
  CHECK(count(p.html, "<span class=\"badge outside\">not identified</span>") == 1);
  CHECK(count(p.html, "<span class=\"badge inside\">identified</span>") == 3);
  CHECK_THAT(p.text, Contains("Not identified by the data: the posterior is close to the prior."));
  // The tiny delay scale keeps its significant digits.
  CHECK_THAT(p.text, Contains("Posterior mean 0.0015"));
  CHECK_THAT(p.text, Contains("beta(2, 5) on [0.1, 0.9]"));
  CHECK_THAT(p.text, Contains("The most correlated pair: Arrival rate and Share served"));

  // Fit figures and check figures in tables of their own, each figure with its role.
  const std::string fit = part(p.html, "<h3>Fit figures (5; 4 inside)</h3>");
  const std::string check = part(p.html, "<h3>Check figures, held out from the fit (2; 1 inside)</h3>");
  for (const char* name : {"served", "wait_mean", "share_served", "queue_peak", "balked"}) {
    CAPTURE(name);
    CHECK_THAT(fit, Contains(fmt::format("<code>{}</code>", name)));
    CHECK_THAT(check, !Contains(fmt::format("<code>{}</code>", name)));
  }
  for (const char* name : {"served_2017", "abandon_share"}) {
    CAPTURE(name);
    CHECK_THAT(check, Contains(fmt::format("<code>{}</code>", name)));
  }
  CHECK(count(fit, "<span class=\"badge fit\">fit</span>") == 5);
  CHECK(count(check, "<span class=\"badge check\">check</span>") == 2);
  CHECK_THAT(check, Contains("class=\"held-out\""));
  CHECK_THAT(visible_text(fit), Contains("52 of 120"));
  CHECK_THAT(visible_text(fit), Contains("8–12"));  // a range
  CHECK_THAT(visible_text(fit), Contains("0.0012–0.0021"));
  CHECK(count(fit, "badge outside\">outside") == 1);

  CHECK_THAT(p.text, Contains("none (prior)"));  // generation 0's tolerance
  CHECK_THAT(p.text, Contains("10 %"));          // generation 3's acceptance, 0.103
  CHECK_THAT(p.text, Contains("observations: observations/toy.yaml"));
}

TEST_CASE("report: a calibration with no more fit figures than parameters says it cannot test the model",
          "[output][report][calibration]") {
  const TestDir dir("report-calibration-saturated");
  const Page p = render(dir, CalibrationShape::saturated);
  CHECK_THAT(p.text, Contains("3 fit figures, 4 parameters (degrees of freedom 3 − 4 = −1). The fit cannot "
                              "test the model"));
  CHECK_THAT(p.text, Contains("3 of 3 fit figures fall inside"));
}

TEST_CASE("report: a run made with --posterior splits each spread into parameters and Monte Carlo",
          "[output][report][calibration]") {
  const TestDir dir("report-posterior-spread");
  const SibRun run = make_sib_run({.payout = true});
  {
    ResultsWriter w(dir / "run.h5", run.meta);
    w.begin_replications(run.result.kpis);
    w.sink()(0, kSibReplications, run.rows);
    w.write_summary(run.result);
    w.write_table("/posterior_spread", posterior_spread_table());
    w.commit();
  }
  write_html_report(dir / "run.h5", dir / "run.html");
  const std::string text = visible_text(slurp(dir / "run.html"));
  CHECK_THAT(text, Contains("Parameter uncertainty"));
  CHECK_THAT(text, Contains("(300 particles used)"));
  // started: 9.1² / (9.1² + 6.4²) = 66.9 %.
  CHECK_THAT(text, Contains("Parameter uncertainty makes up 67 % for starters"));
  CHECK_THAT(text, !Contains("started@2017-01-01"));

  // Without the table, no section.
  write_sib(run, dir / "plain.h5");
  write_html_report(dir / "plain.h5", dir / "plain.html");
  CHECK_THAT(slurp(dir / "plain.html"), !Contains("Parameter uncertainty"));
}

TEST_CASE("report: numbers to significant digits and prior densities", "[output][report][calibration]") {
  using detail::sig;
  CHECK(sig(0.0015) == "0.0015");
  CHECK(sig(0.001534) == "0.00153");
  CHECK(sig(123456.0) == "123,456");
  CHECK(sig(2.5) == "2.5");
  CHECK(sig(-0.5) == "\u22120.5");
  CHECK(sig(1.5e-7) == "1.5e\u22127");
  CHECK(sig(0) == "0");
  CHECK(sig(std::numeric_limits<double>::infinity()) == "\u221e");

  // Composite Simpson's rule: its error falls as h^4, so 2,000 intervals are far inside the
  // tolerances below (a midpoint rule of 200,000 calls to prior_density took 28 minutes under ASan).
  const auto integral = [](const detail::PriorShape& prior, double lo, double hi) {
    constexpr int kSteps = 2'000;  // even
    const detail::PriorDensity density(prior);
    const double h = (hi - lo) / kSteps;
    double s = density(lo) + density(hi);
    for (int i = 1; i < kSteps; ++i) s += (i % 2 ? 4 : 2) * density(lo + i * h);
    return s * h / 3;
  };
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // Each density integrates to 1 over its truncated support.
  CHECK(integral({"beta", 2, 5, 0.1, 0.9}, 0.1, 0.9) == Approx(1).epsilon(1e-4));
  CHECK(integral({"gamma", 2, 0.5, -kInf, kInf}, 0, 200) == Approx(1).epsilon(1e-4));
  CHECK(integral({"gamma", 2, 0.5, 3, kInf}, 3, 200) == Approx(1).epsilon(1e-4));
  CHECK(integral({"normal", 1, 2, 0, kInf}, 0, 40) == Approx(1).epsilon(1e-4));
  CHECK(integral({"log_uniform", 0.01, 10, -kInf, kInf}, 0.01, 10) == Approx(1).epsilon(1e-3));
  CHECK(integral({"uniform", 1, 6, 2, 4}, 2, 4) == Approx(1).epsilon(1e-9));
  // The parameters as documented: gamma(shape, rate), normal(mean, sd).
  CHECK(detail::prior_density({"gamma", 2, 0.5, -kInf, kInf}, 2) == Approx(0.25 * 2 * std::exp(-1.0)));
  CHECK(detail::prior_density({"normal", 1, 2, -kInf, kInf}, 1) ==
        Approx(1 / (2 * std::sqrt(2 * std::numbers::pi))));
  CHECK(detail::prior_density({"uniform", 1, 6, -kInf, kInf}, 7) == 0);
  CHECK(std::isnan(detail::prior_density({"cauchy", 0, 1, -kInf, kInf}, 0)));
}
