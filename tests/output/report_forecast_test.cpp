// The forecast report (kind "forecast", output/src/report_forecast.cpp) on synthetic files
// (synthetic_forecast_results.hpp): the answer in words with the right numbers, the chart of the
// observed line and the forecast's fan, the sites with their updated rates ("fixed" when the
// scenario fixes them), the check with its warning exactly when a total lies outside its interval,
// the key figures, the optional tables left out, and the Dutch page without the catalogue's English.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "report_catalogues.hpp"
#include "report_nl_util.hpp"
#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/report/words.hpp"
#include "synthetic_forecast_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;
using report::Language;

namespace {

struct Page {
  std::string html;    ///< the whole document
  std::string text;    ///< what a reader sees: tags, scripts, styles and the input dropped
  std::string charts;  ///< the charts' specs
  std::string words;   ///< `text` with a space for every tag, so that a cell or legend is a word of its own
};

Page render(const TestDir& dir, const ForecastShape& shape, Language language = Language::en,
            const report::LabelTable& labels = {}) {
  write_forecast(dir / "forecast.h5", shape);
  HtmlReportOptions o;
  o.language = language;
  o.labels = labels;
  write_html_report(dir / "forecast.h5", dir / "forecast.html", o);
  Page p;
  p.html = slurp(dir / "forecast.html");
  p.text = reader_text(p.html);
  p.charts = chart_specs(p.html);
  std::string spaced;
  for (const char c : p.html) {
    if (c == '<') spaced += ' ';
    spaced += c;
  }
  p.words = reader_text(spaced);
  return p;
}

/// The section's HTML (from its <section> to its </section>), or "".
std::string section(const std::string& html, const std::string& id) {
  const auto at = html.find("<section id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</section>", at) - at);
}

std::size_t position(const std::string& html, const std::string& id) {
  return html.find("<section id=\"" + id + "\"");
}

/// The model's Dutch words for the counts and KPIs of the file (as ModelPlugin::labels gives them).
const report::LabelTable kDutchLabels = {
    {"eligible", "geschikte gedetineerden"}, {"approached", "benaderd"},
    {"interviewed", "intakegesprekken"},     {"selected", "geselecteerd"},
    {"started", "deelnemers (gestart)"},     {"reached_target", "kans het doel te halen"},
    {"payout_total", "totale uitbetaling"},  {"dropouts", "uitvallers"},
};

}  // namespace

