#pragma once
// What a command does before it writes anything: protect its inputs, check every output path
// (the results file, its HTML report, its checkpoint, the --csv folder), clean up temporaries
// that killed sibsim processes left, lock the output name against a second sibsim, and remove
// temporaries on SIGINT/SIGTERM. All refusals are output::OutputRefused (exit 2).

#include <filesystem>
#include <string>
#include <vector>

#include "sibsim/study/commands.hpp"

namespace sibsim::study {

class OutputGuard {
 public:
  /// `inputs`: every file the command reads (a scenario's whole `extends` chain, the sweep file and
  /// its base, ...). `csv_files`: the CSV file names known in advance (others are checked when
  /// written). Locks `<out>.lock` (refused: "another sibsim (pid N) is writing <out>").
  OutputGuard(const CommonArgs& common, const std::filesystem::path& out,
              const std::vector<std::string>& inputs, const std::vector<std::string>& csv_files = {});
  /// Unlocks and deletes the lock file.
  ~OutputGuard();
  OutputGuard(const OutputGuard&) = delete;
  OutputGuard& operator=(const OutputGuard&) = delete;

 private:
  std::filesystem::path lock_path_;
  int lock_fd_ = -1;
  int signal_slot_ = -1;
};

/// `<out>` with its extension replaced by .html (where finish_outputs writes the report).
std::filesystem::path report_path(const std::filesystem::path& out);
/// `<out>.checkpoint`.
std::filesystem::path checkpoint_file(const std::filesystem::path& out);

}  // namespace sibsim::study
