#include "sibsim/models/sib/sib_model.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/kpi_catalogue.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/vocabulary.hpp"

namespace sibsim::models::sib {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// count / total, or NaN (undefined) when total is zero.
double share(double count, double total) noexcept { return total > 0 ? count / total : kNaN; }
/// 1 or 0 as pred(x) holds; NaN when x is (an undefined input stays undefined).
template <class Pred>
double yes_no(double x, Pred pred) noexcept {
  return std::isnan(x) ? kNaN : (pred(x) ? 1.0 : 0.0);
}

std::uint32_t nonstarters(const FunnelResult& r) noexcept {
  return r.eligible - r.started - r.outcomes[static_cast<std::size_t>(Outcome::pending)];
}

/// Persons lost for a reason of category c; `reasons` indexes r.outcomes (reason_catalogue).
std::uint32_t category_count(const FunnelResult& r, const std::vector<Reason>& reasons,
                             ReasonCategory c) noexcept {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < reasons.size(); ++i)
    if (reasons[i].category == c) n += r.outcomes[i];
  return n;
}

}  // namespace

void SibModel::add(std::string name, std::string_view unit, std::string_view description, Extract f) {
  engine::KpiInfo info;
  info.name = std::move(name);
  info.unit = in_words(unit, params_.vocabulary, "en");
  info.description = in_words(description, params_.vocabulary, "en");
  kpis_.push_back(std::move(info));
  extract_.push_back(std::move(f));
}

void SibModel::add(std::string_view name, Extract f) {
  const KpiEntry* entry = find_kpi_entry(name);
  if (!entry) throw std::logic_error("KPI '" + std::string(name) + "' is not in the KPI catalogue");
  engine::KpiInfo info = to_kpi_info(*entry);
  info.label = in_words(info.label, params_.vocabulary, "en");
  info.unit = in_words(info.unit, params_.vocabulary, "en");
  info.description = in_words(info.description, params_.vocabulary, "en");
  kpis_.push_back(std::move(info));
  extract_.push_back(std::move(f));
}

SibModel::SibModel(SibParams params) : params_(std::move(params)), population_(params_) {
  using R = const FunnelResult&;
  add("eligible", [](R r) { return r.eligible; });
  add("approached", [](R r) { return r.approached; });
  add("interviewed", [](R r) { return r.interviewed; });
  add("selected", [](R r) { return r.selected; });
  add("started", [](R r) { return r.started; });
  add("started_by_deadline", [](R r) { return r.started_by_deadline; });
  add("reached_target", [this](R r) {
    return r.started_by_deadline >= static_cast<std::uint32_t>(params_.recruitment.target_starters) ? 1.0
                                                                                                    : 0.0;
  });
  add("days_to_target", [this](R r) {
    return r.day_target_reached < 0 ? kNaN : r.day_target_reached - params_.recruitment.start;
  });
  add("days_to_first_start",
      [this](R r) { return r.day_first_start < 0 ? kNaN : r.day_first_start - params_.recruitment.start; });
  add("participation_rate", [](R r) { return share(r.started, r.eligible); });
  add("nonstarters", [](R r) { return nonstarters(r); });
  add("pending", [](R r) { return r.outcomes[static_cast<std::size_t>(Outcome::pending)]; });
  const auto reasons = std::make_shared<const std::vector<Reason>>(reason_catalogue(params_));
  for (const ReasonCategory cat : kReasonCategories) {
    const std::string name = category_name(cat);
    add("nonstart_" + name + "_share", "fraction", "share of non-starters with a " + name + "-related reason",
        [c = cat, reasons](R r) { return share(category_count(r, *reasons, c), nonstarters(r)); });
  }
  // The built-in reasons (but pending and started), then the scenario's declared ones.
  for (std::size_t i = 2; i < reasons->size(); ++i) {
    const Reason& reason = (*reasons)[i];
    if (!reason.applies) continue;  // ruled out by the scenario's structure (reason_catalogue)
    add("reason_" + reason.name, "persons", "non-starters: " + reason.label_en,
        [i](R r) { return r.outcomes[i]; });
    add("reason_" + reason.name + "_share", "fraction", "share of non-starters: " + reason.label_en,
        [i](R r) { return share(r.outcomes[i], nonstarters(r)); });
  }
  // Profile of the starters.
  add("starters_basic_share", [](R r) { return share(r.basic, r.started); });
  add("starters_plus_share", [](R r) { return share(r.plus, r.started); });
  add("starters_unrecorded_share", [](R r) { return share(r.unrecorded, r.started); });
  add("starters_meet_handbook_share", [](R r) { return share(r.meets_handbook, r.started); });
  add("starters_female_share", [](R r) { return share(r.female, r.started); });
  add("starters_addiction_reported_share", [](R r) { return share(r.addiction_reported, r.started); });
  add("starters_addiction_current_reported_share",
      [](R r) { return share(r.addiction_current_reported, r.started); });
  add("starters_addiction_true_share", [](R r) { return share(r.addiction_true, r.started); });
  add("starters_psychiatric_reported_share", [](R r) { return share(r.psychiatric_reported, r.started); });
  for (std::size_t j = 0; j < kFlagCount; ++j)
    if (params_.attributes.binary[j].present)
      add(std::string("starters_") + kFlagNames[j] + "_share", "fraction",
          std::string("starters with ") + kFlagNames[j], [j](R r) { return share(r.flags[j], r.started); });
  for (std::size_t k = 0; k < params_.declared.attributes.size(); ++k) {
    const DeclaredAttribute& a = params_.declared.attributes[k];
    add("starters_" + a.name + "_share", "fraction", "starters with " + a.label_en,
        [k](R r) { return share(r.declared[k], r.started); });
  }
  for (std::size_t g = 0; g < kAgeGroups; ++g)
    add(std::string("starters_age_") + kAgeGroupNames[g] + "_share", "fraction",
        std::string("starters aged ") + kAgeGroupNames[g], [g](R r) { return share(r.age[g], r.started); });
  for (std::size_t w = 0; w < kWorkPotentialLevels; ++w)
    add(std::string("starters_work_potential_") + kWorkPotentialNames[w] + "_share", "fraction",
        std::string("starters with ") + kWorkPotentialNames[w] + " work potential",
        [w](R r) { return share(r.work_potential[w], r.started); });
  // Monthly cumulative enrolment.
  const std::int64_t m0 = month_index(params_.recruitment.start);
  const std::int64_t m1 = month_index(params_.recruitment.end) + params_.report_months_after_end;
  for (std::int64_t m = m0; m <= m1; ++m) {
    const auto idx = static_cast<std::size_t>(m - m0);
    add(std::string(kEnrolmentSeriesPrefix) + engine::to_string(engine::from_clock(month_start(m))),
        "persons", "cumulative starters on this date", [idx](R r) { return r.cumulative_started[idx]; });
  }
  add("sites_reaching_10pct", [](R r) { return static_cast<double>(r.sites_reaching_benchmark); });
  if (params_.simulate_programme) add_programme_kpis();
  add("events", [](R r) { return static_cast<double>(r.events); });
}

