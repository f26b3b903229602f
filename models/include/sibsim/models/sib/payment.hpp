#pragma once
/// \file payment.hpp
/// The contract's arithmetic, as pure functions (tested with known answers).

#include <utility>
#include <vector>

#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

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
/// the net present value in [-99 %, 1000 %]; NaN when the NPV does not change sign there.
double internal_rate_of_return(const std::vector<std::pair<double, double>>& flows);

}  // namespace sibsim::models::sib
