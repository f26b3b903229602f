#include "terminal_summary.hpp"

#include <fmt/core.h>

#include <cmath>
#include <set>
#include <string>

#include "sib_outputs.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/vocabulary.hpp"

namespace sibsim::models::sib {
namespace {

/// Looks KPIs up by name and remembers which were asked for, so the summary can end with the
/// headline KPIs it has no line of its own for (a new catalogue entry shows up without an edit here).
class Lookup {
 public:
  explicit Lookup(const engine::RunResult& r) : r_(r) {}
  const engine::KpiSummary* operator()(const std::string& name) {
    asked_.insert(name);
    const long k = kpi_index(r_, name.c_str());
    return k < 0 ? nullptr : &r_.summary[static_cast<std::size_t>(k)];
  }
  [[nodiscard]] bool asked(const std::string& name) const { return asked_.count(name) > 0; }

 private:
  const engine::RunResult& r_;
  std::set<std::string> asked_;
};

/// Integer with thousands separators: 1299 -> "1,299".
std::string count(double v) {
  if (!std::isfinite(v)) return "n/a";
  const std::string digits = fmt::format("{:.0f}", std::abs(v));
  std::string s = v < -0.5 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

std::string percent(double v) { return std::isfinite(v) ? fmt::format("{:.1f} %", 100.0 * v) : "n/a"; }

}  // namespace

namespace {

/// An amount in the scenario's currency: "EUR 1,234".
std::string money(const SibParams& params, double v) {
  return std::isfinite(v) ? params.vocabulary.currency + " " + count(v) : "n/a";
}

/// "median [p5 - p95]" with a formatter.
template <class F>
std::string spread(const engine::KpiSummary& s, F f) {
  return f(s.p50) + "  [" + f(s.p5) + " - " + f(s.p95) + "]";
}

}  // namespace

namespace {

void programme_part(std::FILE* out, const models::sib::SibParams& params, Lookup& find) {
  const engine::KpiSummary* dropouts = find("dropouts");
  if (!dropouts) return;
  const std::string status = engine::to_string(engine::from_clock(params.evaluation.status_date));
  fmt::print(out, "\nThe programme (medians, [90 % interval])\n");
  if (auto* c = find("status_completed_share"))
    fmt::print(out, "  status on {}: completed {}, in a trajectory {}, dropped out {}\n", status,
               percent(c->p50), percent(find("status_in_trajectory_share")->p50),
               percent(find("status_dropped_out_share")->p50));
  fmt::print(out, "  dropouts before completion: {}\n", spread(*dropouts, count));
  for (std::size_t k = 1; k < models::sib::kDropoutReasons; ++k) {
    const auto* s = find(std::string("dropout_") + models::sib::kDropoutReasonNames[k] + "_share");
    if (s) fmt::print(out, "    {:<52} {:>7}\n", models::sib::kDropoutReasonLabels[k], percent(s->p50));
  }
  if (auto* e = find("employed_at_status_share"))
    fmt::print(out, "  participants in work on {}: {}\n", status, percent(e->p50));

  fmt::print(out,
             "\nWork in 24 months per person      programme   same persons, care as usual   control group\n");
  const char* rows[][2] = {{"work-months (contract's hours)", "work_months_per_person_"},
                           {"durable work (>= 18 months)", "durable_work_share_"},
                           {"temporary work (12-17 months)", "temporary_work_share_"},
                           {"ever in work (any job)", "ever_employed_share_"},
                           {"re-offended within 2 years", "reoffended_share_"},
                           {"on benefits after 24 months", "benefits_share_"}};
  for (const auto& row : rows) {
    const bool months = std::string(row[1]).find("months") != std::string::npos;
    auto f = [&](const char* arm) {
      const auto* s = find(std::string(row[1]) + arm);
      if (!s) return std::string("n/a");
      if (!std::isfinite(s->mean)) return std::string("n/a");
      return months ? fmt::format("{:.2f}", s->mean) : percent(s->mean);
    };
    fmt::print(out, "  {:<32} {:>9}   {:>27}   {:>13}\n", row[0], f("programme"), f("care_as_usual"),
               f("control"));
  }
  const auto* t = find("extra_work_months_true");
  const auto* m = find("extra_work_months_measured");
  const auto* amb = find("ambition_work_months");
  if (t && m) {
    fmt::print(out, "\nExtra work-months over the control (mean, 95 % CI; [90 % interval])\n");
    fmt::print(out, "  true effect (vs the same persons)   {:7.1f} ({:.1f} - {:.1f})  [{:.0f} - {:.0f}]\n",
               t->mean, t->ci_low, t->ci_high, t->p5, t->p95);
    fmt::print(out, "  measured (vs the control group)     {:7.1f} ({:.1f} - {:.1f})  [{:.0f} - {:.0f}]\n",
               m->mean, m->ci_low, m->ci_high, m->p5, m->p95);
    // The contract's lines at the median number of starters (the payment rule, payment.hpp), when
    // its headline metric pays per extra work-month.
    const engine::KpiSummary* started = find("started");
    if (amb && has_work_month_lines(params.payment)) {
      const PaymentLines lines = payment_lines(params.payment, started ? started->p50 : 0.0);
      fmt::print(out, "  ambition for these starters         {:7.1f}; payment threshold {:.1f}\n",
                 lines.ambition, lines.threshold);
    }
  }
  if (auto* th = find("success_threshold_reached"))
    fmt::print(out, "  chance the payment threshold is reached: {}; full ambition: {}\n", percent(th->mean),
               percent(find("full_ambition_reached")->mean));
  fmt::print(out, "\nMoney (median [90 % interval])\n");
  const auto in_money = [&params](double v) { return money(params, v); };
  if (auto* p = find("payout_total"))
    fmt::print(out, "  paid by government          {}\n", spread(*p, in_money));
  if (auto* p = find("investor_multiple"))
    fmt::print(
        out, "  investors get back per unit  {}   (invested {})\n",
        spread(*p, [](double v) { return std::isfinite(v) ? fmt::format("{:.2f}", v) : std::string("n/a"); }),
        in_money(params.payment.investment));
  if (auto* p = find("investor_irr"))
    fmt::print(out, "  investors' return per year  {}   (a total loss counts as -100 %)\n",
               spread(*p, percent));
  if (auto* loss = find("investor_loss"))
    fmt::print(out, "  chance investors lose money {}; of getting nothing back: {}\n", percent(loss->mean),
               find("investor_total_loss") ? percent(find("investor_total_loss")->mean) : std::string("n/a"));
  if (auto* p = find("government_savings"))
    fmt::print(out, "  government savings          {}   (unit costs are assumptions)\n",
               spread(*p, in_money));
}

}  // namespace

void print_programme(std::FILE* out, const models::sib::SibParams& params, const engine::RunResult& r) {
  Lookup find(r);
  programme_part(out, params, find);
}

void print_summary(std::FILE* out, const models::sib::SibParams& params, const engine::RunResult& r) {
  Lookup find(r);
  const std::string end = engine::to_string(engine::from_clock(params.recruitment.end));
  fmt::print(out, "\n{} - {} replications, seed {}, {} threads, {:.2f} s\n", params.name, r.replications,
             r.seed, r.threads, r.wall_seconds);

  fmt::print(out, "\nRecruitment funnel                   median   90 % interval   mean (95 % CI)\n");
  const models::sib::Vocabulary& v = params.vocabulary;
  const auto words = [&v](std::string_view text) { return models::sib::in_words(text, v, "en"); };
  const std::pair<const char*, std::string> stages[] = {
      {"eligible", words("eligible (on {referral_lists})")},
      {"approached", words("approached by {site_staff}")},
      {"interviewed", "reached the intake"},
      {"selected", "selected"},
      {"started", "started the programme"},
      {"started_by_deadline", "started before the deadline"}};
  for (const auto& [key, label] : stages) {
    const engine::KpiSummary* s = find(key);
    if (!s) continue;
    fmt::print(out, "  {:<32} {:>7}   {:>6} - {:<6}  {:.1f} ({:.1f} - {:.1f})\n", label, count(s->p50),
               count(s->p5), count(s->p95), s->mean, s->ci_low, s->ci_high);
  }
  fmt::print(out, "  (a start counts from {})\n",
             params.programme.starts_at == models::sib::StartRule::intake
                 ? words("the counsellor's intake in the {site}, for those who make contact after release")
                 : "the first contact after release");
  if (const engine::KpiSummary* t = find("reached_target")) {
    fmt::print(out, "\n  Chance of {} starters by {}: {} (95 % CI {} - {})\n",
               params.recruitment.target_starters, end, percent(t->mean), percent(std::max(0.0, t->ci_low)),
               percent(std::min(1.0, t->ci_high)));
  }
  if (const engine::KpiSummary* d = find("days_to_target"); d && d->n > 0) {
    const double day = params.recruitment.start + d->p50;
    fmt::print(out, "  When reached (in {} of replications), median date {}\n",
               percent(static_cast<double>(d->n) / static_cast<double>(r.replications)),
               engine::to_string(engine::from_clock(day)));
  }

  fmt::print(out, "\n{:<50}median  share of non-starters\n", words("Why eligible {persons} did not start"));
  using models::sib::ReasonCategory;
  const std::vector<models::sib::Reason> reasons = models::sib::reason_catalogue(params);
  struct Cat {
    ReasonCategory cat;
    const char* key;
    const char* title;
  };
  const Cat cats[] = {{ReasonCategory::criteria, "criteria", "criteria-related"},
                      {ReasonCategory::motivation, "motivation", "motivation-related"},
                      {ReasonCategory::unknown, "unknown", "reason unknown"},
                      {ReasonCategory::evaluation, "evaluation", "allocated by the evaluation"}};
  for (const auto& [cat, cname, title] : cats) {
    const engine::KpiSummary* cs = find(std::string("nonstart_") + cname + "_share");
    // Only a randomised trial allocates persons away from the programme: no line otherwise.
    if (cat == ReasonCategory::evaluation && (!cs || !(cs->mean > 0))) continue;
    fmt::print(out, "  {:<54} {:>7}\n", title, cs ? percent(cs->p50) : "");
    for (const models::sib::Reason& reason : reasons) {
      if (reason.category != cat) continue;
      const engine::KpiSummary* c = find("reason_" + reason.name);
      const engine::KpiSummary* sh = find("reason_" + reason.name + "_share");
      if (!c || c->mean < 0.05) continue;
      fmt::print(out, "    {:<50.50} {:>5}  {:>7}\n", reason.label_en, count(c->p50),
                 sh ? percent(sh->p50) : "");
    }
  }

  const output::TimeSeries ts = series_of(r, series_families()[0]);
  const auto& dates = std::get<std::vector<std::string>>(ts.time);
  if (!dates.empty()) {
    fmt::print(out, "\nEnrolment (cumulative starters)   median   90 % interval\n");
    for (std::size_t i = 0; i < dates.size(); ++i) {
      const auto& b = ts.bands[i];
      fmt::print(out, "  {}                     {:>6}   {:>5} - {:<5}{}\n", dates[i], count(b.p50),
                 count(b.p5), count(b.p95), dates[i] == end ? "  <- end of recruitment" : "");
    }
  }
  const engine::KpiSummary* started = find("started");
  if (started)
    fmt::print(
        out, "\nStarters' profile (medians): plus programme {}, meet the work-potential rule {}, women {}\n",
        percent(find("starters_plus_share") ? find("starters_plus_share")->p50 : NAN),
        percent(find("starters_meet_handbook_share") ? find("starters_meet_handbook_share")->p50 : NAN),
        percent(find("starters_female_share") ? find("starters_female_share")->p50 : NAN));
  programme_part(out, params, find);

  // Headline KPIs without a line above (e.g. a new catalogue entry).
  bool first = true;
  for (std::size_t k = 0; k < r.kpis.size(); ++k) {
    const engine::KpiInfo& info = r.kpis[k];
    if (!in_group(info, engine::kGroupHeadline) || find.asked(info.name) || r.summary[k].n == 0) continue;
    if (first) fmt::print(out, "\nOther headline figures (median [90 % interval])\n");
    first = false;
    const engine::KpiSummary& s = r.summary[k];
    fmt::print(out, "  {:<36} {:.4g}  [{:.4g} - {:.4g}] {}\n", info.label.empty() ? info.name : info.label,
               s.p50, s.p5, s.p95, info.unit);
  }
}

}  // namespace sibsim::models::sib
