#pragma once
/// \file results_reader.hpp
/// Reads back what ResultsWriter wrote (used by `sibsim report`, CSV export and tests). Every
/// function opens the file read-only, checks filetype and format major version, and throws
/// std::runtime_error naming the file and the object on any problem.

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output {

/// Root attributes and /meta. run.kind is "run" for files of format 1.0 and 1.1 (which have no
/// kind); run.input_yaml is empty when the file has no /meta/input_yaml; run.model and
/// run.scenario_description are empty in files before format 1.3.
struct FileMeta {
  std::array<int, 2> format_version{};  ///< [major, minor]
  std::string creation_time;
  std::uint64_t replications = 0;  ///< root attribute: replications stored in the file
  RunMeta run;
};

FileMeta read_meta(const std::filesystem::path& path);

/// /summary as a RunResult: kpis (name, unit, description), summary, replications, seed,
/// threads used, wall_seconds and target_reached.
engine::RunResult read_summary(const std::filesystem::path& path);

/// The KPI catalogue: /kpis with labels and groups (split at ';'). Files without /kpis (format
/// 1.2 and older) give the names, units and descriptions of /summary, or else of /replications,
/// without labels or groups; files with neither give none.
std::vector<engine::KpiInfo> read_kpis(const std::filesystem::path& path);

/// KPIs of /replications (in field order, `replication` excluded) and the number of rows.
/// present is false (and the rest empty) when the run did not store per-replication values.
struct ReplicationsInfo {
  bool present = false;
  std::vector<engine::KpiInfo> kpis;
  std::uint64_t rows = 0;
};
ReplicationsInfo read_replications_info(const std::filesystem::path& path);

/// Streams /replications to `sink` in blocks of at most batch_rows rows (row-major, in the order
/// of read_replications_info().kpis), so memory stays flat. Returns the info.
ReplicationsInfo read_replications(const std::filesystem::path& path, const engine::BatchSink& sink,
                                   std::uint64_t batch_rows = 8192);

/// Names of the groups under /timeseries (sorted), and one series.
std::vector<std::string> list_timeseries(const std::filesystem::path& path);
TimeSeries read_timeseries(const std::filesystem::path& path, std::string_view name);

/// /funnel (empty vectors if the file has no funnel).
Funnel read_funnel(const std::filesystem::path& path);

/// The file's kind: the root attribute `kind` ("run", "compare", "sweep" or "feasibility"; see
/// kKindRun ...), or "run" for files of format 1.0 and 1.1, which have none.
std::string read_kind(const std::filesystem::path& path);

/// True if the file holds a group or dataset at `object_path` (e.g. "/sensitivity/sobol"); false
/// also when a group on the way is missing.
bool has_object(const std::filesystem::path& path, std::string_view object_path);

/// The 1-D compound dataset at `table_path` ("/design", "/compare/kpis", "/persons", ...) as a
/// Table, read block by block: 1-byte unsigned integer fields as uint8 columns, other integers as
/// uint64, floats as float64, strings as strings; units, descriptions and description from the
/// dataset's attributes (empty when absent). Throws std::runtime_error naming the file and the
/// path if there is no such table.
Table read_table(const std::filesystem::path& path, std::string_view table_path);

/// /persons as a Table (no columns if the file has none): uint8 fields as uint8 columns, other
/// integers as uint64, floats as float64, strings as strings; units and descriptions from the
/// dataset's attributes.
Table read_persons(const std::filesystem::path& path);

}  // namespace sibsim::output
