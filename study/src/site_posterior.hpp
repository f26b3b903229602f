#pragma once
// The Gamma-Poisson update of `sibsim forecast` (Anisimov & Fedorov 2007, the interim Bayesian
// update of a multicentre recruitment model). A site's rate multiplier G has the prior
// Gamma(k, rate k) (mean 1); given G, the count it recorded over the observed months is
// Poisson(G E), E the expected count at G = 1 (the exposure). The posterior is conjugate:
// Gamma(k + N, rate k + E). A count over F more exposure is then negative binomial: mean a F / b,
// variance a F / b + a F^2 / b^2 (a, b the posterior's shape and rate).

#include <boost/math/distributions/gamma.hpp>
#include <cmath>

namespace sibsim::study {

struct GammaPosterior {
  double shape = INFINITY;  ///< infinity: the rate is fixed (G = 1), nothing to update
  double rate = INFINITY;

  [[nodiscard]] bool fixed() const noexcept { return !std::isfinite(shape); }
  [[nodiscard]] double mean() const noexcept { return fixed() ? 1.0 : shape / rate; }
  /// The multiplier's p-quantile (1 when fixed).
  [[nodiscard]] double quantile(double p) const {
    if (fixed()) return 1.0;
    return boost::math::quantile(boost::math::gamma_distribution<double>(shape, 1.0 / rate), p);
  }
  /// Mean and variance of a count over `exposure` more (the negative binomial predictive).
  [[nodiscard]] double predictive_mean(double exposure) const noexcept { return mean() * exposure; }
  [[nodiscard]] double predictive_variance(double exposure) const noexcept {
    const double m = predictive_mean(exposure);
    return fixed() ? m : m + shape * exposure * exposure / (rate * rate);
  }
};

/// The posterior of a site with prior shape `prior_shape` (infinity: fixed) that recorded
/// `observed` over `exposure`.
inline GammaPosterior gamma_poisson_update(double prior_shape, double exposure, double observed) {
  if (!std::isfinite(prior_shape)) return {};
  return {prior_shape + observed, prior_shape + exposure};
}

}  // namespace sibsim::study
