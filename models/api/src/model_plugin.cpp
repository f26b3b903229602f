// The generic parts of a model plug-in: KPI groups, series from dated KPI families, and the
// default terminal output of a Scenario.

#include "sibsim/models/model_plugin.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sibsim::models {

bool in_group(const engine::KpiInfo& kpi, std::string_view group) {
  return std::find(kpi.groups.begin(), kpi.groups.end(), group) != kpi.groups.end();
}

std::vector<std::string> kpis_in_group(std::span<const engine::KpiInfo> kpis, std::string_view group) {
  std::vector<std::string> names;
  for (const engine::KpiInfo& k : kpis)
    if (in_group(k, group)) names.push_back(k.name);
  return names;
}

output::TimeSeries series_of(const engine::RunResult& result, const SeriesFamily& family) {
  output::TimeSeries ts;
  ts.name = family.name;
  ts.unit = family.unit;
  ts.description = family.description;
  std::vector<std::string> dates;
  for (std::size_t k = 0; k < result.kpis.size(); ++k) {
    const std::string& n = result.kpis[k].name;
    if (!n.starts_with(family.prefix)) continue;
    dates.push_back(n.substr(family.prefix.size()));
    const engine::KpiSummary& s = result.summary[k];
    ts.bands.push_back({s.p5, s.p25, s.p50, s.p75, s.p95, s.mean});
  }
  ts.time = std::move(dates);
  return ts;
}

void Scenario::write_run_extras(output::ResultsWriter& /*writer*/,
                                const engine::RunResult& /*result*/) const {}

void Scenario::print_summary(std::FILE* out, const engine::RunResult& result) const {
  fmt::print(out, "\n{}: {} replications (median [5 % - 95 %])\n", name(), result.replications);
  for (std::size_t k = 0; k < result.kpis.size(); ++k) {
    const engine::KpiInfo& info = result.kpis[k];
    if (!in_group(info, kGroupHeadline)) continue;
    const engine::KpiSummary& s = result.summary[k];
    const std::string label = info.label.empty() ? info.name : info.label;
    if (s.n == 0) {
      fmt::print(out, "  {:<40} n/a\n", label);
      continue;
    }
    fmt::print(out, "  {:<40} {:.4g}  [{:.4g} - {:.4g}] {}\n", label, s.p50, s.p5, s.p95, info.unit);
  }
}

void Scenario::print_replay(std::FILE* out, std::uint64_t seed, std::uint64_t replication) const {
  const engine::ReplicationModel& m = model();
  const std::vector<engine::KpiInfo> kpis = m.kpis();
  std::vector<double> row(kpis.size());
  m.run_replication(seed, replication, row);
  fmt::print(out, "replication {} (seed {}) of {}\n", replication, seed, name());
  for (std::size_t k = 0; k < kpis.size(); ++k) fmt::print(out, "  {:<48} {:.10g}\n", kpis[k].name, row[k]);
}

std::optional<PersonsSample> Scenario::persons(std::uint64_t /*seed*/, std::uint64_t /*count*/,
                                               std::uint64_t /*replications*/) const {
  return std::nullopt;
}

std::vector<Lever> ModelPlugin::levers(const scenarios::Document& /*doc*/, std::string_view /*lang*/) const {
  return {};
}

std::vector<std::pair<std::string, std::string>> ModelPlugin::labels(std::string_view /*lang*/) const {
  return {};
}

}  // namespace sibsim::models