TEST_CASE("report forecast: the answer in words, the chart, the sites, the check and the key figures",
          "[output][report][forecast]") {
  const TestDir dir("report-forecast");
  const Page p = render(dir, {});
  CHECK_THAT(p.html, Contains("<html lang=\"en\">"));
  CHECK_THAT(p.html, Contains("<h1>Forecast as of 1 March 2017 (wnd-2016-actual)</h1>"));
  CHECK_THAT(p.html,
             Contains("<title>Forecast as of 1 March 2017 (wnd-2016-actual) \u2013 sibsim forecast</title>"));
  CHECK_THAT(p.text, Contains("sibsim · sib model · forecast from what was observed"));
  CHECK_THAT(p.text,
             Contains("What was observed before 1 March 2017, with the rest simulated: how many starters "
                      "by 1 August 2017, against a target of 150?"));
  // The header's facts: futures, the observed file, the seed.
  CHECK_THAT(p.html, Contains("<dt>Simulated futures</dt><dd>2,000</dd>"));
  CHECK_THAT(p.html, Contains("<dd><code>data/wnd-observed.csv</code></dd>"));
  CHECK_THAT(p.html, Contains("<dd>20160501</dd>"));

  // The answer first, in the order observed, by the deadline, the chance, in the end.
  const std::string answers = visible_text(section(p.html, "key-answers"));
  REQUIRE_FALSE(answers.empty());
  const std::vector<std::string> sentences = {
      "Observed before 1 March 2017: 87 starters.",
      "Forecast by 1 August 2017, the deadline: median 153 starters (90 % interval 131–176).",
      "Chance of at least 150 starters by the deadline: 62 % (Monte Carlo error: 95 % interval 58.9–65 %).",
      "Eventually, by 1 August 2019: median 171 starters (90 % interval 145–198).",
      "2,000 simulated futures, each continuing from what was observed before 1 March 2017, with each site's "
      "rate updated from its observed months."};
  std::size_t previous = 0;
  for (const auto& s : sentences) {
    INFO(s);
    const auto at = answers.find(s);
    CHECK(at != std::string::npos);
    CHECK(at >= previous);
    if (at != std::string::npos) previous = at;
  }
  // The sections in order.
  CHECK(position(p.html, "key-answers") < position(p.html, "forecast-chart"));
  CHECK(position(p.html, "forecast-chart") < position(p.html, "sites"));
  CHECK(position(p.html, "sites") < position(p.html, "check"));
  CHECK(position(p.html, "check") < position(p.html, "kpis"));
  CHECK(position(p.html, "kpis") < p.html.find("Show the forecast's input as given"));

  // The observed `selected` lies below its interval: the warning, with the commands to run.
  const std::string warning = "<p class=\"warning\">";
  REQUIRE(count(p.html, warning) == 1);
  CHECK(p.html.find(warning) > position(p.html, "key-answers"));
  CHECK(p.html.find(warning) < position(p.html, "forecast-chart"));
  CHECK_THAT(p.text,
             Contains("Check the scenario first. The observed total of selected lies outside what the "
                      "scenario gives for the months observed: its funnel converts differently from what "
                      "was observed"));
  CHECK_THAT(p.html, Contains("<code>sibsim calibrate</code>"));
  CHECK_THAT(p.html, Contains("<code>sibsim forecast --posterior</code>"));

  // The chart: the observed line up to 1 March 2017 and the fan from there, the target, the deadline.
  CHECK_THAT(p.html, Contains("data-charts-expected=\"1\""));
  CHECK(count(p.html, "<script type=\"application/json\" data-chart=") == 1);
  CHECK_THAT(p.charts, Contains("{\"y\":150,\"label\":\"Target 150\"}"));
  CHECK_THAT(p.charts, Contains("{\"x\":1501545600000,\"label\":\"Deadline\"}"));  // 1 August 2017
  CHECK(count(p.charts, "\"p95\":") == 30);  // the fan: 1 March 2017 to 1 August 2019
  CHECK_THAT(p.charts, Contains("{\"x\":1488326400000,\"x0\":1488326400000"));  // starts at the as-of date
  CHECK_THAT(p.charts, !Contains("\"x\":1485907200000,\"x0\""));                // not before it
  CHECK(count(p.charts, "\"color\":\"#1b2a3a\"") == 11);  // the observed line: May 2016 to March 2017
  CHECK_THAT(p.charts, Contains("\"Median\":\"153\""));
  CHECK_THAT(p.charts, Contains("\"Middle 90\u00a0%\":\"131–176\""));
  CHECK_THAT(p.charts, Contains("Starters, cumulative"));
  CHECK_THAT(p.html, Contains("aria-label=\"Observed starters up to 1 March 2017 and the forecast after it"));

  // The sites: escaped names, observed and expected counts, the updated multipliers.
  const std::string sites = section(p.html, "sites");
  CHECK_THAT(
      visible_text(sites),
      Contains("Each site's rate is updated from what it counted so far (eligible persons before 1 March "
               "2017): a site that counted more than expected is forecast to count more"));
  CHECK_THAT(sites, Contains("<th class=\"num\">Observed<br>eligible persons</th>"));
  CHECK_THAT(sites,
             Contains("<tr><td>PI Dordrecht &amp; Rotterdam</td><td class=\"num\">80</td><td "
                      "class=\"num\">95.2</td><td class=\"num\">2.50</td><td class=\"num\">0.84</td>"));
  CHECK_THAT(sites, Contains("<tr><td>PI Zwolle</td><td class=\"num\">150</td><td class=\"num\">120</td><td "
                             "class=\"num\">4</td><td class=\"num\">1.24</td><td class=\"num\"><span "
                             "class=\"nw\">1.08–1.41</span></td><td class=\"num\">45</td></tr>"));
  CHECK(count(sites, ">fixed<") == 0);
  CHECK_THAT(p.text, !Contains("The scenario fixes the sites' rates"));

  // The check: a row per count, the verdicts in words, a count not in the file not compared.
  const std::string check = section(p.html, "check");
  CHECK_THAT(visible_text(check),
             Contains("3 of the 4 observed totals lie inside their simulated 90 % interval."));
  CHECK_THAT(check, Contains("<span class=\"badge outside\">below the interval</span>"));
  CHECK(count(check, "<span class=\"badge inside\">inside the interval</span>") == 3);
  CHECK_THAT(check,
             Contains("<tr><td>Intake interviews <code>interviewed</code></td><td class=\"num\">n/a</td>"
                      "<td class=\"num\">158</td>"));
  CHECK_THAT(check, Contains("not compared"));
  CHECK_THAT(check, Contains("<tr><td>Selected</td><td class=\"num\">110</td><td class=\"num\">130</td><td "
                             "class=\"num\"><span class=\"nw\">118–143</span></td><td><span class=\"badge "
                             "outside\">below the interval</span></td></tr>"));

  // The key figures: by unit, a yes/no figure as its chance with no median or interval.
  const std::string kpis = section(p.html, "kpis");
  CHECK_THAT(visible_text(kpis),
             Contains("The model's key figures over the 2,000 forecast futures (the whole "
                      "cohort, with the updated rates)"));
  CHECK_THAT(kpis, Contains("<tr><td>Chance of reaching the target <code>reached_target</code></td><td>% "
                            "(chance)</td><td class=\"num\">62&nbsp;%</td><td class=\"num\">\u2014</td><td "
                            "class=\"num\">\u2014</td></tr>"));
  CHECK_THAT(kpis,
             Contains("<tr><td>Starters <code>started</code></td><td>persons</td><td class=\"num\">171.2</td>"
                      "<td class=\"num\">171</td><td class=\"num\">145.4–197.6</td></tr>"));
  CHECK_THAT(visible_text(kpis), Contains("1,212,346"));
  CHECK(count(kpis, "<tr><td>") == 4);
  CHECK(foreign_urls(p.html).empty());
}

