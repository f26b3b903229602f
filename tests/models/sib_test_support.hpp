#pragma once
// Helpers for the SIB model tests: statistics over replications and scenario paths.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sibsim/models/sib/sib_model.hpp"

namespace sibsim::test {

inline std::string scenario_path(const std::string& file) {
  return std::string(SIBSIM_SCENARIO_DIR) + "/" + file;
}

/// Per-KPI values of R replications of a model (serial; the runner has its own tests).
struct Samples {
  std::vector<std::string> names;
  std::vector<std::vector<double>> values;  // [kpi][replication]
  const std::vector<double>& operator[](const std::string& name) const {
    for (std::size_t k = 0; k < names.size(); ++k)
      if (names[k] == name) return values[k];
    throw std::out_of_range("no KPI " + name);
  }
};

inline Samples sample(const engine::ReplicationModel& m, std::uint64_t seed, std::uint64_t reps) {
  Samples s;
  for (const auto& k : m.kpis()) s.names.push_back(k.name);
  s.values.assign(s.names.size(), {});
  std::vector<double> row(s.names.size());
  for (std::uint64_t r = 0; r < reps; ++r) {
    m.run_replication(seed, r, row);
    for (std::size_t k = 0; k < row.size(); ++k) s.values[k].push_back(row[k]);
  }
  return s;
}

inline double mean(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}
inline double variance(const std::vector<double>& x) {
  const double m = mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return s / static_cast<double>(x.size() - 1);
}
/// Standard error of the mean.
inline double std_error(const std::vector<double>& x) {
  return std::sqrt(variance(x) / static_cast<double>(x.size()));
}
/// Median of the defined (non-NaN) values.
inline double median(std::vector<double> x) {
  x.erase(std::remove_if(x.begin(), x.end(), [](double v) { return std::isnan(v); }), x.end());
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}
/// The q-quantile of the defined (non-NaN) values, interpolated linearly between order statistics.
inline double quantile(std::vector<double> x, double q) {
  x.erase(std::remove_if(x.begin(), x.end(), [](double v) { return std::isnan(v); }), x.end());
  std::sort(x.begin(), x.end());
  const double at = q * static_cast<double>(x.size() - 1);
  const auto lo = static_cast<std::size_t>(at);
  const std::size_t hi = std::min(lo + 1, x.size() - 1);
  return x[lo] + (at - static_cast<double>(lo)) * (x[hi] - x[lo]);
}
inline std::vector<double> difference(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return d;
}

}  // namespace sibsim::test
