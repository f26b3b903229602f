#pragma once
/// \file entity_calendar.hpp
/// One entity's own event calendar: a handful of pending events, processed in exactly the order
/// of engine::EventQueue (EventBefore: time, priority, order of scheduling) and fingerprinted
/// with engine::fingerprint_event, in a fixed array (no heap, no allocation).
///
/// Use it when an entity's events up to some point depend on nothing but the entity: then the
/// entities' calendars can run one after the other with exactly the results of one shared
/// engine::Simulator, without the shared heap's cost. (The SIB model runs each person's
/// recruitment funnel on one; models/README.md.)

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "sibsim/engine/event_queue.hpp"
#include "sibsim/engine/fingerprint.hpp"

namespace sibsim::engine {

/// At most `Capacity` events pending at a time (scheduling more throws std::logic_error). The
/// interface follows engine::Simulator; `Record` chooses what of each event enters the
/// fingerprint (FingerprintRecord::full gives Simulator's fingerprint for the same events).
template <std::size_t Capacity, FingerprintRecord Record = FingerprintRecord::full>
class EntityCalendar {
  static_assert(Capacity > 0);

 public:
  double now() const noexcept { return now_; }
  bool empty() const noexcept { return n_ == 0; }
  /// Events scheduled and not yet processed.
  std::size_t pending() const noexcept { return n_; }
  std::uint64_t events_processed() const noexcept { return processed_; }
  /// fingerprint_event over the processed events, from kFingerprintStart.
  std::uint64_t fingerprint() const noexcept { return fingerprint_; }
  /// Events scheduled so far (the next event's seq).
  std::uint64_t scheduled_total() const noexcept { return next_seq_; }

  /// Schedules at absolute time t (t >= now()); throws std::logic_error for a time in the past or
  /// NaN, or when Capacity events are already pending.
  EventId schedule_at(double t, std::uint16_t kind, std::uint32_t entity = 0, Priority p = Priority::normal) {
    if (!(t >= now_)) throw std::logic_error("EntityCalendar: event scheduled in the past or at NaN");
    if (n_ == Capacity) throw std::logic_error("EntityCalendar: more pending events than its capacity");
    events_[n_++] = Event{t, next_seq_, entity, kind, p};
    return next_seq_++;
  }
  /// Schedules after a delay dt >= 0.
  EventId schedule_in(double dt, std::uint16_t kind, std::uint32_t entity = 0,
                      Priority p = Priority::normal) {
    return schedule_at(now_ + dt, kind, entity, p);
  }

  /// Processes the earliest pending event: removes it, sets the clock to its time, counts and
  /// fingerprints it, and returns it for the caller to handle. Precondition: !empty(). A caller
  /// that stops early (the rest of the entity's events being no-ops) still has pending().
  Event next() noexcept {
    const std::size_t i = earliest();
    const Event e = events_[i];
    events_[i] = events_[--n_];
    now_ = e.time;
    ++processed_;
    fingerprint_ = fingerprint_event(fingerprint_, processed_, e, Record);
    return e;
  }

  /// As Simulator::run_until: processes events with time < until (half-open), calling
  /// handler(const Event&) for each, then sets the clock to `until`. Returns the number processed.
  template <class Handler>
  std::uint64_t run_until(double until, Handler&& handler) {
    std::uint64_t n = 0;
    while (n_ > 0 && events_[earliest()].time < until) {
      const Event e = next();
      ++n;
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

  /// Back to a fresh calendar (clock 0, nothing pending or processed).
  void reset() noexcept { *this = EntityCalendar{}; }

 private:
  // A linear scan: with a handful of entries it beats a heap, and EventBefore is a total order,
  // so the slot an event occupies does not matter.
  std::size_t earliest() const noexcept {
    std::size_t best = 0;
    for (std::size_t i = 1; i < n_; ++i)
      if (EventBefore{}(events_[i], events_[best])) best = i;
    return best;
  }

  std::array<Event, Capacity> events_{};
  std::size_t n_ = 0;
  std::uint64_t next_seq_ = 0;
  double now_ = 0.0;  // as a fresh Simulator: nothing before day 0
  std::uint64_t processed_ = 0;
  std::uint64_t fingerprint_ = kFingerprintStart;
};

}  // namespace sibsim::engine
