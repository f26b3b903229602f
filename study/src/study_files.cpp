#include "study_files.hpp"

#include <fmt/core.h>


#include "sibsim/output/html_report.hpp"

namespace sibsim::study {

std::filesystem::path results_path(const CommonArgs& common, const std::string& default_stem) {
  std::filesystem::path out = common.out.empty() ? std::filesystem::path("results") / (default_stem + ".h5")
                                                 : std::filesystem::path(common.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
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
  return meta;
}

void finish_outputs(const CommonArgs& common, const std::filesystem::path& out,
                    const std::vector<NamedTable>& csv_tables, const output::RunReportSections* sections) {
  if (!common.csv_dir.empty() && !csv_tables.empty()) write_tables_csv(common.csv_dir, csv_tables);
  std::filesystem::path html;
  if (common.report) {
    html = std::filesystem::path(out).replace_extension(".html");
    output::write_html_report(out, html, sections);
  }
  fmt::print("\nResults: {}", out.string());
  if (!html.empty()) fmt::print("\nReport:  {} (open it in a browser)", html.string());
  if (!common.csv_dir.empty())
    fmt::print("\nCSV:     {}{}", common.csv_dir, csv_tables.empty() ? "" : " (one file per table)");
  fmt::print("\n");
}

}  // namespace sibsim::study
