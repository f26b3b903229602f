#pragma once
// The model's dated KPI families ("<prefix>YYYY-MM-DD", models::SeriesFamily) as long tables
// for analysts: /series_summary (statistic, series, date, value; always small) and, on request,
// /series_replications ([scenario,] replication, series, date, value) from the replications.
// Dates stay ISO strings so pandas turns them into dates with one pd.to_datetime call.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::study {

/// The dated KPIs of a catalogue, in catalogue order: their index, series name and date.
struct SeriesKpis {
  std::vector<std::size_t> kpi;
  std::vector<std::string> series;
  std::vector<std::string> date;
  [[nodiscard]] std::size_t size() const noexcept { return kpi.size(); }
};

/// The KPIs whose name starts with a family's prefix; the rest of the name is the date.
SeriesKpis series_kpis(std::span<const engine::KpiInfo> kpis, std::span<const models::SeriesFamily> families);

/// Builds /series_summary: one row per ([scenario,] statistic, series, date), the statistics
/// mean, p5, p25, p50, p75, p95 over the replications (as /timeseries/<name>/bands).
class SeriesSummary {
 public:
  /// `with_scenario`: the table gets a leading `scenario` column (compare files).
  explicit SeriesSummary(bool with_scenario) : with_scenario_(with_scenario) {}
  void add(const SeriesKpis& series, std::uint64_t scenario, const engine::RunResult& result);
  [[nodiscard]] output::Table table() const;
  [[nodiscard]] bool empty() const noexcept { return value_.empty(); }

 private:
  bool with_scenario_;
  std::vector<std::uint64_t> scenario_;
  std::vector<std::string> statistic_, series_, date_;
  std::vector<double> value_;
};

/// Collects the dated KPIs' values of whole replications and builds /series_replications.
/// Memory: 8 bytes per row while collecting (the values), ~90 bytes per row in the table
/// (measured; output/SCHEMA.md), which is why `run` writes it only with --series-rows.
class SeriesRows {
 public:
  /// `with_scenario`: the table gets a leading `scenario` column (compare files).
  explicit SeriesRows(bool with_scenario) : with_scenario_(with_scenario) {}
  /// Rows [first, first + count) of a run, `width` KPI values each (the whole catalogue). Calls
  /// for one scenario come together and in replication order.
  void add(const SeriesKpis& series, std::uint64_t scenario, std::uint64_t first, std::uint64_t count,
           std::size_t width, std::span<const double> rows);
  /// The table, rows in the order added (per replication: series and dates in catalogue order).
  [[nodiscard]] output::Table table() const;

 private:
  struct Segment {  // the replications of one scenario
    std::uint64_t scenario = 0;
    SeriesKpis series;
    std::vector<std::uint64_t> replication;
    std::vector<double> values;  // replication-major, series.size() per replication
  };
  bool with_scenario_;
  std::vector<Segment> segments_;
};

}  // namespace sibsim::study
