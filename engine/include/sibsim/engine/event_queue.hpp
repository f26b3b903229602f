#pragma once
/// \file event_queue.hpp
/// The future event list: a binary heap of small POD events with a total, documented order.

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sibsim::engine {

/// Tie-breaking priority for events at the same time; lower runs first.
enum class Priority : std::uint8_t { urgent = 0, high = 64, normal = 128, low = 192, last = 255 };

/// A scheduled event. 24 bytes, trivially copyable: no heap allocation per event.
struct Event {
  double time = 0.0;         ///< simulated time in days
  std::uint64_t seq = 0;     ///< insertion sequence number, unique per queue (also the event id)
  std::uint32_t entity = 0;  ///< model-defined entity (person, server, ...)
  std::uint16_t kind = 0;    ///< model-defined event type
  Priority priority = Priority::normal;
};

using EventId = std::uint64_t;

/// Order invariant: events run by (time, priority, seq) ascending. seq is unique, so the order
/// is total and does not depend on the heap implementation: two runs that schedule the same
/// events in the same order process them in the same order.
struct EventBefore {
  bool operator()(const Event& a, const Event& b) const noexcept {
    if (a.time != b.time) return a.time < b.time;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.seq < b.seq;
  }
};

class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  // Invariant: every id in cancelled_ is still in heap_, so live events = heap - cancelled.
  bool empty() const noexcept { return heap_.size() == cancelled_.size(); }
  std::size_t size() const noexcept { return heap_.size() - cancelled_.size(); }
  std::uint64_t scheduled_total() const noexcept { return next_seq_; }

  EventId push(double time, std::uint16_t kind, std::uint32_t entity, Priority priority = Priority::normal) {
    heap_.push_back(Event{time, next_seq_, entity, kind, priority});
    std::push_heap(heap_.begin(), heap_.end(), After{});
    return next_seq_++;
  }

  /// Cancels a pending event. Lazy: the event stays in the heap and is skipped when it surfaces.
  /// Cancelling an id that already ran or was cancelled is a no-op that returns false.
  /// O(pending events): meant for rare use; models with frequent cancellation should tag events
  /// with a per-entity generation and ignore stale ones instead.
  bool cancel(EventId id) {
    if (id >= next_seq_) return false;
    for (const Event& e : heap_) {
      if (e.seq == id) {
        if (std::find(cancelled_.begin(), cancelled_.end(), id) != cancelled_.end()) return false;
        cancelled_.push_back(id);
        return true;
      }
    }
    return false;
  }

  /// Earliest live event; precondition !empty().
  const Event& top() {
    skip_cancelled();
    return heap_.front();
  }

  /// Removes and returns the earliest live event; precondition !empty().
  Event pop() {
    skip_cancelled();
    std::pop_heap(heap_.begin(), heap_.end(), After{});
    Event e = heap_.back();
    heap_.pop_back();
    return e;
  }

  void clear() noexcept {
    heap_.clear();
    cancelled_.clear();
    next_seq_ = 0;
  }

 private:
  // std heap functions build a max-heap; invert the order to get the earliest on top.
  struct After {
    bool operator()(const Event& a, const Event& b) const noexcept { return EventBefore{}(b, a); }
  };
  void skip_cancelled() {
    while (!cancelled_.empty() && !heap_.empty()) {
      auto it = std::find(cancelled_.begin(), cancelled_.end(), heap_.front().seq);
      if (it == cancelled_.end()) return;
      *it = cancelled_.back();
      cancelled_.pop_back();
      std::pop_heap(heap_.begin(), heap_.end(), After{});
      heap_.pop_back();
    }
  }

  std::vector<Event> heap_;
  std::vector<EventId> cancelled_;  // few at a time in practice; linear search is fastest
  std::uint64_t next_seq_ = 0;
};

}  // namespace sibsim::engine
