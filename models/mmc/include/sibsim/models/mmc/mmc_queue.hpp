#pragma once
/// \file mmc_queue.hpp
/// The M/M/c queue: the tiny example model built only from engine parts (Simulator, Resource,
/// RandomStream). Poisson arrivals at rate lambda, exponential services at rate mu, c servers,
/// FIFO, infinite waiting room. Statistics are collected over [warmup, warmup + run_length).
/// Time unit: days.
///
/// Random numbers: interarrival times come from stream (entity 0, MmcStream::arrival), service
/// times from (entity 0, MmcStream::service), drawn when a service starts. Service starts follow
/// arrival order (FIFO), so customer i gets the same arrival and service time in every variant of
/// the model that shares the seed: variants differing in c use common random numbers.

#include <cstdint>
#include <span>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"

namespace sibsim::models {

struct MmcParams {
  double arrival_rate = 4.0;   ///< lambda: customers per day
  double service_rate = 1.25;  ///< mu: services per day per server (mean service 0.8 days)
  std::uint32_t servers = 4;   ///< c; rho = lambda / (c mu) = 0.8 with the defaults
  double warmup = 200.0;       ///< days simulated before statistics start
  double run_length = 2000.0;  ///< days of statistics after the warm-up
};

/// Throws std::invalid_argument naming the field if a parameter is out of range (rates must be
/// positive and finite, servers >= 1, warmup >= 0, run_length > 0). rho >= 1 is allowed (an
/// unstable queue simulates fine; only erlang_c() needs rho < 1).
void validate(const MmcParams& p);

/// Purposes of the model's random streams (the `purpose` coordinate of engine::RandomStream).
enum class MmcStream : std::uint64_t { arrival = 1, service = 2 };

/// Steady-state theory for M/M/c (Erlang C). Requires rho < 1 (std::invalid_argument otherwise).
struct MmcTheory {
  double rho = 0;     ///< server utilisation lambda / (c mu)
  double p_wait = 0;  ///< Erlang C: probability that an arrival waits
  double wq = 0;      ///< mean wait in queue: p_wait / (c mu - lambda)
  double lq = 0;      ///< mean queue length: lambda wq (Little)
  double w = 0;       ///< mean time in system: wq + 1/mu
  double l = 0;       ///< mean number in system: lambda w
};
MmcTheory erlang_c(const MmcParams& p);

/// Per-replication KPIs of MmcQueue, in kpis() order.
struct MmcResult {
  double wait_in_queue = 0;       ///< mean wait in queue of customers starting service in the window
  double utilisation = 0;         ///< time-weighted busy servers / servers
  double queue_length = 0;        ///< time-weighted mean number waiting
  double served = 0;              ///< services completed in the window
  std::uint64_t events = 0;       ///< events processed (whole replication)
  std::uint64_t fingerprint = 0;  ///< engine::Simulator::fingerprint() at the end
};

/// Optional trace for tests: arrival times of every customer (warm-up included).
struct MmcTrace {
  std::vector<double> arrival_times;
};

class MmcQueue final : public engine::ReplicationModel {
 public:
  /// KPI indices (into run_replication's out and RunResult::summary).
  enum Kpi : std::size_t { kWaitInQueue = 0, kUtilisation, kQueueLength, kServed, kKpiCount };

  /// Validates p (see validate()).
  explicit MmcQueue(const MmcParams& p);

  std::vector<engine::KpiInfo> kpis() const override;
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override;

  /// One replication with details; run_replication() reports the first four fields.
  MmcResult simulate(std::uint64_t seed, std::uint64_t replication, MmcTrace* trace = nullptr) const;

  const MmcParams& params() const noexcept { return params_; }

 private:
  MmcParams params_;
};

}  // namespace sibsim::models
