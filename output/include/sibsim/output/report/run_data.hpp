#pragma once
/// \file run_data.hpp
/// What a run report reads from a results file of kind "run" (output/SCHEMA.md): metadata, the
/// KPI catalogue (/kpis), /summary, the shape of /replications, /funnel and every /timeseries,
/// with lookups by KPI name and by group, and distributions over the replications (streamed, so
/// memory stays flat however many replications the file holds).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output {

namespace report {

/// A condition on a value, counted over the replications: x >= value, x > value, x < value or
/// x <= value.
struct Threshold {
  enum class Op { at_least, above, below, at_most };
  Op op = Op::at_least;
  double value = 0;
};

/// A KPI whose distribution over the replications is wanted, and thresholds to count.
struct DistributionRequest {
  std::string kpi;
  std::vector<Threshold> thresholds;
};

/// A KPI's values over the replications of /replications: counts, range, thresholds met and
/// histogram bins (one per whole number when the values are whole and span at most 60, else
/// about 30 bins of a round width).
struct Distribution {
  std::string kpi;
  std::string unit;
  std::uint64_t n = 0;              ///< replications with a value
  std::uint64_t n_undefined = 0;    ///< replications where it was NaN
  double min = 0, max = 0;          ///< of the finite values
  bool integer = true;              ///< every value is a whole number
  std::vector<std::uint64_t> hits;  ///< replications meeting each threshold (request order)
  double start = 0, width = 1;      ///< bin i covers [start + i * width, start + (i + 1) * width)
  std::vector<std::uint64_t> bins;  ///< empty when there is no finite value

  /// hits[t] / n; NaN without values.
  [[nodiscard]] double share(std::size_t threshold) const;
};

}  // namespace report

/// The data of a run report. The KPI catalogue `kpis` comes from /kpis (labels and groups), or
/// for files without it (format 1.2 and older) from /summary or /replications.
/// An observed figure the run was set against (`sibsim run --observed`, /observations).
struct ObservedFigure {
  std::string name, label, kpi, sampling, role, source;
  std::string series, date;  ///< the series chart it belongs on and its date ("" if none)
  double observed = NAN, low = NAN, high = NAN, n = NAN;
  double median = NAN, q05 = NAN, q95 = NAN;  ///< of the simulated figure
  bool inside_90 = false;
};

struct RunReportData {
  std::filesystem::path path;
  FileMeta meta;
  std::vector<engine::KpiInfo> kpis;
  bool has_summary = false;
  engine::RunResult summary;  ///< /summary (empty without one)
  ReplicationsInfo replications;
  Funnel funnel;
  std::vector<TimeSeries> series;        ///< every /timeseries, sorted by name
  std::vector<ObservedFigure> observed;  ///< /observations (empty without one)
  /// The observed figures drawn on the chart of series `name`.
  [[nodiscard]] std::vector<ObservedFigure> observed_on(std::string_view series_name) const;

  /// The KPI of that name in the catalogue, or nullptr.
  [[nodiscard]] const engine::KpiInfo* kpi(std::string_view name) const noexcept;
  /// Its label, or the humanised name when it has none ("reached_target" -> "Reached target").
  [[nodiscard]] std::string label(std::string_view name) const;
  /// Its unit (from the catalogue, /summary or /replications; "" if unknown).
  [[nodiscard]] std::string unit(std::string_view name) const;
  /// The KPIs of a group ("headline", ...), in catalogue order.
  [[nodiscard]] std::vector<const engine::KpiInfo*> group(std::string_view group) const;
  [[nodiscard]] bool in_group(std::string_view name, std::string_view group) const noexcept;
  /// The KPI's row of /summary, or nullptr.
  [[nodiscard]] const engine::KpiSummary* summary_of(std::string_view name) const noexcept;
  /// The same, but only when the KPI has at least one defined value (n > 0).
  [[nodiscard]] const engine::KpiSummary* stat(std::string_view name) const noexcept;
  /// /timeseries/<name>, or nullptr.
  [[nodiscard]] const TimeSeries* timeseries(std::string_view name) const noexcept;
  /// Replications summarised (or stored, without a summary).
  [[nodiscard]] std::uint64_t runs() const noexcept;
  /// Distributions of the requested KPIs over /replications, in request order; KPIs that
  /// /replications does not hold are left out. Reads /replications twice, block by block.
  [[nodiscard]] std::vector<report::Distribution> distributions(
      std::span<const report::DistributionRequest> requests) const;
};

/// Reads everything but the replications themselves. Throws std::runtime_error naming the file.
RunReportData read_run_report_data(const std::filesystem::path& results_h5);

}  // namespace sibsim::output
