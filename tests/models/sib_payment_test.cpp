// The payment rule in one place (payment.hpp): the contract's lines and the outcome payment, with
// known answers; the model's final and interim payments and contract_payment all use it.

#include <catch2/catch.hpp>

#include <cmath>

#include "sibsim/models/sib/payment.hpp"

using namespace sibsim::models::sib;

namespace {
PaymentParams default_contract() {
  PaymentParams p;  // the brief's default: 1,320,000 / 882 per month, 20 % threshold, cap
  p.ambition_per_participant = 5.88;
  p.price_per_work_month = 1497;
  p.threshold_share = 0.2;
  p.cap = 1'320'000;
  return p;
}
}  // namespace

TEST_CASE("payment lines: ambition, threshold, price and cap for a number of starters", "[models][payment]") {
  const PaymentParams p = default_contract();
  const PaymentLines l = payment_lines(p, 150);
  CHECK(l.ambition == Approx(882.0));
  CHECK(l.threshold == Approx(176.4));
  // The line is exactly where the rule starts paying.
  CHECK(outcome_payment(p, 150, l.threshold) > 0);
  CHECK(outcome_payment(p, 150, std::nextafter(l.threshold, 0.0)) == 0.0);
  CHECK(l.price_per_work_month == 1497);
  CHECK(l.cap == 1'320'000);
  CHECK(payment_lines(p, 119).ambition == Approx(699.72));
  const PaymentLines none = payment_lines(p, 0);
  CHECK(none.ambition == 0.0);
  CHECK(none.threshold == 0.0);
}

TEST_CASE("outcome payment: nothing below the threshold, price x months above, capped", "[models][payment]") {
  const PaymentParams p = default_contract();
  CHECK(outcome_payment(p, 150, 176.0) == 0.0);
  CHECK(outcome_payment(p, 150, 200.0) == 200.0 * 1497);
  CHECK(outcome_payment(p, 150, 882.0) == 1'320'000);  // 882 x 1,497 = 1,320,354: capped
  CHECK(outcome_payment(p, 150, -10.0) == 0.0);        // the control group worked more
  CHECK(outcome_payment(p, 0, 0.0) == 0.0);            // nobody started: nothing is paid
  PaymentParams no_threshold = p;
  no_threshold.threshold_share = 0;
  CHECK(outcome_payment(no_threshold, 150, 0.0) == 0.0);
  CHECK(outcome_payment(no_threshold, 150, 1.0) == 1497);
  CHECK(outcome_payment(no_threshold, 0, 1.0) == 0.0);
}

TEST_CASE("interim payments: earnings so far against the full ambition's threshold", "[models][payment]") {
  // What the evaluation pays on an interim date: a share of the outcome payment of the months
  // earned so far, where the threshold is that of all the starters (not of those whose windows
  // have ended). 150 starters: threshold 176.4 extra work-months.
  const PaymentParams p = default_contract();
  CHECK(0.5 * outcome_payment(p, 150, 150.0) == 0.0);                 // earned, but below 176.4
  CHECK(0.5 * outcome_payment(p, 150, 300.0) == 0.5 * 300.0 * 1497);  // above: half of it now
  CHECK(0.5 * outcome_payment(p, 150, 1000.0) == 0.5 * 1'320'000);    // the cap holds on the way
}

TEST_CASE("contract_payment's outcome payment is the rule's", "[models][payment]") {
  const PaymentParams p = default_contract();
  for (double starters : {0.0, 1.0, 30.0, 119.0, 150.0})
    for (double extra : {-5.0, 0.0, 5.88, 100.0, 176.4, 500.0, 882.0, 2000.0}) {
      const PaymentOutcome o = contract_payment(p, starters, extra, 10, 12);
      const PaymentLines l = payment_lines(p, starters);
      REQUIRE(o.outcome_payment == outcome_payment(p, starters, extra));
      REQUIRE(o.ambition == l.ambition);
      REQUIRE(o.threshold_reached == (starters > 0 && extra >= l.threshold));
    }
}
