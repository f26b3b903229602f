// The ABC-SMC algorithm of `sibsim calibrate` (abc_smc.hpp): proposals, their simulation in
// parallel batches of a fixed size, acceptance in proposal order, importance weights, the stop
// rules, weighted summaries and the posterior predictive distribution.

#include "abc_smc.hpp"

#include <fmt/core.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <numbers>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "parameter_transform.hpp"
#include "sibsim/engine/hash.hpp"
#include "sibsim/engine/progress.hpp"
#include "sibsim/engine/rng.hpp"

namespace sibsim::study::calibration {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Purposes of the algorithm's own random streams (the models' streams use the proposals' seeds).
constexpr std::uint64_t kPurposePropose = 0xCA0001;
constexpr std::uint64_t kPurposeObserve = 0xCA0002;
constexpr std::uint64_t kPurposePredictive = 0xCA0003;
static_assert(kPurposePredictive < engine::RandomStream::kPurposeLimit);
// The "generation" coordinate of the posterior-predictive simulations' seeds.
constexpr std::uint64_t kPredictiveGeneration = std::numeric_limits<std::uint64_t>::max();

/// The seed of proposal j of a generation: every proposal gets independent random numbers.
std::uint64_t proposal_seed(std::uint64_t seed, std::uint64_t generation, std::uint64_t j) {
  std::uint64_t h = engine::hash_mix(engine::kFnv1a64Offset, seed);
  h = engine::hash_mix(h, generation);
  h = engine::hash_mix(h, j);
  return engine::splitmix64(h);
}

double log_prior(const Spec& spec, std::span<const double> theta) {
  double lp = 0;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i)
    lp += spec.parameters[i].prior.log_density(theta[i]);
  return lp;
}

double median_of(std::vector<double> v) {
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// The perturbation kernel: a multivariate normal with covariance 2 x the previous population's
/// weighted covariance, through its Cholesky factor (lower, row-major).
struct Kernel {
  std::size_t d = 0;
  std::vector<double> chol;
  double log_norm = 0;  ///< log of the density's constant: -sum log L_ii - d/2 log(2 pi)

  explicit Kernel(const Population& pop) : d(pop.dimension), chol(d * d, 0.0) {
    const std::size_t n = pop.size();
    std::vector<double> mean(d, 0.0);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < d; ++i) mean[i] += pop.weight[k] * pop.theta[k * d + i];
    std::vector<double> cov(d * d, 0.0);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
          cov[i * d + j] +=
              2 * pop.weight[k] * (pop.theta[k * d + i] - mean[i]) * (pop.theta[k * d + j] - mean[j]);
    // A population collapsed on a value (or on a line) has a singular covariance: add a ridge,
    // growing until the factorisation succeeds.
    double trace = 0;
    for (std::size_t i = 0; i < d; ++i) trace += cov[i * d + i];
    double ridge = 0;
    const double base = 1e-12 * (trace / static_cast<double>(std::max<std::size_t>(d, 1)) + 1e-12);
    while (!factor(cov, ridge)) ridge = ridge == 0 ? base : ridge * 10;
    log_norm = -0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi);
    for (std::size_t i = 0; i < d; ++i) log_norm -= std::log(chol[i * d + i]);
  }

  bool factor(const std::vector<double>& cov, double ridge) {
    for (std::size_t i = 0; i < d; ++i) {
      for (std::size_t j = 0; j <= i; ++j) {
        double s = cov[i * d + j] + (i == j ? ridge : 0.0);
        for (std::size_t k = 0; k < j; ++k) s -= chol[i * d + k] * chol[j * d + k];
        if (i == j) {
          if (!(s > 0) || !std::isfinite(s)) return false;
          chol[i * d + i] = std::sqrt(s);
        } else {
          chol[i * d + j] = s / chol[j * d + j];
        }
      }
    }
    return true;
  }

  /// log density of x under the kernel centred at c.
  [[nodiscard]] double log_density(const double* x, const double* c) const {
    // Solve L z = x - c by forward substitution; the density is exp(-|z|^2 / 2 + log_norm).
    double q = 0;
    std::vector<double> z(d);
    for (std::size_t i = 0; i < d; ++i) {
      double s = x[i] - c[i];
      for (std::size_t k = 0; k < i; ++k) s -= chol[i * d + k] * z[k];
      z[i] = s / chol[i * d + i];
      q += z[i] * z[i];
    }
    return -0.5 * q + log_norm;
  }

  void perturb(const double* centre, engine::RandomStream& rng, double* out) const {
    std::vector<double> z(d);
    for (std::size_t i = 0; i < d; ++i) z[i] = rng.normal();
    for (std::size_t i = 0; i < d; ++i) {
      double s = centre[i];
      for (std::size_t k = 0; k <= i; ++k) s += chol[i * d + k] * z[k];
      out[i] = s;
    }
  }
};

