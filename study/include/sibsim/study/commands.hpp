#pragma once
/// \file commands.hpp
/// The sibsim workflows, generic over the model plug-ins (models/model_plugin.hpp). app/main.cpp
/// parses the command line into these argument structs and calls one of the functions. Each
/// returns the process exit code: 0 success, 2 bad input, 1 internal error; bad input is thrown
/// as scenarios::ValidationErrors or std::invalid_argument and mapped by main.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::study {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

class MpiWorld;

/// Options every simulating command has (declared once in app/main.cpp).
/// Default of --max-person-replications (work_limit.hpp): expected persons per replication x
/// replications a command may simulate. Measured: ~2e6 person-replications per CPU second
/// (benchmarks/national-all-leavers.yaml), so 2e9 is ~1000 CPU seconds, under 10 minutes on 2 cores;
/// 10 times its run of 1000 replications (1.8e8) and 26 times the largest
/// shipped sweep (sobol-contract: 7.6e7).
inline constexpr double kDefaultMaxPersonReplications = 2e9;

struct CommonArgs {
  std::optional<std::uint64_t> seed;  ///< master seed; unset: the command's default (1, or the sweep file's)
  unsigned threads = 0;               ///< worker threads (0 = all cores)
  std::string out;                    ///< results file; empty = results/<default name>.h5
  std::string csv_dir;                ///< also write the tables as CSV files into this folder
  bool report = true;                 ///< write the HTML report next to the results file
  std::string lang;                   ///< the report's language (en, nl); empty = the scenario's (else en)
  bool quiet = false;                 ///< no progress bar and no summary
  double max_person_replications = kDefaultMaxPersonReplications;  ///< the work limit (work_limit.hpp)
  std::vector<std::string> command_line;
  /// `--posterior CAL.h5`: each replication draws its parameter set from this calibration's
  /// /posterior (deterministically from seed and replication); empty = the scenario as written.
  std::string posterior;

  [[nodiscard]] std::uint64_t seed_or(std::uint64_t fallback) const { return seed.value_or(fallback); }
};

struct RunArgs {
  CommonArgs common;
  std::string scenario;
  std::uint64_t replications = 1000;
  std::optional<std::uint64_t> replication;  ///< replay one replication in detail
  std::uint64_t persons = 0;                 ///< write this many persons to /persons (0 = none)
  std::string precision_kpi;                 ///< run until this KPI's CI half-width <= precision
  double precision = 0.0;
  bool resume = false;             ///< continue from <out>.checkpoint if it exists and matches
  std::uint64_t batch_size = 256;  ///< replications per batch = per checkpoint record (hidden --batch)
  bool series_rows = false;        ///< also write /series_replications (the time series, long)
  /// `--observed OBS.yaml`: a calibration observations file whose figures the run is set against
  /// (/observations, the report's "Observed figures"); empty = none.
  std::string observed;
};

struct CompareArgs {
  CommonArgs common;
  std::vector<std::string> scenarios;  ///< the first is the base
  std::vector<std::string> kpis;       ///< empty = the model's "steering" group
  std::uint64_t replications = 1000;
  bool series_rows = false;  ///< also write /compare/series_replications (the time series, long)
};

struct SweepArgs {
  CommonArgs common;
  std::string sweep_file;
  std::optional<std::uint64_t> replications;  ///< overrides the sweep file's `replications`
  bool resume = false;
  bool per_replication = true;  ///< write /outcomes_replications
  bool list_only = false;       ///< print the design points and stop
  std::uint64_t block = 0;      ///< replications per work unit under MPI (0 = automatic)
};

struct FeasibilityArgs {
  CommonArgs common;
  std::string scenario;
  std::string param;  ///< key path
  std::string from, to, step;
  std::string kpi;
  double target = 0;
  double probability = 0.8;
  double confidence = 0.95;
  bool largest = false;  ///< largest value instead of smallest (P falls as the parameter grows)
  std::uint64_t block = 200;
  std::uint64_t max_replications = 4000;
};

