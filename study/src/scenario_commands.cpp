// The commands around scenario files and results files that run no simulation: `validate`,
// `help-config`, `list-scenarios` and `report`.

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "interrupt.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/output_files.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/study/commands.hpp"
#include "study_files.hpp"

namespace sibsim::study {

int validate_command(const PluginRegistry& models, const std::string& scenario) {
  const scenarios::Document doc = scenarios::Document::from_file(scenario);
  const models::ModelPlugin& plugin = models.for_document(doc);
  const std::unique_ptr<models::Scenario> s = plugin.load(doc);
  fmt::print("# {}: valid ({} model). Resolved configuration (every key with its effective value):\n",
             doc.file(), plugin.name());
  fmt::print("{}", s->resolved_yaml());
  return kExitOk;
}

int help_config_command(const PluginRegistry& models, const std::string& model) {
  const models::ModelPlugin* plugin = &model_option(models, model, "--model");
  fmt::print("# Scenario keys of the {} model ({}). Other models:", plugin->name(), plugin->title());
  for (const auto& p : models.plugins())
    if (p.get() != plugin) fmt::print(" `sibsim help-config --model {}`", p->name());
  fmt::print("\n{}", plugin->help_config());
  return kExitOk;
}

int list_scenarios_command(const PluginRegistry& models, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st))
    throw std::invalid_argument(fmt::format(
        "list-scenarios: there is no folder '{}'{}; give the folder of the scenario files: "
        "sibsim list-scenarios DIR",
        dir,
        dir == "scenarios" ? " here (the default, the repository's scenarios/ folder, is relative to "
                             "the working directory)"
                           : ""));
  if (!fs::is_directory(st))
    throw std::invalid_argument(fmt::format(
        "list-scenarios: '{}' is not a folder; give the folder of the scenario files (to check one file: "
        "sibsim validate FILE)",
        dir));
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".yaml") files.push_back(it->path());
  if (ec)
    throw std::invalid_argument(
        fmt::format("list-scenarios: cannot read the folder '{}': {}", dir, ec.message()));
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (!fs::is_regular_file(f, ec)) {  // a FIFO would block the listing; a folder is no scenario
      fmt::print("{:<40} SKIPPED: not a regular file\n", f.string());
      continue;
    }
    try {
      const std::unique_ptr<models::Scenario> s = models.load_file(f.string());
      const std::string d = s->description();
      fmt::print("{:<40} {}\n", f.string(), d.substr(0, 100) + (d.size() > 100 ? "..." : ""));
    } catch (const scenarios::ValidationErrors& e) {
      fmt::print("{:<40} INVALID: {} error(s); run `sibsim validate {}`\n", f.string(), e.errors().size(),
                 f.string());
    }
  }
  return kExitOk;
}

namespace {

// The results file is the user's input: one that is missing, not a regular file, empty,
// truncated, another program's HDF5 or of a kind this sibsim cannot report on is a bad input
// (exit 2), not an internal error.
output::FileMeta results_meta(const std::string& results) {
  constexpr std::string_view kGive =
      "; give a results file (.h5) written by sibsim run, compare, sweep, feasibility or calibrate";
  output::FileMeta meta;
  try {
    meta = output::read_meta(results);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(fmt::format("{}{}", e.what(), kGive));
  }
  const std::string& kind = meta.run.kind;
  if (kind != output::kKindRun && kind != output::kKindCompare && kind != output::kKindSweep &&
      kind != output::kKindFeasibility && kind != output::kKindCalibration && kind != output::kKindForecast)
    throw std::invalid_argument(fmt::format(
        "results file '{}' is of kind '{}', which this sibsim cannot report on{}", results, kind, kGive));
  return meta;
}

}  // namespace

int report_command(const PluginRegistry& models, const std::string& results, const std::string& html_out,
                   const std::string& lang) {
  const std::filesystem::path html = html_out.empty()
                                         ? std::filesystem::path(results).replace_extension(".html")
                                         : std::filesystem::path(html_out);
  // The results file is this command's input: never the report's destination (also by a hard link).
  install_interrupt_handlers();
  output::protect_input(results);
  output::check_output_path(html);
  // A run report gets its model's sections; a file without a model (format < 1.3) is the default model's.
  const output::FileMeta meta = results_meta(results);
  const output::RunReportSections* sections = nullptr;
  if (meta.run.kind == output::kKindRun) {
    const models::ModelPlugin* plugin =
        meta.run.model.empty() ? &models.default_plugin() : models.find(meta.run.model);
    if (plugin) sections = plugin->run_report();
  }
  try {
    output::write_html_report(results, html, sections, report_options(lang, models, meta));
  } catch (const output::IoError&) {
    throw;  // writing the report failed: exit 1 with the file and cause
  } catch (const std::runtime_error& e) {
    // Its metadata read, but a table of the file did not: the user's file is damaged (a copy cut
    // short, a disk error), not sibsim. Bad input, with what to do.
    throw std::invalid_argument(
        fmt::format("'{}' is damaged or incomplete (re-run the command that wrote it; /meta says how): {}",
                    results, e.what()));
  }
  fmt::print("Report: {}\n", html.string());
  return kExitOk;
}

}  // namespace sibsim::study
