// Attributes, criteria and reasons a scenario declares (issue 14, declared.hpp): each acts as its
// declaration says, checked against the known answer with a confidence interval over the persons
// of many replications (prevalence, sensitivity, a reason's chance and its odds ratio), against
// inequalities that hold in every replication (no holder passes a criterion of sensitivity 1, none
// is excluded after the criterion is dropped), and for common random numbers (an item's draws do
// not depend on the other items).

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/programme.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
#include "studio_levers.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

SibParams actual() { return load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml")); }

DeclaredAttribute attribute(std::string name, double prevalence, double loading = 0.0) {
  DeclaredAttribute a;
  a.name = std::move(name);
  a.label_en = "with " + a.name;
  a.prevalence = prevalence;
  a.loading = loading;
  return a;
}

DeclaredCriterion criterion(std::string name, std::string attr, FunnelStage stage, double sensitivity) {
  DeclaredCriterion c;
  c.name = std::move(name);
  c.label_en = "excluded: " + c.name;
  c.attribute = std::move(attr);
  c.stage = stage;
  c.sensitivity = sensitivity;
  return c;
}

DeclaredReason reason(std::string name, FunnelStage stage, double probability) {
  DeclaredReason r;
  r.name = std::move(name);
  r.label_en = "lost: " + r.name;
  r.stage = stage;
  r.probability = probability;
  return r;
}

/// A share's count over trials, and the check that it is within 4 standard errors of `expected`.
struct Tally {
  double hits = 0, trials = 0;
  void add(bool hit) {
    hits += hit ? 1.0 : 0.0;
    trials += 1.0;
  }
  double share() const { return hits / trials; }
  bool near(double expected) const {
    return std::abs(share() - expected) < 4.0 * std::sqrt(expected * (1.0 - expected) / trials);
  }
};

/// Runs `reps` replications and calls f(person) for each eligible person.
template <class F>
void for_each_person(const SibModel& model, std::uint64_t reps, F&& f) {
  std::vector<Person> persons;
  for (std::uint64_t r = 0; r < reps; ++r) {
    persons.clear();
    model.run_detailed(2026, r, &persons);
    for (const Person& p : persons) f(p);
  }
}

bool has(const Person& p, std::size_t k) { return (p.declared >> k) & 1U; }

}  // namespace

TEST_CASE("declared attribute: its prevalence, and its dependence through the latent factor",
          "[models][declared]") {
  SibParams p = actual();
  // Loaded like low_self_reliance (0.8): the two go together; `independent` does not.
  p.declared.attributes = {attribute("loaded", 0.2, 0.8), attribute("independent", 0.2, 0.0)};
  const SibModel model(p);
  Tally loaded, independent, loaded_with, loaded_without, independent_with, independent_without;
  for_each_person(model, 40, [&](const Person& x) {
    loaded.add(has(x, 0));
    independent.add(has(x, 1));
    if (!x.attributes_drawn) return;  // the built-in attribute is drawn at the first talk
    const bool low = x.has(Flag::low_self_reliance);
    (low ? loaded_with : loaded_without).add(has(x, 0));
    (low ? independent_with : independent_without).add(has(x, 1));
  });
  INFO("persons " << loaded.trials << ", loaded " << loaded.share() << ", independent "
                  << independent.share());
  CHECK(loaded.near(0.2));
  CHECK(independent.near(0.2));
  // Both load 0.8 on one factor: a latent correlation of 0.64 makes the shares far apart.
  INFO("loaded with/without low self-reliance " << loaded_with.share() << " / " << loaded_without.share());
  CHECK(loaded_with.share() > loaded_without.share() + 0.2);
  // No loading: the same share either way, within the standard error of the difference.
  const double se = std::sqrt(0.16 / independent_with.trials + 0.16 / independent_without.trials);
  CHECK(std::abs(independent_with.share() - independent_without.share()) < 4.0 * se);
}