/// `sibsim discover SWEEP.h5 --kpi KPI --when "< VALUE"`: scenario discovery with PRIM on a Latin
/// hypercube sweep; writes /discovery into the sweep file (output/SCHEMA.md).
struct DiscoverArgs {
  std::string sweep_file;
  std::string kpi;      ///< an /outcomes column: a KPI's mean, a statistic (`kpi:p50`) or a derived measure
  std::string when;     ///< "< 0.5", "<= 0.5", "> 0.5" or ">= 0.5"
  double alpha = 0.05;  ///< share of a box's points peeled or pasted in one step
  double mass_min = 0.05;          ///< smallest share of the points a box may hold
  double coverage_min = 0.5;       ///< the chosen box holds at least this share of the cases
  std::optional<std::size_t> box;  ///< choose this step of the peeling trajectory
  bool report = true;
  std::string lang;  ///< the report's language (en, nl); empty = English
  bool quiet = false;
};

/// `sibsim calibrate SCENARIO OBSERVATIONS` (study/include/sibsim/study/calibration.hpp).
struct CalibrateArgs {
  CommonArgs common;
  std::string scenario;
  std::string observations;
  std::optional<std::size_t> particles;        ///< overrides calibration.particles
  std::optional<std::uint64_t> replications;   ///< overrides calibration.replications (per particle)
  std::optional<std::size_t> max_generations;  ///< overrides calibration.max_generations
  bool resume = false;                         ///< continue after the last generation in <out>.checkpoint
};

/// `sibsim forecast SCENARIO --observed DATA.csv --as-of DATE`: a running SIB re-forecast from
/// what it has recorded (study/README.md "Forecast").
struct ForecastArgs {
  CommonArgs common;
  std::string scenario;
  std::string observed;  ///< the observed-data CSV file
  std::string as_of;     ///< YYYY-MM-01: the first day not observed
  std::uint64_t replications = 2000;
  std::optional<double> target;  ///< default: the model's target (Lever mark "target")
  std::string deadline;          ///< default: the model's deadline (Lever mark "deadline")
  bool remedies = false;         ///< also search the model's remedies (models::Remedy)
  double probability = 0.8;      ///< the P(target) a remedy must reach
};
/// `sibsim kpis [SCENARIO]`: the scenario's KPI catalogue.
struct KpisArgs {
  std::string scenario;          ///< empty = the default model's example scenario
  std::string format = "table";  ///< table (aligned), csv or json
};

/// `sibsim new NAME`: a commented template of a complete scenario, written to DIR/NAME.yaml.
struct NewArgs {
  std::string name;   ///< the scenario's name and file name: letters, digits, '-' and '_'
  std::string model;  ///< empty = the default model
  std::string dir = ".";
  bool force = false;  ///< replace an existing file
};

using models::PluginRegistry;

int run_command(const PluginRegistry& models, const RunArgs& args, const MpiWorld& world);
int sweep_command(const PluginRegistry& models, const SweepArgs& args, const MpiWorld& world);
int feasibility_command(const PluginRegistry& models, const FeasibilityArgs& args);
int compare_command(const PluginRegistry& models, const CompareArgs& args);
int calibrate_command(const PluginRegistry& models, const CalibrateArgs& args, const MpiWorld& world);
int discover_command(const PluginRegistry& models, const DiscoverArgs& args);
int forecast_command(const PluginRegistry& models, const ForecastArgs& args);
int validate_command(const PluginRegistry& models, const std::string& scenario);
int help_config_command(const PluginRegistry& models, const std::string& model);
int kpis_command(const PluginRegistry& models, const KpisArgs& args);
int list_scenarios_command(const PluginRegistry& models, const std::string& dir);
int new_command(const PluginRegistry& models, const NewArgs& args);
/// `sibsim report RESULTS [-o HTML] [--lang nl]`.
int report_command(const PluginRegistry& models, const std::string& results, const std::string& html_out,
                   const std::string& lang);

}  // namespace sibsim::study
