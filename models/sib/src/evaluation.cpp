// After the discrete-event run: the starters' work in three arms, the status on the
// evaluation date, dropout by reason and risk factor, the payment and the investors' return.

#include <algorithm>
#include <cmath>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/contract_measures.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/payment_cohorts.hpp"

namespace sibsim::models::sib {
namespace {

bool has_factor(const Person& p, const Trajectory& t, std::size_t k) {
  switch (k) {
    case 0:
      return p.has(Flag::no_partner);
    case 1:
      return p.has(Flag::debts);
    case 2:
      return p.has(Flag::low_education);
    case 3:
      return p.has(Flag::low_self_reliance);
    case 4:
      return p.has(Flag::poor_worker_skills);
    case 5:
      return p.has(Flag::hard_drugs);
    default:
      return t.plus;
  }
}

}  // namespace

ControlPool::ControlPool(const SibParams& params, const PopulationGenerator& population,
                         const std::vector<Person>& persons)
    : params_(params), population_(population), persons_(persons) {
  if (params.evaluation.control != ControlSource::non_participants) return;
  for (std::size_t k = 0; k < params.declared.attributes.size(); ++k)
    if (params.declared.attributes[k].matched) matched_.push_back(static_cast<std::uint8_t>(k));
  keys_ <<= matched_.size();
  // Registry data record employment, so a starter (not in work at the start) is never matched
  // to someone who left the funnel because they already had work.
  const auto candidate = [](const Person& p) {
    return p.outcome != Outcome::started && p.outcome != Outcome::has_work;
  };
  std::array<std::uint32_t, kMaxKeys + 1> count{};
  for (const Person& p : persons)
    if (candidate(p)) ++count[key(p) + 1];
  for (std::size_t k = 0; k < keys_; ++k) offsets_[k + 1] = offsets_[k] + count[k + 1];
  candidates_.resize(offsets_[keys_]);
  std::array<std::uint32_t, kMaxKeys + 1> next = offsets_;
  for (std::uint32_t i = 0; i < persons.size(); ++i)
    if (candidate(persons[i])) candidates_[next[key(persons[i])]++] = i;
}

ControlChoice ControlPool::choose(const engine::StreamFactory& rng, const Person& starter) const {
  auto s = rng.stream(starter.id, static_cast<std::uint64_t>(Purpose::evaluation));
  const double u_match = s.uniform(), u_pick = s.uniform();
  ControlChoice c;
  const ControlSource design = params_.evaluation.control;
  // A randomised trial's controls and a baseline are not pairs (FunnelSimulation::evaluate_programme).
  c.matched = u_match < params_.evaluation.matched_fraction && design != ControlSource::randomised &&
              design != ControlSource::baseline;
  if (design != ControlSource::non_participants || !c.matched) return c;
  const std::size_t k = key(starter), first = offsets_[k], n = offsets_[k + 1] - first;
  if (n == 0) {
    c.matched = false;  // nobody of the same age group and sex to match with
    return c;
  }
  const auto pick = std::min(n - 1, static_cast<std::size_t>(u_pick * static_cast<double>(n)));
  // Its attributes: drawn now if it never had a first talk (the same draws as at a first talk).
  c.person = persons_[candidates_[first + pick]];
  if (!c.person->attributes_drawn) population_.draw_attributes(rng, *c.person);
  return c;
}

StarterWork simulate_starter_work(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                                  const Trajectory& t, const ControlChoice& control) {
  StarterWork w;
  // Work in three arms: the programme, the same person under care as usual (common random
  // numbers: the same uniforms), and the evaluation's control, with its own random numbers.
  w.arm[0] = simulate_work(params, rng, p, t, Arm::programme, p.id);
  w.arm[1] = simulate_work(params, rng, p, t, Arm::care_as_usual, p.id);
  w.matched = control.matched;
  // The idealised twin: the starter's attributes and start. A non-participant: its own
  // attributes, its window from its release.
  Person twin = control.person ? *control.person : p;
  const double start = control.person ? twin.release : t.start;
  twin.id |= kControlTwin;
  w.control_trajectory =
      plan_trajectory(params, rng, twin, control.person ? Programme::basic : p.programme, start);
  if (w.matched)
    w.arm[2] = simulate_work(params, rng, twin, w.control_trajectory, Arm::care_as_usual, twin.id,
                             params.evaluation.control_find_ratio);
  w.dropout = actual_dropout(t, w.arm[0]);  // found work and stopped showing up?
  // Outcomes: re-offending and benefits share their uniforms across the two arms of the same
  // person, the control draws its own.
  auto so = rng.stream(p.id, static_cast<std::uint64_t>(Purpose::outcomes));
  auto sc = rng.stream(twin.id, static_cast<std::uint64_t>(Purpose::outcomes));
  w.u_reoffend = so.uniform();
  w.u_benefits = so.uniform();
  w.u_reoffend_control = sc.uniform();
  w.u_benefits_control = sc.uniform();
  w.u_custody = so.uniform();
  w.u_custody_control = sc.uniform();
  return w;
}

namespace {

/// Adds the months of x's window (from `start`) in which the person worked to the calendar-month
/// series `by_month` (month 0 = series_m0).
void count_worked(const WorkHistory& x, double start, int window_months, std::int64_t series_m0,
                  std::vector<std::uint32_t>& by_month) {
  for (int m = 0; m < window_months && m < 32; ++m) {
    if (!((x.worked_mask >> m) & 1U)) continue;
    const std::int64_t k = engine::month_index(start + m * engine::kDaysPerMonth) - series_m0;
    if (k >= 0 && k < static_cast<std::int64_t>(by_month.size())) ++by_month[static_cast<std::size_t>(k)];
  }
}

/// Follows the persons allocated at the intake who did not start: each window runs from release
/// under care as usual (a control, or a person allocated to the programme who never started it),
/// with the person's own trajectory stream for life events and practical matters. Controls go to
/// arm 2 through add_to_arm(2, history, outcomes) and to the control series; the programme's
/// non-starters to the contract's measures; in_cohort(person, history, outcomes) sees each of them
/// (payment cohorts); the end of measurement moves to the last of their windows. Returns the number
/// of controls and of such non-starters.
template <class AddToArm, class InCohort>
std::pair<std::uint32_t, std::uint32_t> follow_trial_arms(
    const SibParams& params, const engine::StreamFactory& rng, const std::vector<Person>& persons,
    AddToArm&& add_to_arm, InCohort&& in_cohort, ContractMeasures& measures,
    std::vector<std::uint32_t>& employed_control, double& measurement_end) {
  const std::int64_t series_m0 = engine::month_index(params.recruitment.start);
  std::uint32_t controls = 0, programme_nonstarters = 0;
  for (const Person& p : persons) {
    if (p.selected < 0.0 || p.trajectory != ~0U) continue;
    const Trajectory t = plan_trajectory(params, rng, p, Programme::basic, p.release);
    const WorkHistory h = simulate_work(params, rng, p, t, Arm::care_as_usual, p.id);
    auto so = rng.stream(p.id, static_cast<std::uint64_t>(Purpose::outcomes));
    const double u_reoff = so.uniform(), u_ben = so.uniform(), u_custody = so.uniform();
    const PersonOutcomes o = person_outcomes(params.work, h, u_reoff, u_ben, u_custody);
    measurement_end =
        std::max(measurement_end, p.release + params.work.window_months * engine::kDaysPerMonth);
    in_cohort(p, h, o);
    if (p.outcome == Outcome::randomised_to_control) {
      ++controls;
      add_to_arm(2, h, o);
      count_worked(h, p.release, params.work.window_months, series_m0, employed_control);
    } else {
      ++programme_nonstarters;
      measures.add_trial_nonstarter(p.release, h, o);
    }
  }
  return {controls, programme_nonstarters};
}

}  // namespace

void FunnelSimulation::evaluate_programme(FunnelResult& res) const {
  const SibParams& sp = params_;
  const WorkParams& w = sp.work;
  const PaymentParams& pay = sp.payment;
  ProgrammeResult& r = res.programme;
  const double status_date = sp.evaluation.status_date;
  const double window_days = w.window_months * engine::kDaysPerMonth;

  const std::vector<PaymentMetric> metrics = contract_metrics(pay);
  ContractMeasures measures(sp, metrics);
  // Payment cohorts (PaymentParams::new_cohort_from): each measured on its own persons as well.
  PaymentCohorts cohorts(sp, metrics);
  const std::int64_t series_m0 = engine::month_index(sp.recruitment.start);
  r.employed.assign(static_cast<std::size_t>(caseload_series_months(sp)), 0);
  r.employed_control.assign(r.employed.size(), 0);
  // Persons are in id order, trajectories in order of contact: in a large population the lookup
  // is a cache miss per starter, so fetch the trajectory of a person a few starters ahead.
  constexpr std::size_t kAhead = 32;
  const ControlPool pool(sp, population_, persons_);
  // One person's window in arm a (0 programme, 1 care as usual, 2 control) added to the arm's
  // counts and to the contract's measures.
  const auto add_to_arm = [&](std::size_t a, const WorkHistory& x, const PersonOutcomes& o) {
    r.work_months[a] += x.contract_months;
    r.durable[a] += x.contract_months >= 18;
    r.temporary[a] += x.contract_months >= 12 && x.contract_months < 18;
    r.employed_month_12[a] += (x.worked_mask >> 11) & 1U;
    r.ever_employed[a] += x.months_worked > 0;
    r.reoffended[a] += o.reoffended;
    r.on_benefits[a] += o.on_benefits;
    measures.add(a, x, o);
  };
  for (std::size_t i = 0; i < persons_.size(); ++i) {
    if (i + kAhead < persons_.size() && persons_[i + kAhead].trajectory != ~0U) {
      const Trajectory* next = &trajectories_[persons_[i + kAhead].trajectory];
      __builtin_prefetch(next);
      __builtin_prefetch(reinterpret_cast<const char*>(next) + sizeof(Trajectory) - 1);
    }
    const Person& p = persons_[i];
    if (p.trajectory == ~0U) continue;
    const Trajectory& t = trajectories_[p.trajectory];
    ++r.starters;
    r.reduced_intensity += t.reduced_intensity;

    enter_stage(ReplicationStage::work);
    const StarterWork sw = simulate_starter_work(sp, *rng_, p, t, pool.choose(*rng_, p));
    enter_stage(ReplicationStage::evaluation);
    const std::array<WorkHistory, 3>& h = sw.arm;

    // Participants and their matched controls in work by calendar month (each from its own start).
    count_worked(h[0], t.start, w.window_months, series_m0, r.employed);
    if (sw.matched)
      count_worked(h[2], sw.control_trajectory.start, w.window_months, series_m0, r.employed_control);
    const auto [dropout, reason] = sw.dropout;
    const bool dropped = std::isfinite(dropout);
    if (dropped) {
      ++r.dropouts_total;
      r.dropouts_after_work += h[0].stopped_after_work <= dropout;
      ++r.dropouts[static_cast<std::size_t>(reason)];
      const auto month = static_cast<std::size_t>((dropout - t.start) / engine::kDaysPerMonth);
      if (month < r.dropouts_by_month.size()) ++r.dropouts_by_month[month];
    }
    for (std::size_t k = 0; k < kDropoutFactorNames.size(); ++k) {
      if (has_factor(p, t, k)) {
        ++r.factor_yes[k];
        r.factor_yes_dropped[k] += dropped;
      } else {
        ++r.factor_no[k];
        r.factor_no_dropped[k] += dropped;
      }
    }
    if (const TrajectoryStatus st = status_on(t, dropout, status_date, sp.programme.completed_at).status;
        st != TrajectoryStatus::started_later) {
      ++r.status_base;
      r.dropped_out += st == TrajectoryStatus::dropped_out;
      r.completed += st == TrajectoryStatus::completed;
      r.in_trajectory += st == TrajectoryStatus::in_trajectory;
    }
    if (h[0].status_date_in_window) {
      ++r.employed_base;
      r.employed_at_status += h[0].employed_at_status_date;
      r.stable_job_at_status += h[0].stable_job_at_status_date;
    }

    // Outcomes per arm: the two arms of the same person share their uniforms (StarterWork), the
    // control draws its own.
    PersonOutcomes own = person_outcomes(w, h[0], sw.u_reoffend, sw.u_benefits, sw.u_custody);
    own.started = true;
    const PersonOutcomes as_usual = person_outcomes(w, h[1], sw.u_reoffend, sw.u_benefits, sw.u_custody);
    const PersonOutcomes control =
        person_outcomes(w, h[2], sw.u_reoffend_control, sw.u_benefits_control, sw.u_custody_control);
    r.matched += sw.matched;
    add_to_arm(0, h[0], own);
    add_to_arm(1, h[1], as_usual);
    if (sw.matched) add_to_arm(2, h[2], control);  // no control: the pair is not measured
    measures.add_window(t.start, h[0], own, sw.matched, h[2], control);
    cohorts.add_starter(p.started, sw.matched, h, own, as_usual, control, t.start,
                        sw.control_trajectory.start);
    // The evaluator pays once every measured window has ended: the starter's and its control's.
    r.measurement_end = std::max(r.measurement_end, t.start + window_days);
    if (sw.matched)
      r.measurement_end = std::max(r.measurement_end, sw.control_trajectory.start + window_days);
  }
  EvaluationArms arms;
  arms.design = sp.evaluation.control;
  arms.starters = r.starters;
  arms.matched = r.matched;
  if (arms.design == ControlSource::randomised) {
    // Intention to treat: everyone allocated to the programme (the starters, and those lost after
    // the allocation, whose window runs under care as usual from release) against everyone
    // allocated to control (ContractMeasures).
    const auto [controls, nonstarters] =
        follow_trial_arms(sp, *rng_, persons_, add_to_arm, cohorts.trial_person(), measures,
                          r.employed_control, r.measurement_end);
    r.matched = controls;
    arms.controls = controls;
    arms.programme_allocated = r.starters + nonstarters;
  }
  const std::vector<MeasuredDifference> diff = measures.differences(arms);
  const MeasuredDifference& work_measure = diff[metrics.size()];
  const MeasuredDifference& reoffending_measure = diff[metrics.size() + 1];
  const MeasuredDifference& custody_measure = diff[metrics.size() + 2];
  r.measured_extra = work_measure.measured;

  // The contract: each metric priced on its measured difference; the headline metric (the first)
  // decides the threshold and the full ambition.
  enter_stage(ReplicationStage::payment);
  const double starters = r.starters;
  r.metric_measured.clear();
  r.metric_true.clear();
  r.metric_payout.clear();
  double total = 0;
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    const MetricPayment mp = metric_payment(metrics[k], starters, diff[k].measured_persons, diff[k].measured);
    r.metric_measured.push_back(diff[k].measured);
    r.metric_true.push_back(diff[k].truth);
    r.metric_payout.push_back(mp.amount);
    total += mp.amount;
    if (k == 0) {
      r.threshold_reached = mp.threshold_reached;
      r.full_ambition_reached = mp.target_reached;
      r.threshold_reached_true =
          metric_payment(metrics[k], starters, starters, diff[k].truth).threshold_reached;
    }
  }
  r.payout = std::min(pay.total_cap.value_or(std::numeric_limits<double>::infinity()), total);

