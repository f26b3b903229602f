// The reports' words (output/report/words.hpp): catalogues in English and Dutch, mustache values
// and flags, the errors that catch a translator's or a programmer's typo, every shipped catalogue
// loading, and numbers and dates written the Dutch way.
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>

#include "report_catalogues.hpp"
#include "report_text.hpp"
#include "sibsim/output/report/words.hpp"

using namespace sibsim::output;
using namespace sibsim::output::report;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kCatalogue = R"({
  "hello": {"en": "Hello {{name}}", "nl": "Hallo {{name}}"},
  "count": {"en": "{{n}} {{#one}}starter{{/one}}{{^one}}starters{{/one}}",
            "nl": "{{n}} {{#one}}deelnemer{{/one}}{{^one}}deelnemers{{/one}}"},
  "plain": {"en": "<strong>Key</strong> & more", "nl": "<strong>Kern</strong> &amp; meer"}
})";

}  // namespace

TEST_CASE("words: a text in the current language with its values and flags", "[output][words]") {
  const Words w(kCatalogue, "test.json");
  CHECK(w("hello", {{"name", "<b>A</b>"}}) == "Hello <b>A</b>");  // values are HTML as given
  CHECK(w("count", {{"n", "1"}, {"one", true}}) == "1 starter");
  CHECK(w("count", {{"n", "2"}, {"one", false}}) == "2 starters");
  CHECK(w("plain") == "<strong>Key</strong> & more");
  {
    const LanguageScope nl(Language::nl);
    CHECK(current_language() == Language::nl);
    CHECK(w("hello", {{"name", "B"}}) == "Hallo B");
    CHECK(w("count", {{"n", "1"}, {"one", true}}) == "1 deelnemer");
    CHECK(w.in(Language::en, "hello", {{"name", "B"}}) == "Hello B");
  }
  CHECK(current_language() == Language::en);  // the scope restored it
  CHECK(w.value_names("count") == std::vector<std::string>{"n", "one"});
}

TEST_CASE("words: a value missing, one too many or an unknown id is a programming error", "[output][words]") {
  const Words w(kCatalogue, "test.json");
  CHECK_THROWS_WITH(w("hello"), Contains("uses the values [name] but was given []"));
  CHECK_THROWS_WITH(w("hello", {{"name", "x"}, {"extra", "y"}}), Contains("[extra, name]"));
  CHECK_THROWS_WITH(w("nope"), Contains("has no text 'nope'"));
}

