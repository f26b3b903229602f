// Referral after release (issue 14, RecruitmentParams::referral): a probation or parole office refers
// persons already released. Checked in every replication: nobody is lost to what happens only in
// detention (transfer, new trajectory, early release, a change of mind before release, consent
// arriving after release), everyone is referred after release and starts after the intake; and
// against a known answer with a confidence interval: from the intake to the start takes the
// consent delay plus the contact delay (two exponentials, their means added).

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

TEST_CASE("referral after release: the funnel starts at release and has no detention events",
          "[models][referral]") {
  SibParams p = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  p.recruitment.referral = Referral::after_release;
  p.programme.starts_at = StartRule::contact_after_release;  // the start is the contact, not the intake
  const SibModel model(p);
  std::vector<Person> persons;
  std::vector<double> intake_to_start;
  std::size_t starters = 0;
  for (std::uint64_t rep = 0; rep < 40; ++rep) {
    persons.clear();
    model.run_detailed(3, rep, &persons);
    for (const Person& x : persons) {
      REQUIRE(x.listed >= x.release);
      for (const Outcome never : {Outcome::transfer, Outcome::new_trajectory, Outcome::early_release,
                                  Outcome::dropped_out_in_pi, Outcome::consent_too_late})
        REQUIRE(x.outcome != never);
      if (x.outcome != Outcome::started) continue;
      ++starters;
      REQUIRE(x.selected >= x.listed);
      REQUIRE(x.started >= x.selected);
      intake_to_start.push_back(x.started - x.selected);
    }
  }
  REQUIRE(starters > 1000);
  const double expected = p.recruitment.consent_delay_mean_days + p.recruitment.contact_delay_mean_days;
  INFO("intake to start: " << test::mean(intake_to_start) << " days, expected " << expected);
  CHECK(std::abs(test::mean(intake_to_start) - expected) < 4 * test::std_error(intake_to_start));
}

TEST_CASE("referral after release: a site's arrivals are releases, all referred in the window",
          "[models][referral]") {
  // Without an initial pool or a delay, every release from a site's opening to the end of
  // recruitment is referred once: the eligible count has the mean of the arrivals (Poisson at fixed
  // rates, expected_arrivals), within 4 SE. Before release, those released before their first list
  // (or listed after recruitment ends) are not eligible, so the count is below.
  SibParams p = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  p.population.heterogeneity = Heterogeneity::fixed;
  p.population.initial_pool_months = 0;
  p.population.list_delay_min_days = p.population.list_delay_max_days = 0;
  const double arrivals = expected_arrivals(p);
  const test::Samples before = test::sample(SibModel(p), 5, 200);
  p.recruitment.referral = Referral::after_release;
  const test::Samples after = test::sample(SibModel(p), 5, 200);
  const double mean = test::mean(after["eligible"]);
  INFO("eligible per replication " << mean << ", expected arrivals " << arrivals << ", before release "
                                   << test::mean(before["eligible"]));
  CHECK(std::abs(mean - arrivals) < 4 * test::std_error(after["eligible"]));
  CHECK(test::mean(before["eligible"]) < mean - 4 * test::std_error(after["eligible"]));
}
