#pragma once
// The tables of a sweep results file (output/SCHEMA.md, kind "sweep"): the design, the outcomes
// per point (and per point and replication), and the sensitivity analyses the design allows
// (one-at-a-time for `oat`, Sobol indices for `sobol`).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/study/sweep_spec.hpp"

namespace sibsim::study {

/// What a sweep computed: per point, replications x KPIs values (row-major, replication order).
struct SweepRows {
  std::vector<engine::KpiInfo> kpis;  ///< the recorded KPIs, in column order
  std::uint64_t replications = 0;
  std::vector<std::vector<double>> rows;  ///< rows[point]: replications * kpis.size() values

  /// Summary of KPI k at a point, folded in replication order (so identical for any rank count).
  [[nodiscard]] engine::KpiSummary summary(std::size_t point, std::size_t k) const;
};

/// /design: point, role, one column per parameter (float64 numbers, uint8 booleans, text dates).
output::Table design_table(const SweepSpec& spec, const std::vector<SweepPoint>& points);
/// /design_parameters: path, kind, low, high.
output::Table design_parameters_table(const SweepSpec& spec);
/// /outcomes: point, replications, per KPI mean/se/p5/p50/p95, then one column per derived
/// measure of the model whose KPIs were recorded.
output::Table outcomes_table(const SweepRows& rows, const std::vector<models::DerivedMeasure>& measures);
/// /outcome_measures: name, label, unit, description and groups of the derived columns.
output::Table outcome_measures_table(const std::vector<models::DerivedMeasure>& measures,
                                     const SweepRows& rows);
/// /outcomes_replications: point, replication, one column per KPI.
output::Table outcomes_replications_table(const SweepRows& rows);
/// /sensitivity/oat for an `oat` design (nullopt otherwise).
std::optional<output::Table> oat_table(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                                       const SweepRows& rows);
/// /sensitivity/sobol for a `sobol` design (nullopt otherwise). KPIs whose mean is undefined at
/// some point are left out (their names are appended to `skipped`).
std::optional<output::Table> sobol_table(const SweepSpec& spec, const SweepRows& rows,
                                         std::vector<std::string>& skipped);

}  // namespace sibsim::study
