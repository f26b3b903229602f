#pragma once
/// \file results_update.hpp
/// Adds a group of tables to an existing results file (e.g. `sibsim discover` adds /discovery to
/// a sweep file), without risking it: the file is copied to a temporary next to it
/// (TempFile, output_files.hpp), the group is written into the copy (replacing an earlier one of
/// the same name) and the copy is renamed over the file. On any failure the file is untouched.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sibsim/output/results_types.hpp"

namespace sibsim::output {

struct GroupUpdate {
  std::string group;                                  ///< one level under the root, e.g. "/discovery"
  std::vector<std::pair<std::string, Table>> tables;  ///< name under the group -> table
  /// Attributes of the group: strings, float64 or uint64.
  std::vector<std::pair<std::string, std::variant<std::string, double, std::uint64_t>>> attributes;
};

/// Replaces (or adds) `update.group` in the results file at `path`, atomically. Throws
/// std::invalid_argument on a group name that is not one level under the root or one the writer
/// owns (/meta, /kpis, ...), bad tables (as ResultsWriter::write_table), std::runtime_error if
/// `path` is not a sibsim results file, IoError on a failed write.
void replace_group(const std::filesystem::path& path, const GroupUpdate& update);

}  // namespace sibsim::output
