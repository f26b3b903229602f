#pragma once
/// \file hash.hpp
/// The project's hashes, one definition each (all non-cryptographic, 64-bit, endianness-free
/// where they read words):
///   - fnv1a64 / fnv1a64_bytes: FNV-1a 64 over bytes (checksums of files, hashes of texts such as
///     a resolved scenario);
///   - hash_mix: one 64-bit word folded FNV-1a style plus an xor-shift (the event fingerprint of
///     fingerprint.hpp is built from it);
///   - splitmix64: the SplitMix64 finaliser (spreads a user seed over the Philox key, rng.hpp).
/// Known answers are pinned in tests/engine/hash_test.cpp: a change to any of them changes stored
/// checksums, fingerprints or random numbers, and must fail loudly.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sibsim::engine {

/// FNV-1a 64 offset basis (the hash of no bytes) and prime (Fowler, Noll, Vo).
inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnv1a64Prime = 0x100000001b3ULL;

/// FNV-1a 64 of `text`'s bytes. `h` continues an earlier hash (default: start afresh), so
/// fnv1a64(b, fnv1a64(a)) == fnv1a64(a + b).
constexpr std::uint64_t fnv1a64(std::string_view text, std::uint64_t h = kFnv1a64Offset) noexcept {
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnv1a64Prime;
  }
  return h;
}

/// FNV-1a 64 of `n` bytes at `data` (any object representation); equal to fnv1a64 over the same
/// bytes as text.
inline std::uint64_t fnv1a64_bytes(const void* data, std::size_t n,
                                   std::uint64_t h = kFnv1a64Offset) noexcept {
  const auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= kFnv1a64Prime;
  }
  return h;
}

/// Folds one 64-bit word into the running hash `h`: FNV-1a's step over a whole word (xor,
/// multiply by the prime), then an xor-shift by 29 so that high bits reach the low ones (a word
/// step alone would leave the low bits depending on the low bits only). Start from kFnv1a64Offset.
constexpr std::uint64_t hash_mix(std::uint64_t h, std::uint64_t word) noexcept {
  h ^= word;
  h *= kFnv1a64Prime;
  return h ^ (h >> 29);
}

/// The bit pattern of a double, as a word for hash_mix (so -0.0 and 0.0 differ, as they may in
/// a simulation).
constexpr std::uint64_t double_bits(double x) noexcept { return std::bit_cast<std::uint64_t>(x); }

/// SplitMix64 finaliser (Steele, Lea & Flood 2014): spreads a user seed (often small: 1, 2, 42)
/// over all 64 bits. Part of the random-number recipe (rng.hpp, kRngRecipe).
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace sibsim::engine