/// One batch of proposals: their parameter vectors, prior densities and per-replication
/// distances (particle-major, R each; empty for proposals outside the prior's support).
struct Batch {
  std::vector<double> theta;
  std::vector<double> log_prior;
  std::vector<double> distances;
};

/// Simulates every proposal of the batch with a positive prior density, R replications each, all
/// in parallel. The first failure in proposal order is rethrown (same error on any thread count).
void simulate_batch(const Spec& spec, std::uint64_t seed, std::uint64_t generation, std::uint64_t first,
                    std::uint64_t replications, Batch& batch, const DistributeProposals& distribute) {
  const std::size_t d = spec.parameters.size();
  const std::size_t count = batch.log_prior.size();
  if (distribute) {
    std::vector<std::size_t> valid;
    for (std::size_t j = 0; j < count; ++j)
      if (batch.log_prior[j] != -kInf) valid.push_back(j);
    const SimulateOne one = [&](std::size_t j) {
      const std::unique_ptr<models::Scenario> scenario =
          scenario_at(spec, std::span(batch.theta).subspan(j * d, d));
      const std::uint64_t sim_seed = proposal_seed(seed, generation, first + j);
      std::vector<double> dist(replications);
      tbb::parallel_for(std::uint64_t{0}, replications, [&](std::uint64_t r) {
        std::vector<double> row(spec.kpis.size(), kNaN);
        scenario->model().run_replication(sim_seed, r, row);
        dist[r] = replication_distance(spec, row, sim_seed, r);
      });
      return dist;
    };
    const std::vector<double> got = distribute(valid, one);
    batch.distances.assign(count * replications, kNaN);
    for (std::size_t i = 0; i < valid.size(); ++i)
      std::copy(got.begin() + static_cast<std::ptrdiff_t>(i * replications),
                got.begin() + static_cast<std::ptrdiff_t>((i + 1) * replications),
                batch.distances.begin() + static_cast<std::ptrdiff_t>(valid[i] * replications));
    return;
  }
  std::vector<std::unique_ptr<models::Scenario>> scenarios(count);
  std::vector<std::exception_ptr> failures(count);
  tbb::parallel_for(std::size_t{0}, count, [&](std::size_t j) {
    if (batch.log_prior[j] == -kInf) return;
    try {
      scenarios[j] = scenario_at(spec, std::span(batch.theta).subspan(j * d, d));
    } catch (...) {
      failures[j] = std::current_exception();
    }
  });
  for (const std::exception_ptr& f : failures)
    if (f) std::rethrow_exception(f);
  batch.distances.assign(count * replications, kNaN);
  const std::size_t width = spec.kpis.size();
  std::mutex failure_mutex;
  std::size_t failed = std::numeric_limits<std::size_t>::max();  // lowest (proposal, replication)
  std::string failure;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count * replications), [&](const auto& range) {
    std::vector<double> row(width);
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const std::size_t j = i / replications;
      if (!scenarios[j]) continue;
      const std::uint64_t r = i % replications;
      const std::uint64_t sim_seed = proposal_seed(seed, generation, first + j);
      std::fill(row.begin(), row.end(), kNaN);
      try {
        scenarios[j]->model().run_replication(sim_seed, r, row);
      } catch (const std::exception& e) {
        const std::lock_guard lock(failure_mutex);
        if (i < failed) {
          failed = i;
          failure = e.what();
        }
        continue;
      }
      batch.distances[i] = replication_distance(spec, row, sim_seed, r);
    }
  });
  if (failed != std::numeric_limits<std::size_t>::max()) {
    const std::size_t j = failed / replications;
    throw engine::ReplicationError(
        proposal_seed(seed, generation, first + j), failed % replications,
        fmt::format("calibration generation {} proposal {}: {}", generation, first + j, failure));
  }
}