TEST_CASE("words: a catalogue with a translator's typo does not load", "[output][words]") {
  // Different values in the two languages.
  CHECK_THROWS_WITH(Words(R"({"a": {"en": "{{n}} x", "nl": "{{m}} x"}})", "t.json"),
                    Contains("use different values"));
  // A language missing, or a third one.
  CHECK_THROWS_WITH(Words(R"({"a": {"en": "x"}})", "t.json"), Contains("exactly the texts"));
  CHECK_THROWS_WITH(Words(R"({"a": {"en": "x", "nl": "y", "de": "z"}})", "t.json"),
                    Contains("exactly the texts"));
  // A section left open, malformed JSON, a partial.
  CHECK_THROWS_AS(Words(R"({"a": {"en": "{{#f}}x", "nl": "{{#f}}y"}})", "t.json"), std::logic_error);
  CHECK_THROWS_WITH(Words(R"({"a": )", "t.json"), Contains("t.json"));
  CHECK_THROWS_WITH(Words(R"({"a": {"en": "{{> p}}", "nl": "{{> p}}"}})", "t.json"), Contains("partials"));
}

TEST_CASE("words: every shipped catalogue loads, each text in both languages", "[output][words]") {
  for (const Words* w : {&detail::page_words(), &detail::run_words(), &detail::chart_words(),
                         &detail::compare_words(), &detail::sweep_words(), &detail::feasibility_words(),
                         &detail::calibration_words(), &detail::forecast_words()}) {
    for (const std::string& id : w->ids()) {
      // A text without values renders in both languages, and the Dutch is a translation, not a copy
      // (a few words such as "Median" may match in both; whole sentences must not).
      if (!w->value_names(id).empty()) continue;
      const std::string en = w->in(Language::en, id), nl = w->in(Language::nl, id);
      CHECK_FALSE(nl.empty());
      if (en.size() > 40) CHECK(en != nl);
    }
  }
}

TEST_CASE("words: numbers, money, chances and dates in Dutch", "[output][words]") {
  CHECK(format_number(1234.5, 1) == "1,234.5");
  CHECK(val(1234567, "EUR") == "EUR&nbsp;1,234,567");
  const LanguageScope nl(Language::nl);
  CHECK(format_number(1234.5, 1) == "1.234,5");
  CHECK(format_number(-0.25, 2) == "\u22120,25");
  CHECK(format_number(1299, 0) == "1.299");
  CHECK(val(1234567, "EUR") == "\u20ac&nbsp;1.234.567");
  CHECK(val(0.623, "fraction") == "62,3&nbsp;%");
  CHECK(format_probability(0.001) == "minder dan 1&nbsp;%");
  CHECK(range(-40, -2, "fraction") == "<span class=\"nw\">\u22124.000 tot \u2212200&nbsp;%</span>");
  CHECK(format_date(*parse_iso_date("2017-05-03"), false) == "3 mei 2017");
  CHECK(format_date(*parse_iso_date("2016-06-01"), true) == "1 jun 2016");
  CHECK(format_date(*parse_iso_date("2017-03-01"), true) == "1 mrt 2017");
  CHECK(format_timestamp("2025-03-01T12:00:00Z") == "1 mrt 2025, 12:00 UTC");
  CHECK(unit_label("yes/no") == "% (kans)");
  CHECK(unit_label("persons") == "personen");
  CHECK(unit_label("EUR/month") == "EUR/maand");
  CHECK(unit_label("persons/month") == "personen/maand");
  CHECK(unit_label("1/month") == "1/maand");
  CHECK(unit_label("ratio") == "verhouding");
  CHECK(unit_label("widgets/fortnight") == "widgets/fortnight");  // unknown words stay as written
  CHECK(format_kpi_value(std::nan(""), "persons") == "n.b.");
}

TEST_CASE("words: a model's labels stand in for the file's words while a page is written",
          "[output][words]") {
  const LabelTable labels = {{"started", "deelnemers (gestart)"}, {"started:description", "wie begon"}};
  CHECK(localised_label("started", "starters") == "starters");
  {
    const LabelScope scope(labels);
    CHECK(localised_label("started", "starters") == "deelnemers (gestart)");
    CHECK(localised_description("started", "who started") == "wie begon");
    CHECK(localised_label("selected", "selected") == "selected");  // none given: the file's
  }
  CHECK(localised_label("started", "starters") == "starters");
}

TEST_CASE("money: any currency code is money, written with its code (Dutch: the euro sign)",
          "[output][words]") {
  for (const char* money : {"EUR", "USD", "GBP", "EUR/month", "USD/month"}) {
    INFO(money);
    CHECK(is_money_unit(money));
  }
  for (const char* other : {"months", "persons", "Eur", "EURO", "US", "fraction", "", "E1R"}) {
    INFO(other);
    CHECK_FALSE(is_money_unit(other));
  }
  CHECK(val(1234.4, "USD") == "USD&nbsp;1,234");
  CHECK(val(1234.4, "EUR") == "EUR&nbsp;1,234");
  CHECK(range(1000, 2000, "USD").find("USD&nbsp;1,000") != std::string::npos);
  const LanguageScope nl(Language::nl);
  CHECK(val(1234.4, "EUR") == "\u20ac&nbsp;1.234");
  CHECK(val(1234.4, "USD") == "USD&nbsp;1.234");
}
