// engine/hash.hpp: known answers. FNV-1a 64 against the published test vectors (Fowler, Noll,
// Vo); hash_mix, the event fingerprint and SplitMix64 against values computed independently (a
// few lines of Python with the same arithmetic). Any change here changes stored checksums,
// fingerprints or random numbers.

#include <catch2/catch.hpp>

#include <string>

#include "sibsim/engine/fingerprint.hpp"
#include "sibsim/engine/hash.hpp"

using namespace sibsim::engine;

TEST_CASE("FNV-1a 64 gives the published test vectors", "[hash]") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
  CHECK(fnv1a64("sibsim") == 0xd9e60577d64ae438ULL);
  static_assert(fnv1a64("a") == 0xaf63dc4c8601ec8cULL, "usable at compile time");
}

TEST_CASE("FNV-1a 64 over bytes equals the text version and continues a hash", "[hash]") {
  const std::string text = "recruitment.end: 2017-07-01\n";
  CHECK(fnv1a64_bytes(text.data(), text.size()) == fnv1a64(text));
  CHECK(fnv1a64_bytes(text.data(), 0) == kFnv1a64Offset);
  CHECK(fnv1a64("bar", fnv1a64("foo")) == fnv1a64("foobar"));
  CHECK(fnv1a64_bytes("bar", 3, fnv1a64_bytes("foo", 3)) == 0x85944171f73967e8ULL);
  // Bytes with the high bit set are taken as unsigned (as every FNV implementation does).
  const unsigned char high[2] = {0xff, 0x80};
  CHECK(fnv1a64_bytes(high, 2) == fnv1a64("\xff\x80"));
}

TEST_CASE("hash_mix folds a 64-bit word (FNV-1a step, then xor-shift 29)", "[hash]") {
  CHECK(hash_mix(kFnv1a64Offset, 0) == 0xaf63bd49fd1c5dbbULL);
  CHECK(hash_mix(kFnv1a64Offset, 1) == 0xaf63bc49fd1c5448ULL);
  CHECK(hash_mix(0, ~0ULL) == 0xfffffef8000009b2ULL);
  CHECK(hash_mix(hash_mix(kFnv1a64Offset, 1), 2) != hash_mix(hash_mix(kFnv1a64Offset, 2), 1));
  CHECK(double_bits(1.0) == 0x3ff0000000000000ULL);
  CHECK(double_bits(-0.0) != double_bits(0.0));
}

TEST_CASE("the event fingerprint folds the documented records", "[hash]") {
  const Event events[3] = {
      {0.5, 0, 3, 7, Priority::normal}, {1.0, 1, 20, 2, Priority::high}, {2.5, 2, 30, 3, Priority::low}};
  std::uint64_t full = kFingerprintStart, compact = kFingerprintStart;
  for (std::uint64_t i = 0; i < 3; ++i) {
    full = fingerprint_event(full, i + 1, events[i]);
    compact = fingerprint_event(compact, i + 1, events[i], FingerprintRecord::time_kind);
  }
  // (number, time bits, kind << 32 | entity) per event, and (time bits, kind) per event.
  CHECK(full == 0x319fb8d9ed620834ULL);
  CHECK(compact == 0xb8fcdbdc3557ae10ULL);
  // The priority and seq decide the order, but are not part of the record.
  Event other = events[0];
  other.priority = Priority::last;
  other.seq = 99;
  CHECK(fingerprint_event(kFingerprintStart, 1, other) == fingerprint_event(kFingerprintStart, 1, events[0]));
}

TEST_CASE("SplitMix64 gives the reference generator's first outputs", "[hash]") {
  // The generator seeded with s first returns the finaliser of s: Steele, Lea & Flood (2014).
  CHECK(splitmix64(0) == 0xe220a8397b1dcdafULL);
  CHECK(splitmix64(1) == 0x910a2dec89025cc1ULL);
  CHECK(splitmix64(42) == 0xbdd732262feb6e95ULL);
}
