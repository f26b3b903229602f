// Calibration priors: densities, draws, quantiles and moments of the uniform, log-uniform, beta,
// gamma and normal priors, each optionally truncated to [lower, upper].
//
// Draws are by inversion on the truncated range, x = Q(F(lower) + u (F(upper) - F(lower))), so a
// truncated draw never loops and takes exactly one uniform from the stream. Probabilities are
// taken from the tail the range lies in (survival functions above the median), so a prior
// truncated far into its upper tail keeps its precision. Moments of truncated priors are closed
// forms (partial moments of the beta and gamma are masses of the same family with a shifted
// parameter; the normal's are the standard truncated-normal formulas).

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "calibration_prior_math.hpp"
#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration {
namespace {

namespace bm = boost::math;
// No exceptions from Boost.Math: out-of-domain arguments give NaN, overflow gives infinity (the
// callers check domains first and clamp results to the range).
using Policy = bm::policies::policy<bm::policies::domain_error<bm::policies::ignore_error>,
                                    bm::policies::overflow_error<bm::policies::ignore_error>,
                                    bm::policies::evaluation_error<bm::policies::ignore_error>,
                                    bm::policies::promote_double<false>>;
using BetaDist = bm::beta_distribution<double, Policy>;
using GammaDist = bm::gamma_distribution<double, Policy>;
using NormalDist = bm::normal_distribution<double, Policy>;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct Range {
  double lo, hi;
};

// Where the untruncated prior has density.
Range support(const Prior& p) {
  switch (p.kind) {
    case Prior::Kind::uniform:
    case Prior::Kind::log_uniform:
      return {p.a, p.b};
    case Prior::Kind::beta:
      return {0.0, 1.0};
    case Prior::Kind::gamma:
      return {0.0, kInf};
    case Prior::Kind::normal:
      return {-kInf, kInf};
  }
  return {-kInf, kInf};
}

// The support intersected with the bounds.
Range effective(const Prior& p) {
  const Range s = support(p);
  return {std::max(s.lo, p.lower), std::min(s.hi, p.upper)};
}

// Calls f with the Boost distribution of a beta, gamma or normal prior.
template <class F>
double with_distribution(const Prior& p, F&& f) {
  switch (p.kind) {
    case Prior::Kind::beta:
      return f(BetaDist(p.a, p.b));
    case Prior::Kind::gamma:
      return f(GammaDist(p.a, 1.0 / p.b));  // Boost takes the scale; the file gives the rate
    case Prior::Kind::normal:
      return f(NormalDist(p.a, p.b));
    default:
      return std::numeric_limits<double>::quiet_NaN();
  }
}

// P(X <= x) and P(X > x) of the untruncated prior (beta, gamma, normal), exact at the support's
// ends and beyond.
double lower_tail(const Prior& p, double x) {
  const Range s = support(p);
  if (x <= s.lo) return 0.0;
  if (x >= s.hi) return 1.0;
  return with_distribution(p, [x](const auto& d) { return bm::cdf(d, x); });
}
double upper_tail(const Prior& p, double x) {
  const Range s = support(p);
  if (x <= s.lo) return 1.0;
  if (x >= s.hi) return 0.0;
  return with_distribution(p, [x](const auto& d) { return bm::cdf(bm::complement(d, x)); });
}

// The truncated range in probability, from the tail it lies in: upper = true means the survival
// function S (from = S(lo) >= to = S(hi)); else the distribution function F (from = F(lo) <= to).
struct Tail {
  bool upper = false;
  double from = 0, to = 1;
  double mass() const { return upper ? from - to : to - from; }
};
Tail tail_of(const Prior& p) {
  const Range r = effective(p);
  const double f_lo = lower_tail(p, r.lo);
  if (f_lo > 0.5) return Tail{true, upper_tail(p, r.lo), upper_tail(p, r.hi)};
  return Tail{false, f_lo, lower_tail(p, r.hi)};
}

// Mass of the untruncated prior inside the bounds (beta, gamma, normal).
double mass(const Prior& p) {
  const Range r = effective(p);
  if (!(r.lo < r.hi)) return 0.0;
  return tail_of(p).mass();
}

double log_beta_fn(double a, double b) {
  return bm::lgamma(a, Policy()) + bm::lgamma(b, Policy()) - bm::lgamma(a + b, Policy());
}

// (k - 1) log x with the convention 0 * log 0 = 0 (k = 1: the density is finite at 0).
double power_term(double k, double x) { return k == 1.0 ? 0.0 : (k - 1.0) * std::log(x); }

// Mean and variance of the truncated prior.
struct Moments {
  double mean, variance;
};

Moments moments(const Prior& p) {
  const Range r = effective(p);
  switch (p.kind) {
    case Prior::Kind::uniform:
      return {0.5 * (r.lo + r.hi), (r.hi - r.lo) * (r.hi - r.lo) / 12.0};
    case Prior::Kind::log_uniform: {
      const double l = std::log(r.hi / r.lo);
      const double m = (r.hi - r.lo) / l;
      return {m, (r.hi * r.hi - r.lo * r.lo) / (2.0 * l) - m * m};
    }
    case Prior::Kind::normal: {
      // Standardised ends; phi(+-inf) = 0 and x phi(x) -> 0 there.
      const double alpha = (r.lo - p.a) / p.b, beta = (r.hi - p.a) / p.b;
      const auto phi = [](double z) {
        return std::isinf(z) ? 0.0 : std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
      };
      const auto z_phi = [&](double z) { return std::isinf(z) ? 0.0 : z * phi(z); };
      const double z = mass(p);
      const double shift = (phi(alpha) - phi(beta)) / z;
      const double var = 1.0 + (z_phi(alpha) - z_phi(beta)) / z - shift * shift;
      return {p.a + p.b * shift, p.b * p.b * var};
    }
    case Prior::Kind::gamma:
    case Prior::Kind::beta: {
      // E[X^j; lo <= X <= hi] is a mass of the same family with the first parameter + j, times
      // the untruncated moment.
      const double z = mass(p);
      Prior p1 = p, p2 = p;
      p1.a = p.a + 1;
      p2.a = p.a + 2;
      const double m1 = p.kind == Prior::Kind::gamma ? p.a / p.b : p.a / (p.a + p.b);
      const double m2 = p.kind == Prior::Kind::gamma ? p.a * (p.a + 1) / (p.b * p.b)
                                                     : p.a * (p.a + 1) / ((p.a + p.b) * (p.a + p.b + 1));
      const double mean = m1 * mass(p1) / z;
      return {mean, m2 * mass(p2) / z - mean * mean};
    }
  }
  return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
}

std::string bound_text(double x) {
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  return fmt::format("{}", x);
}

}  // namespace

