// The compare and feasibility reports in Dutch (--lang nl): their words come from their catalogues
// (output/text/compare.json, feasibility.json), numbers and dates are written the Dutch way, the
// model's Dutch labels are used, and no English sentence of the catalogue is left on the page.
// The English pages are checked by report_study_test.cpp.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "report_catalogues.hpp"
#include "report_nl_util.hpp"
#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/report/words.hpp"
#include "synthetic_study_results.hpp"
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
  std::string charts;  ///< the charts' specs (their titles, legends and tooltips)
};

template <class Write>
Page render_in(Language language, const TestDir& dir, Write write, const report::LabelTable& labels = {}) {
  write(dir / "study.h5");
  HtmlReportOptions o;
  o.language = language;
  o.labels = labels;
  write_html_report(dir / "study.h5", dir / "study.html", o);
  Page p;
  p.html = slurp(dir / "study.html");
  p.text = reader_text(p.html);
  p.charts = chart_specs(p.html);
  return p;
}

template <class Write>
Page render_nl(const TestDir& dir, Write write, const report::LabelTable& labels = {}) {
  return render_in(Language::nl, dir, write, labels);
}

/// Every text of the catalogue without values whose English differs from its Dutch: none of its
/// English pieces (other than those the Dutch shares) is on the Dutch page, in its text or charts.
void check_no_english(const report::Words& words, const Page& p) {
  for (const auto& id : words.ids()) {
    if (!words.value_names(id).empty()) continue;
    const std::string en = words.in(Language::en, id), nl = words.in(Language::nl, id);
    if (en == nl) continue;
    const std::string nl_text = visible_text(nl);
    for (const auto& piece : pieces(en)) {
      if (nl_text.find(piece) != std::string::npos) continue;  // e.g. "Variant" in both
      INFO("catalogue text '" << id << "': \"" << piece << "\"");
      CHECK_FALSE(has_words(p.text, piece));
      if (!identifier(piece)) CHECK_FALSE(has_words(p.charts, piece));
    }
  }
}

const report::LabelTable kLabels = {
    {"started", "deelnemers (gestart)"},
    {"started:description", "Deelnemers die met het programma begonnen"},
    {"reached_target", "kans het doel te halen"},
    {"payout_total", "totale uitbetaling"},
    {"investor_irr", "rendement investeerders per jaar"},
};

}  // namespace

TEST_CASE("report nl: compare is written in Dutch", "[output][report][study][nl]") {
  const TestDir dir("report-nl-compare");
  const Page p = render_nl(
      dir, [](const auto& path) { write_compare(path); }, kLabels);
  CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
  CHECK_THAT(p.html,
             Contains("<title>wnd-2016-actual vergeleken met 2 varianten \u2013 sibsim-vergelijking"));
  CHECK_THAT(p.text, Contains("Het basisscenario wnd-2016-actual tegenover wnd-strict-criteria en "
                              "wnd-recruit-24-months, op gemeenschappelijke toevalsgetallen."));
  CHECK_THAT(p.text, Contains("De belangrijkste antwoorden"));
  CHECK_THAT(p.text, Contains("als gemiddelde over 400 gesimuleerde toekomsten (variant min basis)"));
  // A count, a chance and an amount, each with its CI, the model's Dutch labels, decimal commas.
  CHECK_THAT(p.text, Contains("wnd-strict-criteria: 66,2 minder deelnemers (gestart) (95%-BI 65,5–66,8)"));
  CHECK_THAT(p.text, Contains("kans het doel te halen 2 procentpunt lager (95%-BI 0,8–3,2)"));
  CHECK_THAT(p.text, Contains("totale uitbetaling € 905.000 lager (95%-BI € 884.000–926.000)"));
  CHECK_THAT(p.text, Contains("wnd-recruit-24-months: 31,8 meer deelnemers (gestart) (95%-BI 29,9–33,7)"));
  CHECK_THAT(p.text, Contains("kans het doel te halen 41 procentpunt hoger"));
  CHECK_THAT(p.text,
             Contains("Vergelijken op gemeenschappelijke toevalsgetallen maakt de intervallen 2,4× "
                      "smaller dan onafhankelijke runs zouden doen (de mediaan over 13 verschillen)."));
  // Headings with the Dutch label, descriptions in Dutch where the model has one, Dutch units.
  CHECK_THAT(p.text, Contains("Deelnemers (gestart) started"));
  CHECK_THAT(p.text, Contains("Deelnemers die met het programma begonnen (personen)"));
  // The table: Dutch heads, numbers and ranges ("tot" between negative bounds).
  CHECK_THAT(p.html, Contains("<th class=\"num\">Verschil (95%-BI)</th>"));
  CHECK_THAT(
      p.html,
      Contains("<tr><td>wnd-strict-criteria</td><td class=\"num\">119,4</td><td class=\"num\">53,2</td>"
               "<td class=\"num diff\">−66,2 <span class=\"dim\">(−66,8 tot −65,5)</span></td>"
               "<td class=\"num\">2,21</td><td class=\"num\">3,4&times;</td><td class=\"num\">400</td>"
               "</tr>"));
  CHECK_THAT(p.text, Contains("Verschillen per cijfer"));
  CHECK_THAT(p.text, Contains("Vergeleken scenario’s"));
  CHECK_THAT(p.text, Contains("wnd-2016-actual basis"));
  CHECK_THAT(p.text, Contains("Toon de scenario’s zoals opgegeven"));
  // The charts: axis titles and tooltips in Dutch.
  CHECK_THAT(p.charts, Contains("Verschil (procentpunt)"));
  CHECK_THAT(p.charts, Contains("Verschil (personen)"));
  CHECK_THAT(p.charts, Contains("\"Onafhankelijke runs\""));
  CHECK_THAT(p.html,
             Contains("aria-label=\"Verschil in deelnemers (gestart) met het basisscenario per variant"));
  check_no_english(sibsim::output::detail::compare_words(), p);
}

