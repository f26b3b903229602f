#pragma once
/// \file rng.hpp
/// Counter-based random streams: a draw is a pure function of
/// (master seed, replication, entity, purpose, draw index).
///
/// Recipe (documented in engine/README.md and stored in every results file):
///   key     = { splitmix64(seed), replication }
///   counter = { entity, purpose, block, 0 }
///   block b yields four 64-bit words Philox4x64-10(counter, key); the stream returns them in order.
/// Nothing depends on threads, task order or on how many draws other streams made, so results
/// are identical on any thread/rank count and scenarios share common random numbers.

#include <Random123/philox.h>

#include <array>
#include <boost/random/normal_distribution.hpp>
#include <cstdint>
#include <limits>

#include "sibsim/engine/hash.hpp"  // splitmix64

namespace sibsim::engine {

/// The version of the seeding recipe above. Bump it whenever a draw could change.
inline constexpr int kRngRecipeVersion = 1;
inline constexpr const char* kRngRecipe =
    "Philox4x64-10; key={splitmix64(seed), replication}; counter={entity, purpose, block, 0}; "
    "uniform=(u64>>11 + 0.5)*2^-53; distributions from Boost.Random 1.74";

/// Optional draw accounting, used only by benchmarks/bench_scenarios.cpp (the draw-bound limit).
/// Off unless a thread points rng_draw_counter at a DrawCounter; then every Philox block that a
/// RandomStream computes on that thread is tallied by its index within its stream, which gives
/// the number of streams that drew and how many blocks (4 words each) each drew. When off, the
/// cost is one thread-local load and a not-taken branch per Philox block (every 4 words); nothing
/// per word and nothing per stream created. Streams that never draw are not counted.
struct DrawCounter {
  static constexpr std::size_t kExact = 64;
  std::array<std::uint64_t, kExact> blocks_at{};  ///< blocks computed at block index b < kExact
  std::uint64_t blocks_beyond = 0;                ///< blocks at index >= kExact
};
inline thread_local DrawCounter* rng_draw_counter = nullptr;

/// One independent random stream. Cheap to create (no state beyond 2 keys, 1 counter and a
/// 4-word buffer), so a model makes one per (entity, purpose) on the spot. Satisfies the C++
/// UniformRandomBitGenerator concept, so Boost.Random distributions accept it.
class RandomStream {
 public:
  using result_type = std::uint64_t;

  RandomStream(std::uint64_t seed, std::uint64_t replication, std::uint64_t entity,
               std::uint64_t purpose) noexcept
      : key_{{splitmix64(seed), replication}}, ctr_{{entity, purpose, 0, 0}} {}

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
  std::uint64_t words_drawn() const noexcept { return ctr_.v[2] * 4 - (4 - used_); }

 private:
  using Philox = r123::Philox4x64;
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
      if (ctr_.v[2] < DrawCounter::kExact)
        ++c->blocks_at[ctr_.v[2]];
      else
        ++c->blocks_beyond;
    }
    const Philox::ctr_type out = Philox{}(ctr_, key_);
    buf_ = {out.v[0], out.v[1], out.v[2], out.v[3]};
    ++ctr_.v[2];
    used_ = 0;
  }

  Philox::key_type key_;
  Philox::ctr_type ctr_;
  std::array<std::uint64_t, 4> buf_{};
  unsigned used_ = 4;
};

/// Factory bound to one (seed, replication): models call stream(entity, purpose).
class StreamFactory {
 public:
  StreamFactory(std::uint64_t seed, std::uint64_t replication) noexcept
      : seed_(seed), replication_(replication) {}
  RandomStream stream(std::uint64_t entity, std::uint64_t purpose) const noexcept {
    return RandomStream(seed_, replication_, entity, purpose);
  }
  std::uint64_t seed() const noexcept { return seed_; }
  std::uint64_t replication() const noexcept { return replication_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
};

}  // namespace sibsim::engine