std::string_view prior_kind_name(Prior::Kind kind) {
  switch (kind) {
    case Prior::Kind::uniform:
      return "uniform";
    case Prior::Kind::log_uniform:
      return "log_uniform";
    case Prior::Kind::beta:
      return "beta";
    case Prior::Kind::gamma:
      return "gamma";
    case Prior::Kind::normal:
      return "normal";
  }
  return "?";
}

double Prior::log_density(double x) const {
  const Range r = effective(*this);
  if (!(x >= r.lo && x <= r.hi)) return -kInf;  // also NaN
  switch (kind) {
    case Kind::uniform:
      return -std::log(r.hi - r.lo);
    case Kind::log_uniform:
      return -std::log(x) - std::log(std::log(r.hi / r.lo));
    case Kind::beta:
      return power_term(a, x) + power_term(b, 1.0 - x) - log_beta_fn(a, b) - std::log(mass(*this));
    case Kind::gamma:
      return a * std::log(b) + power_term(a, x) - b * x - bm::lgamma(a, Policy()) - std::log(mass(*this));
    case Kind::normal: {
      const double z = (x - a) / b;
      return -0.5 * z * z - std::log(b) - 0.5 * std::log(2.0 * std::numbers::pi) - std::log(mass(*this));
    }
  }
  return -kInf;
}

double Prior::sample(engine::RandomStream& rng) const { return detail::prior_quantile(*this, rng.uniform()); }

double Prior::mean() const { return moments(*this).mean; }

double Prior::sd() const { return std::sqrt(std::max(moments(*this).variance, 0.0)); }

std::string Prior::describe() const {
  std::string out = fmt::format("{}({}, {})", prior_kind_name(kind), a, b);
  if (std::isfinite(lower) || std::isfinite(upper))
    out += fmt::format(" on [{}, {}]", bound_text(lower), bound_text(upper));
  return out;
}

