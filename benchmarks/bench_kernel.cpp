// Event-kernel throughput: the classic "hold" model (pop the earliest event, push one new event
// a random increment later, so the number of pending events stays N), on the bare EventQueue and
// through Simulator::run_until, plus one full M/M/c replication. Reports events per second and
// heap allocations per event (expected: 0 in the timed loop).
#include <benchmark/benchmark.h>

#include <vector>

#include "alloc_counter.hpp"
#include "sibsim/engine/event_queue.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/simulator.hpp"
#include "sibsim/models/mmc/mmc_queue.hpp"

namespace {

using namespace sibsim::engine;

// Exponential increments with mean `mean`, drawn once so the timed loop measures the queue only.
std::vector<double> increments(double mean) {
  RandomStream rng(1, 0, 0, 0);
  std::vector<double> v(4096);
  for (double& x : v) x = rng.exponential(1.0 / mean);
  return v;
}

void BM_EventQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> inc = increments(static_cast<double>(n));
  EventQueue q;
  q.reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) q.push(inc[i % inc.size()] * static_cast<double>(i % 7 + 1), 0, 0);
  std::size_t k = 0;
  const std::uint64_t before = sibsim::bench::allocations();
  for (auto _ : state) {
    const Event e = q.pop();
    q.push(e.time + inc[k++ & 4095], e.kind, e.entity);
    benchmark::DoNotOptimize(e);
  }
  const std::uint64_t after = sibsim::bench::allocations();  // before the counters map allocates
  const auto events = static_cast<double>(state.iterations());
  state.counters["events/s"] = benchmark::Counter(events, benchmark::Counter::kIsRate);
  state.counters["allocs/event"] = static_cast<double>(after - before) / events;
  state.counters["pending"] = static_cast<double>(q.size());
}
BENCHMARK(BM_EventQueueHold)->RangeMultiplier(16)->Range(16, 1 << 20);

void BM_SimulatorHold(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const std::vector<double> inc = increments(static_cast<double>(n));  // ~1 event per time unit
  Simulator sim;
  sim.queue().reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) sim.schedule_at(inc[i % inc.size()], 0, static_cast<std::uint32_t>(i));
  std::size_t k = 0;
  auto handler = [&](const Event& e) { sim.schedule_in(inc[k++ & 4095], e.kind, e.entity); };
  std::uint64_t events = 0;
  const std::uint64_t before = sibsim::bench::allocations();
  for (auto _ : state) events += sim.run_until(sim.now() + 64.0, handler);
  const std::uint64_t after = sibsim::bench::allocations();
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["allocs/event"] = static_cast<double>(after - before) / static_cast<double>(events);
}
BENCHMARK(BM_SimulatorHold)->RangeMultiplier(16)->Range(16, 1 << 20);

// One M/M/c replication (defaults: lambda 4/day, mu 1.25/day, c 4, 2200 days): about 17,500
// events with Resource bookkeeping and two RandomStreams. Allocations here are per replication
// (simulator, resource ring, KPI vector), not per event.
void BM_MmcReplication(benchmark::State& state) {
  const sibsim::models::MmcQueue model(sibsim::models::MmcParams{});
  std::uint64_t rep = 0, events = 0;
  const std::uint64_t before = sibsim::bench::allocations();
  for (auto _ : state) {
    const auto r = model.simulate(1, rep++);
    events += r.events;
    benchmark::DoNotOptimize(r);
  }
  const std::uint64_t after = sibsim::bench::allocations();
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["allocs/event"] = static_cast<double>(after - before) / static_cast<double>(events);
  state.counters["allocs/rep"] =
      static_cast<double>(after - before) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_MmcReplication)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
