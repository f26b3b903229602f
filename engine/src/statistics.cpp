#include "sibsim/engine/statistics.hpp"

#include <algorithm>
#include <array>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace sibsim::engine {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMinLevelWidth = 8;  // KLL's m: the smallest width of a low level
}  // namespace

double student_t_quantile(double p, double df) {
  if (!(p > 0.0 && p < 1.0) || !(df > 0.0)) {
    std::ostringstream msg;
    msg << "student_t_quantile: need 0 < p < 1 and df > 0, got p=" << p << ", df=" << df;
    throw std::invalid_argument(msg.str());
  }
  const boost::math::students_t_distribution<double> t(df);
  return boost::math::quantile(t, p);
}

// ---------------------------------------------------------------------------------------------
// RunningStats

void RunningStats::merge(const RunningStats& other) noexcept {
  n_undefined_ += other.n_undefined_;
  if (other.n_ == 0) return;
  if (n_ == 0) {
    const std::uint64_t undefined = n_undefined_;
    *this = other;
    n_undefined_ = undefined;
    return;
  }
  // Chan, Golub & LeVeque (1979): combine (n, mean, M2) of two disjoint sets.
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(other.n_);
  const double n = na + nb;
  const double delta = other.mean_ - mean_;
  mean_ += delta * (nb / n);
  m2_ += other.m2_ + delta * delta * (na * nb / n);
  n_ += other.n_;
  sum_ += other.sum_;
  sum_squares_ += other.sum_squares_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double RunningStats::mean() const noexcept { return n_ == 0 ? kNaN : mean_; }
double RunningStats::variance() const noexcept {
  return n_ < 2 ? kNaN : std::max(0.0, m2_) / static_cast<double>(n_ - 1);
}
double RunningStats::sd() const noexcept { return std::sqrt(variance()); }
double RunningStats::se() const noexcept { return std::sqrt(variance() / static_cast<double>(n_)); }
double RunningStats::min() const noexcept { return n_ == 0 ? kNaN : min_; }
double RunningStats::max() const noexcept { return n_ == 0 ? kNaN : max_; }

double RunningStats::ci_half_width(double level) const {
  if (!(level > 0.0 && level < 1.0)) throw std::invalid_argument("ci_half_width: level must be in (0, 1)");
  if (n_ < 2) return kNaN;
  const double s = se();
  if (s == 0.0) return 0.0;
  return student_t_quantile(0.5 + level / 2.0, static_cast<double>(n_ - 1)) * s;
}

// ---------------------------------------------------------------------------------------------
// QuantileSketch

namespace {
std::size_t kll_width(std::size_t k, std::size_t depth) noexcept {
  // KLL: the top level (depth 0) has width k, each level below 2/3 of the one above, at least m.
  const double width = std::ceil(static_cast<double>(k) * std::pow(2.0 / 3.0, static_cast<double>(depth)));
  return std::max(kMinLevelWidth, static_cast<std::size_t>(width));
}
}  // namespace

QuantileSketch::QuantileSketch(std::size_t exact_capacity, std::size_t k)
    : exact_capacity_(exact_capacity), k_(k) {
  if (k < 16) throw std::invalid_argument("QuantileSketch: k must be at least 16");
  // add() appends one value, then compacts while over budget, so the array never holds more than
  // the largest budget + 1: the exact capacity, or the KLL total width with all 64 levels.
  if (k > (1U << 24)) throw std::invalid_argument("QuantileSketch: k must be at most 2^24");
  for (std::size_t d = 0; d < kMaxLevels; ++d) {
    width_[d] = static_cast<std::uint32_t>(kll_width(k, d));
    total_width_[d + 1] = total_width_[d] + width_[d];
  }
  fixed_capacity_ = std::max<std::size_t>(exact_capacity, total_width_[kMaxLevels]) + 1;
  // Commit the whole array now (resize writes every page, clear keeps the capacity): resident
  // memory is then the same for 10 values or 10^9, not just the reservation.
  items_.resize(fixed_capacity_);
  items_.clear();
  begin_.reserve(kMaxLevels + 1);
  begin_.push_back(0);
}

QuantileSketch::QuantileSketch(const QuantileSketch& other)
    : exact_capacity_(other.exact_capacity_),
      k_(other.k_),
      fixed_capacity_(other.fixed_capacity_),
      n_(other.n_),
      begin_(other.begin_),
      odd_offset_(other.odd_offset_),
      width_(other.width_),
      total_width_(other.total_width_) {
  items_.resize(std::max(fixed_capacity_, other.items_.size()));
  items_.assign(other.items_.begin(), other.items_.end());
  begin_.reserve(kMaxLevels + 1);
}

QuantileSketch& QuantileSketch::operator=(const QuantileSketch& other) {
  if (this != &other) {
    QuantileSketch copy(other);
    *this = std::move(copy);
  }
  return *this;
}

std::size_t QuantileSketch::memory_bytes() const noexcept {
  return items_.capacity() * sizeof(double) + begin_.capacity() * sizeof(std::size_t);
}

void QuantileSketch::add(double x) {
  if (std::isnan(x)) return;
  ++n_;
  items_.push_back(x);  // level 0 is last in the array
  compress();
}

void QuantileSketch::compress() {
  if (is_exact()) {
    if (items_.size() <= exact_capacity_) return;
    compact(0);  // leave exact mode: the single level becomes level 0 of the sketch
  }
  // While over budget, compact the lowest level that is at or over its width. Such a level exists
  // whenever the total is over the total width (pigeonhole).
  while (items_.size() > total_capacity()) {
    std::size_t h = 0;
    while (level_end(h) - begin_[h] < level_capacity(h)) ++h;
    compact(h);
  }
}

void QuantileSketch::compact(std::size_t h) {
  if (h + 1 == levels()) begin_.push_back(0);  // a new, empty top level in front of the array
  const std::size_t s = begin_[h];
  const std::size_t e = level_end(h);
  const auto first_it = items_.begin() + static_cast<std::ptrdiff_t>(s);
  std::sort(first_it, items_.begin() + static_cast<std::ptrdiff_t>(e));
  // An odd count leaves its smallest value behind at level h (it keeps its weight, so the total
  // weight stays exactly n); the rest pair up and one value of each pair moves up.
  const std::size_t first = (e - s) % 2;
  const double leftover = items_[s];
  const std::size_t offset = (odd_offset_ >> h) & 1U;
  odd_offset_ ^= std::uint64_t{1} << h;
  const std::size_t m = (e - s - first) / 2;
  // Level h + 1 ends where level h begins, so the promoted values are written in place at
  // s, s+1, ... (each read index s + first + offset + 2j is >= its write index s + j).
  for (std::size_t j = 0; j < m; ++j) items_[s + j] = items_[s + first + offset + 2 * j];
  if (first == 1) items_[s + m] = leftover;
  items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(s + m + first),
               items_.begin() + static_cast<std::ptrdiff_t>(e));
  const std::size_t removed = (e - s) - (m + first);
  begin_[h] = s + m;
  for (std::size_t l = 0; l < h; ++l) begin_[l] -= removed;
}

