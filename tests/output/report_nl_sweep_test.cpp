// The sweep report in Dutch (--lang nl): its words come from its catalogue, numbers and dates are
// written the Dutch way, and the English report is unchanged.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "report_catalogues.hpp"
#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/report/words.hpp"
#include "sibsim/output/results_update.hpp"
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

/// The model's Dutch words for the synthetic files' KPIs, measures and parameters (what
/// ModelPlugin::labels gives write_html_report).
report::LabelTable dutch_labels() {
  return {
      {"started", "deelnemers (gestart)"},
      {"reached_target", "kans het doel te halen"},
      {"extra_work_months_true", "echte extra werkmaanden"},
      {"payout_total", "totale uitbetaling"},
      {"investor_multiple", "terugbetaling als veelvoud van de investering"},
      {"success_threshold_reached", "kans op de succesdrempel"},
      {"dropout_hazard", "uitvalkans per maand"},
      {"investor_loss_probability", "kans op verlies voor de investeerders"},
      {"threshold_probability", "kans op de uitbetalingsdrempel"},
      {"government_cost_per_true_extra_month", "uitbetaling door de overheid per echte extra werkmaand"},
      {"recruitment.end:description", "laatste dag van de werving"},
      {"payment.price_per_work_month:description", "prijs per extra werkmaand"},
      {"recruitment.staff_fte:description", "wervingspersoneel"},
      {"programme.phone_for_all:description", "telefoonnummer van elke deelnemer bekend bij vrijlating"},
  };
}

/// The model's labels of its levers, keyed by scenario path (what study puts in the label table).
report::LabelTable lever_labels() {
  return {{"recruitment.end", "einde van de werving"},
          {"payment.price_per_work_month", "prijs per werkmaand"},
          {"programme.phone_for_all", "telefoon voor iedereen"}};
}

Page render(const std::filesystem::path& h5, const std::filesystem::path& html, report::Language language,
            const report::LabelTable& more_labels = {}) {
  HtmlReportOptions o;
  o.language = language;
  if (language == report::Language::nl) o.labels = dutch_labels();
  o.labels.insert(o.labels.end(), more_labels.begin(), more_labels.end());
  write_html_report(h5, html, nullptr, o);
  Page p{slurp(html), ""};
  if (const char* keep = std::getenv("SIBSIM_KEEP_HTML"))
    std::filesystem::copy_file(
        html, std::filesystem::path(keep) / (html.parent_path().filename().string() + ".html"),
        std::filesystem::copy_options::overwrite_existing);
  p.text = visible_text(p.html);
  return p;
}

