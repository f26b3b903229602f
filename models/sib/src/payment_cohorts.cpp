#include "sibsim/models/sib/payment_cohorts.hpp"

#include <algorithm>
#include <limits>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/payment.hpp"

namespace sibsim::models::sib {

PaymentCohorts::PaymentCohorts(const SibParams& params, const std::vector<PaymentMetric>& metrics)
    : params_(params), metrics_(metrics), window_days_(params.work.window_months * engine::kDaysPerMonth) {
  if (size() == 1 || metrics.empty()) return;
  measures_.reserve(size());
  for (std::size_t c = 0; c < size(); ++c) measures_.emplace_back(params, metrics);
  arms_.assign(size(), EvaluationArms{});
  end_.assign(size(), 0.0);
}

std::size_t PaymentCohorts::cohort_of(double day) const noexcept {
  const std::vector<double>& from = params_.payment.new_cohort_from;
  return static_cast<std::size_t>(std::upper_bound(from.begin(), from.end(), day) - from.begin());
}

void PaymentCohorts::add_starter(double started, bool matched, const std::array<WorkHistory, 3>& h,
                                 const PersonOutcomes& own, const PersonOutcomes& as_usual,
                                 const PersonOutcomes& control, double window_start, double control_start) {
  if (measures_.empty()) return;
  const std::size_t c = cohort_of(started);
  ContractMeasures& m = measures_[c];
  m.add(0, h[0], own);
  m.add(1, h[1], as_usual);
  if (matched) m.add(2, h[2], control);
  m.add_window(window_start, h[0], own, matched, h[2], control);
  ++arms_[c].starters;
  arms_[c].matched += matched ? 1.0 : 0.0;
  end_[c] = std::max(end_[c], window_start + window_days_);
  if (matched) end_[c] = std::max(end_[c], control_start + window_days_);
}

void PaymentCohorts::add_trial(const Person& p, const WorkHistory& h, const PersonOutcomes& o) {
  if (measures_.empty()) return;
  const std::size_t c = cohort_of(p.release);
  if (p.outcome == Outcome::randomised_to_control) {
    measures_[c].add(2, h, o);
    ++arms_[c].controls;
  } else {
    measures_[c].add_trial_nonstarter(p.release, h, o);
    ++arms_[c].programme_allocated;  // the starters are added in pay()
  }
  end_[c] = std::max(end_[c], p.release + window_days_);
}

CohortPayments PaymentCohorts::pay(ControlSource design, std::optional<double> total_cap) const {
  CohortPayments out;
  out.by_metric.assign(metrics_.size(), 0.0);
  double left = total_cap.value_or(std::numeric_limits<double>::infinity());
  for (std::size_t c = 0; c < measures_.size(); ++c) {
    EvaluationArms arms = arms_[c];
    arms.design = design;
    arms.programme_allocated += arms.starters;
    const std::vector<MeasuredDifference> diff = measures_[c].differences(arms);
    double amount = 0;
    for (std::size_t k = 0; k < metrics_.size(); ++k) {
      PaymentMetric m = metrics_[k];
      if (m.cap) m.cap = std::max(0.0, *m.cap - out.by_metric[k]);  // what the earlier cohorts left
      const MetricPayment mp = metric_payment(m, arms.starters, diff[k].measured_persons, diff[k].measured);
      out.by_metric[k] += mp.amount;
      amount += mp.amount;
      if (k == 0 && mp.threshold_reached) ++out.reaching_threshold;
    }
    amount = std::min(amount, left);
    left -= amount;
    out.by_cohort.push_back(amount);
    out.paid_on.push_back(end_[c]);
    out.total += amount;
  }
  return out;
}

}  // namespace sibsim::models::sib
