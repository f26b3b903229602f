#include "series_tables.hpp"

#include <array>
#include <utility>

namespace sibsim::study {

SeriesKpis series_kpis(std::span<const engine::KpiInfo> kpis,
                       std::span<const models::SeriesFamily> families) {
  SeriesKpis out;
  for (std::size_t k = 0; k < kpis.size(); ++k)
    for (const models::SeriesFamily& f : families)
      if (kpis[k].name.starts_with(f.prefix)) {
        out.kpi.push_back(k);
        out.series.push_back(f.name);
        out.date.push_back(kpis[k].name.substr(f.prefix.size()));
        break;
      }
  return out;
}

void SeriesSummary::add(const SeriesKpis& series, std::uint64_t scenario, const engine::RunResult& result) {
  using Field = double engine::KpiSummary::*;
  const std::array<std::pair<const char*, Field>, 6> stats = {{{"mean", &engine::KpiSummary::mean},
                                                               {"p5", &engine::KpiSummary::p5},
                                                               {"p25", &engine::KpiSummary::p25},
                                                               {"p50", &engine::KpiSummary::p50},
                                                               {"p75", &engine::KpiSummary::p75},
                                                               {"p95", &engine::KpiSummary::p95}}};
  for (const auto& [stat, field] : stats)
    for (std::size_t i = 0; i < series.size(); ++i) {
      if (with_scenario_) scenario_.push_back(scenario);
      statistic_.emplace_back(stat);
      series_.push_back(series.series[i]);
      date_.push_back(series.date[i]);
      value_.push_back(result.summary[series.kpi[i]].*field);
    }
}

output::Table SeriesSummary::table() const {
  output::Table t;
  t.description =
      "Each time series summarised over the replications, long: one row per statistic, series and date";
  if (with_scenario_)
    t.columns.push_back({"scenario", "", "scenario index (row of /compare/scenarios)", scenario_});
  t.columns.push_back({"statistic", "", "mean, p5, p25, p50, p75 or p95 over the replications", statistic_});
  t.columns.push_back({"series", "", "series name (as /timeseries/<name>)", series_});
  t.columns.push_back({"date", "", "YYYY-MM-DD", date_});
  t.columns.push_back(
      {"value", "", "the statistic at that date, in the series' unit (NaN = undefined)", value_});
  return t;
}

void SeriesRows::add(const SeriesKpis& series, std::uint64_t scenario, std::uint64_t first,
                     std::uint64_t count, std::size_t width, std::span<const double> rows) {
  if (segments_.empty() || segments_.back().scenario != scenario)
    segments_.push_back({scenario, series, {}, {}});
  Segment& s = segments_.back();
  for (std::uint64_t r = 0; r < count; ++r) {
    s.replication.push_back(first + r);
    for (const std::size_t k : series.kpi) s.values.push_back(rows[static_cast<std::size_t>(r) * width + k]);
  }
}

output::Table SeriesRows::table() const {
  std::size_t rows = 0;
  for (const Segment& s : segments_) rows += s.values.size();
  std::vector<std::uint64_t> scenario, replication;
  std::vector<std::string> series, date;
  std::vector<double> value;
  scenario.reserve(with_scenario_ ? rows : 0);
  replication.reserve(rows);
  series.reserve(rows);
  date.reserve(rows);
  value.reserve(rows);
  for (const Segment& s : segments_)
    for (std::size_t r = 0; r < s.replication.size(); ++r)
      for (std::size_t i = 0; i < s.series.size(); ++i) {
        if (with_scenario_) scenario.push_back(s.scenario);
        replication.push_back(s.replication[r]);
        series.push_back(s.series.series[i]);
        date.push_back(s.series.date[i]);
        value.push_back(s.values[r * s.series.size() + i]);
      }
  output::Table t;
  t.description = "Each replication's time series, long: one row per replication, series and date";
  if (with_scenario_)
    t.columns.push_back({"scenario", "", "scenario index (row of /compare/scenarios)", std::move(scenario)});
  t.columns.push_back({"replication", "", "replication index", std::move(replication)});
  t.columns.push_back({"series", "", "series name (as /timeseries/<name>)", std::move(series)});
  t.columns.push_back({"date", "", "YYYY-MM-DD", std::move(date)});
  t.columns.push_back({"value", "", "the series' value in that replication at that date (NaN = undefined)",
                       std::move(value)});
  return t;
}

}  // namespace sibsim::study
