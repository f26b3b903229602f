// RunReportData (sibsim/output/report/run_data.hpp): what a run report reads from a results file,
// and the distributions of KPIs over /replications, streamed block by block.
#include "sibsim/output/report/run_data.hpp"
#include "sibsim/output/report/words.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "report_columns.hpp"
#include "report_text.hpp"
#include "schema.hpp"

namespace sibsim::output {

namespace report {

double Distribution::share(std::size_t threshold) const {
  return n > 0 && threshold < hits.size() ? static_cast<double>(hits[threshold]) / static_cast<double>(n)
                                          : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace report

namespace {

double nice_step(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

bool meets(const report::Threshold& t, double x) {
  switch (t.op) {
    case report::Threshold::Op::at_least:
      return x >= t.value;
    case report::Threshold::Op::above:
      return x > t.value;
    case report::Threshold::Op::below:
      return x < t.value;
    case report::Threshold::Op::at_most:
      return x <= t.value;
  }
  return false;
}

}  // namespace

const engine::KpiInfo* RunReportData::kpi(std::string_view name) const noexcept {
  for (const auto& k : kpis)
    if (k.name == name) return &k;
  return nullptr;
}

std::string RunReportData::label(std::string_view name) const {
  const auto* k = kpi(name);
  return report::localised_label(name, k != nullptr && !k->label.empty() ? k->label : report::humanise(name));
}

std::string RunReportData::unit(std::string_view name) const {
  if (const auto* k = kpi(name)) return k->unit;
  for (const auto& k : summary.kpis)
    if (k.name == name) return k.unit;
  for (const auto& k : replications.kpis)
    if (k.name == name) return k.unit;
  return "";
}

std::vector<const engine::KpiInfo*> RunReportData::group(std::string_view g) const {
  std::vector<const engine::KpiInfo*> out;
  for (const auto& k : kpis)
    if (std::find(k.groups.begin(), k.groups.end(), g) != k.groups.end()) out.push_back(&k);
  return out;
}

bool RunReportData::in_group(std::string_view name, std::string_view g) const noexcept {
  const auto* k = kpi(name);
  return k != nullptr && std::find(k->groups.begin(), k->groups.end(), g) != k->groups.end();
}

const engine::KpiSummary* RunReportData::summary_of(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < summary.kpis.size() && i < summary.summary.size(); ++i)
    if (summary.kpis[i].name == name) return &summary.summary[i];
  return nullptr;
}

const engine::KpiSummary* RunReportData::stat(std::string_view name) const noexcept {
  const auto* s = summary_of(name);
  return s != nullptr && s->n > 0 ? s : nullptr;
}

const TimeSeries* RunReportData::timeseries(std::string_view name) const noexcept {
  for (const auto& s : series)
    if (s.name == name) return &s;
  return nullptr;
}

std::uint64_t RunReportData::runs() const noexcept {
  return has_summary ? summary.replications : meta.replications;
}

std::vector<report::Distribution> RunReportData::distributions(
    std::span<const report::DistributionRequest> requests) const {
  struct Scan {
    report::Distribution d;
    std::vector<report::Threshold> thresholds;
    std::size_t column = 0;
  };
  std::vector<Scan> scans;
  for (const auto& r : requests) {
    for (std::size_t k = 0; k < replications.kpis.size(); ++k) {
      if (replications.kpis[k].name != r.kpi) continue;
      Scan s;
      s.d.kpi = r.kpi;
      s.d.unit = unit(r.kpi);
      s.d.hits.assign(r.thresholds.size(), 0);
      s.d.min = std::numeric_limits<double>::infinity();
      s.d.max = -std::numeric_limits<double>::infinity();
      s.thresholds = r.thresholds;
      s.column = k;
      scans.push_back(std::move(s));
      break;
    }
  }
  if (scans.empty() || !replications.present) return {};
  const std::size_t k = replications.kpis.size();
  // Pass 1: counts, range, thresholds.
  (void)read_replications(path, [&](std::uint64_t, std::uint64_t count, std::span<const double> rows) {
    for (std::uint64_t r = 0; r < count; ++r) {
      for (auto& s : scans) {
        const double x = rows[r * k + s.column];
        if (std::isnan(x)) {
          ++s.d.n_undefined;
          continue;
        }
        ++s.d.n;
        if (std::isfinite(x)) {
          s.d.min = std::min(s.d.min, x);
          s.d.max = std::max(s.d.max, x);
        }
        if (s.d.integer && x != std::floor(x)) s.d.integer = false;
        for (std::size_t t = 0; t < s.thresholds.size(); ++t)
          if (meets(s.thresholds[t], x)) ++s.d.hits[t];
      }
    }
  });
  // Bins: one per whole number when the values are whole and few, else about 30 nice-width bins.
  bool any_bins = false;
  for (auto& s : scans) {
    auto& d = s.d;
    if (d.n == 0 || !std::isfinite(d.min) || !std::isfinite(d.max)) {
      d.min = d.max = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    const double span = d.max - d.min;
    if (d.integer && span <= 60) {
      d.width = 1;
      d.start = d.min - 0.5;
    } else {
      d.width = nice_step(span > 0 ? span / 30 : std::max(std::fabs(d.min) * 0.1, 1.0));
      if (d.integer) d.width = std::max(1.0, std::ceil(d.width));
      d.start = std::floor(d.min / d.width) * d.width - (d.integer ? 0.5 : 0.0);
    }
    const auto nb = static_cast<std::size_t>(std::floor((d.max - d.start) / d.width)) + 1;
    d.bins.assign(std::min<std::size_t>(nb, 1000), 0);
    any_bins = true;
  }
  // Pass 2: bin counts.
  if (any_bins) {
    (void)read_replications(path, [&](std::uint64_t, std::uint64_t count, std::span<const double> rows) {
      for (std::uint64_t r = 0; r < count; ++r) {
        for (auto& s : scans) {
          auto& d = s.d;
          if (d.bins.empty()) continue;
          const double x = rows[r * k + s.column];
          if (std::isnan(x)) continue;
          // Infinities (not expected in results) go to the outermost bins.
          const double b =
              std::clamp(std::floor((x - d.start) / d.width), 0.0, static_cast<double>(d.bins.size() - 1));
          ++d.bins[static_cast<std::size_t>(b)];
        }
      }
    });
  }
  std::vector<report::Distribution> out;
  out.reserve(scans.size());
  for (auto& s : scans) out.push_back(std::move(s.d));
  return out;
}

RunReportData read_run_report_data(const std::filesystem::path& results_h5) {
  RunReportData d;
  d.path = results_h5;
  d.meta = read_meta(results_h5);
  d.kpis = read_kpis(results_h5);
  d.has_summary = has_object(results_h5, detail::kSummaryPath);
  if (d.has_summary) d.summary = read_summary(results_h5);
  d.replications = read_replications_info(results_h5);
  d.funnel = read_funnel(results_h5);
  for (const auto& n : list_timeseries(results_h5)) d.series.push_back(read_timeseries(results_h5, n));
  if (has_object(results_h5, "/observations")) {
    const Table t = read_table(results_h5, "/observations");
    const auto text = [&](std::string_view col) { return detail::strings(t, col); };
    const auto number = [&](std::string_view col) { return detail::numbers(t, col); };
    const auto name = text("name"), label = text("label"), kpi = text("kpi"), sampling = text("sampling"),
               role = text("role"), source = text("source"), series = text("series"), date = text("date");
    const auto observed = number("observed"), low = number("low"), high = number("high"), n = number("n"),
               median = number("median"), q05 = number("q05"), q95 = number("q95"),
               inside = number("inside_90");
    for (std::size_t i = 0; i < name.size(); ++i)
      d.observed.push_back({name[i], label[i], kpi[i], sampling[i], role[i], source[i], series[i], date[i],
                            observed[i], low[i], high[i], n[i], median[i], q05[i], q95[i], inside[i] == 1});
  }
  return d;
}

std::vector<ObservedFigure> RunReportData::observed_on(std::string_view series_name) const {
  std::vector<ObservedFigure> out;
  for (const ObservedFigure& o : observed)
    if (o.series == series_name && !o.date.empty()) out.push_back(o);
  return out;
}

}  // namespace sibsim::output