/// Runs generation t (t = previous.size()). Returns false if the proposal guard stopped it.
bool run_generation(const Spec& spec, const AbcOptions& options, const std::vector<Generation>& previous,
                    Generation& out) {
  const auto start = std::chrono::steady_clock::now();
  const Settings& s = options.settings;
  const std::size_t n = s.particles;
  const std::size_t d = spec.parameters.size();
  const std::uint64_t reps = options.replications;
  const std::uint64_t t = previous.size();
  const Generation* prev = previous.empty() ? nullptr : &previous.back();
  double tolerance = kInf;
  // Particles are perturbed in unbounded coordinates z (parameter_transform.hpp), so no proposal
  // leaves the prior's support; the kernel and the weights' mixture density live in z.
  std::vector<ParameterTransform> transforms;
  for (const Parameter& p : spec.parameters) transforms.emplace_back(p.prior);
  const auto to_z = [&](const double* theta, double* z) {
    for (std::size_t i = 0; i < d; ++i) z[i] = transforms[i].to_z(theta[i]);
  };
  std::optional<Kernel> kernel;
  Population prev_z;  // the previous population in z
  if (prev) {
    std::vector<double> rep_weights(prev->replication_distances.size());
    for (std::size_t i = 0; i < rep_weights.size(); ++i)
      rep_weights[i] = prev->population.weight[i / reps] / static_cast<double>(reps);
    tolerance = weighted_quantile(prev->replication_distances, rep_weights, s.quantile);
    prev_z = prev->population;
    for (std::size_t k = 0; k < prev_z.size(); ++k)
      to_z(&prev->population.theta[k * d], &prev_z.theta[k * d]);
    kernel.emplace(prev_z);
  }

  std::vector<double> acc_theta, acc_z, acc_log_likelihood, acc_log_prior, acc_dist;
  std::uint64_t proposals = 0, simulations = 0;
  std::size_t accepted = 0;
  engine::ProgressBar bar(n, options.progress);
  while (accepted < n) {
    if (proposals >= kMaxProposalsPerParticle * n) return false;
    Batch batch;
    batch.theta.assign(kProposalBatch * d, 0.0);
    batch.log_prior.assign(kProposalBatch, 0.0);
    std::vector<double> batch_z(kProposalBatch * d, 0.0);
    std::vector<double> log_jacobian(kProposalBatch, 0.0);
    for (std::size_t j = 0; j < kProposalBatch; ++j) {
      engine::RandomStream rng(s.seed, t, proposals + j, kPurposePropose);
      double* theta = batch.theta.data() + j * d;
      double* z = batch_z.data() + j * d;
      if (!prev) {
        for (std::size_t i = 0; i < d; ++i) theta[i] = spec.parameters[i].prior.sample(rng);
        to_z(theta, z);
      } else {
        const std::size_t a = rng.categorical(prev_z.weight.data(), prev_z.size());
        kernel->perturb(prev_z.theta.data() + a * d, rng, z);
        for (std::size_t i = 0; i < d; ++i) {
          theta[i] = transforms[i].from_z(z[i]);
          log_jacobian[j] += transforms[i].log_jacobian(z[i]);
        }
      }
      batch.log_prior[j] = log_prior(spec, std::span(theta, d));
    }
    simulate_batch(spec, s.seed, t, proposals, reps, batch, options.distribute);
    for (std::size_t j = 0; j < kProposalBatch && accepted < n; ++j) {
      ++proposals;
      if (batch.log_prior[j] == -kInf) continue;
      simulations += reps;
      const std::span<const double> dist = std::span(batch.distances).subspan(j * reps, reps);
      const auto within = static_cast<double>(
          std::count_if(dist.begin(), dist.end(), [&](double x) { return x <= tolerance; }));
      if (within == 0) continue;
      acc_theta.insert(acc_theta.end(), batch.theta.begin() + static_cast<std::ptrdiff_t>(j * d),
                       batch.theta.begin() + static_cast<std::ptrdiff_t>((j + 1) * d));
      acc_z.insert(acc_z.end(), batch_z.begin() + static_cast<std::ptrdiff_t>(j * d),
                   batch_z.begin() + static_cast<std::ptrdiff_t>((j + 1) * d));
      acc_log_likelihood.push_back(std::log(within / static_cast<double>(reps)));
      acc_log_prior.push_back(batch.log_prior[j] + log_jacobian[j]);  // the prior's density in z
      acc_dist.insert(acc_dist.end(), dist.begin(), dist.end());
      ++accepted;
    }
    bar.update(accepted, fmt::format("generation {}, {} proposals", t, proposals));
  }
  bar.finish();

  // Importance weights: generation 0 is the prior itself; later ones prior x L / mixture of the
  // kernels around the previous particles, all densities in z (in logs, normalised with the
  // largest subtracted).
  Population& pop = out.population;
  pop.dimension = d;
  pop.theta = std::move(acc_theta);
  pop.weight.assign(n, 1.0 / static_cast<double>(n));
  if (prev) {
    std::vector<double> log_w(n);
    const Population& pp = prev_z;
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t i) {
      double m = -kInf;
      std::vector<double> terms(pp.size());
      for (std::size_t k = 0; k < pp.size(); ++k) {
        terms[k] = std::log(pp.weight[k]) + kernel->log_density(&acc_z[i * d], &pp.theta[k * d]);
        m = std::max(m, terms[k]);
      }
      double sum = 0;
      for (const double x : terms) sum += std::exp(x - m);
      log_w[i] = acc_log_prior[i] + acc_log_likelihood[i] - (m + std::log(sum));
    });
    const double top = *std::max_element(log_w.begin(), log_w.end());
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) total += pop.weight[i] = std::exp(log_w[i] - top);
    for (double& w : pop.weight) w /= total;
  }
  pop.distance.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    pop.distance[i] = median_of({acc_dist.begin() + static_cast<std::ptrdiff_t>(i * reps),
                                 acc_dist.begin() + static_cast<std::ptrdiff_t>((i + 1) * reps)});
  out.replication_distances = std::move(acc_dist);
  out.stats.generation = t;
  out.stats.tolerance = tolerance;
  out.stats.proposals = proposals;
  out.stats.simulations = simulations;
  // Accepted over simulated proposals (those outside the prior's support, possible only at its
  // numerical edges, cost nothing and do not count).
  out.stats.acceptance =
      static_cast<double>(n) / (static_cast<double>(simulations) / static_cast<double>(reps));
  out.stats.ess = pop.ess();
  out.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return true;
}

}  // namespace

