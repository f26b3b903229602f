#pragma once
// A block of replications of one model, run in parallel (TBB), keeping only selected KPIs: the
// unit of work of `sibsim sweep` and `sibsim feasibility`. Each replication is a pure function of
// (seed, replication), so the rows do not depend on threads, ranks or block boundaries.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"

namespace sibsim::study {

/// Rows of replications [first, first + count): count rows of kpis.size() values (model KPI
/// indices, in that order). If replications throw, the one with the lowest index is reported as
/// engine::ReplicationError (seed and replication, to replay it with `sibsim run --replication`).
std::vector<double> replication_rows(const engine::ReplicationModel& model, std::uint64_t seed,
                                     std::uint64_t first, std::uint64_t count,
                                     std::span<const std::size_t> kpis);

/// Indices of KPI names in a model's KPI list; throws std::invalid_argument naming an unknown
/// name and the closest known one.
std::vector<std::size_t> kpi_indices(const engine::ReplicationModel& model,
                                     std::span<const std::string> names);

}  // namespace sibsim::study
