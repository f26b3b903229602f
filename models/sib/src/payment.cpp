#include "sibsim/models/sib/payment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sibsim::models::sib {
namespace {
constexpr double kNoLimit = std::numeric_limits<double>::infinity();
}  // namespace

std::vector<PaymentMetric> contract_metrics(const PaymentParams& p) {
  if (!p.metrics.empty()) return p.metrics;
  PaymentMetric work;
  work.name = "outcome";
  work.outcome = MetricOutcome::work_months;
  work.price = p.price_per_work_month.value_or(0.0);
  work.target = p.ambition_per_participant.value_or(0.0);
  work.threshold = p.threshold_share.value_or(0.0) * work.target;
  work.cap = p.cap;
  PaymentMetric reoffending;
  reoffending.name = "recidivism_bonus";
  reoffending.outcome = MetricOutcome::reoffended;
  reoffending.price_rule = MetricPrice::per_point;
  reoffending.price = p.recidivism_bonus_per_point.value_or(0.0);
  reoffending.max_units = p.recidivism_bonus_max_points;
  return {work, reoffending};
}

namespace {
/// What `units` (per participant, or points) are worth per participant under m's price or tiers.
double price_of(const PaymentMetric& m, double units) noexcept {
  if (m.tiers.empty()) return m.price * units;
  double amount = 0;
  for (std::size_t i = 0; i < m.tiers.size(); ++i) {
    const double top = i + 1 < m.tiers.size() ? m.tiers[i + 1].from : kNoLimit;
    amount += m.tiers[i].price * std::max(0.0, std::min(units, top) - m.tiers[i].from);
  }
  return amount;
}
}  // namespace

MetricPayment metric_payment(const PaymentMetric& m, double starters, double measured_persons,
                             double difference) noexcept {
  MetricPayment out;
  if (!(starters > 0)) return out;  // nobody started: nothing is paid
  if (m.price_rule == MetricPrice::per_point) {
    const double points = measured_persons > 0 ? 100.0 * difference / measured_persons : 0.0;
    out.threshold_reached = points >= m.threshold;
    out.target_reached = m.target > 0 && points >= m.target;
    const double paid_points = std::clamp(points, 0.0, m.max_units.value_or(kNoLimit));
    out.amount = out.threshold_reached ? std::min(m.cap.value_or(kNoLimit), price_of(m, paid_points)) : 0.0;
    return out;
  }
  out.threshold_reached = difference >= m.threshold * starters;
  out.target_reached = m.target > 0 && difference >= m.target * starters;
  const double paid_units = std::clamp(difference, 0.0, m.max_units.value_or(kNoLimit) * starters);
  // Tiers are per participant; without them the price is per unit (the same for every unit).
  const double amount =
      m.tiers.empty() ? m.price * paid_units : price_of(m, paid_units / starters) * starters;
  out.amount = out.threshold_reached ? std::min(m.cap.value_or(kNoLimit), amount) : 0.0;
  return out;
}

PaymentLines payment_lines(const PaymentParams& p, double starters) {
  const PaymentMetric m = contract_metrics(p).front();
  PaymentLines l;
  l.ambition = m.target * starters;
  l.threshold = m.threshold * starters;
  l.price_per_work_month = m.price;
  l.cap = m.cap.value_or(std::numeric_limits<double>::infinity());
  return l;
}

bool has_work_month_lines(const PaymentParams& p) {
  const PaymentMetric m = contract_metrics(p).front();
  return m.outcome == MetricOutcome::work_months && m.price_rule == MetricPrice::per_unit && m.target > 0;
}

double outcome_payment(const PaymentParams& p, double starters, double measured_extra) {
  return metric_payment(contract_metrics(p).front(), starters, starters, measured_extra).amount;
}

PaymentOutcome contract_payment(const PaymentParams& p, double starters, double measured_extra,
                                double reoffended_programme, double reoffended_control) {
  const std::vector<PaymentMetric> m = contract_metrics(p);
  const MetricPayment work = metric_payment(m[0], starters, starters, measured_extra);
  PaymentOutcome o;
  o.ambition = m[0].target * starters;
  o.threshold_reached = work.threshold_reached;
  o.full_ambition_reached = work.target_reached;
  o.outcome_payment = work.amount;
  // Fewer re-offenders than the control group is the good direction.
  o.recidivism_bonus =
      metric_payment(m[1], starters, starters, reoffended_control - reoffended_programme).amount;
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