/// Adds a made-up /discovery (as `sibsim discover --kpi started --when "< 99.5"` would) to a
/// sensitivity sweep file: two limits, the date kept, the price not significant.
void add_discovery(const std::filesystem::path& h5) {
  GroupUpdate u;
  u.group = "/discovery";
  Table traj;
  traj.description = "PRIM's peeling trajectory";
  add_column<std::uint64_t>(traj, "step", "", "step", {0, 1, 2});
  add_column<std::uint64_t>(traj, "points", "", "points", {23, 12, 6});
  add_column<std::uint64_t>(traj, "cases", "", "cases", {5, 5, 4});
  add_column<double>(traj, "coverage", "fraction", "coverage", {1.0, 1.0, 0.8});
  add_column<double>(traj, "density", "fraction", "density", {5.0 / 23, 5.0 / 12, 4.0 / 6});
  add_column<double>(traj, "mass", "fraction", "mass", {1.0, 12.0 / 23, 6.0 / 23});
  add_column<std::uint64_t>(traj, "restricted", "", "restricted", {0, 1, 2});
  add_column<std::uint8_t>(traj, "chosen", "", "chosen", {0, 0, 1});
  Table res;
  res.description = "the restrictions of the chosen box";
  add_column<std::string>(res, "parameter", "", "parameter",
                          {"recruitment.end", "payment.price_per_work_month"});
  add_column<std::string>(res, "kind", "", "kind", {"date", "number"});
  add_column<double>(res, "lo", "", "lo", {17000, 1250.5});
  add_column<double>(res, "hi", "", "hi", {17287, 2000});
  add_column<std::uint8_t>(res, "restricts_lo", "", "", {0, 1});
  add_column<std::uint8_t>(res, "restricts_hi", "", "", {1, 0});
  add_column<std::string>(res, "lo_text", "", "", {"", "1250.5"});
  add_column<std::string>(res, "hi_text", "", "", {"2017-05-01", ""});
  add_column<double>(res, "p_value", "", "p", {0.0123, 0.2});
  add_column<double>(res, "density_without", "fraction", "density without", {0.25, 0.5});
  add_column<std::uint8_t>(res, "kept", "", "kept", {1, 0});
  u.tables.emplace_back("trajectory", std::move(traj));
  u.tables.emplace_back("restrictions", std::move(res));
  u.attributes = {
      {"kpi", std::string("started")},
      {"kpi_label", std::string("starters")},
      {"condition", std::string("< 99.5")},
      {"text",
       std::string("Starters < 99.5 at 5 of the 23 design points (22 %). Starters < 99.5 in 67 % of the "
                   "design points where recruitment.end is on or before 2017-05-01; these points hold "
                   "80 % of all such points (4 of 5). Not significant, so left out: "
                   "payment.price_per_work_month.")},
      {"unit_of_analysis", std::string("design point")},
      {"points", std::uint64_t{23}},
      {"cases", std::uint64_t{5}},
      {"box_points", std::uint64_t{6}},
      {"box_cases", std::uint64_t{4}},
      {"chosen_step", std::uint64_t{2}},
      {"coverage", 0.8},
      {"density", 4.0 / 6},
      {"mass", 6.0 / 23},
  };
  replace_group(h5, u);
}

/// The page's text as read, without its scripts, styles and the input files it shows verbatim
/// (YAML), and without the given data (scenario names, ...) that is in the file's own words.
/// `text` with every stretch from `open` to the next `close` (inclusive) replaced by a space; with
/// no `close`, every `open`.
std::string without(const std::string& text, const std::string& open, const std::string& close) {
  std::string out;
  std::size_t from = 0;
  for (auto at = text.find(open); at != std::string::npos; at = text.find(open, from)) {
    const auto end = close.empty() ? at + open.size() : text.find(close, at);
    if (end == std::string::npos) break;
    out.append(text, from, at - from).push_back(' ');
    from = end + close.size();
  }
  out.append(text, from, std::string::npos);
  return out;
}

std::string prose(const Page& p, const std::vector<std::string>& data) {
  std::string text = visible_text(
      without(without(without(p.html, "<script", "</script>"), "<style", "</style>"), "<pre", "</pre>"));
  for (const auto& d : data) text = without(text, d, "");
  return text;
}

/// Every text of the sweep catalogue without values whose English differs from its Dutch is
/// absent from the Dutch page (a single word as a whole word, case and all).
void check_no_english(const Page& p, const std::vector<std::string>& data) {
  const std::string text = prose(p, data);
  const auto& words = detail::sweep_words();
  for (const auto& id : words.ids()) {
    if (!words.value_names(id).empty()) continue;
    const std::string en = words.in(report::Language::en, id), nl = words.in(report::Language::nl, id);
    if (en == nl) continue;
    std::string needle = visible_text(en);
    needle.erase(0, needle.find_first_not_of(' '));
    needle.erase(needle.find_last_not_of(' ') + 1);
    if (needle.empty()) continue;
    INFO("catalogue text '" << id << "': \"" << needle << "\"");
    if (needle.find(' ') == std::string::npos) {
      const std::regex word("(^|[^A-Za-z])" + needle + "([^A-Za-z]|$)");
      CHECK_FALSE(std::regex_search(text, word));
    } else {
      CHECK_THAT(text, !Contains(needle));
    }
  }
}

}  // namespace

