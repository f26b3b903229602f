// The sib report in Dutch (--lang nl): its words come from its catalogue, numbers and dates are
// written the Dutch way, and the English report is unchanged.
// The SIB's sections (models/sib/io/report_sections.cpp, report_outcomes.cpp) take their words
// from models/sib/text/report.json and the KPIs' Dutch labels and descriptions from sib_labels("nl");
// the English page is checked by report_test.cpp.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include <utility>
#include <vector>
#include "report_text.hpp"

#include "report_nl_util.hpp"
#include "report_test_util.hpp"
#include "report_words.hpp"
#include "sib_report_sections.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/report/text.hpp"
#include "sibsim/output/report/words.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/scenarios/document.hpp"
#include "studio_levers.hpp"
#include "synthetic_sib_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;
using report::Language;

namespace {

struct Page {
  SibRun run;
  std::string html;  ///< the whole document
  std::string text;  ///< what a reader sees: tags, scripts, styles, the input and <code> dropped
};

/// write_sib with more series (the employed series of the arms).
void write_sib_with(const SibRun& run, const std::vector<TimeSeries>& more,
                    const std::filesystem::path& path) {
  ResultsWriter w(path, run.meta);
  w.begin_replications(run.result.kpis);
  w.sink()(0, kSibReplications, run.rows);
  w.write_summary(run.result);
  w.write_timeseries(run.series);
  if (!run.caseload.bands.empty()) w.write_timeseries(run.caseload);
  for (const auto& s : more) w.write_timeseries(s);
  w.write_funnel(run.funnel.stages, run.funnel.reasons);
  w.commit();
}

Page render(const TestDir& dir, SibRun run, Language language, const std::vector<TimeSeries>& more = {}) {
  static const models::sib::SibReportSections sib;
  Page p{std::move(run), "", ""};
  write_sib_with(p.run, more, dir / "results.h5");
  HtmlReportOptions o;
  o.language = language;
  if (language == Language::nl) o.labels = models::sib::sib_labels("nl");
  write_html_report(dir / "results.h5", dir / "report.html", &sib, o);
  p.html = slurp(dir / "report.html");
  p.text = reader_text(p.html, {"style", "script", "pre", "code"});
  return p;
}

/// Adds a KPI whose value in replication i is value(i) (its column and summary).
template <class F>
void add_kpi(SibRun& run, engine::KpiInfo kpi, F value) {
  const std::size_t k = run.result.kpis.size();
  std::vector<double> rows, column;
  for (std::uint64_t i = 0; i < kSibReplications; ++i) {
    rows.insert(rows.end(), run.rows.begin() + static_cast<std::ptrdiff_t>(i * k),
                run.rows.begin() + static_cast<std::ptrdiff_t>((i + 1) * k));
    rows.push_back(value(i));
    column.push_back(rows.back());
  }
  run.rows = std::move(rows);
  run.result.kpis.push_back(std::move(kpi));
  run.result.summary.push_back(summarise(column));
}

/// The employed series of an arm ("employed", "employed_control", ...): `peak` in work at the
/// series' 10th month, fewer before and after.
TimeSeries employed_series(const std::string& name, double peak) {
  TimeSeries s;
  s.name = name;
  s.unit = "persons";
  s.description = "participants in work this month";
  std::vector<std::string> dates;
  for (int m = 0; m < kSibMonths; ++m) {
    dates.push_back(month_date(m));
    const double c = peak * std::max(0.0, 1.0 - std::fabs(m - 10) / 12.0);
    s.bands.push_back({c * 0.7, c * 0.85, c, c * 1.15, c * 1.3, c});
  }
  s.time = dates;
  return s;
}

Page render(const TestDir& dir, SibVariant variant, Language language) {
  return render(dir, make_sib_run(variant), language);
}

/// A text of the SIB's catalogue in `language` with its values (HTML, as the page has it).
std::string sib_text(Language language, std::string_view id, const report::WordValues& values = {}) {
  return models::sib::sib_report_words().in(language, id, values);
}

/// The same computed as the page does, with the numbers in Dutch.
template <class F>
std::string in_dutch(F f) {
  const report::LanguageScope nl(Language::nl);
  return f();
}

}  // namespace

