// PRIM: peeling, pasting and the restriction tests (prim.hpp).
#include "prim.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/math/distributions/hypergeometric.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace sibsim::study::prim {
namespace {

struct Data {
  std::span<const double> x;
  std::size_t inputs;
  std::span<const std::uint8_t> cases;
  std::size_t total_cases = 0;
  Box limits;

  [[nodiscard]] std::size_t rows() const { return cases.size(); }
  [[nodiscard]] double at(std::size_t row, std::size_t j) const { return x[row * inputs + j]; }
  [[nodiscard]] bool inside(std::size_t row, const Box& b) const {
    for (std::size_t j = 0; j < inputs; ++j)
      if (at(row, j) < b.lo[j] || at(row, j) > b.hi[j]) return false;
    return true;
  }
  // Inside on every input but `skip`.
  [[nodiscard]] bool inside_but(std::size_t row, const Box& b, std::size_t skip) const {
    for (std::size_t j = 0; j < inputs; ++j)
      if (j != skip && (at(row, j) < b.lo[j] || at(row, j) > b.hi[j])) return false;
    return true;
  }
  [[nodiscard]] std::vector<std::size_t> members(const Box& b) const {
    std::vector<std::size_t> out;
    for (std::size_t r = 0; r < rows(); ++r)
      if (inside(r, b)) out.push_back(r);
    return out;
  }
  [[nodiscard]] std::size_t count_cases(std::span<const std::size_t> idx) const {
    std::size_t c = 0;
    for (const auto r : idx) c += cases[r] != 0 ? 1U : 0U;
    return c;
  }
  [[nodiscard]] BoxStats stats(const Box& b) const {
    const auto idx = members(b);
    BoxStats s;
    s.rows = idx.size();
    s.cases = count_cases(idx);
    s.coverage = total_cases > 0 ? static_cast<double>(s.cases) / static_cast<double>(total_cases) : 0.0;
    s.density = s.rows > 0 ? static_cast<double>(s.cases) / static_cast<double>(s.rows) : 0.0;
    s.mass = static_cast<double>(s.rows) / static_cast<double>(rows());
    for (std::size_t j = 0; j < inputs; ++j)
      if (b.lo[j] > limits.lo[j] || b.hi[j] < limits.hi[j]) ++s.restricted;
    return s;
  }
};

// Rows removed or added by one peel or paste: at least one, else alpha of the box's rows.
std::size_t step_rows(double alpha, std::size_t box_rows) {
  return std::max<std::size_t>(1,
                               static_cast<std::size_t>(std::floor(alpha * static_cast<double>(box_rows))));
}

struct Move {
  double objective = -std::numeric_limits<double>::infinity();
  Box box;
  std::vector<std::size_t> idx;
};

// The best single peel of the box holding rows `idx`, or nullopt when none keeps mass_min.
std::optional<Move> best_peel(const Data& d, const Box& box, const std::vector<std::size_t>& idx,
                              const Options& o) {
  const auto m = idx.size();
  const double density = static_cast<double>(d.count_cases(idx)) / static_cast<double>(m);
  const auto min_rows = static_cast<std::size_t>(std::ceil(o.mass_min * static_cast<double>(d.rows())));
  const std::size_t k = step_rows(o.alpha, m);
  std::optional<Move> best;
  std::vector<double> v(m);
  for (std::size_t j = 0; j < d.inputs; ++j) {
    for (std::size_t i = 0; i < m; ++i) v[i] = d.at(idx[i], j);
    std::sort(v.begin(), v.end());
    for (const bool lower : {true, false}) {
      // Ties at the cut go with it, so an integer input peels whole values.
      const double cut = lower ? v[k - 1] : v[m - k];
      Move mv;
      mv.box = box;
      for (const auto r : idx) {
        const double x = d.at(r, j);
        if (lower ? x > cut : x < cut) mv.idx.push_back(r);
      }
      if (mv.idx.empty() || mv.idx.size() < min_rows) continue;
      double edge =
          lower ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
      for (const auto r : mv.idx) edge = lower ? std::min(edge, d.at(r, j)) : std::max(edge, d.at(r, j));
      (lower ? mv.box.lo[j] : mv.box.hi[j]) = edge;
      const double new_density =
          static_cast<double>(d.count_cases(mv.idx)) / static_cast<double>(mv.idx.size());
      mv.objective = (new_density - density) / static_cast<double>(m - mv.idx.size());
      if (!best || mv.objective > best->objective) best = std::move(mv);
    }
  }
  return best;
}

// The best single paste of `box` (widening one restricted side to take in about alpha of its rows
// more), or nullopt when there is nothing outside to take in.
std::optional<Move> best_paste(const Data& d, const Box& box, const std::vector<std::size_t>& idx,
                               const Options& o) {
  const double density = static_cast<double>(d.count_cases(idx)) / static_cast<double>(idx.size());
  const std::size_t k = step_rows(o.alpha, idx.size());
  std::optional<Move> best;
  for (std::size_t j = 0; j < d.inputs; ++j) {
    for (const bool lower : {true, false}) {
      if (lower ? box.lo[j] <= d.limits.lo[j] : box.hi[j] >= d.limits.hi[j]) continue;
      std::vector<double> outside;  // values beyond this side of rows inside on every other input
      for (std::size_t r = 0; r < d.rows(); ++r) {
        if (!d.inside_but(r, box, j)) continue;
        const double x = d.at(r, j);
        if (lower ? x < box.lo[j] : x > box.hi[j]) outside.push_back(x);
      }
      if (outside.empty()) continue;
      std::sort(outside.begin(), outside.end());
      const std::size_t take = std::min(k, outside.size());
      Move mv;
      mv.box = box;
      (lower ? mv.box.lo[j] : mv.box.hi[j]) = lower ? outside[outside.size() - take] : outside[take - 1];
      mv.idx = d.members(mv.box);
      const double new_density =
          static_cast<double>(d.count_cases(mv.idx)) / static_cast<double>(mv.idx.size());
      mv.objective = (new_density - density) / static_cast<double>(mv.idx.size() - idx.size());
      if (!best || mv.objective > best->objective) best = std::move(mv);
    }
  }
  return best;
}

bool restricted(const Data& d, const Box& b, std::size_t j) {
  return b.lo[j] > d.limits.lo[j] || b.hi[j] < d.limits.hi[j];
}

// The p-value of restriction j of `box`: are the box's cases more than a draw of its rows from the
// box without that restriction would give?
double restriction_p(const Data& d, const Box& box, std::size_t j, double* density_without) {
  Box wider = box;
  wider.lo[j] = d.limits.lo[j];
  wider.hi[j] = d.limits.hi[j];
  const auto in = d.members(box);
  const auto out = d.members(wider);
  const std::size_t hits = d.count_cases(in);
  const std::size_t successes = d.count_cases(out);
  *density_without = static_cast<double>(successes) / static_cast<double>(out.size());
  return hypergeometric_upper_p(hits, in.size(), successes, out.size());
}

void check(std::span<const double> x, std::size_t inputs, std::span<const std::uint8_t> cases,
           const Options& o) {
  if (inputs == 0) throw std::invalid_argument("PRIM needs at least one input");
  if (cases.empty()) throw std::invalid_argument("PRIM needs at least one row");
  if (x.size() != cases.size() * inputs)
    throw std::invalid_argument(
        fmt::format("PRIM: {} values for {} rows of {} inputs", x.size(), cases.size(), inputs));
  if (!std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); }))
    throw std::invalid_argument("PRIM: every input value must be a finite number");
  if (!(o.alpha > 0 && o.alpha < 0.5)) throw std::invalid_argument("PRIM: alpha must lie in (0, 0.5)");
  if (!(o.mass_min > 0 && o.mass_min < 1)) throw std::invalid_argument("PRIM: mass_min must lie in (0, 1)");
  if (!(o.coverage_min >= 0 && o.coverage_min <= 1))
    throw std::invalid_argument("PRIM: coverage_min must lie in [0, 1]");
  if (!(o.significance > 0 && o.significance <= 1))
    throw std::invalid_argument("PRIM: the significance level must lie in (0, 1]");
}

}  // namespace