TEST_CASE("report nl: a sweep over one parameter is written in Dutch", "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-line");
  write_sweep(dir / "sweep.h5", SweepShape::line);
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::nl);
  CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
  CHECK_THAT(p.html, Contains("<title>Parameterverkenning van recruitment.end (End of recruitment) \u2013 "
                              "sibsim-parameterverkenning</title>"));
  CHECK_THAT(p.text, Contains("Deze parameterverkenning draaide 7 varianten van het scenario in een rooster, "
                              "elk met 400 gesimuleerde toekomsten, met verschillende waarden voor "
                              "recruitment.end."));
  CHECK_THAT(p.text, Contains("Deelnemers (gestart): van 61,8 (recruitment.end = 2017-02-01) tot 141 "
                              "(recruitment.end = 2018-08-01)."));
  CHECK_THAT(p.text, Contains("De belangrijkste antwoorden"));
  CHECK_THAT(p.html, Contains("Uitkomsten per waarde van <code>recruitment.end</code>"));
  CHECK_THAT(p.text, Contains("Wat er gevarieerd is"));
  CHECK_THAT(p.text, Contains("laatste dag van de werving"));  // the model's Dutch description
  CHECK_THAT(p.text, Contains("Toon de opzet van de parameterverkenning"));
  // Tooltips and chart words in Dutch too.
  CHECK_THAT(p.html, Contains("\"Middelste 90\u00a0%\":"));
  CHECK_THAT(p.html,
             Contains("\"Gemiddelde van deelnemers (gestart) (met de middelste 90 % van de gesimuleerde"));
  check_no_english(p, {"End of recruitment"});
}

TEST_CASE("report nl: a sweep over a grid words its heatmap, trade-off and table in Dutch",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-grid");
  write_sweep(dir / "sweep.h5", SweepShape::grid);
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::nl);
  CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
  CHECK_THAT(p.text, Contains("Deelnemers (gestart) over het rooster"));
  CHECK_THAT(p.html, Contains("<h2>Afweging</h2>"));
  CHECK_THAT(p.text,
             Contains("Uitbetaling door de overheid per echte extra werkmaand is het laagst in punt "));
  CHECK_THAT(p.text, Contains("Uitkomsten in elk punt"));
  CHECK_THAT(p.text, Contains("lager op beide"));
  // Money in the key answers the Dutch way: "€ 1.700".
  CHECK_THAT(p.text,
             Contains("Uitbetaling door de overheid per echte extra werkmaand: van € 850 "
                      "(payment.price_per_work_month = 1.000, recruitment.staff_fte = 2) tot € 1.700"));
  CHECK_THAT(p.html, Contains("<td class=\"num\">163.774</td>"));
  CHECK_THAT(p.html, Contains("\"Rol\":\"grid\""));
  check_no_english(p, {"Price and staff"});
}

TEST_CASE("report nl: sensitivity in Dutch, Sobol indices with their CIs in decimal commas",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-sens");
  write_sweep(dir / "sweep.h5", SweepShape::sensitivity);
  add_discovery(dir / "sweep.h5");
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::nl);
  CHECK_THAT(p.html, Contains("<html lang=\"nl\">"));
  CHECK_THAT(p.text,
             Contains("Voor deelnemers (gestart) maakt recruitment.end het meeste uit: deze parameter "
                      "verklaart op zichzelf 71 % (95%-BI 63–79 %) van de variantie en samen met "
                      "zijn interacties vrijwel alles (95%-BI 94,7–100 %)."));
  CHECK_THAT(p.text, Contains("Monte-Carloruis van een klein ontwerp"));
  CHECK_THAT(p.text, Contains("Aandeel in de variantie (Sobol-indices)"));
  CHECK_THAT(p.html, Contains("101&nbsp;%<sup title=\"Monte-Carloruis"));
  // The tornado's heading and table: small values with their digits, decimal commas, flags in words.
  CHECK_THAT(p.text, Contains("Uitvalkans per maand (basis 0,0015, 95%-BI 0,00135–0,00165)"));
  CHECK_THAT(p.text, Contains("programme.phone_for_allnee0,0015 (0,00135–0,00165)ja0,0457 (0,0412–0,0502)"));
  CHECK_THAT(p.text, Contains("gemiddelde ± 1,96 standaardfouten"));
  // The outcomes table: whole numbers with a thousands point.
  CHECK_THAT(p.html, Contains("<td class=\"num\">280.755</td>"));
  CHECK_THAT(p.html, Contains("<td class=\"num\">0,0457</td>"));
  // Three parameters: the point named with each value, the flag in words.
  CHECK_THAT(p.text, Contains("(punt 1: recruitment.end = 2017-02-01, payment.price_per_work_month = 1.500, "
                              "programme.phone_for_all = nee)"));
  CHECK_THAT(p.text, Contains("De één-voor-één-punten zijn weggelaten"));
  // Scenario discovery: the box worded again in Dutch from the file's numbers.
  CHECK_THAT(p.text, Contains("Deelnemers (gestart) < 99,5 in 5 van de 23 ontwerppunten (22 %). Deelnemers "
                              "(gestart) < 99,5 in 67 % van de ontwerppunten waar recruitment.end op of vóór "
                              "2017-05-01 valt; die punten bevatten 80 % van al zulke punten (4 van 5). Niet "
                              "significant, dus weggelaten: payment.price_per_work_month."));
  CHECK_THAT(p.text, Contains("Scenario-ontdekking"));
  CHECK_THAT(p.text, Contains("0,0123"));
  CHECK_THAT(p.text, Contains("payment.price_per_work_month1.251–0,2000"));  // 1250.5 to 4 digits
  CHECK_THAT(p.text, Contains("nee (niet significant)"));
  CHECK_THAT(p.text, Contains("Grenzen met p > 0,05"));
  CHECK_THAT(p.html, Contains("\"Stap 2 (gekozen)\""));
  check_no_english(p, {"Sensitivity of the Werk na Detentie SIB"});
}

