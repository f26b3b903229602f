#pragma once
/// \file simulator.hpp
/// A simulation clock driving an EventQueue, with an event fingerprint for regression tests.

#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "sibsim/engine/event_queue.hpp"
#include "sibsim/engine/fingerprint.hpp"

namespace sibsim::engine {

class Simulator {
 public:
  double now() const noexcept { return now_; }
  std::uint64_t events_processed() const noexcept { return processed_; }
  /// 64-bit hash over (event number, time, kind, entity) of every processed event
  /// (fingerprint_event, FingerprintRecord::full): catches reorderings that means and variances
  /// hide.
  std::uint64_t fingerprint() const noexcept { return fingerprint_; }
  EventQueue& queue() noexcept { return queue_; }
  std::size_t pending() const noexcept { return queue_.size(); }

  /// Schedules at absolute time t (t >= now()).
  EventId schedule_at(double t, std::uint16_t kind, std::uint32_t entity, Priority p = Priority::normal) {
    if (!(t >= now_)) throw std::logic_error("Simulator: event scheduled in the past or at NaN");
    return queue_.push(t, kind, entity, p);
  }
  /// Schedules after a delay dt >= 0.
  EventId schedule_in(double dt, std::uint16_t kind, std::uint32_t entity, Priority p = Priority::normal) {
    return schedule_at(now_ + dt, kind, entity, p);
  }
  bool cancel(EventId id) { return queue_.cancel(id); }

  /// Processes events with time < until (half-open: an event at exactly `until` stays pending),
  /// calling handler(const Event&) for each, then sets the clock to `until`.
  /// Returns the number of events processed by this call.
  template <class Handler>
  std::uint64_t run_until(double until, Handler&& handler) {
    std::uint64_t n = 0;
    while (!queue_.empty() && queue_.top().time < until) {
      const Event e = queue_.pop();
      now_ = e.time;
      ++processed_;
      ++n;
      fingerprint_ = fingerprint_event(fingerprint_, processed_, e);
      handler(e);
    }
    if (until > now_ && std::isfinite(until)) now_ = until;
    return n;
  }

  /// Processes all pending events.
  template <class Handler>
  std::uint64_t run(Handler&& handler) {
    return run_until(INFINITY, std::forward<Handler>(handler));
  }

  void reset() noexcept {
    queue_.clear();
    now_ = 0.0;
    processed_ = 0;
    fingerprint_ = kFingerprintStart;
  }

 private:
  EventQueue queue_;
  double now_ = 0.0;
  std::uint64_t processed_ = 0;
  std::uint64_t fingerprint_ = kFingerprintStart;
};

}  // namespace sibsim::engine
