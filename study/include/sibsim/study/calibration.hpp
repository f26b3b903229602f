#pragma once
/// \file calibration.hpp
/// `sibsim calibrate SCENARIO OBSERVATIONS`: approximate Bayesian computation by sequential Monte
/// Carlo (ABC-SMC, population Monte Carlo of Beaumont et al. 2009 with adaptive tolerances) over
/// the uncertain parameters of any model plug-in's scenario.
///
/// The observations file (YAML, strict like scenarios; format in study/CALIBRATION-FILES.md)
/// declares
///   - `parameters`: scenario key paths with priors (uniform, log_uniform, beta, gamma, normal,
///     optionally truncated to `bounds`);
///   - `observations`: observed figures, each with the KPI expression it corresponds to, its
///     sampling model (how a simulated replication yields a simulated observation) and a role
///     (`fit`: in the distance; `check`: held out, reported as a posterior-predictive check);
///   - `calibration`: the algorithm's settings (all with defaults).
///
/// Layering: study/ only. No model word appears here; KPIs are named by the observations file.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/scenarios/scalar_kind.hpp"

namespace sibsim::study::calibration {

/// A prior distribution of one parameter.
///   uniform(a = low, b = high); log_uniform(a = low > 0, b = high); beta(a = alpha, b = beta);
///   gamma(a = shape, b = rate); normal(a = mean, b = sd).
/// `lower`/`upper` truncate any of them (the density is renormalised on [lower, upper]).
struct Prior {
  enum class Kind { uniform, log_uniform, beta, gamma, normal };
  Kind kind = Kind::uniform;
  double a = 0, b = 1;
  double lower = -std::numeric_limits<double>::infinity();
  double upper = std::numeric_limits<double>::infinity();

  /// log density at x (normalised, including truncation); -inf outside the support.
  [[nodiscard]] double log_density(double x) const;
  /// One draw (truncated priors by inversion or rejection: always inside [lower, upper]).
  [[nodiscard]] double sample(engine::RandomStream& rng) const;
  /// Mean and standard deviation of the (truncated) prior, for the report's "identified" test.
  [[nodiscard]] double mean() const;
  [[nodiscard]] double sd() const;
  /// "uniform(0.2, 0.8)", "beta(2, 5) on [0.1, 0.9]", ...
  [[nodiscard]] std::string describe() const;
};

/// The name of a prior kind as written in observations files ("uniform", "log_uniform", ...).
std::string_view prior_kind_name(Prior::Kind kind);

/// One uncertain scenario key.
struct Parameter {
  std::string path;   ///< scenario key path, as in sweep files ("recruitment.approach_probability")
  std::string label;  ///< human label for reports (default: the path)
  scenarios::ScalarKind kind = scenarios::ScalarKind::number;  ///< number or integer (rounded)
  Prior prior;
  std::string source;         ///< why this prior (free text, shown in the report)
  scenarios::Location where;  ///< the parameter's `path:` in the observations file
};

/// A compiled expression over a model's KPIs: names, numbers, + - * / and parentheses
/// ("started", "started / eligible", "100 * (a - b) / a").
class KpiExpression {
 public:
  /// Parses `text` against the KPI names. Throws std::invalid_argument with a message naming the
  /// unknown KPI (with a did-you-mean) or the syntax problem and its column.
  static KpiExpression parse(std::string_view text, std::span<const engine::KpiInfo> kpis);
  /// The value for one replication's KPI row (NaN if a KPI used is NaN or a division by 0).
  [[nodiscard]] double evaluate(std::span<const double> row) const;
  /// The KPI indices the expression reads (sorted, unique).
  [[nodiscard]] const std::vector<std::size_t>& kpis_used() const noexcept { return used_; }
  [[nodiscard]] const std::string& text() const noexcept { return text_; }

 private:
  struct Op {
    enum class Code { push_kpi, push_number, add, sub, mul, div, neg } code;
    std::size_t kpi = 0;
    double number = 0;
  };
  std::string text_;
  std::vector<Op> program_;  ///< postfix
  std::vector<std::size_t> used_;
};

/// How a replication's KPI value v becomes a simulated observation y, and how far y is from the
/// observed figure (a standardised discrepancy; 0 = equal).
///   exact:  y = v; discrepancy (y - value) / scale (scale default sqrt(max(|value|, 1)), for a
///           count the model simulates itself, e.g. persons who started);
///   count:  v is a probability; y ~ Binomial(n, v) drawn from the observation's own stream;
///           `value` is the observed count k out of n; discrepancy (y - k) / sqrt(max(n p (1-p), 1/4))
///           with p = k / n;
///   share:  as count, with `value` the observed share k / n (y and value compared as shares);
///   mean:   y = v + Normal(0, se); discrepancy (y - value) / se;
///   range:  y = v; discrepancy 0 inside [low, high], else the distance to the nearer end over
///           (high - low) / 2.
struct Observation {
  enum class Sampling { exact, count, share, mean, range };
  enum class Role { fit, check };
  std::string name;  ///< unique in the file
  std::string label;
  KpiExpression expression;
  Sampling sampling = Sampling::exact;
  double value = 0;          ///< exact, count (k), share, mean
  double n = 0;              ///< count, share
  double se = 0;             ///< mean
  double low = 0, high = 0;  ///< range
  double scale = 0;          ///< exact: the discrepancy's scale (0 = the default)
  Role role = Role::fit;
  std::string source;
  scenarios::Location where;

