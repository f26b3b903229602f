#pragma once
// The tables a compare, sweep or feasibility command writes, kept together so the same tables go
// to the HDF5 results file and, with --csv DIR, to one CSV file each (written after the HDF5 file
// is committed: "/sensitivity/sobol" becomes DIR/sensitivity_sobol.csv).

#include <filesystem>
#include <string>
#include <vector>

#include "sibsim/output/csv_writer.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/output/results_writer.hpp"

namespace sibsim::study {

struct NamedTable {
  std::string path;  ///< HDF5 path, e.g. "/design"
  output::Table table;
};

inline void write_tables(output::ResultsWriter& writer, const std::vector<NamedTable>& tables) {
  for (const NamedTable& t : tables) writer.write_table(t.path, t.table);
}

/// DIR/<path without the leading '/', other '/' as '_'>.csv for every table.
inline std::vector<std::filesystem::path> csv_table_files(const std::filesystem::path& dir,
                                                          const std::vector<NamedTable>& tables) {
  std::vector<std::filesystem::path> files;
  for (const NamedTable& t : tables) {
    std::string name = t.path.substr(t.path.find_first_not_of('/'));
    for (char& c : name)
      if (c == '/') c = '_';
    files.push_back(dir / (name + ".csv"));
  }
  return files;
}

/// Writes every table to its csv_table_files name; returns the files.
inline std::vector<std::filesystem::path> write_tables_csv(const std::filesystem::path& dir,
                                                           const std::vector<NamedTable>& tables) {
  std::vector<std::filesystem::path> files = csv_table_files(dir, tables);
  for (std::size_t i = 0; i < tables.size(); ++i) output::write_table_csv(files[i], tables[i].table);
  return files;
}

}  // namespace sibsim::study
