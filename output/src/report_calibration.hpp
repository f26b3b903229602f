#pragma once
// Pieces of the calibration report (report_calibration.cpp) and of the run report's "Parameter
// uncertainty" section (report_spread.cpp): numbers to significant digits, the density of a
// prior as /parameters describes it, and the two charts only these reports draw (a posterior
// histogram over its prior's density; a scatter of weighted particles). Private to output/.

#include <string>
#include <utility>
#include <vector>

#include "report_text.hpp"

namespace sibsim::output::detail {

/// x to `digits` significant digits for a page (HTML): 0.0015 -> "0.0015", 123456 -> "123,456"
/// (never fewer digits than the whole part), 2.50 -> "2.5", 1.5e-7 -> "1.5e−7" (minus sign
/// U+2212); NaN "n/a", infinities "∞" and "−∞". In the report's language: "0,0015", "123.456",
/// "1,5e−7" and "n.b." in Dutch.
std::string sig(double x, int digits = 3);

/// A prior as /parameters gives it: prior_kind uniform(a = low, b = high), log_uniform(a = low,
/// b = high), beta(a = alpha, b = beta), gamma(a = shape, b = rate) or normal(a = mean, b = sd),
/// truncated to [lower, upper] (infinite bounds: no truncation).
struct PriorShape {
  std::string kind;
  double a = 0, b = 0;
  double lower = 0, upper = 0;
};
/// The prior's support after truncation: [lo, hi] (possibly infinite); NaN bounds when the kind
/// is unknown or the numbers do not make a distribution.
std::pair<double, double> prior_support(const PriorShape& prior);
/// The prior's density, normalised over its truncated support; NaN when the kind is unknown. The
/// normalising mass (a numerical integral for truncated beta and gamma priors) is computed once,
/// so evaluate many points through one object.
class PriorDensity {
 public:
  explicit PriorDensity(const PriorShape& prior);
  double operator()(double x) const;

 private:
  PriorShape prior_;
  double lo_, hi_, mass_;
};
/// The prior's density at one x: PriorDensity(prior)(x).
double prior_density(const PriorShape& prior, double x);

/// A posterior's weighted histogram (bars, as densities) over its prior's density (a line), the
/// posterior's 90 % interval shaded and its mean marked. With log_x the x axis is logarithmic and
/// both densities are per unit of ln x.
struct DensityBin {
  double x0 = 0, x1 = 0, density = 0;
  std::string tooltip;
};
struct DensityChart {
  std::string description;
  bool log_x = false;
  std::vector<DensityBin> bins;
  std::vector<std::pair<double, double>> prior;  ///< (x, density), in x order
  double lo = 0, hi = 1;                         ///< x domain
  double y_max = 1;                              ///< the prior's line is clipped above this
  double q05 = 0, q95 = 0, mean = 0;
  std::string x_title, y_title;  ///< plain text
};
std::string density_spec(const DensityChart& chart);

/// Particles of two parameters, each drawn with opacity and size by its weight.
struct WeightedPoint {
  double x = 0, y = 0, weight = 0;
  std::string tooltip;
};
struct WeightedScatter {
  std::string description;
  std::vector<WeightedPoint> points;
  std::string x_title, y_title;
};
std::string weighted_scatter_spec(const WeightedScatter& chart);

}  // namespace sibsim::output::detail
