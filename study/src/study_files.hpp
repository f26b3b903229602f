#pragma once
// What every simulating command does around its simulation: where the results file goes, its
// provenance, the HTML report and CSV files after it, and the closing lines on the terminal.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "named_tables.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/study/commands.hpp"

namespace sibsim::study {

/// `name` as a file name stem: only [A-Za-z0-9._-] (others become '_'), no leading dot, at most
/// 120 bytes, never empty. A scenario's `name: ../../x` stays inside results/.
std::string safe_file_stem(std::string_view name);

/// The model a `--model NAME` option names (empty: the default model). Throws
/// std::invalid_argument "<option> NAME: unknown model; known models: ..." for an unknown name.
const models::ModelPlugin& model_option(const models::PluginRegistry& models, const std::string& name,
                                        std::string_view option);

/// `--out` if given (its folder must exist), else results/<safe_file_stem(default_stem)>.h5
/// (creating results/). Throws output::OutputRefused (exit 2) for a missing or blocked folder.
std::filesystem::path results_path(const CommonArgs& common, const std::string& default_stem);

/// Provenance of a results file: kind, seed, replications, threads, the base scenario (its name,
/// model and resolved YAML; `given_yaml` is the scenario as written, "" = none), time,
/// host and command line.
output::RunMeta make_meta(std::string_view kind, const CommonArgs& common, std::uint64_t seed,
                          std::uint64_t replications, std::string_view model, const models::Scenario& base,
                          std::string_view given_yaml);

/// The HTML report's options: its language (`--lang`, else the scenario's report_language, else
/// English), the model's labels of its KPIs and series in that language and, with the scenario's
/// document, its levers' labels by key path ("recruitment.end" -> "End of recruitment"), which
/// name the parameters of sweeps and feasibility questions.
output::HtmlReportOptions report_options(std::string_view lang, const models::ModelPlugin& plugin,
                                         const models::Scenario* scenario,
                                         const scenarios::Document* doc = nullptr);
/// The same for a results file (`sibsim report`, `sibsim discover`): its model and its resolved
/// scenario from /meta, so the page has the same labels as when the command wrote it.
output::HtmlReportOptions report_options(std::string_view lang, const models::PluginRegistry& models,
                                         const output::FileMeta& meta);

/// After the results file is committed: the CSV tables (if --csv), the HTML report (if asked;
/// `sections` are the model's run-report sections or nullptr), and the closing lines
/// "Results: ... / Report: ... / CSV: ...".
void finish_outputs(const CommonArgs& common, const std::filesystem::path& out,
                    const std::vector<NamedTable>& csv_tables, const output::RunReportSections* sections,
                    const output::HtmlReportOptions& report);

}  // namespace sibsim::study