TEST_CASE("report forecast: every total inside its interval, rates fixed by the scenario",
          "[output][report][forecast]") {
  const TestDir dir("report-forecast-fixed");
  const Page p = render(dir, {.rates_updated = false, .selected_below = false});
  // No warning when no verdict is below or above.
  CHECK(count(p.html, "class=\"warning\"") == 0);
  CHECK_THAT(p.text, !Contains("Check the scenario first"));
  CHECK_THAT(visible_text(section(p.html, "check")),
             Contains("4 of the 4 observed totals lie inside their simulated 90 % interval."));
  // The note that nothing was updated, in place of the update sentence; "fixed" for every site.
  const std::string sites = section(p.html, "sites");
  CHECK_THAT(visible_text(sites),
             Contains("The scenario fixes the sites' rates, so nothing was updated from the "
                      "observed counts: after 1 March 2017 the forecast runs at the scenario's "
                      "own rates."));
  CHECK(count(p.html, "The scenario fixes the sites' rates") == 1);
  CHECK_THAT(sites, !Contains("is updated from what it counted"));
  CHECK(count(sites, "<td class=\"num\">fixed</td>") == 3);
  CHECK_THAT(sites,
             Contains("<tr><td>PI Almelo</td><td class=\"num\">62</td><td class=\"num\">60.8</td><td "
                      "class=\"num\">fixed</td><td class=\"num\">1</td><td class=\"num\">\u2014</td><td "
                      "class=\"num\">20</td></tr>"));
  CHECK_THAT(p.text, !Contains("with each site's rate updated"));
  CHECK_THAT(p.text, !Contains("with the updated rates"));
}

TEST_CASE("report forecast: without /forecast/check and /forecast/kpis their sections are left out",
          "[output][report][forecast]") {
  const TestDir dir("report-forecast-minimal");
  const Page p = render(dir, {.check = false, .kpis = false});
  CHECK(section(p.html, "check").empty());
  CHECK(section(p.html, "kpis").empty());
  CHECK(count(p.html, "class=\"warning\"") == 0);
  CHECK_FALSE(section(p.html, "key-answers").empty());
  CHECK_FALSE(section(p.html, "sites").empty());
  // Without the check the sites' first count is the observed file's first column.
  CHECK_THAT(section(p.html, "sites"), Contains("<th class=\"num\">Observed<br>eligible persons</th>"));
  CHECK(count(p.html, "<script type=\"application/json\" data-chart=") == 1);
}

