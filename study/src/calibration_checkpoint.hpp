#pragma once
// Checkpoint of `sibsim calibrate` (`<out>.checkpoint`): a header identifying the calibration
// (hashes of the scenario and observations texts, seed, settings), then every completed
// generation (population, per-replication distances, stats) and a checksum. Rewritten whole after
// each generation through a temporary file and a rename, so it is always complete; --resume
// continues after its last generation and ends bit-identical to an uninterrupted run.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "abc_smc.hpp"

namespace sibsim::study::calibration {

/// What identifies a calibration: a checkpoint is resumed only if every field matches.
struct CalibrationCheckpointHeader {
  std::uint64_t scenario_hash = 0;      ///< FNV-1a 64 of the scenario text
  std::uint64_t observations_hash = 0;  ///< FNV-1a 64 of the observations text
  std::uint64_t seed = 0;
  std::uint64_t particles = 0;
  std::uint64_t replications = 0;   ///< per particle (resolved)
  std::uint64_t settings_hash = 0;  ///< the other settings (settings_hash)
  std::uint64_t dimension = 0;
};

/// Hash of the settings that change results, except seed, particles and replications.
std::uint64_t settings_hash(const Settings& settings);

/// Empty if `found` matches `expected`, else a message naming every field that differs.
std::string calibration_checkpoint_mismatch(const CalibrationCheckpointHeader& expected,
                                            const CalibrationCheckpointHeader& found);

struct CalibrationCheckpoint {
  CalibrationCheckpointHeader header;
  std::vector<Generation> generations;
};

/// Writes the checkpoint atomically (temporary file + rename).
void write_calibration_checkpoint(const std::filesystem::path& path, const CalibrationCheckpoint& checkpoint);
/// Reads a checkpoint; nullopt if the file does not exist; throws std::invalid_argument if it is
/// not a complete calibration checkpoint.
std::optional<CalibrationCheckpoint> read_calibration_checkpoint(const std::filesystem::path& path);

}  // namespace sibsim::study::calibration
