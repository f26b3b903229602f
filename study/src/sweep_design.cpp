// The design points of a sweep (grid, list, lhs, oat, sobol) and their scenario overrides.

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "sibsim/engine/design.hpp"
#include "sibsim/study/sweep_spec.hpp"
#include "sweep_values.hpp"

namespace sibsim::study {
namespace {

using detail::param_numeric;

// Builds points one parameter value at a time.
class PointBuilder {
 public:
  explicit PointBuilder(const SweepSpec& spec) : spec_(spec) {}

  // A value as written in the sweep file (or the base scenario).
  void written(std::size_t i, const std::string& text) {
    const ParamKind kind = spec_.parameters[i].kind;
    point_.values.push_back(detail::param_yaml(kind, text));
    const auto x = param_numeric(kind, text);
    point_.numeric.push_back(x ? *x : std::nan(""));
  }
  // Value j of parameter i's `values:` (null passes through as the YAML null: no value).
  void listed(std::size_t i, std::size_t j) {
    const SweepParameter& p = spec_.parameters[i];
    if (!p.is_null(j)) {
      written(i, p.values[j]);
      return;
    }
    point_.values.emplace_back("null");
    point_.numeric.push_back(std::nan(""));
  }
  // A computed value (sampled or a level of a range).
  void computed(std::size_t i, double x) {
    const ParamKind kind = spec_.parameters[i].kind;
    point_.values.push_back(detail::param_text(kind, x));
    point_.numeric.push_back(*param_numeric(kind, point_.values.back()));  // exactly what is written
  }
  void finish(std::string role, std::vector<SweepPoint>& out) {
    point_.role = std::move(role);
    out.push_back(std::move(point_));
    point_ = {};
  }

 private:
  const SweepSpec& spec_;
  SweepPoint point_;
};

std::pair<double, double> range_of(const SweepParameter& p) {
  if (!p.range) throw std::invalid_argument(fmt::format("sweep parameter '{}' has no range", p.path));
  const auto lo = param_numeric(p.kind, p.range->first), hi = param_numeric(p.kind, p.range->second);
  if (!lo || !hi || std::isnan(*lo) || std::isnan(*hi))
    throw std::invalid_argument(fmt::format("sweep parameter '{}': the range is not of its kind", p.path));
  return {*lo, *hi};
}

void grid(const SweepSpec& spec, std::vector<SweepPoint>& out) {
  std::vector<std::size_t> levels;
  for (const SweepParameter& p : spec.parameters)
    levels.push_back(p.values.empty() ? p.levels : p.values.size());
  for (const auto& idx : engine::grid_indices(levels)) {
    PointBuilder b(spec);
    for (std::size_t i = 0; i < idx.size(); ++i) {
      const SweepParameter& p = spec.parameters[i];
      if (!p.values.empty()) {
        b.listed(i, idx[i]);
      } else {
        const auto [lo, hi] = range_of(p);
        b.computed(i, detail::range_level(p.kind, lo, hi, idx[i], p.levels));
      }
    }
    b.finish("grid", out);
  }
}

void list(const SweepSpec& spec, std::vector<SweepPoint>& out) {
  const std::size_t n = spec.parameters.empty() ? 0 : spec.parameters.front().values.size();
  for (const SweepParameter& p : spec.parameters)
    if (p.values.size() != n)
      throw std::invalid_argument("list design: the parameters' value lists differ in length");
  for (std::size_t r = 0; r < n; ++r) {
    PointBuilder b(spec);
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) b.listed(i, r);
    b.finish("list", out);
  }
}

// Points from unit-cube rows, each coordinate mapped onto its parameter's range.
void from_cube(const SweepSpec& spec, const std::vector<std::vector<double>>& rows, std::size_t block,
               std::vector<SweepPoint>& out) {
  std::vector<std::pair<double, double>> ranges;
  for (const SweepParameter& p : spec.parameters) ranges.push_back(range_of(p));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    PointBuilder b(spec);
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
      b.computed(
          i, detail::sample_range(spec.parameters[i].kind, ranges[i].first, ranges[i].second, rows[r][i]));
    std::string role = "lhs";
    if (block > 0) {
      const std::size_t blk = r / block;
      role = blk == 0 ? "sobol:A" : blk == 1 ? "sobol:B" : fmt::format("sobol:AB{}", blk - 1);
    }
    b.finish(std::move(role), out);
  }
}

void oat(const SweepSpec& spec, std::vector<SweepPoint>& out) {
  const std::size_t k = spec.parameters.size();
  auto base_of = [&](std::size_t i) -> const std::string& {
    const SweepParameter& p = spec.parameters[i];
    if (!p.base_value)
      throw std::invalid_argument(fmt::format("oat design: parameter '{}' has no base value", p.path));
    return *p.base_value;
  };
  PointBuilder base(spec);
  for (std::size_t i = 0; i < k; ++i) base.written(i, base_of(i));
  base.finish("oat:base", out);
  for (std::size_t j = 0; j < k; ++j) {
    const SweepParameter& p = spec.parameters[j];
    const bool by_values = p.values.size() == 2;
    if (!by_values && !p.range)
      throw std::invalid_argument(
          fmt::format("oat design: parameter '{}' needs a range or two values", p.path));
    for (int high = 0; high < 2; ++high) {
      PointBuilder b(spec);
      for (std::size_t i = 0; i < k; ++i) {
        if (i != j) {
          b.written(i, base_of(i));
        } else if (by_values) {
          b.listed(i, static_cast<std::size_t>(high));
        } else {
          b.written(i, high ? p.range->second : p.range->first);
        }
      }
      b.finish(fmt::format("oat:{}:{}", high ? "high" : "low", p.path), out);
    }
  }
}

}  // namespace

std::vector<SweepPoint> sweep_design(const SweepSpec& spec) {
  std::vector<SweepPoint> out;
  const std::size_t k = spec.parameters.size();
  if (k == 0) throw std::invalid_argument("sweep_design: the sweep has no parameters");
  if (spec.design == "grid") {
    grid(spec, out);
  } else if (spec.design == "list") {
    list(spec, out);
  } else if (spec.design == "lhs") {
    from_cube(spec, engine::latin_hypercube(spec.points, k, spec.seed), 0, out);
  } else if (spec.design == "sobol") {
    from_cube(spec, engine::saltelli_design(spec.points, k, spec.seed).points, spec.points, out);
  } else if (spec.design == "oat") {
    oat(spec, out);
  } else {
    throw std::invalid_argument(fmt::format("sweep_design: unknown design '{}'", spec.design));
  }
  return out;
}

std::vector<Override> point_overrides(const SweepSpec& spec, const SweepPoint& point) {
  if (point.values.size() != spec.parameters.size())
    throw std::invalid_argument(fmt::format("point_overrides: the point has {} values for {} parameters",
                                            point.values.size(), spec.parameters.size()));
  std::vector<Override> out;
  out.reserve(point.values.size());
  for (std::size_t i = 0; i < point.values.size(); ++i)
    out.push_back(Override{spec.parameters[i].path, point.values[i], spec.parameters[i].where});
  return out;
}

}  // namespace sibsim::study
