#pragma once
/// \file contract_measures.hpp
/// The outcomes a contract pays on, measured from each person's simulated history: sums per arm
/// while the evaluation walks the starters (and a randomised trial's other persons), then the
/// measured and true differences per metric under the evaluation's design. payment.hpp prices
/// the differences.

#include <array>
#include <vector>

#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/programme.hpp"

namespace sibsim::models::sib {

/// One person's outcomes beyond the work history (drawn from the person's outcome uniforms).
struct PersonOutcomes {
  bool reoffended = false;   ///< within two years
  bool on_benefits = false;  ///< at the end of the window
  double custody_days = 0;   ///< in the window (WorkParams::custody_days_if_reoffended)
  bool started = false;      ///< a starter in the programme arm
};
/// The outcomes of a person with work history `x`, from the uniforms of its outcome stream.
PersonOutcomes person_outcomes(const WorkParams& w, const WorkHistory& x, double u_reoffend,
                               double u_benefits, double u_custody) noexcept;

/// One person's value of a metric's outcome (months, days, or 1/0 for yes/no outcomes).
double outcome_value(const PaymentMetric& m, const WorkHistory& x, const PersonOutcomes& o) noexcept;

/// A measured quantity's differences over the participants, in the outcome's good direction.
struct MeasuredDifference {
  double measured = 0;          ///< as the evaluation measures it
  double measured_persons = 0;  ///< persons whose outcomes were compared (metric_payment)
  double truth = 0;             ///< the starters in the programme against themselves under care as usual
};

/// How the evaluation's arms are compared (EvaluationParams::control).
struct EvaluationArms {
  ControlSource design = ControlSource::twin;
  double starters = 0;
  double matched = 0;              ///< pairs: starters with a control
  double controls = 0;             ///< randomised: persons allocated to control
  double programme_allocated = 0;  ///< randomised: starters and allocated non-starters
};

/// Sums of the metrics' outcomes per arm over one replication, and the headline metric's per-
/// person differences by window start (for interim payments).
class ContractMeasures {
 public:
  /// `metrics` are priced (contract_metrics); measured too are extra work-months, re-offending
  /// and custody days against the evaluation (government savings): see the accessors.
  ContractMeasures(const SibParams& params, std::vector<PaymentMetric> metrics);

  /// A starter's window in arm 0 (programme), 1 (care as usual) or 2 (its matched control), or a
  /// randomised trial's control in arm 2.
  void add(std::size_t arm, const WorkHistory& x, const PersonOutcomes& o);
  /// A starter's programme window from `start` (for interim payments), and, when the starter has a
  /// matched control, the pair's programme side.
  void add_window(double start, const WorkHistory& x, const PersonOutcomes& o, bool paired,
                  const WorkHistory& control, const PersonOutcomes& co);
  /// A person allocated to the programme in a randomised trial who did not start, from `start`.
  void add_trial_nonstarter(double start, const WorkHistory& x, const PersonOutcomes& o);

  /// Every metric's differences, once all persons are added; entries past the contract's metrics
  /// are the measures of work_months, reoffended and custody_days (kSavingsMeasures).
  std::vector<MeasuredDifference> differences(const EvaluationArms& arms) const;
  /// The headline metric's difference per window (start day, difference), as measured; call after
  /// the arms are known.
  std::vector<std::pair<double, double>> headline_accrual(const EvaluationArms& arms) const;
  std::size_t contract_size() const noexcept { return contract_size_; }

 private:
  struct Sums {
    std::array<double, 3> arm{};   ///< programme, care as usual, control
    double programme_paired = 0;   ///< the programme side of the measured pairs
    double trial_nonstarters = 0;  ///< randomised: allocated to the programme, never started
  };
  double baseline_of(const PaymentMetric& m) const noexcept;
  MeasuredDifference difference(const PaymentMetric& m, const Sums& s, const EvaluationArms& a) const;

  const SibParams& params_;
  std::vector<PaymentMetric> measures_;  ///< the contract's, then the savings' measures
  std::size_t contract_size_ = 0;
  std::vector<Sums> sums_;
  /// The headline metric per window: start, the programme's and the matched control's values.
  struct Window {
    double start = 0, programme = 0, control = 0;
    bool paired = false, starter = true;
  };
  std::vector<Window> windows_;
};
/// Measures appended after the contract's metrics (ContractMeasures::differences).
inline constexpr std::size_t kSavingsMeasures = 3;

}  // namespace sibsim::models::sib
