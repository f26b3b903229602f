// Experimental designs (grid, Latin hypercube, Saltelli) and the Sobol index estimators.

#include "sibsim/engine/design.hpp"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "sibsim/engine/rng.hpp"

namespace sibsim::engine {
namespace {

RandomStream design_stream(std::uint64_t seed, std::uint64_t entity, DesignStream purpose) {
  return RandomStream(seed, kDesignReplication, entity, static_cast<std::uint64_t>(purpose));
}

// The largest double below 1: keeps (stratum + u) / n inside (0,1) after rounding.
constexpr double kBelowOne = 1.0 - 0x1.0p-53;

// Percentile p of `v` (sorted in place), linear interpolation between order statistics
// (Hyndman & Fan type 7). NaN for an empty vector.
double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// The blocks of y, by row: A(r), B(r), AB_i(r) for i = 0..k-1.
struct Blocks {
  std::span<const double> y;
  std::size_t n, k;
  double a(std::size_t r) const { return y[r]; }
  double b(std::size_t r) const { return y[n + r]; }
  double ab(std::size_t i, std::size_t r) const { return y[(2 + i) * n + r]; }
};

// Point estimates of S_i and ST_i over the given rows (each row of A, B, AB_i together).
// Writes k values to `first` and `total`; NaN when f_A and f_B do not vary.
template <class Rows>
void estimate(const Blocks& y, const Rows& rows, std::size_t m, std::span<double> first,
              std::span<double> total) {
  double sum = 0, lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t r = rows(j);
    sum += y.a(r) + y.b(r);
    lo = std::min({lo, y.a(r), y.b(r)});
    hi = std::max({hi, y.a(r), y.b(r)});
  }
  const double mean = sum / (2.0 * static_cast<double>(m));
  double ss = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t r = rows(j);
    ss += (y.a(r) - mean) * (y.a(r) - mean) + (y.b(r) - mean) * (y.b(r) - mean);
  }
  const double var = ss / (2.0 * static_cast<double>(m));
  for (std::size_t i = 0; i < y.k; ++i) {
    if (!(hi > lo) || !(var > 0)) {
      first[i] = total[i] = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    double v = 0, e = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t r = rows(j);
      const double d = y.ab(i, r) - y.a(r);
      v += (y.b(r) - mean) * d;
      e += d * d;
    }
    first[i] = v / static_cast<double>(m) / var;
    total[i] = e / (2.0 * static_cast<double>(m)) / var;
  }
}

std::string block_name(std::size_t block) {
  if (block == 0) return "A";
  if (block == 1) return "B";
  return "AB_" + std::to_string(block - 1);
}

}  // namespace

std::vector<std::vector<std::size_t>> grid_indices(std::span<const std::size_t> levels) {
  std::size_t total = 1;
  for (std::size_t l : levels) {
    if (l != 0 && total > std::numeric_limits<std::size_t>::max() / l)
      throw std::length_error("grid_indices: the number of grid points overflows");
    total *= l;
  }
  std::vector<std::vector<std::size_t>> out;
  out.reserve(total);
  std::vector<std::size_t> idx(levels.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    out.push_back(idx);
    for (std::size_t f = levels.size(); f-- > 0;) {  // odometer: the last factor turns fastest
      if (++idx[f] < levels[f]) break;
      idx[f] = 0;
    }
  }
  return out;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed) {
  if (n == 0 || k == 0) throw std::invalid_argument("latin_hypercube: n and k must be at least 1");
  std::vector<std::vector<double>> out(n, std::vector<double>(k));
  std::vector<std::size_t> perm(n);
  for (std::size_t j = 0; j < k; ++j) {
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    RandomStream order = design_stream(seed, j, DesignStream::lhs_permutation);
    for (std::size_t i = n; i-- > 1;) {  // Fisher-Yates
      const auto s = static_cast<std::size_t>(order.uniform_int(0, static_cast<std::int64_t>(i)));
      std::swap(perm[i], perm[s]);
    }
    RandomStream position = design_stream(seed, j, DesignStream::lhs_position);
    for (std::size_t i = 0; i < n; ++i) {
      const double x = (static_cast<double>(perm[i]) + position.uniform()) / static_cast<double>(n);
      out[i][j] = std::min(x, kBelowOne);
    }
  }
  return out;
}

