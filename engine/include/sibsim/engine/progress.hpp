#pragma once
/// \file progress.hpp
/// A one-line progress bar on a terminal: done/total, percentage, rate and ETA.
///
/// It draws only when enabled, when the stream is a terminal (isatty) and after the run has
/// lasted `delay_seconds` (so short runs and redirected output stay clean); it redraws at most
/// ten times a second and clears its line in finish() (or the destructor). Call it from one
/// thread only (the runner calls it on the calling thread between batches).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace sibsim::engine {

class ProgressBar {
 public:
  /// total == 0 means "unknown" (no percentage or ETA). `out` must outlive the bar.
  ProgressBar(std::uint64_t total, bool enabled, std::FILE* out = stderr, double delay_seconds = 1.0);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Reports `done` units so far; `note` is appended to the line (e.g. the current CI width).
  void update(std::uint64_t done, const std::string& note = {});
  /// Clears the line if anything was drawn; later updates draw nothing.
  void finish();
  /// true while the bar may draw (enabled, a terminal, not finished).
  bool active() const noexcept { return active_; }
  /// true once a line was drawn (and not yet cleared).
  bool drawn() const noexcept { return drawn_; }

  /// The text of one line, e.g. "[#########...........]  4500/10000  45.0%  1.20k rep/s  ETA 0:04".
  static std::string format_line(std::uint64_t done, std::uint64_t total, double elapsed_seconds,
                                 const std::string& note = {});

 private:
  using Clock = std::chrono::steady_clock;
  std::uint64_t total_;
  std::FILE* out_;
  double delay_;
  bool active_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  std::size_t last_length_ = 0;
};

}  // namespace sibsim::engine
