// sibsim: Monte Carlo simulation of Social Impact Bond recruitment and outcomes.
// Parses the command line and dispatches to the subcommands in commands.hpp.
// Exit codes: 0 success, 2 bad input (scenario or arguments), 1 internal error.

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <exception>
#include <stdexcept>

#include "commands.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/version.hpp"

namespace app = sibsim::app;

int main(int argc, char** argv) {
  CLI::App cli{
      "sibsim: Monte Carlo simulation of Social Impact Bond recruitment and outcomes.\n"
      "Examples:\n"
      "  sibsim run scenarios/wnd-2016-actual.yaml --reps 2000\n"
      "  sibsim validate my-scenario.yaml\n"
      "  sibsim help-config\n"};
  cli.set_version_flag("--version",
                       std::string("sibsim ") + sibsim::kVersion + " (commit " + sibsim::kGitCommit + ")");
  cli.require_subcommand(1);

  app::RunArgs run;
  for (int i = 0; i < argc; ++i) run.command_line.emplace_back(argv[i]);
  CLI::App* run_cmd = cli.add_subcommand("run", "Run a scenario's replications and write the results file");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  run_cmd->add_option("-n,--reps", run.replications, "Number of replications (first batch with --precision)")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{1}, sibsim::engine::kMaxReplications));
  run_cmd->add_option("-s,--seed", run.seed, "Master seed: same seed, same results on any thread count")
      ->capture_default_str();
  run_cmd->add_option("-t,--threads", run.threads, "Worker threads (0 = all cores)")->capture_default_str();
  run_cmd->add_option("-o,--out", run.out, "Results file (HDF5); default results/<scenario name>.h5");
  run_cmd->add_option("--csv", run.csv_dir, "Also write summary.csv and replications.csv into this folder");
  run_cmd->add_option("--replication", run.replication, "Replay one replication in detail (debugging)");
  run_cmd
      ->add_option("--persons", run.persons,
                   "Also write N simulated persons (replications 0, 1, ...) to /persons for auditing; "
                   "at most 1,000,000")
      ->capture_default_str();
  auto* kpi = run_cmd->add_option("--precision-kpi", run.precision_kpi,
                                  "Run until this KPI's 95 % CI half-width is below --precision");
  run_cmd->add_option("--precision", run.precision, "Target half-width for --precision-kpi")->needs(kpi);
  run_cmd->add_flag("-q,--quiet", run.quiet, "No progress bar and no summary");
  bool no_report = false;
  run_cmd->add_flag("--no-report", no_report, "Do not write the HTML report next to the results file");
  run_cmd->add_flag("--resume", run.resume,
                    "Continue an interrupted run from <out>.checkpoint (same scenario, seed and options)");
  run_cmd->add_option("--batch", run.batch_size, "Replications per batch and checkpoint record (testing)")
      ->check(CLI::Range(std::uint64_t{1}, sibsim::engine::kMaxBatchSize))
      ->group("");

  std::string report_in, report_out;
  CLI::App* report_cmd =
      cli.add_subcommand("report", "Write the HTML report of a results file (default: next to it, .html)");
  report_cmd->add_option("results", report_in, "Results file (.h5) written by sibsim run")
      ->required()
      ->check(CLI::ExistingFile);
  report_cmd->add_option("-o,--out", report_out, "HTML file to write");

  app::CompareArgs cmp;
  CLI::App* compare_cmd = cli.add_subcommand(
      "compare",
      "Compare scenarios on common random numbers: paired differences from the first, with 95 % CIs");
  compare_cmd->add_option("scenarios", cmp.scenarios, "Base scenario, then one or more variants")
      ->required()
      ->expected(2, 64)
      ->check(CLI::ExistingFile);
  compare_cmd->add_option("-n,--reps", cmp.replications, "Replications per scenario")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{2}, sibsim::engine::kMaxReplications));
  compare_cmd->add_option("-s,--seed", cmp.seed, "Master seed (shared by all scenarios)")
      ->capture_default_str();
  compare_cmd->add_option("-t,--threads", cmp.threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  compare_cmd->add_option("-k,--kpi", cmp.kpis,
                          "KPIs to compare (repeatable); default: a steering-group list");
  compare_cmd->add_flag("-q,--quiet", cmp.quiet, "No progress bar");

  std::string validate_file;
  CLI::App* validate_cmd =
      cli.add_subcommand("validate", "Check a scenario and print its resolved configuration");
  validate_cmd->add_option("scenario", validate_file, "Scenario YAML file")->required();
  CLI::App* help_cmd =
      cli.add_subcommand("help-config", "List every scenario key with type, default, range, unit");
  std::string list_dir = "scenarios";
  CLI::App* list_cmd = cli.add_subcommand("list-scenarios", "List the scenario files in a folder");
  list_cmd->add_option("dir", list_dir, "Folder")->capture_default_str();

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? app::kExitOk : app::kExitBadInput;
  }

  try {
    if (*run_cmd) {
      run.report = !no_report;
      return app::run_command(run);
    }
    if (*report_cmd) return app::report_command(report_in, report_out);
    if (*compare_cmd) return app::compare_command(cmp);
    if (*validate_cmd) return app::validate_command(validate_file);
    if (*help_cmd) return app::help_config_command();
    if (*list_cmd) return app::list_scenarios_command(list_dir);
  } catch (const sibsim::scenarios::ValidationErrors& e) {
    fmt::print(stderr, "{}\n", e.what());
    return app::kExitBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return app::kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error: {}\n", e.what());
    return app::kExitInternal;
  }
  return app::kExitInternal;
}
