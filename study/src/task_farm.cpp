#include "task_farm.hpp"

#include <mpi.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace sibsim::study {
namespace {

// Worker -> rank 0: kReady (no payload) or kResult ([point, first, count] as doubles, then rows).
// Rank 0 -> worker: kWork ([point, first, count] as uint64) or kStop (no payload).
constexpr int kReady = 1;
constexpr int kResult = 2;
constexpr int kWork = 3;
constexpr int kStop = 4;

void send_unit_or_stop(int dest, std::span<const WorkUnit> units, std::size_t& next, int& busy) {
  if (next < units.size()) {
    const WorkUnit& u = units[next++];
    const std::array<std::uint64_t, 3> msg{u.point, u.first, u.count};
    MPI_Send(msg.data(), 3, MPI_UINT64_T, dest, kWork, MPI_COMM_WORLD);
  } else {
    MPI_Send(nullptr, 0, MPI_UINT64_T, dest, kStop, MPI_COMM_WORLD);
    --busy;
  }
}

/// Receives one message (already probed) from a worker, hands a result on, and replies.
void serve(const MPI_Status& probed, std::span<const WorkUnit> units, std::size_t& next, int& busy,
           const UnitDone& on_result) {
  int n = 0;
  MPI_Get_count(&probed, MPI_DOUBLE, &n);
  std::vector<double> buf(static_cast<std::size_t>(n));
  MPI_Recv(buf.data(), n, MPI_DOUBLE, probed.MPI_SOURCE, probed.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  if (probed.MPI_TAG == kResult) {
    const WorkUnit u{static_cast<std::uint64_t>(buf[0]), static_cast<std::uint64_t>(buf[1]),
                     static_cast<std::uint64_t>(buf[2])};
    buf.erase(buf.begin(), buf.begin() + 3);
    on_result(u, std::move(buf));
  }
  send_unit_or_stop(probed.MPI_SOURCE, units, next, busy);
}

void root_loop(const MpiWorld& world, std::span<const WorkUnit> units, const ComputeUnit& compute,
               const UnitDone& on_result) {
  std::size_t next = 0;
  int busy = world.size() - 1;  // workers not yet told to stop
  while (busy > 0 || next < units.size()) {
    // Serve every waiting worker first, so nobody idles while rank 0 computes.
    for (;;) {
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (!flag) break;
      serve(st, units, next, busy, on_result);
    }
    if (next < units.size()) {
      const WorkUnit& u = units[next++];
      on_result(u, compute(u));
    } else if (busy > 0) {
      MPI_Status st;
      MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
      serve(st, units, next, busy, on_result);
    }
  }
}

void worker_loop(const ComputeUnit& compute) {
  MPI_Send(nullptr, 0, MPI_DOUBLE, 0, kReady, MPI_COMM_WORLD);
  for (;;) {
    std::array<std::uint64_t, 3> msg{};
    MPI_Status st;
    MPI_Recv(msg.data(), 3, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
    if (st.MPI_TAG == kStop) return;
    const WorkUnit u{msg[0], msg[1], msg[2]};
    std::vector<double> rows = compute(u);
    // Unit numbers travel as doubles: exact below 2^53, far above any design or replication count.
    rows.insert(rows.begin(),
                {static_cast<double>(u.point), static_cast<double>(u.first), static_cast<double>(u.count)});
    MPI_Send(rows.data(), static_cast<int>(rows.size()), MPI_DOUBLE, 0, kResult, MPI_COMM_WORLD);
  }
}

}  // namespace

void run_task_farm(const MpiWorld& world, std::span<const WorkUnit> units, const ComputeUnit& compute,
                   const UnitDone& on_result) {
  if (world.size() <= 1) {
    for (const WorkUnit& u : units) on_result(u, compute(u));
    return;
  }
  if (world.is_root())
    root_loop(world, units, compute, on_result);
  else
    worker_loop(compute);
}

std::vector<WorkUnit> make_units(std::span<const std::uint64_t> points, std::uint64_t replications,
                                 std::uint64_t block) {
  std::vector<WorkUnit> units;
  block = std::max<std::uint64_t>(block, 1);
  for (const std::uint64_t p : points)
    for (std::uint64_t first = 0; first < replications; first += block)
      units.push_back({p, first, std::min(block, replications - first)});
  return units;
}

}  // namespace sibsim::study
