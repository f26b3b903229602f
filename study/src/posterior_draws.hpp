#pragma once
// Internal: `--posterior CAL.h5` for run, compare, sweep and feasibility. Each replication draws
// one particle of a calibration's /posterior (by weight, from (seed, replication) alone) and runs
// the scenario with that particle's parameter values, so forecasts carry parameter uncertainty.
// The draw does not depend on threads, ranks, scenarios or sweep points: compared scenarios and
// sweep points share the particle of each replication (common random numbers).
// PosteriorSpread splits each KPI's spread into parameter uncertainty and Monte Carlo noise.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/study/commands.hpp"

namespace sibsim::study {

/// The `purpose` of the particle draw's random stream (entity 0): far from any model's small
/// purpose numbers, within the 24 bits a purpose has (engine::RandomStream::kPurposeLimit).
inline constexpr std::uint64_t kPosteriorDrawPurpose = 0x505301;
static_assert(kPosteriorDrawPurpose < engine::RandomStream::kPurposeLimit);

/// The final generation of a calibration (its /posterior and /parameters tables).
struct Posterior {
  struct Parameter {
    std::string path;      ///< scenario key path
    bool integer = false;  ///< kind "integer": values are rounded when set
  };
  std::string file;                         ///< the calibration results file, as given
  std::string model;                        ///< the model it calibrated (its /meta model; may be empty)
  std::vector<Parameter> parameters;        ///< in /parameters order
  std::vector<std::vector<double>> values;  ///< values[particle][parameter]
  std::vector<double> weights;              ///< per particle (>= 0; zero-weight particles are never drawn)
  std::uint64_t hash = 0;                   ///< FNV-1a 64 of the parameter names and /posterior values

  /// True if `path` is one of the calibrated key paths.
  [[nodiscard]] bool calibrates(std::string_view path) const;
  /// The scenario overrides that set particle i's values ("{:.17g}", integers rounded).
  [[nodiscard]] std::vector<scenarios::Override> overrides(std::size_t particle) const;
  /// The particle replication r of a run with this master seed uses (a pure function of both).
  [[nodiscard]] std::size_t particle_of(std::uint64_t seed, std::uint64_t replication) const;
  /// hash as 16 hex digits.
  [[nodiscard]] std::string hash_hex() const;
};

/// Reads CAL.h5. Throws std::invalid_argument (exit 2) if the file cannot be read, its kind is
/// not "calibration", or its tables are malformed (no particle of positive weight, a parameter
/// without a column, a negative or non-finite weight or value).
Posterior read_posterior(const std::filesystem::path& file);

/// Throws std::invalid_argument "<what> sets <path>, which --posterior draws from the
/// calibration <file>" if `path` is calibrated.
void refuse_calibrated(const Posterior& posterior, std::string_view path, std::string_view what);

/// compare --posterior: throws std::invalid_argument "variant <file> changes key K, which
/// --posterior draws from the calibration <cal>" if `variant` sets a calibrated key to another
/// value than `base` (numbers compare by value: 0.5 and 0.50 are the same).
void refuse_changed_calibrated_keys(const Posterior& posterior, const scenarios::Document& base,
                                    const scenarios::Document& variant, std::string_view variant_file);

/// The model of a scenario under a posterior: replication r runs the scenario with the values of
/// particle posterior.particle_of(seed, r). Particles are loaded when first drawn (thread-safe);
/// the first particle of positive weight is loaded at construction, so a key path the scenario
/// does not have is reported before anything runs.
class PosteriorModel final : public engine::ReplicationModel {
 public:
  PosteriorModel(std::shared_ptr<const Posterior> posterior, const models::ModelPlugin& plugin,
                 scenarios::Document doc);
  ~PosteriorModel() override;
  PosteriorModel(const PosteriorModel&) = delete;
  PosteriorModel& operator=(const PosteriorModel&) = delete;
  PosteriorModel(PosteriorModel&&) = delete;
  PosteriorModel& operator=(PosteriorModel&&) = delete;

  [[nodiscard]] std::vector<engine::KpiInfo> kpis() const override { return kpis_; }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override;

  [[nodiscard]] const Posterior& posterior() const noexcept { return *posterior_; }
  /// Particle i's scenario (loaded now if it was not yet). Throws std::runtime_error if its KPIs
  /// differ from the first particle's.
  [[nodiscard]] const models::Scenario& particle(std::size_t i) const;
  /// The particle loaded at construction (the first of positive weight).
  [[nodiscard]] const models::Scenario& first_particle() const { return particle(first_); }
  /// Particles loaded so far.
  [[nodiscard]] std::size_t particles_loaded() const;