TEST_CASE("report nl: compare of an unnamed variant with an unclear difference",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-compare-unclear");
  const Page p = render_nl(dir, [](const auto& path) {
    ResultsWriter w(path, study_meta(kKindCompare, "unclear", ""));
    Table t;
    add_column<std::string>(t, "kpi", "", "", {"started", "payout_total"});
    add_column<std::string>(t, "unit", "", "", {"persons", "EUR"});
    add_column<std::uint64_t>(t, "scenario", "", "", {1, 1});
    add_column<double>(t, "base_mean", "", "", {100, 1000});
    add_column<double>(t, "difference", "", "", {0.4, 1234.4});
    add_column<double>(t, "ci_low", "", "", {-0.6, 1000});
    add_column<double>(t, "ci_high", "", "", {1.4, 1500});
    add_column<double>(t, "independent_half_width", "", "", {2, 900});
    add_column<double>(t, "narrower_factor", "", "", {4, 3.6});
    add_column<std::uint64_t>(t, "n", "", "", {1000, 1000});
    w.write_table("/compare/kpis", t);
    w.commit();
  });
  CHECK_THAT(p.text,
             Contains("Scenario 1: geen duidelijk verschil in started (95%-BI van het verschil −0,60 tot "
                      "1,40); payout total € 1.234 hoger (95%-BI € 1.000–1.500)."));
  CHECK_THAT(p.text, Contains("als gemiddelde over 1.000 gesimuleerde toekomsten"));
  CHECK_THAT(p.text, Contains("maakt de intervallen 3,8× smaller"));
  check_no_english(sibsim::output::detail::compare_words(), p);
}

