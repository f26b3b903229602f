// Loading and validating sweep files: the strict schema for the file's keys, then the design
// rules, the base scenario, the KPI names, the sizes and finally every design point's scenario.
// All problems are collected and thrown together.

#include "sibsim/study/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "file_problems.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/scenarios/schema.hpp"
#include "sweep_values.hpp"

namespace sibsim::study {
namespace {

using namespace scenarios;

// The sweep file as written, before the design rules.
struct RawParameter {
  std::string path;
  std::optional<std::string> type;
  std::vector<std::string> values;
  std::vector<std::string> range;
  std::optional<std::uint64_t> levels;
  std::optional<std::string> base;
  std::vector<bool> null_values;  // values[j] was written as YAML null (read as "")
  std::vector<bool> null_range;   // likewise for range[j]: an error
};

struct RawSweep {
  std::string base;
  std::string design;
  std::uint64_t replications = 200;
  std::uint64_t seed = 1;
  std::optional<std::uint64_t> points;
  std::vector<std::string> kpis;
  std::vector<RawParameter> parameters;
};

const Schema<RawSweep>& sweep_schema() {
  static const Schema<RawSweep> schema = [] {
    Schema<RawSweep> s("sweep file");
    s.field("base", &RawSweep::base)
        .required()
        .non_empty()
        .doc("the base scenario file, relative to this file's folder");
    s.field("design", &RawSweep::design)
        .required()
        .one_of({"grid", "list", "lhs", "oat", "sobol"})
        .doc("how the design points are chosen");
    s.field("replications", &RawSweep::replications)
        .default_value(200)
        .range(1, engine::kMaxReplications)
        .doc("replications per design point");
    s.field("seed", &RawSweep::seed)
        .default_value(1)
        .doc("master seed of the simulations and of random designs");
    s.field("points", &RawSweep::points)
        .min(1)
        .doc("lhs: number of points; sobol: base sample size N (N(k+2) points)");
    s.field("kpis", &RawSweep::kpis).default_value({}).doc("KPIs to report (empty: the default list)");
    s.list(
         "parameters", &RawSweep::parameters,
         [](Record<RawParameter>& p) {
           p.field("path", &RawParameter::path).required().non_empty().doc("the scenario key path");
           p.field("type", &RawParameter::type)
               .one_of({"number", "integer", "date", "boolean", "text"})
               .doc("the kind of value (absent: inferred from the values)");
           p.field("values", &RawParameter::values).default_value({}).doc("grid, list, oat: the values");
           p.field("range", &RawParameter::range).default_value({}).doc("lhs, oat, sobol, grid: [low, high]");
           p.field("levels", &RawParameter::levels).min(2).doc("grid over a range: number of levels");
           p.field("base", &RawParameter::base).doc("oat: the base point's value");
         })
        .required()
        .unique_by("path")
        .doc("the swept scenario keys");
    return s;
  }();
  return schema;
}

// The kit reads a list of strings strictly (a null element is an error), so the YAML nulls in
// `values:` (no value at that point) and `range:` (refused with its own message) are replaced by
// "" for the schema and remembered here, per parameter and element.
struct NullElements {
  std::vector<std::vector<bool>> values, range;
};

Document without_nulls(const Document& doc, NullElements& nulls) {
  std::vector<Override> placeholders;
  for (std::size_t i = 0; doc.location(fmt::format("parameters[{}]", i)); ++i) {
    for (auto [list, flags] : {std::pair{"values", &nulls.values}, std::pair{"range", &nulls.range}}) {
      flags->emplace_back();
      for (std::size_t j = 0;; ++j) {
        const std::string key = fmt::format("parameters[{}].{}[{}]", i, list, j);
        const auto at = doc.location(key);
        if (!at) break;
        flags->back().push_back(doc.is_null(key));
        if (flags->back().back()) placeholders.push_back(Override{key, "\"\"", *at});
      }
    }
  }
  return placeholders.empty() ? doc : doc.with_overrides(placeholders);
}

// Every problem found (file_problems.hpp).
using Problems = FileProblems;

// Written like a date (dddd-dd-dd), whether or not the date exists.
bool looks_like_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

const char* article(ParamKind k) { return k == ParamKind::integer ? "an" : "a"; }

// The base scenario, `written` relative to the folder of the file that says `base:`.
std::optional<Document> load_base(const std::string& written, Problems& problems) {
  namespace fs = std::filesystem;
  const Location at = problems.locate("base");
  const fs::path dir = fs::path(at.file).parent_path();
  std::string name = (dir / fs::path(written)).lexically_normal().string();
  if (name == kStdinPath) name = "./-";  // a file named "-", not standard input
  try {
    return Document::from_file(name);
  } catch (const ValidationErrors& e) {
    const auto& errs = e.errors();
    if (errs.size() == 1 && errs[0].line == 0 && errs[0].file == name) {  // could not read the file
      std::string why = errs[0].message;
      if (why.rfind("cannot open the scenario file: ", 0) == 0) why.erase(0, 31);
      if (why == "no such file") {
        std::vector<std::string> candidates;
        std::error_code ec;
        for (fs::directory_iterator
                 it(fs::path(name).parent_path().empty() ? fs::path(".") : fs::path(name).parent_path(), ec),
             end;
             !ec && it != end && candidates.size() < 1000; it.increment(ec))
          if (it->path().extension() == ".yaml") candidates.push_back(it->path().filename().string());
        const std::string guess = scenarios::closest_name(fs::path(written).filename().string(), candidates);
        if (!guess.empty())
          why +=
              fmt::format("; did you mean '{}'?", (fs::path(written).parent_path() / guess).generic_string());
      }
      const std::string looked = name == written ? "" : fmt::format(" (looked for {})", name);
      problems.at("base", fmt::format("cannot load the base scenario '{}'{}: {}", written, looked, why));
    } else {
      for (const Error& x : errs) problems.add(x);
    }
    return std::nullopt;
  }
}

// The common kind of several values: all the same kind, or number for integers and numbers
// mixed, else text.
ParamKind common_kind(const std::vector<std::string>& texts) {
  std::optional<ParamKind> kind;
  for (const std::string& t : texts) {
    const ParamKind k = infer_param_kind(t);
    if (!kind) {
      kind = k;
    } else if (*kind != k) {
      const auto numeric = [](ParamKind x) { return x == ParamKind::integer || x == ParamKind::number; };
      kind = numeric(*kind) && numeric(k) ? ParamKind::number : ParamKind::text;
    }
  }
  return kind.value_or(ParamKind::text);
}

// Validates one parameter; nullopt (with problems recorded) if it cannot be used.
class ParameterCheck {
 public:
  ParameterCheck(const Document& doc, Problems& problems, const std::string& design, std::size_t index)
      : doc_(doc), problems_(problems), design_(design), key_(fmt::format("parameters[{}]", index)) {}

