// The generic run report (write_html_report without a model's sections, or with a small model of
// this test's own) and the report kit a model's sections use: RunReportData's lookups and
// distributions, ReportPage's sections and parts, the fan chart, funnel and histogram pieces.
#include <fmt/core.h>

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/report/report.hpp"
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

Page render(const TestDir& dir, const RunReportSections* model, SibVariant variant = {.payout = true}) {
  write_sib(make_sib_run(variant), dir / "results.h5");
  write_html_report(dir / "results.h5", dir / "report.html", model);
  Page p{slurp(dir / "report.html"), ""};
  p.text = visible_text(p.html);
  return p;
}

std::size_t at(const std::string& html, const std::string& needle) {
  const auto i = html.find(needle);
  CAPTURE(needle);
  CHECK(i != std::string::npos);
  return i;
}

/// A model's sections in a few lines: its own key answers, the enrolment series with a target,
/// a histogram, and the funnel left to the generic report.
class TestSections final : public RunReportSections {
 public:
  mutable std::vector<std::string> headline;  ///< what RunReportData::group found
  mutable double share_at_least_150 = -1;

  void add_sections(const RunReportData& d, ReportPage& page) const override {
    using namespace report;
    page.header().kicker = "Test model &middot; simulation report";
    for (const auto* k : d.group("headline")) headline.push_back(k->name);
    page.add_html(kPartKeyAnswers,
                  answers_html({fmt::format("{} in words.", html_escape(d.label("started")))}));
    if (const auto* s = d.timeseries("cumulative_starters")) {
      page.mark_shown(series_part(s->name));
      FanOptions o;
      o.target = 150;
      o.target_label = "Target 150";
      o.deadline_day = parse_iso_date("2017-08-01");
      o.deadline_label = "End of recruitment";
      o.noun = " starters";
      const auto fan = fan_chart(*s, page, o);
      page.add_section("model-enrolment", "Enrolment",
                       fan.html + "<p class=\"sentence\">" + fan.sentence + "</p>\n");
    }
    const std::vector<DistributionRequest> wanted = {{"started", {{Threshold::Op::at_least, 150}}},
                                                     {"not_in_the_file", {}}};
    const auto dists = d.distributions(wanted);
    REQUIRE(dists.size() == 1);
    share_at_least_150 = dists[0].share(0);
    HistogramOptions h;
    h.heading = "Starters";
    h.markers = {{150, "Target", palette::kAccent}};
    page.add_section("model-histogram", "Histogram", histogram_html(dists[0], page, h));
    CHECK_THROWS_AS(page.add_section("model-histogram", "Again", "x"), std::invalid_argument);
    CHECK_THROWS_AS(page.add_html("", "<section></section>"), std::invalid_argument);
  }
};

}  // namespace

