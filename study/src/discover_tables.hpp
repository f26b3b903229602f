#pragma once
// Internal to `sibsim discover` (discover_command.cpp): the --when condition, the sweep's
// parameters as PRIM inputs, and the result as /discovery tables (output/SCHEMA.md) and words.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "prim.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/output/results_update.hpp"

namespace sibsim::study {

/// `< 0.5`, `<= 0.5`, `> 0.5` or `>= 0.5`.
struct Condition {
  std::string op;
  double value = 0;
  [[nodiscard]] bool holds(double x) const;
  [[nodiscard]] std::string text() const;  ///< "< 0.5"
};
/// Throws std::invalid_argument on anything but an operator and a finite number.
Condition parse_condition(std::string_view text);

struct DiscoveryParameter {
  std::string path, kind;      ///< /design_parameters path and kind (number, integer, date, boolean)
  std::vector<double> values;  ///< per /design row; dates as days since 1970-01-01
};

struct DiscoveryInputs {
  std::vector<double> points;                  ///< point id per /design row
  std::vector<DiscoveryParameter> parameters;  ///< the numeric, date and boolean ones
  std::vector<std::string> skipped;            ///< text parameters, left out
};
DiscoveryInputs discovery_inputs(const std::filesystem::path& file, const output::Table& design);

/// The KPI's or measure's label from /kpis or /outcome_measures, else its name.
std::string kpi_label(const std::filesystem::path& file, const std::string& kpi);

struct Discovery {
  std::string kpi, label;
  Condition when;
  DiscoveryInputs inputs;
  prim::Result result;
  std::size_t undefined = 0;  ///< design points left out: the KPI had no value
  prim::Options options;
};

/// A parameter's value for people: a date, a whole number, true/false or 4 significant digits.
std::string parameter_text(const DiscoveryParameter& p, double x);
/// /discovery: attributes and the tables trajectory and restrictions.
output::GroupUpdate discovery_update(const Discovery& d);
/// The answer in words, one paragraph, plain text.
std::string discovery_text(const Discovery& d);

}  // namespace sibsim::study
