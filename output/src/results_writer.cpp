#include "sibsim/output/results_writer.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <unordered_set>
#include <variant>

#include "atomic_file.hpp"
#include "h5_util.hpp"
#include "schema.hpp"
#include "table_io.hpp"

namespace sibsim::output {

namespace {

using detail::h5_try;
using detail::write_attr;

// The cause of a failed HDF5 write in a few words: the operating system's message if the library
// reported an errno (a full disk: "No space left on device"), else HDF5's whole message.
std::string write_cause(const std::string& h5_message) {
  const std::size_t at = h5_message.find("errno = ");
  if (at != std::string::npos) {
    const int err = std::atoi(h5_message.c_str() + at + 8);
    if (err > 0) return std::strerror(err);
  }
  return h5_message;
}

// Silences std::cerr while alive: HDF5's C++ destructors print there when a close fails during
// unwinding ("DataSet::~DataSet - H5Dclose failed"); the IoError thrown says it in one line.
class MuteCerr {
 public:
  MuteCerr() : old_(std::cerr.rdbuf(nullptr)) {}
  ~MuteCerr() {
    std::cerr.rdbuf(old_);
    std::cerr.clear();
  }
  MuteCerr(const MuteCerr&) = delete;
  MuteCerr& operator=(const MuteCerr&) = delete;

