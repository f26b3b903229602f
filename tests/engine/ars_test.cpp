// ARS-7 (ars.hpp): the AES-NI path, the portable path and Random123's reference ars.h agree.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>

#include "sibsim/engine/ars.hpp"
#include "sibsim/engine/hash.hpp"

#if SIBSIM_ARS_AES_NI
#include <Random123/ars.h>
#endif

using sibsim::engine::ars7_pair;
using sibsim::engine::ars7_pair_portable;
using sibsim::engine::splitmix64;

namespace {

struct Vector {
  std::uint64_t k0, k1, c0, c1;
  std::array<std::uint64_t, 4> out;
};

// Outputs of Random123's ars4x32_R(7, ...) (ars.h, librandom123-dev 1.14), written as 64-bit words:
// key {k0, k1} and counter {c0, c1} are the low and high 64 bits; out = blocks {c0, c1}, {c0, c1 + 1}.
// Pinned here so that a build without AES-NI, where ars.h cannot run, still checks its numbers.
constexpr std::array<Vector, 3> kKnown = {{
    {0,
     0,
     0,
     0,
     {0xc45798f3dacf61ffULL, 0x101e27f3113c7eebULL, 0x83d1da326e91d42bULL, 0x124ffb2619beab58ULL}},
    {0x452821e638d01377ULL,
     0xbe5466cf34e90c6cULL,
     0x243f6a8885a308d3ULL,
     0x13198a2e03707344ULL,
     {0x2308f12c361df85bULL, 0x4b635ff84a805ffeULL, 0x6c039c8935499368ULL, 0x3377c67262d275fdULL}},
    {0xe220a8397b1dcdafULL,
     7,
     1234,
     (std::uint64_t{3} << 40) | 4,
     {0xbf99904ae9215dc8ULL, 0xe51c578836e62087ULL, 0xfc7d578de17b8659ULL, 0xd8c1fdb2c97948a1ULL}},
}};

}  // namespace

TEST_CASE("ARS-7 gives the pinned known answers on both paths", "[rng][ars]") {
  for (const Vector& v : kKnown) {
    std::array<std::uint64_t, 4> fast{}, portable{};
    ars7_pair(v.k0, v.k1, v.c0, v.c1, fast.data());
    ars7_pair_portable(v.k0, v.k1, v.c0, v.c1, portable.data());
    CHECK(fast == v.out);
    CHECK(portable == v.out);
  }
}

#if SIBSIM_ARS_AES_NI
namespace {
std::array<std::uint64_t, 2> random123_ars7(std::uint64_t k0, std::uint64_t k1, std::uint64_t c0,
                                            std::uint64_t c1) {
  const auto lo = [](std::uint64_t x) { return static_cast<std::uint32_t>(x); };
  const auto hi = [](std::uint64_t x) { return static_cast<std::uint32_t>(x >> 32); };
  const r123::ARS4x32_R<7>::ctr_type c = {{lo(c0), hi(c0), lo(c1), hi(c1)}};
  const r123::ARS4x32_R<7>::ukey_type uk = {{lo(k0), hi(k0), lo(k1), hi(k1)}};
  const auto r = r123::ARS4x32_R<7>{}(c, r123::ARS4x32_R<7>::key_type(uk));
  return {r.v[0] | std::uint64_t{r.v[1]} << 32, r.v[2] | std::uint64_t{r.v[3]} << 32};
}
}  // namespace

TEST_CASE("ARS-7 with AES-NI and in plain C++ both equal Random123's ars.h", "[rng][ars]") {
  std::uint64_t x = 1;
  const auto next = [&x] { return splitmix64(x++); };
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t k0 = next(), k1 = next(), c0 = next();
    // Every few cases the second block's counter word is the largest one (no wrap to the next).
    const std::uint64_t c1 = i % 7 == 0 ? ~std::uint64_t{0} - 1 : next();
    const auto b0 = random123_ars7(k0, k1, c0, c1);
    const auto b1 = random123_ars7(k0, k1, c0, c1 + 1);
    const std::array<std::uint64_t, 4> want = {b0[0], b0[1], b1[0], b1[1]};
    std::array<std::uint64_t, 4> fast{}, portable{};
    ars7_pair(k0, k1, c0, c1, fast.data());
    ars7_pair_portable(k0, k1, c0, c1, portable.data());
    REQUIRE(fast == want);
    REQUIRE(portable == want);
  }
}
#endif
