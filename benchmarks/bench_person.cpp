// The SIB model at the smallest scales: one person's path and one replication of
// wnd-2016-actual (Google Benchmark).
//
// • BM_PersonFunnel: one eligible person through the recruitment funnel on the person's own event
//   calendar (models::sib::run_person_funnel), averaged over every eligible person of
//   replication 0 (about 1,300; most leave early).
// • BM_PersonStarter: one starter's full path (models::sib::simulate_person): the funnel, the
//   enrolment, the trajectory (phases, dropout by competing risks, custody spells), the monthly
//   work process in the three arms (programme, care as usual, matched control with its own
//   trajectory) and the actual dropout, averaged over the starters of replications 0-9.
// • BM_ReplicationWndActual: one whole replication (SibModel::run_replication, KPIs included).
//
// Counters: persons/s or replications/s; `blocks/person` (refills of 4 words drawn per
// person, counted once outside the timed loop with engine::rng_draw_counter) and `draw_ns` (the
// bare generation of that many streams and blocks, measured here) give the per-person
// draw-bound limit, as bench_scenarios does per replication.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/sib_model.hpp"

namespace {

namespace eng = sibsim::engine;
namespace sib = sibsim::models::sib;
constexpr std::uint64_t kSeed = 1;

const sib::SibModel& actual_model() {
  static const sib::SibModel model(
      sibsim::models::sib::load_sib_scenario(std::string(SIBSIM_SCENARIO_DIR) + "/wnd-2016-actual.yaml"));
  return model;
}

/// A listed person with the replication it belongs to.
struct Listed {
  sib::Person person;
  std::uint64_t replication = 0;
};

/// The eligible persons of replications [0, reps), as listed (before the funnel); with
/// `starters_only`, those who start (given an empty caseload; the caseload changes only the
/// intensity, not the draws or the work done).
std::vector<Listed> listed_persons(const sib::PopulationGenerator& pop, std::uint64_t reps,
                                   bool starters_only) {
  const sib::SibParams& params = actual_model().params();
  std::vector<Listed> out;
  for (std::uint64_t rep = 0; rep < reps; ++rep) {
    const eng::StreamFactory rng(kSeed, rep);
    std::vector<sib::Person> persons;
    pop.generate(rng, persons);
    for (const sib::Person& p : persons)
      if (!starters_only || sib::simulate_person(params, pop, rng, p).started) out.push_back({p, rep});
  }
  return out;
}

/// Refills (4 words) drawn per person and the bare generation time of that draw pattern, per person.
void draw_counters(benchmark::State& state, const sib::PopulationGenerator& pop,
                   const std::vector<Listed>& v) {
  const sib::SibParams& params = actual_model().params();
  eng::DrawCounter counts;
  eng::rng_draw_counter = &counts;
  for (const Listed& l : v)
    benchmark::DoNotOptimize(sib::simulate_person(params, pop, {kSeed, l.replication}, l.person));
  eng::rng_draw_counter = nullptr;
  std::uint64_t blocks = counts.blocks_beyond;
  for (const auto b : counts.blocks_at) blocks += b;
  // The same number of streams, each drawing as many blocks (all 4 words read), bare.
  const auto replay = [&] {
    std::uint64_t acc = 0, entity = 0;
    for (std::size_t k = 0; k < eng::DrawCounter::kExact; ++k) {
      const std::uint64_t n = k + 1 < eng::DrawCounter::kExact ? counts.blocks_at[k] - counts.blocks_at[k + 1]
                                                               : counts.blocks_at[k];
      for (std::uint64_t s = 0; s < n; ++s) {
        eng::RandomStream rs(eng::RandomStream::KeyWord{kSeed}, 0, entity++,
                             7);  // keyed as StreamFactory keys
        for (std::uint64_t w = 0; w < 4 * (k + 1); ++w) acc ^= rs();
      }
    }
    return acc;
  };
  double best = 1e300;
  for (int round = 0; round < 20; ++round) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(replay());
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  const auto n = static_cast<double>(v.size());
  state.counters["blocks/person"] = static_cast<double>(blocks) / n;
  state.counters["draw_ns"] = best / n * 1e9;
}

void BM_PersonFunnel(benchmark::State& state) {
  const sib::SibParams& params = actual_model().params();
  const sib::PopulationGenerator pop(params);
  const std::vector<Listed> v = listed_persons(pop, 1, false);
  std::size_t i = 0;
  for (auto _ : state) {
    const Listed& l = v[i];
    i = i + 1 == v.size() ? 0 : i + 1;
    sib::Person p = l.person;
    benchmark::DoNotOptimize(sib::run_person_funnel(params, pop, {kSeed, l.replication}, p));
    benchmark::DoNotOptimize(p);
  }
  state.counters["persons/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["persons"] = static_cast<double>(v.size());
}
BENCHMARK(BM_PersonFunnel);

void BM_PersonStarter(benchmark::State& state) {
  const sib::SibParams& params = actual_model().params();
  const sib::PopulationGenerator pop(params);
  const std::vector<Listed> v = listed_persons(pop, 10, true);
  std::size_t i = 0;
  for (auto _ : state) {
    const Listed& l = v[i];
    i = i + 1 == v.size() ? 0 : i + 1;
    benchmark::DoNotOptimize(sib::simulate_person(params, pop, {kSeed, l.replication}, l.person));
  }
  state.counters["persons/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["persons"] = static_cast<double>(v.size());
  draw_counters(state, pop, v);
}
BENCHMARK(BM_PersonStarter);

void BM_ReplicationWndActual(benchmark::State& state) {
  const sib::SibModel& model = actual_model();
  std::vector<double> out(model.kpis().size());
  std::uint64_t rep = 0;
  for (auto _ : state) {
    model.run_replication(kSeed, rep++, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["reps/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplicationWndActual)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
