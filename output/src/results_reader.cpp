#include "sibsim/output/results_reader.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "h5_util.hpp"
#include "schema.hpp"
#include "table_io.hpp"

namespace sibsim::output {

namespace {

using namespace detail;

// Opens a results file read-only after checking it is one this program can read.
// Only a regular file is opened: HDF5 would block for ever opening a FIFO. (HDF5 opens the path
// itself, so a file swapped for a FIFO between this check and the open is not caught.)
H5::H5File open_results(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw std::runtime_error("the file does not exist");
  if (std::filesystem::is_directory(status))
    throw std::runtime_error("it is a directory, not a results file");
  if (!std::filesystem::is_regular_file(status))
    throw std::runtime_error(
        "it is not a regular file (a FIFO, device or socket); only regular files are read");
  if (std::filesystem::file_size(path, ec) == 0 && !ec) throw std::runtime_error("the file is empty");
  if (!H5::H5File::isHdf5(path.string())) throw std::runtime_error("not an HDF5 file");
  H5::H5File f(path.string(), H5F_ACC_RDONLY);
  if (!f.attrExists("filetype") || read_str_attr(f, "filetype") != kFileType) {
    throw std::runtime_error(
        fmt::format("not a sibsim results file (root attribute filetype is not '{}')", kFileType));
  }
  const auto version = read_int_array_attr(f, "format_version");
  if (version.size() != 2) throw std::runtime_error("root attribute format_version is not [major, minor]");
  if (version[0] != kFormatMajor) {
    throw std::runtime_error(fmt::format("format version {}.{} is not readable by this sibsim (reads {}.x)",
                                         version[0], version[1], kFormatMajor));
  }
  return f;
}

// Runs f(file) with every error reported as "results file '<path>': <what>: <reason>".
template <class F>
auto with_file(const std::filesystem::path& path, std::string_view what, F&& f) {
  const auto context = fmt::format("results file '{}': {}", path.string(), what);
  h5_quiet();
  h5_clear_error();
  try {
    try {
      auto file = open_results(path);
      return f(file);
    } catch (const H5::Exception& e) {
      rethrow_h5(e, context);
    }
  } catch (const std::runtime_error& e) {
    if (std::string_view(e.what()).starts_with(context)) throw;
    throw std::runtime_error(fmt::format("{}: {}", context, e.what()));
  }
}

std::vector<std::string> member_names(const H5::DataSet& ds) {
  if (ds.getTypeClass() != H5T_COMPOUND) {
    throw std::runtime_error(fmt::format("dataset '{}' is not a compound table", ds.getObjName()));
  }
  const auto t = ds.getCompType();
  std::vector<std::string> names;
  names.reserve(static_cast<std::size_t>(t.getNmembers()));
  for (int i = 0; i < t.getNmembers(); ++i) names.push_back(t.getMemberName(static_cast<unsigned>(i)));
  return names;
}

std::string kind_of(const H5::H5File& f) {
  return f.attrExists("kind") ? read_str_attr(f, "kind") : std::string(kKindRun);
}

// Walks the path one link at a time (H5Lexists fails, rather than saying no, when a group on the
// way is missing).
bool object_exists(const H5::H5File& f, std::string_view path) {
  if (path.empty() || path == "/") return !path.empty();
  std::string at;
  for (std::size_t begin = path.starts_with('/') ? 1 : 0; begin <= path.size();) {
    const auto end = std::min(path.find('/', begin), path.size());
    if (end == begin) return false;
    at.push_back('/');
    at.append(path.substr(begin, end - begin));
    if (!f.nameExists(at)) return false;
    if (end < path.size() && f.childObjType(at) != H5O_TYPE_GROUP) return false;
    begin = end + 1;
  }
  return true;
}

ReplicationsInfo replications_info(const H5::H5File& f) {
  ReplicationsInfo info;
  if (!f.nameExists(kReplicationsPath)) return info;
  const auto ds = f.openDataSet(kReplicationsPath);
  const auto names = member_names(ds);
  const auto units = read_str_array_attr(ds, "units");
  const auto descriptions = read_str_array_attr(ds, "descriptions");
  if (units.size() != names.size() || descriptions.size() != names.size()) {
    throw std::runtime_error("/replications attributes units/descriptions do not match its fields");
  }
  info.present = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == kReplicationField) continue;
    info.kpis.push_back({names[i], units[i], descriptions[i], "", {}});
  }
  info.rows = rows_of(ds);
  return info;
}

