// Sampling models of calibration observations: how one replication's KPI value becomes a
// simulated observation (exact, a binomial count or share, a mean with its standard error, a
// range), and the standardised discrepancy between a simulated and the observed figure.

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/binomial_distribution.hpp>

#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Successes out of n with probability p (clamped to [0, 1]), from the observation's stream.
double binomial(double n, double p, engine::RandomStream& rng) {
  p = std::clamp(p, 0.0, 1.0);
  boost::random::binomial_distribution<long> draw(static_cast<long>(n), p);
  return static_cast<double>(draw(rng));
}

}  // namespace

std::string_view sampling_name(Observation::Sampling s) {
  switch (s) {
    case Observation::Sampling::exact:
      return "exact";
    case Observation::Sampling::count:
      return "count";
    case Observation::Sampling::share:
      return "share";
    case Observation::Sampling::mean:
      return "mean";
    case Observation::Sampling::range:
      return "range";
  }
  return "?";
}

double Observation::simulate(std::span<const double> row, engine::RandomStream& rng) const {
  const double v = expression.evaluate(row);
  if (std::isnan(v)) return kNaN;
  switch (sampling) {
    case Sampling::exact:
    case Sampling::range:
      return v;
    case Sampling::count:
      return binomial(n, v, rng);
    case Sampling::share:
      return binomial(n, v, rng) / n;
    case Sampling::mean:
      return v + rng.normal(0.0, se);
  }
  return kNaN;
}

double Observation::discrepancy(double y) const {
  if (std::isnan(y)) return std::numeric_limits<double>::infinity();
  switch (sampling) {
    case Sampling::exact:
      return (y - value) / (scale > 0 ? scale : std::sqrt(std::max(std::abs(value), 1.0)));
    case Sampling::count: {
      // The observed count's binomial sd, at least 1/2 so that k = 0 or k = n still has a scale.
      const double p = value / n;
      return (y - value) / std::sqrt(std::max(n * p * (1 - p), 0.25));
    }
    case Sampling::share: {
      // As count, in shares: the count's sd divided by n.
      const double sd_count = std::sqrt(std::max(n * value * (1 - value), 0.25));
      return (y - value) / (sd_count / n);
    }
    case Sampling::mean:
      return (y - value) / se;
    case Sampling::range: {
      // Signed: negative below the range, positive above.
      const double half = (high - low) / 2;
      if (y < low) return (y - low) / half;
      if (y > high) return (y - high) / half;
      return 0.0;
    }
  }
  return std::numeric_limits<double>::infinity();
}

double Observation::observed() const { return sampling == Sampling::range ? (low + high) / 2 : value; }

}  // namespace sibsim::study::calibration
