// sibsim: Monte Carlo simulation of Social Impact Bond programmes (and other model plug-ins).
// Parses the command line and calls the workflows of study/. Exit codes: 0 success, 2 bad input
// (scenario or arguments, an output path sibsim will not write), 1 a failed write ("error: ...")
// or an internal error.

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "command_line.hpp"
#include "plugins.hpp"
#include "sibsim/output/output_files.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/study/commands.hpp"
#include "sibsim/study/mpi_world.hpp"
#include "sibsim/version.hpp"

namespace study = sibsim::study;

int main(int argc, char** argv) {
  const study::MpiWorld world(&argc, &argv);
  const sibsim::models::PluginRegistry plugins = sibsim::app::make_plugins();
  std::string examples;
  for (const auto& p : plugins.plugins()) examples += p->usage_examples();
  CLI::App cli{
      "sibsim: Monte Carlo simulation of Social Impact Bond recruitment and outcomes.\nExamples:\n" +
      examples +
      "  sibsim new my-scenario                         # a complete, commented scenario to start from\n"
      "  sibsim validate my-scenario.yaml\n  sibsim help-config\n"};
  cli.set_version_flag("--version",
                       fmt::format("sibsim {} (commit {})", sibsim::kVersion, sibsim::kGitCommit));
  cli.require_subcommand(1);
  const std::vector<std::string> command_line(argv, argv + argc);

  sibsim::app::CommandLine c;
  sibsim::app::declare_commands(cli, c);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? study::kExitOk : study::kExitBadInput;
  }
  for (study::CommonArgs* common : {&c.run.common, &c.compare.common, &c.sweep.common, &c.feasibility.common,
                                    &c.forecast.common, &c.calibrate.common})
    common->command_line = command_line;
  // Under mpirun only `sweep`, `run` and `calibrate` spread work over ranks; anything else would run N times
  // over.
  if (world.size() > 1 && !*c.sweep_cmd && !*c.run_cmd && !*c.calibrate_cmd) {
    if (world.is_root())
      fmt::print(stderr,
                 "error: only `sibsim sweep`, `run` and `calibrate` run under MPI ({} ranks); start other "
                 "commands without mpirun\n",
                 world.size());
    return study::kExitBadInput;
  }
  // After an error, end without the libraries' exit clean-up: HDF5's would close a file it could
  // not flush (a full disk) and crash. Our temporaries are already deleted by the unwinding.
  const auto failed = [](int code) {
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(code);
  };
  try {
    if (*c.run_cmd) return study::run_command(plugins, c.run, world);
    if (*c.sweep_cmd) return study::sweep_command(plugins, c.sweep, world);
    if (*c.calibrate_cmd) return study::calibrate_command(plugins, c.calibrate, world);
    if (*c.discover_cmd) return study::discover_command(plugins, c.discover);
    if (*c.studio_cmd) return study::studio_command(plugins, c.studio);
    if (*c.feas_cmd) return study::feasibility_command(plugins, c.feasibility);
    if (*c.forecast_cmd) return study::forecast_command(plugins, c.forecast);
    if (*c.compare_cmd) return study::compare_command(plugins, c.compare);
    if (*c.report_cmd) return study::report_command(plugins, c.report_in, c.report_out, c.report_lang);
    if (*c.validate_cmd) return study::validate_command(plugins, c.validate_file);
    if (*c.help_cmd) return study::help_config_command(plugins, c.help_model);
    if (*c.kpis_cmd) return study::kpis_command(plugins, c.kpis);
    if (*c.list_cmd) return study::list_scenarios_command(plugins, c.list_dir);
    if (*c.new_cmd) return study::new_command(plugins, c.new_args);
  } catch (const sibsim::scenarios::ValidationErrors& e) {
    if (world.is_root()) fmt::print(stderr, "{}\n", e.what());
    return study::kExitBadInput;  // every rank found the same problem before any communication
  } catch (const std::invalid_argument& e) {
    if (world.is_root()) fmt::print(stderr, "error: {}\n", e.what());
    world.abort(study::kExitBadInput);  // e.g. rank 0 alone refused a --resume: end the other ranks
    return study::kExitBadInput;
  } catch (const sibsim::output::IoError& e) {
    // A failed write (full disk, I/O error): the message names the file and the cause.
    fmt::print(stderr, "error: {}\n", e.what());
    world.abort(study::kExitInternal);
    failed(study::kExitInternal);
  } catch (const std::exception& e) {
    fmt::print(stderr, "internal error{}: {}\n",
               world.size() > 1 ? fmt::format(" on rank {}", world.rank()) : "", e.what());
    world.abort(study::kExitInternal);
    failed(study::kExitInternal);
  }
  return study::kExitInternal;
}
