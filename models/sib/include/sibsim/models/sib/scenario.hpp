#pragma once
/// \file scenario.hpp
/// The SIB model's scenario files: the schema that maps YAML keys onto SibParams (every key,
/// type, range, unit and meaning declared once), loading with validation, `help-config` text and
/// the resolved YAML stored in results files.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sibsim/models/sib/params.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::models::sib {

/// The value of the scenario key `model:` that selects the SIB model (the default model).
inline constexpr std::string_view kSibModelName = "sib";

/// Loads and validates a SIB scenario file. Throws scenarios::ValidationErrors listing every problem.
SibParams load_sib_scenario(const std::string& path);
/// Same, from an already parsed document.
SibParams load_sib_scenario(const scenarios::Document& doc);
/// Reference of every scenario key (for `sibsim help-config`).
std::string sib_scenario_help();
/// Every scenario key path, as help-config lists them ("recruitment.start", "prisons[].name").
std::vector<std::string> sib_scenario_keys();
/// The commented template of a new SIB named `name` (models/sib/text/new-sib.yaml; `sibsim new`):
/// a complete scenario that validates and runs, each value labelled local, wnd, carries or assumed.
std::string sib_scenario_template(std::string_view name);
/// The resolved configuration (every key with its effective value) as YAML.
std::string sib_scenario_yaml(const SibParams& params);
/// The effective value of each `params.provenance` key, in order, as YAML text ("1497",
/// "2018-05-01"); "(see the scenario)" for a list or section; nullopt if the scenario has no such key.
std::vector<std::optional<std::string>> provenance_values(const SibParams& params);

}  // namespace sibsim::models::sib