  /// The simulated observation from a replication's KPI row; `rng` is the observation's own
  /// stream for that replication (count, share, mean draw from it). NaN if the KPI is undefined.
  [[nodiscard]] double simulate(std::span<const double> row, engine::RandomStream& rng) const;
  /// Standardised discrepancy of a simulated observation (NaN y: +infinity).
  [[nodiscard]] double discrepancy(double simulated) const;
  /// The observed figure in the units of `simulate` (range: the midpoint).
  [[nodiscard]] double observed() const;
};

std::string_view sampling_name(Observation::Sampling s);

/// The algorithm's settings (`calibration:` section; every key has a default).
struct Settings {
  std::size_t particles = 500;                ///< population size N
  std::uint64_t replications = 0;             ///< per particle; 0 = automatic (see choose_replications)
  std::size_t max_generations = 20;           ///< generations after the prior generation 0
  double quantile = 0.5;                      ///< next tolerance: this weighted quantile of distances
  double min_acceptance = 0.02;               ///< stop when a generation's acceptance rate falls below
  double min_tolerance_drop = 0.02;           ///< stop when the tolerance falls by less than this share
  std::uint64_t seed = 1;                     ///< master seed (the command's --seed overrides)
  std::size_t predictive_draws = 200;         ///< posterior-predictive: particles drawn by weight
  std::uint64_t predictive_replications = 5;  ///< ... and replications each
};

/// A loaded, validated observations file bound to its scenario.
struct Spec {
  std::string file;          ///< the observations file
  std::string text;          ///< as written
  scenarios::Document base;  ///< the scenario (parsed)
  const models::ModelPlugin* plugin = nullptr;
  std::vector<engine::KpiInfo> kpis;  ///< the scenario model's KPIs
  std::vector<Parameter> parameters;
  std::vector<Observation> observations;
  Settings settings;

  [[nodiscard]] std::size_t fit_count() const;  ///< observations with role fit
};

/// Loads an observations file for `scenario_path`. Throws scenarios::ValidationErrors listing
/// every problem with file:line:column: unknown keys (did-you-mean), prior parameters out of their
/// domain, bounds, a key path the scenario does not have or whose value is not a number, a KPI
/// expression naming an unknown KPI, a sampling model without its fields, no `fit` figure,
/// duplicate names or paths; and the scenario loaded at the prior's means must validate.
Spec load_spec(const std::string& scenario_path, const std::string& observations_path,
               const models::PluginRegistry& models);
/// The same from parsed documents (tests, fuzzing).
Spec load_spec(const scenarios::Document& scenario, const scenarios::Document& observations,
               const models::PluginRegistry& models);

/// The scenario with one parameter vector applied (values in Spec::parameters order; integers
/// rounded). Throws scenarios::ValidationErrors if the model refuses the values.
std::unique_ptr<models::Scenario> scenario_at(const Spec& spec, std::span<const double> theta);

/// A weighted population of particles (one generation's result).
struct Population {
  std::size_t dimension = 0;
  std::vector<double> theta;     ///< particles x dimension, row-major
  std::vector<double> weight;    ///< normalised to sum 1
  std::vector<double> distance;  ///< per particle: median distance over its replications
  [[nodiscard]] std::size_t size() const noexcept { return weight.size(); }
  [[nodiscard]] double ess() const;  ///< 1 / sum w^2
};

/// One generation's record (a row of /generations).
struct GenerationStats {
  std::size_t generation = 0;
  double tolerance = 0;           ///< +inf for generation 0 (the prior)
  std::uint64_t proposals = 0;    ///< parameter vectors simulated
  std::uint64_t simulations = 0;  ///< replications run
  double acceptance = 0;          ///< accepted / simulated proposals
  double ess = 0;
  double seconds = 0;
};

}  // namespace sibsim::study::calibration
