// The HTML reports of `sibsim compare`, `sibsim sweep` and `sibsim feasibility` (write_html_report
// dispatches on the file's kind): the answers in words with the right numbers, one chart per
// expected chart, sections that follow the data, escaping, and files of an unknown kind. Their
// rendering in a real browser is checked by check_report_browser.py (ctest report_browser_render).
#include <fmt/core.h>
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_study_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;

namespace {

struct Page {
  std::string html, text;
};

template <class Write>
Page render(const TestDir& dir, Write write) {
  write(dir / "study.h5");
  write_html_report(dir / "study.h5", dir / "study.html");
  Page p{slurp(dir / "study.html"), ""};
  p.text = visible_text(p.html);
  return p;
}

void check_self_contained(const Page& p, std::size_t charts) {
  CHECK(p.html.starts_with("<!DOCTYPE html>"));
  CHECK_THAT(p.html, Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
  CHECK_THAT(p.html, Contains("<section id=\"key-answers\""));
  CHECK(count(p.html, "<div class=\"chart\"") == charts);
  CHECK(count(p.html, "<script type=\"application/json\" data-chart=") == charts);
  CHECK_THAT(p.html, Contains(fmt::format("data-charts-expected=\"{}\"", charts)));
  CHECK(count(p.html, "<script") == count(p.html, "</script>"));
  CHECK(foreign_urls(p.html).empty());
  CHECK_THAT(p.html, !Contains("src=\""));
  if (charts > 0) CHECK_THAT(p.html, Contains("__sibsimVegaModule('vega-view')"));
}

// Replaces the root attribute `kind` (the writer refuses unknown kinds, so this makes one).
void set_kind(const std::filesystem::path& file, const char* kind) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(f >= 0);
  CHECK(H5Adelete(f, "kind") >= 0);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(f, "kind", type, space, H5P_DEFAULT, H5P_DEFAULT);
  CHECK(H5Awrite(a, type, &kind) >= 0);
  H5Aclose(a);
  H5Sclose(space);
  H5Tclose(type);
  H5Fclose(f);
}

}  // namespace

TEST_CASE("report: compare states each variant's differences with their paired CIs",
          "[output][report][study]") {
  const TestDir dir("report-compare");
  const Page p = render(dir, [](const auto& path) { write_compare(path); });
  // One dot-and-whisker chart per KPI (7, all within the charted maximum).
  check_self_contained(p, 7);
  CHECK_THAT(p.html, Contains("<title>wnd-2016-actual compared with 2 variants"));
  CHECK_THAT(p.text, Contains("wnd-strict-criteria: 66.2 fewer starters (95 % CI 65.5–66.8)"));
  CHECK_THAT(p.text, Contains("2 percentage points lower chance of reaching the target (95 % CI 0.8–3.2)"));
  CHECK_THAT(p.text, Contains("EUR 905,000 less outcome payment (95 % CI EUR 884,000–926,000)"));
  CHECK_THAT(p.text, Contains("wnd-recruit-24-months: 31.8 more starters (95 % CI 29.9–33.7)"));
  CHECK_THAT(p.text, Contains("41 percentage points higher chance of reaching the target"));
  // The median of the 13 finite narrower factors (one is NaN).
  CHECK_THAT(p.text, Contains("Comparing on common random numbers makes the intervals 2.4× narrower than "
                              "independent runs would (the median over 13 differences)"));
  // Per KPI: a table with base, variant, difference and CI, independent half-width, factor.
  // Headings with the label from /kpis, and the name.
  CHECK_THAT(p.text, Contains("Starters started"));
  CHECK_THAT(p.text, Contains("Investor return a year investor_irr"));
  CHECK_THAT(
      p.html,
      Contains("<tr><td>wnd-strict-criteria</td><td class=\"num\">119.4</td><td class=\"num\">53.2</td>"
               "<td class=\"num diff\">−66.2 <span class=\"dim\">(−66.8 to −65.5)</span></td>"
               "<td class=\"num\">2.21</td><td class=\"num\">3.4&times;</td><td class=\"num\">400</td>"
               "</tr>"));
  CHECK_THAT(p.html,
             Contains("<td class=\"num diff\">−19&nbsp;% <span class=\"dim\">(−20.1 to −17.9&nbsp;%)</span>"
                      "</td><td class=\"num\">2.9&nbsp;%</td><td class=\"num\">2.6&times;</td>"
                      "<td class=\"num\">371</td>"));
  // A difference whose CI contains zero is not called a difference.
  CHECK_THAT(p.html, Contains("<section id=\"scenarios\""));
  CHECK_THAT(p.text, Contains("scenarios/wnd-strict-criteria.yaml"));
  CHECK_THAT(p.html, Contains("Show the scenarios as given"));
}