  std::optional<SweepParameter> run(
      const RawParameter& raw, const std::function<std::optional<std::string>(const std::string&)>& base_of,
      bool base_loaded) {
    SweepParameter p;
    p.path = raw.path;
    p.values = raw.values;
    p.null_values = raw.null_values;
    p.null_values.resize(p.values.size());
    for (std::size_t j = 0; j < p.values.size(); ++j)
      if (p.is_null(j)) p.values[j] = "null";
    for (std::size_t j = 0; j < raw.null_range.size(); ++j)
      if (raw.null_range[j])
        bad(fmt::format(".range[{}]", j),
            "null (no value) cannot be the end of a range; a range needs two values (null is allowed in "
            "`values:`)");
    p.levels = static_cast<std::size_t>(raw.levels.value_or(0));
    p.where = problems_.locate(key_ + ".path");
    const bool has_values = doc_.location(key_ + ".values").has_value();
    const bool has_range = doc_.location(key_ + ".range").has_value();
    if (has_values && raw.values.empty())
      bad(".values", "the list of values is empty; give at least one value");
    if (has_range && raw.range.size() != 2)
      bad(".range", fmt::format("a range is [low, high]: two values, got {}", raw.range.size()));
    design_rules(raw, has_values, has_range);
    if (!ok_) return std::nullopt;
    if (raw.range.size() == 2) p.range = std::pair(raw.range[0], raw.range[1]);

    // The base point's value (oat), or the base scenario's value for information.
    const bool oat = design_ == "oat";
    p.base_value = raw.base ? raw.base : base_of(raw.path);
    if (oat && !p.base_value && base_loaded)
      bad(".path",
          fmt::format("'{}' has no single value in the base scenario (it is absent, unset or a list); "
                      "give `base:` with the value of the base point",
                      raw.path));

    // Every value as written, with the key it is written at, for the kind and its checks.
    std::vector<std::pair<std::string, std::string>> written;
    // A null is no value of any kind: it takes no part in the kind or its checks.
    for (std::size_t j = 0; j < raw.values.size(); ++j)
      if (!p.is_null(j)) written.emplace_back(fmt::format(".values[{}]", j), raw.values[j]);
    for (std::size_t j = 0; j < raw.range.size(); ++j)
      written.emplace_back(fmt::format(".range[{}]", j), raw.range[j]);
    if (oat && p.base_value) written.emplace_back(raw.base ? ".base" : ".path", *p.base_value);
    if (raw.type) {
      p.kind = scenarios::parse_scalar_kind(*raw.type).value_or(ParamKind::text);
      for (const auto& [key, text] : written)
        if (!detail::param_numeric(p.kind, text))
          bad(key, fmt::format("{}'{}' is not {} {} (type: {})",
                               key == ".path" ? "the base scenario's value " : "", text, article(p.kind),
                               param_kind_name(p.kind), *raw.type));
    } else {
      std::vector<std::string> texts;
      texts.reserve(written.size());
      for (const auto& w : written) texts.push_back(w.second);
      p.kind = common_kind(texts);
    }
    // /design stores booleans as yes/no flags, which have no third state.
    for (std::size_t j = 0; j < p.values.size(); ++j)
      if (p.is_null(j) && p.kind == ParamKind::boolean)
        bad(fmt::format(".values[{}]", j),
            "null (no value) is not supported for a boolean parameter; give true or false");
    if (!ok_) return std::nullopt;
    if (!oat && p.base_value && !detail::param_numeric(p.kind, *p.base_value)) p.base_value.reset();

    if (p.range) range_rules(p);
    if (design_ == "grid") duplicate_values(p);  // a list design may repeat a value
    if (!ok_) return std::nullopt;
    return p;
  }