SaltelliDesign saltelli_design(std::size_t n, std::size_t k, std::uint64_t seed) {
  using Engine = boost::random::sobol_engine<std::uint32_t, 32>;
  constexpr std::size_t kMaxDims = boost::random::default_sobol_table::max_dimension;
  if (n < 2) throw std::invalid_argument("saltelli_design: the base sample size n must be at least 2");
  if (k == 0) throw std::invalid_argument("saltelli_design: k must be at least 1");
  if (2 * k > kMaxDims)
    throw std::invalid_argument("saltelli_design: at most " + std::to_string(kMaxDims / 2) +
                                " factors (the Sobol table has " + std::to_string(kMaxDims) + " dimensions)");
  if (n >= (std::size_t{1} << 32)) throw std::invalid_argument("saltelli_design: n must be below 2^32");
  if (n > std::numeric_limits<std::size_t>::max() / (k + 2))
    throw std::invalid_argument("saltelli_design: n(k+2) overflows");

  const std::size_t dims = 2 * k;
  std::vector<std::uint32_t> shift(dims);
  for (std::size_t j = 0; j < dims; ++j)
    shift[j] = static_cast<std::uint32_t>(design_stream(seed, j, DesignStream::saltelli_shift)() >> 32);

  // Row r of [A | B]: Sobol point r (point 0 is the origin; Boost's engine starts at point 1).
  std::vector<std::vector<double>> base(n, std::vector<double>(dims));
  Engine sobol(dims);
  for (std::size_t r = 0; r < n; ++r)
    for (std::size_t j = 0; j < dims; ++j) {
      const std::uint32_t x = r == 0 ? 0u : static_cast<std::uint32_t>(sobol());
      base[r][j] = (static_cast<double>(x ^ shift[j]) + 0.5) * 0x1.0p-32;
    }

  SaltelliDesign d;
  d.n = n;
  d.k = k;
  d.points.reserve(n * (k + 2));
  const auto kk = static_cast<std::ptrdiff_t>(k);
  for (std::size_t r = 0; r < n; ++r) d.points.emplace_back(base[r].begin(), base[r].begin() + kk);
  for (std::size_t r = 0; r < n; ++r) d.points.emplace_back(base[r].begin() + kk, base[r].end());
  for (std::size_t i = 0; i < k; ++i)
    for (std::size_t r = 0; r < n; ++r) {
      std::vector<double> p(base[r].begin(), base[r].begin() + kk);
      p[i] = base[r][k + i];
      d.points.push_back(std::move(p));
    }
  return d;
}

std::vector<SobolIndex> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k,
                                      std::size_t bootstrap, std::uint64_t seed) {
  if (n < 2) throw std::invalid_argument("sobol_indices: the base sample size n must be at least 2");
  if (k == 0) throw std::invalid_argument("sobol_indices: k must be at least 1");
  if (y.size() / (k + 2) != n || y.size() % (k + 2) != 0)
    throw std::invalid_argument("sobol_indices: expected n(k+2) = " + std::to_string(n * (k + 2)) +
                                " outputs, got " + std::to_string(y.size()));
  for (std::size_t row = 0; row < y.size(); ++row)
    if (!std::isfinite(y[row]))
      throw std::invalid_argument("sobol_indices: output row " + std::to_string(row) + " (row " +
                                  std::to_string(row % n) + " of block " + block_name(row / n) + ") is " +
                                  (std::isnan(y[row]) ? "NaN" : "infinite") +
                                  "; every design point needs a finite output");

  const Blocks blocks{y, n, k};
  std::vector<double> first(k), total(k);
  estimate(
      blocks, [](std::size_t j) { return j; }, n, first, total);

  std::vector<std::vector<double>> boot_first(k), boot_total(k);
  for (std::size_t i = 0; i < k; ++i) {
    boot_first[i].reserve(bootstrap);
    boot_total[i].reserve(bootstrap);
  }
  std::vector<std::size_t> rows(n);
  std::vector<double> f(k), t(k);
  for (std::size_t b = 0; b < bootstrap; ++b) {
    RandomStream draw = design_stream(seed, b, DesignStream::sobol_bootstrap);
    for (std::size_t& r : rows)
      r = static_cast<std::size_t>(draw.uniform_int(0, static_cast<std::int64_t>(n - 1)));
    estimate(
        blocks, [&rows](std::size_t j) { return rows[j]; }, n, f, t);
    for (std::size_t i = 0; i < k; ++i) {  // a resample without variance has no index
      if (std::isfinite(f[i])) boot_first[i].push_back(f[i]);
      if (std::isfinite(t[i])) boot_total[i].push_back(t[i]);
    }
  }

  std::vector<SobolIndex> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    SobolIndex& s = out[i];
    s.first = first[i];
    s.total = total[i];
    const bool defined = std::isfinite(first[i]);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s.first_low = defined ? percentile(boot_first[i], 0.025) : nan;
    s.first_high = defined ? percentile(boot_first[i], 0.975) : nan;
    s.total_low = defined ? percentile(boot_total[i], 0.025) : nan;
    s.total_high = defined ? percentile(boot_total[i], 0.975) : nan;
  }
  return out;
}

}  // namespace sibsim::engine