TEST_CASE("report: compare words an unclear difference and folds figures beyond the charted ones",
          "[output][report][study]") {
  const TestDir dir("report-compare-many");
  const Page p = render(dir, [](const auto& path) {
    ResultsWriter w(path, study_meta(kKindCompare, "many", ""));
    Table t;
    std::vector<std::string> kpi, unit;
    std::vector<std::uint64_t> scenario, n;
    std::vector<double> diff, lo, hi, base, ind, factor;
    for (int k = 0; k < 10; ++k) {
      kpi.push_back(k == 0 ? "started" : fmt::format("kpi_{}", k));
      unit.emplace_back("persons");
      scenario.push_back(1);
      n.push_back(100);
      base.push_back(100);
      diff.push_back(k == 0 ? 0.4 : k);
      lo.push_back(k == 0 ? -0.6 : k - 0.5);
      hi.push_back(k == 0 ? 1.4 : k + 0.5);
      ind.push_back(2);
      factor.push_back(4);
    }
    add_column(t, "kpi", "", "", kpi);
    add_column(t, "unit", "", "", unit);
    add_column(t, "scenario", "", "", scenario);
    add_column(t, "base_mean", "", "", base);
    add_column(t, "difference", "", "", diff);
    add_column(t, "ci_low", "", "", lo);
    add_column(t, "ci_high", "", "", hi);
    add_column(t, "independent_half_width", "", "", ind);
    add_column(t, "narrower_factor", "", "", factor);
    add_column(t, "n", "", "", n);
    w.write_table("/compare/kpis", t);  // no /compare/scenarios, no description or variant columns
    const std::vector<engine::KpiInfo> catalogue = {{"started", "persons", "", "starters", {"headline"}}};
    w.write_kpis(catalogue);  // the other KPIs: no label (their humanised names), no group
    w.commit();
  });
  check_self_contained(p, 8);
  CHECK_THAT(
      p.text,
      Contains("Scenario 1: no clear difference in starters (95 % CI of the difference −0.60 to 1.40)."));
  CHECK_THAT(p.text, Contains("makes the intervals 4× narrower"));
  CHECK_THAT(p.text, Contains("KPI 3 kpi_3"));  // no label: the humanised name
  CHECK_THAT(p.text, Contains("All other figures (2)"));
  CHECK_THAT(p.html, !Contains("<section id=\"scenarios\""));
}

