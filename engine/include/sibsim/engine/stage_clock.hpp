#pragma once
/// \file stage_clock.hpp
/// Optional time accounting by stage of a replication, used only by benchmarks (the per-stage
/// cost in benchmarks/bench_scenarios.cpp), in the manner of rng.hpp's DrawCounter: off unless a
/// thread points engine::stage_clock at a StageClock. A model marks where each of its stages
/// begins with stage_enter(index, name); time runs to the stage until the next mark or
/// stage_stop(). When off, a mark costs one thread-local load and a not-taken branch.

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sibsim::engine {

struct StageClock {
  static constexpr std::size_t kStages = 8;
  std::array<std::uint64_t, kStages> ns{};        ///< nanoseconds spent in each stage
  std::array<const char*, kStages> names{};       ///< the name a model gave each stage
  std::chrono::steady_clock::time_point since{};  ///< when the current stage began
  int current = -1;                               ///< the stage running now, or -1

  void enter(std::size_t stage, const char* name) noexcept {
    const auto now = std::chrono::steady_clock::now();
    close(now);
    if (stage >= kStages) return;
    names[stage] = name;
    current = static_cast<int>(stage);
    since = now;
  }
  void stop() noexcept { close(std::chrono::steady_clock::now()); }

 private:
  void close(std::chrono::steady_clock::time_point now) noexcept {
    if (current < 0) return;
    ns[static_cast<std::size_t>(current)] +=
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now - since).count());
    current = -1;
  }
};
inline thread_local StageClock* stage_clock = nullptr;

/// Stage `stage` (below StageClock::kStages) named `name` (a string literal) begins now.
inline void stage_enter(std::size_t stage, const char* name) noexcept {
  if (StageClock* c = stage_clock) [[unlikely]]
    c->enter(stage, name);
}
/// The current stage ends now (nothing runs to a stage until the next stage_enter).
inline void stage_stop() noexcept {
  if (StageClock* c = stage_clock) [[unlikely]]
    c->stop();
}

}  // namespace sibsim::engine