 private:
  std::streambuf* old_;
};

// Closes an HDF5 handle (throws H5::Exception). One HDF5 cannot close (a flush failing on a full
// disk) is abandoned: a copy holds a reference until the process ends, because closing it again,
// also in the library's exit clean-up, crashes HDF5 1.10. The app therefore ends with _Exit after
// an error.
template <class H>
void close_handle(std::unique_ptr<H>& h) {
  if (!h) return;
  try {
    h->close();
  } catch (const H5::Exception&) {
    static auto* abandoned = new std::vector<H*>();  // reachable: not a leak to LeakSanitizer
    try {
      abandoned->push_back(h.get());
    } catch (...) {
    }
    (void)h.release();  // never destroyed: its destructor would close it again
    throw;
  }
  h.reset();
}

template <class H>
void close_or_abandon(std::unique_ptr<H>& h) noexcept {
  const MuteCerr mute;
  try {
    close_handle(h);
  } catch (const H5::Exception&) {
    // abandoned; the error that led here is the one reported
  }
}

// A write step of the results file: the test fault seam, then f(); any failure to write becomes
// IoError "cannot write results file '<path>' (<what>): <cause>".
template <class F>
void write_try(const std::filesystem::path& path, std::string_view what, F&& f) {
  const MuteCerr mute;
  try {
    before_write("cannot write results file", path);
    h5_try(what, std::forward<F>(f));
  } catch (const IoError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw IoError(
        fmt::format("cannot write results file '{}' ({}): {}", path.string(), what, write_cause(e.what())));
  }
}

// Names become HDF5 link names or compound field names: non-empty, unique, no '/' in links.
void check_names(std::span<const std::string> names, std::string_view what, bool link_names) {
  std::unordered_set<std::string_view> seen;
  for (const auto& n : names) {
    if (n.empty()) throw std::invalid_argument(fmt::format("{}: empty name", what));
    if (link_names && (n.find('/') != std::string::npos || n == "." || n == "..")) {
      throw std::invalid_argument(fmt::format("{}: name '{}' may not contain '/' or be '.'/'..'", what, n));
    }
    if (!seen.insert(n).second) throw std::invalid_argument(fmt::format("{}: duplicate name '{}'", what, n));
  }
}

// "/sensitivity/sobol" -> {"sensitivity", "sobol"}; refuses paths the writer fills itself.
std::vector<std::string> table_path(std::string_view path) {
  const auto bad = [&](std::string_view why) {
    return std::invalid_argument(fmt::format("ResultsWriter::write_table: path '{}' {}", path, why));
  };
  if (!path.starts_with('/')) throw bad("must start with '/' (e.g. \"/design\")");
  std::vector<std::string> parts;
  for (std::size_t at = 1; at <= path.size();) {
    const auto end = std::min(path.find('/', at), path.size());
    const std::string part(path.substr(at, end - at));
    if (part.empty() || part == "." || part == "..") throw bad("has an empty, '.' or '..' component");
    parts.push_back(part);
    at = end + 1;
  }
  if (parts.empty()) throw bad("names no table");
  for (const char* reserved :
       {detail::kMetaGroup, detail::kKpisPath, detail::kReplicationsPath, detail::kSummaryPath,
        detail::kTimeseriesGroup, detail::kFunnelGroup, detail::kPersonsPath}) {
    if (std::string_view(reserved).substr(1) == parts.front())
      throw bad("is reserved (written by its own ResultsWriter call)");
  }
  return parts;
}

std::vector<std::string> kpi_names(std::span<const engine::KpiInfo> kpis) {
  std::vector<std::string> v;
  v.reserve(kpis.size());
  for (const auto& k : kpis) v.push_back(k.name);
  return v;
}

RunMeta checked_meta(RunMeta meta) {
  for (const char* kind :
       {kKindRun, kKindCompare, kKindSweep, kKindFeasibility, kKindCalibration, kKindForecast})
    if (meta.kind == kind) return meta;
  throw std::invalid_argument(
      fmt::format("ResultsWriter: RunMeta::kind '{}' is not one of run, compare, sweep, feasibility, "
                  "calibration, forecast",
                  meta.kind));
}

// The KPI catalogue as a table: name, unit, description, label, groups (';'-joined).
Table kpi_table(std::span<const engine::KpiInfo> kpis) {
  std::vector<std::string> name, unit, description, label, groups;
  for (const auto& k : kpis) {
    name.push_back(k.name);
    unit.push_back(k.unit);
    description.push_back(k.description);
    label.push_back(k.label);
    std::string joined;
    for (const auto& g : k.groups) {
      if (!joined.empty()) joined.push_back(detail::kGroupSeparator);
      joined += g;
    }
    groups.push_back(std::move(joined));
  }
  Table t;
  t.description = "the KPIs: name, unit, description, short label and groups";
  t.columns.push_back(
      {"name", "", "KPI name (snake_case), as in /replications and /summary", std::move(name)});
  t.columns.push_back({"unit", "", "unit of the KPI's values", std::move(unit)});
  t.columns.push_back({"description", "", "one sentence", std::move(description)});
  t.columns.push_back({"label", "", "short name for people; empty: the name", std::move(label)});
  t.columns.push_back(
      {"groups", "", "groups of the KPI, separated by ';' (e.g. headline)", std::move(groups)});
  return t;
}

void check_kpi_catalogue(std::span<const engine::KpiInfo> kpis) {
  check_names(kpi_names(kpis), "ResultsWriter::write_kpis", false);
  for (const auto& k : kpis) {
    for (const auto& g : k.groups) {
      if (g.empty() || g.find(detail::kGroupSeparator) != std::string::npos) {
        throw std::invalid_argument(fmt::format(
            "ResultsWriter::write_kpis: KPI '{}' has a group '{}' that is empty or holds ';'", k.name, g));
      }
    }
  }
}

H5::DataSet write_counts(const H5::Group& g, const char* name, std::span<const FunnelCount> counts) {
  std::vector<std::string> names;
  for (const auto& c : counts) names.push_back(c.name);
  detail::Record rec;
  const auto f_name = rec.add_str("name", detail::fixed_utf8(detail::max_length(names)));
  const auto f_median = rec.add_f64("median");
  const auto f_mean = rec.add_f64("mean");
  std::vector<std::byte> buf(counts.size() * rec.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    std::byte* row = buf.data() + i * rec.size();
    rec.put_str(row, f_name, counts[i].name);
    rec.put_f64(row, f_median, counts[i].median);
    rec.put_f64(row, f_mean, counts[i].mean);
  }
  return detail::write_table(g, name, rec, buf, counts.size());
}

}  // namespace

struct ResultsWriter::Impl {
  std::filesystem::path path;
  RunMeta meta;
  detail::TempFile tmp;              // declared before the HDF5 handles: destroyed (temp deleted) after them
  std::unique_ptr<H5::H5File> file;  // pointers: one HDF5 cannot close is abandoned (close_handle)
  std::unique_ptr<H5::DataSet> reps;
  std::optional<H5::CompType> reps_mem_type;
  detail::Record reps_rec;
  std::vector<engine::KpiInfo> kpis;
  std::vector<engine::KpiInfo> summary_kpis;  ///< of write_summary: the default catalogue
  std::vector<std::byte> buf;
  std::set<std::string, std::less<>> timeseries;
  std::uint64_t rows_written = 0;
  std::uint64_t summary_replications = 0;
  bool began = false;
  bool summary_written = false;
  bool funnel_written = false;
  bool persons_written = false;
  bool kpis_written = false;
  bool failed = false;
  bool committed = false;

