#pragma once
// Checkpoint file of `sibsim run` (`<out>.checkpoint`): a header identifying the run, then one
// record per completed batch with its rows, each appended, flushed and fsync'ed. After a crash
// or kill -9, `sibsim run ... --resume` replays the rows and continues (see app/README.md).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sibsim::study {

/// What identifies a run: a checkpoint is only resumed if every field matches.
struct CheckpointHeader {
  std::uint64_t scenario_hash = 0;  ///< FNV-1a 64 of the resolved scenario YAML
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;  ///< requested (the first stage with a precision target)
  std::uint64_t kpi_count = 0;
  std::uint64_t batch_size = 0;
  std::uint64_t precision_kpi = 0;  ///< KPI index, or UINT64_MAX without a precision target
  double precision = 0.0;
};

/// One record of a checkpoint: rows [first, first + count).
struct CheckpointRecord {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

/// The rows of a checkpoint: the complete, checksummed records (contiguous from 0 unless read
/// with any_order), their rows concatenated in file order.
struct CheckpointData {
  CheckpointHeader header;
  std::vector<CheckpointRecord> records;
  std::vector<double> rows;       ///< row-major, header.kpi_count per row
  std::uint64_t valid_bytes = 0;  ///< length of the valid prefix of the file (header + records)
};

/// Reads a checkpoint. Returns nullopt if the file does not exist; throws std::invalid_argument
/// if it is not a sibsim checkpoint. A torn or corrupt tail (a kill during a write) is ignored.
/// With any_order, records may come in any order (`sibsim sweep`: points finish out of order),
/// otherwise each must continue where the previous one ended (`sibsim run`).
std::optional<CheckpointData> read_checkpoint(const std::filesystem::path& path, bool any_order = false);

/// Empty if `found` matches `expected`, else a message naming every field that differs.
std::string checkpoint_mismatch(const CheckpointHeader& expected, const CheckpointHeader& found);

/// Appends batch records to a checkpoint file, fsync'ing each one.
class CheckpointWriter {
 public:
  /// Starts a new checkpoint (replacing any existing file atomically with just the header).
  CheckpointWriter(std::filesystem::path path, const CheckpointHeader& header);
  /// Continues an existing checkpoint: cuts the file to `valid_bytes` and appends after it.
  CheckpointWriter(std::filesystem::path path, std::uint64_t valid_bytes);
  ~CheckpointWriter();
  CheckpointWriter(const CheckpointWriter&) = delete;
  CheckpointWriter& operator=(const CheckpointWriter&) = delete;

  void append(std::uint64_t first, std::uint64_t count, std::span<const double> rows);
  /// Closes and deletes the file (after the results were committed).
  void remove();

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace sibsim::study