TEST_CASE("report nl: a one-at-a-time sweep is written in Dutch", "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-oat");
  write_sweep(dir / "sweep.h5", SweepShape::oat);
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::nl);
  CHECK_THAT(p.text,
             Contains("Voor deelnemers (gestart) maakt recruitment.end het meeste uit als de parameters "
                      "één voor één variëren: van 2017-02-01 naar 2018-02-01 verschuift deelnemers "
                      "(gestart) van "));
  CHECK_THAT(p.text, Contains("Eén parameter tegelijk"));
  CHECK_THAT(p.html, Contains("\"Lage waarde\":\"nee\""));
  // The file's values as text (the one-at-a-time ends, a range) with Dutch numbers too.
  CHECK_THAT(p.text, Contains("payment.price_per_work_month1.0000,624 (0,606–0,642)2.0001,25 (1,21–1,28)"));
  CHECK_THAT(p.text, Contains("getal1.000 – 2.000"));
  check_no_english(p, {"Sensitivity of the Werk na Detentie SIB"});
}

TEST_CASE("report nl: tornado bars carry whiskers, the 95 % Monte Carlo interval of each end",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-whiskers");
  write_sweep(dir / "sweep.h5", SweepShape::oat);
  const Page nl = render(dir / "sweep.h5", dir / "sweep-nl.html", report::Language::nl);
  // Three tornados (starters, investor multiple, dropout hazard), each with its whiskers drawn as
  // rules with caps, the bar's text beyond the whisker.
  CHECK(count(nl.html, "\"name\":\"whiskers\"") == 3);
  CHECK(count(nl.html, "{\"data\":\"whiskers\"}") == 3 * 3);
  CHECK(count(nl.html, "\"field\":\"xt\"") == 3);
  // Dropout hazard with every phone known: 0.0457, SE 0.0457 / 20, so 0.0412–0.0502 (as in the table).
  CHECK_THAT(nl.html, Contains("\"end\":\"high\",\"hi\":0.0501"));
  CHECK_THAT(nl.html, Contains("\"label\":\"programme.phone_for_all\",\"lo\":0.0412"));
  CHECK_THAT(nl.text, Contains("ja0,0457 (0,0412–0,0502)"));
  CHECK_THAT(nl.text,
             Contains("In de grafieken is de dunne lijn over het uiteinde van elke balk dat interval."));
  const Page en = render(dir / "sweep.h5", dir / "sweep-en.html", report::Language::en);
  CHECK(count(en.html, "\"name\":\"whiskers\"") == 3);
  CHECK_THAT(en.text, Contains("In the charts, the thin line across the end of each bar is its interval."));
}

