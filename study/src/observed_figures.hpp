#pragma once
// `sibsim run --observed OBS.yaml`: the observed figures of a calibration's observations file next
// to what the run simulates. Each replication's KPI row becomes each figure's simulated value
// (Observation::simulate: with the figure's sampling noise, as in the calibration's predictive
// check); the table /observations holds the observed value, the simulated median and 90 %
// interval, and the series and date of a figure that is one dated KPI of a model series (drawn on
// that series' chart in the report).

#include <cstdint>
#include <span>
#include <vector>

#include "sibsim/engine/statistics.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/study/calibration.hpp"

namespace sibsim::study {

class ObservedFigures {
 public:
  /// `kpis` are the rows' columns; they must be the KPIs the observations were parsed against
  /// (spec.kpis), else std::invalid_argument.
  ObservedFigures(const calibration::Spec& spec, std::span<const engine::KpiInfo> kpis, std::uint64_t seed);
  /// Replications' KPI rows, in replication order (an engine::BatchSink).
  void add(std::uint64_t first, std::uint64_t count, std::span<const double> rows);
  /// The /observations table; `families` name the series a dated KPI ("cum_started@2017-02-01")
  /// belongs to.
  [[nodiscard]] output::Table table(std::span<const models::SeriesFamily> families) const;

 private:
  const calibration::Spec* spec_;
  std::uint64_t seed_;
  std::size_t columns_;
  std::vector<engine::QuantileSketch> simulated_;  ///< one per observation
};

}  // namespace sibsim::study
