// Payment by cohort (issue 14, payment_cohorts.hpp): where the answer is known it is checked in
// every replication. A contract that adds up over persons (a milestone per person, uncapped)
// pays the same in cohorts as in one; caps hold over the cohorts together; the cohorts' payments
// make up the total; paying the first cohort early moves the investors' annual return away from 0
// (a gain over a shorter time is a higher rate, and so is a loss); and a
// threshold per cohort pays differently from one over everybody (the reason contracts use cohorts).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

/// wnd-2016-actual paid on `metrics`, without interim payments (they exclude cohorts).
SibParams paid_on(std::vector<PaymentMetric> metrics) {
  SibParams p = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  PaymentParams& pay = p.payment;
  pay.ambition_per_participant = pay.price_per_work_month = pay.threshold_share = pay.cap = std::nullopt;
  pay.recidivism_bonus_per_point = pay.recidivism_bonus_max_points = std::nullopt;
  pay.metrics = std::move(metrics);
  pay.interim_share.clear();
  return p;
}

/// Two cohorts: those who start before 1 March 2017, and the rest.
SibParams in_cohorts(SibParams p) {
  p.payment.new_cohort_from = {static_cast<double>(engine::to_days(engine::Date{2017, 3, 1}))};
  return p;
}

PaymentMetric per_start(double price) {
  PaymentMetric m;
  m.name = "starts";
  m.outcome = MetricOutcome::started;
  m.comparison = MetricComparison::none;
  m.price = price;
  return m;
}

}  // namespace

TEST_CASE("cohorts: a contract that adds up over persons pays the same, and the cohorts make up the total",
          "[models][payment][cohorts]") {
  // 11,000 EUR per start: about the 1.2 million invested, so investors gain in some futures and lose
  // in others.
  const SibParams one = paid_on({per_start(11'000)});
  const SibModel whole(one), split(in_cohorts(one));
  const test::Samples a = test::sample(whole, 61, 100), b = test::sample(split, 61, 100);
  std::size_t both_cohorts_paid = 0, gains = 0, losses = 0;
  for (std::size_t r = 0; r < a["started"].size(); ++r) {
    REQUIRE(b["started"][r] == a["started"][r]);  // cohorts change the payment, not the persons
    REQUIRE(b["payout_total"][r] == Approx(11'000 * a["started"][r]));
    REQUIRE(b["payout_total"][r] == Approx(a["payout_total"][r]));
    REQUIRE(b["payout_cohort_1"][r] + b["payout_cohort_2"][r] == Approx(b["payout_total"][r]));
    both_cohorts_paid += b["payout_cohort_1"][r] > 0 && b["payout_cohort_2"][r] > 0;
    REQUIRE(b["investor_multiple"][r] == Approx(a["investor_multiple"][r]));
    // The same money, the first cohort's share paid earlier: over a shorter time the same gain is a
    // higher return a year, and the same loss a steeper one. The annual return moves away from 0.
    const double pooled = a["investor_irr"][r], cohorts = b["investor_irr"][r];
    if (pooled > 0) {
      ++gains;
      REQUIRE(cohorts >= pooled - 1e-9);
    } else {
      ++losses;
      REQUIRE(cohorts <= pooled + 1e-9);
    }
  }
  CHECK(both_cohorts_paid > 90);
  CHECK(gains > 0);
  CHECK(losses > 0);
}

TEST_CASE("cohorts: a metric's cap and the total cap hold over all cohorts together",
          "[models][payment][cohorts]") {
  PaymentMetric starts = per_start(1'000);
  starts.cap = 90'000;  // fewer than 90 starts in some futures, more in others
  SibParams p = in_cohorts(paid_on({starts}));
  const test::Samples s = test::sample(SibModel(p), 67, 100);
  std::size_t capped = 0;
  for (std::size_t r = 0; r < s["started"].size(); ++r) {
    REQUIRE(s["payout_starts"][r] == Approx(std::min(90'000.0, 1'000 * s["started"][r])));
    capped += s["started"][r] > 90;
  }
  CHECK(capped > 0);
  p.payment.metrics[0].cap = std::nullopt;
  p.payment.total_cap = 90'000;
  const test::Samples t = test::sample(SibModel(p), 67, 100);
  for (std::size_t r = 0; r < t["started"].size(); ++r) {
    REQUIRE(t["payout_total"][r] == Approx(std::min(90'000.0, 1'000 * t["started"][r])));
    REQUIRE(t["payout_cohort_1"][r] + t["payout_cohort_2"][r] == Approx(t["payout_total"][r]));
  }
}

TEST_CASE("cohorts: a threshold per cohort pays when a cohort reaches it, whatever the others do",
          "[models][payment][cohorts]") {
  // Extra work-months against the matched controls, from 1.2 per participant: a cohort is paid only
  // for its own difference. In every replication each cohort's payment is its own difference priced
  // (not checked here), so the count of cohorts reaching the threshold is 0, 1 or 2, and a contract
  // in cohorts pays in futures where the pooled contract pays nothing (a good cohort is not averaged
  // away) and the other way round.
  PaymentMetric work;
  work.name = "work";
  work.outcome = MetricOutcome::work_months;
  work.price = 1'500;
  work.threshold = 1.2;
  const SibParams one = paid_on({work});
  const test::Samples a = test::sample(SibModel(one), 71, 300),
                      b = test::sample(SibModel(in_cohorts(one)), 71, 300);
  std::size_t only_cohorts_pay = 0, only_pooled_pays = 0;
  for (std::size_t r = 0; r < a["payout_total"].size(); ++r) {
    const double reached = b["cohorts_reaching_threshold"][r];
    REQUIRE((reached == 0 || reached == 1 || reached == 2));
    REQUIRE((reached > 0) == (b["payout_total"][r] > 0));
    REQUIRE(b["success_threshold_reached"][r] == a["success_threshold_reached"][r]);  // pooled, as before
    only_cohorts_pay += a["payout_total"][r] == 0 && b["payout_total"][r] > 0;
    only_pooled_pays += a["payout_total"][r] > 0 && b["payout_total"][r] == 0;
  }
  INFO("futures where only the cohorts pay: " << only_cohorts_pay
                                              << ", only the pooled: " << only_pooled_pays);
  CHECK(only_cohorts_pay > 0);
  // Paying each cohort on its own threshold pays more often than once over everybody.
  CHECK(test::mean(b["payout_total"]) > test::mean(a["payout_total"]));
}
