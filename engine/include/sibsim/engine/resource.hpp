#pragma once
/// \file resource.hpp
/// A service resource with integer capacity (servers, counsellors, places), a capacity step
/// schedule and a FIFO wait queue of entity ids, with time-weighted statistics.
///
/// The resource is passive and domain-free: it never schedules events. The model calls
/// request()/release() from its event handler and the resource answers who starts service now;
/// the model then schedules that entity's end of service itself. Capacity changes work the same
/// way: the model schedules an event at next_change_time() and calls apply_due_changes(), which
/// reports every waiting entity that can start because capacity went up.
///
/// Capacity below the number busy (after a scheduled drop): running services finish normally;
/// no new service starts until busy < capacity again. Utilisation may then exceed 1 for a while.
///
/// Allocation: the wait queue is a ring buffer that only grows (doubling) when it is longer than
/// ever before; reserve_queue() pre-sizes it, so the steady state allocates nothing.

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace sibsim::engine {

/// From `time` on, the capacity is `capacity` (a step function).
struct CapacityChange {
  double time = 0.0;
  std::uint32_t capacity = 0;
};

/// Statistics over the observation window [window_start, window_end]. Time-weighted quantities
/// are integrals of a step function divided by the window length; per-entity quantities refer to
/// the entities that *started* service in the window (their whole wait counts, even the part
/// before the window; waits still running at window_end are not included).
struct ResourceStats {
  double window_start = 0.0;
  double window_end = 0.0;
  double busy_time = 0.0;          ///< integral of busy units over the window (unit-days)
  double capacity_time = 0.0;      ///< integral of capacity over the window (unit-days)
  double queue_time = 0.0;         ///< integral of queue length over the window (entity-days)
  double utilisation = NAN;        ///< busy_time / capacity_time (NaN if capacity_time == 0)
  double mean_busy = NAN;          ///< busy_time / window length (NaN for an empty window)
  double mean_capacity = NAN;      ///< capacity_time / window length
  double mean_queue_length = NAN;  ///< queue_time / window length
  double mean_wait = NAN;          ///< total_wait / started (NaN if nobody started)
  double total_wait = 0.0;         ///< sum of waits of entities that started in the window
  double max_wait = 0.0;           ///< largest such wait (0 if nobody started)
  std::uint64_t arrivals = 0;      ///< request() calls in the window
  std::uint64_t started = 0;       ///< service starts in the window (immediate ones included)
  std::uint64_t completed = 0;     ///< release() calls in the window ("served")
  std::uint64_t withdrawn = 0;     ///< entities that left the queue via withdraw()
  std::uint64_t max_queue_length = 0;
};

class Resource {
 public:
  using EntityId = std::uint32_t;

  /// A resource with `capacity` units from `start_time` on, then the steps of `schedule`
  /// (times strictly increasing, finite, >= start_time; copied). Statistics start at start_time.
  /// Throws std::invalid_argument on a bad schedule.
  explicit Resource(std::uint32_t capacity, std::span<const CapacityChange> schedule = {},
                    double start_time = 0.0);

  /// Pre-sizes the wait queue so that up to n waiting entities cause no allocation.
  void reserve_queue(std::size_t n);

  /// Entity `who` asks for one unit at time now. Returns true if it starts service at once (the
  /// caller schedules its end of service); false if it joined the back of the wait queue.
  bool request(double now, EntityId who) {
    advance(now);
    ++arrivals_;
    if (size_ == 0 && busy_ < capacity_) {
      ++busy_;
      ++started_;  // waited 0
      return true;
    }
    push_back(who, now);
    return false;
  }

  /// One unit is given back at time now. If that lets the head of the queue start, returns its
  /// id (the caller schedules its end of service). Throws std::logic_error if nothing is busy.
  std::optional<EntityId> release(double now) {
    if (busy_ == 0) throw std::logic_error("Resource::release: no unit is busy");
    advance(now);
    --busy_;
    ++completed_;
    if (busy_ < capacity_ && size_ != 0) return start_front(now);
    return std::nullopt;
  }

  /// Sets the capacity at time now; calls on_start(EntityId) for every waiting entity that can
  /// start because of it (in queue order). Returns how many started.
  template <class OnStart>
  std::uint32_t set_capacity(double now, std::uint32_t capacity, OnStart&& on_start) {
    advance(now);
    capacity_ = capacity;
    std::uint32_t n = 0;
    while (busy_ < capacity_ && size_ != 0) {
      on_start(start_front(now));
      ++n;
    }
    return n;
  }

  /// Time of the next scheduled capacity change not yet applied (+infinity if none).
  double next_change_time() const noexcept {
    return next_change_ < schedule_.size() ? schedule_[next_change_].time
                                           : std::numeric_limits<double>::infinity();
  }

  /// Applies every scheduled change with time <= now, in order (see set_capacity). The model
  /// calls this from an event it scheduled at next_change_time().
  template <class OnStart>
  std::uint32_t apply_due_changes(double now, OnStart&& on_start) {
    std::uint32_t n = 0;
    while (next_change_ < schedule_.size() && schedule_[next_change_].time <= now) {
      n += set_capacity(now, schedule_[next_change_].capacity, on_start);
      ++next_change_;
    }
    return n;
  }

  /// Removes `who` from the wait queue (reneging, dropout). Returns false if it was not waiting.
  /// O(queue length).
  bool withdraw(double now, EntityId who);

  /// Starts a new observation window at now (e.g. at the end of a warm-up): clears every
  /// counter and integral, keeps the state (busy units, queue, capacity).
  void reset_statistics(double now);

  /// Statistics of the window [last reset, now]; does not change the resource. now must not be
  /// earlier than the last request/release/capacity change.
  ResourceStats statistics(double now) const;

  std::uint32_t capacity() const noexcept { return capacity_; }
  std::uint32_t busy() const noexcept { return busy_; }
  /// Units that could start a service now (0 while busy >= capacity).
  std::uint32_t idle() const noexcept { return busy_ < capacity_ ? capacity_ - busy_ : 0; }
  std::size_t queue_length() const noexcept { return size_; }
  /// The i-th waiting entity, 0 = head of the queue. Precondition: i < queue_length().
  EntityId waiting_at(std::size_t i) const noexcept { return ring_[(head_ + i) & mask_].who; }

 private:
  struct Waiting {
    EntityId who;
    double since;
  };

  void advance(double now) {
    if (!(now >= last_)) throw std::logic_error("Resource: time went backwards (or is NaN)");
    const double dt = now - last_;
    busy_time_ += dt * busy_;
    capacity_time_ += dt * capacity_;
    queue_time_ += dt * static_cast<double>(size_);
    last_ = now;
  }
  void push_back(EntityId who, double now) {
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) & mask_] = Waiting{who, now};
    ++size_;
    if (size_ > max_queue_) max_queue_ = size_;
  }
  EntityId start_front(double now) noexcept {
    const Waiting w = ring_[head_];
    head_ = (head_ + 1) & mask_;
    --size_;
    ++busy_;
    ++started_;
    const double wait = now - w.since;
    total_wait_ += wait;
    if (wait > max_wait_) max_wait_ = wait;
    return w.who;
  }
  void grow();

  std::vector<CapacityChange> schedule_;
  std::size_t next_change_ = 0;
  std::uint32_t capacity_;
  std::uint32_t busy_ = 0;

  std::vector<Waiting> ring_;  // size is 0 or a power of two
  std::size_t mask_ = 0;
  std::size_t head_ = 0;
  std::size_t size_ = 0;

  double last_;
  double window_start_;
  double busy_time_ = 0, capacity_time_ = 0, queue_time_ = 0;
  double total_wait_ = 0, max_wait_ = 0;
  std::uint64_t arrivals_ = 0, started_ = 0, completed_ = 0, withdrawn_ = 0;
  std::uint64_t max_queue_ = 0;
};

}  // namespace sibsim::engine
