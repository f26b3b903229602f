// Replications per second through run_monte_carlo (TBB, batches, ordered fold, statistics) for
// the M/M/c example model on 1 and 2 threads. Real time, since the work is multithreaded.
#include <benchmark/benchmark.h>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/mmc/mmc_queue.hpp"

namespace {

void BM_RunnerMmc(benchmark::State& state) {
  const sibsim::models::MmcQueue model(sibsim::models::MmcParams{});
  sibsim::engine::RunOptions o;
  o.replications = static_cast<std::uint64_t>(state.range(1));
  o.threads = static_cast<unsigned>(state.range(0));
  std::uint64_t reps = 0;
  double wq = 0;
  for (auto _ : state) {
    const auto r = sibsim::engine::run_monte_carlo(model, o);
    reps += r.replications;
    wq = r.summary[sibsim::models::MmcQueue::kWaitInQueue].mean;
  }
  state.counters["reps/s"] = benchmark::Counter(static_cast<double>(reps), benchmark::Counter::kIsRate);
  state.counters["mean_wq"] = wq;
}
BENCHMARK(BM_RunnerMmc)
    ->ArgNames({"threads", "reps"})
    ->Args({1, 256})
    ->Args({2, 256})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The runner's own overhead: a model that does (almost) nothing, so the cost is TBB scheduling,
// the batch buffer, the ordered fold into 4 KPI accumulators and the sink call.
class NullModel final : public sibsim::engine::ReplicationModel {
 public:
  std::vector<sibsim::engine::KpiInfo> kpis() const override {
    return {{"a", "1", "a"}, {"b", "1", "b"}, {"c", "1", "c"}, {"d", "1", "d"}};
  }
  void run_replication(std::uint64_t, std::uint64_t replication, std::span<double> out) const override {
    for (double& x : out) x = static_cast<double>(replication % 1000);
  }
};

void BM_RunnerOverhead(benchmark::State& state) {
  const NullModel model;
  sibsim::engine::RunOptions o;
  o.replications = 100'000;
  o.threads = static_cast<unsigned>(state.range(0));
  std::uint64_t reps = 0;
  for (auto _ : state) reps += sibsim::engine::run_monte_carlo(model, o).replications;
  state.counters["reps/s"] = benchmark::Counter(static_cast<double>(reps), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RunnerOverhead)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
