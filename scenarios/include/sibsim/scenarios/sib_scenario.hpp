#pragma once
/// \file sib_scenario.hpp
/// The SIB funnel's scenario files: the schema that maps YAML keys onto models::sib::SibParams
/// (every key, type, range, unit and meaning declared once), loading with validation,
/// `help-config` text and the resolved YAML stored in results files.

#include <string>

#include "sibsim/models/sib/params.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::scenarios {

/// Loads and validates a SIB scenario file. Throws ValidationErrors listing every problem.
models::sib::SibParams load_sib_scenario(const std::string& path);
/// Same, from an already parsed document.
models::sib::SibParams load_sib_scenario(const Document& doc);
/// Reference of every scenario key (for `sibsim help-config`).
std::string sib_scenario_help();
/// The resolved configuration (every key with its effective value) as YAML.
std::string sib_scenario_yaml(const models::sib::SibParams& params);

}  // namespace sibsim::scenarios