TEST_CASE("run report: generic, without a model's sections", "[output][report]") {
  const TestDir dir("run-report-generic");
  const auto run = make_sib_run({.payout = true});
  const Page p = render(dir, nullptr);
  CHECK_THAT(p.html, Contains("sibsim &middot; sib model &middot; simulation report"));
  // Key answers from the KPIs of the group "headline", with their labels.
  const auto& started = run.stat("started");
  CHECK_THAT(p.text, Contains(fmt::format("Starters: median {} persons (90 % interval {}–{}).", started.p50,
                                          started.p5, started.p95)));
  CHECK_THAT(p.text, Contains(fmt::format("Chance of reaching the target: {} %.",
                                          report::format_number(100 * run.stat("reached_target").mean, 1))));
  CHECK_THAT(p.text, Contains("Outcome payment: median EUR "));
  // A yes/no figure has no median in the table: its mean is the chance.
  CHECK_THAT(p.html,
             Contains("<code>reached_target</code></td><td>1 if the target number of starters started "
                      "before the end of recruitment</td><td>% (chance)</td><td class=\"num\">\u2014</td>"));
  // A figure undefined in some futures says over what share of them it is taken.
  const auto& irr = run.stat("investor_irr");
  CHECK(irr.n_undefined > 0);
  const double defined = static_cast<double>(irr.n) / static_cast<double>(irr.n + irr.n_undefined);
  CHECK_THAT(p.text, Contains(fmt::format("{} %), over the {} % of futures in which it is defined.",
                                          report::format_number(100 * irr.p95, 1),
                                          report::format_number(100 * defined, 0))));
  // Every series as a fan chart, the funnel as a generic waterfall, the key figures, the scenario.
  CHECK_THAT(p.html, Contains("<section id=\"over-time\">\n<h2>Results over time</h2>"));
  CHECK_THAT(p.html, Contains("<h3>Cumulative starters</h3>"));
  CHECK_THAT(p.html, Contains("<h3>Caseload</h3>"));
  CHECK_THAT(p.html, Contains("<section id=\"funnel\">\n<h2>Funnel</h2>"));
  CHECK_THAT(p.text, Contains("Median count"));
  CHECK_THAT(p.text,
             Contains("On average the reasons fall into: criteria 324 (32.2 %), motivation 267 (26.6 %) "
                      "and unknown 414 (41.2 %)."));
  // Two fans, the waterfall and the reasons: no model charts.
  CHECK(count(p.html, "<div class=\"chart\"") == 4);
  for (const char* id : {"key-answers", "over-time", "funnel", "figures", "assumptions"}) {
    CAPTURE(id);
    CHECK_THAT(p.html, Contains(fmt::format("<section id=\"{}\"", id)));
  }
  for (const char* id : {"enrolment", "caseload", "distributions", "dropout"}) {
    CAPTURE(id);
    CHECK_THAT(p.html, !Contains(fmt::format("<section id=\"{}\"", id)));
  }
  // Key figures: the groups "headline" and "steering" first (with labels), the rest folded.
  CHECK(at(p.html, "<span class=\"kpi\">Starters</span><code>started</code>") <
        at(p.html, "<details><summary>All other figures"));
  CHECK(at(p.html, "<details><summary>All other figures") < at(p.html, "<code>dropout_clinic</code>"));
  // Sections in order: answers, series, funnel, figures, assumptions.
  CHECK(at(p.html, "id=\"key-answers\"") < at(p.html, "id=\"over-time\""));
  CHECK(at(p.html, "id=\"over-time\"") < at(p.html, "id=\"funnel\""));
  CHECK(at(p.html, "id=\"funnel\"") < at(p.html, "id=\"figures\""));
  CHECK(at(p.html, "id=\"figures\"") < at(p.html, "id=\"assumptions\""));
}

TEST_CASE("run report: a model's sections come after its key answers and replace what they draw",
          "[output][report]") {
  const TestDir dir("run-report-model");
  const TestSections model;
  const Page p = render(dir, &model);
  CHECK(model.headline ==
        std::vector<std::string>{"started", "reached_target", "payout_total", "investor_irr"});
  CHECK_THAT(p.html, Contains("Test model &middot; simulation report"));
  // The model's key answers replace the generic ones.
  CHECK(count(p.html, "id=\"key-answers\"") == 1);
  CHECK_THAT(p.text, Contains("starters in words."));
  CHECK_THAT(p.text, !Contains("Starters: median"));
  // The series the model drew is not drawn again; the other one is, under "Other results".
  CHECK_THAT(p.html, Contains("<h2>Other results over time</h2>"));
  CHECK_THAT(p.html, !Contains("<h3>Cumulative starters</h3>"));
  CHECK_THAT(p.html, Contains("<h3>Caseload</h3>"));
  CHECK_THAT(p.text, Contains("On 1 August 2017 (end of recruitment) the median is"));
  CHECK_THAT(p.html, Contains("Target (150)") || Contains("Target 150"));
  // Model sections in the order added, between the key answers and the generic sections.
  CHECK(at(p.html, "id=\"key-answers\"") < at(p.html, "id=\"model-enrolment\""));
  CHECK(at(p.html, "id=\"model-enrolment\"") < at(p.html, "id=\"model-histogram\""));
  CHECK(at(p.html, "id=\"model-histogram\"") < at(p.html, "id=\"over-time\""));
  CHECK(at(p.html, "id=\"over-time\"") < at(p.html, "id=\"funnel\""));
  // The distribution counted the threshold over /replications.
  const auto started = make_sib_run({.payout = true}).column("started");
  const auto n = std::count_if(started.begin(), started.end(), [](double x) { return x >= 150; });
  CHECK(model.share_at_least_150 == static_cast<double>(n) / static_cast<double>(started.size()));
  // Model fan + histogram, caseload fan, waterfall and reasons.
  CHECK(count(p.html, "<div class=\"chart\"") == 5);
}

