#pragma once
/// \file results_types.hpp
/// Plain value types stored in a sibsim results file (see output/SCHEMA.md): the run's provenance
/// (RunMeta), quantile bands of a time series, funnel counts and a generic table of named
/// columns (the /persons audit sample, and the tables of sweeps, comparisons and feasibility
/// questions). No HDF5 types appear here.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/version.hpp"

namespace sibsim::output {

/// Value of the root attribute `filetype`.
inline constexpr const char* kFileType = "sibsim-results";

/// Values of the root attribute `kind`: what made the file (see output/SCHEMA.md). Files of
/// format 1.0 and 1.1 have no `kind`; they are runs.
inline constexpr const char* kKindRun = "run";                  ///< sibsim run
inline constexpr const char* kKindCompare = "compare";          ///< sibsim compare BASE VARIANT...
inline constexpr const char* kKindSweep = "sweep";              ///< sibsim sweep
inline constexpr const char* kKindFeasibility = "feasibility";  ///< sibsim feasibility
inline constexpr const char* kKindCalibration = "calibration";  ///< sibsim calibrate SCENARIO OBSERVATIONS
inline constexpr const char* kKindForecast =
    "forecast";  ///< sibsim forecast SCENARIO --observed DATA --as-of DATE
/// Root attribute `format_version` = [major, minor]. Bump the minor version when a dataset,
/// field or attribute is added; bump the major version when something is renamed, removed or
/// changes meaning (readers refuse a newer major version).
inline constexpr int kFormatMajor = 1;
inline constexpr int kFormatMinor = 11;  // 1.11: /persons contract_months_<arm>

/// Provenance of one run: written to the root attributes and to /meta.
/// A scenario value its author labelled (the scenario's `provenance:` list): an assumption, or a
/// value sourced or fitted, with why or where from. Written as /provenance; reports show the
/// labels next to the figures that depend on them.
struct Provenance {
  std::string key;    ///< the key path ("payment.price_per_work_month")
  std::string value;  ///< its value as written (YAML text)
  std::string label;  ///< "assumption", "sourced" or "fitted"
  std::string note;   ///< why it is assumed, or the source
  /// The KPIs whose values depend on it (the model knows; empty: not said).
  std::vector<std::string> affects;
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

struct RunMeta {
  std::string kind = kKindRun;  ///< "run", "compare", "sweep" or "feasibility" (root attribute `kind`)
  /// The model that made the results (the plug-in's name, e.g. "mmc"; root attribute `model`);
  /// empty when not known.
  std::string model;
  std::string program_version = sibsim::kVersion;
  std::string git_commit = sibsim::kGitCommit;
  std::string rng_recipe = engine::kRngRecipe;
  int rng_recipe_version = engine::kRngRecipeVersion;
  std::uint64_t seed = 0;                    ///< master seed
  std::uint64_t replications_requested = 0;  ///< as asked for (the number run is in the summary)
  unsigned threads = 0;                      ///< threads requested (0 = all hardware threads)
  std::string scenario_name;
  std::string scenario_description;    ///< one or two sentences about the scenario (may be empty)
  std::string scenario_yaml_given;     ///< the scenario file as the user wrote it
  std::string scenario_yaml_resolved;  ///< every option with its effective value (defaults filled in)
  /// What the command was asked, as given: the sweep or feasibility specification (YAML), or the
  /// list of compared scenario files. Written to /meta/input_yaml when not empty.
  std::string input_yaml;
  std::string start_time;  ///< ISO 8601 UTC, e.g. "2025-03-01T12:00:00Z"
  std::string end_time;    ///< ISO 8601 UTC; ResultsWriter::commit() fills it if empty
  std::string host;
  std::vector<std::string> command_line;  ///< argv, one element per argument
  /// `--posterior CAL.h5`: the calibration results file the replications drew their parameters
  /// from, and the FNV-1a 64 hash (16 hex digits) of its particles; both empty without one.
  /// Written to /meta as attributes `posterior_file` and `posterior_hash` only when set.
  std::string posterior_file;
  std::string posterior_hash;
  /// The base scenario's labelled values (Scenario::provenance); /provenance when not empty.
  std::vector<Provenance> provenance;
};

/// Quantiles over replications of one quantity at one time point, plus the mean.
struct QuantileBand {
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0, mean = 0;
  friend bool operator==(const QuantileBand&, const QuantileBand&) = default;
};

/// Time axis of a series: ISO 8601 dates ("2016-05-01") or days since the scenario start.
using TimeAxis = std::variant<std::vector<std::string>, std::vector<double>>;

/// A quantity over time, summarised over replications: bands[i] belongs to time point i.
struct TimeSeries {
  std::string name;  ///< snake_case, unique in the file; becomes the group /timeseries/<name>
  std::string unit;
  std::string description;
  TimeAxis time;
  std::vector<QuantileBand> bands;
};

/// One row of a funnel: a stage ("referred", "accepted", "enrolled", ...) or a reason for leaving
/// it ("declined", "moved_away", or "<category>: <reason>"), with the count over replications.
struct FunnelCount {
  std::string name;
  double median = 0;
  double mean = 0;
  friend bool operator==(const FunnelCount&, const FunnelCount&) = default;
};

struct Funnel {
  std::vector<FunnelCount> stages;   ///< in funnel order
  std::vector<FunnelCount> reasons;  ///< reasons for leaving, in the order given
};

/// One column of a Table: a name, its unit and description, and one value per row. Flags are
/// uint8 (0/1), counts and identifiers uint64, measurements float64 (NaN = undefined), text is
/// stored as fixed-length UTF-8 (as wide as the longest value).
struct TableColumn {
  using Values = std::variant<std::vector<std::uint8_t>, std::vector<std::uint64_t>, std::vector<double>,
                              std::vector<std::string>>;
  std::string name;  ///< becomes the compound field name: non-empty, unique in the table
  std::string unit;
  std::string description;
  Values values;

  [[nodiscard]] std::size_t size() const noexcept {
    return std::visit([](const auto& v) { return v.size(); }, values);
  }
};

/// A domain-free table of named columns, all of the same length; one row per record.
struct Table {
  std::vector<TableColumn> columns;
  std::string description;  ///< one sentence about the table (dataset attribute `description`)

  /// Rows of the table (the length of the first column; 0 without columns).
  [[nodiscard]] std::size_t rows() const noexcept { return columns.empty() ? 0 : columns.front().size(); }
  /// The column with this name, or nullptr.
  [[nodiscard]] const TableColumn* column(std::string_view name) const noexcept {
    for (const auto& c : columns)
      if (c.name == name) return &c;
    return nullptr;
  }
};

/// Current UTC time as ISO 8601 with second precision ("2025-03-01T12:00:00Z").
std::string iso8601_utc_now();
/// This machine's host name ("unknown" if it cannot be read).
std::string host_name();

}  // namespace sibsim::output