double Population::ess() const {
  double s = 0;
  for (const double w : weight) s += w * w;
  return s > 0 ? 1.0 / s : 0.0;
}

std::uint64_t choose_replications(const Settings& settings) {
  const double q = settings.quantile;
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil((1 - q) / (q * 0.25) - 1e-9)));
}

std::string describe(StopReason reason) {
  switch (reason) {
    case StopReason::none:
      return "not stopped";
    case StopReason::max_generations:
      return "the most generations were run";
    case StopReason::low_acceptance:
      return "the acceptance rate fell below its minimum";
    case StopReason::small_tolerance_drop:
      return "the tolerance fell by less than its minimum share";
    case StopReason::zero_tolerance:
      return "the tolerance reached 0 (the simulations match the data exactly)";
    case StopReason::proposal_guard:
      return "a generation did not fill within the most proposals";
  }
  return "?";
}

StopReason stop_rule(const std::vector<Generation>& generations, const Settings& settings) {
  if (generations.empty()) return StopReason::none;
  const GenerationStats& g = generations.back().stats;
  if (g.generation >= settings.max_generations) return StopReason::max_generations;
  if (g.generation == 0) return StopReason::none;
  if (g.tolerance == 0) return StopReason::zero_tolerance;
  if (g.acceptance < settings.min_acceptance) return StopReason::low_acceptance;
  if (generations.size() >= 2) {
    const double before = generations[generations.size() - 2].stats.tolerance;
    if (std::isfinite(before) && before - g.tolerance < settings.min_tolerance_drop * before)
      return StopReason::small_tolerance_drop;
  }
  return StopReason::none;
}

AbcResult run_abc(const Spec& spec, const AbcOptions& options, std::vector<Generation> resumed) {
  AbcResult result;
  result.generations = std::move(resumed);
  for (;;) {
    result.stop = stop_rule(result.generations, options.settings);
    if (result.stop != StopReason::none) return result;
    Generation next;
    if (!run_generation(spec, options, result.generations, next)) {
      if (result.generations.empty())
        throw std::invalid_argument(
            "calibrate: the prior generation did not fill");  // impossible: all accepted
      result.stop = StopReason::proposal_guard;
      return result;
    }
    result.generations.push_back(std::move(next));
    if (options.on_generation) options.on_generation(result.generations);
  }
}

