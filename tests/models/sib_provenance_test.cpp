// The SIB scenario's labelled values (`provenance:`, models/sib/io/provenance.hpp): each entry
// gets its effective value and the KPIs that depend on it, and those KPIs exist.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "provenance.hpp"
#include "sibsim/models/sib/kpi_catalogue.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/sib_model.hpp"

using namespace sibsim::models::sib;

namespace {

bool is_kpi(const std::string& name) {
  const auto catalogue = kpi_catalogue();
  return std::any_of(catalogue.begin(), catalogue.end(), [&](const KpiEntry& k) { return k.name == name; });
}

bool names(const std::vector<std::string>& list, const std::string& kpi) {
  return std::find(list.begin(), list.end(), kpi) != list.end();
}

}  // namespace

TEST_CASE("provenance: every KPI a contract key is said to move exists in the catalogue", "[provenance]") {
  for (const char* key :
       {"payment.price_per_work_month", "payment.threshold_share", "payment.cap",
        "payment.ambition_per_participant", "payment.recidivism_bonus_per_point",
        "payment.recidivism_bonus_max_points", "payment.investment", "payment.interim_payments",
        "payment.interim_payments[0].value", "payment.saving_per_benefit_month",
        "payment.saving_per_work_month", "payment.saving_per_avoided_reoffence"}) {
    INFO(key);
    const auto kpis = kpis_depending_on(key);
    CHECK_FALSE(kpis.empty());
    for (const std::string& k : kpis) {
      INFO(k);
      CHECK(is_kpi(k));
    }
  }
  // The price moves what is paid and what investors get back; a unit cost moves only the
  // government's balance; recruitment keys name no KPI (everything downstream depends on them).
  const auto price = kpis_depending_on("payment.price_per_work_month");
  CHECK(names(price, "payout_total"));
  CHECK(names(price, "investor_irr"));
  CHECK_FALSE(names(price, "started"));
  const auto saving = kpis_depending_on("payment.saving_per_work_month");
  CHECK(names(saving, "government_net"));
  CHECK_FALSE(names(saving, "payout_total"));
  CHECK(kpis_depending_on("recruitment.end").empty());
  CHECK(kpis_depending_on("payment.pricey").empty());  // a prefix of a key is not that key
}

TEST_CASE("provenance: the shipped scenario labels the payment formula and unit costs", "[provenance]") {
  const SibParams p = load_sib_scenario(std::string(SIBSIM_SCENARIO_DIR) + "/wnd-2016-actual.yaml");
  const auto entries = provenance_of(p);
  const auto find = [&](const std::string& key) {
    return std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.key == key; });
  };
  const auto price = find("payment.price_per_work_month");
  REQUIRE(price != entries.end());
  CHECK(price->label == "assumption");
  CHECK(price->value == std::to_string(static_cast<int>(*p.payment.price_per_work_month)));
  CHECK(names(price->affects, "payout_total"));
  const auto investment = find("payment.investment");
  REQUIRE(investment != entries.end());
  CHECK(investment->label == "sourced");
  const auto interim = find("payment.interim_payments");
  REQUIRE(interim != entries.end());
  CHECK(interim->value == "(see the scenario)");
  for (const char* key : {"payment.saving_per_benefit_month", "payment.saving_per_work_month",
                          "payment.saving_per_avoided_reoffence", "payment.threshold_share", "payment.cap"}) {
    INFO(key);
    REQUIRE(find(key) != entries.end());
    CHECK(find(key)->label == "assumption");
  }
}

TEST_CASE("provenance: the model parameters that decide what-ifs without a source are labelled",
          "[provenance]") {
  // Issue 16: each unsourced parameter of the programme, work, dropout and screening is labelled
  // an assumption, and the figures a what-if compares (extra work-months, dropouts, the
  // starters' recorded problems) say they rest on it.
  const SibParams p = load_sib_scenario(std::string(SIBSIM_SCENARIO_DIR) + "/wnd-2016-actual.yaml");
  const auto entries = provenance_of(p);
  // The model's KPIs, families (reasons, profiles) included.
  std::vector<std::string> model_kpis;
  for (const auto& k : SibModel(p).kpis()) model_kpis.push_back(k.name);
  const auto find = [&](const std::string& key) {
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.key == key; });
    REQUIRE(it != entries.end());
    CHECK(it->label == "assumption");
    for (const std::string& k : it->affects) {
      INFO(key << " names " << k);
      CHECK(names(model_kpis, k));
    }
    return it->affects;
  };
  for (const char* key : {"work.effect_share_high_potential", "work.effect_share_severe_addiction",
                          "work.find_by_work_potential", "work.jobs.programme_loss_ratio"}) {
    INFO(key);
    CHECK(names(find(key), "extra_work_months_true"));
    CHECK(names(find(key), "payout_total"));
    CHECK_FALSE(names(find(key), "started"));
  }
  CHECK(names(find("dropout.hazard_ratios"), "dropouts"));
  CHECK(names(find("criteria.detect_addiction"), "starters_addiction_reported_share"));
  CHECK(names(find("attributes.phone_known.prevalence"), "reason_no_contact"));
  CHECK(names(find("recruitment.effort_sd"), "reached_target"));
}
