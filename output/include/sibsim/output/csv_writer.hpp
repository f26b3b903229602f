#pragma once
/// \file csv_writer.hpp
/// CSV copies of the results for spreadsheets: summary.csv (one row per KPI) and
/// replications.csv (one row per replication). RFC 4180: comma-separated, CRLF line ends, a
/// header row, fields with a comma, quote or line break quoted with doubled quotes; UTF-8
/// without BOM. Numbers use the shortest text that reads back to the same double; an undefined
/// value is `NaN`, infinities are `Inf` / `-Inf`. Each file is written to a temporary name and
/// renamed on commit(), like the HDF5 file.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output {

/// Streaming CSV writer with the same calls as ResultsWriter. commit() renames the files that
/// were started: replications.csv if begin_replications was called, summary.csv if
/// write_summary was called. The directory is created if missing.
class CsvWriter {
 public:
  explicit CsvWriter(std::filesystem::path dir);
  ~CsvWriter();  ///< without commit(): deletes the temporary files
  CsvWriter(CsvWriter&&) noexcept;
  CsvWriter& operator=(CsvWriter&&) noexcept;
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void begin_replications(std::span<const engine::KpiInfo> kpis);
  void append_replications(std::uint64_t first, std::uint64_t count, std::span<const double> rows);
  engine::BatchSink sink();  ///< forwards to append_replications; this writer must outlive it
  void write_summary(const engine::RunResult& result);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Writes summary.csv and, if `rows` is not empty (row-major, result.replications rows of
/// result.kpis.size() values), replications.csv into dir.
void write_csv(const std::filesystem::path& dir, const engine::RunResult& result,
               std::span<const double> rows = {});

/// Writes a Table (results_types.hpp) as one CSV file, atomically (temporary name, then rename):
/// a header row of the column names, then one row per record; flags as 0/1, counts as integers,
/// text quoted when needed. The CSV twin of ResultsWriter::write_table, for the tables of
/// compare, sweep and feasibility files. Throws std::runtime_error naming the file on I/O errors.
void write_table_csv(const std::filesystem::path& file, const Table& table);

/// Converts an HDF5 results file to summary.csv and replications.csv in dir, streaming.
void export_csv(const std::filesystem::path& results_file, const std::filesystem::path& dir);

}  // namespace sibsim::output