TEST_CASE("report forecast nl: the page in Dutch words and numbers, no English of the catalogue left",
          "[output][report][forecast][nl]") {
  const TestDir dir("report-forecast-nl");
  for (const bool updated : {true, false}) {
    const Page p =
        render(dir, {.rates_updated = updated, .selected_below = updated}, Language::nl, kDutchLabels);
    CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
    CHECK_THAT(p.html, Contains("<h1>Prognose per 1 maart 2017 (wnd-2016-actual)</h1>"));
    CHECK_THAT(p.html,
               Contains("<title>Prognose per 1 maart 2017 (wnd-2016-actual) \u2013 sibsim-prognose</title>"));
    CHECK_THAT(p.text, Contains("Waargenomen vóór 1 maart 2017: 87 deelnemers (gestart)."));
    CHECK_THAT(p.text, Contains("Prognose op 1 augustus 2017, de einddatum: mediaan 153 deelnemers (gestart) "
                                "(90%-interval 131–176)."));
    CHECK_THAT(p.text, Contains("Kans op minstens 150 deelnemers (gestart) op de einddatum: 62 % (Monte "
                                "Carlo-onzekerheid: 95%-interval 58,9–65 %)."));
    CHECK_THAT(p.text, Contains("Uiteindelijk, op 1 augustus 2019: mediaan 171 deelnemers (gestart)"));
    CHECK_THAT(p.html, Contains("<dt>Gesimuleerde toekomsten</dt><dd>2.000</dd>"));
    CHECK_THAT(p.charts, Contains("Doel 150"));
    CHECK_THAT(p.charts, Contains("\"Einddatum\""));
    CHECK_THAT(p.charts, Contains("\"Middelste 90\u00a0%\":\"131–176\""));
    CHECK_THAT(p.charts, Contains("Deelnemers (gestart), cumulatief"));
    CHECK_THAT(p.html,
               Contains("<tr><td>Kans het doel te halen <code>reached_target</code></td><td>% (kans)</td>"
                        "<td class=\"num\">62&nbsp;%</td><td class=\"num\">\u2014</td><td "
                        "class=\"num\">\u2014</td></tr>"));
    if (updated) {
      CHECK(count(p.html, "<p class=\"warning\">") == 1);
      CHECK_THAT(p.text,
                 Contains("Controleer eerst het scenario. Het waargenomen totaal van geselecteerd valt "
                          "buiten wat het scenario geeft"));
      CHECK_THAT(p.text, Contains("(geschikte gedetineerden vóór 1 maart 2017)"));
      CHECK_THAT(
          p.html,
          Contains("<td class=\"num\">1,24</td><td class=\"num\"><span class=\"nw\">1,08–1,41</span>"));
      CHECK_THAT(p.text, !Contains("Het scenario legt het tempo van de locaties vast"));
    } else {
      CHECK(count(p.html, "class=\"warning\"") == 0);
      CHECK_THAT(p.text,
                 Contains("Het scenario legt het tempo van de locaties vast, dus er is niets bijgesteld"));
      CHECK(count(p.html, "<td class=\"num\">vast</td>") == 3);
    }
    // Every text of the catalogue, values or not, its sections shown and not: none of its English
    // pieces (but those its Dutch shares, and words under four letters both languages may use) on
    // the page or in the chart.
    const report::Words& words = detail::forecast_words();
    for (const auto& id : words.ids()) {
      const std::vector<std::string> names = words.value_names(id);
      for (const report::WordValue& value :
           {report::WordValue(std::string("<>")), report::WordValue(false)}) {
        report::WordValues values;
        for (const auto& name : names) values.emplace_back(name, value);
        const std::string en = words.in(Language::en, id, values);
        const std::string nl = visible_text(words.in(Language::nl, id, values));
        for (const auto& piece : pieces(en)) {
          if (piece.size() < 4 || nl.find(piece) != std::string::npos) continue;
          INFO("catalogue text '" << id << "': \"" << piece << "\"");
          CHECK_FALSE(has_words(p.words, piece));
          if (!identifier(piece)) CHECK_FALSE(has_words(p.charts, piece));
        }
      }
    }
  }
}