TEST_CASE("sib report nl: a Dutch page with the key answers in Dutch numbers and dates",
          "[output][report][nl]") {
  const TestDir dir("report-nl-sib");
  const Page p = render(dir, {.payout = true}, Language::nl);
  CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
  CHECK_THAT(p.html, Contains("Social Impact Bond &middot; simulatierapport"));
  // The fan charts' tooltips name their rows in Dutch too (they were English on Dutch pages).
  CHECK_THAT(p.html, Contains("Mediaan") && !Contains("\"Median\"") && !Contains("Middle 90"));

  // Starters against the target: the median and 90 % interval as the page writes them.
  const auto& started = p.run.stat("started");
  const std::string answer = in_dutch([&] {
    return sib_text(Language::nl, "answer.started",
                    {{"median", report::num(started.p50)},
                     {"range", report::range(started.p5, started.p95, "")},
                     {"target", "150"}});
  });
  CHECK_THAT(p.html, Contains(answer));
  CHECK_THAT(p.text, Contains("deelnemers gestart (90%-interval "));
  CHECK_THAT(p.text, Contains("tegenover een doel van 150; iedereen die start telt mee"));

  // The end of recruitment as a Dutch date, in the answer on the target.
  CHECK_THAT(
      p.text,
      Contains("kans dat er bij het einde van de werving (1 augustus 2017) 150 deelnemers gestart zijn."));
  CHECK_THAT(p.html, !Contains("2017-08-01)"));

  // The success threshold with its terms: 20 % of 5,88 extra work-months, with a decimal comma.
  CHECK_THAT(p.text, Contains("kans dat de succesdrempel wordt gehaald (20 % van de ambitie van 5,88 extra "
                              "werkmaanden per deelnemer)."));
  CHECK_THAT(p.text,
             Contains("kans dat de volledige ambitie wordt gehaald (5,88 extra werkmaanden per deelnemer)."));

  // Money in euros with Dutch thousands separators.
  const auto& payout = p.run.stat("payout_total");
  const std::string median_payout = in_dutch([&] { return report::val(payout.p50, "EUR"); });
  CHECK(median_payout.starts_with("\u20ac&nbsp;"));
  CHECK(median_payout.find('.') != std::string::npos);  // over a thousand: 1.234.567
  CHECK(median_payout.find(',') == std::string::npos);
  CHECK_THAT(p.html,
             Contains("Mediane uitbetaling voor de resultaten <strong>" + median_payout + "</strong>"));
  CHECK_THAT(p.text, Contains("Mediaan rendement voor de investeerders "));
  CHECK_THAT(p.text, Contains("een totaal verlies telt als \u2212100 %"));

  // The sections' headings and sentences.
  for (const char* heading : {"Instroom van deelnemers in de tijd", "Caseload van de trajectbegeleiders",
                              "Wervingstrechter", "Hoe de resultaten variëren", "Uitval"})
    CHECK_THAT(p.html, Contains(std::string(">") + heading + "</h2>"));
  CHECK_THAT(p.text,
             Contains("De mediane caseload is het hoogst op 1 augustus 2017: 60 deelnemers (90%-interval"));
  CHECK_THAT(p.text, Contains("Elk getal vat 501 gesimuleerde toekomsten van dit scenario samen."));
  // How a start is counted (wnd-2016-actual: from the intake in the PI), under the enrolment curve.
  CHECK_THAT(p.text, Contains("Een start telt vanaf de intake door de trajectbegeleider in de PI"));
  CHECK_THAT(p.text, Contains("De meeste deelnemers vallen uit in maand "));
  CHECK_THAT(p.text, Contains("Gemiddeld vallen "));
}

