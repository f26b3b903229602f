#pragma once
/// \file payment.hpp
/// The contract's arithmetic, as pure functions (tested with known answers). The payment rule
/// lives here only: the model's final payment and interim payments call it, and a report that
/// draws the contract's lines takes them from payment_lines.

#include <utility>
#include <vector>

#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

/// The lines of the contract for a number of starters: where payment starts, the full ambition,
/// and what a measured extra work-month is worth up to the cap.
struct PaymentLines {
  double ambition = 0;   ///< extra work-months: ambition_per_participant x starters
  double threshold = 0;  ///< extra work-months below which nothing is paid: threshold_share x ambition
  double price_per_work_month = 0;  ///< EUR per measured extra work-month
  double cap = 0;                   ///< EUR, outcome payments in all
};
PaymentLines payment_lines(const PaymentParams& p, double starters) noexcept;

/// The outcome payment for `measured_extra` work-months over the control group with `starters`
/// participants: nothing without starters or below the threshold (payment_lines), otherwise the
/// price times the measured extra work-months, at most the cap.
double outcome_payment(const PaymentParams& p, double starters, double measured_extra) noexcept;

struct PaymentOutcome {
  double ambition = 0;  ///< extra work-months of the full ambition for these starters
  bool threshold_reached = false;
  bool full_ambition_reached = false;
  double outcome_payment = 0;   ///< EUR for measured extra work-months
  double recidivism_bonus = 0;  ///< EUR for measured reduction of re-offending
  double total() const noexcept { return outcome_payment + recidivism_bonus; }
};

/// What government pays for `starters` participants with `measured_extra` work-months over the
/// control group, and re-offending counts in the programme and the control group.
PaymentOutcome contract_payment(const PaymentParams& p, double starters, double measured_extra,
                                double reoffended_programme, double reoffended_control);

/// Internal rate of return per year of dated cash flows (time in years, amount), by bisection on
/// the net present value in (-100 %, 1000 %]. A total loss (money out, nothing back) is -100 %;
/// NaN when no money goes out, or when the NPV does not change sign (a return above 1000 %).
double internal_rate_of_return(const std::vector<std::pair<double, double>>& flows);

}  // namespace sibsim::models::sib
