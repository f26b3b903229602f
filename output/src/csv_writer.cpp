#include "sibsim/output/csv_writer.hpp"

#include <fmt/core.h>
#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <type_traits>
#include <variant>

#include "atomic_file.hpp"
#include "schema.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output {

namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

// RFC 4180: quote a field containing a comma, a quote or a line break; double inner quotes.
void put_text(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Shortest text that reads back to the same double (fmt's default); NaN/Inf as R and pandas read them.
void put_number(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "NaN";
  } else if (std::isinf(x)) {
    out += x > 0 ? "Inf" : "-Inf";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", x);
  }
}

void put_number(std::string& out, std::uint64_t x) { fmt::format_to(std::back_inserter(out), "{}", x); }

constexpr std::string_view kEol = "\r\n";

// A CSV file being written: a temp file plus an output buffer.
struct CsvFile {
  detail::TempFile tmp;
  std::string buf;

  explicit CsvFile(std::filesystem::path path) : tmp(std::move(path)) {}
  void maybe_flush() {
    if (buf.size() >= kFlushBytes) flush();
  }
  void flush() {
    tmp.write_all(buf);
    buf.clear();
  }
  void commit() {
    flush();
    tmp.commit();
  }
};

}  // namespace

struct CsvWriter::Impl {
  std::filesystem::path dir;
  std::optional<CsvFile> reps;
  std::optional<CsvFile> summary;
  std::size_t kpis = 0;
  std::uint64_t rows_written = 0;
  bool failed = false;
  bool committed = false;

  explicit Impl(std::filesystem::path d) : dir(std::move(d)) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw IoError(fmt::format("cannot create CSV directory '{}': {}", dir.string(), ec.message()));
  }

  void check_live(std::string_view call) const {
    if (committed) throw std::logic_error(fmt::format("CsvWriter::{}: already committed", call));
    if (failed)
      throw std::logic_error(
          fmt::format("CsvWriter::{}: an earlier write to '{}' failed", call, dir.string()));
  }

  template <class F>
  void step(F&& f) {
    try {
      std::forward<F>(f)();
    } catch (...) {
      failed = true;
      throw;
    }
  }

  void begin_replications(std::span<const engine::KpiInfo> k) {
    check_live("begin_replications");
    if (reps) throw std::logic_error("CsvWriter::begin_replications called twice");
    step([&] {
      reps.emplace(dir / "replications.csv");
      auto& out = reps->buf;
      out += detail::kReplicationField;
      for (const auto& kpi : k) {
        out += ',';
        put_text(out, kpi.name);
      }
      out += kEol;
      kpis = k.size();
    });
  }

  void append_replications(std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
    check_live("append_replications");
    if (!reps) throw std::logic_error("CsvWriter::append_replications before begin_replications");
    if (first != rows_written) {
      throw std::invalid_argument(
          fmt::format("CsvWriter::append_replications: batch starts at replication {}, expected {}", first,
                      rows_written));
    }
    const bool shape_ok = kpis == 0 ? rows.empty() : rows.size() % kpis == 0 && rows.size() / kpis == count;
    if (!shape_ok) {
      throw std::invalid_argument(fmt::format(
          "CsvWriter::append_replications: {} values for {} rows of {} KPIs", rows.size(), count, kpis));
    }
    step([&] {
      auto& out = reps->buf;
      for (std::uint64_t i = 0; i < count; ++i) {
        put_number(out, first + i);
        for (std::size_t j = 0; j < kpis; ++j) {
          out += ',';
          put_number(out, rows[i * kpis + j]);
        }
        out += kEol;
        reps->maybe_flush();
      }
      rows_written += count;
    });
  }

  void write_summary(const engine::RunResult& r) {
    check_live("write_summary");
    if (summary) throw std::logic_error("CsvWriter::write_summary called twice");
    if (r.kpis.size() != r.summary.size()) {
      throw std::invalid_argument(
          fmt::format("CsvWriter::write_summary: {} KPIs but {} summaries", r.kpis.size(), r.summary.size()));
    }
    step([&] {
      summary.emplace(dir / "summary.csv");
      auto& out = summary->buf;
      out += "name,unit,description";
      for (const auto& [name, member] : detail::kSummaryCounts)
        fmt::format_to(std::back_inserter(out), ",{}", name);
      for (const auto& [name, member] : detail::kSummaryValues)
        fmt::format_to(std::back_inserter(out), ",{}", name);
      out += kEol;
      for (std::size_t i = 0; i < r.kpis.size(); ++i) {
        put_text(out, r.kpis[i].name);
        out += ',';
        put_text(out, r.kpis[i].unit);
        out += ',';
        put_text(out, r.kpis[i].description);
        for (const auto& [name, member] : detail::kSummaryCounts) {
          out += ',';
          put_number(out, r.summary[i].*member);
        }
        for (const auto& [name, member] : detail::kSummaryValues) {
          out += ',';
          put_number(out, r.summary[i].*member);
        }
        out += kEol;
      }
    });
  }

  void commit() {
    check_live("commit");
    step([&] {
      if (reps) reps->commit();
      if (summary) summary->commit();
    });
    committed = true;
  }
};