TEST_CASE("report: sweep over one parameter draws each KPI against it", "[output][report][study]") {
  const TestDir dir("report-sweep-line");
  const Page p = render(dir, [](const auto& path) { write_sweep(path, SweepShape::line); });
  // Six KPIs against recruitment.end, and the government-versus-investor trade-off.
  check_self_contained(p, 7);
  // The title names the sweep (what it varies), then its base scenario.
  CHECK_THAT(p.html, Contains("<h1>Sweep of recruitment.end ("));
  CHECK_THAT(p.html, Contains("<title>Sweep of recruitment.end ("));
  CHECK_THAT(p.text,
             Contains("This sweep ran a grid of 7 variants of the scenario, each with 400 simulated futures, "
                      "varying recruitment.end."));
  CHECK_THAT(p.text, Contains("Starters: from 61.8 (recruitment.end = 2017-02-01) to 141 (recruitment.end = "
                              "2018-08-01)."));
  // The derived measures of /outcome_measures, with their labels.
  CHECK_THAT(p.text, Contains("Investors' chance of a loss: from "));
  CHECK_THAT(p.html, Contains("<section id=\"varied\""));
  CHECK_THAT(p.text, Contains("2017-02-01, 2017-05-01, 2017-08-01"));
  CHECK_THAT(p.html, Contains("Outcomes against <code>recruitment.end</code>"));
  CHECK_THAT(p.html, Contains("\"type\": \"utc\""));  // dates on a time axis
  CHECK_THAT(p.html, Contains("<section id=\"tradeoff\""));
  CHECK_THAT(p.html, !Contains("<section id=\"sensitivity\""));
  CHECK_THAT(p.html, Contains("Show the sweep specification"));
}

TEST_CASE("report: sweep over a grid draws a heatmap and the trade-off", "[output][report][study]") {
  const TestDir dir("report-sweep-grid");
  const Page p = render(dir, [](const auto& path) { write_sweep(path, SweepShape::grid); });
  check_self_contained(p, 2);
  CHECK_THAT(p.html, Contains("Starters over the grid"));
  CHECK_THAT(p.html, Contains("\"type\": \"gradient\""));
  // The trade-off: x is the measure of the group trade_off_x, y the first of trade_off_y.
  CHECK_THAT(p.html, Contains("<section id=\"tradeoff\">\n<h2>Trade-off</h2>"));
  CHECK_THAT(p.text,
             Contains("Each dot is a design point (hover or tap for its parameter values): investors' "
                      "chance of a loss across, government's payment per true extra work-month up."));
  CHECK_THAT(p.text, Contains("lower on both"));
  CHECK_THAT(p.text, Contains("Government's payment per true extra work-month is lowest at point"));
  CHECK_THAT(p.text, Contains("Outcomes at every point"));
  CHECK(count(p.html, "<td class=\"num\">grid") == 0);
  CHECK(count(p.html, "<td>grid</td>") == 20);
}

