#pragma once
/// \file ars.hpp
/// ARS-7, the counter-based generator under every RandomStream (rng.hpp): the "Advanced
/// Randomization System" of Salmon, Moraes, Dror and Shaw (SC'11, "Parallel random numbers: as
/// easy as 1, 2, 3"), exactly as Random123's ars.h defines it:
///   x = counter ^ key;
///   6 times: key += W; x = AESENC(x, key);          (one AES round: SubBytes, ShiftRows,
///   key += W; x = AESENCLAST(x, key);                MixColumns, AddRoundKey; the last without
///                                                    MixColumns)
/// with W = {0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B} added as two 64-bit lanes. Counter, key and
/// output are 128 bits, here two 64-bit words each (low word first, as in an __m128i).
///
/// Why ARS: with the AES-NI instructions one block costs seven AES rounds, and two independent
/// blocks run side by side in the pipeline, so four 64-bit words cost about a third of a
/// Philox4x64-10 block (benchmarks/RESULTS.md). Random123 gives 7 rounds as ARS's default, two
/// more than the fewest that pass TestU01's BigCrush for any counter and key.
///
/// Two code paths, one result: with AES-NI (x86-64 compiled with -maes, the SIBSIM_AES_NI build
/// option) the rounds are the hardware instructions; without it ars7_pair_portable computes the
/// same AES rounds in plain C++ (ars_portable.cpp). tests/engine/ars_test.cpp checks the two
/// against each other and against Random123's ars.h, so results never depend on the machine.

#include <cstdint>

#if defined(__AES__) && defined(__x86_64__)
#include <immintrin.h>
#define SIBSIM_ARS_AES_NI 1
#else
#define SIBSIM_ARS_AES_NI 0
#endif

namespace sibsim::engine {

/// The Weyl increment added to the key before every round (Random123's ars.h).
inline constexpr std::uint64_t kArsWeylLow = 0x9E3779B97F4A7C15ULL;
inline constexpr std::uint64_t kArsWeylHigh = 0xBB67AE8584CAA73BULL;
inline constexpr int kArsRounds = 7;

/// ARS-7 of the counters {c0, c1} and {c0, c1 + 1} under the key {k0, k1}, in plain C++:
/// out = {block 0 low, block 0 high, block 1 low, block 1 high}.
void ars7_pair_portable(std::uint64_t k0, std::uint64_t k1, std::uint64_t c0, std::uint64_t c1,
                        std::uint64_t out[4]) noexcept;

/// The same with AES-NI where the build has it (inlined: two blocks interleaved, about 3 ns).
inline void ars7_pair(std::uint64_t k0, std::uint64_t k1, std::uint64_t c0, std::uint64_t c1,
                      std::uint64_t out[4]) noexcept {
#if SIBSIM_ARS_AES_NI
  const __m128i weyl =
      _mm_set_epi64x(static_cast<long long>(kArsWeylHigh), static_cast<long long>(kArsWeylLow));
  __m128i k = _mm_set_epi64x(static_cast<long long>(k1), static_cast<long long>(k0));
  __m128i a = _mm_xor_si128(_mm_set_epi64x(static_cast<long long>(c1), static_cast<long long>(c0)), k);
  const std::uint64_t c1_next = c1 + 1;  // the second block's counter word
  __m128i b = _mm_xor_si128(_mm_set_epi64x(static_cast<long long>(c1_next), static_cast<long long>(c0)), k);
  for (int r = 1; r < kArsRounds; ++r) {
    k = _mm_add_epi64(k, weyl);
    a = _mm_aesenc_si128(a, k);
    b = _mm_aesenc_si128(b, k);
  }
  k = _mm_add_epi64(k, weyl);
  a = _mm_aesenclast_si128(a, k);
  b = _mm_aesenclast_si128(b, k);
  out[0] = static_cast<std::uint64_t>(_mm_cvtsi128_si64(a));
  out[1] = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a)));
  out[2] = static_cast<std::uint64_t>(_mm_cvtsi128_si64(b));
  out[3] = static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(b, b)));
#else
  ars7_pair_portable(k0, k1, c0, c1, out);
#endif
}

}  // namespace sibsim::engine
