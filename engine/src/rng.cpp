#include "sibsim/engine/rng.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace sibsim::engine {

double RandomStream::normal(double mean, double sd) {
  return boost::random::normal_distribution<double>(mean, sd)(*this);
}

double RandomStream::exponential(double rate) {
  return boost::random::exponential_distribution<double>(rate)(*this);
}

double RandomStream::gamma(double shape, double scale) {
  return boost::random::gamma_distribution<double>(shape, scale)(*this);
}

double RandomStream::lognormal(double mu, double sigma) {
  return boost::random::lognormal_distribution<double>(mu, sigma)(*this);
}

std::uint64_t RandomStream::poisson(double mean) {
  if (mean <= 0.0) return 0;
  // Boost's poisson_distribution returns int; means here are far below INT_MAX.
  return static_cast<std::uint64_t>(boost::random::poisson_distribution<int, double>(mean)(*this));
}

std::int64_t RandomStream::uniform_int(std::int64_t lo, std::int64_t hi) {
  return boost::random::uniform_int_distribution<std::int64_t>(lo, hi)(*this);
}

std::size_t RandomStream::categorical(const double* weights, std::size_t n) noexcept {
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) total += weights[i];
  double u = uniform() * total;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return n - 1;
}

}  // namespace sibsim::engine