TEST_CASE("run report: RunReportData reads the file and looks KPIs up by name and group",
          "[output][report]") {
  const TestDir dir("run-report-data");
  const auto run = make_sib_run({.payout = true});
  write_sib(run, dir / "results.h5");
  const RunReportData d = read_run_report_data(dir / "results.h5");
  CHECK(d.meta.run.model == "sib");
  CHECK(d.kpis.size() == run.result.kpis.size());
  CHECK(d.label("started") == "starters");
  CHECK(d.label("days_to_target") == "Days to target");  // no label: the humanised name
  CHECK(d.unit("payout_total") == "EUR");
  CHECK(d.in_group("reached_target", "headline"));
  CHECK_FALSE(d.in_group("events", "headline"));
  CHECK(d.group("no such group").empty());
  REQUIRE(d.stat("started") != nullptr);
  CHECK(d.stat("started")->p50 == run.stat("started").p50);
  CHECK(d.stat("nope") == nullptr);
  CHECK(d.summary_of("investor_irr")->n_undefined > 0);
  REQUIRE(d.timeseries("caseload") != nullptr);
  CHECK(d.timeseries("caseload")->bands.size() == run.caseload.bands.size());
  CHECK(d.series.size() == 2);
  CHECK(d.runs() == kSibReplications);
  CHECK(d.funnel.stages.size() == 5);

  // Distributions: whole numbers in one bin each; NaN counted apart; thresholds in request order.
  const std::vector<report::DistributionRequest> wanted = {
      {"investor_irr", {{report::Threshold::Op::below, 0.0}}},
      {"started", {{report::Threshold::Op::at_least, 150}, {report::Threshold::Op::at_most, 100}}}};
  const auto dists = d.distributions(wanted);
  REQUIRE(dists.size() == 2);
  CHECK(dists[0].kpi == "investor_irr");
  CHECK(dists[0].n + dists[0].n_undefined == kSibReplications);
  CHECK(dists[0].n_undefined == run.stat("investor_irr").n_undefined);
  CHECK_FALSE(dists[0].integer);
  const auto& s = dists[1];
  CHECK(s.integer);
  CHECK(s.width == 1);
  CHECK(s.min == run.stat("started").min);
  CHECK(s.bins.size() == static_cast<std::size_t>(s.max - s.min) + 1);
  std::uint64_t total = 0;
  for (const auto b : s.bins) total += b;
  CHECK(total == kSibReplications);
  const auto col = run.column("started");
  CHECK(s.hits[1] ==
        static_cast<std::uint64_t>(std::count_if(col.begin(), col.end(), [](double x) { return x <= 100; })));
}

TEST_CASE("run report: the fan chart, funnel and histogram pieces", "[output][report]") {
  using namespace report;
  ReportPage page;
  TimeSeries s;
  s.name = "queue_length";
  s.unit = "persons";
  s.description = "People waiting";
  s.time = std::vector<std::string>{"2020-01-01", "not a date", "2020-02-01", "2020-03-01"};
  s.bands = {{1, 2, 3, 4, 5, 3}, {9, 9, 9, 9, 9, 9}, {2, 3, 4, 5, 6, 4}, {3, 4, 5, 6, 7, 5.5}};
  FanOptions o;
  o.deadline_day = parse_iso_date("2020-02-15");
  const auto fan = fan_chart(s, page, o);
  REQUIRE(fan.points.size() == 3);  // the unreadable date is left out
  CHECK(fan.at_deadline == 1u);
  CHECK(visible_text(fan.sentence) ==
        "On 1 February 2020 (deadline) the median is 4 (90 % interval 2–6). By 1 March 2020, the end of the "
        "simulation, it is 5.");
  CHECK_THAT(fan.html, Contains("People waiting. The line is the median"));
  CHECK(page.charts() == 1);
  s.bands.clear();
  CHECK(fan_chart(s, page).html.empty());
  CHECK(page.charts() == 1);

  Funnel f;
  f.stages = {{"arrived", 100, 100}, {"served", 60, 61}};
  f.reasons = {{"balked", 30, 30}, {"queue: reneged", 10, 9}};
  const std::string body = funnel_html(f, page);
  CHECK(page.charts() == 3);
  CHECK_THAT(visible_text(body), Contains("Of a median of 100 arrived, 60 served (60 %). The biggest loss is "
                                          "between arrived and served: 40 (40 % of those arrived)."));
  CHECK_THAT(visible_text(body),
             Contains("On average the reasons fall into: other 30 (76.9 %) and queue 9 (23.1 %)."));
  CHECK(funnel_html({}, page).empty());

  Distribution d;
  d.kpi = "x";
  CHECK(histogram_html(d, page).empty());
  CHECK(std::isnan(d.share(0)));
  CHECK(page.charts() == 3);

  CHECK(page.sections().empty());
  page.mark_shown(kPartFunnel);
  CHECK(page.shown("funnel"));
  CHECK_FALSE(page.shown(series_part("queue_length")));
  CHECK(answers_html({}).empty());
}
