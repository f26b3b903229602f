#pragma once
/// \file payment_cohorts.hpp
/// Payment by cohort (PaymentParams::new_cohort_from): the starters, and a randomised trial's other
/// allocated persons, fall into cohorts by the day their window starts; each cohort's metrics are
/// measured over its own persons (ContractMeasures), priced with the thresholds per participant of
/// the cohort (payment.hpp), and paid when the cohort's last measured window ends. A metric's cap
/// and the total cap hold over all cohorts together, filled in cohort order. Without cohorts
/// (size() == 1) nothing is recorded and the contract is paid as one (evaluation.cpp).

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sibsim/models/sib/contract_measures.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"
#include "sibsim/models/sib/programme.hpp"

namespace sibsim::models::sib {

/// What the cohorts are paid.
struct CohortPayments {
  std::vector<double> by_metric;  ///< each metric over all cohorts (its cap applied)
  std::vector<double> by_cohort;  ///< each cohort's payment (the total cap applied)
  std::vector<double> paid_on;    ///< clock day each cohort is paid: the end of its last window
  double total = 0;
  std::uint32_t reaching_threshold = 0;  ///< cohorts whose headline metric reached its threshold
};

class PaymentCohorts {
 public:
  /// Both references must outlive the object.
  PaymentCohorts(const SibParams& params, const std::vector<PaymentMetric>& metrics);

  /// Number of cohorts (1: the contract has none).
  std::size_t size() const noexcept { return params_.payment.new_cohort_from.size() + 1; }

  /// A starter (start as counted: `started`) with its three arms' histories and outcomes, its
  /// window's start and, if matched, its control's window start.
  void add_starter(double started, bool matched, const std::array<WorkHistory, 3>& h,
                   const PersonOutcomes& own, const PersonOutcomes& as_usual, const PersonOutcomes& control,
                   double window_start, double control_start);
  /// The hook for a randomised trial's allocated persons who did not start (their window from
  /// release): a control, or allocated to the programme.
  auto trial_person() {
    return [this](const Person& p, const WorkHistory& h, const PersonOutcomes& o) { add_trial(p, h, o); };
  }
  /// Each cohort priced under the evaluation `design`, caps filled in cohort order.
  CohortPayments pay(ControlSource design, std::optional<double> total_cap) const;

 private:
  void add_trial(const Person& p, const WorkHistory& h, const PersonOutcomes& o);
  std::size_t cohort_of(double day) const noexcept;

  const SibParams& params_;
  const std::vector<PaymentMetric>& metrics_;
  double window_days_ = 0;
  std::vector<ContractMeasures> measures_;  ///< per cohort (empty without cohorts)
  std::vector<EvaluationArms> arms_;
  std::vector<double> end_;  ///< last day of each cohort's measured windows
};

}  // namespace sibsim::models::sib