void QuantileSketch::merge(const QuantileSketch& other) {
  if (other.exact_capacity_ != exact_capacity_ || other.k_ != k_)
    throw std::invalid_argument("QuantileSketch::merge: sketches have different parameters");
  if (other.n_ == 0) return;
  if (&other == this) {  // self-merge: read from a copy, not from the array being modified
    // NOLINTNEXTLINE(performance-unnecessary-copy-initialization): `other` is *this, which changes
    const QuantileSketch copy(other);
    merge(copy);
    return;
  }
  // Append other's level h at the end of level h here (level 0 of an exact sketch is its values).
  while (levels() < other.levels()) begin_.push_back(0);
  for (std::size_t h = other.levels(); h-- > 0;) {
    const auto src_begin = other.items_.begin() + static_cast<std::ptrdiff_t>(other.begin_[h]);
    const auto src_end = other.items_.begin() + static_cast<std::ptrdiff_t>(other.level_end(h));
    const auto count = static_cast<std::size_t>(src_end - src_begin);
    items_.insert(items_.begin() + static_cast<std::ptrdiff_t>(level_end(h)), src_begin, src_end);
    for (std::size_t l = 0; l < h; ++l) begin_[l] += count;
  }
  n_ += other.n_;
  compress();
  if (items_.capacity() > fixed_capacity_) {  // give back what the concatenation needed
    std::vector<double> packed(fixed_capacity_);
    packed.assign(items_.begin(), items_.end());
    items_.swap(packed);
  }
}

