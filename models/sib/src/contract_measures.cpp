#include "sibsim/models/sib/contract_measures.hpp"

#include <algorithm>
#include <cmath>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/payment.hpp"

namespace sibsim::models::sib {

PersonOutcomes person_outcomes(const WorkParams& w, const WorkHistory& x, double u_reoffend,
                               double u_benefits, double u_custody) noexcept {
  PersonOutcomes o;
  const bool worked = static_cast<int>(x.months_worked) >= w.worked_months_for_work;
  o.reoffended = u_reoffend < (worked ? w.reoffend_with_work : w.reoffend_without_work);
  o.on_benefits = !x.employed_at_end && u_benefits < w.benefits_if_not_working;
  if (o.reoffended)
    o.custody_days = std::min(-w.custody_days_if_reoffended * std::log(u_custody),
                              w.window_months * engine::kDaysPerMonth);
  return o;
}

double outcome_value(const PaymentMetric& m, const WorkHistory& x, const PersonOutcomes& o) noexcept {
  switch (m.outcome) {
    case MetricOutcome::work_months:
      return x.contract_months;
    case MetricOutcome::durable_work:
      return x.contract_months >= 18 ? 1.0 : 0.0;
    case MetricOutcome::employed_quarter: {
      const std::uint32_t months = 7U << (3 * (m.quarter.value_or(1) - 1));  // the quarter's three months
      return (x.worked_mask & months) != 0 ? 1.0 : 0.0;
    }
    case MetricOutcome::employed_month_12:
      return (x.worked_mask >> 11) & 1U;
    case MetricOutcome::reoffended:
      return o.reoffended ? 1.0 : 0.0;
    case MetricOutcome::custody_days:
      return o.custody_days;
    case MetricOutcome::on_benefits:
      return o.on_benefits ? 1.0 : 0.0;
    case MetricOutcome::started:
      return o.started ? 1.0 : 0.0;
  }
  return 0.0;
}

ContractMeasures::ContractMeasures(const SibParams& params, std::vector<PaymentMetric> metrics)
    : params_(params), measures_(std::move(metrics)), contract_size_(measures_.size()) {
  for (const MetricOutcome o :
       {MetricOutcome::work_months, MetricOutcome::reoffended, MetricOutcome::custody_days}) {
    PaymentMetric m;
    m.outcome = o;
    measures_.push_back(m);
  }
  sums_.resize(measures_.size());
}

void ContractMeasures::add(std::size_t arm, const WorkHistory& x, const PersonOutcomes& o) {
  for (std::size_t k = 0; k < measures_.size(); ++k) sums_[k].arm[arm] += outcome_value(measures_[k], x, o);
}

void ContractMeasures::add_window(double start, const WorkHistory& x, const PersonOutcomes& o, bool paired,
                                  const WorkHistory& control, const PersonOutcomes& co) {
  if (paired)
    for (std::size_t k = 0; k < measures_.size(); ++k)
      sums_[k].programme_paired += outcome_value(measures_[k], x, o);
  if (contract_size_ == 0) return;
  const PaymentMetric& head = measures_.front();
  windows_.push_back(
      {start, outcome_value(head, x, o), paired ? outcome_value(head, control, co) : 0.0, paired, true});
}

void ContractMeasures::add_trial_nonstarter(double start, const WorkHistory& x, const PersonOutcomes& o) {
  for (std::size_t k = 0; k < measures_.size(); ++k)
    sums_[k].trial_nonstarters += outcome_value(measures_[k], x, o);
  if (contract_size_ > 0)
    windows_.push_back({start, outcome_value(measures_.front(), x, o), 0.0, false, false});
}

double ContractMeasures::baseline_of(const PaymentMetric& m) const noexcept {
  if (m.comparison == MetricComparison::baseline) return m.baseline.value_or(0.0);
  // The evaluation's baseline design gives these two (the scenario check allows no other).
  const EvaluationParams& ev = params_.evaluation;
  if (m.outcome == MetricOutcome::work_months) return ev.baseline_work_months.value_or(0.0);
  if (m.outcome == MetricOutcome::reoffended) return ev.baseline_reoffended.value_or(0.0);
  return 0.0;
}

namespace {
/// How a metric compares, after resolving `evaluation` to the design.
enum class Compare : std::uint8_t { pairs, trial, baseline, none };
Compare compare_of(const PaymentMetric& m, ControlSource design) noexcept {
  if (m.comparison == MetricComparison::none) return Compare::none;
  if (m.comparison == MetricComparison::baseline || design == ControlSource::baseline)
    return Compare::baseline;
  return design == ControlSource::randomised ? Compare::trial : Compare::pairs;
}
}  // namespace

MeasuredDifference ContractMeasures::difference(const PaymentMetric& m, const Sums& s,
                                                const EvaluationArms& a) const {
  // Each difference is written as programme minus comparison in the outcome's good direction.
  const bool less = measure_of(m.outcome).less_is_better;
  const auto good = [less](double programme, double comparison) {
    return less ? comparison - programme : programme - comparison;
  };
  MeasuredDifference d;
  d.truth = good(s.arm[0], s.arm[1]);
  d.measured_persons = a.starters;
  switch (compare_of(m, a.design)) {
    case Compare::pairs: {
      // The matched pairs' difference, scaled to all starters.
      const double scale = a.matched > 0 ? a.starters / a.matched : 0.0;
      d.measured = good(s.programme_paired, s.arm[2]) * scale;
      break;
    }
    case Compare::trial: {
      // Intention to treat: everyone allocated to the programme against the controls' mean.
      const bool measurable = a.controls > 0 && a.programme_allocated > 0;
      const double control_mean = measurable ? s.arm[2] / a.controls : 0.0;
      d.measured =
          measurable ? good(s.arm[0] + s.trial_nonstarters, control_mean * a.programme_allocated) : 0.0;
      d.measured_persons = measurable ? a.programme_allocated : 0.0;
      break;
    }
    case Compare::baseline:
      d.measured = good(s.arm[0], baseline_of(m) * a.starters);
      break;
    case Compare::none:
      d.measured = s.arm[0];
      break;
  }
  return d;
}

std::vector<MeasuredDifference> ContractMeasures::differences(const EvaluationArms& arms) const {
  std::vector<MeasuredDifference> out;
  out.reserve(measures_.size());
  for (std::size_t k = 0; k < measures_.size(); ++k) out.push_back(difference(measures_[k], sums_[k], arms));
  return out;
}

std::vector<std::pair<double, double>> ContractMeasures::headline_accrual(const EvaluationArms& arms) const {
  std::vector<std::pair<double, double>> out;
  if (contract_size_ == 0) return out;
  const PaymentMetric& m = measures_.front();
  const bool less = measure_of(m.outcome).less_is_better;
  const auto good = [less](double programme, double comparison) {
    return less ? comparison - programme : programme - comparison;
  };
  const Compare how = compare_of(m, arms.design);
  const double scale = arms.matched > 0 ? arms.starters / arms.matched : 0.0;
  const bool measurable = arms.controls > 0 && arms.programme_allocated > 0;
  const double control_mean = measurable ? sums_.front().arm[2] / arms.controls : 0.0;
  for (const Window& w : windows_) {
    switch (how) {
      case Compare::pairs:
        if (w.paired) out.emplace_back(w.start, good(w.programme, w.control) * scale);
        break;
      case Compare::trial:
        out.emplace_back(w.start, measurable ? good(w.programme, control_mean) : 0.0);
        break;
      case Compare::baseline:
        if (w.starter) out.emplace_back(w.start, good(w.programme, baseline_of(m)));
        break;
      case Compare::none:
        if (w.starter) out.emplace_back(w.start, w.programme);
        break;
    }
  }
  return out;
}

}  // namespace sibsim::models::sib
