// The calibration report in Dutch (--lang nl): its words come from its catalogue, numbers and dates are
// written the Dutch way, and the English report is unchanged.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "report_calibration.hpp"
#include "report_catalogues.hpp"
#include "report_nl_util.hpp"
#include "report_test_util.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/report/words.hpp"
#include "synthetic_calibration_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;
using report::Language;

namespace {

struct Page {
  std::string html;    ///< the whole document
  std::string text;    ///< what a reader sees: tags, scripts, styles, code and the input dropped
  std::string charts;  ///< the charts' specs (their titles, axis titles and tooltips)
};

Page render(const TestDir& dir, CalibrationShape shape, Language language) {
  write_calibration(dir / "cal.h5", shape);
  HtmlReportOptions o;
  o.language = language;
  write_html_report(dir / "cal.h5", dir / "cal.html", o);
  Page p;
  p.html = slurp(dir / "cal.html");
  // Without the names from the file in <code> (parameter paths, KPI names) too.
  p.text = reader_text(p.html, {"style", "script", "pre", "code"});
  p.charts = chart_specs(p.html);
  return p;
}

/// Numbers written the English way in `text`: a point followed by other than three digits
/// ("1.05", "0.0015"). Dotted versions ("0.1.0") are not numbers.
std::vector<std::string> english_numbers(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.' || text[end] == ','))
      ++end;
    while (end > i && (text[end - 1] == '.' || text[end - 1] == ',')) --end;  // a full stop, a comma
    const std::string token = text.substr(i, end - i);
    const std::string integer_part = token.substr(0, token.find(','));
    std::vector<std::size_t> groups;  // digits after each point
    for (auto dot = integer_part.find('.'); dot != std::string::npos; dot = integer_part.find('.', dot + 1)) {
      const auto next = integer_part.find('.', dot + 1);
      groups.push_back((next == std::string::npos ? integer_part.size() : next) - dot - 1);
    }
    const bool thousands = std::all_of(groups.begin(), groups.end(), [](std::size_t g) { return g == 3; });
    if (groups.size() == 1 && !thousands) out.push_back(token);
    i = std::max(end, i + 1);
  }
  return out;
}

}  // namespace