  // Investors: the investment at the start of recruitment; interim payments of the headline
  // metric's payment earned so far (windows that have ended, pro rata) on the schedule dates; the
  // rest at the end of measurement.
  const std::vector<std::pair<double, double>> accrual = measures.headline_accrual(arms);
  const double t0 = sp.recruitment.start;
  std::vector<std::pair<double, double>> flows = {{0.0, -pay.investment}};
  double paid = 0;
  for (const Step& step : pay.interim_share) {
    if (step.from >= r.measurement_end || metrics.empty()) break;
    double earned = 0;
    for (const auto& [start, extra] : accrual)
      earned += extra * std::clamp((step.from - start) / window_days, 0.0, 1.0);
    // The contract's rule on what has been earned so far (the threshold is the full ambition's).
    const double due =
        step.value * std::min(pay.total_cap.value_or(std::numeric_limits<double>::infinity()),
                              metric_payment(metrics[0], starters, diff[0].measured_persons, earned).amount);
    if (due > paid) {
      flows.push_back({(step.from - t0) / engine::kDaysPerYear, due - paid});
      paid = due;
    }
  }
  if (cohorts.size() > 1) {
    // Each cohort priced on its own differences and paid when its windows end (no interim payments:
    // the loader refuses both); caps hold over the cohorts together, in cohort order.
    const CohortPayments cp = cohorts.pay(arms.design, pay.total_cap);
    r.metric_payout = cp.by_metric;
    r.payout = cp.total;
    r.cohort_payout = cp.by_cohort;
    r.cohorts_reaching_threshold = cp.reaching_threshold;
    for (std::size_t c = 0; c < cp.by_cohort.size(); ++c)
      flows.push_back({(cp.paid_on[c] - t0) / engine::kDaysPerYear, cp.by_cohort[c]});
  } else {
    flows.push_back({(r.measurement_end - t0) / engine::kDaysPerYear, std::max(0.0, r.payout - paid)});
  }
  double received = 0;
  for (std::size_t i = 1; i < flows.size(); ++i) received += flows[i].second;
  r.investor_multiple =
      pay.investment > 0 ? received / pay.investment : std::numeric_limits<double>::quiet_NaN();
  r.investor_irr = internal_rate_of_return(flows);

  // Government savings from the measured differences (unit costs are assumptions).
  r.government_savings = (pay.saving_per_work_month + pay.saving_per_benefit_month) * work_measure.measured +
                         pay.saving_per_avoided_reoffence * reoffending_measure.measured +
                         pay.saving_per_custody_day * custody_measure.measured;

  // Counsellor caseload (phases 1-3) on the first of each month, from the recruitment start's
  // month to caseload_series_months later.
  enter_stage(ReplicationStage::evaluation);
  const std::int64_t m0 = engine::month_index(sp.recruitment.start);
  for (std::int64_t m = 0; m < caseload_series_months(sp); ++m) {
    const double day = engine::month_start(m0 + m);
    std::uint32_t n = 0;
    for (const Trajectory& t : trajectories_) n += t.start <= day && day < t.end();
    r.caseload.push_back(n);
  }
}

}  // namespace sibsim::models::sib
