// The forecast report (kind "forecast", output/src/report_forecast.cpp) on synthetic files
// (synthetic_forecast_results.hpp): the answer in words with the right numbers, the chart of the
// observed line and the forecast's fan, what it takes (the remedies side by side and their chart,
// exactly when the file has them), the sites with their updated rates ("fixed" when the scenario
// fixes them) and the count they are updated from, the check with its warning exactly when a total
// lies outside its interval, the key figures, the optional tables left out, and the Dutch page
// without the catalogue's English.
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

/// The rows of the remedies' table as a reader sees them, the cells joined by " | ".
std::vector<std::string> remedy_rows(const std::string& section_html) {
  std::vector<std::string> out;
  const std::string open = "<tr class=\"remedy ";
  for (auto at = section_html.find(open); at != std::string::npos; at = section_html.find(open, at + 1)) {
    std::string row = section_html.substr(at, section_html.find("</tr>", at) - at);
    for (auto cell = row.find("</td>"); cell != std::string::npos; cell = row.find("</td>", cell))
      row.replace(cell, 5, " | ");
    out.push_back(visible_text(row));
  }
  return out;
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
  // No /forecast/remedies: no section, no chart of them.
  CHECK(section(p.html, "remedies").empty());
  CHECK_THAT(p.text, !Contains("What it takes"));
  CHECK_THAT(p.charts, !Contains("\"chance\":"));

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
  const Page p = render(dir, {.check = false, .kpis = false, .first_count = ""});
  CHECK(section(p.html, "check").empty());
  CHECK(section(p.html, "kpis").empty());
  CHECK(count(p.html, "class=\"warning\"") == 0);
  CHECK_FALSE(section(p.html, "key-answers").empty());
  CHECK_FALSE(section(p.html, "sites").empty());
  // Without first_count and the check the sites' count is the observed file's first column.
  CHECK_THAT(section(p.html, "sites"), Contains("<th class=\"num\">Observed<br>eligible persons</th>"));
  CHECK(count(p.html, "<script type=\"application/json\" data-chart=") == 1);
}

TEST_CASE("report forecast: the sites' count is the question's first_count, else the check's first",
          "[output][report][forecast]") {
  const TestDir dir("report-forecast-first-count");
  // The field wins over the check's first row (eligible) and the observed file's first column.
  const Page named = render(dir, {.first_count = "interviewed"});
  CHECK_THAT(section(named.html, "sites"), Contains("<th class=\"num\">Observed<br>intake interviews</th>"));
  CHECK_THAT(visible_text(section(named.html, "sites")), Contains("(intake interviews before 1 March 2017)"));
  CHECK_THAT(section(named.html, "sites"), !Contains("eligible persons"));
  // A file without the field: the check's first row.
  const Page older = render(dir, {.first_count = ""});
  CHECK_THAT(section(older.html, "sites"), Contains("<th class=\"num\">Observed<br>eligible persons</th>"));
}

TEST_CASE("report forecast: what it takes, each remedy's least effort side by side and their chances",
          "[output][report][forecast][remedies]") {
  const TestDir dir("report-forecast-remedies");
  const Page p = render(dir, {.remedies = true});
  const std::string remedies = section(p.html, "remedies");
  REQUIRE_FALSE(remedies.empty());
  CHECK_THAT(remedies, Contains("<h2>What it takes</h2>"));
  // After the answer and its chart, before the sites.
  CHECK(position(p.html, "forecast-chart") < position(p.html, "remedies"));
  CHECK(position(p.html, "remedies") < position(p.html, "sites"));
  CHECK_THAT(visible_text(remedies),
             Contains("For each remedy, the least effort with which the chance of reaching the target of "
                      "150 starters by the deadline is at least 80 %, on the same simulated futures as the "
                      "forecast"));

  // One row per remedy, in the file's order: the answer (a date in words, a number, or why there
  // is none), the deadline at the answer, the chance with its Wilson interval, the range tried.
  const std::vector<std::string> rows = remedy_rows(remedies);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] ==
        "end of recruitment (extend) | 1 November 2017 (between 1 October 2017 and 1 November 2017 given the "
        "Monte Carlo error) | 1 November 2017 | 83 % | 81–85 % | 1 September 2017 to 1 August 2018 | ");
  CHECK(rows[1] ==
        "extra PIs from 1 March 2017 (each 9.70 per month) | not even with the most effort tried | 1 August "
        "2017 | 74 % | 72–76 % | 1 to 6 | ");
  CHECK(rows[2] ==
        "approach chance from 1 March 2017 (extra staff) | 0.95 | 1 August 2017 | 81 % | 79–83 % | 0.65 to 1 "
        "| ");
  CHECK(
      rows[3] ==
      "drop the criterion: work potential | not with this one option | 1 August 2017 | 66 % | 64–68 % | one "
      "option: 1 March 2017 | ");
  CHECK_THAT(visible_text(remedies), !Contains("2017-11-01"));  // no ISO date left
  CHECK_THAT(remedies, Contains("<tr class=\"remedy found\">"));
  CHECK(count(remedies, "<tr class=\"remedy never\">") == 2);

  // The chart: one bar per remedy, coloured by whether it reaches the required chance, with its
  // interval; the required 80 % as the rule.
  CHECK_THAT(p.html, Contains("data-charts-expected=\"2\""));
  CHECK(count(p.html, "<script type=\"application/json\" data-chart=") == 2);
  CHECK(count(p.charts, "\"chance\":") == 4);
  CHECK_THAT(p.charts, Contains("\"values\": [{\"x\":0.8,\"label\":\"Required: 80\u00a0%\"}]"));
  CHECK_THAT(p.charts, Contains("{\"label\":\"end of recruitment (extend)\",\"chance\":0.83,\"lo\":0.81,"
                                "\"hi\":0.85,\"verdict\":\"meets\",\"text\":\"83\u00a0%\""));
  CHECK_THAT(p.charts,
             Contains("{\"label\":\"drop the criterion: work potential\",\"chance\":0.66,\"lo\":0.64,"
                      "\"hi\":0.68,\"verdict\":\"fails\""));
  CHECK_THAT(p.charts,
             Contains("\"Least effort\":\"1 November 2017 (between 1 October 2017 and 1 November 2017 "
                      "given the Monte Carlo error)\""));
  CHECK_THAT(p.charts, Contains("\"title\": \"Chance of reaching the target by the deadline\""));
  CHECK_THAT(remedies, Contains("<i class=\"sw sw-rule\"></i>Required: 80&nbsp;%"));
  CHECK_THAT(remedies, !Contains("sw-undecided"));  // no remedy undecided
  CHECK(foreign_urls(p.html).empty());
}