TEST_CASE("report: sweep sensitivity shows tornado and Sobol charts", "[output][report][study]") {
  const TestDir dir("report-sweep-sens");
  const Page p = render(dir, [](const auto& path) { write_sweep(path, SweepShape::sensitivity); });
  // Started against the date and the price (not the boolean), trade-off, 3 tornados, 2 Sobol charts.
  check_self_contained(p, 8);
  // Each index with its CI; a total index above 1 (1.007) is "about all", never "100.7 %".
  CHECK_THAT(p.text,
             Contains("For starters, recruitment.end matters most: it explains 71 % (95 % CI 63–79 %) of the "
                      "variance on its own and about all (95 % CI 94.7–100 %) with its interactions."));
  CHECK_THAT(p.text, Contains("estimates outside that range are Monte Carlo noise"));
  CHECK_THAT(p.text, !Contains("100.7 % of the variance"));
  CHECK_THAT(p.text, !Contains("explains 101"));
  CHECK_THAT(p.text, Contains("For investor multiple, payment.price_per_work_month matters most"));
  CHECK_THAT(p.text, Contains("One parameter at a time"));
  CHECK_THAT(p.text, Contains("Share of the variance (Sobol indices)"));
  // The Sobol table: every index with its interval; the estimate above 100 % is marked.
  CHECK_THAT(p.text, Contains("programme.phone_for_all19 % (11–27 %)22 % (16–29 %)"));
  CHECK_THAT(p.html, Contains("101&nbsp;%<sup title=\"Monte Carlo noise"));
  CHECK_THAT(p.text, Contains("2017-02-01 – 2018-02-01"));
  // With three parameters the key answers name the point and each parameter with its value.
  CHECK_THAT(p.text, Contains("(point 1: recruitment.end = 2017-02-01, payment.price_per_work_month = 1,500, "
                              "programme.phone_for_all = false)"));
  CHECK_THAT(p.text, !Contains("(point 1: 2017-02-01, 1,500, false)"));
  // Small values keep significant digits (not "0" and "0.05"): the tornado's heading and table
  // give the ends with their 95 % Monte Carlo intervals, mean ± 1.96 SE (SE = value / 20 here).
  CHECK_THAT(p.text, Contains("Dropout hazard (base 0.0015, 95 % CI 0.00135–0.00165)"));
  CHECK_THAT(p.text,
             Contains("programme.phone_for_allfalse0.0015 (0.00135–0.00165)true0.0457 (0.0412–0.0502)"));
  CHECK_THAT(p.text, Contains("Monte Carlo intervals of each mean"));
  // The outcomes table too, in a wrapper that scrolls and a table printed small.
  CHECK_THAT(p.html, Contains("<td class=\"num\">0.0015</td>"));
  CHECK_THAT(p.html, Contains("<td class=\"num\">0.0457</td>"));
  CHECK_THAT(p.html,
             Contains("<td class=\"num\">280,755</td>"));  // payout_total at the base: EUR in the heading
  CHECK_THAT(p.html, Contains("<div class=\"table-wrap\"><table class=\"wide\">"));
  CHECK_THAT(p.html, Contains("table.wide { font-size:"));
  // The scatters draw the Sobol points only: one-at-a-time points would look like a spread.
  CHECK_THAT(p.text, Contains("The one-at-a-time points are left out"));
  // (Each point's tooltip names its role: the trade-off's dots are every point, 3 low ends and
  // 4 A points; the two scatters add the 4 A points each and no one-at-a-time point.)
  CHECK(count(p.html, "\"Role\":\"oat:low:") == 3);
  CHECK(count(p.html, "\"Role\":\"oat:base\"") == 1);
  CHECK(count(p.html, "\"Role\":\"sobol:A\"") == 3 * 4);
  // A share of almost none is not printed as 1.43e−11 %.
  CHECK_THAT(p.text, !Contains("e−11 %"));
}

TEST_CASE("report: a one-at-a-time sweep draws tornados and no scatter against the parameters",
          "[output][report][study]") {
  const TestDir dir("report-sweep-oat");
  const Page p = render(dir, [](const auto& path) { write_sweep(path, SweepShape::oat); });
  // The trade-off and 3 tornados; no outcomes against each parameter.
  check_self_contained(p, 4);
  CHECK_THAT(p.html, !Contains("<section id=\"outcomes\""));
  CHECK_THAT(p.html, Contains("<section id=\"sensitivity\""));
  CHECK_THAT(p.text, !Contains("Share of the variance (Sobol indices)"));
  CHECK_THAT(p.text, Contains("For starters, recruitment.end matters most one at a time"));
  CHECK_THAT(p.text, Contains("Dropout hazard (base 0.0015, 95 % CI 0.00135–0.00165)"));
}

TEST_CASE("report: a sweep with only its design still renders", "[output][report][study]") {
  const TestDir dir("report-sweep-bare");
  const Page p = render(dir, [](const auto& path) {
    ResultsWriter w(path, study_meta(kKindSweep, "bare", ""));
    Table d;
    add_column<std::uint64_t>(d, "point", "", "", {0, 1});
    add_column<std::string>(d, "role", "", "", {"lhs", "lhs"});
    add_column<std::string>(d, "programme.kind", "", "", {"basic", "plus"});
    w.write_table("/design", d);
    w.commit();
  });
  check_self_contained(p, 0);
  CHECK_THAT(p.text, Contains("This sweep ran a Latin hypercube of 2 variants"));
  CHECK_THAT(p.text, Contains("basic, plus"));
  CHECK_THAT(p.html, !Contains("<section id=\"outcomes-table\""));
}