TEST_CASE("report nl: feasibility is written in Dutch", "[output][report][study][nl]") {
  const TestDir dir("report-nl-feasibility");
  SECTION("found, on a date") {
    const Page p =
        render_nl(dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::found_date); });
    CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
    CHECK_THAT(p.html, Contains("<h1>De kleinste recruitment.end (When must recruitment end?)</h1>"));
    CHECK_THAT(p.html, Contains("<title>De kleinste recruitment.end (When must recruitment end?) \u2013 "
                                "sibsim-haalbaarheid</title>"));
    // The file's English answer sentence is not shown; the page words the answer itself.
    CHECK_THAT(p.html, !Contains("<p class=\"big\">"));
    CHECK_THAT(p.text, Contains("Wat is de kleinste waarde van recruitment.end waarbij de kans dat started "
                                "minstens 150 is, ten minste 80 % is?"));
    CHECK_THAT(p.text, Contains("gevonden Antwoord: 15 september 2017, ergens tussen 20 augustus 2017 en "
                                "10 oktober 2017 gezien de Monte Carlo-onzekerheid."));
    // No Dutch name for the date the duration counts from: its key path.
    CHECK_THAT(p.html,
               Contains("Als duur: <strong>16,5&nbsp;maanden</strong> na <code>recruitment.start</code> "
                        "(1 mei 2016)."));
    CHECK_THAT(p.text, Contains("8 waarden geprobeerd, met in totaal 5.200 gesimuleerde toekomsten."));
    CHECK(count(p.html, "<span class=\"badge meets\">voldoet</span>") == 3);
    CHECK(count(p.html, "<span class=\"badge undecided\">onbeslist</span>") == 1);
    CHECK_THAT(p.text, Contains("Kans om het doel te halen"));
    CHECK_THAT(p.charts, Contains("Vereist: 80"));
    CHECK_THAT(p.charts, Contains("Kans dat starters ≥ 150\u00a0personen"));
    CHECK_THAT(p.charts, Contains("\"Oordeel\":\"voldoet\""));
    CHECK_THAT(p.charts, Contains("\"Geprobeerd als\":\"poging 1\""));
    check_no_english(sibsim::output::detail::feasibility_words(), p);
  }
  SECTION("never, on a number") {
    const Page p =
        render_nl(dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::never_number); });
    CHECK_THAT(p.text, Contains("nooit Geen enkele geprobeerde waarde voldoet aan de eis."));
    CHECK_THAT(p.text, Contains("Wat is de grootste waarde van recruitment.staff_fte"));
    CHECK_THAT(p.html, Contains("<h1>De grootste recruitment.staff_fte (How many staff?)</h1>"));
    check_no_english(sibsim::output::detail::feasibility_words(), p);
  }
  SECTION("a duration from a date the model names in Dutch") {
    const Page p =
        render_nl(dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::found_date); },
                  {{"recruitment.start", "het begin van de werving"}});
    CHECK_THAT(p.text, Contains("Als duur: 16,5 maanden na het begin van de werving (1 mei 2016)."));
  }
}

namespace {

/// A comparison of a count KPI and a yes/no KPI in four variants: (1) fewer starters, a higher
/// chance of the threshold; (2) more starters and a higher chance; (3) more starters, a lower
/// chance; (4) fewer starters and no clear change in the chance. No variant means in the file.
void write_opposite(const std::filesystem::path& path) {
  ResultsWriter w(path, study_meta(kKindCompare, "opposite", ""));
  Table t;
  add_column<std::string>(
      t, "kpi", "", "",
      {"started", "started", "started", "started", "success_threshold_reached", "success_threshold_reached",
       "success_threshold_reached", "success_threshold_reached"});
  add_column<std::string>(
      t, "unit", "", "",
      {"persons", "persons", "persons", "persons", "yes/no", "yes/no", "yes/no", "yes/no"});
  add_column<std::uint64_t>(t, "scenario", "", "", {1, 2, 3, 4, 1, 2, 3, 4});
  add_column<double>(t, "base_mean", "", "", {120, 120, 120, 120, 0.3, 0.3, 0.3, 0.3});
  add_column<double>(t, "difference", "", "", {-20, 10, 10, -20, 0.05, 0.04, -0.05, 0.01});
  add_column<double>(t, "ci_low", "", "", {-22, 8, 8, -22, 0.03, 0.02, -0.07, -0.01});
  add_column<double>(t, "ci_high", "", "", {-18, 12, 12, -18, 0.07, 0.06, -0.03, 0.03});
  add_column<double>(t, "independent_half_width", "", "", {5, 5, 5, 5, 0.05, 0.05, 0.05, 0.05});
  add_column<double>(t, "narrower_factor", "", "", {2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5, 2.5});
  add_column<std::uint64_t>(t, "n", "", "", {400, 400, 400, 400, 400, 400, 400, 400});
  w.write_table("/compare/kpis", t);
  Table s;
  add_column<std::uint64_t>(s, "index", "", "", {0, 1, 2, 3, 4});
  add_column<std::string>(s, "name", "", "",
                          {"status-quo", "fewer", "more-higher", "more-lower", "fewer-unclear"});
  add_column<std::string>(s, "file", "", "", {"b.yaml", "1.yaml", "2.yaml", "3.yaml", "4.yaml"});
  w.write_table("/compare/scenarios", s);
  const std::vector<engine::KpiInfo> catalogue = {
      {"started", "persons", "", "starters", {"headline"}},
      {"success_threshold_reached", "yes/no", "", "chance of the success threshold", {"headline"}}};
  w.write_kpis(catalogue);
  w.commit();
}

const report::LabelTable kOppositeLabels = {{"started", "deelnemers (gestart)"},
                                            {"success_threshold_reached", "kans op de succesdrempel"}};

}  // namespace