  Impl(std::filesystem::path p, RunMeta m) : path(std::move(p)), meta(checked_meta(std::move(m))), tmp(path) {
    detail::h5_quiet();
    write_try(path, "creating the file", [&] {
      H5::FileAccPropList fapl;
      // Closing the file fails if an object is still open (instead of silently staying open),
      // so commit() cannot fsync and rename a file HDF5 has not finished writing.
      fapl.setFcloseDegree(H5F_CLOSE_SEMI);
      // HDF5 opens by name: through /proc/self/fd it reaches the very file TempFile created
      // exclusively, even if someone swapped the temporary name for a symlink meanwhile.
      const std::string by_fd = fmt::format("/proc/self/fd/{}", tmp.fd());
      const std::string name = ::access(by_fd.c_str(), W_OK) == 0 ? by_fd : tmp.temp_path().string();
      file = std::make_unique<H5::H5File>(name, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, fapl);
      const std::array<int, 2> version{kFormatMajor, kFormatMinor};
      write_attr(*file, "filetype", kFileType);
      write_attr(*file, "format_version", std::span<const int>(version));
      write_attr(*file, "program_version", meta.program_version);
      write_attr(*file, "git_commit", meta.git_commit);
      write_attr(*file, "creation_time", iso8601_utc_now());
      write_attr(*file, "seed", meta.seed);
      write_attr(*file, "rng_recipe", meta.rng_recipe);
      write_attr(*file, "kind", meta.kind);
      write_attr(*file, "model", meta.model);
    });
  }