 private:
  void bad(const std::string& sub, std::string message) {
    problems_.at(key_ + sub, std::move(message));
    ok_ = false;
  }

  void design_rules(const RawParameter& raw, bool has_values, bool has_range) {
    const std::string& d = design_;
    const std::string for_design = fmt::format("design: {}", d);
    if (d.empty()) return;  // the design itself is wrong; reported already
    if (raw.base && d != "oat")
      bad(".base",
          fmt::format("`base:` is only for design: oat (the value of the base point); not used by {}",
                      for_design));
    if (d == "grid") {
      if (has_values && has_range) bad(".range", "give either values or a range with levels, not both");
      if (!has_values && !has_range)
        bad(".path",
            "missing values; design: grid needs `values: [...]` or `range: [low, high]` with `levels: n`");
      if (has_range && !raw.levels)
        bad(".range", "a range in design: grid needs `levels: n` (n >= 2 evenly spaced values)");
      if (raw.levels && !has_range) bad(".levels", "`levels` divides a range; give `range: [low, high]` too");
    } else if (d == "list") {
      if (!has_values && !has_range)
        bad(".path", "missing values; design: list needs `values: [...]` for every parameter");
      if (has_range) bad(".range", "design: list takes values, not a range");
      if (raw.levels) bad(".levels", "`levels` is only for design: grid over a range");
    } else if (d == "lhs" || d == "sobol") {
      if (!has_range && !has_values)
        bad(".path",
            fmt::format("missing range; {} samples every parameter from `range: [low, high]`", for_design));
      if (has_values)
        bad(".values",
            fmt::format("{} samples from a range, not from values; give `range: [low, high]`", for_design));
      if (raw.levels) bad(".levels", "`levels` is only for design: grid over a range");
    } else if (d == "oat") {
      if (has_values && has_range)
        bad(".range", "give either a range or two values (low and high), not both");
      if (!has_values && !has_range)
        bad(".path", "missing range; design: oat needs `range: [low, high]` or `values: [low, high]`");
      if (has_values && raw.values.size() != 2 && !raw.values.empty())
        bad(".values", fmt::format("design: oat takes two values (low and high), got {}", raw.values.size()));
      if (raw.levels) bad(".levels", "`levels` is only for design: grid over a range");
    }
  }

