#include "sweep_tables.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sibsim/engine/design.hpp"
#include "sibsim/engine/statistics.hpp"

namespace sibsim::study {
namespace {

using output::Table;
using output::TableColumn;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TableColumn text_column(std::string name, std::string description, std::vector<std::string> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}
TableColumn real_column(std::string name, std::string unit, std::string description, std::vector<double> v) {
  return {std::move(name), std::move(unit), std::move(description), std::move(v)};
}
TableColumn count_column(std::string name, std::string description, std::vector<std::uint64_t> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}

std::optional<std::size_t> kpi_column(const SweepRows& rows, std::string_view name) {
  for (std::size_t k = 0; k < rows.kpis.size(); ++k)
    if (rows.kpis[k].name == name) return k;
  return std::nullopt;
}

/// Share of a point's replications (with a defined value) for which `pred` holds; NaN if none.
template <class Pred>
double share(const SweepRows& rows, std::size_t point, std::size_t k, Pred pred) {
  const std::size_t width = rows.kpis.size();
  std::uint64_t n = 0, hits = 0;
  for (std::uint64_t r = 0; r < rows.replications; ++r) {
    const double v = rows.rows[point][static_cast<std::size_t>(r) * width + k];
    if (std::isnan(v)) continue;
    ++n;
    hits += pred(v) ? 1U : 0U;
  }
  return n == 0 ? kNaN : static_cast<double>(hits) / static_cast<double>(n);
}

}  // namespace

engine::KpiSummary SweepRows::summary(std::size_t point, std::size_t k) const {
  const std::size_t width = kpis.size();
  std::vector<double> column(static_cast<std::size_t>(replications));
  for (std::size_t r = 0; r < column.size(); ++r) column[r] = rows[point][r * width + k];
  return engine::summarize(column);
}

Table design_table(const SweepSpec& spec, const std::vector<SweepPoint>& points) {
  Table t;
  t.description = "One row per design point: the values of the swept parameters (by key path)";
  std::vector<std::uint64_t> index(points.size());
  std::vector<std::string> roles(points.size());
  for (std::size_t p = 0; p < points.size(); ++p) {
    index[p] = p;
    roles[p] = points[p].role;
  }
  t.columns.push_back(count_column("point", "design point index (row of /outcomes)", std::move(index)));
  t.columns.push_back(
      text_column("role", "the point's part in the design (grid, lhs, sobol:AB2, oat:low:<path>, ...)",
                  std::move(roles)));
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    const SweepParameter& par = spec.parameters[j];
    const std::string description = std::string(param_kind_name(par.kind)) + " parameter " + par.path;
    switch (par.kind) {
      case ParamKind::number:
      case ParamKind::integer: {
        std::vector<double> v(points.size());
        for (std::size_t p = 0; p < points.size(); ++p) v[p] = points[p].numeric[j];
        t.columns.push_back(real_column(par.path, "", description, std::move(v)));
        break;
      }
      case ParamKind::boolean: {
        std::vector<std::uint8_t> v(points.size());
        for (std::size_t p = 0; p < points.size(); ++p) v[p] = points[p].numeric[j] != 0 ? 1 : 0;
        t.columns.push_back({par.path, "", description, std::move(v)});
        break;
      }
      case ParamKind::date:
      case ParamKind::text: {
        std::vector<std::string> v(points.size());
        // A null value (no value at that point) is empty; text "null" is written quoted.
        for (std::size_t p = 0; p < points.size(); ++p)
          v[p] = points[p].values[j] == "null" ? std::string() : points[p].values[j];
        t.columns.push_back(text_column(par.path, description, std::move(v)));
        break;
      }
    }
  }
  return t;
}

Table design_parameters_table(const SweepSpec& spec) {
  std::vector<std::string> path, kind, low, high;
  for (const SweepParameter& par : spec.parameters) {
    path.push_back(par.path);
    kind.push_back(std::string(param_kind_name(par.kind)));
    low.push_back(par.range ? par.range->first : std::string());
    high.push_back(par.range ? par.range->second : std::string());
  }
  Table t;
  t.description = "The swept parameters: key path, kind and range (empty when given as values)";
  t.columns.push_back(text_column("path", "key path in the scenario", std::move(path)));
  t.columns.push_back(text_column("kind", "number, integer, date, boolean or text", std::move(kind)));
  t.columns.push_back(text_column("low", "lower end of the range", std::move(low)));
  t.columns.push_back(text_column("high", "upper end of the range", std::move(high)));
  return t;
}