TEST_CASE("report forecast: a remedy already enough, one undecided, one the model refused",
          "[output][report][forecast][remedies]") {
  const TestDir dir("report-forecast-remedies-more");
  const Page p = render(dir, {.remedies = true, .more_remedies = true});
  const std::string remedies = section(p.html, "remedies");
  const std::vector<std::string> rows = remedy_rows(remedies);
  REQUIRE(rows.size() == 7);
  CHECK(
      rows[4] ==
      "drop the criterion: unfit for work | 1 March 2017 (the one option) | 1 August 2017 | 86 % | 84–88 % | "
      "one option: 1 March 2017 | ");
  CHECK(
      rows[5] ==
      "approach chance in the women's PI | undecided: between 0.70 and 0.80 given the Monte Carlo error | 1 "
      "August 2017 | 80 % | 78–82 % | 0.50 to 0.90 | ");
  // The model's refusal in its own words, escaped; no chance, no deadline.
  CHECK_THAT(remedies,
             Contains("the model refused the change: criteria.addiction_psychiatric: dropped_from "
                      "&lt;2017-03-01&gt; &amp; start</td><td>\u2014</td><td class=\"num\">\u2014</td>"));
  CHECK_THAT(remedies, !Contains("<2017-03-01>"));
  // A bar for each remedy with a chance (not the refused one); the undecided one in its colour.
  CHECK(count(p.charts, "\"chance\":") == 6);
  CHECK_THAT(p.charts, !Contains("drop the criterion: addiction"));
  CHECK_THAT(p.charts, Contains("\"label\":\"approach chance in the women's PI\",\"chance\":0.8,\"lo\":0.78,"
                                "\"hi\":0.82,\"verdict\":\"undecided\""));
  CHECK_THAT(p.charts, Contains("\"verdict\":\"meets\",\"text\":\"86\u00a0%\""));
  CHECK_THAT(remedies, Contains("sw-undecided"));
}

TEST_CASE("report forecast nl: the page in Dutch words and numbers, no English of the catalogue left",
          "[output][report][forecast][nl]") {
  const TestDir dir("report-forecast-nl");
  for (const bool updated : {true, false}) {
    const Page p = render(dir,
                          {.rates_updated = updated,
                           .selected_below = updated,
                           .remedies = true,
                           .more_remedies = updated,
                           .dutch = true},
                          Language::nl, kDutchLabels);
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
    // What it takes, in Dutch: the title, the introduction, dates in Dutch words, one option.
    const std::string remedies = section(p.html, "remedies");
    CHECK_THAT(remedies, Contains("<h2>Wat is er nodig</h2>"));
    CHECK_THAT(visible_text(remedies),
               Contains("Per maatregel de kleinste inspanning waarmee de kans om het doel van 150 deelnemers "
                        "(gestart) op de einddatum te halen minstens 80 % is"));
    const std::vector<std::string> rows = remedy_rows(remedies);
    REQUIRE(rows.size() == (updated ? 7U : 4U));
    CHECK(
        rows[0] ==
        "einde van de werving (verlengen) | 1 november 2017 (tussen 1 oktober 2017 en 1 november 2017 gezien "
        "de Monte Carlo-onzekerheid) | 1 november 2017 | 83 % | 81–85 % | 1 september 2017 tot 1 augustus "
        "2018 | ");
    CHECK(rows[2] ==
          "kans op benadering vanaf 1 maart 2017 (extra personeel) | 0,95 | 1 augustus 2017 | 81 % | "
          "79–83 % | 0,65 tot 1 | ");
    CHECK(rows[3] ==
          "criterium laten vallen: arbeidspotentieel | niet met deze ene optie | 1 augustus 2017 | "
          "66 % | 64–68 % | één optie: 1 maart 2017 | ");
    if (updated) {
      CHECK_THAT(rows[4], Contains("1 maart 2017 (de enige optie)"));
      CHECK_THAT(rows[5], Contains("onbeslist: tussen 0,70 en 0,80 gezien de Monte Carlo-onzekerheid"));
      CHECK_THAT(rows[6], Contains("het model weigerde de wijziging: criteria.addiction_psychiatric"));
    }
    CHECK_THAT(p.charts, Contains("{\"x\":0.8,\"label\":\"Vereist: 80\u00a0%\"}"));
    CHECK_THAT(p.charts, Contains("\"title\": \"Kans het doel op de einddatum te halen\""));
    CHECK(count(p.charts, "\"chance\":") == (updated ? 6U : 4U));
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