  void range_rules(const SweepParameter& p) {
    if (p.kind != ParamKind::number && p.kind != ParamKind::integer && p.kind != ParamKind::date) {
      for (const std::string* end : {&p.range->first, &p.range->second})
        if (looks_like_date(*end) && !engine::parse_date(*end)) {
          bad(".range", fmt::format("'{}' is not a real date (YYYY-MM-DD)", *end));
          return;
        }
      bad(".range", fmt::format("a range needs numbers, integers or dates; got '{}' and '{}' ({})",
                                p.range->first, p.range->second, param_kind_name(p.kind)));
      return;
    }
    const double lo = *detail::param_numeric(p.kind, p.range->first);
    const double hi = *detail::param_numeric(p.kind, p.range->second);
    if (!(lo < hi)) {
      bad(".range",
          fmt::format("the low end {} must be below the high end {}", p.range->first, p.range->second));
      return;
    }
    if (p.levels > 0 && p.kind != ParamKind::number && static_cast<double>(p.levels) > hi - lo + 1)
      bad(".levels",
          fmt::format("{} levels do not fit in [{}, {}], which holds {} {}", p.levels, p.range->first,
                      p.range->second, hi - lo + 1, p.kind == ParamKind::date ? "days" : "whole numbers"));
  }

  void duplicate_values(const SweepParameter& p) {
    for (std::size_t j = 1; j < p.values.size(); ++j)
      for (std::size_t m = 0; m < j; ++m) {
        if (p.is_null(j) || p.is_null(m)) {
          if (p.is_null(j) && p.is_null(m)) {
            bad(fmt::format(".values[{}]", j),
                fmt::format("null repeats values[{}]; give each value once", m));
            break;
          }
          continue;
        }
        const auto a = detail::param_numeric(p.kind, p.values[j]),
                   b = detail::param_numeric(p.kind, p.values[m]);
        const bool same = p.kind == ParamKind::text ? p.values[j] == p.values[m] : a && b && *a == *b;
        if (same) {
          bad(fmt::format(".values[{}]", j),
              fmt::format("'{}' repeats values[{}]; give each value once", p.values[j], m));
          break;
        }
      }
  }

