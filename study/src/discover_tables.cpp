// The --when condition, the PRIM inputs of a sweep and /discovery in tables and words
// (discover_tables.hpp).
#include "discover_tables.hpp"

#include <fmt/core.h>

#include <cmath>
#include <stdexcept>
#include <variant>

#include "sibsim/engine/date.hpp"
#include "sibsim/output/report/text.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::study {
namespace {

using output::Table;
using output::TableColumn;

template <class T>
const std::vector<T>* values_of(const Table& t, std::string_view column) {
  const auto* c = t.column(column);
  return c != nullptr ? std::get_if<std::vector<T>>(&c->values) : nullptr;
}

std::string percent(double share) { return fmt::format("{:.0f} %", 100.0 * share); }

TableColumn f64(std::string name, std::string unit, std::string description, std::vector<double> v) {
  return {std::move(name), std::move(unit), std::move(description), std::move(v)};
}
TableColumn u64(std::string name, std::string description, std::vector<std::uint64_t> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}
TableColumn u8(std::string name, std::string description, std::vector<std::uint8_t> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}
TableColumn text(std::string name, std::string description, std::vector<std::string> v) {
  return {std::move(name), "", std::move(description), std::move(v)};
}

// "recruitment.end is on or before 2017-06-10", "x is between 0.2 and 0.4".
std::string restriction_words(const Discovery& d, const prim::Restriction& r) {
  const auto& p = d.inputs.parameters[r.input];
  const bool date = p.kind == "date";
  if (r.lo_restricted && r.hi_restricted)
    return fmt::format("{} is between {} and {}", p.path, parameter_text(p, r.lo), parameter_text(p, r.hi));
  if (r.lo_restricted)
    return fmt::format("{} is {} {}", p.path, date ? "on or after" : "at least", parameter_text(p, r.lo));
  return fmt::format("{} is {} {}", p.path, date ? "on or before" : "at most", parameter_text(p, r.hi));
}

}  // namespace

bool Condition::holds(double x) const {
  if (op == "<") return x < value;
  if (op == "<=") return x <= value;
  if (op == ">") return x > value;
  return x >= value;
}

std::string Condition::text() const { return fmt::format("{} {}", op, value); }

Condition parse_condition(std::string_view t) {
  const auto bad = [&] {
    return std::invalid_argument(fmt::format(
        "--when '{}': write an operator and a number, e.g. \"< 0.5\" (operators <, <=, >, >=)", t));
  };
  const auto first = t.find_first_not_of(" \t");
  if (first == std::string_view::npos) throw bad();
  t.remove_prefix(first);
  Condition c;
  for (const std::string_view op : {"<=", ">=", "<", ">"}) {
    if (t.substr(0, op.size()) == op) {
      c.op = std::string(op);
      break;
    }
  }
  if (c.op.empty()) throw bad();
  const std::string number(t.substr(c.op.size()));
  std::size_t used = 0;
  try {
    c.value = std::stod(number, &used);
  } catch (const std::exception&) {
    throw bad();
  }
  if (number.find_first_not_of(" \t", used) != std::string::npos || !std::isfinite(c.value)) throw bad();
  return c;
}