TEST_CASE("declared criterion: excludes the holders it detects, at its stage, while it applies",
          "[models][declared]") {
  SibParams p = actual();
  p.declared.attributes = {attribute("flagged", 0.3)};
  SECTION("at the intake with sensitivity 0.6") {
    p.declared.criteria = {criterion("flag_check", "flagged", FunnelStage::intake, 0.6)};
    const SibModel model(p);
    const Outcome excluded = declared_outcome(0);
    Tally detected;
    bool non_holder_excluded = false;
    for_each_person(model, 60, [&](const Person& x) {
      if (x.outcome == excluded && !has(x, 0)) non_holder_excluded = true;
      // Holders who reached the declared check: past the built-in intake criteria (the check comes
      // after them), so either excluded by it or selected.
      if (has(x, 0) && (x.outcome == excluded || x.selected >= 0.0)) detected.add(x.outcome == excluded);
    });
    INFO("holders at the check " << detected.trials << ", excluded " << detected.share());
    CHECK(detected.near(0.6));
    CHECK_FALSE(non_holder_excluded);
  }
  SECTION("on the list, dropped from a date: nobody listed from that date is excluded") {
    const double dropped = p.recruitment.start + 200.0;
    DeclaredCriterion c = criterion("flag_check", "flagged", FunnelStage::listing, 1.0);
    c.rule.dropped_from = dropped;
    p.declared.criteria = {c};
    const SibModel model(p);
    const Outcome excluded = declared_outcome(0);
    std::size_t excluded_before = 0, excluded_after = 0, holders_started_before = 0;
    for_each_person(model, 20, [&](const Person& x) {
      if (x.outcome == excluded) ++(x.listed < dropped ? excluded_before : excluded_after);
      if (has(x, 0) && x.listed < dropped && x.outcome == Outcome::started) ++holders_started_before;
    });
    CHECK(excluded_before > 0);
    CHECK(excluded_after == 0);
    CHECK(holders_started_before == 0);  // sensitivity 1: no holder listed before the date gets through
  }
}

TEST_CASE("declared reason: its chance at its stage, and its odds ratio for an attribute's holders",
          "[models][declared]") {
  SibParams p = actual();
  p.declared.attributes = {attribute("risk", 0.4)};
  DeclaredReason r = reason("moved_away", FunnelStage::release, 0.1);
  r.odds_ratios = {{"risk", 3.0}};
  p.declared.reasons = {r};
  const SibModel model(p);
  const Outcome moved = declared_outcome(0);
  Tally holders, others;
  for_each_person(model, 80, [&](const Person& x) {
    // At release the reason comes after consent and relapse, before contact: everyone it saw is
    // lost for it, has no contact, or started.
    if (x.outcome != moved && x.outcome != Outcome::no_contact && x.outcome != Outcome::started) return;
    (has(x, 0) ? holders : others).add(x.outcome == moved);
  });
  // Odds 0.1 / 0.9 times 3 = 1 / 3: a chance of 0.25 for the holders.
  INFO("holders " << holders.trials << ": " << holders.share() << ", others " << others.trials << ": "
                  << others.share());
  CHECK(holders.near(0.25));
  CHECK(others.near(0.1));
}

