#pragma once
// The ABC-SMC algorithm of `sibsim calibrate` (population Monte Carlo, Beaumont et al. 2009, with
// adaptive tolerances; each particle simulated with R replications as in Del Moral et al. 2012),
// over any model plug-in's scenario: generation 0 samples the prior, each later generation
// perturbs particles of the previous one and keeps those whose replications come within a
// tolerance of the observations. Deterministic for any thread count: proposals are evaluated in
// batches of a fixed size and accepted in proposal order. See study/README.md "Calibration".

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration {

/// Proposals evaluated together (in parallel) before the acceptance count is checked. Fixed, so
/// that the result does not depend on the number of threads.
inline constexpr std::size_t kProposalBatch = 64;
/// Most proposals of one generation, per particle (guard against a generation that never fills).
inline constexpr std::uint64_t kMaxProposalsPerParticle = 1000;

/// Replications per particle when the settings say 0 (automatic): R = max(1, ceil((1 - q) /
/// (q * 0.25))) with q the tolerance quantile, so that a particle whose replications fall within
/// the tolerance with probability q has a likelihood estimate L with relative standard error
/// sqrt((1 - q) / (q R)) <= 0.5.
std::uint64_t choose_replications(const Settings& settings);

/// One completed generation: its population, the distances of every replication of every
/// particle (particle-major, R each: the next tolerance is their weighted quantile) and its stats.
struct Generation {
  Population population;
  std::vector<double> replication_distances;
  GenerationStats stats;
};

/// Why the algorithm stopped.
enum class StopReason {
  none,
  max_generations,
  low_acceptance,
  small_tolerance_drop,
  zero_tolerance,
  proposal_guard
};
std::string describe(StopReason reason);

/// The rules checked after each generation t >= 1 (none for generation 0 unless max_generations
/// is 0).
StopReason stop_rule(const std::vector<Generation>& generations, const Settings& settings);

/// Computes the R replication distances of proposal j of the current batch.
using SimulateOne = std::function<std::vector<double>(std::size_t j)>;
/// Simulates the listed proposals of a batch elsewhere (under MPI: a task farm over the ranks)
/// and returns their distances (proposals.size() x R, in that order) on every rank.
using DistributeProposals = std::function<std::vector<double>(std::span<const std::size_t> proposals,
                                                              const SimulateOne& simulate_one)>;

struct AbcOptions {
  Settings settings;               ///< effective (command-line overrides applied)
  std::uint64_t replications = 1;  ///< per particle (resolved: never 0)
  bool progress = false;           ///< a progress bar of proposals on stderr (terminal only)
  /// Called after each completed generation (checkpoint, progress line).
  std::function<void(const std::vector<Generation>&)> on_generation;
  /// Empty: every proposal is simulated in this process (TBB). Set under MPI: every rank runs
  /// run_abc in lockstep (same proposals, same acceptance), only the simulations are shared out.
  DistributeProposals distribute;
};

struct AbcResult {
  std::vector<Generation> generations;  ///< 0 = the prior; back() = the posterior
  StopReason stop = StopReason::none;
};

/// Runs (or continues after `resumed`, the generations of a checkpoint) the algorithm. Threads:
/// the caller's TBB limit (tbb::global_control). Throws scenarios::ValidationErrors if the model
/// refuses a proposed parameter vector, engine::ReplicationError if a replication throws.
AbcResult run_abc(const Spec& spec, const AbcOptions& options, std::vector<Generation> resumed = {});

/// Distance of one replication: sqrt(mean over fit observations of discrepancy^2); the
/// observations' own random draws come from (sim_seed, replication, observation index).
double replication_distance(const Spec& spec, std::span<const double> row, std::uint64_t sim_seed,
                            std::uint64_t replication);

/// The weighted q-quantile of values (the smallest value whose cumulative weight reaches q of
/// the total). NaN for no values.
double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q);

/// Weighted summary of one parameter of a population.
struct ParameterSummary {
  double mean = 0, sd = 0, q05 = 0, q50 = 0, q95 = 0;
};
ParameterSummary summarise(const Population& population, std::size_t parameter);

/// The posterior predictive distribution of one observation's simulated value.
struct Predictive {
  double median = 0, q05 = 0, q95 = 0;
  bool inside_90 = false;  ///< the observed figure (a range: its interval) meets [q05, q95]
};
/// Draws `draws` particles by weight and simulates `replications` each (random numbers from
/// `seed`); one entry per observation (fit and check).
std::vector<Predictive> posterior_predictive(const Spec& spec, const Population& posterior,
                                             std::uint64_t seed, std::size_t draws,
                                             std::uint64_t replications);

}  // namespace sibsim::study::calibration
