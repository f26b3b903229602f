// The scenario's vocabulary (issue 14): another SIB of the family names its sites, staff, eligible
// persons, lists and reasons in its own words, and none of Werk na Detentie's Dutch terms reach
// its KPI texts; Werk na Detentie's own scenario keeps its words (the defaults).

#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/vocabulary.hpp"
#include "studio_levers.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

/// Werk na Detentie's own terms, as whole words.
const std::regex kWndWords(
    R"((^|[^A-Za-z])(DJI|PI|PIs|PI's|top-600|citizen service|municipal\w*|Werk na Detentie)([^A-Za-z]|$))");

SibParams template_sib() {
  return load_sib_scenario(
      scenarios::Document::from_string(sib_scenario_template("other-sib"), "other-sib.yaml"));
}

}  // namespace

TEST_CASE("vocabulary: the scenario's words replace the placeholders", "[models][vocabulary]") {
  Vocabulary v;
  v.site = {"probation office", "reclasseringskantoor"};
  v.persons = {"clients", "cliënten"};
  CHECK(in_words("{persons} of each {site} {unknown} {{site}}", v, "en") ==
        "clients of each probation office {unknown} {probation office}");
  CHECK(in_words("{persons} van elk {site}", v, "nl") == "cliënten van elk reclasseringskantoor");
  // Built-in reason labels take the site word; the scenario's own label replaces them.
  const OutcomeInfo& changed_mind = info(Outcome::dropped_out_in_pi);
  CHECK(reason_label_en(v, changed_mind) == "drops out in the probation office (changed mind after intake)");
  v.reasons_en["dropped_out_in_pi"] = "changed their mind before release";
  CHECK(reason_label_en(v, changed_mind) == "changed their mind before release");
  // The defaults are Werk na Detentie's words.
  CHECK(reason_label_en(Vocabulary{}, changed_mind) == "drops out in the PI (changed mind after intake)");
}

TEST_CASE("vocabulary: Werk na Detentie keeps its words", "[models][vocabulary]") {
  const SibModel m(load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml")));
  const auto kpis = m.kpis();
  const auto eligible =
      std::find_if(kpis.begin(), kpis.end(), [](const auto& k) { return k.name == "eligible"; });
  REQUIRE(eligible != kpis.end());
  CHECK(eligible->description == "detainees on the DJI lists of the participating PIs");
  CHECK(std::regex_search(eligible->description, kWndWords));  // the pattern below finds these words
}

TEST_CASE("vocabulary: a SIB in its own words shows none of Werk na Detentie's terms",
          "[models][vocabulary]") {
  const SibParams p = template_sib();
  const SibModel m(p);
  for (const auto& k : m.kpis()) {
    INFO("KPI " << k.name << ": " << k.label << " | " << k.unit << " | " << k.description);
    CHECK_FALSE(std::regex_search(k.label + " | " + k.unit + " | " + k.description, kWndWords));
  }
  // The Dutch labels too, except the starters' profile by attribute (starters_<attribute>_share):
  // the attributes themselves are still Werk na Detentie's (citizen service number, top-600).
  for (const auto& [name, label] : sib_labels("nl", p.vocabulary)) {
    if (name.rfind("starters_", 0) == 0) continue;
    INFO("Dutch label " << name << ": " << label);
    CHECK_FALSE(std::regex_search(label, kWndWords));
  }
}

TEST_CASE("vocabulary: the currency is the unit of every amount", "[models][vocabulary]") {
  const std::string text = sib_scenario_template("other-sib");
  const auto with_currency = [&](const std::string& code) {
    std::string t = text;
    const std::size_t at = t.find("  currency: EUR");
    REQUIRE(at != std::string::npos);
    t.replace(at, 15, "  currency: " + code);
    return t;
  };
  const SibParams usd = load_sib_scenario(scenarios::Document::from_string(with_currency("USD"), "usd.yaml"));
  const SibModel model(usd);
  std::vector<std::string> in_usd;
  for (const auto& k : model.kpis()) {
    INFO(k.name << " in " << k.unit);
    CHECK(k.unit.find("EUR") == std::string::npos);
    if (k.unit == "USD") in_usd.push_back(k.name);
  }
  for (const char* amount : {"payout_total", "payout_work", "government_savings"}) {
    INFO(amount);
    CHECK(std::find(in_usd.begin(), in_usd.end(), amount) != in_usd.end());
  }
  for (const char* bad : {"usd", "DOLLAR", "US"}) {
    INFO(bad);
    CHECK_THROWS_AS(load_sib_scenario(scenarios::Document::from_string(with_currency(bad), "bad.yaml")),
                    scenarios::ValidationErrors);
  }
}

TEST_CASE("vocabulary: the studio's levers of another SIB speak its words and offer only its criteria",
          "[models][vocabulary]") {
  const auto doc = scenarios::Document::from_file(test::scenario_path("nys-pay-for-success.yaml"));
  for (const char* lang : {"en", "nl"}) {
    INFO(lang);
    bool approach = false;
    for (const models::Lever& l : sib_levers(doc, lang)) {
      INFO(l.key << ": " << l.label << " / " << l.help << " / " << l.group_label);
      CHECK_FALSE(std::regex_search(l.label + " " + l.help + " " + l.group_label, kWndWords));
      // No lever for a criterion the scenario leaves out with its attribute.
      CHECK(l.key.find("criteria.no_bsn") == std::string::npos);
      CHECK(l.key.find("criteria.insufficient_dutch") == std::string::npos);
      if (l.key == "recruitment.approach_probability[0].value") {
        approach = true;
        CHECK(l.label.find(std::string(lang) == "nl" ? "reclasseringswerkers" : "parole officers") !=
              std::string::npos);
      }
    }
    CHECK(approach);
  }
  // Left out with its attribute, a criterion is never applied (no forecast remedy drops it).
  const SibParams p = load_sib_scenario(doc);
  CHECK_FALSE(p.criteria.no_bsn.active);
  CHECK_FALSE(p.criteria.insufficient_dutch.active);
  // Werk na Detentie keeps its words.
  const auto wnd = scenarios::Document::from_file(test::scenario_path("wnd-2016-actual.yaml"));
  bool pi_staff = false;
  for (const models::Lever& l : sib_levers(wnd, "en"))
    pi_staff = pi_staff || l.label == "approach chance (PI staff)";
  CHECK(pi_staff);
}
