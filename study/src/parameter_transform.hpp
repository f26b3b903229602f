#pragma once
// The unbounded coordinates in which ABC-SMC perturbs its particles. A parameter whose prior lives
// on [lo, hi] is moved as z = logit((theta - lo) / (hi - lo)), one on [lo, inf) as z = log(theta -
// lo), one on (-inf, hi] as z = -log(hi - theta), an unbounded one as z = theta. A Gaussian kernel
// in z never proposes a value outside the prior's support (in theta it does, and with many bounded
// parameters almost every proposal fell outside), and the importance weights stay exact: the prior
// density in z is prior(theta(z)) x |dtheta/dz| (log_jacobian).

#include <algorithm>
#include <cmath>
#include <limits>

#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration {

class ParameterTransform {
 public:
  explicit ParameterTransform(const Prior& prior) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    double lo = -inf, hi = inf;
    switch (prior.kind) {
      case Prior::Kind::uniform:
      case Prior::Kind::log_uniform:
        lo = prior.a;
        hi = prior.b;
        break;
      case Prior::Kind::beta:
        lo = 0;
        hi = 1;
        break;
      case Prior::Kind::gamma:
        lo = 0;
        break;
      case Prior::Kind::normal:
        break;
    }
    lo_ = std::max(lo, prior.lower);
    hi_ = std::min(hi, prior.upper);
  }

  [[nodiscard]] double to_z(double theta) const {
    if (bounded_below() && bounded_above()) {
      const double u = std::clamp((theta - lo_) / (hi_ - lo_), kTiny, 1 - kTiny);
      return std::log(u / (1 - u));
    }
    if (bounded_below()) return std::log(std::max(theta - lo_, kTiny * (1 + std::abs(lo_))));
    if (bounded_above()) return -std::log(std::max(hi_ - theta, kTiny * (1 + std::abs(hi_))));
    return theta;
  }

  [[nodiscard]] double from_z(double z) const {
    z = std::clamp(z, -kMaxZ, kMaxZ);  // keeps theta strictly inside a finite support
    if (bounded_below() && bounded_above()) return lo_ + (hi_ - lo_) / (1 + std::exp(-z));
    if (bounded_below()) return lo_ + std::exp(z);
    if (bounded_above()) return hi_ - std::exp(-z);
    return z;
  }

  /// log |dtheta/dz| at z.
  [[nodiscard]] double log_jacobian(double z) const {
    z = std::clamp(z, -kMaxZ, kMaxZ);
    if (bounded_below() && bounded_above()) {
      // sigma(z) (1 - sigma(z)) = exp(-|z|) / (1 + exp(-|z|))^2, stable for large |z|
      const double e = std::exp(-std::abs(z));
      return std::log(hi_ - lo_) - std::abs(z) - 2 * std::log1p(e);
    }
    if (bounded_below()) return z;
    if (bounded_above()) return -z;
    return 0;
  }

 private:
  static constexpr double kTiny = 1e-12;
  static constexpr double kMaxZ = 27.0;  // logit(1 - 1.9e-12): inside (lo, hi) in double precision
  [[nodiscard]] bool bounded_below() const { return std::isfinite(lo_); }
  [[nodiscard]] bool bounded_above() const { return std::isfinite(hi_); }
  double lo_ = 0, hi_ = 0;
};

}  // namespace sibsim::study::calibration
