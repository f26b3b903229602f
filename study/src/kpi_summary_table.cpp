#include "kpi_summary_table.hpp"

#include <algorithm>
#include <cstdint>

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::study {

std::vector<std::string> headline_and_steering(std::span<const engine::KpiInfo> kpis) {
  std::vector<std::string> names = models::kpis_in_group(kpis, models::kGroupHeadline);
  for (std::string& k : models::kpis_in_group(kpis, models::kGroupSteering))
    if (std::find(names.begin(), names.end(), k) == names.end()) names.push_back(std::move(k));
  return names;
}

output::Table kpi_summary_table(std::span<const engine::KpiInfo> info,
                                std::span<const engine::KpiAccumulator> values,
                                const std::string& description, const std::string& over) {
  using output::TableColumn;
  std::vector<std::string> name, label, unit, groups;
  std::vector<double> mean, p5, p50, p95;
  std::vector<std::uint64_t> n;
  for (std::size_t j = 0; j < info.size() && j < values.size(); ++j) {
    const engine::KpiInfo& k = info[j];
    const engine::KpiSummary s = values[j].summary();
    name.push_back(k.name);
    label.push_back(k.label);
    unit.push_back(k.unit);
    std::string g;
    for (const std::string& group : k.groups) g += (g.empty() ? "" : ";") + group;
    groups.push_back(std::move(g));
    mean.push_back(s.mean);
    p5.push_back(s.p5);
    p50.push_back(s.p50);
    p95.push_back(s.p95);
    n.push_back(s.n + s.n_undefined);
  }
  const auto text = [](std::string c, std::string d, std::vector<std::string> v) {
    return TableColumn{std::move(c), "", std::move(d), std::move(v)};
  };
  const auto real = [](std::string c, std::string d, std::vector<double> v) {
    return TableColumn{std::move(c), "", std::move(d), std::move(v)};
  };
  output::Table t;
  t.description = description;
  t.columns = {text("kpi", "KPI", std::move(name)),
               text("label", "short human name (empty: use kpi)", std::move(label)),
               text("unit", "the KPI's unit", std::move(unit)),
               text("groups", "the KPI's groups, separated by ';'", std::move(groups)),
               real("mean", "mean over the replications " + over + " (NaN values left out)", std::move(mean)),
               real("p5", "5th percentile", std::move(p5)),
               real("p50", "median", std::move(p50)),
               real("p95", "95th percentile", std::move(p95)),
               TableColumn{"replications", "", "replications run " + over, std::move(n)}};
  return t;
}

}  // namespace sibsim::study
