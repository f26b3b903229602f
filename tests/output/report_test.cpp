// The HTML report of a SIB run (the generic run report with the SIB's sections, SibReportSections
// in models/sib/io): one self-contained file, written atomically, with the sections its data
// supports, the numbers in words, and everything from the results file escaped. The rendering in a
// real browser is checked by check_report_browser.py (ctest report_browser_render); the generic
// run report on its own by run_report_test.cpp.
#include <fmt/core.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_test_util.hpp"
#include "report_text.hpp"
#include "sib_report_sections.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_sib_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;

namespace {

// Whole-number percentages as the report words them.
std::string pct(double p) {
  if (p <= 0) return "0 %";
  if (p >= 1) return "100 %";
  if (p < 0.005) return "less than 1 %";
  if (p > 0.995) return "more than 99 %";
  return fmt::format("{} %", std::lround(100 * p));
}

// A number as the report's sentences write it: whole, else one decimal.
std::string one_decimal(double x) {
  const double r = std::round(x * 10) / 10;
  return report::format_number(r, r == std::floor(r) ? 0 : 1);
}

double share_at_least(const std::vector<double>& values, double threshold) {
  const auto n = std::count_if(values.begin(), values.end(), [&](double x) { return x >= threshold; });
  return static_cast<double>(n) / static_cast<double>(values.size());
}

struct Report {
  SibRun run;
  std::string html;
  std::string text;
};

Report make_report(const TestDir& dir, SibVariant variant) {
  static const models::sib::SibReportSections sib;
  Report r{make_sib_run(variant), "", ""};
  write_sib(r.run, dir / "results.h5");
  write_html_report(dir / "results.h5", dir / "report.html", &sib);
  r.html = slurp(dir / "report.html");
  r.text = visible_text(r.html);
  return r;
}

}  // namespace