  ~Impl() {
    // Close HDF5 objects before the file, then TempFile's destructor deletes the temp file.
    close_or_abandon(reps);
    close_or_abandon(file);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  [[nodiscard]] std::string context(std::string_view what) const {
    return fmt::format("results file '{}' ({}): {}", path.string(), tmp.temp_path().filename().string(),
                       what);
  }

  void check_live(std::string_view call) const {
    if (committed) throw std::logic_error(fmt::format("ResultsWriter::{}: already committed", call));
    if (failed) {
      throw std::logic_error(
          fmt::format("ResultsWriter::{}: an earlier write to '{}' failed", call, path.string()));
    }
  }

  // Runs a write step; any failure poisons the writer so that it can never commit.
  template <class F>
  void step(std::string_view what, F&& f) {
    try {
      write_try(path, what, std::forward<F>(f));
    } catch (...) {
      failed = true;
      throw;
    }
  }

  void begin_replications(std::span<const engine::KpiInfo> k) {
    check_live("begin_replications");
    if (began) throw std::logic_error("ResultsWriter::begin_replications called twice");
    const auto names = kpi_names(k);
    check_names(names, "ResultsWriter::begin_replications", false);
    for (const auto& n : names) {
      if (n == detail::kReplicationField) {
        throw std::invalid_argument(
            fmt::format("ResultsWriter::begin_replications: KPI name '{}' is reserved", n));
      }
    }
    step("creating /replications", [&] {
      kpis.assign(k.begin(), k.end());
      reps_rec = detail::Record{};
      reps_rec.add_u64(detail::kReplicationField);
      for (const auto& n : names) reps_rec.add_f64(n);
      const hsize_t dims[1] = {0};
      const hsize_t maxdims[1] = {H5S_UNLIMITED};
      const H5::DataSpace space(1, dims, maxdims);
      reps = std::make_unique<H5::DataSet>(
          file->createDataSet(detail::kReplicationsPath, reps_rec.file_type(), space,
                              detail::extendible_table_props(reps_rec.size())));
      reps_mem_type.emplace(reps_rec.mem_type());
      std::vector<std::string> units{""};
      std::vector<std::string> descriptions{
          "replication index, 0-based; with the seed it fixes every random draw"};
      for (const auto& kpi : kpis) {
        units.push_back(kpi.unit);
        descriptions.push_back(kpi.description);
      }
      write_attr(*reps, "units", std::span<const std::string>(units));
      write_attr(*reps, "descriptions", std::span<const std::string>(descriptions));
      began = true;
    });
  }

  void append_replications(std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
    check_live("append_replications");
    if (!began) throw std::logic_error("ResultsWriter::append_replications before begin_replications");
    if (first != rows_written) {
      throw std::invalid_argument(fmt::format(
          "ResultsWriter::append_replications: batch starts at replication {}, expected {} (batches must "
          "arrive in order without gaps)",
          first, rows_written));
    }
    const std::size_t k = kpis.size();
    const bool shape_ok = k == 0 ? rows.empty() : rows.size() % k == 0 && rows.size() / k == count;
    if (!shape_ok) {
      throw std::invalid_argument(fmt::format(
          "ResultsWriter::append_replications: {} values for {} rows of {} KPIs", rows.size(), count, k));
    }
    if (count == 0) return;
    step(fmt::format("appending replications {}..{}", first, first + count - 1), [&] {
      const std::size_t rec = reps_rec.size();
      for (std::uint64_t done = 0; done < count;) {
        const std::uint64_t n = std::min(detail::kBlockRows, count - done);
        buf.resize(static_cast<std::size_t>(n) * rec);
        for (std::uint64_t i = 0; i < n; ++i) {
          std::byte* row = buf.data() + i * rec;
          reps_rec.put_u64(row, 0, first + done + i);
          const double* values = rows.data() + (done + i) * k;
          for (std::size_t j = 0; j < k; ++j) reps_rec.put_f64(row, j + 1, values[j]);
        }
        const hsize_t new_size[1] = {rows_written + n};
        reps->extend(new_size);
        H5::DataSpace file_space = reps->getSpace();
        const hsize_t start[1] = {rows_written};
        const hsize_t block[1] = {n};
        file_space.selectHyperslab(H5S_SELECT_SET, block, start);
        const H5::DataSpace mem_space(1, block);
        reps->write(buf.data(), *reps_mem_type, mem_space, file_space);
        rows_written += n;
        done += n;
      }
    });
  }

  void write_summary(const engine::RunResult& r) {
    check_live("write_summary");
    if (summary_written) throw std::logic_error("ResultsWriter::write_summary called twice");
    if (r.kpis.size() != r.summary.size()) {
      throw std::invalid_argument(fmt::format("ResultsWriter::write_summary: {} KPIs but {} summaries",
                                              r.kpis.size(), r.summary.size()));
    }
    const auto names = kpi_names(r.kpis);
    check_names(names, "ResultsWriter::write_summary", false);
    if (began && names != kpi_names(kpis)) {
      throw std::invalid_argument(
          "ResultsWriter::write_summary: KPIs differ from those given to begin_replications");
    }
    if (r.seed != meta.seed) {
      throw std::invalid_argument(fmt::format(
          "ResultsWriter::write_summary: result seed {} differs from RunMeta::seed {}", r.seed, meta.seed));
    }
    step("writing /summary", [&] {
      std::vector<std::string> units;
      std::vector<std::string> descriptions;
      for (const auto& kpi : r.kpis) {
        units.push_back(kpi.unit);
        descriptions.push_back(kpi.description);
      }
      detail::Record rec;
      const auto f_name = rec.add_str("name", detail::fixed_utf8(detail::max_length(names)));
      const auto f_unit = rec.add_str("unit", detail::fixed_utf8(detail::max_length(units)));
      for (const auto& [name, member] : detail::kSummaryCounts) rec.add_u64(name);
      for (const auto& [name, member] : detail::kSummaryValues) rec.add_f64(name);
      std::vector<std::byte> table(r.kpis.size() * rec.size());
      for (std::size_t i = 0; i < r.kpis.size(); ++i) {
        std::byte* row = table.data() + i * rec.size();
        rec.put_str(row, f_name, names[i]);
        rec.put_str(row, f_unit, units[i]);
        std::size_t field = f_unit + 1;
        for (const auto& [name, member] : detail::kSummaryCounts)
          rec.put_u64(row, field++, r.summary[i].*member);
        for (const auto& [name, member] : detail::kSummaryValues)
          rec.put_f64(row, field++, r.summary[i].*member);
      }
      const auto ds = detail::write_table(*file, detail::kSummaryPath, rec, table, r.kpis.size());
      write_attr(ds, "descriptions", std::span<const std::string>(descriptions));
      write_attr(ds, "replications", r.replications);
      write_attr(ds, "seed", r.seed);
      write_attr(ds, "threads_used", static_cast<std::uint64_t>(r.threads));
      write_attr(ds, "wall_seconds", r.wall_seconds);
      detail::write_bool_attr(ds, "target_reached", r.target_reached);
      summary_replications = r.replications;
      summary_kpis = r.kpis;
      summary_written = true;
    });
  }

  void write_timeseries(std::string_view name, const TimeAxis& time, std::span<const QuantileBand> bands,
                        std::string_view unit, std::string_view description) {
    check_live("write_timeseries");
    const std::string n(name);
    check_names(std::span<const std::string>(&n, 1), "ResultsWriter::write_timeseries", true);
    if (timeseries.contains(n)) {
      throw std::invalid_argument(
          fmt::format("ResultsWriter::write_timeseries: series '{}' written twice", n));
    }
    const std::size_t points = std::visit([](const auto& v) { return v.size(); }, time);
    if (points != bands.size()) {
      throw std::invalid_argument(
          fmt::format("ResultsWriter::write_timeseries: series '{}' has {} time points but {} bands", n,
                      points, bands.size()));
    }
    step(fmt::format("writing /timeseries/{}", n), [&] {
      if (timeseries.empty()) file->createGroup(detail::kTimeseriesGroup);
      const auto g = file->createGroup(fmt::format("{}/{}", detail::kTimeseriesGroup, n));
      write_attr(g, "unit", unit);
      write_attr(g, "description", description);
      if (const auto* dates = std::get_if<std::vector<std::string>>(&time)) {
        write_attr(g, "time_kind", "date");
        detail::write_string_column(g, "time", *dates);
      } else {
        write_attr(g, "time_kind", "day");
        detail::write_f64_column(g, "time", std::get<std::vector<double>>(time));
      }
      detail::Record rec;
      for (const auto& [field, member] : detail::kBandFields) rec.add_f64(field);
      std::vector<std::byte> table(bands.size() * rec.size());
      for (std::size_t i = 0; i < bands.size(); ++i) {
        std::size_t field = 0;
        for (const auto& [fname, member] : detail::kBandFields) {
          rec.put_f64(table.data() + i * rec.size(), field++, bands[i].*member);
        }
      }
      detail::write_table(g, "bands", rec, table, bands.size());
      timeseries.insert(n);
    });
  }

  void write_funnel(std::span<const FunnelCount> stages, std::span<const FunnelCount> reasons) {
    check_live("write_funnel");
    if (funnel_written) throw std::logic_error("ResultsWriter::write_funnel called twice");
    for (const auto* list : {&stages, &reasons}) {
      std::vector<std::string> names;
      for (const auto& c : *list) names.push_back(c.name);
      check_names(
          names,
          list == &stages ? "ResultsWriter::write_funnel stages" : "ResultsWriter::write_funnel reasons",
          false);
    }
    step("writing /funnel", [&] {
      const auto g = file->createGroup(detail::kFunnelGroup);
      write_counts(g, "stages", stages);
      write_counts(g, "reasons", reasons);
      funnel_written = true;
    });
  }

  void write_kpis(std::span<const engine::KpiInfo> catalogue) {
    check_live("write_kpis");
    if (kpis_written) throw std::logic_error("ResultsWriter::write_kpis called twice");
    check_kpi_catalogue(catalogue);
    step("writing /kpis", [&] {
      (void)detail::write_table_dataset(*file, detail::kKpisPath, kpi_table(catalogue));
      kpis_written = true;
    });
  }

  void write_persons(const Table& table, std::uint64_t replications_complete) {
    check_live("write_persons");
    if (persons_written) throw std::logic_error("ResultsWriter::write_persons called twice");
    detail::check_table(table, "ResultsWriter::write_persons");
    step("writing /persons", [&] {
      const auto ds = detail::write_table_dataset(*file, detail::kPersonsPath, table);
      write_attr(ds, "replications_complete", replications_complete);
      persons_written = true;
    });
  }

  void write_table(std::string_view where, const Table& table) {
    check_live("write_table");
    const auto parts = table_path(where);
    const std::string who = fmt::format("ResultsWriter::write_table('{}')", where);
    detail::check_table(table, who);
    // Refuse a taken path before writing anything, so the mistake does not spoil the file.
    std::string at;
    h5_try(context(fmt::format("checking {}", where)), [&] {
      for (std::size_t i = 0; i < parts.size(); ++i) {
        at.push_back('/');
        at.append(parts[i]);
        if (!file->nameExists(at)) return;
        const bool last = i + 1 == parts.size();
        if (last) throw std::invalid_argument(fmt::format("{}: '{}' is already written", who, at));
        if (file->childObjType(at) != H5O_TYPE_GROUP)
          throw std::invalid_argument(fmt::format("{}: '{}' is not a group", who, at));
      }
    });
    step(fmt::format("writing {}", where), [&] {
      H5::Group group = file->openGroup("/");
      for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        group = group.nameExists(parts[i]) ? group.openGroup(parts[i]) : group.createGroup(parts[i]);
      }
      (void)detail::write_table_dataset(group, parts.back(), table);
    });
  }

