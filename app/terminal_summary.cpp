#include "terminal_summary.hpp"

#include <fmt/core.h>

#include <cmath>
#include <string>

#include "sib_outputs.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/outcome.hpp"

namespace sibsim::app {
namespace {

const engine::KpiSummary* find(const engine::RunResult& r, const char* name) {
  const long k = kpi_index(r, name);
  return k < 0 ? nullptr : &r.summary[static_cast<std::size_t>(k)];
}

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

void print_summary(std::FILE* out, const models::sib::SibParams& params, const engine::RunResult& r) {
  const std::string end = engine::to_string(engine::from_clock(params.recruitment.end));
  fmt::print(out, "\n{} - {} replications, seed {}, {} threads, {:.2f} s\n", params.name, r.replications,
             r.seed, r.threads, r.wall_seconds);

  fmt::print(out, "\nRecruitment funnel                   median   90 % interval   mean (95 % CI)\n");
  const std::pair<const char*, const char*> stages[] = {
      {"eligible", "eligible (on DJI lists)"}, {"approached", "approached by PI staff"},
      {"interviewed", "reached the intake"},   {"selected", "selected"},
      {"started", "started the programme"},    {"started_by_deadline", "started before the deadline"}};
  for (const auto& [key, label] : stages) {
    const engine::KpiSummary* s = find(r, key);
    if (!s) continue;
    fmt::print(out, "  {:<32} {:>7}   {:>6} - {:<6}  {:.1f} ({:.1f} - {:.1f})\n", label, count(s->p50),
               count(s->p5), count(s->p95), s->mean, s->ci_low, s->ci_high);
  }
  if (const engine::KpiSummary* t = find(r, "reached_target")) {
    fmt::print(out, "\n  Chance of {} starters by {}: {} (95 % CI {} - {})\n",
               params.recruitment.target_starters, end, percent(t->mean), percent(std::max(0.0, t->ci_low)),
               percent(std::min(1.0, t->ci_high)));
  }
  if (const engine::KpiSummary* d = find(r, "days_to_target"); d && d->n > 0) {
    const double day = params.recruitment.start + d->p50;
    fmt::print(out, "  When reached (in {} of replications), median date {}\n",
               percent(static_cast<double>(d->n) / static_cast<double>(r.replications)),
               engine::to_string(engine::from_clock(day)));
  }

  fmt::print(out, "\nWhy eligible detainees did not start              median  share of non-starters\n");
  using models::sib::ReasonCategory;
  struct Cat {
    ReasonCategory cat;
    const char* key;
    const char* title;
  };
  const Cat cats[] = {{ReasonCategory::criteria, "criteria", "criteria-related"},
                      {ReasonCategory::motivation, "motivation", "motivation-related"},
                      {ReasonCategory::unknown, "unknown", "reason unknown"}};
  for (const auto& [cat, cname, title] : cats) {
    const engine::KpiSummary* cs = find(r, (std::string("nonstart_") + cname + "_share").c_str());
    fmt::print(out, "  {:<54} {:>7}\n", title, cs ? percent(cs->p50) : "");
    for (const auto& oi : models::sib::kOutcomeInfo) {
      if (oi.category != cat) continue;
      const engine::KpiSummary* c = find(r, (std::string("reason_") + oi.name).c_str());
      const engine::KpiSummary* sh = find(r, (std::string("reason_") + oi.name + "_share").c_str());
      if (!c || c->mean < 0.05) continue;
      fmt::print(out, "    {:<50.50} {:>5}  {:>7}\n", oi.label, count(c->p50), sh ? percent(sh->p50) : "");
    }
  }

  const output::TimeSeries ts = enrolment_series(r);
  const auto& dates = std::get<std::vector<std::string>>(ts.time);
  if (!dates.empty()) {
    fmt::print(out, "\nEnrolment (cumulative starters)   median   90 % interval\n");
    for (std::size_t i = 0; i < dates.size(); ++i) {
      const auto& b = ts.bands[i];
      fmt::print(out, "  {}                     {:>6}   {:>5} - {:<5}{}\n", dates[i], count(b.p50),
                 count(b.p5), count(b.p95), dates[i] == end ? "  <- end of recruitment" : "");
    }
  }
  const engine::KpiSummary* started = find(r, "started");
  if (started)
    fmt::print(
        out, "\nStarters' profile (medians): plus programme {}, meets handbook criteria {}, women {}\n",
        percent(find(r, "starters_plus_share") ? find(r, "starters_plus_share")->p50 : NAN),
        percent(find(r, "starters_meet_handbook_share") ? find(r, "starters_meet_handbook_share")->p50 : NAN),
        percent(find(r, "starters_female_share") ? find(r, "starters_female_share")->p50 : NAN));
}

}  // namespace sibsim::app