double replication_distance(const Spec& spec, std::span<const double> row, std::uint64_t sim_seed,
                            std::uint64_t replication) {
  double sum = 0;
  std::size_t fit = 0;
  for (std::size_t i = 0; i < spec.observations.size(); ++i) {
    const Observation& o = spec.observations[i];
    if (o.role != Observation::Role::fit) continue;
    engine::RandomStream rng(sim_seed, replication, i, kPurposeObserve);
    const double e = o.discrepancy(o.simulate(row, rng));
    sum += e * e;
    ++fit;
  }
  return fit == 0 ? 0.0 : std::sqrt(sum / static_cast<double>(fit));
}

double weighted_quantile(std::span<const double> values, std::span<const double> weights, double q) {
  if (values.empty()) return kNaN;
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return values[a] < values[b] || (values[a] == values[b] && a < b);
  });
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double cum = 0;
  for (const std::size_t i : order) {
    cum += weights[i];
    if (cum >= q * total * (1 - 1e-12)) return values[i];
  }
  return values[order.back()];
}

ParameterSummary summarise(const Population& population, std::size_t parameter) {
  const std::size_t n = population.size();
  const std::size_t d = population.dimension;
  std::vector<double> x(n);
  for (std::size_t k = 0; k < n; ++k) x[k] = population.theta[k * d + parameter];
  ParameterSummary s;
  for (std::size_t k = 0; k < n; ++k) s.mean += population.weight[k] * x[k];
  double var = 0;
  for (std::size_t k = 0; k < n; ++k) var += population.weight[k] * (x[k] - s.mean) * (x[k] - s.mean);
  s.sd = std::sqrt(var);
  s.q05 = weighted_quantile(x, population.weight, 0.05);
  s.q50 = weighted_quantile(x, population.weight, 0.50);
  s.q95 = weighted_quantile(x, population.weight, 0.95);
  return s;
}

std::vector<Predictive> posterior_predictive(const Spec& spec, const Population& posterior,
                                             std::uint64_t seed, std::size_t draws,
                                             std::uint64_t replications) {
  const std::size_t d = posterior.dimension;
  const std::size_t m = spec.observations.size();
  std::vector<std::unique_ptr<models::Scenario>> scenarios(draws);
  std::vector<std::exception_ptr> failures(draws);
  tbb::parallel_for(std::size_t{0}, draws, [&](std::size_t i) {
    engine::RandomStream rng(seed, kPredictiveGeneration, i, kPurposePredictive);
    const std::size_t k = rng.categorical(posterior.weight.data(), posterior.size());
    try {
      scenarios[i] = scenario_at(spec, std::span(posterior.theta).subspan(k * d, d));
    } catch (...) {
      failures[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& f : failures)
    if (f) std::rethrow_exception(f);
  // Simulated observations, observation-major: y[o * draws * R + i * R + r].
  const std::size_t per = draws * replications;
  std::vector<double> y(m * per, kNaN);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, per), [&](const auto& range) {
    std::vector<double> row(spec.kpis.size());
    for (std::size_t c = range.begin(); c != range.end(); ++c) {
      const std::size_t i = c / replications;
      const std::uint64_t r = c % replications;
      const std::uint64_t sim_seed = proposal_seed(seed, kPredictiveGeneration, i);
      std::fill(row.begin(), row.end(), kNaN);
      try {
        scenarios[i]->model().run_replication(sim_seed, r, row);
      } catch (...) {
        continue;  // an undefined simulated observation (NaN), as a NaN KPI
      }
      for (std::size_t o = 0; o < m; ++o) {
        engine::RandomStream rng(sim_seed, r, o, kPurposeObserve);
        y[o * per + c] = spec.observations[o].simulate(row, rng);
      }
    }
  });
  std::vector<Predictive> out(m);
  for (std::size_t o = 0; o < m; ++o) {
    std::vector<double> v;
    for (std::size_t c = 0; c < per; ++c)
      if (!std::isnan(y[o * per + c])) v.push_back(y[o * per + c]);
    Predictive& p = out[o];
    if (v.empty()) {
      p.median = p.q05 = p.q95 = kNaN;
      continue;
    }
    const std::vector<double> w(v.size(), 1.0);
    p.median = weighted_quantile(v, w, 0.5);
    p.q05 = weighted_quantile(v, w, 0.05);
    p.q95 = weighted_quantile(v, w, 0.95);
    const Observation& ob = spec.observations[o];
    if (ob.sampling == Observation::Sampling::range)
      p.inside_90 = ob.low <= p.q95 && p.q05 <= ob.high;
    else
      p.inside_90 = p.q05 <= ob.observed() && ob.observed() <= p.q95;
  }
  return out;
}

}  // namespace sibsim::study::calibration
