#pragma once
// A made-up run shared by the output tests and by output_write_sample (which writes the file
// that check_results.py reads): 3 KPIs, 1000 replications, some NaN, a time series, a funnel and
// a /persons table of kPersons rows (several write blocks) whose values follow from the row index.
// The summary is computed here by hand (quantiles: linear interpolation at rank p*(n-1), as
// NumPy's default), so the Python check can recompute every value from /replications.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/output/results_writer.hpp"

namespace sibsim::output::testing {

inline constexpr std::uint64_t kSeed = 42;
inline constexpr std::uint64_t kReplications = 1000;
inline constexpr std::uint64_t kBatches = 4;
inline constexpr std::uint64_t kPersons = 20000;
inline constexpr std::uint64_t kPersonsPerReplication = 8000;

struct SyntheticRun {
  engine::RunResult result;
  std::vector<double> rows;  // row-major, kReplications x kpis
  RunMeta meta;
  TimeSeries series;
  Funnel funnel;
  Table persons;
};

/// Row i: person_id 7i+1, replication i / 8000, female (i % 3 == 0), outcome started/transfer/
/// not_approached by i % 3, started = 17000 + i / 2 for starters and NaN otherwise.
inline Table make_persons_table() {
  const char* outcomes[] = {"started", "transfer", "not_approached"};
  std::vector<std::uint64_t> id, rep;
  std::vector<std::uint8_t> female;
  std::vector<std::string> outcome;
  std::vector<double> started;
  for (std::uint64_t i = 0; i < kPersons; ++i) {
    id.push_back(7 * i + 1);
    rep.push_back(i / kPersonsPerReplication);
    female.push_back(i % 3 == 0 ? 1 : 0);
    outcome.emplace_back(outcomes[i % 3]);
    started.push_back(i % 3 == 0 ? 17000.0 + static_cast<double>(i) / 2 : std::nan(""));
  }
  Table t;
  t.description = "synthetic persons";
  t.columns.push_back({"person_id", "", "identity", id});
  t.columns.push_back({"replication", "", "replication", rep});
  t.columns.push_back({"female", "", "1 for a woman", female});
  t.columns.push_back({"outcome", "", "how the person left the funnel", outcome});
  t.columns.push_back({"started", "days since 1970-01-01", "start day (NaN: did not start)", started});
  return t;
}

// Uniform (0,1) from a hash of (i, j): deterministic, no dependency on a generator's state.
inline double unit_hash(std::uint64_t i, std::uint64_t j) {
  return (static_cast<double>(engine::splitmix64(i * 1000003ULL + j) >> 11) + 0.5) * 0x1.0p-53;
}

inline double quantile_type7(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = p * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

inline engine::KpiSummary summarise(const std::vector<double>& column) {
  engine::KpiSummary s;
  std::vector<double> v;
  for (const double x : column) {
    if (std::isnan(x)) {
      ++s.n_undefined;
    } else {
      v.push_back(x);
      s.sum += x;
      s.sum_squares += x * x;
    }
  }
  s.n = v.size();
  const double n = static_cast<double>(s.n);
  s.mean = s.sum / n;
  double ss = 0;
  for (const double x : v) ss += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(ss / (n - 1));
  s.se = s.sd / std::sqrt(n);
  s.ci_low = s.mean - 1.959963984540054 * s.se;
  s.ci_high = s.mean + 1.959963984540054 * s.se;
  std::sort(v.begin(), v.end());
  s.min = v.front();
  s.max = v.back();
  s.p5 = quantile_type7(v, 0.05);
  s.p25 = quantile_type7(v, 0.25);
  s.p50 = quantile_type7(v, 0.50);
  s.p75 = quantile_type7(v, 0.75);
  s.p95 = quantile_type7(v, 0.95);
  return s;
}

inline SyntheticRun make_synthetic_run() {
  SyntheticRun run;
  auto& r = run.result;
  // Labels and groups go to /kpis (written by commit() from the summary's KPIs).
  r.kpis = {
      {"starters", "persons", "Participants who started the programme", "starters", {"headline", "steering"}},
      {"months_to_target", "months", "Months until the recruitment target was reached", "", {"steering"}},
      // A comma, quotes and non-ASCII text exercise CSV quoting and UTF-8 strings.
      {"dropout_share",
       "fraction",
       "Share of starters who dropped out, \"early\" or late (NaN: no starters) – ±",
       "dropout share ✓",
       {}},
  };
  constexpr std::size_t k = 3;
  run.rows.resize(kReplications * k);
  std::vector<std::vector<double>> columns(k);
  for (std::uint64_t i = 0; i < kReplications; ++i) {
    const double starters = std::floor(40.0 + 30.0 * unit_hash(i, 0));
    const double months = 6.0 + 18.0 * unit_hash(i, 1);
    // Undefined in every 97th replication (and replication 0) to exercise NaN.
    const double share = i % 97 == 0 ? std::numeric_limits<double>::quiet_NaN() : 0.1 + 0.5 * unit_hash(i, 2);
    const double values[k] = {starters, months, share};
    for (std::size_t j = 0; j < k; ++j) {
      run.rows[i * k + j] = values[j];
      columns[j].push_back(values[j]);
    }
  }
  for (const auto& c : columns) r.summary.push_back(summarise(c));
  r.replications = kReplications;
  r.seed = kSeed;
  r.threads = 2;
  r.wall_seconds = 1.25;
  r.target_reached = false;

  auto& m = run.meta;
  m.seed = kSeed;
  m.replications_requested = kReplications;
  m.threads = 0;
  m.model = "synthetic";
  m.scenario_name = "synthetic-test";
  m.scenario_description = "A made-up run for the tests – ünïcödé";
  m.scenario_yaml_given = "name: synthetic-test\nreplications: 1000\n";
  m.scenario_yaml_resolved = "name: synthetic-test\nreplications: 1000\nseed: 42\nnote: \"ünïcödé ✓\"\n";
  m.start_time = "2025-01-02T03:04:05Z";
  m.end_time = "2025-01-02T03:04:07Z";
  m.host = "testhost";
  m.command_line = {"sibsim", "run", "scenarios/synthetic test.yaml", "--seed", "42"};

  run.series.name = "cumulative_starters";
  run.series.unit = "persons";
  run.series.description = "Cumulative starters on the first day of each month";
  std::vector<std::string> dates;
  for (int month = 1; month <= 12; ++month) {
    dates.push_back("2016-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-01");
    const double base = 5.0 * month;
    run.series.bands.push_back({base - 4, base - 2, base, base + 2, base + 4, base + 0.25});
  }
  run.series.time = dates;

  run.funnel.stages = {{"eligible", 180, 181.5}, {"approached", 120, 119.75}, {"started", 55, 54.9}};
  run.funnel.reasons = {{"declined", 40, 41.2}, {"released_elsewhere", 12, 12.5}, {"no_consent", 3, 3.1}};
  run.persons = make_persons_table();
  return run;
}

// Writes the run the way the application does: replications in kBatches batches through the
// BatchSink, then summary, time series, funnel, commit.
inline void write_synthetic(const SyntheticRun& run, const std::filesystem::path& path) {
  ResultsWriter w(path, run.meta);
  w.begin_replications(run.result.kpis);
  const auto sink = w.sink();
  const std::uint64_t per_batch = kReplications / kBatches;
  const std::size_t k = run.result.kpis.size();
  for (std::uint64_t b = 0; b < kBatches; ++b) {
    const std::uint64_t first = b * per_batch;
    sink(first, per_batch, std::span<const double>(run.rows).subspan(first * k, per_batch * k));
  }
  w.write_summary(run.result);
  w.write_timeseries(run.series);
  w.write_funnel(run.funnel.stages, run.funnel.reasons);
  w.write_persons(run.persons, kPersons / kPersonsPerReplication);
  w.commit();
}

}  // namespace sibsim::output::testing