std::vector<FunnelCount> read_counts(const H5::Group& g, const char* name) {
  std::vector<FunnelCount> out;
  if (!g.nameExists(name)) return out;
  const auto ds = g.openDataSet(name);
  const auto names = read_str_field(ds, "name");
  const auto median = read_f64_field(ds, "median");
  const auto mean = read_f64_field(ds, "mean");
  for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], median[i], mean[i]});
  return out;
}

}  // namespace

FileMeta read_meta(const std::filesystem::path& path) {
  return with_file(path, "reading metadata", [](const H5::H5File& f) {
    FileMeta m;
    const auto v = read_int_array_attr(f, "format_version");
    m.format_version = {v[0], v[1]};
    m.creation_time = read_str_attr(f, "creation_time");
    m.replications = read_u64_attr(f, "replications");
    if (!f.nameExists(kMetaGroup)) throw std::runtime_error("the file has no /meta group");
    const auto g = f.openGroup(kMetaGroup);
    auto& r = m.run;
    r.program_version = read_str_attr(g, "program_version");
    r.git_commit = read_str_attr(g, "git_commit");
    r.rng_recipe = read_str_attr(g, "rng_recipe");
    r.rng_recipe_version = read_int_attr(g, "rng_recipe_version");
    r.seed = read_u64_attr(g, "seed");
    r.replications_requested = read_u64_attr(g, "replications_requested");
    r.threads = static_cast<unsigned>(read_u64_attr(g, "threads"));
    r.scenario_name = read_str_attr(g, "scenario_name");
    if (g.attrExists("scenario_description"))
      r.scenario_description = read_str_attr(g, "scenario_description");
    if (g.attrExists("model")) {
      r.model = read_str_attr(g, "model");
    } else if (f.attrExists("model")) {
      r.model = read_str_attr(f, "model");
    }
    r.start_time = read_str_attr(g, "start_time");
    r.end_time = read_str_attr(g, "end_time");
    r.host = read_str_attr(g, "host");
    r.command_line = read_str_array_attr(g, "command_line");
    r.scenario_yaml_given = read_text(g, "scenario_yaml_given");
    r.scenario_yaml_resolved = read_text(g, "scenario_yaml_resolved");
    r.kind = g.attrExists("kind") ? read_str_attr(g, "kind") : kind_of(f);
    if (g.nameExists("input_yaml")) r.input_yaml = read_text(g, "input_yaml");
    if (g.attrExists("posterior_file")) r.posterior_file = read_str_attr(g, "posterior_file");
    if (g.attrExists("posterior_hash")) r.posterior_hash = read_str_attr(g, "posterior_hash");
    if (f.nameExists(kProvenancePath))
      r.provenance = provenance_from(read_table_dataset(f.openDataSet(kProvenancePath)));
    return m;
  });
}

engine::RunResult read_summary(const std::filesystem::path& path) {
  return with_file(path, "reading /summary", [](const H5::H5File& f) {
    if (!f.nameExists(kSummaryPath)) throw std::runtime_error("the file has no /summary dataset");
    const auto ds = f.openDataSet(kSummaryPath);
    engine::RunResult r;
    const auto names = read_str_field(ds, "name");
    const auto units = read_str_field(ds, "unit");
    const auto descriptions = read_str_array_attr(ds, "descriptions");
    if (descriptions.size() != names.size())
      throw std::runtime_error("/summary descriptions do not match its rows");
    r.summary.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i)
      r.kpis.push_back({names[i], units[i], descriptions[i], "", {}});
    for (const auto& [field, member] : kSummaryCounts) {
      const auto col = read_u64_field(ds, field);
      for (std::size_t i = 0; i < col.size(); ++i) r.summary[i].*member = col[i];
    }
    for (const auto& [field, member] : kSummaryValues) {
      const auto col = read_f64_field(ds, field);
      for (std::size_t i = 0; i < col.size(); ++i) r.summary[i].*member = col[i];
    }
    r.replications = read_u64_attr(ds, "replications");
    r.seed = read_u64_attr(ds, "seed");
    r.threads = static_cast<unsigned>(read_u64_attr(ds, "threads_used"));
    r.wall_seconds = read_f64_attr(ds, "wall_seconds");
    r.target_reached = read_u64_attr(ds, "target_reached") != 0;
    return r;
  });
}