void SibModel::add_programme_kpis() {
  using R = const FunnelResult&;
  const auto P = [](R r) -> const ProgrammeResult& { return r.programme; };
  add("status_completed_share", [P](R r) { return share(P(r).completed, P(r).status_base); });
  add("status_in_trajectory_share", [P](R r) { return share(P(r).in_trajectory, P(r).status_base); });
  add("status_dropped_out_share", [P](R r) { return share(P(r).dropped_out, P(r).status_base); });
  add("employed_at_status_share", [P](R r) { return share(P(r).employed_at_status, P(r).employed_base); });
  add("stable_job_share_at_status",
      [P](R r) { return share(P(r).stable_job_at_status, P(r).employed_at_status); });
  add("dropouts", [P](R r) { return P(r).dropouts_total; });
  add("dropout_share", [P](R r) { return share(P(r).dropouts_total, P(r).starters); });
  add("dropout_after_work_share", [P](R r) { return share(P(r).dropouts_after_work, P(r).dropouts_total); });
  for (std::size_t k = 1; k < kDropoutReasons; ++k) {
    add(std::string("dropout_") + kDropoutReasonNames[k], "persons",
        std::string("dropouts: ") + kDropoutReasonLabels[k], [P, k](R r) { return P(r).dropouts[k]; });
    // The reasons a steering group can act on are among compare's and sweep's default KPIs.
    if (std::string_view(kDropoutReasonNames[k]) == "no_effort" ||
        std::string_view(kDropoutReasonNames[k]) == "clinic" ||
        std::string_view(kDropoutReasonNames[k]) == "custody") {
      kpis_.back().groups.emplace_back(engine::kGroupSteering);
      kpis_.back().label = std::string("dropouts: ") + kDropoutReasonLabels[k];
    }
    add(std::string("dropout_") + kDropoutReasonNames[k] + "_share", "fraction",
        std::string("share of dropouts: ") + kDropoutReasonLabels[k],
        [P, k](R r) { return share(P(r).dropouts[k], P(r).dropouts_total); });
  }
  for (std::size_t m = 0; m < 24; ++m) {
    char name[32];
    std::snprintf(name, sizeof name, "%s%02zu", kDropoutMonthPrefix.data(), m + 1);
    add(name, "persons", "dropouts in this month since the first contact after release (1 = the first month)",
        [P, m](R r) { return P(r).dropouts_by_month[m]; });
  }
  for (std::size_t k = 0; k < kDropoutFactorNames.size(); ++k) {
    add(std::string("dropout_share_with_") + kDropoutFactorNames[k], "fraction",
        std::string("dropout share of starters with ") + kDropoutFactorNames[k],
        [P, k](R r) { return share(P(r).factor_yes_dropped[k], P(r).factor_yes[k]); });
    add(std::string("dropout_share_without_") + kDropoutFactorNames[k], "fraction",
        std::string("dropout share of starters without ") + kDropoutFactorNames[k],
        [P, k](R r) { return share(P(r).factor_no_dropped[k], P(r).factor_no[k]); });
  }
  add("reduced_intensity_share", [P](R r) { return share(P(r).reduced_intensity, P(r).starters); });
  const char* arms[] = {"programme", "care_as_usual", "control"};
  const char* arm_doc[] = {"participants in the programme",
                           "the same participants under care as usual (true counterfactual)",
                           "the evaluation's control group (as measured)"};
  // The control arm counts its own persons: the matched starters' controls
  // (EvaluationParams::matched_fraction) or a randomised trial's controls.
  const auto base = [P](R r, std::size_t a) { return a == 2 ? P(r).matched : P(r).starters; };
  for (std::size_t a = 0; a < 3; ++a) {
    const std::string sfx = std::string("_") + arms[a], doc = std::string(" - ") + arm_doc[a];
    add("work_months_per_person" + sfx, "months", "months worked (>= 24 h/week) in the 24-month window" + doc,
        [P, a, base](R r) { return share(P(r).work_months[a], base(r, a)); });
    add("durable_work_share" + sfx, "fraction", "worked (>= 24 h/week) at least 18 of 24 months" + doc,
        [P, a, base](R r) { return share(P(r).durable[a], base(r, a)); });
    add("temporary_work_share" + sfx, "fraction", "worked (>= 24 h/week) 12 to 17 of 24 months" + doc,
        [P, a, base](R r) { return share(P(r).temporary[a], base(r, a)); });
    add("employed_month_12_share" + sfx, "fraction",
        "in work (any job) in the 12th month after the start" + doc,
        [P, a, base](R r) { return share(P(r).employed_month_12[a], base(r, a)); });
    add("ever_employed_share" + sfx, "fraction", "in any job at some time in the 24-month window" + doc,
        [P, a, base](R r) { return share(P(r).ever_employed[a], base(r, a)); });
    add("reoffended_share" + sfx, "fraction", "re-offended within two years" + doc,
        [P, a, base](R r) { return share(P(r).reoffended[a], base(r, a)); });
    add("benefits_share" + sfx, "fraction", "on benefits after 24 months" + doc,
        [P, a, base](R r) { return share(P(r).on_benefits[a], base(r, a)); });
  }
  const PaymentParams& pay = params_.payment;
  add("extra_work_months_true", [P](R r) { return P(r).work_months[0] - P(r).work_months[1]; });
  add("extra_work_months_measured", [P](R r) { return P(r).measured_extra; });
  add("evaluation_bias",
      [P](R r) { return P(r).measured_extra - (P(r).work_months[0] - P(r).work_months[1]); });
  add("matched_share", [P](R r) { return share(P(r).matched, P(r).starters); });
  add("extra_work_months_true_per_starter",
      [P](R r) { return share(P(r).work_months[0] - P(r).work_months[1], P(r).starters); });
  // Undefined when the headline metric does not pay per extra work-month.
  add("ambition_work_months", [P, &pay, lines = has_work_month_lines(pay)](R r) {
    return lines ? payment_lines(pay, P(r).starters).ambition : kNaN;
  });
  add("success_threshold_reached", [P](R r) { return P(r).threshold_reached ? 1.0 : 0.0; });
  add("success_threshold_reached_true", [P](R r) { return P(r).threshold_reached_true ? 1.0 : 0.0; });
  add("full_ambition_reached", [P](R r) { return P(r).full_ambition_reached ? 1.0 : 0.0; });
  add_metric_kpis();
  add("payout_total", [P](R r) { return P(r).payout; });
  add("investor_multiple", [P](R r) { return P(r).investor_multiple; });
  add("investor_irr", [P](R r) { return P(r).investor_irr; });
  // Yes/no per future (NaN without an investment): less back than invested; nothing back.
  add("investor_loss", [P](R r) { return yes_no(P(r).investor_multiple, [](double m) { return m < 1; }); });
  add("investor_total_loss",
      [P](R r) { return yes_no(P(r).investor_multiple, [](double m) { return m == 0; }); });
  add("government_savings", [P](R r) { return P(r).government_savings; });
  add("government_net", [P](R r) { return P(r).government_savings - P(r).payout; });
  const std::int64_t m0 = month_index(params_.recruitment.start);
  for (std::int64_t m = 0; m < caseload_series_months(params_); ++m) {
    const auto idx = static_cast<std::size_t>(m);
    add(std::string(kCaseloadSeriesPrefix) + engine::to_string(engine::from_clock(month_start(m0 + m))),
        "persons", "participants in phases 1-3 on this date (counsellor caseload)",
        [P, idx](R r) { return P(r).caseload[idx]; });
  }
  for (std::int64_t m = 0; m < caseload_series_months(params_); ++m) {
    const auto idx = static_cast<std::size_t>(m);
    add(std::string(kEmployedSeriesPrefix) + engine::to_string(engine::from_clock(month_start(m0 + m))),
        "persons", "participants in work this month (programme arm, within their 24-month window)",
        [P, idx](R r) { return P(r).employed[idx]; });
  }
  for (std::int64_t m = 0; m < caseload_series_months(params_); ++m) {
    const auto idx = static_cast<std::size_t>(m);
    add(std::string(kEmployedControlSeriesPrefix) +
            engine::to_string(engine::from_clock(month_start(m0 + m))),
        "persons", "controls in work this month (the evaluation's control group, within their window)",
        [P, idx](R r) { return P(r).employed_control[idx]; });
  }
}

