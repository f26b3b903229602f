// RandomStream costs: creating a stream (keying the generator) and the draws models use most.
#include <benchmark/benchmark.h>

#include "sibsim/engine/rng.hpp"

namespace {

using sibsim::engine::RandomStream;

void BM_StreamCreateAndDraw(benchmark::State& state) {
  std::uint64_t entity = 0;
  for (auto _ : state) {
    RandomStream s(42, 7, entity++, 3);
    benchmark::DoNotOptimize(s.uniform());  // the first draw runs one refill (two ARS-7 blocks)
  }
  state.counters["streams/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StreamCreateAndDraw);

template <class Draw>
void draws(benchmark::State& state, Draw draw) {
  RandomStream s(42, 7, 1, 3);
  for (auto _ : state) benchmark::DoNotOptimize(draw(s));
  state.counters["draws/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_RawWord(benchmark::State& state) {
  draws(state, [](RandomStream& s) { return s(); });
}
void BM_Uniform(benchmark::State& state) {
  draws(state, [](RandomStream& s) { return s.uniform(); });
}
void BM_Normal(benchmark::State& state) {
  draws(state, [](RandomStream& s) { return s.normal(0.0, 1.0); });
}
void BM_Exponential(benchmark::State& state) {
  draws(state, [](RandomStream& s) { return s.exponential(1.25); });
}
void BM_Poisson(benchmark::State& state) {
  draws(state, [](RandomStream& s) { return s.poisson(3.5); });
}
BENCHMARK(BM_RawWord);
BENCHMARK(BM_Uniform);
BENCHMARK(BM_Normal);
BENCHMARK(BM_Exponential);
BENCHMARK(BM_Poisson);

}  // namespace

BENCHMARK_MAIN();
