#include "sibsim/models/sib/sib_model.hpp"

#include <cmath>
#include <stdexcept>

#include "sibsim/engine/date.hpp"

namespace sibsim::models::sib {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// count / total, or NaN (undefined) when total is zero.
double share(double count, double total) noexcept { return total > 0 ? count / total : kNaN; }

std::uint32_t nonstarters(const FunnelResult& r) noexcept {
  return r.eligible - r.started - r.outcomes[static_cast<std::size_t>(Outcome::pending)];
}

std::uint32_t category_count(const FunnelResult& r, ReasonCategory c) noexcept {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < kOutcomeCount; ++i)
    if (kOutcomeInfo[i].category == c) n += r.outcomes[i];
  return n;
}

}  // namespace

void SibModel::add(std::string name, std::string unit, std::string description, Extract f) {
  kpis_.push_back({std::move(name), std::move(unit), std::move(description)});
  extract_.push_back(std::move(f));
}

SibModel::SibModel(SibParams params) : params_(std::move(params)), population_(params_) {
  using R = const FunnelResult&;
  add("eligible", "persons", "detainees on the DJI lists of the participating PIs",
      [](R r) { return r.eligible; });
  add("approached", "persons", "had a first talk or flyer from PI staff", [](R r) { return r.approached; });
  add("interviewed", "persons", "reached the counsellor's intake", [](R r) { return r.interviewed; });
  add("selected", "persons", "passed the intake and the selection criteria", [](R r) { return r.selected; });
  add("started", "persons", "made contact after release and started the programme",
      [](R r) { return r.started; });
  add("started_by_deadline", "persons", "started before the end of recruitment",
      [](R r) { return r.started_by_deadline; });
  add("reached_target", "fraction",
      "1 if the target number of starters started before the end of recruitment", [this](R r) {
        return r.started_by_deadline >= static_cast<std::uint32_t>(params_.recruitment.target_starters) ? 1.0
                                                                                                        : 0.0;
      });
  add("days_to_target", "days",
      "days from the start of recruitment until the target was reached (NaN: never)", [this](R r) {
        return r.day_target_reached < 0 ? kNaN : r.day_target_reached - params_.recruitment.start;
      });
  add("participation_rate", "fraction", "starters per eligible detainee",
      [](R r) { return share(r.started, r.eligible); });
  add("nonstarters", "persons", "eligible detainees who did not start (excluding pending)",
      [](R r) { return nonstarters(r); });
  add("pending", "persons", "still in the funnel when the simulation ended",
      [](R r) { return r.outcomes[static_cast<std::size_t>(Outcome::pending)]; });
  const std::pair<ReasonCategory, const char*> cats[] = {{ReasonCategory::criteria, "criteria"},
                                                         {ReasonCategory::motivation, "motivation"},
                                                         {ReasonCategory::unknown, "unknown"}};
  for (const auto& [cat, name] : cats) {
    add(std::string("nonstart_") + name + "_share", "fraction",
        std::string("share of non-starters with a ") + name + "-related reason",
        [c = cat](R r) { return share(category_count(r, c), nonstarters(r)); });
  }
  for (std::size_t i = 2; i < kOutcomeCount; ++i) {
    const OutcomeInfo& oi = kOutcomeInfo[i];
    add(std::string("reason_") + oi.name, "persons", std::string("non-starters: ") + oi.label,
        [i](R r) { return r.outcomes[i]; });
    add(std::string("reason_") + oi.name + "_share", "fraction",
        std::string("share of non-starters: ") + oi.label,
        [i](R r) { return share(r.outcomes[i], nonstarters(r)); });
  }
  // Profile of the starters.
  add("starters_basic_share", "fraction", "starters in the basic programme",
      [](R r) { return share(r.basic, r.started); });
  add("starters_plus_share", "fraction", "starters in the plus programme",
      [](R r) { return share(r.plus, r.started); });
  add("starters_unrecorded_share", "fraction", "starters whose programme was not recorded",
      [](R r) { return share(r.unrecorded, r.started); });
  add("starters_meet_handbook_share", "fraction", "starters who meet the handbook's inclusion criteria",
      [](R r) { return share(r.meets_handbook, r.started); });
  add("starters_female_share", "fraction", "starters who are women",
      [](R r) { return share(r.female, r.started); });
  add("starters_addiction_reported_share", "fraction", "starters reporting a current or past addiction",
      [](R r) { return share(r.addiction_reported, r.started); });
  add("starters_addiction_current_reported_share", "fraction", "starters reporting a current addiction",
      [](R r) { return share(r.addiction_current_reported, r.started); });
  add("starters_addiction_true_share", "fraction",
      "starters with a current or past addiction (true, not reported)",
      [](R r) { return share(r.addiction_true, r.started); });
  add("starters_psychiatric_reported_share", "fraction", "starters with recorded psychiatric complaints",
      [](R r) { return share(r.psychiatric_reported, r.started); });
  for (std::size_t j = 0; j < kFlagCount; ++j)
    add(std::string("starters_") + kFlagNames[j] + "_share", "fraction",
        std::string("starters with ") + kFlagNames[j], [j](R r) { return share(r.flags[j], r.started); });
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
  add("events", "events", "discrete events processed in the replication",
      [](R r) { return static_cast<double>(r.events); });
}

FunnelResult SibModel::run_detailed(std::uint64_t seed, std::uint64_t replication,
                                    std::vector<Person>* persons) const {
  FunnelSimulation sim(params_, population_);
  const engine::StreamFactory rng(seed, replication);
  FunnelResult r = sim.run(rng);
  if (persons) *persons = sim.persons();
  return r;
}

void SibModel::run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const {
  const FunnelResult r = run_detailed(seed, replication, nullptr);
  for (std::size_t k = 0; k < extract_.size(); ++k) out[k] = extract_[k](r);
}

std::size_t SibModel::kpi_index(std::string_view name) const {
  for (std::size_t k = 0; k < kpis_.size(); ++k)
    if (kpis_[k].name == name) return k;
  throw std::out_of_range("unknown KPI '" + std::string(name) + "'");
}

}  // namespace sibsim::models::sib
