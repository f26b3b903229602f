#pragma once
/// \file rng.hpp
/// Counter-based random streams: a draw is a pure function of
/// (master seed, replication, entity, purpose, draw index).
///
/// Recipe (documented in engine/README.md and stored in every results file):
///   key     = { splitmix64(seed), replication }                    (2 x 64 bits)
///   counter = { entity, purpose * 2^40 + block }                   (2 x 64 bits; purpose < 2^24)
///   block b yields two 64-bit words ARS-7(counter, key) (ars.hpp); the stream returns the words
///   of blocks 0, 1, 2, ... in order, computing two blocks (four words) at a time.
/// Nothing depends on threads, task order or on how many draws other streams made, so results
/// are identical on any thread/rank count and scenarios share common random numbers.

#include <array>
#include <boost/random/normal_distribution.hpp>
#include <cassert>
#include <cstdint>
#include <limits>

#include "sibsim/engine/ars.hpp"
#include "sibsim/engine/hash.hpp"  // splitmix64

namespace sibsim::engine {

/// The version of the seeding recipe above. Bump it whenever a draw could change.
/// Version 1 (until 2026-12) was Philox4x64-10 with counter {entity, purpose, block, 0}.
inline constexpr int kRngRecipeVersion = 2;
inline constexpr const char* kRngRecipe =
    "ARS-7; key={splitmix64(seed), replication}; counter={entity, purpose*2^40+block}; "
    "uniform=(u64>>11 + 0.5)*2^-53; distributions from Boost.Random 1.74";

/// Optional draw accounting, used only by benchmarks/bench_scenarios.cpp (the draw-bound limit).
/// Off unless a thread points rng_draw_counter at a DrawCounter; then every refill (4 words: two
/// ARS blocks) that a RandomStream computes on that thread is tallied by its index within its
/// stream, which gives the number of streams that drew and how many refills each drew. When off,
/// the cost is one thread-local load and a not-taken branch per refill (every 4 words); nothing
/// per word and nothing per stream created. Streams that never draw are not counted.
struct DrawCounter {
  static constexpr std::size_t kExact = 64;
  std::array<std::uint64_t, kExact> blocks_at{};  ///< refills (4 words) computed at index b < kExact
  std::uint64_t blocks_beyond = 0;                ///< refills at index >= kExact
};
inline thread_local DrawCounter* rng_draw_counter = nullptr;

/// One independent random stream. Cheap to create (no state beyond a 2-word key, a 2-word counter
/// and a 4-word buffer), so a model makes one per (entity, purpose) on the spot. Satisfies the C++
/// UniformRandomBitGenerator concept, so Boost.Random distributions accept it.
class RandomStream {
 public:
  using result_type = std::uint64_t;

  /// The purpose coordinate has 24 bits (the block index takes the 40 below it).
  static constexpr std::uint64_t kPurposeLimit = std::uint64_t{1} << 24;

  /// The first key word, splitmix64(seed), computed once (StreamFactory keeps it, so that the
  /// thousands of streams of a replication do not mix the seed again each).
  struct KeyWord {
    std::uint64_t value;
  };

  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity,
               std::uint64_t purpose) noexcept
      : RandomStream(KeyWord{splitmix64(seed)}, replication, entity, purpose) {}

  RandomStream(KeyWord key0, std::uint64_t replication, std::uint64_t entity, std::uint64_t purpose) noexcept
      : key0_(key0.value), key1_(replication), entity_(entity), purpose_block_(purpose << kBlockBits) {
    assert(purpose < kPurposeLimit && "RandomStream: purpose must be below 2^24");
  }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  /// Next 64 random bits.
  result_type operator()() noexcept {
    if (used_ == 4) refill();
    return buf_[used_++];
  }

  /// Uniform double in the open interval (0, 1), 53 bits of resolution.
  double uniform() noexcept { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }
  /// Uniform double in [lo, hi).
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  /// true with probability p (p outside [0,1] is clamped by the comparison).
  bool bernoulli(double p) noexcept { return uniform() < p; }

