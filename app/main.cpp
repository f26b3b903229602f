// sibsim: Monte Carlo simulation of Social Impact Bond recruitment and outcomes.
// Parses the command line and dispatches to the subcommands in commands.hpp.
// Exit codes: 0 success, 2 bad input (scenario or arguments), 1 internal error.

#include <fmt/core.h>
#include <CLI/CLI.hpp>

#include <exception>
#include <stdexcept>

#include "commands.hpp"
#include "mpi_world.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/version.hpp"

namespace app = sibsim::app;

int main(int argc, char** argv) {
  const app::MpiWorld world(&argc, &argv);
  CLI::App cli{
      "sibsim: Monte Carlo simulation of Social Impact Bond recruitment and outcomes.\n"
      "Examples:\n"
      "  sibsim run scenarios/wnd-2016-actual.yaml --reps 2000\n"
      "  sibsim compare scenarios/wnd-2016-actual.yaml scenarios/wnd-strict-criteria.yaml\n"
      "  sibsim sweep scenarios/sweeps/recruitment-and-criteria.yaml\n"
      "  mpirun -np 4 sibsim sweep scenarios/sweeps/sobol-contract.yaml\n"
      "  sibsim feasibility scenarios/wnd-2016-actual.yaml --param recruitment.end --from 2017-08-01 \\\n"
      "      --to 2019-08-01 --step 1m --kpi started --target 150 --probability 0.8\n"
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
  compare_cmd->add_option("-o,--out", cmp.out, "Results file (HDF5); default results/compare-<base name>.h5");
  compare_cmd->add_option("--csv", cmp.csv_dir, "Also write each table as a CSV file into this folder");
  bool compare_no_report = false;
  compare_cmd->add_flag("--no-report", compare_no_report,
                        "Do not write the HTML report next to the results file");
  cmp.command_line = run.command_line;

  app::SweepArgs sweep;
  sweep.command_line = run.command_line;
  CLI::App* sweep_cmd = cli.add_subcommand("sweep",
                                           "Run a sweep file's design points (grid, list, lhs, oat, sobol) "
                                           "on common random numbers; under mpirun the "
                                           "points are spread over the ranks");
  sweep_cmd->add_option("sweep", sweep.sweep_file, "Sweep YAML file (see scenarios/README.md)")
      ->required()
      ->check(CLI::ExistingFile);
  sweep_cmd->add_option("-n,--reps", sweep.replications, "Replications per point (overrides the sweep file)")
      ->check(CLI::Range(std::uint64_t{1}, sibsim::engine::kMaxReplications));
  sweep_cmd->add_option("-s,--seed", sweep.seed, "Master seed (overrides the sweep file)");
  sweep_cmd->add_option("-t,--threads", sweep.threads, "Worker threads per process (0 = all cores)")
      ->capture_default_str();
  sweep_cmd->add_option("-o,--out", sweep.out, "Results file (HDF5); default results/<sweep file name>.h5");
  sweep_cmd->add_option("--csv", sweep.csv_dir,
                        "Also write each table (design.csv, outcomes.csv, ...) into this folder");
  sweep_cmd->add_flag("--resume", sweep.resume, "Skip the points already in <out>.checkpoint (same sweep)");
  bool sweep_no_report = false, sweep_no_rows = false;
  sweep_cmd->add_flag("--no-report", sweep_no_report, "Do not write the HTML report");
  sweep_cmd->add_flag("--no-replication-rows", sweep_no_rows,
                      "Do not write /outcomes_replications (one row per point and replication)");
  sweep_cmd->add_flag("--list", sweep.list_only, "Print the design points and stop");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "No progress bar and no summary");
  sweep_cmd->add_option("--block", sweep.block, "Replications per work unit under MPI (0 = automatic)")
      ->group("");

  app::FeasibilityArgs feas;
  feas.command_line = run.command_line;
  CLI::App* feas_cmd = cli.add_subcommand("feasibility",
                                          "Smallest (or largest) value of a parameter for which P(KPI >= "
                                          "target) >= probability, with its Monte Carlo "
                                          "uncertainty");
  feas_cmd->add_option("scenario", feas.scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  feas_cmd->add_option("-p,--param", feas.param, "Key path of the parameter, e.g. recruitment.end")
      ->required();
  feas_cmd->add_option("--from", feas.from, "Smallest value to consider (number or YYYY-MM-DD)")->required();
  feas_cmd->add_option("--to", feas.to, "Largest value to consider")->required();
  feas_cmd->add_option("--step", feas.step, "Step between values: a number, or 14d / 1m / 1y for dates")
      ->required();
  feas_cmd->add_option("-k,--kpi", feas.kpi, "KPI that must reach the target, e.g. started")->required();
  feas_cmd->add_option("--target", feas.target, "The KPI must be >= this value")->required();
  feas_cmd->add_option("--probability", feas.probability, "Required probability of reaching the target")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  feas_cmd->add_option("--confidence", feas.confidence, "Confidence of each probe's Wilson interval")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.9999));
  feas_cmd->add_flag("--largest", feas.largest,
                     "Largest value instead of smallest (when the probability falls as the parameter grows)");
  feas_cmd->add_option("--block", feas.block, "Replications per sequential step of a probe")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{10}, std::uint64_t{1'000'000}));
  feas_cmd
      ->add_option("--max-reps", feas.max_replications, "Replications at most per probe (then: undecided)")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{10}, sibsim::engine::kMaxReplications));
  feas_cmd->add_option("-s,--seed", feas.seed, "Master seed")->capture_default_str();
  feas_cmd->add_option("-t,--threads", feas.threads, "Worker threads (0 = all cores)")->capture_default_str();
  feas_cmd->add_option("-o,--out", feas.out,
                       "Results file (HDF5); default results/feasibility-<scenario name>.h5");
  feas_cmd->add_option("--csv", feas.csv_dir, "Also write each table as a CSV file into this folder");
  bool feas_no_report = false;
  feas_cmd->add_flag("--no-report", feas_no_report, "Do not write the HTML report");
  feas_cmd->add_flag("-q,--quiet", feas.quiet, "Only the answer");

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

  // Under mpirun only `sweep` and `run` spread work over ranks; anything else would run N times over.
  if (world.size() > 1 && !*sweep_cmd && !*run_cmd) {
    if (world.is_root())
      fmt::print(stderr,
                 "error: only `sibsim sweep` and `sibsim run` run under MPI ({} ranks); start other commands "
                 "without mpirun\n",
                 world.size());
    return app::kExitBadInput;
  }
  // Under MPI every rank checks the input alike; only rank 0 reports.
  const auto report = [&](const std::string& text) {
    if (world.is_root()) fmt::print(stderr, "{}\n", text);
  };
  try {
    if (*sweep_cmd) {
      sweep.report = !sweep_no_report;
      sweep.per_replication = !sweep_no_rows;
      return app::sweep_command(sweep, world);
    }
    if (*feas_cmd) {
      feas.report = !feas_no_report;
      return app::feasibility_command(feas);
    }
    if (*run_cmd) {
      run.report = !no_report;
      return app::run_command(run, world);
    }
    if (*report_cmd) return app::report_command(report_in, report_out);
    if (*compare_cmd) {
      cmp.report = !compare_no_report;
      return app::compare_command(cmp);
    }
    if (*validate_cmd) return app::validate_command(validate_file);
    if (*help_cmd) return app::help_config_command();
    if (*list_cmd) return app::list_scenarios_command(list_dir);
  } catch (const sibsim::scenarios::ValidationErrors& e) {
    report(e.what());
    return app::kExitBadInput;  // every rank found the same problem before any communication
  } catch (const std::invalid_argument& e) {
    report(std::string("error: ") + e.what());
    world.abort(app::kExitBadInput);  // e.g. rank 0 alone refused a --resume: end the other ranks
    return app::kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error{}: {}\n",
               world.size() > 1 ? fmt::format(" on rank {}", world.rank()) : "", e.what());
    world.abort(app::kExitInternal);
    return app::kExitInternal;
  }
  return app::kExitInternal;
}
