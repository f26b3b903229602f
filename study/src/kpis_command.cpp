// `sibsim kpis [SCENARIO]`: the KPI catalogue of a scenario (name, unit, groups, label,
// description), without running it. The catalogue comes from the loaded scenario, not from the
// plug-in alone, because some KPI families depend on it (dated series "name@YYYY-MM-DD", one KPI
// per criterion or stage).

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/study/commands.hpp"

namespace sibsim::study {
namespace {

std::string joined_groups(const engine::KpiInfo& k) {
  std::string g;
  for (const std::string& s : k.groups) g += (g.empty() ? "" : ";") + s;
  return g;
}

/// RFC 4180: quoted (inner quotes doubled) when it holds a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string json_string(const std::string& s) {
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      q += '\\';
      q += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      q += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      q += c;
    }
  }
  return q + "\"";
}

void print_table(const std::vector<engine::KpiInfo>& kpis, const std::string& scenario) {
  std::size_t wn = 4, wu = 4, wg = 6;
  for (const engine::KpiInfo& k : kpis) {
    wn = std::max(wn, k.name.size());
    wu = std::max(wu, k.unit.size());
    wg = std::max(wg, joined_groups(k).size());
  }
  fmt::print("# {} KPIs of {}\n", kpis.size(), scenario);
  fmt::print("{:<{}}  {:<{}}  {:<{}}  {}\n", "name", wn, "unit", wu, "groups", wg, "description");
  for (const engine::KpiInfo& k : kpis)
    fmt::print("{:<{}}  {:<{}}  {:<{}}  {}\n", k.name, wn, k.unit, wu, joined_groups(k), wg, k.description);
}

void print_csv(const std::vector<engine::KpiInfo>& kpis) {
  fmt::print("name,unit,groups,label,description\r\n");
  for (const engine::KpiInfo& k : kpis)
    fmt::print("{},{},{},{},{}\r\n", csv_field(k.name), csv_field(k.unit), csv_field(joined_groups(k)),
               csv_field(k.label), csv_field(k.description));
}

void print_json(const std::vector<engine::KpiInfo>& kpis) {
  fmt::print("[\n");
  for (std::size_t i = 0; i < kpis.size(); ++i) {
    const engine::KpiInfo& k = kpis[i];
    std::string groups;
    for (const std::string& g : k.groups) groups += (groups.empty() ? "" : ", ") + json_string(g);
    fmt::print("  {{\"name\": {}, \"unit\": {}, \"groups\": [{}], \"label\": {}, \"description\": {}}}{}\n",
               json_string(k.name), json_string(k.unit), groups, json_string(k.label),
               json_string(k.description), i + 1 < kpis.size() ? "," : "");
  }
  fmt::print("]\n");
}

}  // namespace

int kpis_command(const PluginRegistry& models, const KpisArgs& args) {
  std::string scenario = args.scenario;
  if (scenario.empty()) scenario = std::string(models.default_plugin().example_scenario());
  if (scenario.empty()) throw std::invalid_argument("name a scenario file: sibsim kpis SCENARIO");
  if (args.scenario.empty() && !std::filesystem::exists(scenario))
    throw std::invalid_argument(fmt::format(
        "the default scenario {} is not here (it is relative to the repository); name a scenario file: "
        "sibsim kpis SCENARIO",
        scenario));
  if (args.format != "table" && args.format != "csv" && args.format != "json")
    throw std::invalid_argument(fmt::format("--format {}: give table, csv or json", args.format));
  const std::unique_ptr<models::Scenario> s = models.load_file(scenario);
  const std::vector<engine::KpiInfo> kpis = s->model().kpis();
  if (args.format == "csv") {
    print_csv(kpis);
  } else if (args.format == "json") {
    print_json(kpis);
  } else {
    print_table(kpis, scenario);
  }
  return kExitOk;
}

}  // namespace sibsim::study