  void commit() {
    check_live("commit");
    if (began && summary_written && rows_written != summary_replications) {
      failed = true;
      throw std::logic_error(
          fmt::format("ResultsWriter::commit: {} replication rows written but the summary covers {}",
                      rows_written, summary_replications));
    }
    // Every run file describes its KPIs: the catalogue of the summary or the replications unless
    // the caller wrote one (their names were checked when they were given).
    if (!kpis_written && (summary_written || began)) write_kpis(summary_written ? summary_kpis : kpis);
    if (!meta.provenance.empty())
      write_table(detail::kProvenancePath, detail::provenance_table(meta.provenance));
    try {
      write_try(path, "writing /meta and closing", [&] {
        if (meta.end_time.empty()) meta.end_time = iso8601_utc_now();
        write_attr(*file, "replications", summary_written ? summary_replications : rows_written);
        {  // the group must be closed before the file (H5F_CLOSE_SEMI)
          const auto g = file->createGroup(detail::kMetaGroup);
          write_attr(g, "kind", meta.kind);
          write_attr(g, "model", meta.model);
          write_attr(g, "program_version", meta.program_version);
          write_attr(g, "git_commit", meta.git_commit);
          write_attr(g, "rng_recipe", meta.rng_recipe);
          write_attr(g, "rng_recipe_version", meta.rng_recipe_version);
          write_attr(g, "seed", meta.seed);
          write_attr(g, "replications_requested", meta.replications_requested);
          write_attr(g, "threads", static_cast<std::uint64_t>(meta.threads));
          write_attr(g, "scenario_name", meta.scenario_name);
          write_attr(g, "scenario_description", meta.scenario_description);
          write_attr(g, "start_time", meta.start_time);
          write_attr(g, "end_time", meta.end_time);
          write_attr(g, "host", meta.host);
          write_attr(g, "command_line", std::span<const std::string>(meta.command_line));
          detail::write_text(g, "scenario_yaml_given", meta.scenario_yaml_given);
          detail::write_text(g, "scenario_yaml_resolved", meta.scenario_yaml_resolved);
          if (!meta.input_yaml.empty()) detail::write_text(g, "input_yaml", meta.input_yaml);
          if (!meta.posterior_file.empty()) {
            write_attr(g, "posterior_file", meta.posterior_file);
            write_attr(g, "posterior_hash", meta.posterior_hash);
          }
        }
        close_handle(reps);
        close_handle(file);
      });
      tmp.commit();
    } catch (...) {
      failed = true;  // the original error is the one worth reporting
      close_or_abandon(reps);
      close_or_abandon(file);
      tmp.discard();
      throw;
    }
    committed = true;
  }
};

ResultsWriter::ResultsWriter(std::filesystem::path path, RunMeta meta)
    : impl_(std::make_unique<Impl>(std::move(path), std::move(meta))) {}
ResultsWriter::~ResultsWriter() = default;
ResultsWriter::ResultsWriter(ResultsWriter&&) noexcept = default;
ResultsWriter& ResultsWriter::operator=(ResultsWriter&&) noexcept = default;

namespace {
template <class T>
T& live(const std::unique_ptr<T>& p) {
  if (!p) throw std::logic_error("use of a moved-from ResultsWriter");
  return *p;
}
}  // namespace

void ResultsWriter::begin_replications(std::span<const engine::KpiInfo> kpis) {
  live(impl_).begin_replications(kpis);
}

void ResultsWriter::append_replications(std::uint64_t first, std::uint64_t count,
                                        std::span<const double> rows) {
  live(impl_).append_replications(first, count, rows);
}

engine::BatchSink ResultsWriter::sink() {
  Impl* impl = &live(impl_);  // stable across moves of the ResultsWriter
  return [impl](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
    impl->append_replications(first, count, rows);
  };
}

void ResultsWriter::write_summary(const engine::RunResult& result) { live(impl_).write_summary(result); }

void ResultsWriter::write_timeseries(std::string_view name, const TimeAxis& time,
                                     std::span<const QuantileBand> bands, std::string_view unit,
                                     std::string_view description) {
  live(impl_).write_timeseries(name, time, bands, unit, description);
}

void ResultsWriter::write_timeseries(const TimeSeries& s) {
  live(impl_).write_timeseries(s.name, s.time, s.bands, s.unit, s.description);
}

void ResultsWriter::write_funnel(std::span<const FunnelCount> stages, std::span<const FunnelCount> reasons) {
  live(impl_).write_funnel(stages, reasons);
}

void ResultsWriter::write_kpis(std::span<const engine::KpiInfo> kpis) { live(impl_).write_kpis(kpis); }

void ResultsWriter::write_persons(const Table& persons, std::uint64_t replications_complete) {
  live(impl_).write_persons(persons, replications_complete);
}

void ResultsWriter::write_table(std::string_view path, const Table& table) {
  live(impl_).write_table(path, table);
}

void ResultsWriter::set_end_time(std::string iso8601) { live(impl_).meta.end_time = std::move(iso8601); }

void ResultsWriter::commit() { live(impl_).commit(); }

namespace {
const std::filesystem::path kNoPath;
}  // namespace

const std::filesystem::path& ResultsWriter::path() const noexcept { return impl_ ? impl_->path : kNoPath; }
const std::filesystem::path& ResultsWriter::temp_path() const noexcept {
  return impl_ ? impl_->tmp.temp_path() : kNoPath;
}
bool ResultsWriter::committed() const noexcept { return impl_ && impl_->committed; }

}  // namespace sibsim::output