namespace detail {

double prior_quantile(const Prior& prior, double p) {
  p = std::clamp(p, 0.0, 1.0);
  const Range r = effective(prior);
  double x = 0;
  switch (prior.kind) {
    case Prior::Kind::uniform:
      x = r.lo + p * (r.hi - r.lo);
      break;
    case Prior::Kind::log_uniform:
      x = std::exp(std::log(r.lo) + p * (std::log(r.hi) - std::log(r.lo)));
      break;
    default: {
      const Tail t = tail_of(prior);
      if (t.upper) {
        const double q = t.from - p * (t.from - t.to);
        x = with_distribution(prior, [q](const auto& d) { return bm::quantile(bm::complement(d, q)); });
      } else {
        const double q = t.from + p * (t.to - t.from);
        x = with_distribution(prior, [q](const auto& d) { return bm::quantile(d, q); });
      }
    }
  }
  if (std::isnan(x)) x = p < 0.5 ? r.lo : r.hi;
  return std::clamp(x, r.lo, r.hi);
}

std::vector<std::pair<std::string, std::string>> prior_problems(const Prior& p) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto bad = [&](const char* key, std::string message) { out.emplace_back(key, std::move(message)); };
  if (!std::isfinite(p.a)) bad("a", fmt::format("a must be a finite number, got {}", p.a));
  if (!std::isfinite(p.b)) bad("b", fmt::format("b must be a finite number, got {}", p.b));
  if (!out.empty()) return out;
  switch (p.kind) {
    case Prior::Kind::uniform:
      if (!(p.a < p.b))
        bad("b", fmt::format("uniform needs a < b (low < high); got a = {}, b = {}", p.a, p.b));
      break;
    case Prior::Kind::log_uniform:
      if (!(p.a > 0)) bad("a", fmt::format("log_uniform needs a > 0 (the low end); got a = {}", p.a));
      if (!(p.a < p.b))
        bad("b", fmt::format("log_uniform needs a < b (low < high); got a = {}, b = {}", p.a, p.b));
      break;
    case Prior::Kind::beta:
      if (!(p.a > 0)) bad("a", fmt::format("beta needs a > 0 (alpha); got a = {}", p.a));
      if (!(p.b > 0)) bad("b", fmt::format("beta needs b > 0 (beta); got b = {}", p.b));
      if ((std::isfinite(p.lower) && p.lower < 0) || (std::isfinite(p.upper) && p.upper > 1))
        bad("bounds", fmt::format("a beta prior lives on [0, 1]; the bounds [{}, {}] must lie inside it",
                                  bound_text(p.lower), bound_text(p.upper)));
      break;
    case Prior::Kind::gamma:
      if (!(p.a > 0)) bad("a", fmt::format("gamma needs a > 0 (the shape); got a = {}", p.a));
      if (!(p.b > 0)) bad("b", fmt::format("gamma needs b > 0 (the rate); got b = {}", p.b));
      if (std::isfinite(p.lower) && p.lower < 0)
        bad("bounds",
            fmt::format("a gamma prior lives on [0, inf); the lower bound {} must be >= 0", p.lower));
      break;
    case Prior::Kind::normal:
      if (!(p.b > 0)) bad("b", fmt::format("normal needs b > 0 (the standard deviation); got b = {}", p.b));
      break;
  }
  if (!(p.lower < p.upper))
    bad("bounds", fmt::format("the lower bound {} must be below the upper bound {}", bound_text(p.lower),
                              bound_text(p.upper)));
  if (!out.empty()) return out;
  const Range s = support(p), r = effective(p);
  const bool closed_form = p.kind == Prior::Kind::uniform || p.kind == Prior::Kind::log_uniform;
  if (!(r.lo < r.hi) || (!closed_form && !(mass(p) > 0)))
    bad("bounds",
        fmt::format("{} has no probability inside the bounds [{}, {}] (it lives on [{}, {}])", p.describe(),
                    bound_text(p.lower), bound_text(p.upper), bound_text(s.lo), bound_text(s.hi)));
  return out;
}

}  // namespace detail
}  // namespace sibsim::study::calibration
