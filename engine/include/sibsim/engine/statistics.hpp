#pragma once
/// \file statistics.hpp
/// Streaming statistics over replications: mergeable moments (Welford / Chan), confidence
/// intervals (Student t), and quantiles whose memory is bounded in the number of values.
///
/// Everything here is deterministic: the same values added in the same order give bit-identical
/// results. NaN means "undefined in this replication": it is counted, never used.

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"

namespace sibsim::engine {

/// Quantile of Student's t distribution with df degrees of freedom (df > 0, 0 < p < 1);
/// Boost.Math's algorithm. Tends to the normal quantile as df grows.
double student_t_quantile(double p, double df);

/// Count, mean, variance, min, max and the sufficient statistics (sum, sum of squares).
/// Mean and variance use Welford's update; merge() uses Chan et al.'s pairwise formula, so a
/// merge of two halves equals one pass up to rounding (not bit for bit).
class RunningStats {
 public:
  /// Adds one value; NaN is counted in n_undefined() and otherwise ignored.
  void add(double x) noexcept {
    if (std::isnan(x)) {
      ++n_undefined_;
      return;
    }
    ++n_;
    const double delta = x - mean_;
    mean_ += delta / static_cast<double>(n_);
    m2_ += delta * (x - mean_);
    sum_ += x;
    sum_squares_ += x * x;
    if (n_ == 1 || x < min_) min_ = x;
    if (n_ == 1 || x > max_) max_ = x;
  }
  /// Combines with statistics of other values (as if they had been added after these).
  void merge(const RunningStats& other) noexcept;

  std::uint64_t count() const noexcept { return n_; }
  std::uint64_t n_undefined() const noexcept { return n_undefined_; }
  double mean() const noexcept;      ///< NaN if count() == 0
  double variance() const noexcept;  ///< sample variance (n - 1); NaN if count() < 2
  double sd() const noexcept;        ///< sqrt(variance())
  double se() const noexcept;        ///< standard error of the mean, sd / sqrt(n)
  double min() const noexcept;       ///< NaN if count() == 0
  double max() const noexcept;       ///< NaN if count() == 0
  double sum() const noexcept { return sum_; }
  double sum_squares() const noexcept { return sum_squares_; }
  /// Half-width of the two-sided CI of the mean at `level` (t quantile with n - 1 df); NaN if
  /// count() < 2. Zero variance gives 0.
  double ci_half_width(double level = 0.95) const;

 private:
  std::uint64_t n_ = 0;
  std::uint64_t n_undefined_ = 0;
  double mean_ = 0.0, m2_ = 0.0;
  double sum_ = 0.0, sum_squares_ = 0.0;
  double min_ = 0.0, max_ = 0.0;
};

/// Quantiles of a stream of values in fixed memory.
///
/// * Up to exact_capacity values (default 4096) every value is kept and quantile() is exact:
///   linear interpolation between order statistics at rank p * (n - 1) (Hyndman-Fan type 7, the
///   default of R and NumPy).
/// * Beyond that the values are summarised by a deterministic KLL compactor sketch (Karnin, Lang
///   & Liberty 2016) with top-level width k (default 1024): level h holds values of weight 2^h,
///   each level is 2/3 as wide as the one above (at least 8); a level over its width is sorted
///   and every second value moves up a level, starting at an offset that alternates 0,1,0,1,...
///   per level instead of a coin flip, so the result is a pure function of the input order.
///   quantile() returns the retained value covering weighted rank floor(p * (n - 1)). The rank
///   error measured in tests/engine/statistics_test.cpp is about 0.1 % (bound asserted: 1 %).
///
/// Memory: one array of max(exact_capacity, ~3.4 k) + 1 doubles (32 KiB by default), allocated
/// and committed (zero-filled) at construction; add() never allocates, whatever the number of
/// values, so heap and resident memory do not depend on the count. Levels are stored top level
/// first in that array, so compaction is in place. merge() may allocate.
class QuantileSketch {
 public:
  static constexpr std::size_t kDefaultExactCapacity = 4096;
  static constexpr std::size_t kDefaultK = 1024;