std::vector<engine::KpiInfo> read_kpis(const std::filesystem::path& path) {
  return with_file(path, "reading the KPIs", [](const H5::H5File& f) {
    std::vector<engine::KpiInfo> kpis;
    if (f.nameExists(kKpisPath)) {
      const auto ds = f.openDataSet(kKpisPath);
      const auto names = read_str_field(ds, "name");
      const auto fields = member_names(ds);
      // Every field but the name is optional (a reader ignores what it does not know, and the
      // other way round).
      const auto field = [&](const char* name) {
        return std::find(fields.begin(), fields.end(), name) != fields.end()
                   ? read_str_field(ds, name)
                   : std::vector<std::string>(names.size());
      };
      const auto units = field("unit"), descriptions = field("description"), labels = field("label"),
                 groups = field("groups");
      for (std::size_t i = 0; i < names.size(); ++i) {
        engine::KpiInfo k{names[i], units[i], descriptions[i], labels[i], {}};
        std::string_view rest = groups[i];
        while (!rest.empty()) {
          const auto cut = std::min(rest.find(kGroupSeparator), rest.size());
          if (cut > 0) k.groups.emplace_back(rest.substr(0, cut));
          rest.remove_prefix(std::min(cut + 1, rest.size()));
        }
        kpis.push_back(std::move(k));
      }
      return kpis;
    }
    if (f.nameExists(kSummaryPath)) {
      const auto ds = f.openDataSet(kSummaryPath);
      const auto names = read_str_field(ds, "name");
      const auto units = read_str_field(ds, "unit");
      auto descriptions = read_str_array_attr(ds, "descriptions");
      descriptions.resize(names.size());
      for (std::size_t i = 0; i < names.size(); ++i)
        kpis.push_back({names[i], units[i], descriptions[i], "", {}});
      return kpis;
    }
    return replications_info(f).kpis;
  });
}

ReplicationsInfo read_replications_info(const std::filesystem::path& path) {
  return with_file(path, "reading /replications", [](const H5::H5File& f) { return replications_info(f); });
}

ReplicationsInfo read_replications(const std::filesystem::path& path, const engine::BatchSink& sink,
                                   std::uint64_t batch_rows) {
  if (batch_rows == 0) throw std::invalid_argument("read_replications: batch_rows must be positive");
  return with_file(path, "reading /replications", [&](const H5::H5File& f) {
    auto info = replications_info(f);
    if (!info.present) return info;
    const auto ds = f.openDataSet(kReplicationsPath);
    const std::size_t k = info.kpis.size();
    // Memory layout: replication, then the KPIs in order (matched to the file by field name).
    Record rec;
    rec.add_u64(kReplicationField);
    for (const auto& kpi : info.kpis) rec.add_f64(kpi.name);
    const auto mem_type = rec.mem_type();
    std::vector<std::byte> buf;
    std::vector<double> rows;
    for (std::uint64_t first = 0; first < info.rows;) {
      const std::uint64_t n = std::min(batch_rows, info.rows - first);
      buf.resize(static_cast<std::size_t>(n) * rec.size());
      H5::DataSpace file_space = ds.getSpace();
      const hsize_t start[1] = {first};
      const hsize_t block[1] = {n};
      file_space.selectHyperslab(H5S_SELECT_SET, block, start);
      const H5::DataSpace mem_space(1, block);
      ds.read(buf.data(), mem_type, mem_space, file_space);
      rows.resize(static_cast<std::size_t>(n) * k);
      for (std::uint64_t i = 0; i < n; ++i) {
        const std::byte* row = buf.data() + i * rec.size();
        std::uint64_t index = 0;
        std::memcpy(&index, row, sizeof index);
        if (index != first + i) {
          throw std::runtime_error(
              fmt::format("row {} holds replication {} (rows must be in order)", first + i, index));
        }
        std::memcpy(rows.data() + i * k, row + sizeof index, k * sizeof(double));
      }
      if (sink) sink(first, n, rows);
      first += n;
    }
    return info;
  });
}

