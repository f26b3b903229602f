// `sibsim discover SWEEP.h5 --kpi KPI --when "< VALUE"`: scenario discovery with PRIM (prim.hpp)
// on a sweep file. One row per design point: the inputs are the swept parameters (dates as days,
// booleans as 0/1; text parameters are left out), the case of interest is the point's /outcomes
// column (a KPI's mean, a statistic such as `kpi:p50`, or a derived measure) meeting the
// condition. Writes /discovery into the sweep file (output/SCHEMA.md) and the report again.
#include <fmt/core.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "discover_tables.hpp"
#include "interrupt.hpp"
#include "output_guard.hpp"
#include "prim.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/output_files.hpp"
#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_update.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/study/commands.hpp"
#include "study_files.hpp"

namespace sibsim::study {
namespace {

using output::Table;

const std::vector<double>* numbers_of(const Table& t, std::string_view column) {
  const auto* c = t.column(column);
  return c != nullptr ? std::get_if<std::vector<double>>(&c->values) : nullptr;
}

// The /outcomes column to test: a float column other than the point's bookkeeping.
const std::vector<double>& kpi_column(const Table& outcomes, const std::string& kpi,
                                      const std::string& file) {
  if (const auto* v = numbers_of(outcomes, kpi)) return *v;
  std::vector<std::string> names;
  for (const auto& c : outcomes.columns)
    if (std::holds_alternative<std::vector<double>>(c.values)) names.push_back(c.name);
  const std::string guess = scenarios::closest_name(kpi, names);
  throw std::invalid_argument(
      guess.empty() ? fmt::format("unknown KPI '{}': '{}' has no such column in /outcomes", kpi, file)
                    : fmt::format("unknown KPI '{}'; did you mean '{}'?", kpi, guess));
}

// PRIM needs points spread over the whole space: Latin hypercubes (and grids, with a warning).
void check_design(const Table& design, const std::string& file, bool quiet) {
  const auto* roles = design.column("role");
  const auto* r = roles != nullptr ? std::get_if<std::vector<std::string>>(&roles->values) : nullptr;
  if (r == nullptr || r->empty()) throw std::invalid_argument(fmt::format("'{}' has no design points", file));
  bool grid = false;
  for (const auto& role : *r) {
    if (role == "lhs") continue;
    if (role == "grid") {
      grid = true;
      continue;
    }
    throw std::invalid_argument(fmt::format(
        "'{}' is not a Latin hypercube sweep (a point's role is '{}'): PRIM needs a space-filling design; "
        "run a sweep with `design: lhs`",
        file, role));
  }
  if (grid && !quiet)
    fmt::print(stderr,
               "warning: '{}' is a grid: PRIM's limits can only fall on the grid's levels; a Latin "
               "hypercube (`design: lhs`) finds them more precisely\n",
               file);
}

}  // namespace

int discover_command(const PluginRegistry& models, const DiscoverArgs& args) {
  install_interrupt_handlers();
  const std::filesystem::path file = args.sweep_file;
  const Condition when = parse_condition(args.when);
  if (output::read_kind(file) != "sweep")
    throw std::invalid_argument(
        fmt::format("'{}' is not a sweep file (sibsim sweep writes one)", file.string()));
  const Table design = output::read_table(file, "/design");
  const Table outcomes = output::read_table(file, "/outcomes");
  check_design(design, file.string(), args.quiet);
  const auto& kpi = kpi_column(outcomes, args.kpi, file.string());
  const DiscoveryInputs in = discovery_inputs(file, design);
  if (in.parameters.empty())
    throw std::invalid_argument(
        fmt::format("'{}' varies no numeric, date or boolean parameter", file.string()));

  // One row per design point with a defined KPI.
  std::map<double, double> kpi_of_point;
  const auto* point_column = outcomes.column("point");
  const auto* out_points =
      point_column != nullptr ? std::get_if<std::vector<std::uint64_t>>(&point_column->values) : nullptr;
  if (out_points == nullptr)
    throw std::invalid_argument(fmt::format("'{}': /outcomes has no point column", file.string()));
  for (std::size_t r = 0; r < out_points->size(); ++r)
    kpi_of_point[static_cast<double>((*out_points)[r])] = kpi[r];
  std::vector<double> x;
  std::vector<std::uint8_t> cases;
  std::size_t undefined = 0;
  for (std::size_t i = 0; i < in.points.size(); ++i) {
    const auto it = kpi_of_point.find(in.points[i]);
    if (it == kpi_of_point.end() || !std::isfinite(it->second)) {
      ++undefined;
      continue;
    }
    for (const auto& p : in.parameters) x.push_back(p.values[i]);
    cases.push_back(when.holds(it->second) ? 1 : 0);
  }
  std::size_t n_cases = 0;
  for (const auto c : cases) n_cases += c;
  if (cases.empty())
    throw std::invalid_argument(
        fmt::format("'{}' has no design point with a value of '{}'", file.string(), args.kpi));
  if (n_cases == 0 || n_cases == cases.size())
    throw std::invalid_argument(
        fmt::format("{} of the {} design points have {} {}: nothing to discover; choose "
                    "another value",
                    n_cases == 0 ? "none" : "all", cases.size(), args.kpi, when.text()));

  prim::Options o;
  o.alpha = args.alpha;
  o.mass_min = args.mass_min;
  o.coverage_min = args.coverage_min;
  o.box = args.box;
  const prim::Result result = prim::discover(x, in.parameters.size(), cases, o);
  const Discovery d{args.kpi, kpi_label(file, args.kpi), when, in, result, undefined, o};

  output::replace_group(file, discovery_update(d));
  if (!args.quiet) fmt::print("{}\n", discovery_text(d));
  if (args.report) {
    const auto html = report_path(file);
    output::write_html_report(file, html, nullptr,
                              report_options(args.lang, models, output::read_meta(file)));
    if (!args.quiet) fmt::print("Report: {}\n", html.string());
  }
  return kExitOk;
}

}  // namespace sibsim::study