void QuantileSketch::quantiles(std::span<const double> ps, std::span<double> out) const {
  if (out.size() != ps.size()) throw std::invalid_argument("QuantileSketch::quantiles: size mismatch");
  for (double p : ps)
    if (!(p >= 0.0 && p <= 1.0)) {
      std::ostringstream msg;
      msg << "QuantileSketch: probability " << p << " is outside [0, 1]";
      throw std::invalid_argument(msg.str());
    }
  if (n_ == 0) {
    std::fill(out.begin(), out.end(), kNaN);
    return;
  }
  const double last_rank = static_cast<double>(n_ - 1);
  // One scratch copy, always sized for the fixed capacity, so a summary needs the same memory
  // whatever the count. Each level is sorted in the copy.
  std::vector<double> sorted(std::max(fixed_capacity_, items_.size()));
  std::copy(items_.begin(), items_.end(), sorted.begin());
  sorted.resize(items_.size());
  for (std::size_t h = 0; h < levels(); ++h)
    std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(begin_[h]),
              sorted.begin() + static_cast<std::ptrdiff_t>(level_end(h)));
  if (is_exact()) {
    // Exact: type 7, linear interpolation between the order statistics around p * (n - 1).
    for (std::size_t i = 0; i < ps.size(); ++i) {
      const double h = ps[i] * last_rank;
      const double lo = std::floor(h);
      const auto j = static_cast<std::size_t>(lo);
      const double frac = h - lo;
      out[i] = (frac == 0.0 || j + 1 >= sorted.size()) ? sorted[j]
                                                       : sorted[j] + frac * (sorted[j + 1] - sorted[j]);
    }
    return;
  }
  // Sketch: weighted order statistics, by merging the sorted levels (weight 2^h each): the
  // retained value covering 0-based rank floor(p (n - 1)). Equal values: lower level first.
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const auto rank = static_cast<std::uint64_t>(std::floor(ps[i] * last_rank));
    std::array<std::size_t, kMaxLevels + 1> cursor{};
    for (std::size_t h = 0; h < levels(); ++h) cursor[h] = begin_[h];
    std::uint64_t cumulative = 0;
    out[i] = kNaN;
    for (;;) {
      std::size_t best = levels();
      for (std::size_t h = 0; h < levels(); ++h)
        if (cursor[h] < level_end(h) && (best == levels() || sorted[cursor[h]] < sorted[cursor[best]]))
          best = h;
      if (best == levels()) break;  // not reached: the weights sum to n > rank
      out[i] = sorted[cursor[best]++];
      cumulative += std::uint64_t{1} << best;
      if (cumulative > rank) break;
    }
  }
}

double QuantileSketch::quantile(double p) const {
  double out = kNaN;
  quantiles(std::span<const double>(&p, 1), std::span<double>(&out, 1));
  return out;
}

// ---------------------------------------------------------------------------------------------
// KpiAccumulator

void KpiAccumulator::merge(const KpiAccumulator& other) {
  stats_.merge(other.stats_);
  quantiles_.merge(other.quantiles_);
}

KpiSummary KpiAccumulator::summary() const {
  KpiSummary s;
  s.n = stats_.count();
  s.n_undefined = stats_.n_undefined();
  s.mean = stats_.mean();
  s.sd = stats_.sd();
  s.se = stats_.se();
  const double half = stats_.ci_half_width(0.95);
  s.ci_low = s.mean - half;
  s.ci_high = s.mean + half;
  s.min = stats_.min();
  s.max = stats_.max();
  static constexpr std::array<double, 5> kProbabilities{0.05, 0.25, 0.50, 0.75, 0.95};
  std::array<double, 5> q{};
  quantiles_.quantiles(kProbabilities, q);
  s.p5 = q[0];
  s.p25 = q[1];
  s.p50 = q[2];
  s.p75 = q[3];
  s.p95 = q[4];
  s.sum = stats_.sum();
  s.sum_squares = stats_.sum_squares();
  return s;
}

KpiSummary summarize(std::span<const double> values) {
  KpiAccumulator acc;
  for (double v : values) acc.add(v);
  return acc.summary();
}

}  // namespace sibsim::engine