std::vector<std::string> list_timeseries(const std::filesystem::path& path) {
  return with_file(path, "listing /timeseries", [](const H5::H5File& f) {
    std::vector<std::string> names;
    if (!f.nameExists(kTimeseriesGroup)) return names;
    const auto g = f.openGroup(kTimeseriesGroup);
    const hsize_t n = g.getNumObjs();
    for (hsize_t i = 0; i < n; ++i) names.push_back(g.getObjnameByIdx(i));
    std::sort(names.begin(), names.end());
    return names;
  });
}

TimeSeries read_timeseries(const std::filesystem::path& path, std::string_view name) {
  const std::string group_path = fmt::format("{}/{}", kTimeseriesGroup, name);
  return with_file(path, fmt::format("reading {}", group_path), [&](const H5::H5File& f) {
    if (!f.nameExists(kTimeseriesGroup) || !f.nameExists(group_path)) {
      throw std::runtime_error("no such time series");
    }
    const auto g = f.openGroup(group_path);
    TimeSeries s;
    s.name = std::string(name);
    s.unit = read_str_attr(g, "unit");
    s.description = read_str_attr(g, "description");
    const auto kind = read_str_attr(g, "time_kind");
    const auto time = g.openDataSet("time");
    if (kind == "date") {
      s.time = read_string_column(time);
    } else if (kind == "day") {
      s.time = read_f64_column(time);
    } else {
      throw std::runtime_error(fmt::format("unknown time_kind '{}' (expected 'date' or 'day')", kind));
    }
    const auto bands = g.openDataSet("bands");
    s.bands.resize(static_cast<std::size_t>(rows_of(bands)));
    for (const auto& [field, member] : kBandFields) {
      const auto col = read_f64_field(bands, field);
      for (std::size_t i = 0; i < col.size(); ++i) s.bands[i].*member = col[i];
    }
    return s;
  });
}

Funnel read_funnel(const std::filesystem::path& path) {
  return with_file(path, "reading /funnel", [](const H5::H5File& f) {
    Funnel funnel;
    if (!f.nameExists(kFunnelGroup)) return funnel;
    const auto g = f.openGroup(kFunnelGroup);
    funnel.stages = read_counts(g, "stages");
    funnel.reasons = read_counts(g, "reasons");
    return funnel;
  });
}

Table read_persons(const std::filesystem::path& path) {
  return with_file(path, "reading /persons", [](const H5::H5File& f) {
    if (!f.nameExists(kPersonsPath)) return Table{};
    return read_table_dataset(f.openDataSet(kPersonsPath));
  });
}

std::string read_kind(const std::filesystem::path& path) {
  return with_file(path, "reading the kind", [](const H5::H5File& f) { return kind_of(f); });
}

bool has_object(const std::filesystem::path& path, std::string_view object_path) {
  return with_file(path, fmt::format("looking for {}", object_path),
                   [&](const H5::H5File& f) { return object_exists(f, object_path); });
}

Table read_table(const std::filesystem::path& path, std::string_view table_path) {
  return with_file(path, fmt::format("reading {}", table_path), [&](const H5::H5File& f) {
    if (!object_exists(f, table_path)) throw std::runtime_error("no such table");
    if (f.childObjType(std::string(table_path)) != H5O_TYPE_DATASET)
      throw std::runtime_error("a group, not a table");
    return read_table_dataset(f.openDataSet(std::string(table_path)));
  });
}

}  // namespace sibsim::output
