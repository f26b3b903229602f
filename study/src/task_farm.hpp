#pragma once
// A task farm with dynamic load balancing: rank 0 hands out work units one at a time to whichever
// rank asks next and computes units itself in between; results come back to rank 0, which passes
// each to `on_result` on its main thread. With one rank (no MPI) the units are simply computed in
// order. Results are rows of doubles that are pure functions of the unit, so what rank 0 receives
// does not depend on the number of ranks or on which rank computed what: callers that fold the
// rows in a fixed order get bit-identical results for any rank count.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "sibsim/study/mpi_world.hpp"

namespace sibsim::study {

/// Replications [first, first + count) of design point `point`.
struct WorkUnit {
  std::uint64_t point = 0;
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

/// Computes a unit's rows (count rows, row-major). Called on every rank, on its main thread (it
/// may use TBB inside).
using ComputeUnit = std::function<std::vector<double>(const WorkUnit&)>;
/// Receives a unit's rows on rank 0, main thread, in completion order (not unit order).
using UnitDone = std::function<void(const WorkUnit&, std::vector<double>&& rows)>;

/// Runs all `units` across the ranks of `world`. Returns on every rank when all are done (on
/// ranks other than 0 `units` may be empty: only rank 0's list is used). If a unit throws on any
/// rank the exception propagates on that rank; the caller must then end the job (MpiWorld::abort).
void run_task_farm(const MpiWorld& world, std::span<const WorkUnit> units, const ComputeUnit& compute,
                   const UnitDone& on_result);

/// Splits replications [0, replications) of each listed point into units of at most `block`.
std::vector<WorkUnit> make_units(std::span<const std::uint64_t> points, std::uint64_t replications,
                                 std::uint64_t block);

}  // namespace sibsim::study