TEST_CASE("declared items draw from streams of their own: adding one leaves the others' persons alone",
          "[models][declared]") {
  SibParams base = actual();
  base.declared.attributes = {attribute("risk", 0.4)};
  base.declared.reasons = {reason("no_show", FunnelStage::first_talk, 0.1)};
  SibParams more = base;
  // A new attribute, and a new reason listed first, at a later stage.
  more.declared.attributes.push_back(attribute("other", 0.5, 0.5));
  more.declared.reasons.insert(more.declared.reasons.begin(),
                               reason("moved_away", FunnelStage::release, 0.2));
  const SibModel a(base), b(more);
  const std::vector<Reason> names_a = reason_catalogue(base), names_b = reason_catalogue(more);
  std::vector<Person> pa, pb;
  std::size_t moved = 0, no_show = 0;
  for (std::uint64_t rep = 0; rep < 5; ++rep) {
    pa.clear();
    pb.clear();
    a.run_detailed(7, rep, &pa);
    b.run_detailed(7, rep, &pb);
    REQUIRE(pa.size() == pb.size());
    for (std::size_t i = 0; i < pa.size(); ++i) {
      REQUIRE(pa[i].id == pb[i].id);
      CHECK(has(pa[i], 0) == has(pb[i], 0));  // the attribute "risk" is the same person's
      const std::string& why_b = names_b.at(static_cast<std::size_t>(pb[i].outcome)).name;
      if (why_b == "moved_away") {
        ++moved;
        continue;  // lost at release in b: in a it went on to contact (or not)
      }
      no_show += why_b == "no_show";
      // Every other person ends the same way, for the same reason, on the same day.
      CHECK(names_a.at(static_cast<std::size_t>(pa[i].outcome)).name == why_b);
      CHECK(pa[i].started == pb[i].started);
    }
  }
  CHECK(moved > 0);
  CHECK(no_show > 0);
}

TEST_CASE("declared attribute's find and dropout ratios act on its holders' programme",
          "[models][declared]") {
  SibParams p = actual();
  DeclaredAttribute slow = attribute("slow", 0.5);
  slow.find_ratio = 0.3;
  slow.dropout_ratio = 4.0;
  p.declared.attributes = {slow};
  const SibModel model(p);
  std::vector<double> work_with, work_without;
  Tally dropout_with, dropout_without;
  std::vector<Person> persons;
  std::vector<Trajectory> trajectories;
  for (std::uint64_t rep = 0; rep < 60; ++rep) {
    persons.clear();
    trajectories.clear();
    model.run_detailed(11, rep, &persons, &trajectories);
    const engine::StreamFactory rng(11, rep);
    for (const Person& x : persons) {
      if (x.outcome != Outcome::started) continue;
      const Trajectory& t = trajectories.at(x.trajectory);
      // Care as usual (arm 1): the attribute alone changes the chance of finding work.
      const StarterWork w = simulate_starter_work(p, rng, x, t);
      (has(x, 0) ? work_with : work_without).push_back(w.arm[1].months_worked);
      (has(x, 0) ? dropout_with : dropout_without).add(t.dropout < t.completion);
    }
  }
  const double diff = test::mean(work_without) - test::mean(work_with);
  const double se = std::sqrt(test::variance(work_with) / static_cast<double>(work_with.size()) +
                              test::variance(work_without) / static_cast<double>(work_without.size()));
  INFO("work-months under care as usual: without " << test::mean(work_without) << ", with "
                                                   << test::mean(work_with) << " (SE of difference " << se
                                                   << ")");
  CHECK(diff > 4.0 * se);
  INFO("dropout with " << dropout_with.share() << ", without " << dropout_without.share());
  const double se_d =
      std::sqrt(dropout_with.share() * (1 - dropout_with.share()) / dropout_with.trials +
                dropout_without.share() * (1 - dropout_without.share()) / dropout_without.trials);
  CHECK(dropout_with.share() - dropout_without.share() > 4.0 * se_d);
}