  /// 16 <= k <= 2^24; throws std::invalid_argument otherwise.
  explicit QuantileSketch(std::size_t exact_capacity = kDefaultExactCapacity, std::size_t k = kDefaultK);
  /// Copies keep the fixed-size array (a plain vector copy would shrink it to the values held).
  QuantileSketch(const QuantileSketch& other);
  QuantileSketch& operator=(const QuantileSketch& other);
  QuantileSketch(QuantileSketch&&) noexcept = default;
  QuantileSketch& operator=(QuantileSketch&&) noexcept = default;
  ~QuantileSketch() = default;

  /// Adds a value; NaN is ignored (count it with RunningStats).
  void add(double x);
  /// Adds other's values (as if they came after these). Exact while the total fits in the exact
  /// buffer; otherwise level h of other is appended to level h here and the levels re-compacted.
  /// Same parameters required (std::invalid_argument otherwise).
  void merge(const QuantileSketch& other);

  /// Quantile at p in [0, 1]; NaN if no values. p outside [0,1] throws std::invalid_argument.
  double quantile(double p) const;
  /// Several quantiles with one sort: out[i] = quantile(ps[i]).
  void quantiles(std::span<const double> ps, std::span<double> out) const;

  std::uint64_t count() const noexcept { return n_; }
  /// true until the first compaction (count() <= exact_capacity).
  bool is_exact() const noexcept { return begin_.size() == 1; }
  /// Values stored now.
  std::size_t retained() const noexcept { return items_.size(); }
  /// Heap bytes reserved by the sketch (vector capacities); constant unless merge() grew it.
  std::size_t memory_bytes() const noexcept;

 private:
  static constexpr std::size_t kMaxLevels = 64;  // weights 2^h fit in 64 bits

  std::size_t levels() const noexcept { return begin_.size(); }
  std::size_t level_end(std::size_t h) const noexcept { return h == 0 ? items_.size() : begin_[h - 1]; }
  std::size_t level_capacity(std::size_t h) const noexcept { return width_[levels() - 1 - h]; }
  std::size_t total_capacity() const noexcept { return total_width_[levels()]; }
  void compress();
  void compact(std::size_t h);

  std::size_t exact_capacity_;
  std::size_t k_;
  std::size_t fixed_capacity_;  // items_ capacity needed by add(), whatever the count
  std::uint64_t n_ = 0;
  std::vector<double> items_;       // levels laid out top level first: [H-1][H-2]...[1][0]
  std::vector<std::size_t> begin_;  // begin_[h] = index of level h's first item; size = levels
  std::uint64_t odd_offset_ = 0;    // bit h: the next compaction of level h keeps odd positions
  std::array<std::uint32_t, kMaxLevels> width_{};            // level width by depth below the top
  std::array<std::uint32_t, kMaxLevels + 1> total_width_{};  // total width of the top H levels
};

/// RunningStats + QuantileSketch for one KPI, producing a KpiSummary.
class KpiAccumulator {
 public:
  explicit KpiAccumulator(std::size_t exact_capacity = QuantileSketch::kDefaultExactCapacity,
                          std::size_t k = QuantileSketch::kDefaultK)
      : quantiles_(exact_capacity, k) {}
  void add(double x) {
    stats_.add(x);
    if (!std::isnan(x)) quantiles_.add(x);
  }
  void merge(const KpiAccumulator& other);
  const RunningStats& stats() const noexcept { return stats_; }
  const QuantileSketch& quantiles() const noexcept { return quantiles_; }
  /// n, n_undefined, mean, sd, se, 95 % CI (t quantile, n - 1 df), min, max, p5..p95, sum,
  /// sum of squares. With n == 0 every double is NaN (sum and sum_squares are 0); with n == 1 sd,
  /// se and the CI are NaN.
  KpiSummary summary() const;

 private:
  RunningStats stats_;
  QuantileSketch quantiles_;
};

/// One-pass convenience: summary of values in order.
KpiSummary summarize(std::span<const double> values);

}  // namespace sibsim::engine