TEST_CASE("report: compare explains fewer starters yet a higher chance of a threshold",
          "[output][report][study][nl]") {
  const TestDir dir("report-compare-opposite");
  SECTION("in English") {
    const Page p = render_in(Language::en, dir, write_opposite);
    CHECK_THAT(p.text,
               Contains("fewer: fewer starters yet a higher chance of the success threshold. A yes/no "
                        "figure can move against the numbers: when its threshold scales with the number "
                        "of participants, fewer participants also lower the bar;"));
    CHECK_THAT(p.text, Contains("more-lower: more starters yet a lower chance of the success threshold."));
    CHECK(count(p.text, "A yes/no figure can move against the numbers") == 2);
    CHECK_THAT(p.text, !Contains("more-higher: more starters yet"));
    CHECK_THAT(p.text, !Contains("fewer-unclear: fewer starters yet"));
    // Every variant's level, not only its difference: in the table (base plus difference when the
    // file has no variant means) and in the chart's tooltips.
    CHECK_THAT(p.html, Contains("<tr><td>fewer</td><td class=\"num\">120</td><td class=\"num\">100</td>"));
    CHECK_THAT(
        p.html,
        Contains("<tr><td>fewer</td><td class=\"num\">30&nbsp;%</td><td class=\"num\">35&nbsp;%</td>"));
    CHECK_THAT(p.charts, Contains("\"Mean in the variant\":\"100\",\"Mean in the base\":\"120\""));
  }
  SECTION("in Dutch") {
    const Page p = render_nl(dir, write_opposite, kOppositeLabels);
    CHECK_THAT(p.text,
               Contains("fewer: minder deelnemers (gestart) en toch een hogere kans op de succesdrempel. "
                        "Een ja/nee-cijfer kan tegen de aantallen in bewegen"));
    CHECK_THAT(
        p.text,
        Contains("more-lower: meer deelnemers (gestart) en toch een lagere kans op de succesdrempel."));
    CHECK_THAT(p.charts, Contains("\"Gemiddelde in de variant\":\"100\",\"Gemiddelde in de basis\":\"120\""));
    check_no_english(sibsim::output::detail::compare_words(), p);
  }
  SECTION("a yes/no label that does not say chance") {
    const Page p = render_in(Language::en, dir, write_opposite,
                             {{"success_threshold_reached", "success threshold reached"}});
    CHECK_THAT(p.text, Contains("fewer: fewer starters yet a higher chance of “success threshold reached”."));
  }
}

TEST_CASE("report: feasibility's chart names the KPI by its label and unit", "[output][report][study][nl]") {
  const TestDir dir("report-feasibility-axes");
  SECTION("a count, in English") {
    const Page p = render_in(Language::en, dir,
                             [](const auto& path) { write_feasibility(path, FeasibilityShape::found_date); });
    CHECK_THAT(p.charts, Contains("\"title\": \"Chance that starters ≥ 150\u00a0persons\""));
    CHECK_THAT(p.charts, Contains("\"title\": \"recruitment.end\""));  // the parameter as given
    CHECK_THAT(p.html,
               Contains("aria-label=\"Chance that starters is at least 150\u00a0persons at each value of "
                        "recruitment.end tried"));
  }
  SECTION("a count, in Dutch") {
    const Page p = render_nl(
        dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::found_date); }, kLabels);
    CHECK_THAT(p.charts, Contains("\"title\": \"Kans dat deelnemers (gestart) ≥ 150\u00a0personen\""));
  }
  SECTION("a chance that must be 1") {
    const Page en = render_in(
        Language::en, dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::never_number); });
    CHECK_THAT(en.charts, Contains("\"title\": \"Chance of reaching the target\""));
    const Page nl = render_nl(
        dir, [](const auto& path) { write_feasibility(path, FeasibilityShape::never_number); }, kLabels);
    CHECK_THAT(nl.charts, Contains("\"title\": \"Kans het doel te halen\""));
  }
}