CsvWriter::CsvWriter(std::filesystem::path dir) : impl_(std::make_unique<Impl>(std::move(dir))) {}
CsvWriter::~CsvWriter() = default;
CsvWriter::CsvWriter(CsvWriter&&) noexcept = default;
CsvWriter& CsvWriter::operator=(CsvWriter&&) noexcept = default;

namespace {
template <class T>
T& live_csv(const std::unique_ptr<T>& p) {
  if (!p) throw std::logic_error("use of a moved-from CsvWriter");
  return *p;
}
}  // namespace

void CsvWriter::begin_replications(std::span<const engine::KpiInfo> kpis) {
  live_csv(impl_).begin_replications(kpis);
}
void CsvWriter::append_replications(std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
  live_csv(impl_).append_replications(first, count, rows);
}
engine::BatchSink CsvWriter::sink() {
  Impl* impl = &live_csv(impl_);
  return [impl](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
    impl->append_replications(first, count, rows);
  };
}
void CsvWriter::write_summary(const engine::RunResult& result) { live_csv(impl_).write_summary(result); }
void CsvWriter::commit() { live_csv(impl_).commit(); }

void write_csv(const std::filesystem::path& dir, const engine::RunResult& result,
               std::span<const double> rows) {
  CsvWriter w(dir);
  if (!rows.empty()) {
    w.begin_replications(result.kpis);
    w.append_replications(0, result.replications, rows);
  }
  w.write_summary(result);
  w.commit();
}

void export_csv(const std::filesystem::path& results_file, const std::filesystem::path& dir) {
  const auto summary = read_summary(results_file);  // fails early on a bad file, before creating anything
  const auto info = read_replications_info(results_file);
  CsvWriter w(dir);
  if (info.present) {
    w.begin_replications(info.kpis);
    read_replications(results_file, w.sink());
  }
  w.write_summary(summary);
  w.commit();
}

void write_table_csv(const std::filesystem::path& file, const Table& table) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  CsvFile csv(file);
  std::string& out = csv.buf;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out += ',';
    put_text(out, table.columns[c].name);
  }
  out += kEol;
  const std::size_t rows = table.rows();
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) out += ',';
      std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::vector<std::string>>)
              put_text(out, v.at(r));
            else if constexpr (std::is_same_v<V, std::vector<std::uint8_t>>)
              out += v.at(r) != 0 ? '1' : '0';
            else
              put_number(out, v.at(r));
          },
          table.columns[c].values);
    }
    out += kEol;
    csv.maybe_flush();
  }
  csv.commit();
}

}  // namespace sibsim::output
