#include "sibsim/engine/resource.hpp"

#include <sstream>

namespace sibsim::engine {

Resource::Resource(std::uint32_t capacity, std::span<const CapacityChange> schedule, double start_time)
    : schedule_(schedule.begin(), schedule.end()),
      capacity_(capacity),
      last_(start_time),
      window_start_(start_time) {
  if (!std::isfinite(start_time)) throw std::invalid_argument("Resource: start time must be finite");
  double previous = start_time;
  for (std::size_t i = 0; i < schedule_.size(); ++i) {
    const double t = schedule_[i].time;
    const bool ok = std::isfinite(t) && (i == 0 ? t >= previous : t > previous);
    if (!ok) {
      std::ostringstream msg;
      msg << "Resource: capacity schedule entry " << i << " has time " << t
          << "; times must be finite, strictly increasing and >= the start time " << start_time;
      throw std::invalid_argument(msg.str());
    }
    previous = t;
  }
}

void Resource::reserve_queue(std::size_t n) {
  while (ring_.size() < n) grow();
}

void Resource::grow() {
  // Double the ring and unroll the live entries to the front, keeping queue order.
  const std::size_t new_size = ring_.empty() ? 16 : ring_.size() * 2;
  std::vector<Waiting> bigger(new_size);
  for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & mask_];
  ring_.swap(bigger);
  mask_ = new_size - 1;
  head_ = 0;
}

bool Resource::withdraw(double now, EntityId who) {
  std::size_t pos = 0;
  while (pos < size_ && ring_[(head_ + pos) & mask_].who != who) ++pos;
  if (pos == size_) return false;
  advance(now);
  // Close the gap by shifting the later entries one place forward (keeps FIFO order).
  for (std::size_t i = pos; i + 1 < size_; ++i) ring_[(head_ + i) & mask_] = ring_[(head_ + i + 1) & mask_];
  --size_;
  ++withdrawn_;
  return true;
}

void Resource::reset_statistics(double now) {
  advance(now);
  window_start_ = now;
  busy_time_ = capacity_time_ = queue_time_ = 0.0;
  total_wait_ = max_wait_ = 0.0;
  arrivals_ = started_ = completed_ = withdrawn_ = 0;
  max_queue_ = size_;
}

ResourceStats Resource::statistics(double now) const {
  if (!(now >= last_)) throw std::logic_error("Resource::statistics: time earlier than the last update");
  const double dt = now - last_;
  ResourceStats s;
  s.window_start = window_start_;
  s.window_end = now;
  s.busy_time = busy_time_ + dt * busy_;
  s.capacity_time = capacity_time_ + dt * capacity_;
  s.queue_time = queue_time_ + dt * static_cast<double>(size_);
  const double length = now - window_start_;
  if (s.capacity_time > 0.0) s.utilisation = s.busy_time / s.capacity_time;
  if (length > 0.0) {
    s.mean_busy = s.busy_time / length;
    s.mean_capacity = s.capacity_time / length;
    s.mean_queue_length = s.queue_time / length;
  }
  s.total_wait = total_wait_;
  s.max_wait = max_wait_;
  if (started_ > 0) s.mean_wait = total_wait_ / static_cast<double>(started_);
  s.arrivals = arrivals_;
  s.started = started_;
  s.completed = completed_;
  s.withdrawn = withdrawn_;
  s.max_queue_length = max_queue_;
  return s;
}

}  // namespace sibsim::engine