Table outcomes_table(const SweepRows& rows, const std::vector<models::DerivedMeasure>& measures) {
  const std::size_t points = rows.rows.size();
  Table t;
  t.description =
      "One row per design point: each KPI's mean over replications, its standard error and quantiles, "
      "then the model's derived measures (/outcome_measures)";
  std::vector<std::uint64_t> index(points), reps(points, rows.replications);
  for (std::size_t p = 0; p < points; ++p) index[p] = p;
  t.columns.push_back(count_column("point", "design point index (row of /design)", std::move(index)));
  t.columns.push_back(count_column("replications", "replications run at the point", std::move(reps)));
  std::vector<std::vector<double>> means(rows.kpis.size());
  for (std::size_t k = 0; k < rows.kpis.size(); ++k) {
    const engine::KpiInfo& info = rows.kpis[k];
    std::vector<double> mean(points), se(points), p5(points), p50(points), p95(points);
    for (std::size_t p = 0; p < points; ++p) {
      const engine::KpiSummary s = rows.summary(p, k);
      mean[p] = s.n > 0 ? s.mean : kNaN;
      se[p] = s.se;
      p5[p] = s.p5;
      p50[p] = s.p50;
      p95[p] = s.p95;
    }
    means[k] = mean;
    t.columns.push_back(real_column(info.name, info.unit, "mean: " + info.description, std::move(mean)));
    t.columns.push_back(
        real_column(info.name + ":se", info.unit, "standard error of the mean", std::move(se)));
    t.columns.push_back(
        real_column(info.name + ":p5", info.unit, "5th percentile over replications", std::move(p5)));
    t.columns.push_back(
        real_column(info.name + ":p50", info.unit, "median over replications", std::move(p50)));
    t.columns.push_back(
        real_column(info.name + ":p95", info.unit, "95th percentile over replications", std::move(p95)));
  }
  using Rule = models::DerivedMeasure::Rule;
  for (const models::DerivedMeasure& m : measures) {
    const auto k = kpi_column(rows, m.kpi);
    const auto d = m.rule == Rule::ratio_of_means ? kpi_column(rows, m.denominator) : k;
    if (!k || !d) continue;  // a measure whose KPIs were not recorded
    std::vector<double> v(points);
    for (std::size_t p = 0; p < points; ++p) {
      switch (m.rule) {
        case Rule::share_below:
          v[p] = share(rows, p, *k, [&](double x) { return x < m.threshold; });
          break;
        case Rule::share_at_least:
          v[p] = share(rows, p, *k, [&](double x) { return x >= m.threshold; });
          break;
        case Rule::ratio_of_means:
          v[p] = means[*d][p] > 0 ? means[*k][p] / means[*d][p] : kNaN;
          break;
      }
    }
    t.columns.push_back(real_column(m.name, m.unit, m.description, std::move(v)));
  }
  return t;
}

Table outcome_measures_table(const std::vector<models::DerivedMeasure>& measures, const SweepRows& rows) {
  std::vector<std::string> name, label, unit, description, groups;
  for (const models::DerivedMeasure& m : measures) {
    const bool ratio = m.rule == models::DerivedMeasure::Rule::ratio_of_means;
    if (!kpi_column(rows, m.kpi) || (ratio && !kpi_column(rows, m.denominator))) continue;
    name.push_back(m.name);
    label.push_back(m.label);
    unit.push_back(m.unit);
    description.push_back(m.description);
    std::string g;
    for (const std::string& x : m.groups) g += (g.empty() ? "" : ";") + x;
    groups.push_back(std::move(g));
  }
  Table t;
  t.description = "The derived columns of /outcomes: what each measures and its role in the report";
  t.columns.push_back(text_column("name", "column of /outcomes", std::move(name)));
  t.columns.push_back(text_column("label", "short human name", std::move(label)));
  t.columns.push_back(text_column("unit", "unit", std::move(unit)));
  t.columns.push_back(text_column("description", "what the measure is", std::move(description)));
  t.columns.push_back(
      text_column("groups", "roles, ';'-separated (trade_off_x, trade_off_y: the trade-off chart's axes)",
                  std::move(groups)));
  return t;
}

Table outcomes_replications_table(const SweepRows& rows) {
  const std::size_t points = rows.rows.size();
  const std::size_t n = points * static_cast<std::size_t>(rows.replications);
  const std::size_t width = rows.kpis.size();
  std::vector<std::uint64_t> point(n), rep(n);
  std::vector<std::vector<double>> values(width, std::vector<double>(n));
  for (std::size_t p = 0; p < points; ++p)
    for (std::size_t r = 0; r < rows.replications; ++r) {
      const std::size_t i = p * static_cast<std::size_t>(rows.replications) + r;
      point[i] = p;
      rep[i] = r;
      for (std::size_t k = 0; k < width; ++k) values[k][i] = rows.rows[p][r * width + k];
    }
  Table t;
  t.description =
      "One row per design point and replication (replication r uses the same random numbers at every point)";
  t.columns.push_back(count_column("point", "design point index", std::move(point)));
  t.columns.push_back(count_column("replication", "replication index", std::move(rep)));
  for (std::size_t k = 0; k < width; ++k)
    t.columns.push_back(
        real_column(rows.kpis[k].name, rows.kpis[k].unit, rows.kpis[k].description, std::move(values[k])));
  return t;
}