double hypergeometric_upper_p(std::size_t hits, std::size_t draws, std::size_t successes,
                              std::size_t population) {
  if (draws > population || successes > population)
    throw std::invalid_argument("hypergeometric_upper_p: more draws or successes than the population");
  const std::size_t smallest = draws + successes > population ? draws + successes - population : 0;
  if (hits <= smallest) return 1.0;
  if (hits > std::min(draws, successes)) return 0.0;
  if (population > std::numeric_limits<unsigned>::max())
    throw std::invalid_argument("hypergeometric_upper_p: population too large");
  const boost::math::hypergeometric_distribution<double> dist(
      static_cast<unsigned>(successes), static_cast<unsigned>(draws), static_cast<unsigned>(population));
  return boost::math::cdf(boost::math::complement(dist, static_cast<unsigned>(hits - 1)));
}

BoxStats box_stats(std::span<const double> x, std::size_t inputs, std::span<const std::uint8_t> cases,
                   const Box& box, const Box& data) {
  Data d{x, inputs, cases, 0, data};
  for (const auto c : cases) d.total_cases += c != 0 ? 1U : 0U;
  return d.stats(box);
}

Result discover(std::span<const double> x, std::size_t inputs, std::span<const std::uint8_t> cases,
                const Options& o) {
  check(x, inputs, cases, o);
  Data d{x, inputs, cases, 0, {}};
  for (const auto c : cases) d.total_cases += c != 0 ? 1U : 0U;
  if (d.total_cases == 0) throw std::invalid_argument("PRIM: no row is a case of interest");
  if (d.total_cases == d.rows()) throw std::invalid_argument("PRIM: every row is a case of interest");
  d.limits.lo.assign(inputs, std::numeric_limits<double>::infinity());
  d.limits.hi.assign(inputs, -std::numeric_limits<double>::infinity());
  for (std::size_t r = 0; r < d.rows(); ++r) {
    for (std::size_t j = 0; j < inputs; ++j) {
      d.limits.lo[j] = std::min(d.limits.lo[j], d.at(r, j));
      d.limits.hi[j] = std::max(d.limits.hi[j], d.at(r, j));
    }
  }

  Result res;
  res.rows = d.rows();
  res.cases = d.total_cases;
  res.data = d.limits;
  // Peeling: the trajectory.
  Box box = d.limits;
  auto idx = d.members(box);
  res.trajectory.push_back({box, d.stats(box)});
  while (res.trajectory.back().stats.density < 1.0) {
    auto mv = best_peel(d, box, idx, o);
    if (!mv || mv->objective <= 0) break;
    box = std::move(mv->box);
    idx = std::move(mv->idx);
    res.trajectory.push_back({box, d.stats(box)});
  }

  // The chosen step: as asked, else the box with the largest coverage x density among those
  // covering coverage_min of the cases. The densest box alone would keep peeling on noise: late
  // peels raise the density a little by chance while the coverage falls fast.
  if (o.box) {
    if (*o.box >= res.trajectory.size())
      throw std::invalid_argument(
          fmt::format("PRIM: there is no box {}; the peeling trajectory has boxes 0 to {}", *o.box,
                      res.trajectory.size() - 1));
    res.chosen = *o.box;
  } else {
    const auto score = [](const BoxStats& st) { return st.coverage * st.density; };
    for (std::size_t s = 0; s < res.trajectory.size(); ++s) {
      const auto& st = res.trajectory[s].stats;
      if (st.coverage >= o.coverage_min && score(st) > score(res.trajectory[res.chosen].stats))
        res.chosen = s;
    }
  }

  // Pasting: widen the chosen box while that raises its density.
  box = res.trajectory[res.chosen].box;
  idx = d.members(box);
  for (;;) {
    auto mv = best_paste(d, box, idx, o);
    if (!mv || mv->objective <= 0) break;
    box = std::move(mv->box);
    idx = std::move(mv->idx);
  }
  res.pasted = {box, d.stats(box)};

  // Tests: drop the least significant restriction while one is above the level, test the rest again.
  for (std::size_t j = 0; j < inputs; ++j) {
    if (!restricted(d, box, j)) continue;
    res.restrictions.push_back(
        {j, box.lo[j], box.hi[j], box.lo[j] > d.limits.lo[j], box.hi[j] < d.limits.hi[j], 1.0, 0.0, true});
  }
  for (;;) {
    Restriction* worst = nullptr;
    for (auto& r : res.restrictions) {
      if (!r.kept) continue;
      r.p_value = restriction_p(d, box, r.input, &r.density_without);
      if (r.p_value > o.significance && (worst == nullptr || r.p_value > worst->p_value)) worst = &r;
    }
    if (worst == nullptr) break;
    worst->kept = false;
    box.lo[worst->input] = d.limits.lo[worst->input];
    box.hi[worst->input] = d.limits.hi[worst->input];
  }
  res.final = {box, d.stats(box)};
  return res;
}

}  // namespace sibsim::study::prim