TEST_CASE("sib report nl: the model's reasons, stages and KPIs in Dutch", "[output][report][nl]") {
  const TestDir dir("report-nl-sib-names");
  const Page p = render(dir, {.payout = true}, Language::nl);
  // Reasons of non-start (outcome.cpp's labels) and their categories, in the funnel's chart.
  for (const char* reason : {"overplaatsing naar een andere PI", "geen burgerservicenummer (BSN)",
                             "geen interesse", "geen contact na vrijlating", "motivatie"})
    CHECK_THAT(p.html, Contains(reason));
  CHECK_THAT(p.html, !Contains("transfer to another prison"));
  CHECK_THAT(p.html, !Contains("\"motivation\""));
  // Stages of the funnel.
  for (const char* stage : {"Geschikt", "Benaderd", "Geselecteerd", "Gestart"})
    CHECK_THAT(p.html, Contains(stage));
  // Dropout reasons: the label, the sentence and the KPI's description in the tooltip.
  CHECK_THAT(p.html, Contains("Geen inzet / komt niet opdagen / geen contact"));
  CHECK_THAT(p.html, Contains("Opname in een verslavingskliniek"));
  CHECK_THAT(p.text, Contains("de meest voorkomende reden is geen inzet / komt niet opdagen / geen contact"));
  CHECK_THAT(p.html, Contains("uitval: langdurige opname in een verslavingskliniek"));
  // Key figures: the model's Dutch labels and descriptions (sib_labels("nl")).
  CHECK_THAT(p.text, Contains("Deelnemers (gestart)"));
  CHECK_THAT(p.text, Contains("programma min de gematchte controlegroep (waarop het contract uitbetaalt)"));
  CHECK_THAT(p.text, Contains("1 als het streefaantal deelnemers vóór het einde van de werving gestart is"));
  CHECK_THAT(p.text, !Contains("total paid by government to investors"));
}

TEST_CASE("sib report nl: no English sentence of the catalogue is left on the Dutch page",
          "[output][report][nl]") {
  const TestDir dir("report-nl-sib-english");
  const Page nl = render(dir, {.payout = true}, Language::nl);
  const Page en = render(dir, {.payout = true}, Language::en);
  const auto& words = models::sib::sib_report_words();
  std::size_t checked = 0;
  for (const std::string& id : words.ids()) {
    if (!words.value_names(id).empty()) continue;
    const std::string in_en = words.in(Language::en, id), in_nl = words.in(Language::nl, id);
    // Whole phrases only: a single word ("clinic", "Mean", " starters") may also be part of a name
    // or of the scenario's own description.
    const auto phrase = [](const std::string& t) {
      const auto a = t.find_first_not_of(' '), z = t.find_last_not_of(' ');
      return a != std::string::npos && t.substr(a, z - a + 1).find(' ') != std::string::npos;
    };
    if (in_en == in_nl || !phrase(in_en)) continue;
    INFO("catalogue text '" << id << "'");
    CHECK_THAT(nl.html, !Contains(in_en));
    // ... and the English page has no Dutch (the reasons are named as the results file names them).
    if (phrase(in_nl)) CHECK_THAT(en.html, !Contains(in_nl));
    ++checked;
  }
  CHECK(checked > 40);
  CHECK_THAT(en.html, Contains("<html lang=\"en\">"));
  CHECK_THAT(en.text, Contains("chance of reaching 150 starters by the end of recruitment (2017-08-01)."));
}

TEST_CASE("sib report nl: a scenario that does not load still gives a Dutch page", "[output][report][nl]") {
  const TestDir dir("report-nl-sib-tricky");
  const Page p = render(dir, {.payout = true, .tricky = true}, Language::nl);
  CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
  CHECK_THAT(p.text, Contains("kans dat er bij het einde van de werving 150 deelnemers gestart zijn."));
  CHECK_THAT(p.text, Contains("kans dat de succesdrempel wordt gehaald."));
  CHECK_THAT(p.html, !Contains("</script><b>"));
}

