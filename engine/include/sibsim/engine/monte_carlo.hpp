#pragma once
/// \file monte_carlo.hpp
/// The parallel Monte Carlo runner: N independent replications of a ReplicationModel on TBB,
/// reduced into streaming statistics in replication-index order (so results are bit-identical
/// for any thread count), optionally until a target precision is reached.
///
/// CONTRACT (used by models/, output/ and app/): names and meanings below are stable; the
/// implementation lives in engine/src/monte_carlo.cpp.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sibsim::engine {

/// KPI groups (KpiInfo::groups) that the generic workflows and reports understand; a model may
/// use other groups of its own (models/README.md "KPI groups").
inline constexpr std::string_view kGroupHeadline = "headline";   ///< key figures, shown first everywhere
inline constexpr std::string_view kGroupSteering = "steering";   ///< compare's and sweep's default KPIs
inline constexpr std::string_view kGroupTradeOff = "trade_off";  ///< always recorded by a sweep

/// Describes one per-replication output value (a KPI).
struct KpiInfo {
  KpiInfo() = default;
  /// Brace-initialisable with or without the reporting fields: {name, unit, description}.
  KpiInfo(std::string name_, std::string unit_, std::string description_, std::string label_ = {},
          std::vector<std::string> groups_ = {})
      : name(std::move(name_)),
        unit(std::move(unit_)),
        description(std::move(description_)),
        label(std::move(label_)),
        groups(std::move(groups_)) {}

  std::string name;         ///< snake_case identifier, unique within a model ("starters")
  std::string unit;         ///< "persons", "months", "EUR", "fraction", "days", ...
  std::string description;  ///< one sentence for reports and --help
  std::string label;        ///< short human name for reports ("starters"); empty: use name
  /// Groups the KPI belongs to ("headline", "steering", ...): how workflows and reports choose
  /// what to show without naming a model's KPIs (models/README.md "KPI groups").
  std::vector<std::string> groups;
};

/// What a model must provide to the runner. run_replication must be thread-safe (const, no
/// shared mutable state) and a pure function of (seed, replication).
class ReplicationModel {
 public:
  virtual ~ReplicationModel() = default;
  virtual std::vector<KpiInfo> kpis() const = 0;
  /// Fills out[k] for every KPI k (out.size() == kpis().size()). NaN means "undefined in this
  /// replication" (e.g. a dropout share with zero starters) and is excluded from statistics.
  virtual void run_replication(std::uint64_t seed, std::uint64_t replication,
                               std::span<double> out) const = 0;
};

/// Summary of one KPI over replications. NaN values are counted in n_undefined only.
struct KpiSummary {
  std::uint64_t n = 0;            ///< replications with a defined value
  std::uint64_t n_undefined = 0;  ///< replications where the KPI was NaN
  double mean = 0, sd = 0, se = 0;
  double ci_low = 0, ci_high = 0;  ///< 95 % CI of the mean (normal approximation, t for small n)
  double min = 0, max = 0;
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
  double sum = 0, sum_squares = 0;  ///< sufficient statistics, so runs can be merged exactly
};

/// Stop rule for a run to a target precision: continue in batches until the 95 % CI half-width
/// of KPI `kpi` is <= half_width, or max_replications is reached.
struct PrecisionTarget {
  std::size_t kpi = 0;
  double half_width = 0.0;
  std::uint64_t max_replications = 1'000'000;
};

struct RunOptions {
  std::uint64_t seed = 1;
  std::uint64_t replications = 1000;      ///< fixed N (or the first stage when a target is set)
  unsigned threads = 0;                   ///< 0 = all hardware threads
  std::uint64_t batch_size = 256;         ///< replications per batch (progress + stop checks)
  std::optional<PrecisionTarget> target;  ///< if set, run in batches until reached
  bool progress = false;                  ///< progress bar on stderr (only drawn on a terminal)
  /// Resume (checkpoint/restart): the rows of replications 0..R-1 of an earlier run with the same
  /// model, seed and options, row-major with kpis().size() doubles per row (R = size / KPIs).
  /// They are folded into the statistics first, in order, exactly as if they had just been run
  /// (they are NOT handed to the sink again), and the run continues at replication R, so the
  /// result is bit-identical to an uninterrupted run. R must be a batch boundary (a multiple of
  /// batch_size) or the end of the run, and at most the replication limit. Empty = start at 0.
  std::span<const double> resume_rows;
};

/// Receives per-replication rows, batch by batch, always in replication-index order, on the
/// calling thread (never inside a TBB task). rows is row-major: count rows of kpis().size().
using BatchSink =
    std::function<void(std::uint64_t first_replication, std::uint64_t count, std::span<const double> rows)>;

struct RunResult {
  std::vector<KpiInfo> kpis;
  std::vector<KpiSummary> summary;  ///< same order as kpis
  std::uint64_t replications = 0;   ///< replications actually run
  std::uint64_t seed = 0;
  unsigned threads = 0;  ///< threads actually used
  double wall_seconds = 0.0;
  bool target_reached = false;  ///< meaningful only when a PrecisionTarget was given
};

/// Runs the model. Throws std::invalid_argument on bad options (0 replications, ...).
RunResult run_monte_carlo(const ReplicationModel& model, const RunOptions& options,
                          const BatchSink& sink = {});

// --- Additions (engine/src/monte_carlo.cpp; see engine/README.md) ------------------------------

/// Upper limits that validate_run_options() enforces (larger values are almost surely typos).
inline constexpr std::uint64_t kMaxReplications = 1'000'000'000;
inline constexpr std::uint64_t kMaxBatchSize = 1'000'000;
inline constexpr unsigned kMaxThreads = 1024;

/// Throws std::invalid_argument with a message naming the option if `options` are unusable for a
/// model with `kpi_count` KPIs. run_monte_carlo() calls it first; callers may call it earlier.
void validate_run_options(const RunOptions& options, std::size_t kpi_count);

/// Thrown by run_monte_carlo() when ReplicationModel::run_replication throws. Carries the
/// replication and seed (replay it with model.run_replication(seed, replication, ...)); the
/// original exception is nested (std::rethrow_if_nested). If several replications of a batch
/// fail, the one with the lowest index is reported, so the error is thread-count independent.
class ReplicationError : public std::runtime_error {
 public:
  ReplicationError(std::uint64_t seed, std::uint64_t replication, const std::string& what);
  std::uint64_t seed() const noexcept { return seed_; }
  std::uint64_t replication() const noexcept { return replication_; }

 private:
  std::uint64_t seed_;
  std::uint64_t replication_;
};

}  // namespace sibsim::engine
