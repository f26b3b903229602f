#include "sibsim/models/sib/payment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sibsim::models::sib {

PaymentLines payment_lines(const PaymentParams& p, double starters) noexcept {
  PaymentLines l;
  l.ambition = p.ambition_per_participant * starters;
  l.threshold = p.threshold_share * l.ambition;
  l.price_per_work_month = p.price_per_work_month;
  l.cap = p.cap;
  return l;
}

namespace {
bool threshold_reached(const PaymentLines& l, double starters, double measured_extra) noexcept {
  return starters > 0 && measured_extra >= l.threshold;
}
double payment_above_threshold(const PaymentLines& l, double measured_extra) noexcept {
  return std::min(l.cap, l.price_per_work_month * measured_extra);
}
}  // namespace

double outcome_payment(const PaymentParams& p, double starters, double measured_extra) noexcept {
  const PaymentLines l = payment_lines(p, starters);
  return threshold_reached(l, starters, measured_extra) ? payment_above_threshold(l, measured_extra) : 0.0;
}

PaymentOutcome contract_payment(const PaymentParams& p, double starters, double measured_extra,
                                double reoffended_programme, double reoffended_control) {
  const PaymentLines l = payment_lines(p, starters);
  PaymentOutcome o;
  o.ambition = l.ambition;
  o.threshold_reached = threshold_reached(l, starters, measured_extra);
  o.full_ambition_reached = starters > 0 && measured_extra >= l.ambition;
  o.outcome_payment = o.threshold_reached ? payment_above_threshold(l, measured_extra) : 0.0;
  // Percentage points less re-offending than the control group; none when the programme arm
  // re-offends more.
  const double points = starters > 0 ? 100.0 * (reoffended_control - reoffended_programme) / starters : 0.0;
  o.recidivism_bonus = p.recidivism_bonus_per_point * std::clamp(points, 0.0, p.recidivism_bonus_max_points);
  return o;
}

double internal_rate_of_return(const std::vector<std::pair<double, double>>& flows) {
  // Undefined without money going in: with every flow 0 the NPV is 0 at every rate.
  const bool has_in = std::any_of(flows.begin(), flows.end(), [](const auto& f) { return f.second > 0; });
  const bool has_out = std::any_of(flows.begin(), flows.end(), [](const auto& f) { return f.second < 0; });
  if (!has_out) return std::numeric_limits<double>::quiet_NaN();
  // Money put in and none back: a total loss, -100 %. Leaving it undefined would drop these
  // futures from the median and make a compare of returns compare different futures.
  if (!has_in) return -1.0;
  auto npv = [&](double r) {
    double v = 0;
    for (const auto& [t, c] : flows) v += c / std::pow(1.0 + r, t);
    return v;
  };
  // Just above -100 %: any money back after time 0 makes the NPV positive there.
  double lo = -1.0 + 1e-9, hi = 10.0;
  if (npv(lo) * npv(hi) > 0) return std::numeric_limits<double>::quiet_NaN();
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (npv(lo) * npv(mid) <= 0 ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace sibsim::models::sib