TEST_CASE("sib labels nl: every KPI with a Dutch label has a Dutch description", "[output][report][nl]") {
  const auto labels = models::sib::sib_labels("nl");
  std::set<std::string> names, described;
  for (const auto& [key, text] : labels) {
    CHECK_FALSE(text.empty());
    const auto colon = key.find(':');
    if (colon == std::string::npos) {
      CHECK(names.insert(key).second);
    } else {
      CHECK(key.substr(colon) == ":description");
      CHECK(described.insert(key.substr(0, colon)).second);
    }
  }
  CHECK(names == described);
  CHECK(models::sib::sib_labels("en").empty());
}

TEST_CASE("sib report: the counsellors' capacity on the caseload chart, as a line when it holds throughout",
          "[output][report][nl]") {
  // The synthetic scenario (wnd-2016-actual): 7 FTE x 12 from 2016-05-01, 4 FTE from 2018-01-01,
  // after the series' last date (2017-12-01): one capacity over the chart, drawn as a line.
  const TestDir dir("report-sib-capacity");
  {
    const Page en = render(dir, {.payout = true}, Language::en);
    CHECK_THAT(en.text, Contains("Counsellors' capacity (84: 7 FTE × 12)"));
    CHECK_THAT(en.html, Contains("\"Capacity 84\""));
    CHECK_THAT(
        en.text,
        Contains("The counsellors' capacity at full intensity (12 participants per FTE): 84 from 1 May "
                 "2016 (7 FTE). The median caseload stays within the capacity."));
    const Page nl = render(dir, {.payout = true}, Language::nl);
    CHECK_THAT(nl.text, Contains("Capaciteit van de trajectbegeleiders (84: 7 fte × 12)"));
    CHECK_THAT(
        nl.text,
        Contains("Capaciteit van de trajectbegeleiders bij volle intensiteit (12 deelnemers per fte): 84 "
                 "vanaf 1 mei 2016 (7 fte). De mediane caseload blijft binnen de capaciteit."));
  }
  // Down to 4 FTE (48 places) from 2017-01-01: two steps, told in the sentence (no single line),
  // and the months whose median caseload is above the capacity of their date.
  SibRun run = make_sib_run({.payout = true});
  auto params = models::sib::load_sib_scenario(
      scenarios::Document::from_string(run.meta.scenario_yaml_resolved, "<test>"));
  params.counsellors.fte = {{static_cast<double>(engine::to_days({2016, 5, 1})), 7},
                            {static_cast<double>(engine::to_days({2017, 1, 1})), 4}};
  params.counsellors.caseload_per_fte = 12;
  run.meta.scenario_yaml_resolved = models::sib::sib_scenario_yaml(params);
  std::size_t over = 0;
  std::string first;
  for (int m = 0; m < kSibMonths; ++m) {
    const double capacity = month_date(m) < "2017-01-01" ? 84 : 48;
    if (run.caseload.bands[static_cast<std::size_t>(m)].p50 > capacity) {
      ++over;
      if (first.empty()) first = month_date(m);
    }
  }
  REQUIRE(over == 5);  // 2017-06-01 .. 2017-10-01 (the median peaks at 60 on 2017-08-01)
  REQUIRE(first == "2017-06-01");
  const Page en = render(dir, run, Language::en);
  CHECK_THAT(en.text, !Contains("Counsellors' capacity ("));  // no single line: steps instead
  CHECK_THAT(en.text, Contains("Counsellors' capacity over time (FTE × 12)"));
  // The steps on the chart: 84 held from the first date, 48 from 2017-01-01, to the last date.
  CHECK_THAT(en.html, Contains("\"y\":84,\"color\":\"#c8324a\",\"step\":true"));
  CHECK_THAT(en.html, Contains("\"x\":" +
                               output::detail::json_number(
                                   static_cast<double>(engine::to_days({2017, 1, 1})) * 86'400'000.0) +
                               ",\"y\":48,"));
  CHECK_THAT(en.text,
             Contains("(12 participants per FTE): 84 from 1 May 2016 (7 FTE) and 48 from 1 January 2017 "
                      "(4 FTE). The median caseload is above the capacity in 5 of the 20 months (first on "
                      "1 June 2017); those who start then are taken on at reduced intensity."));
  const Page nl = render(dir, std::move(run), Language::nl);
  CHECK_THAT(nl.text,
             Contains("(12 deelnemers per fte): 84 vanaf 1 mei 2016 (7 fte) en 48 vanaf 1 januari 2017 "
                      "(4 fte). De mediane caseload ligt in 5 van de 20 maanden boven de capaciteit (voor "
                      "het eerst op 1 juni 2017)"));
}

