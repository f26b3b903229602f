#include "sibsim/models/sib/programme.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/population.hpp"

namespace sibsim::models::sib {

const std::array<const char*, kDropoutReasons> kDropoutReasonNames = {"none", "no_effort", "clinic",
                                                                      "custody", "other"};
const std::array<const char*, kDropoutReasons> kDropoutReasonLabels = {
    "none", "no credible effort / stops showing up / no contact", "long-term addiction-clinic admission",
    "back in custody", "other (cannot commit 24 h/week, ...)"};

namespace {

constexpr double kWeek = 7.0;
constexpr double kMonth = engine::kDaysPerMonth;

std::uint64_t purpose(Purpose p) noexcept { return static_cast<std::uint64_t>(p); }

/// Time (days after the start) at which the cumulative hazard
/// H(t) = base * (t + boost * tau * (1 - exp(-t / tau))) (t, tau in months) reaches e, or kNever
/// if that is after `horizon` days. H is increasing and concave, so Newton's method from the
/// lower bound e / H'(0) approaches the root monotonically from below.
double time_to_event(double base, double boost, double tau, double e, double horizon) {
  if (base <= 0.0) return kNever;
  auto H = [&](double t) { return base * (t + boost * tau * (1.0 - std::exp(-t / tau))); };
  const double horizon_months = horizon / kMonth;
  if (!(H(horizon_months) >= e)) return kNever;  // most persons: no event of this cause in time
  double t = e / (base * (1.0 + boost));
  for (int i = 0; i < 50; ++i) {
    const double step = (e - H(t)) / (base * (1.0 + boost * std::exp(-t / tau)));
    t += step;
    if (step < 1e-10 * (1.0 + t)) break;
  }
  return t * kMonth;
}

double exp_from(double u, double mean) noexcept { return -mean * std::log(u); }

int practical_problems(const Person& p) noexcept {
  return p.has(Flag::unstable_housing) + p.has(Flag::debts) + p.has(Flag::low_self_reliance);
}

}  // namespace

StatusOnDate status_on(const Trajectory& t, double dropout_day, double date, CompletionRule rule) noexcept {
  if (!(t.counted_from < date)) return {TrajectoryStatus::started_later, t.counted_from};
  if (dropout_day <= date) return {TrajectoryStatus::dropped_out, dropout_day};
  const double completed = completion_day(t, rule);
  if (completed <= date) return {TrajectoryStatus::completed, completed};
  return {TrajectoryStatus::in_trajectory, date};
}

bool meets_handbook(const Person& p) noexcept {
  const bool severe_seen = p.severe_problem && (p.addiction_detected || p.psychiatric_detected);
  return meets_work_potential_rule(p) && !severe_seen;
}

Trajectory plan_trajectory(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                           Programme programme, double start, double counted_from) {
  const ProgrammeParams& g = params.programme;
  const DropoutParams& d = params.dropout;
  const WorkParams& w = params.work;
  auto s = rng.stream(p.id, purpose(Purpose::trajectory));
  double u[12];
  for (double& x : u) x = s.uniform();

  Trajectory t;
  t.start = start;
  t.counted_from = std::min(counted_from, start);
  t.plus = programme == Programme::plus;
  double practical = 0.0;
  for (int k = 0, n = practical_problems(p); k < n; ++k)
    practical += exp_from(u[k], g.practical_weeks_per_problem);
  // Diagnosis and plan, less the part already done in the PI (counted from the intake); practical
  // matters (ID, bank account, benefits, housing, debts) are arranged after release.
  const double in_pi_weeks = (start - t.counted_from) / kWeek;
  const double phase1 =
      std::max(0.0, g.phase1_min_weeks + u[3] * (g.phase1_max_weeks - g.phase1_min_weeks) - in_pi_weeks) +
      practical;
  double active = phase1 + g.phase2_weeks + (t.plus ? g.phase3_plus_weeks : g.phase3_basic_weeks) +
                  exp_from(u[11], g.extension_weeks_mean);
  if (!t.plus && u[4] < g.conversion_to_plus) {
    t.plus = true;
    active += g.conversion_extra_weeks;
  }
  t.search_from = start + phase1 * kWeek;

  // A short custody spell interrupts work (both arms, anywhere in the measurement window) and, during
  // the active phases, extends the trajectory.
  const double window = w.window_months * kMonth;
  const double spell_at = d.custody_spell_rate > 0 ? exp_from(u[5], kMonth / d.custody_spell_rate) : kNever;
  const double spell_len = exp_from(u[6], d.custody_spell_mean_days);
  double completion = start + active * kWeek;
  if (spell_at < window) {
    t.away_from = start + spell_at;
    t.away_to = t.away_from + spell_len;
  }
  if (start + spell_at < completion) completion += spell_len;
  t.completion = completion;
  t.followup_end = completion + g.followup_weeks * kWeek;

  // Dropout: competing risks. Risk factors raise the effort-related hazards.
  double hr = 1.0;
  if (p.has(Flag::no_partner)) hr *= d.hr_no_partner;
  if (p.has(Flag::debts)) hr *= d.hr_debts;
  if (p.has(Flag::low_education)) hr *= d.hr_low_education;
  if (p.has(Flag::low_self_reliance)) hr *= d.hr_low_self_reliance;
  if (p.has(Flag::poor_worker_skills)) hr *= d.hr_poor_worker_skills;
  if (p.has(Flag::hard_drugs)) hr *= d.hr_hard_drugs;
  if (t.plus) hr *= d.hr_plus;
  hr *= declared_dropout_ratio(params.declared, p);
  const double clinic_base =
      p.addiction == 0 ? 0.0 : d.clinic_rate * (p.addiction == 2 ? d.clinic_current_ratio : 1.0);
  const std::array<std::pair<DropoutReason, double>, 4> risks = {
      {{DropoutReason::no_effort, d.no_effort_rate * hr},
       {DropoutReason::clinic, clinic_base},
       {DropoutReason::custody, d.custody_rate},
       {DropoutReason::other, d.other_rate * hr}}};
  // A clinic admission or a return to custody is an event of the person's life: it takes the person
  // away from work for a while in both arms, whether or not the programme still runs, so it is drawn
  // over the measurement window too (care as usual and the evaluation's control then do not depend on
  // how long the programme lasts). Before completion the first event of any cause is the dropout.
  double life_event = kNever;
  for (std::size_t k = 0; k < risks.size(); ++k) {
    const bool life = risks[k].first == DropoutReason::clinic || risks[k].first == DropoutReason::custody;
    const double horizon = life ? std::max(window, t.completion - start) : t.completion - start;
    const double e = -std::log(u[7 + k]);  // Exp(1) for each cause, drawn whatever the causes
    const double at = start + time_to_event(risks[k].second, d.early_boost, d.early_months, e, horizon);
    if (at < t.completion && at < t.dropout) {
      t.dropout = at;
      t.reason = risks[k].first;
    }
    if (life) life_event = std::min(life_event, at);
  }
  if (life_event < start + window) {
    t.away_from = life_event;
    t.away_to = life_event + 6.0 * kMonth;
  }

  // Who the programme is for: the full effect for the handbook's target group.
  t.effect_share = 1.0;
  if (!meets_handbook(p)) {
    if (p.severe_problem)
      t.effect_share = w.effect_share_severe_addiction;
    else if (p.work_potential >= 2)
      t.effect_share = w.effect_share_high_potential;
  }
  return t;
}

WorkHistory simulate_work(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                          const Trajectory& t, Arm arm, std::uint64_t uniforms_entity, double find_ratio) {
  const WorkParams& w = params.work;
  const DropoutParams& d = params.dropout;
  auto s = rng.stream(uniforms_entity, purpose(Purpose::work));
  double mult = w.find_by_work_potential[p.work_potential] * find_ratio;
  if (p.has(Flag::poor_worker_skills)) mult *= w.find_hr_poor_worker_skills;
  if (p.has(Flag::hard_drugs)) mult *= w.find_hr_hard_drugs;
  if (p.addiction == 2) mult *= w.find_hr_current_addiction;
  mult *= declared_find_ratio(params.declared, p);
  const double cau_search_from =
      t.start + practical_problems(p) * w.cau_practical_months_per_problem * kMonth;
  const double extra = (w.programme_effect - 1.0) * t.effect_share *
                       (t.reduced_intensity ? params.counsellors.intensity_when_full : 1.0);

  // Monthly probability of finding work: under care as usual, with the programme's full effect
  // (phases 2-3) and with half of it (follow-up). The same expressions as per month, once.
  const double p_find = 1.0 - std::exp(-w.find_rate * mult);
  const double p_find_full = 1.0 - std::exp(-w.find_rate * (mult * (1.0 + extra)));
  const double p_find_half = 1.0 - std::exp(-w.find_rate * (mult * (1.0 + 0.5 * extra)));
  // Monthly probability of losing a short or a stable job, and the programme's hazard ratio on it
  // from phase 2 to the end of the follow-up (scaled like the effect on finding work).
  const std::array<double, 2> p_loss = {1.0 / w.short_job_months, 1.0 / w.stable_job_months};
  const double loss_ratio = 1.0 - (1.0 - w.programme_job_loss_ratio) * t.effect_share *
                                      (t.reduced_intensity ? params.counsellors.intensity_when_full : 1.0);

  WorkHistory h;
  bool employed = false, stable = false, contract_hours = false;
  double stopped = kNever;
  for (int m = 0; m < w.window_months; ++m) {
    const double day = t.start + m * kMonth;
    // Two uniforms per month whatever happens (common random numbers across arms and scenarios).
    const double u = s.uniform(), u_stop = s.uniform();
    // In the programme (not dropped out, not stopped after finding work): the effect on finding
    // and keeping work applies from phase 2 (after diagnosis, plan and practical matters).
    const bool in_programme = arm == Arm::programme && day < t.dropout && day < stopped;
    const bool supported = in_programme && day >= t.search_from && day < t.followup_end;
    if (day >= t.away_from && day < t.away_to) {
      employed = false;  // in custody or a clinic
    } else if (employed) {
      if (u < p_loss[stable] * (supported ? loss_ratio : 1.0)) employed = false;
    } else {
      // Everyone searches as under care as usual once practical matters allow; the programme
      // adds its effect from phase 2 until completion, and half of it in the follow-up.
      const bool boosted = in_programme && day >= t.search_from;
      if (boosted || day >= cau_search_from) {
        double p_month = p_find;
        if (boosted && day < t.completion)
          p_month = p_find_full;
        else if (boosted && day < t.followup_end)
          p_month = p_find_half;
        if (u < p_month) {
          employed = true;
          // Given a job is found (u < p_month), u / p_month is again uniform on (0, 1): it
          // decides the kind of job without a draw of its own.
          const double p_stable = p_month * w.stable_job_share;
          stable = u < p_stable;
          // Within the kind, the position of u is uniform again: it decides the hours.
          const double v = stable ? u / p_stable : (u - p_stable) / (p_month - p_stable);
          const bool programme_job = in_programme && day < t.followup_end;
          contract_hours = v < (programme_job ? w.contract_hours_share_in_programme : w.contract_hours_share);
          if (in_programme && day < t.completion && u_stop < d.stop_after_work) stopped = day;
        }
      }
    }
    h.months_worked += employed;
    h.contract_months += employed && contract_hours;
    if (employed && m < 32) h.worked_mask |= 1U << m;
    const double status = params.evaluation.status_date;
    if (status >= day && status < day + kMonth) {
      h.status_date_in_window = true;
      h.employed_at_status_date = employed;
      h.stable_job_at_status_date = employed && stable;
    }
  }
  h.employed_at_end = employed;
  h.stopped_after_work = stopped;
  return h;
}

}  // namespace sibsim::models::sib
