#include "replication_rows.hpp"

#include "sibsim/scenarios/errors.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace sibsim::study {

std::vector<double> replication_rows(const engine::ReplicationModel& model, std::uint64_t seed,
                                     std::uint64_t first, std::uint64_t count,
                                     std::span<const std::size_t> kpis) {
  const std::size_t width = model.kpis().size();
  const std::size_t k = kpis.size();
  std::vector<double> rows(static_cast<std::size_t>(count) * k);
  std::mutex failure_mutex;
  std::uint64_t failed = std::numeric_limits<std::uint64_t>::max();
  std::string failure;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, count), [&](const auto& range) {
    std::vector<double> out(width);
    for (std::uint64_t i = range.begin(); i != range.end(); ++i) {
      std::fill(out.begin(), out.end(), std::numeric_limits<double>::quiet_NaN());  // as the engine's runner
      try {
        model.run_replication(seed, first + i, out);
      } catch (const std::exception& e) {
        const std::lock_guard lock(failure_mutex);
        if (first + i < failed) {
          failed = first + i;
          failure = e.what();
        }
        continue;
      }
      for (std::size_t j = 0; j < k; ++j) rows[static_cast<std::size_t>(i) * k + j] = out[kpis[j]];
    }
  });
  if (failed != std::numeric_limits<std::uint64_t>::max())
    throw engine::ReplicationError(seed, failed, failure);
  return rows;
}

std::vector<std::size_t> kpi_indices(const engine::ReplicationModel& model,
                                     std::span<const std::string> names) {
  const std::vector<engine::KpiInfo> infos = model.kpis();
  std::vector<std::size_t> idx;
  for (const std::string& name : names) {
    const auto it = std::find_if(infos.begin(), infos.end(), [&](const auto& i) { return i.name == name; });
    if (it != infos.end()) {
      idx.push_back(static_cast<std::size_t>(it - infos.begin()));
      continue;
    }
    std::vector<std::string> names_known;
    names_known.reserve(infos.size());
    for (const auto& i : infos) names_known.push_back(i.name);
    const std::string best = scenarios::closest_name(name, names_known);
    throw std::invalid_argument("unknown KPI '" + name + "'" +
                                (best.empty() ? std::string() : "; did you mean '" + best + "'?") +
                                " (`sibsim run` lists them in the results file's /summary)");
  }
  return idx;
}

}  // namespace sibsim::study