TEST_CASE("sib report: participants in work, the control group's median over the programme's fan",
          "[output][report][nl]") {
  const TestDir dir("report-sib-employed");
  SibRun run = make_sib_run({.payout = true});
  add_kpi(run, {"work_months_per_person_programme", "months", "months worked, programme"},
          [](std::uint64_t i) { return 5 + unit_hash(i, 40); });
  add_kpi(run, {"work_months_per_person_control", "months", "months worked, control group"},
          [](std::uint64_t i) { return 4 + unit_hash(i, 41); });
  add_kpi(run, {"work_months_per_person_care_as_usual", "months", "months worked, care as usual"},
          [](std::uint64_t i) { return 4 + unit_hash(i, 42); });
  const auto median = [&](const char* kpi) { return run.stat(kpi).p50; };
  const std::vector<TimeSeries> arms = {employed_series("employed", 30),
                                        employed_series("employed_control", 20)};
  {
    const Page en = render(dir, run, Language::en, arms);
    CHECK_THAT(en.html, Contains(">Participants in work</h2>"));
    CHECK_THAT(
        en.text,
        Contains(
            "The median number in work peaks at 30 participants on 1 March 2017 (90 % interval 21–39)."));
    CHECK_THAT(en.html, Contains(" Over the 24 months a participant works a median of <strong>" +
                                 report::num(median("work_months_per_person_programme")) +
                                 "</strong> months in the programme, against " +
                                 report::num(median("work_months_per_person_control")) +
                                 " in the matched control group and " +
                                 report::num(median("work_months_per_person_care_as_usual")) +
                                 " for the same people under care as usual."));
    // The control group's median as a line over the programme's fan (not a chart of its own).
    CHECK_THAT(en.html, !Contains("<h3>Control group</h3>"));
    CHECK_THAT(en.html, Contains("Matched control group (median)</span>"));
    CHECK_THAT(en.html, Contains("\"y\":20,\"color\":\"#c98a12\",\"step\":false,\"dashed\":true"));
    CHECK_THAT(en.html, !Contains("<h3>Care as usual</h3>"));  // no such series in the file
    // Drawn here, not again under the other results over time.
    CHECK_THAT(en.html, !Contains("Other results over time"));
  }
  const Page nl = render(dir, std::move(run), Language::nl, arms);
  CHECK_THAT(nl.html, Contains(">Deelnemers aan het werk</h2>"));
  CHECK_THAT(
      nl.text,
      Contains(
          "Het mediane aantal werkenden is het hoogst op 1 maart 2017: 30 deelnemers (90%-interval 21–39)."));
  CHECK_THAT(nl.text, Contains("in de gematchte controlegroep en "));
  CHECK_THAT(nl.text, Contains("voor dezelfde mensen bij gebruikelijke zorg."));
  CHECK_THAT(nl.html, Contains("Gematchte controlegroep (mediaan)</span>"));
}