DiscoveryInputs discovery_inputs(const std::filesystem::path& file, const Table& design) {
  DiscoveryInputs in;
  if (const auto* p = values_of<std::uint64_t>(design, "point"))
    for (const auto v : *p) in.points.push_back(static_cast<double>(v));
  if (in.points.size() != design.rows())
    throw std::invalid_argument(fmt::format("'{}': /design has no point column", file.string()));
  const Table params = output::read_table(file, "/design_parameters");
  const auto* paths = values_of<std::string>(params, "path");
  const auto* kinds = values_of<std::string>(params, "kind");
  if (paths == nullptr || kinds == nullptr)
    throw std::invalid_argument(fmt::format("'{}': /design_parameters lacks path or kind", file.string()));
  for (std::size_t i = 0; i < paths->size(); ++i) {
    DiscoveryParameter p{(*paths)[i], (*kinds)[i], {}};
    if (const auto* f = values_of<double>(design, p.path)) {
      p.values = *f;
    } else if (const auto* b = values_of<std::uint8_t>(design, p.path)) {
      for (const auto v : *b) p.values.push_back(v != 0 ? 1.0 : 0.0);
    } else if (const auto* s = values_of<std::string>(design, p.path); s != nullptr && p.kind == "date") {
      for (const auto& v : *s) {
        const auto days = engine::parse_days(v);
        if (!days)
          throw std::invalid_argument(fmt::format("'{}': {} = '{}' is not a date", file.string(), p.path, v));
        p.values.push_back(static_cast<double>(*days));
      }
    } else {
      in.skipped.push_back(p.path);  // text: no order to peel along
      continue;
    }
    in.parameters.push_back(std::move(p));
  }
  return in;
}

std::string kpi_label(const std::filesystem::path& file, const std::string& kpi) {
  for (const auto& k : output::read_kpis(file))
    if (k.name == kpi && !k.label.empty()) return k.label;
  if (output::has_object(file, "/outcome_measures")) {
    const Table m = output::read_table(file, "/outcome_measures");
    const auto* names = values_of<std::string>(m, "name");
    const auto* labels = values_of<std::string>(m, "label");
    for (std::size_t i = 0; names != nullptr && labels != nullptr && i < names->size(); ++i)
      if ((*names)[i] == kpi && !(*labels)[i].empty()) return (*labels)[i];
  }
  return kpi;
}

std::string parameter_text(const DiscoveryParameter& p, double x) {
  if (p.kind == "date")
    return engine::to_string(engine::from_days(static_cast<std::int64_t>(std::llround(x))));
  if (p.kind == "boolean") return x != 0 ? "true" : "false";
  if (p.kind == "integer") return fmt::format("{:.0f}", x);
  return fmt::format("{:.4g}", x);
}

