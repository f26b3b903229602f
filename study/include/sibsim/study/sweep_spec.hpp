#pragma once
/// \file sweep_spec.hpp
/// Sweep files: a base scenario (of any model plug-in), a design (grid, list, lhs, oat, sobol) over some of
/// its keys, and how many replications to run per design point. Loading is strict like scenario files
/// (unknown keys with a did-you-mean, every error with file:line:col, all at once), and also checks that
/// every design point loads as a scenario. scenarios/README.md documents the format; scenarios/sweeps/ holds
/// examples.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/scenarios/scalar_kind.hpp"

namespace sibsim::study {

using scenarios::Document;
using scenarios::Location;
using scenarios::Override;

/// What kind of value a swept parameter takes (inferred from its values, or `type:`).
using ParamKind = scenarios::ScalarKind;

/// At most this many design points in one sweep.
inline constexpr std::size_t kMaxSweepPoints = 1'000'000;
/// At most this many replications in one sweep (points x replications).
inline constexpr std::uint64_t kMaxSweepReplications = 1'000'000'000;

/// One swept scenario key, as given in the sweep file.
struct SweepParameter {
  std::string path;                  ///< key path in the scenario: "section.key", "section.list[3].key"
  ParamKind kind = ParamKind::text;  ///< inferred from values/range (and base), or forced by `type:`
  std::vector<std::string> values;   ///< `values:` as written (grid, list, oat); empty if not given
  /// Per entry of `values`: written as YAML null (`null`, `~`): the key has no value at that point
  /// (an optional key is absent, e.g. `dropped_from: null` = never dropped); values[j] is "null".
  std::vector<bool> null_values;
  bool is_null(std::size_t j) const { return j < null_values.size() && null_values[j]; }
  /// `range: [low, high]` as written (lhs, oat, sobol, grid with levels); low < high.
  std::optional<std::pair<std::string, std::string>> range;
  std::size_t levels = 0;  ///< grid over a range: number of evenly spaced levels (0: not given)
  /// oat: the base point's value (`base:` in the sweep file, else the base scenario's effective
  /// value). Other designs: the base scenario's effective value if it is a single value.
  std::optional<std::string> base_value;
  Location where;  ///< the parameter's `path:` value in the sweep file (override locations)
};

/// A loaded, validated sweep file.
struct SweepSpec {
  std::string file;                  ///< the sweep file's path
  std::string text;                  ///< the sweep file as written
  Document base;                     ///< the base scenario (relative to the sweep file's folder), parsed
  std::string design;                ///< grid | list | lhs | oat | sobol
  std::uint64_t replications = 200;  ///< per design point
  std::uint64_t seed = 1;            ///< master seed of the simulations and of random designs
  std::size_t points = 0;            ///< lhs: number of points; sobol: base sample size N; else 0
  std::vector<std::string> kpis;     ///< KPIs to report; empty = the model's steering group
  std::vector<SweepParameter> parameters;  ///< in file order (the order of SweepPoint::values)
};

/// One design point: a value for every parameter.
struct SweepPoint {
  std::vector<std::string> values;  ///< YAML text per parameter, in parameter order (null: no value)
  /// Per parameter: number/integer: the value; date: days since 1970-01-01; boolean: 0/1;
  /// text or a null value: NaN.
  std::vector<double> numeric;
  /// "grid", "list", "lhs", "sobol:A", "sobol:B", "sobol:AB<i>" (i 1-based), "oat:base",
  /// "oat:low:<path>", "oat:high:<path>".
  std::string role;
};

/// Loads and validates a sweep file and its base scenario. Throws ValidationErrors listing every
/// problem (in the sweep file first, by line, then any in the base scenario): unknown keys, types,
/// design rules (points, values vs range, list lengths, levels, `base:`), range order, duplicate
/// paths, unknown KPIs, sizes (replications, points, points x replications <= 1e9), and every
/// design point's scenario (loaded by the base scenario's model plug-in with the point's overrides): a path
/// the scenario does not have, a value of the wrong type or range, or a cross-field rule a point breaks.
SweepSpec load_sweep_spec(const std::string& path, const models::PluginRegistry& models);
/// At most this many design points are loaded as scenarios while validating (evenly spaced).
inline constexpr std::size_t kMaxCheckedSweepPoints = 20'000;

/// The same for a sweep file already parsed (`base:` is relative to the folder of doc.file()),
/// checking at most `max_checked_points` design points. The sweep fuzzer
/// (tests/fuzz/sweep_fuzzer.cpp) feeds text through Document::from_string and checks fewer
/// points, so that one big design does not take minutes under ASan.
SweepSpec load_sweep_spec(const scenarios::Document& doc, const models::PluginRegistry& models,
                          std::size_t max_checked_points = kMaxCheckedSweepPoints);

/// The design points, deterministic in spec.seed (random designs use engine::latin_hypercube and
/// engine::saltelli_design). Orders: grid: full factorial, the last parameter fastest; list: the
/// i-th value of every parameter; lhs: the hypercube's rows; sobol: the Saltelli blocks A, B,
/// AB_1..AB_k of N rows each; oat: the base point, then per parameter low then high. Ranges are
/// sampled uniformly: numbers continuously, integers and dates (on whole days) with every value
/// in [low, high] equally likely. Grid over a range: `levels` evenly spaced values from low to
/// high (integers and dates rounded).
std::vector<SweepPoint> sweep_design(const SweepSpec& spec);

/// The point as scenario overrides, one per parameter, located at the parameter's `where`.
/// Apply them with spec.base.with_overrides(...) and load with the model plug-in.
std::vector<Override> point_overrides(const SweepSpec& spec, const SweepPoint& point);

/// The kind of one parameter value as written in a sweep file or on a command line (for
/// `sibsim feasibility --param`): true/false (also yes/no/on/off) -> boolean; a whole number
/// without leading zeros -> integer; another finite number -> number; a real YYYY-MM-DD date ->
/// date; anything else -> text.
ParamKind infer_param_kind(std::string_view yaml_value);

/// The name of a kind: "number", "integer", "date", "boolean", "text".
std::string_view param_kind_name(ParamKind kind);

}  // namespace sibsim::study
