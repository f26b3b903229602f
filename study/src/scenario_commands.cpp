// The commands around scenario files and results files that run no simulation: `validate`,
// `help-config`, `list-scenarios` and `report`.

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/study/commands.hpp"

namespace sibsim::study {

int validate_command(const PluginRegistry& models, const std::string& scenario) {
  const scenarios::Document doc = scenarios::Document::from_file(scenario);
  const models::ModelPlugin& plugin = models.for_document(doc);
  const std::unique_ptr<models::Scenario> s = plugin.load(doc);
  fmt::print("# {}: valid ({} model). Resolved configuration (every key with its effective value):\n",
             scenario, plugin.name());
  fmt::print("{}", s->resolved_yaml());
  return kExitOk;
}

int help_config_command(const PluginRegistry& models, const std::string& model) {
  const models::ModelPlugin* plugin = model.empty() ? &models.default_plugin() : models.find(model);
  if (!plugin) {
    std::string known;
    for (const auto& p : models.plugins()) known += fmt::format("{}{}", known.empty() ? "" : ", ", p->name());
    throw std::invalid_argument(fmt::format("--model {}: unknown model; known models: {}", model, known));
  }
  fmt::print("# Scenario keys of the {} model ({}). Other models:", plugin->name(), plugin->title());
  for (const auto& p : models.plugins())
    if (p.get() != plugin) fmt::print(" `sibsim help-config --model {}`", p->name());
  fmt::print("\n{}", plugin->help_config());
  return kExitOk;
}

int list_scenarios_command(const PluginRegistry& models, const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
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

int report_command(const PluginRegistry& models, const std::string& results, const std::string& html_out) {
  const std::filesystem::path html = html_out.empty()
                                         ? std::filesystem::path(results).replace_extension(".html")
                                         : std::filesystem::path(html_out);
  // A run report gets its model's sections; a file without a model (format < 1.3) is the default model's.
  const output::FileMeta meta = output::read_meta(results);
  const output::RunReportSections* sections = nullptr;
  if (meta.run.kind == output::kKindRun) {
    const models::ModelPlugin* plugin =
        meta.run.model.empty() ? &models.default_plugin() : models.find(meta.run.model);
    if (plugin) sections = plugin->run_report();
  }
  output::write_html_report(results, html, sections);
  fmt::print("Report: {}\n", html.string());
  return kExitOk;
}

}  // namespace sibsim::study
