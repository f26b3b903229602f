#pragma once
// The command line of sibsim: every subcommand with its options (command_line.cpp), bound to the
// argument structs of study/. The options every simulating command shares are declared once
// (add_common in command_line.cpp).

#include <CLI/CLI.hpp>
#include <string>

#include "sibsim/study/commands.hpp"
#include "sibsim/study/studio.hpp"

namespace sibsim::app {

struct CommandLine {
  study::RunArgs run;
  study::CompareArgs compare;
  study::SweepArgs sweep;
  study::FeasibilityArgs feasibility;
  study::ForecastArgs forecast;
  study::CalibrateArgs calibrate;
  study::StudioArgs studio;
  study::DiscoverArgs discover;
  CLI::App* discover_cmd = nullptr;
  std::string report_in, report_out, report_lang, validate_file, help_model, list_dir = "scenarios";
  study::KpisArgs kpis;
  CLI::App* kpis_cmd = nullptr;
  CLI::App* run_cmd = nullptr;
  CLI::App* report_cmd = nullptr;
  CLI::App* compare_cmd = nullptr;
  CLI::App* sweep_cmd = nullptr;
  CLI::App* feas_cmd = nullptr;
  CLI::App* forecast_cmd = nullptr;
  CLI::App* validate_cmd = nullptr;
  CLI::App* help_cmd = nullptr;
  CLI::App* list_cmd = nullptr;
  CLI::App* new_cmd = nullptr;
  study::NewArgs new_args;
  CLI::App* calibrate_cmd = nullptr;
  CLI::App* studio_cmd = nullptr;
};

/// Declares every subcommand and option on `cli`, bound to `c`.
void declare_commands(CLI::App& cli, CommandLine& c);

}  // namespace sibsim::app