TEST_CASE("report: one self-contained HTML file, written atomically", "[output][report]") {
  const TestDir dir("report-file");
  const auto r = make_report(dir, {});
  // Temporary file + rename: nothing else is left in the directory.
  CHECK(dir.entries() == std::vector<std::string>{"report.html", "results.h5"});
  CHECK(r.html.starts_with("<!DOCTYPE html>"));
  CHECK(r.html.ends_with("</html>\n"));
  CHECK_THAT(r.html, Contains("<meta name=\"viewport\""));
  CHECK_THAT(r.html, Contains("@media print"));
  CHECK_THAT(r.html, Contains("@media (max-width"));

  SECTION("Vega is inlined from Debian's libjs-vega") {
    for (const char* module : {"vega-util", "vega-scale", "vega-scenegraph", "vega-parser", "vega-view"}) {
      CAPTURE(module);
      CHECK_THAT(r.html, Contains(fmt::format("__sibsimVegaModule('{}')", module)));
      // A piece of the installed file itself.
      const auto code = slurp(std::filesystem::path(kDefaultVegaDir) / (std::string(module) + ".min.js"));
      REQUIRE(code.size() > 2000);
      CHECK_THAT(r.html, Contains(code.substr(1000, 200)));
    }
    CHECK_THAT(r.html, Contains("renderer: 'svg'"));
  }

  SECTION("one chart container and one Vega spec per chart") {
    // Enrolment fan chart, funnel waterfall, reasons of non-start, histogram of starters.
    CHECK(count(r.html, "<div class=\"chart\"") == 4);
    CHECK(count(r.html, "<script type=\"application/json\" data-chart=") == 4);
    CHECK_THAT(r.html, Contains("data-charts-expected=\"4\""));
    for (const char* id : {"key-answers", "enrolment", "funnel", "distributions", "figures", "assumptions"}) {
      CAPTURE(id);
      CHECK_THAT(r.html, Contains(fmt::format("<section id=\"{}\"", id)));
    }
    // No payout data, no dropout KPIs, no other series: those sections are left out.
    CHECK_THAT(r.html, !Contains("<section id=\"dropout\""));
    CHECK_THAT(r.html, !Contains("<section id=\"over-time\""));
    CHECK_THAT(r.text, !Contains("success threshold"));
  }

  SECTION("no network: a no-network policy and no URL except XML namespace names") {
    CHECK_THAT(r.html,
               Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    CHECK_THAT(r.html, !Contains("sourceMappingURL"));
    // Vega's SVG renderer names the SVG, XLink and XMLNS namespaces: identifiers that are never fetched.
    const std::regex url(R"(https?://[^\s"'<>)]*)", std::regex::icase);
    std::size_t urls = 0;
    for (auto it = std::sregex_iterator(r.html.begin(), r.html.end(), url); it != std::sregex_iterator();
         ++it) {
      const std::string u = it->str();
      CAPTURE(u);
      CHECK((u == "http://www.w3.org/2000/svg" || u == "http://www.w3.org/1999/xlink" ||
             u == "http://www.w3.org/2000/xmlns/"));
      ++urls;
    }
    CHECK(urls <= 4);
    CHECK_THAT(r.html, !Contains("src=\""));
    CHECK_THAT(r.html, !Contains("href=\""));
  }

  SECTION("every <script> is closed by its own </script>") {
    CHECK(count(r.html, "<script") == count(r.html, "</script>"));
  }
}

TEST_CASE("report: key answers and sentences carry the right numbers", "[output][report]") {
  const TestDir dir("report-words");
  const auto r = make_report(dir, {});
  const auto& started = r.run.stat("started");
  REQUIRE(started.p50 == std::floor(started.p50));  // 501 replications: quantiles are whole numbers
  CHECK_THAT(r.text, Contains(fmt::format("Median {} starters (90 % interval {}–{}) against a target of 150, "
                                          "counting everyone who starts, also after the end of recruitment.",
                                          started.p50, started.p5, started.p95)));
  const double reached = r.run.stat("reached_target").mean;
  REQUIRE(reached > 0.01);
  REQUIRE(reached < 0.99);
  CHECK_THAT(r.text, Contains(pct(reached) +
                              " chance of reaching 150 starters by the end of recruitment (2017-08-01)."));
  // Histogram of starters: the chance of at least 150 from the replications themselves.
  // Which starters each answer counts: at any time here, by the end of recruitment in brackets.
  CHECK_THAT(r.text, Contains(fmt::format("In {} of the simulated futures at least 150 people start at some "
                                          "time ({} by the end of recruitment).",
                                          pct(share_at_least(r.run.column("started"), 150)), pct(reached))));
  // Funnel: medians of the first and last stage and the share that started.
  const double eligible = r.run.stat("eligible").p50;
  CHECK_THAT(r.text, Contains(fmt::format("Of a median of {} eligible, {} started ({} %).",
                                          report::format_number(eligible, 0), started.p50,
                                          one_decimal(100 * started.p50 / eligible))));
  // Enrolment at the deadline: the series point on 2017-08-01.
  const auto& at_deadline = r.run.series.bands[kSibDeadlineMonth];
  CHECK_THAT(r.text, Contains(fmt::format("On 1 August 2017 (end of recruitment) the median is {} starters "
                                          "(90 % interval {}–{}).",
                                          at_deadline.p50, at_deadline.p5, at_deadline.p95)));
  // How a start is counted (the scenario's programme.starts_at), under the enrolment curve.
  CHECK_THAT(r.text,
             Contains("A start is counted from the counsellor's intake in the PI, for those who then make "
                      "contact after release (programme.starts_at)."));
  // Reasons by category, from the means: criteria 133.4 + 71.8 + 66.5 + 52.3 = 324 of 1,004.8;
  // numbers of 100 and more are rounded to whole numbers in sentences.
  CHECK_THAT(r.text,
             Contains("On average the reasons fall into: criteria 324 (32.2 %), motivation 267 (26.6 %) "
                      "and unknown 414 (41.2 %)."));
  CHECK_THAT(r.text, Contains("The most frequent single reason is not approached, with a median of 414."));
  // Header facts.
  CHECK_THAT(r.text, Contains("Simulated futures501"));
  CHECK_THAT(r.text, Contains("Seed42"));
  CHECK_THAT(r.text, Contains("2 Jan 2025, 03:04 UTC"));
  CHECK_THAT(r.text, Contains("about 1,300 eligible"));  // the description from the YAML
}

TEST_CASE("report: payout runs add thresholds, payments, returns and dropout", "[output][report]") {
  const TestDir dir("report-payout");
  const auto r = make_report(dir, {.payout = true});
  // Fan, caseload fan, waterfall, reasons, 4 histograms (starters, work-months, payout, IRR),
  // dropout by reason and by month since the start.
  CHECK(count(r.html, "<div class=\"chart\"") == 10);
  CHECK_THAT(r.html, Contains("data-charts-expected=\"10\""));
  CHECK_THAT(r.html, Contains("<section id=\"dropout\""));
  CHECK_THAT(r.html, Contains("<h3>When participants drop out</h3>"));
  // Month 1 has the highest mean in the synthetic data (the expected count falls by month).
  const auto& m1 = r.run.stat("dropouts_in_month@01");
  CHECK_THAT(r.text, Contains(fmt::format("Most dropouts happen in month 1 ({} on average).",
                                          report::format_number(m1.mean, 2))));
  // The caseload gets its own section (not "Other results over time"), peaking at the deadline.
  CHECK_THAT(r.html, Contains("<section id=\"caseload\""));
  CHECK_THAT(r.html, !Contains("<section id=\"over-time\""));
  CHECK_THAT(r.text, Contains("The median caseload peaks at 60 participants on 1 August 2017"));
  // The ambition is 5.88 extra work-months per starter and the threshold 20 % of it, from the
  // scenario; the chances are the model's per-future flags.
  const double success = r.run.stat("success_threshold_reached").mean;
  const double full = r.run.stat("full_ambition_reached").mean;
  REQUIRE(success > 0.01);
  REQUIRE(full > 0.01);
  CHECK_THAT(r.text,
             Contains(pct(success) + " chance the success threshold (20 % of the ambition of 5.88 extra "
                                     "work-months per starter) is reached."));
  CHECK_THAT(r.text, Contains(pct(full) +
                              " chance the full ambition (5.88 extra work-months per starter) is reached."));
  CHECK_THAT(r.text,
             Contains(fmt::format("Chance of reaching the success threshold (20 % of the ambition): {}.",
                                  pct(success))));
  CHECK_THAT(r.text, Contains(fmt::format("Chance of reaching the full ambition: {}.", pct(full))));
  // The lines at the median ambition (the model's KPI ambition_work_months).
  const double ambition = r.run.stat("ambition_work_months").p50;
  CHECK_THAT(r.text, Contains(fmt::format("the dashed lines show it for the median ambition of {}.",
                                          report::format_number(ambition, 0))));
  CHECK_THAT(r.html, Contains(fmt::format("\"label\":\"Success threshold \u2248\u00a0{}\"",
                                          report::format_number(0.2 * ambition, 0))));
  const auto payout = r.run.column("payout_total");
  const double paid =
      static_cast<double>(std::count_if(payout.begin(), payout.end(), [](double x) { return x > 0; })) /
      static_cast<double>(payout.size());
  CHECK_THAT(r.text, Contains(fmt::format("Chance that anything is paid: {}.", pct(paid))));
  CHECK_THAT(r.text, Contains(fmt::format("Median outcome payment EUR {}",
                                          report::format_number(r.run.stat("payout_total").p50, 0))));
  // IRR is NaN where nothing was paid: said in words, left out of the probabilities.
  CHECK_THAT(r.text,
             Contains(fmt::format("The value is undefined in {} of the simulated futures", pct(1 - paid))));
  // Dropout: the three counts, not the share.
  const double total = r.run.stat("dropout_no_effort").mean + r.run.stat("dropout_clinic").mean +
                       r.run.stat("dropout_custody").mean;
  CHECK_THAT(r.text, Contains(fmt::format(
                         "On average {} participants drop out; the most frequent reason is no effort",
                         one_decimal(total))));
  CHECK_THAT(r.html, Contains(R"("label":"No effort")"));
  CHECK_THAT(r.html, !Contains(R"("label":"Share")"));
}

TEST_CASE("report: key figures table, important first, per-month series left out", "[output][report]") {
  const TestDir dir("report-table");
  const auto r = make_report(dir, {});
  CHECK_THAT(r.html, !Contains("<code>cum_started@"));
  const auto eligible = r.html.find("<code>eligible</code>");
  const auto started = r.html.find("<code>started</code>");
  const auto reached = r.html.find("<code>reached_target</code>");
  const auto tail = r.html.find("<details><summary>All other figures (1)</summary>");
  const auto events = r.html.find("<code>events</code>");
  REQUIRE(eligible != std::string::npos);
  REQUIRE(tail != std::string::npos);
  CHECK(eligible < started);
  CHECK(started < reached);
  CHECK(reached < tail);
  CHECK(tail < events);
  // Median, mean and the CI of the mean, fractions as percentages.
  const auto& s = r.run.stat("reached_target");
  CHECK_THAT(r.text, Contains(fmt::format("{} %{}–{} %", report::format_number(100 * s.mean, 1),
                                          report::format_number(100 * s.ci_low, 1),
                                          report::format_number(100 * s.ci_high, 1))));
  // days_to_target is NaN unless the target was reached.
  CHECK_THAT(r.text, Contains(fmt::format("Undefined in {} of the futures.", pct(1 - s.mean))));
  // The assumptions: the resolved YAML, escaped, in a <details><pre>.
  CHECK_THAT(r.html, Contains("<details><summary>Show the scenario file</summary>\n<pre>model: sib\nname: "
                              "wnd-synthetic\n"));
  CHECK_THAT(r.html, Contains("  target_starters: 150  # persons\n"));
}

TEST_CASE("report: text from the results file is escaped everywhere", "[output][report]") {
  const TestDir dir("report-escape");
  const auto r = make_report(dir, {.tricky = true});
  // Every <script> element is closed by its own end tag: no data closed one early.
  CHECK(count(r.html, "<script") == count(r.html, "</script>"));
  CHECK_THAT(r.html, !Contains("<b>"));
  CHECK_THAT(r.html, Contains("<h1>tricky &lt;b&gt;&amp;&lt;/b&gt; &lt;/script&gt; scenario</h1>"));
  CHECK_THAT(r.html,
             Contains("a &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; description"));
  CHECK_THAT(r.html,
             Contains(R"(\u003c/script\u003e\u003cb\u003ex\u003c/b\u003e \u0026 'y')"));  // chart data
  CHECK_THAT(r.text, Contains("</script><script>alert(1)</script> & <b>"));  // the YAML, shown as text
}

TEST_CASE("report: sections follow the data (no summary, day axis, single stage)", "[output][report]") {
  const TestDir dir("report-sparse");
  RunMeta meta;
  meta.seed = 3;
  meta.scenario_name = "sparse";
  {
    ResultsWriter w(dir / "results.h5", meta);
    const std::vector<double> days{0.0, 30.5, 61.0};
    const std::vector<QuantileBand> bands{{1, 2, 3, 4, 5, 3}, {2, 3, 4, 5, 6, 4}, {3, 4, 5, 6, 7, 5.5}};
    w.write_timeseries("queue_length", days, bands, "persons", "People waiting");
    w.write_timeseries("empty_series", std::vector<std::string>{}, std::span<const QuantileBand>{});
    w.write_funnel(std::vector<FunnelCount>{{"eligible", 10, 10.5}}, {});
    w.commit();
  }
  write_html_report(dir / "results.h5", dir / "report.html");
  const auto html = slurp(dir / "report.html");
  CHECK(count(html, "<div class=\"chart\"") == 2);  // queue_length and the one-stage funnel
  CHECK_THAT(html, Contains("<section id=\"over-time\""));
  CHECK_THAT(html, Contains("<h3>Queue length</h3>"));
  CHECK_THAT(visible_text(html), Contains("On Day 61 the median is 5 (90 % interval 3–7)."));
  for (const char* absent :
       {"key-answers", "enrolment", "distributions", "dropout", "figures", "assumptions"}) {
    CAPTURE(absent);
    CHECK_THAT(html, !Contains(fmt::format("<section id=\"{}\"", absent)));
  }

  SECTION("metadata only: a page without charts and without Vega") {
    const TestDir dir2("report-meta-only");
    { ResultsWriter(dir2 / "results.h5", meta).commit(); }
    write_html_report(dir2 / "results.h5", dir2 / "report.html");
    const auto page = slurp(dir2 / "report.html");
    CHECK(count(page, "<div class=\"chart\"") == 0);
    CHECK_THAT(page, !Contains("__sibsimVegaModule"));
    CHECK_THAT(page, Contains("<h1>sparse</h1>"));
  }
}

TEST_CASE("report: failures name the problem and keep the previous report", "[output][report][atomic]") {
  const TestDir dir("report-fail");
  write_sib(make_sib_run({}), dir / "results.h5");
  { std::ofstream(dir / "report.html") << "previous report"; }

  SECTION("Vega missing: the message names the Debian package") {
    HtmlReportOptions options;
    options.vega_dir = dir / "no-vega-here";
    CHECK_THROWS_WITH(write_html_report(dir / "results.h5", dir / "report.html", options),
                      Contains("libjs-vega") && Contains("vega-util.min.js") && Contains("report.html"));
  }
  SECTION("results file missing") {
    CHECK_THROWS_WITH(write_html_report(dir / "nope.h5", dir / "report.html"),
                      Contains("nope.h5") && Contains("does not exist"));
  }
  SECTION("not a results file") {
    CHECK_THROWS_WITH(write_html_report(dir / "report.html", dir / "report2.html"),
                      Contains("not an HDF5 file"));
  }
  SECTION("directory missing") {
    CHECK_THROWS_WITH(write_html_report(dir / "results.h5", dir / "missing" / "report.html"),
                      Contains("missing"));
  }
  CHECK(slurp(dir / "report.html") == "previous report");
  CHECK(dir.entries() == std::vector<std::string>{"report.html", "results.h5"});
}

TEST_CASE("report: a new report replaces the previous one", "[output][report][atomic]") {
  const TestDir dir("report-replace");
  write_sib(make_sib_run({}), dir / "results.h5");
  { std::ofstream(dir / "report.html") << "previous report"; }
  write_html_report(dir / "results.h5", dir / "report.html");
  CHECK(slurp(dir / "report.html").starts_with("<!DOCTYPE html>"));
  CHECK(dir.entries() == std::vector<std::string>{"report.html", "results.h5"});
}

TEST_CASE("report: a SIB run whose scenario does not load keeps the sections that need no scenario",
          "[output][report]") {
  const TestDir dir("report-no-scenario");
  const auto r = make_report(dir, {.tricky = true});
  // The target falls back to the model's default; there is no end of recruitment to show.
  CHECK_THAT(r.text, Contains("against a target of 150, counting everyone who starts"));
  CHECK_THAT(r.text, Contains("chance of reaching 150 starters by the end of recruitment."));
  CHECK_THAT(r.html, !Contains("class=\"sw sw-deadline\""));
  CHECK_THAT(r.text, !Contains("A start is counted"));  // the rule is the scenario's
  for (const char* id : {"key-answers", "enrolment", "funnel", "distributions", "figures", "assumptions"}) {
    CAPTURE(id);
    CHECK_THAT(r.html, Contains(fmt::format("<section id=\"{}\"", id)));
  }
  CHECK_THAT(r.html, Contains("Social Impact Bond &middot; simulation report"));
}

TEST_CASE("report: text helpers", "[output][report]") {
  using namespace sibsim::output::detail;
  CHECK(format_number(1234567.891, 0) == "1,234,568");
  CHECK(format_number(999.95, 1) == "1,000.0");  // rounding carries into the thousands
  CHECK(format_number(-1234.5, 1) == "\u22121,234.5");
  CHECK(format_number(-0.01, 1) == "0.0");
  CHECK(format_number(std::nan(""), 2) == "n/a");
  CHECK(format_kpi_value(0.623, "fraction", false) == "62.3 %");
  CHECK(format_kpi_value(1, "fraction", false) == "100 %");
  CHECK(format_kpi_value(112, "persons") == "112");
  CHECK(format_kpi_value(112.43, "persons") == "112.4");
  CHECK(format_probability(0) == "0&nbsp;%");
  CHECK(format_probability(0.004) == "less than 1&nbsp;%");
  CHECK(format_probability(0.62) == "62&nbsp;%");
  CHECK(format_probability(0.996) == "more than 99&nbsp;%");
  CHECK(format_probability(1) == "100&nbsp;%");
  CHECK(humanise("investor_irr") == "Investor IRR");
  CHECK(humanise("reached_target") == "Reached target");
  CHECK(capitalise("starters") == "Starters");
  CHECK(decapitalise("Reached target") == "reached target");
  CHECK(decapitalise("IRR of investors") == "IRR of investors");
  CHECK(is_count_unit("persons"));
  CHECK(is_count_unit("work-months"));
  CHECK_FALSE(is_count_unit("days"));
  CHECK_FALSE(is_count_unit("EUR"));
  CHECK(val(1234.4, "EUR/month") == "EUR&nbsp;1,234");
  CHECK(val(0.25, "fraction/year") == "25&nbsp;%");
  CHECK(parse_iso_date("1970-01-02") == 1);
  CHECK(parse_iso_date("2017-02-30") == std::nullopt);
  CHECK(parse_iso_date("2017-8-1") == std::nullopt);
  CHECK(format_date(*parse_iso_date("2017-08-01"), false) == "1 August 2017");
  CHECK(format_date(*parse_iso_date("2017-08-01"), true) == "1 Aug 2017");
  CHECK(format_timestamp("2025-01-02T03:04:05Z") == "2 Jan 2025, 03:04 UTC");
  CHECK(html_escape("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  CHECK(json_string("a\"b\\c\n</script>&\x01") == R"("a\"b\\c\n\u003c/script\u003e\u0026\u0001")");
  CHECK(json_number(std::nan("")) == "null");
  CHECK(json_number(-0.0) == "0");
  CHECK(json_number(0.1) == "0.1");
  CHECK(script_safe("x='</SCRIPT>';y='<!--'") == R"(x='<\/SCRIPT>';y='<\!--')");
  JsonWriter w;
  w.obj().key("a").arr().num(1).str("x").null().end().key("b").boolean(true).end();
  CHECK(w.str() == R"({"a":[1,"x",null],"b":true})");
  CHECK(fill_template("{\"v\": @v@, \"w\": @v@, \"at\": \"a@b\"}", {{"v", "1"}}) ==
        "{\"v\": 1, \"w\": 1, \"at\": \"a@b\"}");
  CHECK_THROWS_AS(fill_template("@missing@", {}), std::logic_error);
  CHECK_THROWS_AS(fill_template("x", {{"unused", "1"}}), std::logic_error);
}
