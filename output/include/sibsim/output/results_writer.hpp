#pragma once
/// \file results_writer.hpp
/// Streaming, atomic writer of a sibsim HDF5 results file (layout: output/SCHEMA.md).
///
/// Everything goes to "<path>.tmp-<pid>" in the target directory; only commit() flushes, fsyncs
/// and renames it to `path`. A writer destroyed without commit() (an exception, a cancelled run)
/// deletes its temporary file, so a failed run never leaves a half-written file and never
/// replaces an earlier good one. After any failed call the writer refuses to commit.
///
/// Per-replication rows are appended batch by batch to a chunked, compressed dataset, so memory
/// stays flat however many replications run. Not thread-safe: call it from one thread (the
/// runner's BatchSink is called on the calling thread).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output {

class ResultsWriter {
 public:
  /// Creates the temporary file and writes the root attributes. Throws std::runtime_error
  /// (naming the path and the OS reason) if the directory is missing or not writable, or if
  /// `path` is a directory.
  ResultsWriter(std::filesystem::path path, RunMeta meta);
  /// Without a successful commit(): closes and deletes the temporary file. Never throws.
  ~ResultsWriter();
  ResultsWriter(ResultsWriter&&) noexcept;
  ResultsWriter& operator=(ResultsWriter&&) noexcept;
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// Creates /replications with one float64 field per KPI plus `replication` (uint64). Call at
  /// most once, before append_replications. Throws std::invalid_argument on an empty, duplicate
  /// or reserved ("replication") KPI name.
  void begin_replications(std::span<const engine::KpiInfo> kpis);
  /// Appends rows [first, first + count): row-major, kpis.size() doubles per row, NaN = undefined.
  /// Batches must arrive in order without gaps (first == rows written so far).
  void append_replications(std::uint64_t first, std::uint64_t count, std::span<const double> rows);
  /// A BatchSink forwarding to append_replications; this writer must outlive its use.
  engine::BatchSink sink();

  /// Writes /summary (one row per KPI). Call at most once. If begin_replications was called,
  /// the KPI names must match and commit() checks that result.replications rows were appended.
  void write_summary(const engine::RunResult& result);

  /// Writes the group /timeseries/<name>. bands.size() must equal the number of time points.
  void write_timeseries(std::string_view name, const TimeAxis& time, std::span<const QuantileBand> bands,
                        std::string_view unit = {}, std::string_view description = {});
  void write_timeseries(const TimeSeries& series);

  /// Writes /kpis, the KPI catalogue: one row per KPI with its name, unit, description, label and
  /// groups (';'-joined). Call at most once, before commit(). Without this call, commit() writes
  /// /kpis from the KPIs given to write_summary (or else begin_replications), so every run file
  /// has one; files of comparisons, sweeps and feasibility questions call it with the KPIs they
  /// report on. Throws std::invalid_argument, leaving the writer usable, on an empty or duplicate
  /// name, or a group that is empty or holds ';'.
  void write_kpis(std::span<const engine::KpiInfo> kpis);

  /// Writes /funnel/stages and /funnel/reasons. Call at most once.
  void write_funnel(std::span<const FunnelCount> stages, std::span<const FunnelCount> reasons);

  /// Writes /persons, the audit sample of simulated persons, as write_table does, plus the
  /// attribute `replications_complete` (the number of replications, from 0, whose persons are all
  /// in the table). Call at most once. Throws std::invalid_argument as write_table does.
  void write_persons(const Table& persons, std::uint64_t replications_complete);

  /// Writes a table at `path` ("/design", "/compare/kpis", "/sensitivity/sobol"; missing groups
  /// on the way are created): a 1-D compound dataset with one field per column, in column order
  /// (uint8, uint64, float64, fixed-length UTF-8 strings), chunked, compressed and written block
  /// by block, so tables of millions of rows are fine. Attributes: `units` and `descriptions`
  /// (one per field) and `description` (Table::description). Column names may hold any
  /// characters but '\0', e.g. "arrivals.end" or "served:p95". Throws std::invalid_argument,
  /// leaving the writer usable, if the table has no columns, an empty or duplicate column name or
  /// columns of different lengths; if the path does not start with '/', has an empty, "." or ".."
  /// component, is already written, or lies under a part the writer fills itself (/meta, /kpis,
  /// /replications, /summary, /timeseries, /funnel, /persons). A table of 0 rows is fine.
  void write_table(std::string_view path, const Table& table);

  /// Sets /meta end_time (otherwise commit() uses the current time).
  void set_end_time(std::string iso8601);

  /// Writes /meta, closes the file, fsyncs it, renames it to path() and fsyncs the directory.
  /// On failure the temporary file is removed and std::runtime_error is thrown.
  void commit();

  [[nodiscard]] const std::filesystem::path& path() const noexcept;
  [[nodiscard]] const std::filesystem::path& temp_path() const noexcept;
  [[nodiscard]] bool committed() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sibsim::output
