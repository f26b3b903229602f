// Checkpoint of `sibsim calibrate` (calibration_checkpoint.hpp): a binary file of 64-bit words
// (this machine's byte order), magic first and an FNV-1a checksum last.

#include "calibration_checkpoint.hpp"

#include <fmt/core.h>

#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "sibsim/engine/hash.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/output/temp_file.hpp"

namespace sibsim::study::calibration {
namespace {

// Format 2 = format 1 with the random-number recipe 2 (engine::kRngRecipeVersion, ARS-7):
// particles simulated with another recipe cannot be continued.
constexpr std::string_view kMagic = "SIBSIM-CALIBRATE-CHECKPOINT-2\n";
constexpr std::string_view kMagicRecipe1 = "SIBSIM-CALIBRATE-CHECKPOINT-1\n";
static_assert(engine::kRngRecipeVersion == 2, "a new recipe needs a new checkpoint magic");

class Writer {
 public:
  void word(std::uint64_t w) { bytes_.append(reinterpret_cast<const char*>(&w), sizeof w); }
  void real(double x) { word(std::bit_cast<std::uint64_t>(x)); }
  void reals(const std::vector<double>& v) {
    word(v.size());
    for (const double x : v) real(x);
  }
  std::string bytes_;
};

class Reader {
 public:
  Reader(std::string_view bytes, std::string path) : bytes_(bytes), path_(std::move(path)) {}
  std::uint64_t word() {
    if (pos_ + 8 > bytes_.size()) bad("truncated");
    std::uint64_t w = 0;
    std::memcpy(&w, bytes_.data() + pos_, 8);
    pos_ += 8;
    return w;
  }
  double real() { return std::bit_cast<double>(word()); }
  std::vector<double> reals() {
    const std::uint64_t n = word();
    if (n > (bytes_.size() - pos_) / 8) bad("truncated");
    std::vector<double> v(n);
    for (double& x : v) x = real();
    return v;
  }
  [[noreturn]] void bad(std::string_view why) const {
    throw std::invalid_argument(
        fmt::format("{}: not a complete sibsim calibrate checkpoint ({}); delete it to "
                    "start afresh",
                    path_, why));
  }

 private:
  std::string_view bytes_;
  std::string path_;
  std::size_t pos_ = 0;
};

}  // namespace

std::uint64_t settings_hash(const Settings& s) {
  std::uint64_t h = engine::kFnv1a64Offset;
  h = engine::hash_mix(h, s.max_generations);
  h = engine::hash_mix(h, engine::double_bits(s.quantile));
  h = engine::hash_mix(h, engine::double_bits(s.min_acceptance));
  h = engine::hash_mix(h, engine::double_bits(s.min_tolerance_drop));
  h = engine::hash_mix(h, s.predictive_draws);
  return engine::hash_mix(h, s.predictive_replications);
}

std::string calibration_checkpoint_mismatch(const CalibrationCheckpointHeader& e,
                                            const CalibrationCheckpointHeader& f) {
  std::string diff;
  const auto check = [&](std::string_view what, std::uint64_t a, std::uint64_t b, bool show) {
    if (a == b) return;
    if (!diff.empty()) diff += "; ";
    diff +=
        show ? fmt::format("{} {} (checkpoint) vs {} (now)", what, b, a) : fmt::format("{} changed", what);
  };
  check("the scenario file", e.scenario_hash, f.scenario_hash, false);
  check("the observations file", e.observations_hash, f.observations_hash, false);
  check("seed", e.seed, f.seed, true);
  check("particles", e.particles, f.particles, true);
  check("replications per particle", e.replications, f.replications, true);
  check("the calibration settings", e.settings_hash, f.settings_hash, false);
  check("parameters", e.dimension, f.dimension, true);
  return diff;
}

void write_calibration_checkpoint(const std::filesystem::path& path, const CalibrationCheckpoint& c) {
  Writer w;
  w.bytes_ = kMagic;
  const CalibrationCheckpointHeader& h = c.header;
  for (const std::uint64_t x : {h.scenario_hash, h.observations_hash, h.seed, h.particles, h.replications,
                                h.settings_hash, h.dimension})
    w.word(x);
  w.word(c.generations.size());
  for (const Generation& g : c.generations) {
    w.word(g.stats.generation);
    w.word(g.stats.proposals);
    w.word(g.stats.simulations);
    w.real(g.stats.tolerance);
    w.real(g.stats.acceptance);
    w.real(g.stats.ess);
    w.real(g.stats.seconds);
    w.word(g.population.dimension);
    w.reals(g.population.theta);
    w.reals(g.population.weight);
    w.reals(g.population.distance);
    w.reals(g.replication_distances);
  }
  w.word(engine::fnv1a64(w.bytes_));
  output::TempFile file(path);
  file.write_all(w.bytes_);
  file.commit();
}

std::optional<CalibrationCheckpoint> read_calibration_checkpoint(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reader check(bytes, path.string());
  if (bytes.compare(0, kMagicRecipe1.size(), kMagicRecipe1) == 0)
    check.bad("written by an older sibsim whose random numbers differ");
  if (bytes.size() < kMagic.size() + 8 || bytes.compare(0, kMagic.size(), kMagic) != 0)
    check.bad("no header");
  const std::string_view body(bytes.data(), bytes.size() - 8);
  std::uint64_t sum = 0;
  std::memcpy(&sum, bytes.data() + body.size(), 8);
  if (sum != engine::fnv1a64(body)) check.bad("checksum");
  Reader r(body.substr(kMagic.size()), path.string());
  CalibrationCheckpoint c;
  CalibrationCheckpointHeader& h = c.header;
  h.scenario_hash = r.word();
  h.observations_hash = r.word();
  h.seed = r.word();
  h.particles = r.word();
  h.replications = r.word();
  h.settings_hash = r.word();
  h.dimension = r.word();
  const std::uint64_t count = r.word();
  for (std::uint64_t i = 0; i < count; ++i) {
    Generation g;
    g.stats.generation = r.word();
    g.stats.proposals = r.word();
    g.stats.simulations = r.word();
    g.stats.tolerance = r.real();
    g.stats.acceptance = r.real();
    g.stats.ess = r.real();
    g.stats.seconds = r.real();
    g.population.dimension = r.word();
    g.population.theta = r.reals();
    g.population.weight = r.reals();
    g.population.distance = r.reals();
    g.replication_distances = r.reals();
    if (g.stats.generation != i || g.population.dimension != h.dimension ||
        g.population.weight.size() != h.particles || g.population.theta.size() != h.particles * h.dimension ||
        g.population.distance.size() != h.particles ||
        g.replication_distances.size() != h.particles * h.replications)
      r.bad("inconsistent generation");
    c.generations.push_back(std::move(g));
  }
  return c;
}

}  // namespace sibsim::study::calibration
