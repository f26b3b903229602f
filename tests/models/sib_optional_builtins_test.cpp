// Built-in parts a scenario may leave out (issue 14): a yes/no attribute of Werk na Detentie's
// (attributes.no_bsn, ...), the criterion on it, the consent step (recruitment.consent), and the
// detention before referral (recruitment.referral: after_release). What is left out never happens
// (checked person by person against the full scenario, where it does, on the same seeds), and
// leaves no trace in the KPIs or the resolved scenario; a criterion or declared item that checks
// an attribute left out is an error at its key.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/errors.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

/// The text of a shipped scenario without the lines that start with one of `keys` (each with the
/// more-indented lines under it).
std::string without(const std::string& file, const std::vector<std::string>& keys) {
  std::ifstream in(test::scenario_path(file));
  std::string line, out;
  std::size_t skip_deeper_than = std::string::npos;
  while (std::getline(in, line)) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (skip_deeper_than != std::string::npos && indent != std::string::npos && indent > skip_deeper_than)
      continue;
    skip_deeper_than = std::string::npos;
    bool drop = false;
    for (const std::string& k : keys) drop = drop || line.rfind(k, 0) == 0;
    if (drop) {
      skip_deeper_than = indent;
      continue;
    }
    out += line + "\n";
  }
  return out;
}

SibParams load_text(const std::string& text) {
  return load_sib_scenario(scenarios::Document::from_string(text, "<test>"));
}

bool has_kpi(const SibModel& m, const std::string& name) {
  for (const auto& k : m.kpis())
    if (k.name == name) return true;
  return false;
}

/// The error messages of loading `text` (empty: it loaded).
std::string errors_of(const std::string& text) {
  try {
    load_text(text);
  } catch (const scenarios::ValidationErrors& e) {
    return e.what();
  }
  return {};
}

const std::vector<std::string> kLeftOut = {
    "  no_bsn:", "  poor_dutch:", "  no_residence_prospect:", "  insufficient_dutch:", "  consent:"};

}  // namespace

TEST_CASE("built-in attributes, their criteria and the consent step a scenario leaves out never act",
          "[models][optional_builtins]") {
  const SibParams full = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  const SibParams lean = load_text(without("wnd-2016-actual.yaml", kLeftOut));
  for (const Flag f : {Flag::no_bsn, Flag::poor_dutch, Flag::no_residence_prospect}) {
    CHECK(full.attributes.binary[static_cast<std::size_t>(f)].present);
    CHECK_FALSE(lean.attributes.binary[static_cast<std::size_t>(f)].present);
  }
  CHECK_FALSE(lean.recruitment.consent_asked);

  // Person by person on the same seeds: the full scenario loses persons to each left-out part
  // (so the checks below could fail), the lean one never does.
  const auto count = [](const SibParams& p) {
    const SibModel model(p);
    std::vector<Person> persons;
    std::size_t flagged = 0, lost = 0, started = 0;
    for (std::uint64_t rep = 0; rep < 30; ++rep) {
      persons.clear();
      model.run_detailed(11, rep, &persons);
      for (const Person& x : persons) {
        flagged += x.has(Flag::no_bsn) || x.has(Flag::poor_dutch) || x.has(Flag::no_residence_prospect);
        lost += x.outcome == Outcome::no_bsn || x.outcome == Outcome::no_address_status_dutch ||
                x.outcome == Outcome::municipality_refused || x.outcome == Outcome::consent_too_late;
        started += x.outcome == Outcome::started;
      }
    }
    return std::array<std::size_t, 3>{flagged, lost, started};
  };
  const auto f = count(full), l = count(lean);
  INFO("full: " << f[0] << " with the attributes, " << f[1] << " lost to them, " << f[2]
                << " started; lean: " << l[0] << ", " << l[1] << ", " << l[2]);
  CHECK(f[0] > 1000);
  CHECK(f[1] > 100);
  CHECK(l[0] == 0);
  CHECK(l[1] == 0);
  CHECK(l[2] > f[2]);  // fewer ways to be lost: more starters on the same seeds
}

TEST_CASE("what a scenario leaves out has no KPI and no key in its resolved scenario",
          "[models][optional_builtins]") {
  SibParams lean = load_text(without("wnd-2016-actual.yaml", kLeftOut));
  lean.recruitment.referral = Referral::after_release;
  const SibModel model(lean);
  for (const char* gone : {"reason_no_bsn", "reason_no_bsn_share", "reason_no_address_status_dutch",
                           "reason_municipality_refused", "reason_consent_too_late", "reason_transfer",
                           "reason_new_trajectory", "reason_early_release", "reason_dropped_out_in_pi",
                           "starters_no_bsn_share", "starters_poor_dutch_share"}) {
    INFO(gone);
    CHECK_FALSE(has_kpi(model, gone));
  }
  for (const char* kept : {"reason_persistent_offender", "reason_not_interested", "starters_debts_share",
                           "starters_persistent_offender_share", "sites_reaching_10pct"}) {
    INFO(kept);
    CHECK(has_kpi(model, kept));
  }
  const std::string yaml = sib_scenario_yaml(lean);
  for (const char* gone :
       {"no_bsn", "poor_dutch", "no_residence_prospect", "insufficient_dutch", "consent:"}) {
    INFO(gone);
    CHECK(yaml.find(gone) == std::string::npos);
  }
  CHECK(yaml.find("persistent_offender") != std::string::npos);
  // The resolved scenario reloads to the same model: the same KPIs.
  const SibModel again(load_text(yaml));
  REQUIRE(again.kpis().size() == model.kpis().size());
  for (std::size_t k = 0; k < model.kpis().size(); ++k) CHECK(again.kpis()[k].name == model.kpis()[k].name);
}

TEST_CASE("a criterion or declared item on a left-out attribute is an error at its key",
          "[models][optional_builtins]") {
  // The attribute left out, its criterion still given.
  const std::string criterion = errors_of(without("wnd-2016-actual.yaml", {"  no_bsn: {prevalence"}));
  CHECK(criterion.find("criteria.no_bsn") != std::string::npos);
  CHECK(criterion.find("checks attributes.no_bsn, which this scenario leaves out") != std::string::npos);
  // Switched off it checks nothing, and left out with its attribute it is not there: both load.
  std::string off = without("wnd-2016-actual.yaml", {"  no_bsn: {prevalence"});
  const std::size_t at = off.find("  no_bsn: {active: true}");
  REQUIRE(at != std::string::npos);
  off.replace(at, 24, "  no_bsn: {active: false}");
  CHECK(errors_of(off).empty());
  CHECK(errors_of(without("wnd-2016-actual.yaml", {"  no_bsn:"})).empty());
  // A declared reason's odds ratio on a left-out attribute.
  std::string reason = without("wnd-2016-actual.yaml", kLeftOut);
  reason +=
      "declared:\n  reasons:\n    - name: moved_away\n      label: {en: moved away}\n      category: "
      "motivation\n      stage: release\n      probability: 0.05\n      odds_ratios: {poor_dutch: 2}\n";
  const std::string e = errors_of(reason);
  CHECK(e.find("declared.reasons[0].odds_ratios.poor_dutch") != std::string::npos);
  CHECK(e.find("'poor_dutch' is a built-in attribute this scenario leaves out") != std::string::npos);
}
