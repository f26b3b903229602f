#pragma once
/// \file payment.hpp
/// The contract's arithmetic, as pure functions (tested with known answers). A contract is a list
/// of payment metrics (PaymentMetric); the payment rule lives here only: the model's final payment
/// and interim payments call metric_payment, and a report that draws the contract's lines takes
/// them from payment_lines.

#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

/// What a MetricOutcome is: its scenario name, unit, and how it is measured.
struct OutcomeMeasure {
  std::string_view name;
  std::string_view unit;  ///< of one person's value
  bool less_is_better;    ///< the programme should lower it (re-offending, custody, benefits)
  bool yes_no;            ///< a share of persons (priced per point, or per person)
};
inline constexpr std::array<OutcomeMeasure, 8> kOutcomeMeasures = {{
    {"work_months", "months", false, false},
    {"durable_work", "persons", false, true},
    {"employed_quarter", "persons", false, true},
    {"employed_month_12", "persons", false, true},
    {"reoffended", "persons", true, true},
    {"custody_days", "days", true, false},
    {"on_benefits", "persons", true, true},
    {"started", "persons", false, true},
}};
inline const OutcomeMeasure& measure_of(MetricOutcome o) noexcept {
  return kOutcomeMeasures[static_cast<std::size_t>(o)];
}

/// The contract's metrics: PaymentParams::metrics, or the work-months shorthand as two metrics,
/// `outcome` (extra work-months against the evaluation, with the ambition, threshold and cap) and
/// `recidivism_bonus` (per point less re-offending, at most recidivism_bonus_max_points).
std::vector<PaymentMetric> contract_metrics(const PaymentParams& p);

/// One metric's payment.
struct MetricPayment {
  bool threshold_reached = false;  ///< somebody started and the difference reached the threshold
  bool target_reached = false;     ///< ... and the target (the full ambition), when it has one
  double amount = 0;               ///< EUR
};
/// The payment of metric `m` for `starters` participants and a measured difference `difference`
/// in the outcome's good direction (PaymentMetric::outcome; more work, fewer custody days): for
/// per_unit in units over the participants, for per_point over `measured_persons` persons (the
/// persons whose outcomes were compared: the starters, or all allocated to the programme in a
/// randomised trial).
MetricPayment metric_payment(const PaymentMetric& m, double starters, double measured_persons,
                             double difference) noexcept;

/// The lines of the headline metric for a number of starters: where payment starts, the full
/// ambition, and what a unit is worth up to the cap (per_unit; a report draws them).
struct PaymentLines {
  double ambition = 0;              ///< units: target x starters
  double threshold = 0;             ///< units below which nothing is paid: threshold x starters
  double price_per_work_month = 0;  ///< EUR per measured unit
  double cap = 0;                   ///< EUR, the headline metric's payments in all
};
PaymentLines payment_lines(const PaymentParams& p, double starters);
/// Whether the headline metric pays per extra work-month with an ambition (target): the lines above
/// are then in work-months (the shorthand's case); otherwise they mean nothing on that scale.
bool has_work_month_lines(const PaymentParams& p);

/// The headline metric's payment for `measured_extra` units over the comparison with `starters`
/// participants (payment_lines): what interim payments apply their share to.
double outcome_payment(const PaymentParams& p, double starters, double measured_extra);

/// The work-months shorthand's payment in its own terms (tests and reports of WnD's contract).
struct PaymentOutcome {
  double ambition = 0;  ///< extra work-months of the full ambition for these starters
  bool threshold_reached = false;
  bool full_ambition_reached = false;
  double outcome_payment = 0;   ///< EUR for measured extra work-months
  double recidivism_bonus = 0;  ///< EUR for measured reduction of re-offending
  double total() const noexcept { return outcome_payment + recidivism_bonus; }
};
/// What government pays under the shorthand for `starters` participants with `measured_extra`
/// work-months over the control group, and re-offending counts among the starters in the programme
/// and the control group.
PaymentOutcome contract_payment(const PaymentParams& p, double starters, double measured_extra,
                                double reoffended_programme, double reoffended_control);

/// Internal rate of return per year of dated cash flows (time in years, amount), by bisection on
/// the net present value in (-100 %, 1000 %]. A total loss (money out, nothing back) is -100 %;
/// NaN when no money goes out, or when the NPV does not change sign (a return above 1000 %).
double internal_rate_of_return(const std::vector<std::pair<double, double>>& flows);

}  // namespace sibsim::models::sib