TEST_CASE("report nl: the English sweep report keeps its words, discovery's sentence from the file",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-en");
  write_sweep(dir / "sweep.h5", SweepShape::sensitivity);
  add_discovery(dir / "sweep.h5");
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::en);
  CHECK_THAT(p.html, Contains("<html lang=\"en\">"));
  CHECK_THAT(p.text,
             Contains("Starters < 99.5 at 5 of the 23 design points (22 %). Starters < 99.5 in 67 % of "
                      "the design points where recruitment.end is on or before 2017-05-01"));
  CHECK_THAT(p.text, Contains("1250.5"));
  CHECK_THAT(p.text, Contains("0.0123"));
  CHECK_THAT(p.text, Contains("no (not significant)"));
  CHECK_THAT(p.text, Contains("Limits with p > 0.05 are left out of the box."));
  CHECK_THAT(p.text, Contains("mean ± 1.96 standard errors"));
  CHECK_THAT(p.html, Contains("\"Step 2 (chosen)\""));
}

TEST_CASE("report nl: a sweep names its parameters by their labels, the path beside them in tables",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-labels");
  write_sweep(dir / "sweep.h5", SweepShape::sensitivity);
  add_discovery(dir / "sweep.h5");
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::nl, lever_labels());
  // The title and sentences by label; the sentences without the path.
  CHECK_THAT(p.html,
             Contains("<h1>Parameterverkenning van einde van de werving, prijs per werkmaand en telefoon "
                      "voor iedereen (Sensitivity of the Werk na Detentie SIB)</h1>"));
  CHECK_THAT(p.text, Contains("met verschillende waarden voor einde van de werving, prijs per werkmaand en "
                              "telefoon voor iedereen."));
  CHECK_THAT(p.text, Contains("Voor deelnemers (gestart) maakt einde van de werving het meeste uit: deze "
                              "parameter verklaart"));
  CHECK_THAT(p.text,
             Contains("(punt 1: einde van de werving = 2017-02-01, prijs per werkmaand = 1.500, telefoon "
                      "voor iedereen = nee)"));
  CHECK_THAT(p.text, Contains("waar einde van de werving op of vóór 2017-05-01 valt"));
  CHECK_THAT(p.text, Contains("Niet significant, dus weggelaten: prijs per werkmaand."));
  // Tables: the label with the path in <code> beside it.
  CHECK_THAT(p.html,
             Contains("<span class=\"kpi\">einde van de werving</span><code>recruitment.end</code><br>"
                      "<span class=\"dim\">laatste dag van de werving</span>"));
  CHECK_THAT(p.html, Contains("<th>einde van de werving <code>recruitment.end</code></th>"));
  CHECK_THAT(p.html, Contains("<tr><td>telefoon voor iedereen <code>programme.phone_for_all</code></td>"));
  // Charts: axis titles, bar labels and tooltips by label.
  CHECK_THAT(p.html, Contains("\"einde van de werving\":\"2017-02-01\""));
  CHECK_THAT(p.html, Contains("Tegen einde van de werving</h3>"));
  CHECK_THAT(p.html, !Contains("Tegen <code>recruitment.end</code>"));
  check_no_english(p, {"Sensitivity of the Werk na Detentie SIB"});
}

TEST_CASE("report nl: the English sweep report names labelled parameters by their labels too",
          "[output][report][study][nl]") {
  const TestDir dir("report-nl-sweep-labels-en");
  write_sweep(dir / "sweep.h5", SweepShape::line);
  const Page p = render(dir / "sweep.h5", dir / "sweep.html", report::Language::en,
                        {{"recruitment.end", "end of recruitment"}});
  CHECK_THAT(p.html, Contains("<h1>Sweep of end of recruitment (End of recruitment)</h1>"));
  CHECK_THAT(p.text,
             Contains("Starters: from 61.8 (end of recruitment = 2017-02-01) to 141 (end of recruitment = "
                      "2018-08-01)."));
  CHECK_THAT(p.html, Contains("Outcomes against end of recruitment</h2>"));
}
