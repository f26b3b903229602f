#include <catch2/catch.hpp>

#include <array>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <cstring>
#include <set>

#include "sibsim/engine/rng.hpp"

using sibsim::engine::RandomStream;

TEST_CASE("splitmix64 matches the reference generator's first output", "[rng]") {
  // SplitMix64 (Steele, Lea, Flood 2014) seeded with 0 first returns 0xe220a8397b1dcdaf.
  CHECK(sibsim::engine::splitmix64(0) == 0xe220a8397b1dcdafULL);
}

TEST_CASE("RandomStream output is the documented recipe", "[rng]") {
  // key = {splitmix64(seed), replication}; counter = {entity, purpose * 2^40 + block}; the words
  // of blocks 0, 1, 2, ... in order, two 64-bit words per ARS-7 block.
  RandomStream s(42, 7, 1234, 3);
  for (std::uint64_t pair = 0; pair < 3; ++pair) {
    std::array<std::uint64_t, 4> out{};
    sibsim::engine::ars7_pair(sibsim::engine::splitmix64(42), 7, 1234, (std::uint64_t{3} << 40) + 2 * pair,
                              out.data());
    for (int i = 0; i < 4; ++i) CHECK(s() == out[static_cast<std::size_t>(i)]);
  }
  CHECK(s.words_drawn() == 12);
  CHECK(RandomStream(42, 7, 1234, 3).words_drawn() == 0);
}

TEST_CASE("streams differ by seed, replication, entity and purpose", "[rng]") {
  std::set<std::uint64_t> first;
  for (std::uint64_t seed : {1ULL, 2ULL})
    for (std::uint64_t rep : {0ULL, 1ULL})
      for (std::uint64_t ent : {0ULL, 1ULL})
        for (std::uint64_t pur : {0ULL, 1ULL}) first.insert(RandomStream(seed, rep, ent, pur)());
  CHECK(first.size() == 16);
}

TEST_CASE("a stream is a pure function of its coordinates", "[rng]") {
  RandomStream a(9, 3, 77, 2);
  RandomStream b(9, 3, 77, 2);
  for (int i = 0; i < 100; ++i) REQUIRE(a() == b());
  // Drawing from another stream in between changes nothing (no shared state).
  RandomStream c(9, 3, 77, 2);
  RandomStream other(9, 3, 78, 2);
  for (int i = 0; i < 10; ++i) (void)other();
  RandomStream d(9, 3, 77, 2);
  for (int i = 0; i < 100; ++i) REQUIRE(c.uniform() == d.uniform());
}

TEST_CASE("uniform draws lie in (0,1) with the right mean and variance", "[rng]") {
  RandomStream s(1, 0, 0, 0);
  const int n = 200000;
  double sum = 0, sumsq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform();
    REQUIRE(u > 0.0);
    REQUIRE(u < 1.0);
    sum += u;
    sumsq += u * u;
  }
  const double mean = sum / n;
  const double var = sumsq / n - mean * mean;
  // mean of U(0,1) is 1/2 with standard error sqrt(1/12/n); 5 standard errors
  CHECK(std::abs(mean - 0.5) < 5 * std::sqrt(1.0 / 12.0 / n));
  CHECK(std::abs(var - 1.0 / 12.0) < 0.002);
}

TEST_CASE("distribution wrappers have the right first two moments", "[rng]") {
  RandomStream s(5, 0, 0, 0);
  const int n = 100000;
  auto check = [&](auto draw, double mu, double var) {
    double sum = 0, sumsq = 0;
    for (int i = 0; i < n; ++i) {
      const double x = static_cast<double>(draw());
      sum += x;
      sumsq += x * x;
    }
    const double mean = sum / n;
    CHECK(std::abs(mean - mu) < 5 * std::sqrt(var / n));
  };
  check([&] { return s.normal(2.0, 3.0); }, 2.0, 9.0);
  check([&] { return s.exponential(0.5); }, 2.0, 4.0);
  check([&] { return s.gamma(2.0, 1.5); }, 3.0, 4.5);
  check([&] { return s.poisson(4.0); }, 4.0, 4.0);
  check([&] { return s.uniform_int(1, 6); }, 3.5, 35.0 / 12.0);
  const double w[3] = {1.0, 2.0, 7.0};
  check([&] { return s.categorical(w, 3) == 2 ? 1.0 : 0.0; }, 0.7, 0.21);
}

TEST_CASE("normal() draws exactly what Boost's normal_distribution draws", "[rng]") {
  // The ziggurat's common path is inlined in rng.hpp; the tail and wedge paths (about 1 % of
  // draws, and the rejections that restart the loop) must still match Boost bit for bit, and the
  // stream must be left at the same position.
  for (std::uint64_t entity = 0; entity < 4; ++entity) {
    RandomStream a(11, 2, entity, 3), b(11, 2, entity, 3);
    boost::random::normal_distribution<double> unit(0.0, 1.0), scaled(-1.5, 2.5);
    int tails = 0;
    for (int i = 0; i < 500000; ++i) {
      const bool use_scaled = i % 3 == 0;
      const double x = use_scaled ? a.normal(-1.5, 2.5) : a.normal();
      const double y = use_scaled ? scaled(b) : unit(b);
      std::uint64_t bx = 0, by = 0;
      std::memcpy(&bx, &x, sizeof x);
      std::memcpy(&by, &y, sizeof y);
      REQUIRE(bx == by);
      tails += std::abs(use_scaled ? (x + 1.5) / 2.5 : x) > 3.4426198558966521214;  // beyond the first strip
    }
    CHECK(tails > 100);  // the tail path was exercised
    CHECK(a.words_drawn() == b.words_drawn());
  }
}
