#include "sibsim/engine/rng.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace sibsim::engine {

// Continues boost::random::detail::unit_normal_distribution<double>::operator() (Boost 1.74,
// boost/random/normal_distribution.hpp) after `if (x < table_x[i + 1]) return x * sign;`, line
// for line, so that RandomStream::normal draws exactly what Boost's normal_distribution draws.
double RandomStream::normal_slow(double x, int i, int sign) {
  using Unit = boost::random::detail::unit_normal_distribution<double>;
  const double* const table_x = boost::random::detail::normal_table<double>::table_x;
  const double* const table_y = boost::random::detail::normal_table<double>::table_y;
  if (i == 0) return Unit().generate_tail(*this) * sign;
  const double y01 = boost::random::uniform_01<double>()(*this);
  const double y = table_y[i] + y01 * (table_y[i + 1] - table_y[i]);
  double y_above_ubound, y_above_lbound;
  if (table_x[i] >= 1) {  // convex (incl. inflection)
    y_above_ubound = (table_x[i] - table_x[i + 1]) * y01 - (table_x[i] - x);
    y_above_lbound = y - (table_y[i] + (table_x[i] - x) * table_y[i] * table_x[i]);
  } else {  // concave
    y_above_lbound = (table_x[i] - table_x[i + 1]) * y01 - (table_x[i] - x);
    y_above_ubound = y - (table_y[i] + (table_x[i] - x) * table_y[i] * table_x[i]);
  }
  if (y_above_ubound < 0 && (y_above_lbound < 0 || y < Unit::f(x))) return x * sign;
  return Unit()(*this);  // rejected: Boost's loop draws a new candidate
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
