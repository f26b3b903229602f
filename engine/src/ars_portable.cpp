// ARS-7 without AES-NI: the AES encryption round (FIPS-197) in plain C++, byte for byte what
// the AESENC / AESENCLAST instructions compute, so that a build without them draws the same
// numbers (tests/engine/ars_test.cpp compares the two paths). Speed does not matter here: x86-64
// builds use the instructions (ars.hpp).
#include <array>
#include <cstdint>

#include "sibsim/engine/ars.hpp"

namespace sibsim::engine {
namespace {

using State = std::array<std::uint8_t, 16>;  // byte i = row i % 4, column i / 4 (as in __m128i)

constexpr std::uint8_t xtime(std::uint8_t x) noexcept {
  return static_cast<std::uint8_t>((x << 1) ^ ((x >> 7) * 0x1B));
}

/// The AES S-box: the multiplicative inverse in GF(2^8) (0 for 0), then the affine map. The
/// inverses come from powers of the generator 3: x = 3^k has the inverse 3^(255 - k).
constexpr std::array<std::uint8_t, 256> make_sbox() noexcept {
  std::array<std::uint8_t, 256> power{};   // power[k] = 3^k, k < 255
  std::array<std::uint8_t, 256> log_of{};  // log_of[3^k] = k
  std::uint8_t x = 1;
  for (std::size_t k = 0; k < 255; ++k) {
    power[k] = x;
    log_of[x] = static_cast<std::uint8_t>(k);
    x = static_cast<std::uint8_t>(x ^ xtime(x));  // times 3
  }
  const auto rotl = [](std::uint8_t v, int n) {
    return static_cast<std::uint8_t>((v << n) | (v >> (8 - n)));
  };
  std::array<std::uint8_t, 256> s{};
  for (std::size_t v = 0; v < 256; ++v) {
    const std::uint8_t inv = v == 0 ? 0 : power[static_cast<std::size_t>((255 - log_of[v]) % 255)];
    s[v] = static_cast<std::uint8_t>(inv ^ rotl(inv, 1) ^ rotl(inv, 2) ^ rotl(inv, 3) ^ rotl(inv, 4) ^ 0x63);
  }
  return s;
}
constexpr std::array<std::uint8_t, 256> kSbox = make_sbox();
static_assert(kSbox[0x00] == 0x63 && kSbox[0x01] == 0x7C && kSbox[0x53] == 0xED && kSbox[0xFF] == 0x16);

State load(std::uint64_t lo, std::uint64_t hi) noexcept {
  State s{};
  for (std::size_t i = 0; i < 8; ++i) {
    s[i] = static_cast<std::uint8_t>(lo >> (8 * i));
    s[i + 8] = static_cast<std::uint8_t>(hi >> (8 * i));
  }
  return s;
}

void store(const State& s, std::uint64_t& lo, std::uint64_t& hi) noexcept {
  lo = hi = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    lo |= std::uint64_t{s[i]} << (8 * i);
    hi |= std::uint64_t{s[i + 8]} << (8 * i);
  }
}

/// AESENC (mix = true) or AESENCLAST (mix = false) with round key {k_lo, k_hi}.
State aes_round(const State& in, std::uint64_t k_lo, std::uint64_t k_hi, bool mix) noexcept {
  State t{};
  for (std::size_t c = 0; c < 4; ++c)  // SubBytes and ShiftRows: row r moves left by r columns
    for (std::size_t r = 0; r < 4; ++r) t[r + 4 * c] = kSbox[in[r + 4 * ((c + r) % 4)]];
  if (mix) {
    for (std::size_t c = 0; c < 4; ++c) {
      const std::uint8_t a0 = t[4 * c], a1 = t[4 * c + 1], a2 = t[4 * c + 2], a3 = t[4 * c + 3];
      t[4 * c] = static_cast<std::uint8_t>(xtime(a0) ^ xtime(a1) ^ a1 ^ a2 ^ a3);
      t[4 * c + 1] = static_cast<std::uint8_t>(a0 ^ xtime(a1) ^ xtime(a2) ^ a2 ^ a3);
      t[4 * c + 2] = static_cast<std::uint8_t>(a0 ^ a1 ^ xtime(a2) ^ xtime(a3) ^ a3);
      t[4 * c + 3] = static_cast<std::uint8_t>(xtime(a0) ^ a0 ^ a1 ^ a2 ^ xtime(a3));
    }
  }
  const State k = load(k_lo, k_hi);
  for (std::size_t i = 0; i < 16; ++i) t[i] ^= k[i];
  return t;
}

void ars7_block(std::uint64_t k0, std::uint64_t k1, std::uint64_t c0, std::uint64_t c1, std::uint64_t& lo,
                std::uint64_t& hi) noexcept {
  State x = load(c0 ^ k0, c1 ^ k1);
  for (int r = 1; r <= kArsRounds; ++r) {
    k0 += kArsWeylLow;
    k1 += kArsWeylHigh;
    x = aes_round(x, k0, k1, r < kArsRounds);
  }
  store(x, lo, hi);
}

}  // namespace

void ars7_pair_portable(std::uint64_t k0, std::uint64_t k1, std::uint64_t c0, std::uint64_t c1,
                        std::uint64_t out[4]) noexcept {
  ars7_block(k0, k1, c0, c1, out[0], out[1]);
  ars7_block(k0, k1, c0, c1 + 1, out[2], out[3]);
}

}  // namespace sibsim::engine