  const Document& doc_;
  Problems& problems_;
  const std::string& design_;
  std::string key_;
  bool ok_ = true;
};

// Number of design points, or nullopt if it exceeds kMaxSweepPoints.
std::optional<std::size_t> point_count(const SweepSpec& spec) {
  const std::size_t k = spec.parameters.size();
  const auto limit = [](std::size_t n) { return n <= kMaxSweepPoints ? std::optional(n) : std::nullopt; };
  if (spec.design == "grid") {
    std::size_t n = 1;
    for (const SweepParameter& p : spec.parameters) {
      n *= p.values.empty() ? p.levels : p.values.size();
      if (n > kMaxSweepPoints) return std::nullopt;
    }
    return n;
  }
  if (spec.design == "list") return limit(k == 0 ? 0 : spec.parameters.front().values.size());
  if (spec.design == "lhs") return limit(spec.points);
  if (spec.design == "sobol")
    return spec.points > kMaxSweepPoints ? std::nullopt : limit(spec.points * (k + 2));
  return limit(1 + 2 * k);
}

// "path=value, ..." of a point, for messages.
std::string describe_point(const SweepSpec& spec, const SweepPoint& point) {
  std::string out;
  for (std::size_t i = 0; i < point.values.size(); ++i)
    out += fmt::format("{}{}={}", i ? ", " : "", spec.parameters[i].path, point.values[i]);
  return out;
}

// Path check of each parameter on its own: overriding the base with its first value must give
// no structural error (a missing list entry, a key inside a value) and no unknown key. Whether
// the values fit is checked per design point (check_points), when nothing else is wrong.
void check_paths(const SweepSpec& spec, const models::ModelPlugin& model, Problems& problems) {
  for (const SweepParameter& p : spec.parameters) {
    const std::string first = !p.values.empty() ? p.values.front()
                              : p.range         ? p.range->first
                                                : p.base_value.value_or("");
    const std::string yaml = !p.values.empty() && p.is_null(0) ? "null" : detail::param_yaml(p.kind, first);
    const std::vector<Override> o{Override{p.path, yaml, p.where}};
    Document changed;
    try {
      changed = spec.base.with_overrides(o);
    } catch (const ValidationErrors& e) {
      for (const Error& x : e.errors()) problems.add(x);
      continue;
    }
    try {
      (void)model.load(changed);
    } catch (const ValidationErrors& e) {
      for (const Error& x : e.errors())
        if (Location{x.file, x.line, x.column} == p.where && x.message.rfind("unknown key", 0) == 0)
          problems.add(x);
    }
  }
}

// Loads every design point (an evenly spaced sample of max_checked for bigger designs) and
// reports each distinct error once, with the first point that has it when not all do.
void check_points(const SweepSpec& spec, const models::ModelPlugin& model, Problems& problems,
                  std::size_t max_checked) {
  const std::vector<SweepPoint> points = sweep_design(spec);
  max_checked = std::max<std::size_t>(max_checked, 1);
  const std::size_t stride = (points.size() + max_checked - 1) / max_checked;
  struct Seen {
    Error error;
    std::size_t count = 0, first = 0;
  };
  std::vector<Seen> seen;
  std::map<std::string, std::size_t> index;
  std::size_t checked = 0;
  for (std::size_t r = 0; r < points.size(); r += std::max<std::size_t>(stride, 1)) {
    ++checked;
    try {
      (void)model.load(spec.base.with_overrides(point_overrides(spec, points[r])));
    } catch (const ValidationErrors& e) {
      for (Error x : e.errors()) {
        // A null for a key that needs a value: the loader points at the base scenario's key;
        // the mistake is the sweep file's null.
        for (std::size_t i = 0; i < spec.parameters.size(); ++i)
          if (x.key_path == spec.parameters[i].path && points[r].values[i] == "null") {
            const Location& at = spec.parameters[i].where;
            std::tie(x.file, x.line, x.column) = std::tie(at.file, at.line, at.column);
            x.message += " (the sweep file gives null: no value; null is only for optional keys)";
          }
        const auto [it, fresh] = index.emplace(x.to_string(), seen.size());
        if (fresh) {
          if (seen.size() >= 100) continue;
          seen.push_back(Seen{x, 0, r});
        }
        if (it->second < seen.size()) ++seen[it->second].count;
      }
    }
  }
  for (Seen& s : seen) {
    if (s.count < checked)
      s.error.message +=
          fmt::format(" (in {} of {} design points; the first is point {}, {}: {})", s.count, checked,
                      s.first + 1, points[s.first].role, describe_point(spec, points[s.first]));
    problems.add(std::move(s.error));
  }
}

void check_kpis(const std::vector<std::string>& kpis, const models::Scenario& base, Problems& problems) {
  std::vector<std::string> names;
  for (const auto& k : base.model().kpis()) names.push_back(k.name);
  for (std::size_t j = 0; j < kpis.size(); ++j) {
    const std::string key = fmt::format("kpis[{}]", j);
    const auto earlier = std::find(kpis.begin(), kpis.begin() + static_cast<std::ptrdiff_t>(j), kpis[j]);
    if (earlier != kpis.begin() + static_cast<std::ptrdiff_t>(j)) {
      problems.at(
          key, fmt::format("KPI '{}' is listed twice (first as kpis[{}])", kpis[j], earlier - kpis.begin()));
    } else if (std::find(names.begin(), names.end(), kpis[j]) == names.end()) {
      const std::string guess = scenarios::closest_name(kpis[j], names);
      problems.at(key, guess.empty()
                           ? fmt::format("unknown KPI '{}' (the model has {} KPIs; see the results file's "
                                         "/kpis or `sibsim run --csv`)",
                                         kpis[j], names.size())
                           : fmt::format("unknown KPI '{}'; did you mean '{}'?", kpis[j], guess));
    }
  }
}

}  // namespace

SweepSpec load_sweep_spec(const std::string& path, const models::PluginRegistry& models) {
  return load_sweep_spec(Document::from_file(path), models);
}

SweepSpec load_sweep_spec(const Document& doc, const models::PluginRegistry& models,
                          std::size_t max_checked_points) {
  Problems problems(doc);
  RawSweep raw;
  NullElements nulls;
  try {
    sweep_schema().load_into(without_nulls(doc, nulls), raw);
  } catch (const ValidationErrors& e) {
    for (const Error& x : e.errors()) problems.add(x);
  }
  for (std::size_t i = 0; i < raw.parameters.size() && i < nulls.values.size(); ++i) {
    raw.parameters[i].null_values = nulls.values[i];
    raw.parameters[i].null_range = nulls.range[i];
  }
  if (problems.file_level()) problems.throw_all();

  SweepSpec spec;
  spec.file = doc.file();
  spec.text = doc.text();  // as read once (the file may be gone or changed by now)
  spec.design = problems.touches("design") ? std::string() : raw.design;
  spec.replications = raw.replications;
  spec.seed = raw.seed;
  spec.points = static_cast<std::size_t>(raw.points.value_or(0));
  spec.kpis = raw.kpis;

  // The base scenario and its effective values.
  std::unique_ptr<models::Scenario> base_params;
  const models::ModelPlugin* model = nullptr;
  bool base_read = false;
  if (!problems.touches("base")) {
    if (auto base = load_base(raw.base, problems)) {
      spec.base = *base;
      base_read = true;
      try {
        model = &models.for_document(spec.base);
        base_params = model->load(spec.base);
      } catch (const ValidationErrors& e) {
        for (const Error& x : e.errors()) problems.add(x);
      }
    }
  }
  std::optional<Document> resolved;
  if (base_params) resolved = Document::from_string(base_params->resolved_yaml(), "<resolved base scenario>");
  const auto base_of = [&](const std::string& key) -> std::optional<std::string> {
    if (!base_read) return std::nullopt;
    if (auto s = spec.base.scalar(key)) return s;
    return resolved ? resolved->scalar(key) : std::nullopt;
  };

  // points
  const std::string& design = spec.design;
  if ((design == "lhs" || design == "sobol") && !raw.points && !problems.touches("points")) {
    const Location l = problems.locate("design");
    problems.add(Error{
        l.file, l.line, l.column, "points",
        design == "lhs" ? "missing required key for design: lhs; expected `points: n`, the number of points"
                        : "missing required key for design: sobol; expected `points: N`, the base sample "
                          "size (the design has N(k+2) points for k parameters)"});
  }
  if (design == "sobol" && raw.points && *raw.points < 2)
    problems.at("points",
                "design: sobol needs a base sample size of at least 2 (a power of two such as 64 is best)");
  if ((design == "grid" || design == "list" || design == "oat") && raw.points)
    problems.at("points",
                fmt::format("`points` is not used by design: {} (its points come from the parameters' {})",
                            design, design == "oat" ? "ranges" : "values"));

  // parameters
  for (std::size_t i = 0; i < raw.parameters.size(); ++i) {
    if (problems.touches(fmt::format("parameters[{}]", i))) continue;
    ParameterCheck check(doc, problems, design, i);
    if (auto p = check.run(raw.parameters[i], base_of, base_params != nullptr))
      spec.parameters.push_back(std::move(*p));
  }
  bool parameters_ok = !raw.parameters.empty() && spec.parameters.size() == raw.parameters.size() &&
                       !problems.touches("parameters");
  // A parameter inside another one's value (`prisons[0]` and `prisons[0].start`) would be
  // overwritten by it, and /design would record a value that never ran. (Paths have one spelling
  // each, so comparing the text suffices; equal paths are the schema's unique_by.)
  for (std::size_t i = 0; parameters_ok && i < spec.parameters.size(); ++i)
    for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
      const std::string& outer = spec.parameters[j].path;
      const std::string& inner = spec.parameters[i].path;
      if (inner.size() > outer.size() && inner.starts_with(outer) &&
          (inner[outer.size()] == '.' || inner[outer.size()] == '[')) {
        problems.at(fmt::format("parameters[{}].path", i),
                    fmt::format("'{}' lies inside parameters[{}] ('{}'), which sets its whole value; sweep "
                                "one or the other",
                                inner, j, outer));
        parameters_ok = false;
        break;
      }
    }
  if (design == "list" && parameters_ok) {
    const std::size_t n = spec.parameters.front().values.size();
    for (std::size_t i = 1; i < spec.parameters.size(); ++i)
      if (spec.parameters[i].values.size() != n) {
        problems.at(
            fmt::format("parameters[{}].values", i),
            fmt::format("{} values, but parameters[0] ({}) has {}; design: list runs the i-th values of all "
                        "parameters together, so every parameter needs the same number",
                        spec.parameters[i].values.size(), spec.parameters.front().path, n));
        parameters_ok = false;
      }
  }

  // sizes
  const bool sizes_known = parameters_ok && !design.empty() && !problems.touches("points") &&
                           ((design != "lhs" && design != "sobol") || raw.points);
  if (sizes_known) {
    const auto n = point_count(spec);
    if (!n) {
      problems.at(raw.points ? "points" : "design",
                  fmt::format("the design has more than {} points; that is more than a sweep can run",
                              kMaxSweepPoints));
    } else if (!problems.touches("replications") &&
               static_cast<long double>(*n) * static_cast<long double>(spec.replications) >
                   static_cast<long double>(kMaxSweepReplications)) {
      problems.at(
          "replications",
          fmt::format(
              "{} design points x {} replications = {} simulations, more than the limit of {}; use fewer "
              "points or replications",
              *n, spec.replications, static_cast<std::uint64_t>(*n) * spec.replications,
              kMaxSweepReplications));
    }
  }

  if (base_params && !problems.touches("kpis")) check_kpis(spec.kpis, *base_params, problems);
  if (base_params) check_paths(spec, *model, problems);
  if (problems.empty() && base_params && sizes_known)
    check_points(spec, *model, problems, max_checked_points);
  if (!problems.empty()) problems.throw_all();
  return spec;
}

}  // namespace sibsim::study
