#include "sib_outputs.hpp"

#include <string>
#include <string_view>

#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/sib_model.hpp"

namespace sibsim::app {

long kpi_index(const engine::RunResult& result, const char* name) {
  for (std::size_t k = 0; k < result.kpis.size(); ++k)
    if (result.kpis[k].name == name) return static_cast<long>(k);
  return -1;
}

namespace {
/// Quantile bands of the KPIs named "<prefix><ISO date>", in KPI order.
output::TimeSeries series(const engine::RunResult& result, std::string_view prefix, std::string name,
                          std::string unit, std::string description) {
  output::TimeSeries ts;
  ts.name = std::move(name);
  ts.unit = std::move(unit);
  ts.description = std::move(description);
  std::vector<std::string> dates;
  for (std::size_t k = 0; k < result.kpis.size(); ++k) {
    const std::string& n = result.kpis[k].name;
    if (n.rfind(prefix, 0) != 0) continue;
    dates.push_back(n.substr(prefix.size()));
    const engine::KpiSummary& s = result.summary[k];
    ts.bands.push_back({s.p5, s.p25, s.p50, s.p75, s.p95, s.mean});
  }
  ts.time = std::move(dates);
  return ts;
}
}  // namespace

output::TimeSeries enrolment_series(const engine::RunResult& result) {
  return series(result, models::sib::kEnrolmentSeriesPrefix, "cumulative_starters", "persons",
                "cumulative number of starters on the first day of each month");
}

output::TimeSeries employment_series(const engine::RunResult& result) {
  return series(result, models::sib::kEmployedSeriesPrefix, "employed", "persons",
                "participants in work in each month (programme arm, within their 24-month window)");
}

output::TimeSeries caseload_series(const engine::RunResult& result) {
  return series(result, models::sib::kCaseloadSeriesPrefix, "caseload", "persons",
                "participants in phases 1-3 (the counsellors' caseload) on the first day of each month");
}

output::Funnel funnel_counts(const engine::RunResult& result) {
  output::Funnel f;
  for (const char* stage : {"eligible", "approached", "interviewed", "selected", "started"}) {
    const long k = kpi_index(result, stage);
    if (k < 0) continue;
    const auto& s = result.summary[static_cast<std::size_t>(k)];
    f.stages.push_back({stage, s.p50, s.mean});
  }
  static constexpr const char* kCategory[] = {"", "criteria", "motivation", "unknown"};
  for (const models::sib::OutcomeInfo& oi : models::sib::kOutcomeInfo) {
    if (oi.category == models::sib::ReasonCategory::none) continue;
    const long k = kpi_index(result, (std::string("reason_") + oi.name).c_str());
    if (k < 0) continue;
    const auto& s = result.summary[static_cast<std::size_t>(k)];
    f.reasons.push_back(
        {std::string(kCategory[static_cast<int>(oi.category)]) + ": " + oi.label, s.p50, s.mean});
  }
  return f;
}

}  // namespace sibsim::app