TEST_CASE("declared items name their KPIs, in English and Dutch", "[models][declared]") {
  SibParams p = actual();
  DeclaredAttribute a = attribute("sex_offence", 0.05);
  a.label_en = "convicted of a sex offence";
  a.label_nl = "veroordeeld voor een zedendelict";
  p.declared.attributes = {a};
  DeclaredCriterion c = criterion("sex_offence_excluded", "sex_offence", FunnelStage::intake, 0.9);
  c.label_en = "excluded for a sex offence";
  p.declared.criteria = {c};
  DeclaredReason r = reason("moved_away", FunnelStage::release, 0.05);
  r.category = DeclaredCategory::unknown;
  p.declared.reasons = {r};
  const SibModel model(p);
  auto description = [&](const std::string& name) {
    for (const auto& k : model.kpis())
      if (k.name == name) return k.description;
    return std::string("<none>");
  };
  CHECK(description("reason_sex_offence_excluded") == "non-starters: excluded for a sex offence");
  CHECK(description("reason_moved_away_share") == "share of non-starters: lost: moved_away");
  CHECK(description("starters_sex_offence_share") == "starters with convicted of a sex offence");
  const std::vector<Reason> reasons = reason_catalogue(p);
  REQUIRE(reasons.size() == kOutcomeCount + 2);
  CHECK(reasons[kOutcomeCount].category == ReasonCategory::criteria);
  CHECK(reasons[kOutcomeCount + 1].category == ReasonCategory::unknown);
  const auto nl = sib_declared_labels_nl(p);
  auto label_nl = [&](const std::string& name) {
    for (const auto& [key, text] : nl)
      if (key == name) return text;
    return std::string("<none>");
  };
  CHECK(label_nl("starters_sex_offence_share") == "aandeel deelnemers: veroordeeld voor een zedendelict");
  // No Dutch label: the English one.
  CHECK(label_nl("reason_sex_offence_excluded") == "niet gestart: excluded for a sex offence");
}

TEST_CASE("the studio has a lever for each declared criterion and reason", "[models][declared]") {
  // The template declares a criterion (sex_offence_excluded) and a reason (moved_away).
  const auto doc = scenarios::Document::from_string(sib_scenario_template("t"), "t.yaml");
  for (const char* lang : {"en", "nl"}) {
    const std::vector<models::Lever> levers = sib_levers(doc, lang);
    auto find = [&](const std::string& key) -> const models::Lever* {
      for (const models::Lever& l : levers)
        if (l.key == key) return &l;
      return nullptr;
    };
    const models::Lever* active = find("declared.criteria[0].active");
    REQUIRE(active != nullptr);
    CHECK(active->value == "true");
    CHECK(active->label ==
          (std::string(lang) == "nl" ? "uitgesloten wegens een zedendelict" : "excluded for a sex offence"));
    REQUIRE(find("declared.criteria[0].dropped_from") != nullptr);
    const models::Lever* chance = find("declared.reasons[0].probability");
    REQUIRE(chance != nullptr);
    CHECK(chance->value == "0.04");
  }
}

TEST_CASE("a declared attribute marked matched: every matched control has the starter's value",
          "[models][declared]") {
  SibParams p = actual();
  REQUIRE(p.evaluation.control == ControlSource::non_participants);
  // Common among the eligible (0.5) and unrelated to starting: unmatched, about half the pairs differ.
  p.declared.attributes = {attribute("record", 0.5)};
  auto pairs_differing = [&](bool matched) {
    p.declared.attributes[0].matched = matched;
    const SibModel model(p);
    std::size_t pairs = 0, differ = 0;
    std::vector<Person> persons;
    for (std::uint64_t rep = 0; rep < 20; ++rep) {
      persons.clear();
      model.run_detailed(13, rep, &persons);
      const engine::StreamFactory rng(13, rep);
      const ControlPool pool(p, model.population(), persons);
      for (const Person& x : persons) {
        if (x.outcome != Outcome::started) continue;
        const ControlChoice c = pool.choose(rng, x);
        if (!c.matched || !c.person) continue;
        ++pairs;
        differ += has(x, 0) != has(*c.person, 0);
        REQUIRE(c.person->age_group == x.age_group);  // still matched on age group and sex
        REQUIRE(c.person->female == x.female);
      }
    }
    INFO("pairs " << pairs);
    REQUIRE(pairs > 1000);
    Tally t;
    t.hits = static_cast<double>(differ);
    t.trials = static_cast<double>(pairs);
    return t;
  };
  CHECK(pairs_differing(true).hits == 0.0);
  const Tally unmatched = pairs_differing(false);
  INFO("share of pairs differing when not matched: " << unmatched.share() << " of " << unmatched.trials);
  CHECK(unmatched.near(0.5));  // two independent draws of a 0.5 attribute differ half the time
}