TEST_CASE("report: feasibility gives the answer first, then the chances tried", "[output][report][study]") {
  const TestDir dir("report-feasibility");
  SECTION("found, on a date") {
    const Page p =
        render(dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::found_date); });
    check_self_contained(p, 1);
    // The title names the question, then its scenario.
    CHECK_THAT(p.html, Contains("<h1>The smallest recruitment.end (When must recruitment end?)</h1>"));
    CHECK_THAT(p.html, Contains("<p class=\"big\">Recruitment must run until 15 September 2017"));
    CHECK_THAT(p.text,
               Contains("What is the smallest value of recruitment.end for which the chance that started is "
                        "at least 150 is at least 80 %?"));
    CHECK_THAT(p.text,
               Contains("Answer: 15 September 2017, somewhere between 20 August 2017 and 10 October 2017"));
    CHECK_THAT(p.text, Contains("8 values tried, with 5,200 simulated futures in all."));
    CHECK_THAT(p.text, Contains("As a duration: 16.5 months after the start of recruitment (1 May 2016)."));
    CHECK(count(p.html, "<span class=\"badge meets\">") == 3);
    CHECK(count(p.html, "<span class=\"badge undecided\">") == 1);
    CHECK_THAT(p.html, Contains("\"bracket\", \"values\": [{\"x0\":1503187200000,\"x1\":1507593600000}]"));
    CHECK_THAT(p.html, Contains("Required: 80"));
  }
  SECTION("never, on a number") {
    const Page p =
        render(dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::never_number); });
    check_self_contained(p, 1);
    CHECK_THAT(p.text, Contains("No value tried meets the requirement."));
    CHECK_THAT(p.text, Contains("What is the largest value of recruitment.staff_fte"));
    CHECK_THAT(p.html, Contains("\"bracket\", \"values\": []"));
  }
}

TEST_CASE("report: text from study files is escaped everywhere", "[output][report][study]") {
  const TestDir dir("report-study-escape");
  const std::string evil = "</script><b>x</b> & 'y'";
  const Page p = render(dir, [&](const auto& path) {
    ResultsWriter w(path, study_meta(kKindSweep, evil, evil));
    Table d;
    add_column<std::uint64_t>(d, "point", "", "", {0, 1});
    add_column<std::string>(d, "role", "", "", {evil, "grid"});
    add_column<double>(d, evil, "", evil, {1, 2});
    w.write_table("/design", d);
    Table o;
    add_column<std::uint64_t>(o, "point", "", "", {0, 1});
    add_column<double>(o, evil, evil, evil, {3, 4});
    add_column<double>(o, "investor_loss_probability", "fraction", "", {0.1, 0.3});
    add_column<double>(o, "threshold_probability", "fraction", "", {0.5, 0.6});
    w.write_table("/outcomes", o);
    Table m;
    add_column<std::string>(m, "name", "", "", {"investor_loss_probability", "threshold_probability"});
    add_column<std::string>(m, "label", "", "", {evil, ""});
    add_column<std::string>(m, "unit", "", "", {"fraction", ""});
    add_column<std::string>(m, "description", "", "", {evil, ""});
    add_column<std::string>(m, "groups", "", "", {"trade_off_x", "trade_off_y;probability"});
    w.write_table("/outcome_measures", m);
    const std::vector<engine::KpiInfo> catalogue = {{evil, evil, evil, evil, {"headline"}}};
    w.write_kpis(catalogue);
    w.commit();
  });
  check_self_contained(p, 2);
  CHECK_THAT(p.html, !Contains("<b>x</b>"));
  CHECK(count(p.html, "</script") == count(p.html, "<script"));
  CHECK_THAT(p.text, Contains(evil));  // shown, as text
}

TEST_CASE("report: a file of an unknown kind is refused with its kind named", "[output][report][study]") {
  const TestDir dir("report-kind");
  write_feasibility(dir / "f.h5", FeasibilityShape::found_date);
  set_kind(dir / "f.h5", "tournament");
  CHECK(read_kind(dir / "f.h5") == "tournament");
  CHECK_THROWS_WITH(write_html_report(dir / "f.h5", dir / "f.html"), Contains("kind 'tournament'"));
  CHECK(dir.entries() == std::vector<std::string>{"f.h5"});
}