output::GroupUpdate discovery_update(const Discovery& d) {
  const auto& r = d.result;
  output::GroupUpdate u;
  u.group = "/discovery";

  Table traj;
  traj.description = "PRIM's peeling trajectory: one box per step, from all design points inwards";
  std::vector<std::uint64_t> step, points, cases, restricted;
  std::vector<double> coverage, density, mass;
  std::vector<std::uint8_t> chosen;
  for (std::size_t s = 0; s < r.trajectory.size(); ++s) {
    const auto& st = r.trajectory[s].stats;
    step.push_back(s);
    points.push_back(st.rows);
    cases.push_back(st.cases);
    coverage.push_back(st.coverage);
    density.push_back(st.density);
    mass.push_back(st.mass);
    restricted.push_back(st.restricted);
    chosen.push_back(s == r.chosen ? 1 : 0);
  }
  traj.columns = {u64("step", "peeling step; 0 = every design point", step),
                  u64("points", "design points in the box", points),
                  u64("cases", "design points in the box that meet the condition", cases),
                  f64("coverage", "fraction", "cases in the box / all cases", coverage),
                  f64("density", "fraction", "cases in the box / points in the box", density),
                  f64("mass", "fraction", "points in the box / all points", mass),
                  u64("restricted", "parameters the box restricts", restricted),
                  u8("chosen", "1 for the step chosen (before pasting)", chosen)};

  Table box;
  box.description =
      "the restrictions of the chosen box after pasting, each tested; kept = 1: in the final box";
  std::vector<std::string> param, kind, lo_text, hi_text;
  std::vector<double> lo, hi, p_value, without;
  std::vector<std::uint8_t> has_lo, has_hi, kept;
  for (const auto& x : r.restrictions) {
    const auto& p = d.inputs.parameters[x.input];
    param.push_back(p.path);
    kind.push_back(p.kind);
    lo.push_back(x.lo);
    hi.push_back(x.hi);
    lo_text.push_back(x.lo_restricted ? parameter_text(p, x.lo) : "");
    hi_text.push_back(x.hi_restricted ? parameter_text(p, x.hi) : "");
    has_lo.push_back(x.lo_restricted ? 1 : 0);
    has_hi.push_back(x.hi_restricted ? 1 : 0);
    p_value.push_back(x.p_value);
    without.push_back(x.density_without);
    kept.push_back(x.kept ? 1 : 0);
  }
  box.columns = {text("parameter", "key path of the swept parameter (its /design column)", param),
                 text("kind", "number, integer, date or boolean", kind),
                 f64("lo", "", "lower limit of the box (inclusive; dates as days since 1970-01-01)", lo),
                 f64("hi", "", "upper limit of the box (inclusive)", hi),
                 u8("restricts_lo", "1 if the lower limit is above the smallest value in the design", has_lo),
                 u8("restricts_hi", "1 if the upper limit is below the largest value in the design", has_hi),
                 text("lo_text", "the lower limit as a value (\"\" when not restricted)", lo_text),
                 text("hi_text", "the upper limit as a value (\"\" when not restricted)", hi_text),
                 f64("p_value", "",
                     "one-sided hypergeometric p-value of the box's cases given the box without this "
                     "restriction",
                     p_value),
                 f64("density_without", "fraction", "the box's density without this restriction", without),
                 u8("kept", "1 if significant (p <= 0.05) and part of the final box", kept)};
  u.tables.emplace_back("trajectory", std::move(traj));
  u.tables.emplace_back("restrictions", std::move(box));

  const auto& f = d.result.final.stats;
  u.attributes = {{"kpi", d.kpi},
                  {"kpi_label", d.label},
                  {"condition", d.when.text()},
                  {"text", discovery_text(d)},
                  {"unit_of_analysis", std::string("design point")},
                  {"points", static_cast<std::uint64_t>(r.rows)},
                  {"cases", static_cast<std::uint64_t>(r.cases)},
                  {"points_undefined", static_cast<std::uint64_t>(d.undefined)},
                  {"chosen_step", static_cast<std::uint64_t>(r.chosen)},
                  {"coverage", f.coverage},
                  {"density", f.density},
                  {"mass", f.mass},
                  {"box_points", static_cast<std::uint64_t>(f.rows)},
                  {"box_cases", static_cast<std::uint64_t>(f.cases)},
                  {"alpha", d.options.alpha},
                  {"mass_min", d.options.mass_min},
                  {"coverage_min", d.options.coverage_min},
                  {"significance", d.options.significance}};
  return u;
}

std::string discovery_text(const Discovery& d) {
  const auto& r = d.result;
  const auto& f = r.final.stats;
  std::string where;
  std::vector<const prim::Restriction*> kept;
  for (const auto& x : r.restrictions)
    if (x.kept) kept.push_back(&x);
  for (std::size_t i = 0; i < kept.size(); ++i)
    where += (i == 0 ? "" : i + 1 == kept.size() ? " and " : ", ") + restriction_words(d, *kept[i]);
  const std::string base = fmt::format("{} {} at {} of the {} design points ({}).",
                                       output::report::capitalise(d.label), d.when.text(), r.cases, r.rows,
                                       percent(static_cast<double>(r.cases) / static_cast<double>(r.rows)));
  if (kept.empty())
    return base + " PRIM found no box of parameter values where this is significantly more common.";
  std::string out = fmt::format(
      "{} {} {} in {} of the design points where {}; these points hold {} of all such points ({} of {}).",
      base, output::report::capitalise(d.label), d.when.text(), percent(f.density), where,
      percent(f.coverage), f.cases, r.cases);
  std::vector<std::string> dropped;
  for (const auto& x : r.restrictions)
    if (!x.kept) dropped.push_back(d.inputs.parameters[x.input].path);
  if (!dropped.empty()) {
    out += " Not significant, so left out:";
    for (std::size_t i = 0; i < dropped.size(); ++i) out += (i == 0 ? " " : ", ") + dropped[i];
    out += ".";
  }
  return out;
}

}  // namespace sibsim::study