  /// Distributions (Boost.Random algorithms, identical on every standard library).
  /// Normal: Boost.Random 1.74's ziggurat (`normal_distribution<double>`), bit-identical to it.
  /// Its common case (one word, accepted inside the rectangle, about 99 % of draws) is inlined
  /// here; the rest of Boost's iteration is in normal_slow (rng.cpp).
  double normal(double mean = 0.0, double sd = 1.0) { return unit_normal() * sd + mean; }
  double exponential(double rate);
  double gamma(double shape, double scale);
  double lognormal(double mu, double sigma);
  std::uint64_t poisson(double mean);
  /// Uniform integer in [lo, hi] (inclusive), unbiased.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  /// Index drawn with probability proportional to weights[i] (weights need not sum to 1).
  std::size_t categorical(const double* weights, std::size_t n) noexcept;

  /// Number of 64-bit words this stream has produced (for draw-count accounting).
  std::uint64_t words_drawn() const noexcept { return refills() * 4 - (4 - used_); }

 private:
  static constexpr int kBlockBits = 40;
  static constexpr std::uint64_t kBlockMask = (std::uint64_t{1} << kBlockBits) - 1;
  /// Refills so far: each computed ARS blocks 2r and 2r + 1.
  std::uint64_t refills() const noexcept { return (purpose_block_ & kBlockMask) / 2; }
  /// boost::random::detail::unit_normal_distribution<double> on this stream. Boost's
  /// generate_int_float_pair<double, 8> with a 64-bit engine takes one word: bucket = low 8 bits,
  /// r = (word with bit 11 cleared) >> 8, times 2^-56.
  double unit_normal() {
    const double* const table_x = boost::random::detail::normal_table<double>::table_x;
    const std::uint64_t u = (*this)();
    const int bucket = static_cast<int>(u & 0xFF);
    const double r = static_cast<double>((u & ~(std::uint64_t{1} << 11)) >> 8) * 0x1.0p-56;
    const int sign = (bucket & 1) * 2 - 1;
    const int i = bucket >> 1;
    const double x = r * table_x[i];
    if (x < table_x[i + 1]) [[likely]]
      return x * sign;
    return normal_slow(x, i, sign);
  }
  /// The rest of Boost's ziggurat iteration after the rectangle test failed (tail, or wedge
  /// test), then Boost's own loop if the candidate is rejected.
  double normal_slow(double x, int i, int sign);
  void refill() noexcept {
    if (DrawCounter* c = rng_draw_counter) [[unlikely]] {
      const std::uint64_t r = refills();
      if (r < DrawCounter::kExact)
        ++c->blocks_at[r];
      else
        ++c->blocks_beyond;
    }
    ars7_pair(key0_, key1_, entity_, purpose_block_, buf_.data());
    purpose_block_ += 2;
    used_ = 0;
  }

  std::uint64_t key0_, key1_;    ///< splitmix64(seed), replication
  std::uint64_t entity_;         ///< counter word 0
  std::uint64_t purpose_block_;  ///< counter word 1: purpose * 2^40 + next block
  std::array<std::uint64_t, 4> buf_{};
  unsigned used_ = 4;
};

/// Factory bound to one (seed, replication): models call stream(entity, purpose).
class StreamFactory {
 public:
  StreamFactory(std::uint64_t seed, std::uint64_t replication) noexcept
      : seed_(seed), replication_(replication), key0_{splitmix64(seed)} {}
  RandomStream stream(std::uint64_t entity, std::uint64_t purpose) const noexcept {
    return RandomStream(key0_, replication_, entity, purpose);
  }
  std::uint64_t seed() const noexcept { return seed_; }
  std::uint64_t replication() const noexcept { return replication_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
  RandomStream::KeyWord key0_;  ///< splitmix64(seed_)
};

}  // namespace sibsim::engine
