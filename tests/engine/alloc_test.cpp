// Heap accounting for engine_tests: this file replaces the global operator new/delete (for the
// whole executable) with versions that count allocations and track live and peak bytes. The
// tests below check "no heap allocation per event" and "memory does not grow with replications".
// Under AddressSanitizer or ThreadSanitizer the sanitizer owns operator new, so the replacement
// is left out and these tests only warn.
#include <malloc.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/resource.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/simulator.hpp"
#include "sibsim/engine/statistics.hpp"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SIBSIM_COUNT_ALLOCATIONS 0
#else
#define SIBSIM_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::int64_t> g_live_bytes{0};
std::atomic<std::int64_t> g_peak_bytes{0};

[[maybe_unused]] void* counted_alloc(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  const auto live = g_live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p))) +
                    static_cast<std::int64_t>(malloc_usable_size(p));
  std::int64_t peak = g_peak_bytes.load(std::memory_order_relaxed);
  while (live > peak && !g_peak_bytes.compare_exchange_weak(peak, live)) {
  }
  return p;
}
[[maybe_unused]] void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  g_live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)));
  std::free(p);
}

/// Peak live heap bytes above the level at construction, while the probe lives.
class HeapProbe {
 public:
  HeapProbe() : base_(g_live_bytes.load()) { g_peak_bytes.store(base_); }
  std::int64_t peak_growth() const { return g_peak_bytes.load() - base_; }

 private:
  std::int64_t base_;
};
}  // namespace

#if SIBSIM_COUNT_ALLOCATIONS
void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
#define SIBSIM_SKIP_WITHOUT_COUNTING()
#else
#define SIBSIM_SKIP_WITHOUT_COUNTING()                           \
  do {                                                           \
    WARN("allocation counting is disabled in sanitizer builds"); \
    return;                                                      \
  } while (false)
#endif

using namespace sibsim::engine;

TEST_CASE("the event loop allocates nothing per event in steady state", "[alloc]") {
  SIBSIM_SKIP_WITHOUT_COUNTING();
  // An M/M/c hold model written directly on the kernel: Simulator + Resource + RandomStream.
  constexpr double lambda = 4.0, mu = 1.25;
  constexpr std::uint32_t c = 4;
  Simulator sim;
  sim.queue().reserve(c + 2);
  Resource servers(c);
  servers.reserve_queue(1024);
  RandomStream arrivals(1, 0, 0, 1), services(1, 0, 0, 2);
  std::uint32_t next = 0;
  auto handler = [&](const Event& e) {
    if (e.kind == 0) {
      const std::uint32_t id = next++;
      if (servers.request(e.time, id)) sim.schedule_in(services.exponential(mu), 1, id);
      sim.schedule_in(arrivals.exponential(lambda), 0, 0);
    } else if (const auto started = servers.release(e.time)) {
      sim.schedule_in(services.exponential(mu), 1, *started);
    }
  };
  sim.schedule_at(0.0, 0, 0);
  sim.run_until(100.0, handler);  // warm-up: any one-off growth happens here

  const std::uint64_t before = g_allocations.load();
  const std::uint64_t events = sim.run_until(20100.0, handler);
  const std::uint64_t allocations = g_allocations.load() - before;
  INFO(events << " events, " << allocations << " allocations");
  CHECK(events > 150000);
  CHECK(allocations == 0);
}

TEST_CASE("statistics accumulate without allocating after construction", "[alloc]") {
  SIBSIM_SKIP_WITHOUT_COUNTING();
  KpiAccumulator acc;
  RandomStream rng(4, 0, 0, 0);
  const std::uint64_t before = g_allocations.load();
  for (int i = 0; i < 300000; ++i) acc.add(rng.normal());
  CHECK(g_allocations.load() - before == 0);
  CHECK_FALSE(acc.quantiles().is_exact());

  KpiAccumulator small;
  small.add(1.0);
  KpiAccumulator copy = small;  // a copy keeps the fixed-size array
  const std::uint64_t after_copy = g_allocations.load();
  for (int i = 0; i < 10000; ++i) copy.add(rng.normal());
  CHECK(g_allocations.load() - after_copy == 0);
}

namespace {
class TinyModel final : public ReplicationModel {
 public:
  std::vector<KpiInfo> kpis() const override {
    return {
        {"a", "1", "a", {}, {}}, {"b", "1", "b", {}, {}}, {"c", "1", "c", {}, {}}, {"d", "1", "d", {}, {}}};
  }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override {
    RandomStream s(seed, replication, 0, 0);
    for (double& x : out) x = s.normal();
  }
};
}  // namespace

TEST_CASE("runner heap peak for 1,000 and 100,000 replications is within 10 %", "[alloc][runner]") {
  SIBSIM_SKIP_WITHOUT_COUNTING();
  const TinyModel model;
  auto peak_for = [&](std::uint64_t replications) {
    RunOptions o;
    o.replications = replications;
    o.threads = 2;
    const HeapProbe probe;
    const RunResult r = run_monte_carlo(model, o);
    CHECK(r.replications == replications);
    return probe.peak_growth();
  };
  peak_for(10);  // let TBB set up its arena and thread-local state first
  const std::int64_t small = peak_for(1'000);
  const std::int64_t large = peak_for(100'000);
  INFO("peak heap growth: 1,000 replications " << small << " B, 100,000 replications " << large << " B");
  CHECK(large > 0);
  CHECK(static_cast<double>(large) <= 1.10 * static_cast<double>(small));
  CHECK(static_cast<double>(small) <= 1.10 * static_cast<double>(large));
}
