#include "study_files.hpp"

#include <fmt/core.h>

#include <exception>
#include <optional>
#include <stdexcept>

#include "output_guard.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/output_files.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::study {

std::string safe_file_stem(std::string_view name) {
  std::string stem;
  for (const char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
    stem += keep ? c : '_';
  }
  // No hidden names, no "." or "..": a leading dot becomes '_'.
  if (!stem.empty() && stem.front() == '.') stem.front() = '_';
  if (stem.size() > 120) stem.resize(120);
  return stem.empty() ? "results" : stem;
}

const models::ModelPlugin& model_option(const models::PluginRegistry& models, const std::string& name,
                                        std::string_view option) {
  if (name.empty()) return models.default_plugin();
  if (const models::ModelPlugin* p = models.find(name)) return *p;
  std::string known;
  for (const auto& p : models.plugins()) known += fmt::format("{}{}", known.empty() ? "" : ", ", p->name());
  throw std::invalid_argument(fmt::format("{} {}: unknown model; known models: {}", option, name, known));
}

std::filesystem::path results_path(const CommonArgs& common, const std::string& default_stem) {
  std::filesystem::path out = common.out.empty()
                                  ? std::filesystem::path("results") / (safe_file_stem(default_stem) + ".h5")
                                  : std::filesystem::path(common.out);
  if (!out.has_parent_path()) return out;
  const std::filesystem::path dir = out.parent_path();
  std::error_code ec;
  if (common.out.empty()) {
    // The default folder is ours to create; anything else in its place is the user's.
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir))
      throw output::OutputRefused(
          fmt::format("cannot create the results folder '{}'{}: give --out FILE", dir.string(),
                      ec ? ": " + ec.message() : ": a file of that name is in the way"));
  } else if (!std::filesystem::is_directory(dir, ec)) {
    // An explicit --out goes into an existing folder only: a typo never creates a tree of folders.
    throw output::OutputRefused(
        fmt::format("--out {}: there is no folder '{}' (create it first)", common.out, dir.string()));
  }
  return out;
}

output::RunMeta make_meta(std::string_view kind, const CommonArgs& common, std::uint64_t seed,
                          std::uint64_t replications, std::string_view model, const models::Scenario& base,
                          std::string_view given_yaml) {
  output::RunMeta meta;
  meta.kind = std::string(kind);
  meta.model = std::string(model);
  meta.seed = seed;
  meta.replications_requested = replications;
  meta.threads = common.threads;
  meta.scenario_name = base.name();
  meta.scenario_description = base.description();
  meta.scenario_yaml_given = std::string(given_yaml);
  meta.scenario_yaml_resolved = base.resolved_yaml();
  meta.start_time = output::iso8601_utc_now();
  meta.host = output::host_name();
  meta.command_line = common.command_line;
  meta.provenance = base.provenance();
  return meta;
}

output::HtmlReportOptions report_options(std::string_view lang, const models::ModelPlugin& plugin,
                                         const models::Scenario* scenario, const scenarios::Document* doc) {
  output::HtmlReportOptions options;
  std::string code(lang);
  if (code.empty() && scenario != nullptr) code = scenario->report_language();
  if (!code.empty()) options.language = output::report::parse_language(code);
  const std::string_view code_used = output::report::language_code(options.language);
  options.labels = doc != nullptr ? plugin.scenario_labels(code_used, *doc) : plugin.labels(code_used);
  if (doc != nullptr)
    for (const models::Lever& l : plugin.levers(*doc, code_used)) options.labels.emplace_back(l.key, l.label);
  return options;
}

output::HtmlReportOptions report_options(std::string_view lang, const models::PluginRegistry& models,
                                         const output::FileMeta& meta) {
  const std::string& model = meta.run.model;
  const models::ModelPlugin* plugin = model.empty() ? &models.default_plugin() : models.find(model);
  if (plugin != nullptr) {
    // The resolved scenario names the levers; a file whose scenario no longer parses keeps the
    // KPI labels only.
    std::optional<scenarios::Document> doc;
    try {
      if (!meta.run.scenario_yaml_resolved.empty())
        doc =
            scenarios::Document::from_string(meta.run.scenario_yaml_resolved, "the results file's scenario");
    } catch (const std::exception&) {
      doc.reset();
    }
    try {
      return report_options(lang, *plugin, nullptr, doc ? &*doc : nullptr);
    } catch (const std::invalid_argument&) {
      throw;  // an unknown --lang
    } catch (const std::exception&) {
      return report_options(lang, *plugin, nullptr, nullptr);
    }
  }
  output::HtmlReportOptions options;  // a model this sibsim does not have: the file's own labels
  if (!lang.empty()) options.language = output::report::parse_language(lang);
  return options;
}

void finish_outputs(const CommonArgs& common, const std::filesystem::path& out,
                    const std::vector<NamedTable>& csv_tables, const output::RunReportSections* sections,
                    const output::HtmlReportOptions& report) {
  // Every CSV name is checked before the first one is written (TempFile checks again).
  if (!common.csv_dir.empty())
    for (const std::filesystem::path& f : csv_table_files(common.csv_dir, csv_tables))
      output::check_output_path(f);
  if (!common.csv_dir.empty() && !csv_tables.empty()) write_tables_csv(common.csv_dir, csv_tables);
  std::filesystem::path html;
  if (common.report) {
    html = report_path(out);
    output::write_html_report(out, html, sections, report);
  }
  fmt::print("\nResults: {}", out.string());
  if (!html.empty()) fmt::print("\nReport:  {} (open it in a browser)", html.string());
  if (!common.csv_dir.empty())
    fmt::print("\nCSV:     {}{}", common.csv_dir, csv_tables.empty() ? "" : " (one file per table)");
  fmt::print("\n");
}

}  // namespace sibsim::study
