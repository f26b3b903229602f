#include "observed_figures.hpp"

#include <fmt/core.h>

#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "abc_smc.hpp"
#include "calibration_tables.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/rng.hpp"

namespace sibsim::study {

namespace {

// The random stream of a figure's sampling noise in replication r: (seed, r, figure, purpose).
constexpr std::uint64_t kPurposeObservedFigure = 0x0B5E01;
static_assert(kPurposeObservedFigure < engine::RandomStream::kPurposeLimit);

}  // namespace

ObservedFigures::ObservedFigures(const calibration::Spec& spec, std::span<const engine::KpiInfo> kpis,
                                 std::uint64_t seed)
    : spec_(&spec), seed_(seed), columns_(kpis.size()), simulated_(spec.observations.size()) {
  bool same = kpis.size() == spec.kpis.size();
  for (std::size_t i = 0; same && i < kpis.size(); ++i) same = kpis[i].name == spec.kpis[i].name;
  if (!same)
    throw std::invalid_argument("--observed: the observations were read against another model's KPIs");
}

void ObservedFigures::add(std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto row = rows.subspan(i * columns_, columns_);
    for (std::size_t o = 0; o < simulated_.size(); ++o) {
      engine::RandomStream rng(seed_, first + i, o, kPurposeObservedFigure);
      simulated_[o].add(spec_->observations[o].simulate(row, rng));  // NaN (undefined) is skipped
    }
  }
}

output::Table ObservedFigures::table(std::span<const models::SeriesFamily> families) const {
  std::vector<calibration::Predictive> predictive(simulated_.size());
  std::vector<std::string> series(simulated_.size()), date(simulated_.size());
  for (std::size_t o = 0; o < simulated_.size(); ++o) {
    const calibration::Observation& ob = spec_->observations[o];
    std::array<double, 3> q{NAN, NAN, NAN};
    static constexpr std::array<double, 3> kP = {0.5, 0.05, 0.95};
    simulated_[o].quantiles(kP, q);
    auto& p = predictive[o];
    p.median = q[0];
    p.q05 = q[1];
    p.q95 = q[2];
    p.inside_90 = ob.sampling == calibration::Observation::Sampling::range
                      ? ob.low <= p.q95 && p.q05 <= ob.high
                      : p.q05 <= ob.observed() && ob.observed() <= p.q95;
    // A figure that is one dated KPI of a series ("cum_started@2017-02-01") is drawn on its chart.
    const std::string& kpi = ob.expression.text();
    for (const models::SeriesFamily& f : families) {
      if (kpi.size() > f.prefix.size() && kpi.starts_with(f.prefix) &&
          engine::parse_date(std::string_view(kpi).substr(f.prefix.size()))) {
        series[o] = f.name;
        date[o] = kpi.substr(f.prefix.size());
      }
    }
  }
  output::Table t = calibration::predictive_table(*spec_, predictive);
  t.description =
      "One row per observed figure: the observed value and the distribution of its simulated value in this "
      "run";
  for (auto& c : t.columns) {  // this run's simulated figures, not a calibration's posterior
    if (c.name == "median") c.description = "median of the simulated figure over the replications";
    if (c.name == "q05") c.description = "5 % quantile of the simulated figure";
    if (c.name == "q95") c.description = "95 % quantile of the simulated figure";
    if (c.name == "inside_90") c.description = "1 if the observed figure meets the simulated 90 % interval";
  }
  t.columns.push_back(
      {"series", "", "the series whose chart shows the figure (\"\" if none)", std::move(series)});
  t.columns.push_back(
      {"date", "", "the figure's date on that series (ISO 8601; \"\" if none)", std::move(date)});
  return t;
}

}  // namespace sibsim::study
