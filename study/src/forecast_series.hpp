#pragma once
// The cumulative series a forecast reads its target count from (models::RecruitmentSites::
// target_series_prefix: one KPI per month, "cum_started@2016-06-01"), shared by the forecast and
// its remedies.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/engine/monte_carlo.hpp"

namespace sibsim::study {

/// The model's cumulative series of the target count: its KPI indices and dates, in date order.
struct TargetSeries {
  std::vector<std::size_t> kpis;
  std::vector<std::int64_t> days;  ///< days since 1970-01-01 of each point
  std::vector<std::string> dates;  ///< ISO
};

inline TargetSeries target_series(const engine::ReplicationModel& model, const std::string& prefix) {
  TargetSeries t;
  const auto kpis = model.kpis();
  for (std::size_t k = 0; k < kpis.size(); ++k) {
    if (!kpis[k].name.starts_with(prefix)) continue;
    const std::string date = kpis[k].name.substr(prefix.size());
    if (const auto d = engine::parse_days(date)) {
      t.kpis.push_back(k);
      t.days.push_back(*d);
      t.dates.push_back(date);
    }
  }
  if (t.kpis.empty()) throw std::logic_error("the model has no series '" + prefix + "<date>'");
  return t;
}

/// Index of the last point on or before `day` (the first point if none is).
inline std::size_t point_at(const TargetSeries& s, std::int64_t day) {
  std::size_t i = 0;
  while (i + 1 < s.days.size() && s.days[i + 1] <= day) ++i;
  return i;
}

}  // namespace sibsim::study