TEST_CASE("report nl: the calibration report in Dutch words and numbers",
          "[output][report][calibration][nl]") {
  const TestDir dir("report-nl-calibration");
  const Page p = render(dir, CalibrationShape::overdetermined, Language::nl);
  CHECK(p.html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
  CHECK_THAT(p.html, Contains("<title>Toy queue calibration \u2013 sibsim-kalibratie</title>"));
  // The same charts as the English page.
  CHECK(count(p.html, "<div class=\"chart\"") == 8);

  // The header.
  CHECK_THAT(p.text, Contains("sibsim · model sib · kalibratie"));
  CHECK_THAT(p.text,
             Contains("Kalibratie met approximate Bayesian computation (ABC-SMC) van 4 parameters aan 7 "
                      "waargenomen cijfers (5 voor de fit, 2 achtergehouden als controle)."));
  for (const char* fact : {"Fitcijfers", "Controlecijfers", "Deeltjes"}) CHECK_THAT(p.text, Contains(fact));

  // The key answers.
  CHECK_THAT(p.text, Contains("5 fitcijfers, 4 parameters (vrijheidsgraden 5 − 4 = 1)."));
  CHECK_THAT(p.text, !Contains("De fit kan het model niet toetsen"));
  CHECK_THAT(p.text, Contains("4 van de 5 fitcijfers liggen binnen hun 90%-voorspellingsinterval; bij de "
                              "controlecijfers (niet gebruikt voor de fit) is dat 1 van de 2."));
  CHECK_THAT(p.text,
             Contains("Niet geïdentificeerd door de data (posterior dicht bij de prior): Staff count. "
                      "Wat het rapport over deze parameter zegt, komt uit de prior"));
  CHECK_THAT(p.text,
             Contains("De zoektocht doorliep 3 generaties na generatie 0 (de prior); eindtolerantie 1,05, "
                      "effectieve steekproefgrootte 242 van 300 deeltjes (44.504 gesimuleerde "
                      "replicaties in totaal)."));

  // The parameters: numbers to significant digits, the Dutch way, priors too.
  CHECK_THAT(p.text, Contains("Een parameter geldt als geïdentificeerd als de verhouding onder 0,8 ligt."));
  CHECK_THAT(p.text, Contains("Posteriorgemiddelde 0,0015"));
  CHECK_THAT(p.text, Contains("beta(2; 5) op [0,1; 0,9]"));
  CHECK_THAT(p.text, Contains("gamma(2; 0,5)"));
  CHECK(count(p.html, "<span class=\"badge inside\">geïdentificeerd</span>") == 3);
  CHECK(count(p.html, "<span class=\"badge outside\">niet geïdentificeerd</span>") == 1);
  CHECK_THAT(p.text, Contains("Niet geïdentificeerd door de data: de posterior ligt dicht bij de prior."));

  // Correlations.
  CHECK_THAT(p.text,
             Contains("Het sterkst gecorreleerde paar: Arrival rate en Share served (correlatie −0,8)."));
  CHECK_THAT(p.text, Contains("Correlatiematrix"));

  // The fit table: roles, sampling models and observed values in Dutch.
  CHECK_THAT(p.text, Contains("Fitcijfers (5; 4 binnen)"));
  CHECK_THAT(p.text, Contains("Controlecijfers, buiten de fit gehouden (2; 1 binnen)"));
  CHECK(count(p.html, "<span class=\"badge check\">controle</span>") == 2);
  CHECK(count(p.html, "<span class=\"badge fit\">fit</span>") == 5);
  CHECK(count(p.html, "<span class=\"badge outside\">buiten</span>") == 2);
  CHECK_THAT(p.text, Contains("52 van 120"));
  CHECK_THAT(p.text, Contains("0,43 (n = 120)"));
  CHECK_THAT(p.text, Contains("0,0012–0,0021"));
  CHECK_THAT(p.text, Contains("8–12"));

  // Generations.
  CHECK_THAT(p.text, Contains("geen (prior)"));
  CHECK_THAT(p.text, Contains("2.400"));  // generation 0's simulations
  CHECK_THAT(p.text, Contains("10 %"));   // generation 3's acceptance

  // The charts' axis titles and tooltips.
  CHECK_THAT(p.charts, Contains("\"Dichtheid\""));
  CHECK_THAT(p.charts, Contains("\"Dichtheid (per eenheid van ln x)\""));  // the log-uniform prior
  CHECK_THAT(p.charts, Contains("\"Gewicht in de posterior\""));
  CHECK_THAT(p.charts, Contains("\"Deeltje 1\""));
  CHECK_THAT(p.charts, Contains("\"Generatie 3\""));
  CHECK_THAT(p.charts, Contains("\"Acceptatie\""));
  CHECK_THAT(p.html,
             Contains("aria-label=\"Posterior van Share served (staven, gewogen deeltjes) tegenover de "
                      "prior beta(2; 5) op [0,1; 0,9] (stippellijn)"));

  // No number written the English way (versions such as 0.1.0 aside).
  std::string spaced = p.html;  // table cells apart
  for (auto at = spaced.find('<'); at != std::string::npos; at = spaced.find('<', at + 2))
    spaced.insert(at, " ");
  const auto english = english_numbers(reader_text(spaced, {"style", "script", "pre", "code"}));
  CAPTURE(english);
  CHECK(english.empty());
}

TEST_CASE("report nl: no English of the calibration catalogue on the Dutch page",
          "[output][report][calibration][nl]") {
  const TestDir dir("report-nl-calibration-english");
  const Page p = render(dir, CalibrationShape::overdetermined, Language::nl);
  // The file's own words (the scenario's name, labels, sources) are English in this file.
  std::string text = p.text;
  for (const char* file_word :
       {"Toy queue calibration", "Arrival rate", "Share served", "Delay scale", "Staff count",
        "Customers served", "Mean wait", "Peak queue", "Customers who balked", "Share abandoning",
        "brief table", "brief p.", "pilot data", "pilot", "assumption", "site visit", "annual report"}) {
    for (auto at = text.find(file_word); at != std::string::npos; at = text.find(file_word))
      text.erase(at, std::string_view(file_word).size());
  }
  const report::Words& words = detail::calibration_words();
  std::size_t checked = 0;
  for (const auto& id : words.ids()) {
    if (!words.value_names(id).empty()) continue;
    const std::string en = words.in(Language::en, id), nl = words.in(Language::nl, id);
    if (en == nl) continue;
    INFO("catalogue text '" << id << "'");
    // A text of several words, as HTML, nowhere on the page (a single word may be in Vega's code).
    const auto en_pieces = pieces(en);
    if (en_pieces.size() > 1 || (en_pieces.size() == 1 && en_pieces.front().find(' ') != std::string::npos))
      CHECK_THAT(p.html, !Contains(en));
    // Nor any of its pieces (other than those the Dutch shares) in the text or the charts.
    const std::string nl_text = visible_text(nl);
    for (const auto& piece : pieces(en)) {
      if (nl_text.find(piece) != std::string::npos) continue;  // e.g. "Parameter" in both
      INFO("piece \"" << piece << "\"");
      CHECK_FALSE(has_words(text, piece));
      if (!identifier(piece)) CHECK_FALSE(has_words(p.charts, piece));
      ++checked;
    }
  }
  CHECK(checked > 50);

  // The English page has the English of the same texts.
  const TestDir en_dir("report-nl-calibration-en");
  const Page en = render(en_dir, CalibrationShape::overdetermined, Language::en);
  CHECK(en.html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
  for (const char* id : {"parameters.title", "correlations.title", "fit.title", "generations.title",
                         "fit.intro", "generations.intro", "answer.note"}) {
    CAPTURE(id);
    CHECK_THAT(en.html, Contains(words.in(Language::en, id)));
  }
}

TEST_CASE("report nl: a saturated calibration says in Dutch that the fit cannot test the model",
          "[output][report][calibration][nl]") {
  const TestDir dir("report-nl-calibration-saturated");
  const Page p = render(dir, CalibrationShape::saturated, Language::nl);
  CHECK_THAT(p.text, Contains("3 fitcijfers, 4 parameters (vrijheidsgraden 3 − 4 = −1). De fit kan het model "
                              "niet toetsen: met niet meer fitcijfers dan parameters"));
  CHECK_THAT(p.text, Contains("3 van de 3 fitcijfers liggen binnen"));
}

TEST_CASE("report nl: numbers to significant digits the Dutch way", "[output][report][calibration][nl]") {
  using detail::sig;
  {
    const report::LanguageScope dutch(Language::nl);
    CHECK(sig(0.0015) == "0,0015");
    CHECK(sig(0.001534) == "0,00153");
    CHECK(sig(123456.0) == "123.456");
    CHECK(sig(120000.0) == "120.000");  // thousands keep their zeros
    CHECK(sig(2.5) == "2,5");
    CHECK(sig(2.0) == "2");
    CHECK(sig(-0.5) == "\u22120,5");
    CHECK(sig(1.5e-7) == "1,5e\u22127");
    CHECK(sig(2e-7) == "2e\u22127");
    CHECK(sig(std::numeric_limits<double>::quiet_NaN()) == "n.b.");
  }
  // English as before.
  CHECK(sig(120000.0) == "120,000");
  CHECK(sig(1.5e-7) == "1.5e\u22127");
  CHECK(sig(2.50) == "2.5");
  CHECK(sig(std::numeric_limits<double>::quiet_NaN()) == "n/a");
}
