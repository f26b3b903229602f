// The evaluation's error (issue 16, item 4): measured minus true extra work-months, in cases where
// its expectation is known in closed form. Work is made independent of the person's attributes
// (all job-finding multipliers 1, no practical-problem delay, no clinic or custody), so every
// starter under care as usual follows the same monthly chain: not in work -> a job with probability
// p = 1 - exp(-find_rate) (stable with probability stable_share), a short / stable job ending with
// probability 1 / its mean length. The expected months in work over the window, E(p), come from
// that chain (expected_months below, computed independently of the model). With every starter
// matched, the error per starter has expectation E(p_care_as_usual) - E(p_control): zero when the
// control searches like the starter, and known when it searches at control_find_ratio times the
// rate (selection on unobservables). The contract counts a month only in a job of its hours, which
// a care-as-usual job meets with probability contract_hours_share whatever its kind, so the
// expected contract work-months are that share of E(p). Each check is a confidence interval over
// replications.

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

/// Expected months in work over the window of the care-as-usual chain with monthly job-finding
/// probability p (the order of simulate_work: a person in work may lose the job; one out of work
/// may find one, which counts that month).
double expected_months(const WorkParams& w, double p) {
  // P(out of work), P(short job), P(stable job) at the end of the month before.
  std::array<double, 3> state = {1.0, 0.0, 0.0};
  const double lose_short = 1.0 / w.short_job_months, lose_stable = 1.0 / w.stable_job_months;
  double months = 0;
  for (int m = 0; m < w.window_months; ++m) {
    const std::array<double, 3> next = {state[0] * (1 - p) + state[1] * lose_short + state[2] * lose_stable,
                                        state[0] * p * (1 - w.stable_job_share) + state[1] * (1 - lose_short),
                                        state[0] * p * w.stable_job_share + state[2] * (1 - lose_stable)};
    state = next;
    months += state[1] + state[2];
  }
  return months;
}

/// wnd-2016-actual with work that does not depend on who the person is.
SibParams attribute_free_work(ControlSource control, double control_find_ratio) {
  SibParams p = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  p.work.find_by_work_potential = {1, 1, 1, 1};
  p.work.find_hr_poor_worker_skills = p.work.find_hr_hard_drugs = p.work.find_hr_current_addiction = 1;
  p.work.cau_practical_months_per_problem = 0;
  p.dropout.clinic_rate = p.dropout.custody_rate = p.dropout.custody_spell_rate = 0;
  p.evaluation.control = control;
  p.evaluation.matched_fraction = 1.0;
  p.evaluation.control_find_ratio = control_find_ratio;
  return p;
}

/// The evaluation's error per starter in each of `reps` replications.
std::vector<double> bias_per_starter(const SibParams& params, std::uint64_t reps) {
  const SibModel m(params);
  const test::Samples s = test::sample(m, 16, reps);
  std::vector<double> out;
  for (std::size_t r = 0; r < reps; ++r) out.push_back(s["evaluation_bias"][r] / s["started"][r]);
  return out;
}

void check_expected_bias(const SibParams& params, double expected) {
  const std::vector<double> b = bias_per_starter(params, 400);
  const double mean = test::mean(b), se = test::std_error(b);
  INFO("error per starter " << mean << " +- " << se << ", expected " << expected);
  CHECK(std::abs(mean - expected) <= 4 * se);
}

}  // namespace

TEST_CASE("evaluation: an idealised twin that searches like the starter measures without bias",
          "[models][evaluation]") {
  check_expected_bias(attribute_free_work(ControlSource::twin, 1.0), 0.0);
}

TEST_CASE("evaluation: a control that searches less biases the measured effect by a known amount",
          "[models][evaluation]") {
  const SibParams p = attribute_free_work(ControlSource::twin, 0.6);
  const double p_cau = 1 - std::exp(-p.work.find_rate), p_control = 1 - std::exp(-p.work.find_rate * 0.6);
  const double expected =
      p.work.contract_hours_share * (expected_months(p.work, p_cau) - expected_months(p.work, p_control));
  REQUIRE(expected > 0.5);  // large enough to tell apart from no bias
  check_expected_bias(p, expected);
}

TEST_CASE("evaluation: non-participants matched on age and sex", "[models][evaluation]") {
  // Where work does not depend on the attributes left unmatched, the non-participants measure
  // without bias; under selection on unobservables the error is the chain's.
  check_expected_bias(attribute_free_work(ControlSource::non_participants, 1.0), 0.0);
  const SibParams p = attribute_free_work(ControlSource::non_participants, 1.5);
  const double expected =
      p.work.contract_hours_share * (expected_months(p.work, 1 - std::exp(-p.work.find_rate)) -
                                     expected_months(p.work, 1 - std::exp(-p.work.find_rate * 1.5)));
  REQUIRE(expected < -0.5);
  check_expected_bias(p, expected);
}

TEST_CASE("evaluation: a matched fraction measures the matched pairs, scaled to all starters",
          "[models][evaluation]") {
  SibParams p = attribute_free_work(ControlSource::twin, 1.0);
  p.evaluation.matched_fraction = 0.5;
  const SibModel m(p);
  const test::Samples s = test::sample(m, 16, 200);
  // About half matched (binomial over ~110 starters per replication), and still no bias.
  const double matched = test::mean(s["matched_share"]);
  INFO("matched share " << matched);
  CHECK(std::abs(matched - 0.5) <= 4 * test::std_error(s["matched_share"]) + 0.01);
  check_expected_bias(p, 0.0);
}
