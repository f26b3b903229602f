// The programme part of the SIB model: payment arithmetic (known answers) and mechanisms
// (asserted with paired confidence intervals over replications on common random numbers).

#include <catch2/catch.hpp>

#include <cmath>

#include "sib_test_support.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {
SibParams actual() { return models::sib::load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml")); }
bool ci_above_zero(const std::vector<double>& d) { return test::mean(d) - 3.29 * test::std_error(d) > 0; }

PaymentParams default_contract() {
  PaymentParams p;  // the brief's default: 1,320,000 / 882 per month, 20 % threshold, cap
  p.ambition_per_participant = 5.88;
  p.price_per_work_month = 1497;
  p.threshold_share = 0.2;
  p.cap = 1'320'000;
  p.recidivism_bonus_per_point = 6100;
  p.recidivism_bonus_max_points = 10;
  return p;
}
}  // namespace

TEST_CASE("contract payment: threshold, price, cap and recidivism bonus", "[models][payment]") {
  const PaymentParams p = default_contract();
  // 150 participants: ambition 882, threshold 176.4 extra work-months.
  auto below = contract_payment(p, 150, 176.0, 60, 60);
  CHECK(below.ambition == Approx(882.0));
  CHECK_FALSE(below.threshold_reached);
  CHECK(below.outcome_payment == 0.0);
  auto at = contract_payment(p, 150, 176.4, 60, 60);
  CHECK(at.threshold_reached);
  CHECK(at.outcome_payment == Approx(176.4 * 1497));
  auto full = contract_payment(p, 150, 882.0, 60, 60);
  CHECK(full.full_ambition_reached);
  CHECK(full.outcome_payment == Approx(1'320'000).epsilon(0.001));  // 882 x 1497 = 1,320,354 -> capped
  CHECK(full.outcome_payment <= p.cap);
  // 3 points less re-offending (60 -> 55.5 of 150): 3 x 6,100; more than 10 points: capped.
  CHECK(contract_payment(p, 150, 0, 55.5, 60).recidivism_bonus == Approx(3 * 6100.0));
  CHECK(contract_payment(p, 150, 0, 30, 60).recidivism_bonus == Approx(61'000.0));
  CHECK(contract_payment(p, 150, 0, 70, 60).recidivism_bonus == 0.0);  // programme worse: no bonus
  CHECK(contract_payment(p, 0, 0, 0, 0).total() == 0.0);
}

TEST_CASE("internal rate of return of known cash flows", "[models][payment]") {
  CHECK(internal_rate_of_return({{0, -100}, {1, 110}}) == Approx(0.10).margin(1e-9));
  CHECK(internal_rate_of_return({{0, -100}, {2, 121}}) == Approx(0.10).margin(1e-9));
  CHECK(internal_rate_of_return({{0, -100}, {1, 50}, {2, 50}}) == Approx(-0.0).margin(1e-9));
  CHECK(internal_rate_of_return({{0, -100}, {1, -10}}) == -1.0);  // nothing back: a total loss
}

TEST_CASE("dropping the addiction exclusion raises clinic admissions", "[models][programme]") {
  SibParams kept = actual();
  kept.criteria.addiction_psychiatric.dropped_from = 1e300;  // exclusion kept throughout
  const SibModel loose(actual()), strict(kept);
  const auto a = test::sample(loose, 31, 400), b = test::sample(strict, 31, 400);
  CHECK(ci_above_zero(test::difference(a["dropout_clinic"], b["dropout_clinic"])));
}

TEST_CASE("each risk factor of the brief raises the dropout risk", "[models][programme]") {
  const SibModel m(actual());
  const auto s = test::sample(m, 32, 400);
  for (const char* f : kDropoutFactorNames) {
    INFO("risk factor " << f);
    const auto& with = s[std::string("dropout_share_with_") + f];
    const auto& without = s[std::string("dropout_share_without_") + f];
    std::vector<double> d;
    for (std::size_t i = 0; i < with.size(); ++i)
      if (!std::isnan(with[i]) && !std::isnan(without[i])) d.push_back(with[i] - without[i]);
    REQUIRE(d.size() > 100);
    CHECK(ci_above_zero(d));
  }
}

TEST_CASE("the measured effect is unbiased but noisier than the true effect", "[models][programme]") {
  const SibModel m(actual());
  const auto s = test::sample(m, 33, 600);
  const auto& t = s["extra_work_months_true"];
  const auto& x = s["extra_work_months_measured"];
  // Same expectation: the matched control is another draw of care as usual.
  const auto d = test::difference(x, t);
  CHECK(std::abs(test::mean(d)) < 3.29 * test::std_error(d));
  CHECK(test::variance(x) > 2.0 * test::variance(t));
  CHECK(ci_above_zero(t));  // the programme helps on average
}

TEST_CASE("without the programme simulation the programme KPIs are absent", "[models][programme]") {
  SibParams p = actual();
  p.simulate_programme = false;
  const SibModel m(p);
  bool has_payout = false;
  for (const auto& k : m.kpis()) has_payout |= k.name == "payout_total";
  CHECK_FALSE(has_payout);
}

TEST_CASE("the counsellors' wind-down moves with the end of recruitment", "[models][counsellors]") {
  const auto day = [](int y, int m, int d) {
    return static_cast<double>(engine::to_days(engine::Date{y, m, d}));
  };
  SibParams p = actual();
  // The shipped scenario: 7 FTE from 1 May 2016, 4 from 1 Jan 2018 (5 months after 1 Aug 2017).
  CHECK(wind_down_day(p) == day(2018, 1, 1));
  CHECK(counsellor_fte(p, day(2016, 4, 30)) == 0.0);
  CHECK(counsellor_fte(p, day(2016, 5, 1)) == 7.0);
  CHECK(counsellor_fte(p, day(2017, 12, 31)) == 7.0);
  CHECK(counsellor_fte(p, day(2018, 1, 1)) == 4.0);
  // Recruiting until 1 May 2018: the team is whole until 1 Oct 2018, after the last recruit.
  p.recruitment.end = day(2018, 5, 1);
  CHECK(counsellor_fte(p, day(2018, 4, 30)) == 7.0);
  CHECK(counsellor_fte(p, day(2018, 9, 30)) == 7.0);
  CHECK(counsellor_fte(p, day(2018, 10, 1)) == 4.0);
  // Without a wind-down the schedule alone holds.
  p.counsellors.wind_down_fte.reset();
  CHECK(wind_down_day(p) == INFINITY);
  CHECK(counsellor_fte(p, day(2030, 1, 1)) == 7.0);
}

TEST_CASE("the 24-month variant states its schedules: nobody recruited meets the reduction",
          "[models][counsellors]") {
  const SibParams p = load_sib_scenario(test::scenario_path("wnd-recruit-24-months.yaml"));
  CHECK(wind_down_day(p) > p.recruitment.end);
  CHECK(step_at(p.recruitment.approach_probability, p.recruitment.end - 1, 0.0) == Approx(0.865));
  // Starters taken on above capacity are rare while recruiting with the whole team: with the old
  // fixed cut on 1 Jan 2018 the last four months of recruitment ran with 4 FTE.
  CHECK(counsellor_fte(p, p.recruitment.end - 1) == 7.0);
}
