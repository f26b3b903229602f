// The feasibility report's "What the answer implies" (/feasibility/implications, since 1.6): one
// sentence per headline KPI at the answer's value (median and 90 % interval by unit, a yes/no KPI
// as a chance), a table of every implication row, the same in Dutch with Dutch numbers, and no
// section when the file has no such table.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

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
  std::string html, text;
};

Page render(const TestDir& dir, bool implications, Language language, report::LabelTable labels = {}) {
  const Table t = feasibility_implications();
  write_feasibility(dir / "f.h5", FeasibilityShape::found_date, implications ? &t : nullptr);
  HtmlReportOptions o;
  o.language = language;
  o.labels = std::move(labels);
  write_html_report(dir / "f.h5", dir / "f.html", o);
  Page p{slurp(dir / "f.html"), ""};
  p.text = reader_text(p.html);
  return p;
}

/// The section's HTML (from its <section> to its </section>), or "".
std::string section(const std::string& html, const std::string& id) {
  const auto at = html.find("<section id=\"" + id + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</section>", at) - at);
}

}  // namespace

TEST_CASE("report: feasibility says what the answer implies", "[output][report][study][feasibility]") {
  const TestDir dir("report-feasibility-implies");
  const Page p = render(dir, true, Language::en);
  const std::string s = section(p.html, "implications");
  REQUIRE_FALSE(s.empty());
  // Right after the answer, before the chances tried.
  CHECK(p.html.find("<section id=\"key-answers\"") < p.html.find("<section id=\"implications\""));
  CHECK(p.html.find("<section id=\"implications\"") < p.html.find("<section id=\"chance\""));
  const std::string t = visible_text(s);
  CHECK_THAT(t, Contains("What the answer implies"));
  CHECK_THAT(t, Contains("At the answer, 15 September 2017, the model's key figures over the 800 simulated"));
  // One sentence per headline KPI, by unit.
  CHECK_THAT(t, Contains("Starters: median 157 persons (90 % interval 131–186 persons)."));
  CHECK_THAT(t, Contains("Chance of reaching the target: median 100 % (90 % interval 0–100 %)."));
  CHECK_THAT(t, Contains("True extra work-months: median 608 months (90 % interval 402–842 months)."));
  CHECK_THAT(t, Contains("Outcome payment: median "));
  CHECK_THAT(t, Contains("1,212,346 (90 % interval "));
  CHECK_THAT(t,
             Contains("Investor return a year: median 3.5 % a year (90 % interval −4.2 to 8.8 % a year)."));
  CHECK_THAT(t, Contains("Investor multiple: median 1.09 (90 % interval 0.81–1.32)."));
  // A yes/no KPI as a chance (its mean), its name humanised when the file has no label.
  CHECK_THAT(t, Contains("Success threshold reached: a chance of 91 %."));
  // A label that already says "chance" is not repeated; a KPI without values says so.
  CHECK_THAT(t, Contains("Chance of a loss: 35 %."));
  CHECK_THAT(t, Contains("Days to the target: no value in any of these futures."));
  CHECK(count(s, "<li>") == 9);  // the steering-only KPI is not worded...
  CHECK_THAT(t, !Contains("Dropouts: median"));
  // ... but every row is in the table.
  CHECK(count(s, "<tr><td>") == 10);
  CHECK_THAT(s, Contains("<code>dropouts</code>"));
  CHECK_THAT(t, Contains("157.4"));
  CHECK_THAT(t, Contains("131–186"));
}

TEST_CASE("report: without /feasibility/implications the feasibility page is as before",
          "[output][report][study][feasibility]") {
  const TestDir dir("report-feasibility-no-implies");
  const Page p = render(dir, false, Language::en);
  CHECK(section(p.html, "implications").empty());
  CHECK_THAT(p.text, !Contains("What the answer implies"));
  CHECK_THAT(p.text, Contains("Answer: 15 September 2017"));
}

TEST_CASE("report nl: what the answer implies, in Dutch words and numbers",
          "[output][report][study][feasibility][nl]") {
  const TestDir dir("report-feasibility-implies-nl");
  // The model's Dutch labels stand for the file's English ones (ModelPlugin::labels).
  const Page p = render(dir, true, Language::nl,
                        {{"reached_target", "kans om het doel te halen"},
                         {"dropouts", "uitvallers"},
                         {"investor_loss", "kans op verlies"}});
  const std::string s = section(p.html, "implications");
  REQUIRE_FALSE(s.empty());
  const std::string t = visible_text(s);
  CHECK_THAT(t, Contains("Wat het antwoord betekent"));
  CHECK_THAT(t, Contains("Bij het antwoord, 15 september 2017, de kerncijfers van het model over de 800"));
  CHECK_THAT(t, Contains(": mediaan 157 personen (90%-interval 131–186 personen)."));
  CHECK_THAT(t, Contains("1.212.346"));
  CHECK_THAT(t, Contains("mediaan 3,5 % per jaar (90%-interval −4,2 tot 8,8 % per jaar)."));
  CHECK_THAT(t, Contains(": mediaan 1,09 (90%-interval 0,81–1,32)."));
  CHECK_THAT(t, Contains(": een kans van 91 %."));
  CHECK_THAT(t, Contains("Kans op verlies: 35 %."));
  CHECK_THAT(t, Contains(": in geen van deze toekomsten een waarde."));
  CHECK_THAT(t, Contains("157,4"));
  CHECK_THAT(t, Contains("Gemiddelde"));
  CHECK_THAT(t, Contains("Kans om het doel te halen: mediaan 100 % (90%-interval 0–100 %)."));
  CHECK_THAT(t, Contains("uitvallers"));
  // No English left in the section.
  for (const char* english : {"median", "chance of", "Mean", "What the answer", "persons"})
    CHECK_THAT(t, !Contains(english));
}