std::optional<Table> oat_table(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                               const SweepRows& rows) {
  if (spec.design != "oat") return std::nullopt;
  const auto find = [&](const std::string& role) -> std::optional<std::size_t> {
    for (std::size_t p = 0; p < points.size(); ++p)
      if (points[p].role == role) return p;
    return std::nullopt;
  };
  const auto base = find("oat:base");
  if (!base) return std::nullopt;
  std::vector<std::string> kpi, parameter, low_value, high_value;
  std::vector<double> base_v, at_low, at_high;
  for (std::size_t k = 0; k < rows.kpis.size(); ++k) {
    const double b = rows.summary(*base, k).mean;
    for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
      const std::string& path = spec.parameters[j].path;
      const auto lo = find("oat:low:" + path);
      const auto hi = find("oat:high:" + path);
      if (!lo || !hi) continue;
      kpi.push_back(rows.kpis[k].name);
      parameter.push_back(path);
      low_value.push_back(points[*lo].values[j]);
      high_value.push_back(points[*hi].values[j]);
      base_v.push_back(b);
      at_low.push_back(rows.summary(*lo, k).mean);
      at_high.push_back(rows.summary(*hi, k).mean);
    }
  }
  Table t;
  t.description =
      "One-at-a-time sensitivity: each KPI's mean at the base point and with one parameter at its low or "
      "high value";
  t.columns.push_back(text_column("kpi", "KPI", std::move(kpi)));
  t.columns.push_back(text_column("parameter", "key path of the varied parameter", std::move(parameter)));
  t.columns.push_back(text_column("low_value", "the parameter's low value", std::move(low_value)));
  t.columns.push_back(text_column("high_value", "the parameter's high value", std::move(high_value)));
  t.columns.push_back(real_column("base", "", "KPI mean at the base point", std::move(base_v)));
  t.columns.push_back(real_column("at_low", "", "KPI mean with the parameter low", std::move(at_low)));
  t.columns.push_back(real_column("at_high", "", "KPI mean with the parameter high", std::move(at_high)));
  return t;
}

std::optional<Table> sobol_table(const SweepSpec& spec, const SweepRows& rows,
                                 std::vector<std::string>& skipped) {
  if (spec.design != "sobol") return std::nullopt;
  const std::size_t n = spec.points, k = spec.parameters.size();
  std::vector<std::string> kpi, parameter;
  std::vector<double> first, first_low, first_high, total, total_low, total_high;
  for (std::size_t c = 0; c < rows.kpis.size(); ++c) {
    std::vector<double> y(rows.rows.size());
    bool defined = true;
    for (std::size_t p = 0; p < y.size(); ++p) {
      y[p] = rows.summary(p, c).mean;
      defined = defined && !std::isnan(y[p]);
    }
    if (!defined) {
      skipped.push_back(rows.kpis[c].name);
      continue;
    }
    const std::vector<engine::SobolIndex> s = engine::sobol_indices(y, n, k, 1000, spec.seed);
    for (std::size_t j = 0; j < k; ++j) {
      kpi.push_back(rows.kpis[c].name);
      parameter.push_back(spec.parameters[j].path);
      first.push_back(s[j].first);
      first_low.push_back(s[j].first_low);
      first_high.push_back(s[j].first_high);
      total.push_back(s[j].total);
      total_low.push_back(s[j].total_low);
      total_high.push_back(s[j].total_high);
    }
  }
  Table t;
  t.description =
      "Sobol sensitivity indices of each KPI's mean (Saltelli 2010 first order, Jansen total; 95 % bootstrap "
      "CIs)";
  t.columns.push_back(text_column("kpi", "KPI", std::move(kpi)));
  t.columns.push_back(text_column("parameter", "key path of the parameter", std::move(parameter)));
  t.columns.push_back(real_column("first", "", "first-order index", std::move(first)));
  t.columns.push_back(real_column("first_low", "", "95 % CI, lower", std::move(first_low)));
  t.columns.push_back(real_column("first_high", "", "95 % CI, upper", std::move(first_high)));
  t.columns.push_back(real_column("total", "", "total-order index", std::move(total)));
  t.columns.push_back(real_column("total_low", "", "95 % CI, lower", std::move(total_low)));
  t.columns.push_back(real_column("total_high", "", "95 % CI, upper", std::move(total_high)));
  return t;
}

}  // namespace sibsim::study
