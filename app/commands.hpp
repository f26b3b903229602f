#pragma once
// The sibsim subcommands. main.cpp parses the command line (CLI11) and calls one of these.
// Each returns the process exit code: 0 success, 2 bad input, 1 internal error.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sibsim::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInternal = 1;
inline constexpr int kExitBadInput = 2;

struct RunArgs {
  std::string scenario;
  std::uint64_t replications = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string out;  ///< results file; empty = results/<scenario name>.h5
  std::string csv_dir;
  std::optional<std::uint64_t> replication;  ///< replay one replication in detail
  std::uint64_t persons = 0;                 ///< write this many persons to /persons (0 = none)
  std::string precision_kpi;                 ///< run until this KPI's CI half-width <= precision
  double precision = 0.0;
  bool quiet = false;
  bool report = true;
  bool resume = false;             ///< continue from <out>.checkpoint if it exists and matches
  std::uint64_t batch_size = 256;  ///< replications per batch = per checkpoint record (hidden --batch)
  std::vector<std::string> command_line;
};

struct CompareArgs {
  std::vector<std::string> scenarios;  ///< the first is the base
  std::vector<std::string> kpis;       ///< empty = a default list
  std::uint64_t replications = 1000;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  bool quiet = false;
  std::string out;      ///< results file; empty = results/compare-<base name>.h5
  std::string csv_dir;  ///< also write each table as CSV into this folder
  bool report = true;
  std::vector<std::string> command_line;
};

struct SweepArgs {
  std::string sweep_file;
  std::optional<std::uint64_t> replications;  ///< overrides the sweep file's `replications`
  std::optional<std::uint64_t> seed;          ///< overrides the sweep file's `seed`
  unsigned threads = 0;
  std::string out;      ///< results file; empty = results/<sweep file stem>.h5
  std::string csv_dir;  ///< also write each table as CSV into this folder
  bool resume = false;
  bool report = true;
  bool quiet = false;
  bool per_replication = true;  ///< write /outcomes_replications
  bool list_only = false;       ///< print the design points and stop
  std::uint64_t block = 0;      ///< replications per work unit under MPI (0 = automatic)
  std::vector<std::string> command_line;
};

struct FeasibilityArgs {
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
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string out;
  std::string csv_dir;  ///< also write each table as CSV into this folder
  bool report = true;
  bool quiet = false;
  std::vector<std::string> command_line;
};

class MpiWorld;

int run_command(const RunArgs& args, const MpiWorld& world);
int sweep_command(const SweepArgs& args, const MpiWorld& world);
int feasibility_command(const FeasibilityArgs& args);
int compare_command(const CompareArgs& args);
int validate_command(const std::string& scenario);
int help_config_command();
int list_scenarios_command(const std::string& dir);
int report_command(const std::string& results, const std::string& html_out);

}  // namespace sibsim::app
