// When a trajectory counts as started (programme.starts_at): at the first contact after release,
// or at the counsellor's intake in the PI, where phase 1 (diagnosis and plan) then begins. Known
// answers on one trajectory, and every person of the actual scenario under both rules on common
// random numbers: the rule moves the counted start to the intake and takes the weeks in the PI off
// phase 1; who starts, when they are released and reached, and their work under care as usual do
// not change.

#include <catch2/catch.hpp>

#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/programme.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

TEST_CASE("counted from the intake, the weeks in the PI come off phase 1 and no more", "[models][start]") {
  SibParams params = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  params.dropout.custody_spell_rate = 0;  // no custody spell: completion is the phases alone
  Person p;  // no practical problems (no unstable housing, debts or low self-reliance)
  p.id = 123457;
  const engine::StreamFactory rng(7, 0);
  const double contact = 17200;
  const double week = 7;

  const Trajectory at_contact = plan_trajectory(params, rng, p, Programme::basic, contact);
  CHECK(at_contact.counted_from == contact);
  CHECK(at_contact.start == contact);

  // Four weeks in the PI: phase 1 (at least 6 weeks) has four weeks less to run after release.
  const Trajectory four = plan_trajectory(params, rng, p, Programme::basic, contact, contact - 4 * week);
  CHECK(four.counted_from == contact - 4 * week);
  CHECK(four.start == contact);
  CHECK(at_contact.search_from - four.search_from == Approx(4 * week));
  CHECK(at_contact.completion - four.completion == Approx(4 * week));
  CHECK(at_contact.followup_end - four.followup_end == Approx(4 * week));

  // Twenty weeks in the PI, longer than phase 1 lasts (at most 12): nothing of it is left after
  // release, and the time in the PI does not shorten phases 2 and 3.
  const Trajectory twenty = plan_trajectory(params, rng, p, Programme::basic, contact, contact - 20 * week);
  CHECK(twenty.search_from == contact);
  CHECK(twenty.completion - twenty.search_from == Approx(at_contact.completion - at_contact.search_from));

  // A counted start cannot come after the contact.
  const Trajectory later = plan_trajectory(params, rng, p, Programme::basic, contact, contact + 10);
  CHECK(later.counted_from == contact);
  CHECK(later.completion == at_contact.completion);

  // The status counts from the counted start.
  const auto rule = CompletionRule::end_of_phase_3;
  CHECK(status_on(at_contact, kNever, contact - 1, rule).status == TrajectoryStatus::started_later);
  CHECK(status_on(four, kNever, contact - 1, rule).status == TrajectoryStatus::in_trajectory);
  CHECK(status_on(four, kNever, contact - 1, rule).until == contact - 1);
}

TEST_CASE(
    "counted from the intake: the same starters and contacts, earlier counted starts, care as "
    "usual unchanged",
    "[models][start]") {
  SibParams a = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  a.programme.starts_at = StartRule::contact_after_release;
  SibParams b = a;
  b.programme.starts_at = StartRule::intake;
  const PopulationGenerator pop_a(a), pop_b(b);

  std::size_t starters = 0, shortened = 0;
  for (std::uint64_t rep = 0; rep < 8; ++rep) {
    const engine::StreamFactory rng(11, rep);
    std::vector<Person> persons;
    pop_a.generate(rng, persons);
    for (const Person& listed : persons) {
      const PersonPath x = simulate_person(a, pop_a, rng, listed);
      const PersonPath y = simulate_person(b, pop_b, rng, listed);
      REQUIRE(x.started == y.started);
      if (!x.started) continue;
      ++starters;
      INFO("person " << listed.id);
      // Counted at the contact, or at the intake (selection) before release and contact.
      REQUIRE(x.person.started == x.trajectory.start);
      REQUIRE(y.person.started == y.person.selected);
      REQUIRE(y.person.started < y.person.release);
      REQUIRE(y.trajectory.counted_from == y.person.started);
      REQUIRE(x.trajectory.start == y.trajectory.start);  // the same contact after release
      // The programme runs from the same contact; what is left of phase 1 is shorter or the same.
      REQUIRE(y.trajectory.search_from <= x.trajectory.search_from);
      shortened += y.trajectory.search_from < x.trajectory.search_from;
      // The same person without the programme: identical work (clinic admissions and custody, which
      // keep the person from work in both arms, are drawn over the measurement window, not until
      // the programme's completion, which comes earlier here).
      REQUIRE(x.work.arm[1].months_worked == y.work.arm[1].months_worked);
      REQUIRE(x.work.arm[1].worked_mask == y.work.arm[1].worked_mask);
    }
  }
  CHECK(starters > 200);
  // Phase 1 (6-12 weeks) overlaps the weeks between intake and release for most starters.
  CHECK(shortened > starters / 2);
}
