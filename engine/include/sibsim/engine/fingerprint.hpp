#pragma once
/// \file fingerprint.hpp
/// The event fingerprint: a 64-bit hash over the processed events of a calendar, in processing
/// order, that catches reorderings that means and variances hide. One definition, used by
/// engine::Simulator and engine::EntityCalendar (and by models that combine fingerprints).

#include <cstdint>

#include "sibsim/engine/event_queue.hpp"
#include "sibsim/engine/hash.hpp"

namespace sibsim::engine {

/// The fingerprint of a calendar that processed no event.
inline constexpr std::uint64_t kFingerprintStart = kFnv1a64Offset;

/// What of each processed event enters the fingerprint.
enum class FingerprintRecord : std::uint8_t {
  /// (event number, time, kind << 32 | entity): Simulator's record, and EntityCalendar's default.
  full,
  /// (time, kind): for a calendar of one entity whose fingerprint the model combines with others
  /// in a fixed order (the entity is the calendar's, the number follows from the order).
  time_kind,
};

/// Folds the `number`-th processed event `e` of a calendar (1 = the first) into fingerprint `h`:
/// each word of the record goes through hash_mix in the order listed in FingerprintRecord.
constexpr std::uint64_t fingerprint_event(std::uint64_t h, std::uint64_t number, const Event& e,
                                          FingerprintRecord record = FingerprintRecord::full) noexcept {
  if (record == FingerprintRecord::time_kind) return hash_mix(hash_mix(h, double_bits(e.time)), e.kind);
  h = hash_mix(h, number);
  h = hash_mix(h, double_bits(e.time));
  return hash_mix(h, (static_cast<std::uint64_t>(e.kind) << 32) | e.entity);
}

}  // namespace sibsim::engine