 private:
  struct Slot;
  std::shared_ptr<const Posterior> posterior_;
  const models::ModelPlugin& plugin_;
  scenarios::Document doc_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::size_t first_ = 0;
  std::vector<engine::KpiInfo> kpis_;
};

/// A scenario whose model draws from a posterior. Name, description, resolved YAML, extras and
/// persons are the scenario as written (`base`); `sibsim run --replication K` replays K with the
/// particle it drew; the expected entities (work limit) are those of the first particle.
class PosteriorScenario final : public models::Scenario {
 public:
  PosteriorScenario(std::unique_ptr<models::Scenario> base, std::unique_ptr<PosteriorModel> model);
  [[nodiscard]] std::string name() const override { return base_->name(); }
  [[nodiscard]] std::string description() const override { return base_->description(); }
  [[nodiscard]] std::string resolved_yaml() const override { return base_->resolved_yaml(); }
  [[nodiscard]] const engine::ReplicationModel& model() const override { return *model_; }
  [[nodiscard]] double expected_entities_per_replication() const override;
  void write_run_extras(output::ResultsWriter& writer, const engine::RunResult& result) const override;
  void print_summary(std::FILE* out, const engine::RunResult& result) const override;
  void print_replay(std::FILE* out, std::uint64_t seed, std::uint64_t replication) const override;
  [[nodiscard]] std::optional<models::PersonsSample> persons(std::uint64_t seed, std::uint64_t count,
                                                             std::uint64_t replications) const override;
  [[nodiscard]] const PosteriorModel& posterior_model() const noexcept { return *model_; }

 private:
  std::unique_ptr<models::Scenario> base_;
  std::unique_ptr<PosteriorModel> model_;
};

/// plugin.load(doc) without a posterior; with one, a PosteriorScenario over doc.
std::unique_ptr<models::Scenario> load_scenario(const models::ModelPlugin& plugin,
                                                const scenarios::Document& doc,
                                                const std::shared_ptr<const Posterior>& posterior);

/// The posterior of --posterior (nullptr when not given).
std::shared_ptr<const Posterior> posterior_of(const CommonArgs& common);

/// Adds the posterior's file and hash to a results file's provenance (no-op for nullptr).
void record_posterior(output::RunMeta& meta, const Posterior* posterior);

/// The law of total variance per KPI over a run's replications, grouped by the particle each
/// drew: one-way random-effects ANOVA (between-particle and within-particle variance, unbiased
/// for unequal group sizes). Memory: particles x KPIs x 3 doubles, whatever the replications.
class PosteriorSpread {
 public:
  PosteriorSpread(const Posterior& posterior, std::uint64_t seed, std::size_t kpis);
  /// A BatchSink's rows: count rows of `kpis` values from replication `first` on (any order of
  /// batches, each replication once).
  void add(std::uint64_t first, std::uint64_t count, std::span<const double> rows);

  struct Split {
    double mean = 0;
    double sd_total = 0;         ///< sqrt(parameter + Monte Carlo variance)
    double sd_parameter = 0;     ///< between-particle sd (0 when the estimate is negative)
    double sd_monte_carlo = 0;   ///< within-particle sd
    double parameter_share = 0;  ///< parameter variance / total, in [0, 1]; NaN if not estimable
    std::uint64_t particles_used = 0;
    std::uint64_t n = 0;  ///< replications with a defined value
  };
  [[nodiscard]] Split split(std::size_t kpi) const;
  /// /posterior_spread: kpi, mean, sd_total, sd_parameter, sd_monte_carlo, parameter_share,
  /// particles_used.
  [[nodiscard]] output::Table table(std::span<const engine::KpiInfo> kpis) const;

 private:
  struct Cell {
    double n = 0, mean = 0, m2 = 0;  // Welford
  };
  const Posterior& posterior_;
  std::uint64_t seed_;
  std::size_t kpis_;
  std::vector<Cell> cells_;  // [particle * kpis + kpi]
};

/// After `run`'s summary, for the model's headline KPIs: "spread of X: Y % from parameter
/// uncertainty, Z % Monte Carlo".
void print_posterior_spread(std::FILE* out, const PosteriorSpread& spread,
                            std::span<const engine::KpiInfo> kpis);

}  // namespace sibsim::study
