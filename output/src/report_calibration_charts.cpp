// What the calibration report draws: numbers to significant digits, a prior's density from the
// numbers of /parameters (normalised over its truncated support), and the Vega specs of a
// posterior histogram over its prior and of a scatter of weighted particles.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <tuple>

#include "report_calibration.hpp"
#include "report_charts.hpp"

namespace sibsim::output::detail {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr int kMidpoints = 20'000;  // midpoint rule for a truncated prior's mass

/// How many of `decimals` digits after the point x needs (C locale: trailing zeros dropped).
int needed_decimals(double x, int decimals) {
  const std::string s = fmt::format("{:.{}f}", x, decimals);
  int d = decimals;
  while (d > 0 && s[s.size() - static_cast<std::size_t>(decimals - d) - 1] == '0') --d;
  return d;
}

/// The untruncated density of the prior's kind; NaN for an unknown kind.
double raw_density(const PriorShape& p, double x) {
  const double a = p.a, b = p.b;
  if (p.kind == "uniform") return x >= a && x <= b && b > a ? 1.0 / (b - a) : 0.0;
  if (p.kind == "log_uniform") return x >= a && x <= b && a > 0 && b > a ? 1.0 / (x * std::log(b / a)) : 0.0;
  if (p.kind == "beta") {
    if (!(x > 0 && x < 1) || a <= 0 || b <= 0) return 0.0;
    const double log_beta = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
    return std::exp((a - 1) * std::log(x) + (b - 1) * std::log1p(-x) - log_beta);
  }
  if (p.kind == "gamma") {
    if (!(x > 0) || a <= 0 || b <= 0) return 0.0;
    return std::exp(a * std::log(b) + (a - 1) * std::log(x) - b * x - std::lgamma(a));
  }
  if (p.kind == "normal") {
    if (!(b > 0)) return 0.0;
    const double z = (x - a) / b;
    return std::exp(-0.5 * z * z) / (b * std::sqrt(2 * std::numbers::pi));
  }
  return kNaN;
}

/// The untruncated support of the prior's kind.
std::pair<double, double> raw_support(const PriorShape& p) {
  if (p.kind == "uniform" || p.kind == "log_uniform") return {p.a, p.b};
  if (p.kind == "beta") return {0.0, 1.0};
  if (p.kind == "gamma") return {0.0, kInf};
  if (p.kind == "normal") return {-kInf, kInf};
  return {kNaN, kNaN};
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

/// The integral of the untruncated density over the finite [lo, hi] (midpoint rule, which never
/// evaluates the ends, where beta and gamma densities may be infinite).
double integral(const PriorShape& p, double lo, double hi) {
  if (!(hi > lo)) return 0.0;
  const double h = (hi - lo) / kMidpoints;
  double s = 0;
  for (int i = 0; i < kMidpoints; ++i) s += raw_density(p, lo + (i + 0.5) * h);
  return s * h;
}

/// The untruncated prior's probability of [lo, hi].
double mass(const PriorShape& p, double lo, double hi) {
  const auto [s_lo, s_hi] = raw_support(p);
  if (lo <= s_lo && hi >= s_hi) return 1.0;
  if (p.kind == "normal") return normal_cdf((hi - p.a) / p.b) - normal_cdf((lo - p.a) / p.b);
  if (p.kind == "uniform") return (std::min(hi, s_hi) - std::max(lo, s_lo)) / (s_hi - s_lo);
  if (p.kind == "log_uniform")
    return std::log(std::min(hi, s_hi) / std::max(lo, s_lo)) / std::log(s_hi / s_lo);
  if (std::isfinite(hi)) return integral(p, std::max(lo, s_lo), hi);
  return 1.0 - integral(p, s_lo, lo);  // gamma cut below only
}

std::string raw_or_null(const std::string& json) { return json.empty() ? "null" : json; }

}  // namespace

std::string sig(double x, int digits) {
  if (std::isnan(x)) return format_number(x, 0);  // "n/a" in the report's language
  if (std::isinf(x)) return x > 0 ? "\u221e" : "\u2212\u221e";
  if (x == 0) return "0";
  const double a = std::fabs(x);
  if (a < 1e-4) {  // 1.5e−7
    const std::string s = fmt::format("{:.{}e}", a, std::max(digits - 1, 0));
    const auto e = s.find('e');
    const double mantissa = std::stod(s.substr(0, e));
    const int exponent = std::stoi(s.substr(e + 1));
    return fmt::format("{}{}e\u2212{}", x < 0 ? "\u2212" : "",
                       format_number(mantissa, needed_decimals(mantissa, std::max(digits - 1, 0))),
                       -exponent);
  }
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  const int decimals = std::max(0, digits - 1 - magnitude);
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(x * scale) / scale;
  return format_number(rounded, needed_decimals(rounded, decimals));
}

std::pair<double, double> prior_support(const PriorShape& prior) {
  const auto [lo, hi] = raw_support(prior);
  if (std::isnan(lo)) return {kNaN, kNaN};
  const double l = std::isnan(prior.lower) ? lo : std::max(lo, prior.lower);
  const double h = std::isnan(prior.upper) ? hi : std::min(hi, prior.upper);
  if (!(h > l)) return {kNaN, kNaN};
  return {l, h};
}

PriorDensity::PriorDensity(const PriorShape& prior) : prior_(prior) {
  std::tie(lo_, hi_) = prior_support(prior);
  mass_ = std::isnan(lo_) ? kNaN : mass(prior, lo_, hi_);
}

double PriorDensity::operator()(double x) const {
  if (std::isnan(lo_)) return kNaN;
  if (x < lo_ || x > hi_) return 0.0;
  return mass_ > 0 ? raw_density(prior_, x) / mass_ : kNaN;
}

double prior_density(const PriorShape& prior, double x) { return PriorDensity(prior)(x); }

std::string density_spec(const DensityChart& chart) {
  JsonWriter bins;
  bins.arr();
  for (const auto& b : chart.bins) {
    if (!std::isfinite(b.x0) || !std::isfinite(b.x1) || !std::isfinite(b.density)) continue;
    bins.obj()
        .key("x0")
        .num(b.x0)
        .key("x1")
        .num(b.x1)
        .key("density")
        .num(b.density)
        .key("tooltip")
        .raw(raw_or_null(b.tooltip))
        .end();
  }
  bins.end();
  JsonWriter prior;
  prior.arr();
  for (const auto& [x, d] : chart.prior)
    if (std::isfinite(x) && std::isfinite(d)) prior.obj().key("x").num(x).key("density").num(d).end();
  prior.end();
  return fill_template(chart_file(charts::k_density),
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"bins", bins.str()},
                           {"prior", prior.str()},
                           {"q05", json_number(chart.q05)},
                           {"q95", json_number(chart.q95)},
                           {"mean", json_number(chart.mean)},
                           {"x_type", chart.log_x ? "\"log\"" : "\"linear\""},
                           {"lo", json_number(chart.lo)},
                           {"hi", json_number(chart.hi)},
                           {"y_max", json_number(chart.y_max)},
                           {"x_title", json_string(chart.x_title)},
                           {"y_title", json_string(chart.y_title)},
                           {"soft", palette::kSoft},
                           {"bar", palette::kBar},
                           {"primary", palette::kPrimary},
                           {"accent", palette::kAccent},
                           {"ink", palette::kInk},
                       });
}

std::string weighted_scatter_spec(const WeightedScatter& chart) {
  JsonWriter points;
  points.arr();
  double w_max = 0;
  for (const auto& p : chart.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.weight)) continue;
    w_max = std::max(w_max, p.weight);
    points.obj()
        .key("x")
        .num(p.x)
        .key("y")
        .num(p.y)
        .key("weight")
        .num(p.weight)
        .key("tooltip")
        .raw(raw_or_null(p.tooltip))
        .end();
  }
  points.end();
  return fill_template(chart_file(charts::k_weighted_scatter),
                       {
                           {"description", json_string(chart.description)},
                           {"config", std::string(chart_file(charts::k_config))},
                           {"width", std::string(chart_file(charts::k_width_signal))},
                           {"points", points.str()},
                           {"w_max", json_number(w_max > 0 ? w_max : 1.0)},
                           {"x_title", json_string(chart.x_title)},
                           {"y_title", json_string(chart.y_title)},
                           {"primary", palette::kPrimary},
                       });
}

}  // namespace sibsim::output::detail