void SibModel::add_metric_kpis() {
  using R = const FunnelResult&;
  const std::vector<PaymentMetric> metrics = contract_metrics(params_.payment);
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    const PaymentMetric& m = metrics[k];
    const OutcomeMeasure& how = measure_of(m.outcome);
    const std::string outcome(how.name), unit(how.unit);
    // The shorthand's metrics have catalogue entries (labels, Dutch words); a declared metric is
    // described from its outcome.
    const std::string payout = "payout_" + m.name;
    const auto paid = [k](R r) { return r.programme.metric_payout[k]; };
    if (find_kpi_entry(payout)) {
      add(payout, paid);
    } else {
      add(payout, "{currency}", "payment metric " + m.name + ": paid for " + outcome, paid);
      kpis_.back().label = "payment " + m.name;
    }
    // "payment metric work: more work_months"
    std::string what = "payment metric ";
    what.append(m.name).append(": ").append(how.less_is_better ? "fewer " : "more ").append(outcome);
    add("metric_" + m.name + "_measured", unit, what + " than the comparison, as measured",
        [k](R r) { return r.programme.metric_measured[k]; });
    kpis_.back().label = m.name + ": measured difference";
    add("metric_" + m.name + "_true", unit,
        what + " in the programme than the same participants under care as usual",
        [k](R r) { return r.programme.metric_true[k]; });
    kpis_.back().label = m.name + ": true difference";
  }
  // Payment cohorts: each cohort's payment, and how many reached the headline threshold.
  const std::size_t cohorts = params_.payment.new_cohort_from.size() + 1;
  if (cohorts < 2 || metrics.empty()) return;
  for (std::size_t c = 0; c < cohorts; ++c) {
    add("payout_cohort_" + std::to_string(c + 1), "{currency}",
        "outcome payment for cohort " + std::to_string(c + 1),
        [c](R r) { return r.programme.cohort_payout[c]; });
    kpis_.back().label = "payment, cohort " + std::to_string(c + 1);
  }
  add("cohorts_reaching_threshold", "cohorts", "cohorts whose headline metric reached its threshold",
      [](R r) { return static_cast<double>(r.programme.cohorts_reaching_threshold); });
  kpis_.back().label = "cohorts reaching the threshold";
}

FunnelResult SibModel::run_detailed(std::uint64_t seed, std::uint64_t replication,
                                    std::vector<Person>* persons,
                                    std::vector<Trajectory>* trajectories) const {
  FunnelSimulation sim(params_, population_);
  const engine::StreamFactory rng(seed, replication);
  FunnelResult r = sim.run(rng);
  if (persons) {
    *persons = sim.persons();
    for (Person& p : *persons) complete_attributes(population_, rng, p);
  }
  if (trajectories) *trajectories = sim.trajectories();
  return r;
}

void SibModel::run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const {
  const FunnelResult r = run_detailed(seed, replication, nullptr);
  enter_stage(ReplicationStage::kpis);
  for (std::size_t k = 0; k < extract_.size(); ++k) out[k] = extract_[k](r);
  engine::stage_stop();
}

std::size_t SibModel::kpi_index(std::string_view name) const {
  for (std::size_t k = 0; k < kpis_.size(); ++k)
    if (kpis_[k].name == name) return k;
  throw std::out_of_range("unknown KPI '" + std::string(name) + "'");
}

}  // namespace sibsim::models::sib
