// Loading and validating observations files of `sibsim calibrate` (format:
// study/CALIBRATION-FILES.md): the strict schema of the file's keys, then the priors' domains,
// the parameters' scenario keys, the KPI expressions, each observation's fields against its
// sampling model, and finally the scenario at the priors' means and at each prior's extremes.
// All problems are collected and thrown together, located in the observations file. Also
// scenario_at, the scenario at one parameter vector.

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "calibration_prior_math.hpp"
#include "file_problems.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/scenarios/schema.hpp"
#include "sibsim/study/calibration.hpp"
#include "sibsim/study/sweep_spec.hpp"

namespace sibsim::study::calibration {
namespace {

using scenarios::Document;
using scenarios::Error;
using scenarios::Location;
using scenarios::Override;
using scenarios::Record;
using scenarios::Schema;
using scenarios::ValidationErrors;

// The file as written, before the rules that join keys.
struct RawParameter {
  std::string path;
  std::optional<std::string> label;
  std::string prior;
  double a = 0, b = 0;
  std::vector<double> bounds;
  std::optional<std::string> source;
};

struct RawObservation {
  std::string name;
  std::optional<std::string> label;
  std::string kpi;
  std::string sampling;
  std::optional<double> value;
  std::optional<std::int64_t> n;
  std::optional<double> se;
  std::vector<double> range;
  std::optional<double> scale;
  std::string role = "fit";
  std::optional<std::string> source;
};

struct RawSettings {
  std::uint64_t particles = 500;
  std::uint64_t replications = 0;
  std::uint64_t max_generations = 20;
  double quantile = 0.5;
  double min_acceptance = 0.02;
  double min_tolerance_drop = 0.02;
  std::uint64_t seed = 1;
  std::uint64_t predictive_draws = 200;
  std::uint64_t predictive_replications = 5;
};

struct RawFile {
  std::vector<RawParameter> parameters;
  std::vector<RawObservation> observations;
  RawSettings calibration;
};

constexpr std::array<std::pair<std::string_view, Prior::Kind>, 5> kPriorKinds = {
    {{"uniform", Prior::Kind::uniform},
     {"log_uniform", Prior::Kind::log_uniform},
     {"beta", Prior::Kind::beta},
     {"gamma", Prior::Kind::gamma},
     {"normal", Prior::Kind::normal}}};
constexpr std::array<std::pair<std::string_view, Observation::Sampling>, 5> kSamplings = {
    {{"exact", Observation::Sampling::exact},
     {"count", Observation::Sampling::count},
     {"share", Observation::Sampling::share},
     {"mean", Observation::Sampling::mean},
     {"range", Observation::Sampling::range}}};

template <class Table>
std::vector<std::string> names_of(const Table& table) {
  std::vector<std::string> out;
  out.reserve(table.size());
  for (const auto& [name, e] : table) out.emplace_back(name);
  return out;
}
template <class Table>
auto lookup(const Table& table, std::string_view name) {
  for (const auto& [n, e] : table)
    if (n == name) return e;
  return table.front().second;
}

const Schema<RawFile>& file_schema() {
  static const Schema<RawFile> schema = [] {
    Schema<RawFile> s("observations file");
    s.list("parameters", &RawFile::parameters,
           [](Record<RawParameter>& p) {
             p.field("path", &RawParameter::path).required().non_empty().doc("the scenario key path");
             p.field("label", &RawParameter::label).doc("label in reports (default: the path)");
             p.field("prior", &RawParameter::prior)
                 .required()
                 .one_of(names_of(kPriorKinds))
                 .doc("the prior's family");
             p.field("a", &RawParameter::a)
                 .required()
                 .doc("uniform, log_uniform: low; beta: alpha; gamma: shape; normal: mean");
             p.field("b", &RawParameter::b)
                 .required()
                 .doc("uniform, log_uniform: high; beta: beta; gamma: rate; normal: standard deviation");
             p.field("bounds", &RawParameter::bounds).default_value({}).doc("truncation [lower, upper]");
             p.field("source", &RawParameter::source).doc("why this prior");
           })
        .required()
        .unique_by("path")
        .doc("the uncertain scenario keys and their priors");
    s.list("observations", &RawFile::observations,
           [](Record<RawObservation>& o) {
             o.field("name", &RawObservation::name).required().non_empty().doc("unique name");
             o.field("label", &RawObservation::label).doc("label in reports (default: the name)");
             o.field("kpi", &RawObservation::kpi).required().doc("expression over the model's KPI names");
             o.field("sampling", &RawObservation::sampling)
                 .required()
                 .one_of(names_of(kSamplings))
                 .doc("how a replication's KPI value becomes a simulated observation");
             o.field("value", &RawObservation::value).doc("exact, mean: the figure; count: k; share: k / n");
             o.field("n", &RawObservation::n).doc("count, share: the sample size");
             o.field("se", &RawObservation::se).doc("mean: the standard error");
             o.field("range", &RawObservation::range).default_value({}).doc("range: [low, high]");
             o.field("scale", &RawObservation::scale).doc("exact: the discrepancy's scale");
             o.field("role", &RawObservation::role)
                 .default_value("fit")
                 .one_of({"fit", "check"})
                 .doc("fit: in the distance; check: held out for the posterior-predictive check");
             o.field("source", &RawObservation::source).doc("where the figure comes from");
           })
        .required()
        .unique_by("name")
        .doc("the observed figures");
    s.section("calibration", &RawFile::calibration, [](Record<RawSettings>& c) {
      c.field("particles", &RawSettings::particles)
          .default_value(500)
          .range(10, 10'000'000)
          .doc("population size");
      c.field("replications", &RawSettings::replications)
          .default_value(0)
          .range(0, engine::kMaxReplications)
          .doc("replications per particle (0: automatic)");
      c.field("max_generations", &RawSettings::max_generations)
          .default_value(20)
          .range(1, 1000)
          .doc("generations after the prior");
      c.field("quantile", &RawSettings::quantile)
          .default_value(0.5)
          .above(0.0)
          .below(1.0)
          .doc("next tolerance: this quantile of the distances");
      c.field("min_acceptance", &RawSettings::min_acceptance)
          .default_value(0.02)
          .above(0.0)
          .below(1.0)
          .doc("stop below this acceptance rate");
      c.field("min_tolerance_drop", &RawSettings::min_tolerance_drop)
          .default_value(0.02)
          .min(0.0)
          .below(1.0)
          .doc("stop when the tolerance falls by less than this share");
      c.field("seed", &RawSettings::seed).default_value(1).doc("master seed");
      c.field("predictive_draws", &RawSettings::predictive_draws)
          .default_value(200)
          .range(0, 1'000'000)
          .doc("posterior-predictive check: particles drawn");
      c.field("predictive_replications", &RawSettings::predictive_replications)
          .default_value(5)
          .range(1, 1'000'000)
          .doc("posterior-predictive check: replications per particle drawn");
    });
    return s;
  }();
  return schema;
}

// Every problem found (file_problems.hpp).
using Problems = FileProblems;

// The scenario a spec's parameters act on: the parsed document and its resolved form (keys the
// scenario leaves at their defaults).
struct ScenarioView {
  const Document& doc;
  std::optional<Document> resolved;
  const models::ModelPlugin* plugin = nullptr;

  std::optional<std::string> value_of(const std::string& path) const {
    if (auto s = doc.scalar(path)) return s;
    return resolved ? resolved->scalar(path) : std::nullopt;
  }
};

// The kind of the scenario's value at p.path (number or integer), or nullopt with a problem.
std::optional<scenarios::ScalarKind> parameter_kind(const RawParameter& raw, const std::string& key,
                                                    const Location& where, const ScenarioView& scenario,
                                                    Problems& problems) {
  using K = scenarios::ScalarKind;
  if (const auto value = scenario.value_of(raw.path)) {
    const K kind = infer_param_kind(*value);
    if (kind == K::integer) {
      // Written as a whole number ("rate: 0") but the key may take fractions: ask the loader
      // with the value plus a half. Only a key that refuses it is calibrated in whole numbers.
      try {
        const std::vector<Override> o{Override{raw.path, *value + ".5", where}};
        (void)scenario.plugin->load(scenario.doc.with_overrides(o));
        return K::number;
      } catch (const ValidationErrors&) {
        return K::integer;
      }
    }
    if (kind == K::number) return kind;
    problems.at(key + ".path",
                fmt::format("'{}' is {} {} ('{}') in the scenario; calibrate takes number and "
                            "integer keys",
                            raw.path, kind == K::integer ? "an" : "a", param_kind_name(kind), *value));
    return std::nullopt;
  }
  if (scenario.doc.location(raw.path)) {
    problems.at(key + ".path",
                fmt::format("'{}' is a list or a section in the scenario, not one value; calibrate "
                            "takes number and integer keys (a list entry is written like "
                            "'{}[0].value')",
                            raw.path, raw.path));
    return std::nullopt;
  }
  // Absent: let the scenario's loader say why (a malformed path, a missing list entry, an
  // unknown key with its did-you-mean), at this parameter.
  bool said = false;
  try {
    const std::vector<Override> o{Override{raw.path, "0", where}};
    (void)scenario.plugin->load(scenario.doc.with_overrides(o));
  } catch (const ValidationErrors& e) {
    for (const Error& x : e.errors())
      if (Location{x.file, x.line, x.column} == where &&
          (x.message.rfind("unknown key", 0) == 0 || x.key_path.empty() || x.key_path == raw.path)) {
        if (x.message.rfind("unknown key", 0) == 0 || x.key_path.empty()) {
          problems.add(x);
          said = true;
        }
      }
  }
  if (!said)
    problems.at(key + ".path", fmt::format("'{}' has no value in the scenario (an optional key left unset); "
                                           "calibrate takes number and integer keys with a value",
                                           raw.path));
  return std::nullopt;
}

std::optional<Parameter> check_parameter(const RawParameter& raw, std::size_t i, const ScenarioView* scenario,
                                         Problems& problems) {
  const std::string key = fmt::format("parameters[{}]", i);
  Parameter p;
  p.path = raw.path;
  p.label = raw.label.value_or(raw.path);
  p.source = raw.source.value_or("");
  p.where = problems.locate(key + ".path");
  p.prior.kind = lookup(kPriorKinds, raw.prior);
  p.prior.a = raw.a;
  p.prior.b = raw.b;
  bool ok = true;
  if (!raw.bounds.empty()) {
    if (raw.bounds.size() != 2) {
      problems.at(key + ".bounds",
                  fmt::format("bounds are [lower, upper]: two numbers, got {}", raw.bounds.size()));
      ok = false;
    } else {
      p.prior.lower = raw.bounds[0];
      p.prior.upper = raw.bounds[1];
    }
  }
  if (ok)
    for (const auto& [sub, message] : detail::prior_problems(p.prior)) {
      problems.at(fmt::format("{}.{}", key, sub), message);
      ok = false;
    }
  if (scenario) {
    if (const auto kind = parameter_kind(raw, key, p.where, *scenario, problems))
      p.kind = *kind;
    else
      ok = false;
  }
  return ok ? std::optional(p) : std::nullopt;
}

// The fields each sampling model takes; every other field is an error.
struct SamplingFields {
  std::vector<std::string_view> required, optional;
  std::string_view says;  ///< for messages
};
SamplingFields fields_of(Observation::Sampling s) {
  using S = Observation::Sampling;
  switch (s) {
    case S::exact:
      return {{"value"}, {"scale"}, "`value` (and optionally `scale`)"};
    case S::count:
      return {{"value", "n"}, {}, "`value` (the observed count k) and `n`"};
    case S::share:
      return {{"value", "n"}, {}, "`value` (the observed share k / n) and `n`"};
    case S::mean:
      return {{"value", "se"}, {}, "`value` and `se` (its standard error)"};
    case S::range:
      return {{"range"}, {}, "`range: [low, high]`"};
  }
  return {};
}

std::optional<Observation> check_observation(const RawObservation& raw, std::size_t i, const Document& file,
                                             const std::vector<engine::KpiInfo>* kpis, Problems& problems) {
  using S = Observation::Sampling;
  const std::string key = fmt::format("observations[{}]", i);
  Observation o;
  o.name = raw.name;
  o.label = raw.label.value_or(raw.name);
  o.source = raw.source.value_or("");
  o.where = problems.locate(key + ".name");
  o.sampling = lookup(kSamplings, raw.sampling);
  o.role = raw.role == "check" ? Observation::Role::check : Observation::Role::fit;
  bool ok = true;
  const auto bad = [&](const char* sub, std::string message) {
    problems.at(key + "." + sub, std::move(message));
    ok = false;
  };

  if (kpis) {
    try {
      o.expression = KpiExpression::parse(raw.kpi, *kpis);
    } catch (const std::invalid_argument& e) {
      bad("kpi", e.what());
    }
  }

  // Fields against the sampling model.
  const SamplingFields f = fields_of(o.sampling);
  for (const char* field : {"value", "n", "se", "range", "scale"}) {
    const bool given = file.location(key + "." + field).has_value();
    const auto in = [&](const std::vector<std::string_view>& v) {
      return std::find(v.begin(), v.end(), field) != v.end();
    };
    if (given && !in(f.required) && !in(f.optional))
      bad(field,
          fmt::format("`{}` does not belong to sampling: {}, which takes {}", field, raw.sampling, f.says));
    if (!given && in(f.required))
      bad("sampling", fmt::format("sampling: {} needs `{}:`; it takes {}", raw.sampling, field, f.says));
  }
  if (!ok) return std::nullopt;

  o.value = raw.value.value_or(0);
  if (raw.value && !std::isfinite(*raw.value)) bad("value", "the value must be a finite number");
  if (raw.n) {
    if (*raw.n <= 0)
      bad("n", fmt::format("the sample size n must be at least 1, got {}", *raw.n));
    else
      o.n = static_cast<double>(*raw.n);
  }
  if (o.sampling == S::count && ok && (o.value != std::floor(o.value) || o.value < 0 || o.value > o.n))
    bad("value",
        fmt::format("a count is a whole number of successes k in 0..n = 0..{}; got {}", o.n, o.value));
  if (o.sampling == S::share && !(o.value >= 0 && o.value <= 1))
    bad("value", fmt::format("a share is in [0, 1]; got {}", o.value));
  if (raw.se) {
    if (!(*raw.se > 0)) bad("se", fmt::format("the standard error must be > 0, got {}", *raw.se));
    o.se = *raw.se;
  }
  if (raw.scale) {
    if (!(*raw.scale > 0) || !std::isfinite(*raw.scale))
      bad("scale", fmt::format("the scale must be a finite number > 0, got {}", *raw.scale));
    o.scale = *raw.scale;
  }
  if (o.sampling == S::range) {
    if (raw.range.size() != 2)
      bad("range", fmt::format("a range is [low, high]: two numbers, got {}", raw.range.size()));
    else if (!(raw.range[0] < raw.range[1]) || !std::isfinite(raw.range[0]) || !std::isfinite(raw.range[1]))
      bad("range", fmt::format("the low end {} must be below the high end {}", raw.range[0], raw.range[1]));
    else {
      o.low = raw.range[0];
      o.high = raw.range[1];
    }
  }
  return ok && kpis ? std::optional(o) : std::nullopt;
}

std::string describe_theta(const Spec& spec, std::span<const double> theta) {
  std::string out;
  for (std::size_t i = 0; i < theta.size(); ++i)
    out += fmt::format("{}{} = {}", i ? ", " : "", spec.parameters[i].path, theta[i]);
  return out;
}

// The scenario must load at the priors' means, and at each prior's extremes with the other
// parameters at their means (a prior reaching values the model refuses would lose particles).
void check_scenarios(const Spec& spec, Problems& problems) {
  std::vector<double> means;
  for (const Parameter& p : spec.parameters) means.push_back(p.prior.mean());
  try {
    (void)scenario_at(spec, means);
  } catch (const ValidationErrors& e) {
    for (Error x : e.errors()) {
      x.message += fmt::format(" (the scenario at the priors' means: {})", describe_theta(spec, means));
      problems.add(std::move(x));
    }
    return;
  }
  for (std::size_t j = 0; j < spec.parameters.size(); ++j) {
    const Parameter& p = spec.parameters[j];
    for (const double q : {1e-9, 1 - 1e-9}) {
      std::vector<double> theta = means;
      theta[j] = detail::prior_quantile(p.prior, q);
      try {
        (void)scenario_at(spec, theta);
      } catch (const ValidationErrors& e) {
        problems.at(
            fmt::format("parameters[{}].prior", j),
            fmt::format("the prior {} reaches {} = {}, which the scenario refuses: {}; narrow it with "
                        "`bounds: [lower, upper]`",
                        p.prior.describe(), p.path,
                        p.kind == scenarios::ScalarKind::integer ? std::round(theta[j]) : theta[j],
                        e.errors().front().message));
        break;
      }
    }
  }
}

}  // namespace

std::size_t Spec::fit_count() const {
  return static_cast<std::size_t>(
      std::count_if(observations.begin(), observations.end(),
                    [](const Observation& o) { return o.role == Observation::Role::fit; }));
}

Spec load_spec(const std::string& scenario_path, const std::string& observations_path,
               const models::PluginRegistry& models) {
  std::optional<Document> scenario, observations;
  std::vector<Error> errors;
  try {
    observations = Document::from_file(observations_path);
  } catch (const ValidationErrors& e) {
    errors.insert(errors.end(), e.errors().begin(), e.errors().end());
  }
  try {
    scenario = Document::from_file(scenario_path);
  } catch (const ValidationErrors& e) {
    errors.insert(errors.end(), e.errors().begin(), e.errors().end());
  }
  if (!errors.empty()) throw ValidationErrors(std::move(errors));
  return load_spec(*scenario, *observations, models);
}

Spec load_spec(const Document& scenario, const Document& observations, const models::PluginRegistry& models) {
  Problems problems(observations);
  RawFile raw;
  try {
    file_schema().load_into(observations, raw);
  } catch (const ValidationErrors& e) {
    for (const Error& x : e.errors()) problems.add(x);
  }
  if (problems.file_level()) problems.throw_all();

  Spec spec;
  spec.file = observations.file();
  spec.text = observations.text();
  spec.base = scenario;

  // The scenario and its model's KPIs.
  std::unique_ptr<models::Scenario> base;
  try {
    spec.plugin = &models.for_document(scenario);
    base = spec.plugin->load(scenario);
  } catch (const ValidationErrors& e) {
    for (const Error& x : e.errors()) problems.add(x);
  }
  std::optional<ScenarioView> view;
  if (base) {
    spec.kpis = base->model().kpis();
    view.emplace(ScenarioView{scenario, Document::from_string(base->resolved_yaml(), "<resolved scenario>"),
                              spec.plugin});
  }

  bool complete = true;
  for (std::size_t i = 0; i < raw.parameters.size(); ++i) {
    if (problems.touches(fmt::format("parameters[{}]", i))) {
      complete = false;
      continue;
    }
    if (auto p = check_parameter(raw.parameters[i], i, view ? &*view : nullptr, problems))
      spec.parameters.push_back(std::move(*p));
    else
      complete = false;
  }
  for (std::size_t i = 0; i < raw.observations.size(); ++i) {
    if (problems.touches(fmt::format("observations[{}]", i))) {
      complete = false;
      continue;
    }
    if (auto o =
            check_observation(raw.observations[i], i, observations, base ? &spec.kpis : nullptr, problems))
      spec.observations.push_back(std::move(*o));
    else
      complete = false;
  }
  if (!raw.observations.empty() && std::none_of(raw.observations.begin(), raw.observations.end(),
                                                [](const RawObservation& o) { return o.role == "fit"; }))
    problems.at("observations",
                "no observation has role: fit; the calibration needs at least one (`check` "
                "figures are held out of the distance)");

  const RawSettings& c = raw.calibration;
  spec.settings.particles = static_cast<std::size_t>(c.particles);
  spec.settings.replications = c.replications;
  spec.settings.max_generations = static_cast<std::size_t>(c.max_generations);
  spec.settings.quantile = c.quantile;
  spec.settings.min_acceptance = c.min_acceptance;
  spec.settings.min_tolerance_drop = c.min_tolerance_drop;
  spec.settings.seed = c.seed;
  spec.settings.predictive_draws = static_cast<std::size_t>(c.predictive_draws);
  spec.settings.predictive_replications = c.predictive_replications;

  if (problems.empty() && complete && base) check_scenarios(spec, problems);
  if (!problems.empty()) problems.throw_all();
  return spec;
}

std::unique_ptr<models::Scenario> scenario_at(const Spec& spec, std::span<const double> theta) {
  if (theta.size() != spec.parameters.size())
    throw std::invalid_argument(
        fmt::format("scenario_at: {} values for {} parameters", theta.size(), spec.parameters.size()));
  if (spec.plugin == nullptr) throw std::invalid_argument("scenario_at: the spec has no model plug-in");
  std::vector<Override> overrides;
  overrides.reserve(theta.size());
  for (std::size_t i = 0; i < theta.size(); ++i) {
    const Parameter& p = spec.parameters[i];
    // Shortest text that reads back as the same double; integers rounded to the nearest.
    const std::string text = p.kind == scenarios::ScalarKind::integer && std::isfinite(theta[i])
                                 ? fmt::format("{}", std::llround(theta[i]))
                                 : fmt::format("{}", theta[i]);
    overrides.push_back(Override{p.path, text, p.where});
  }
  return spec.plugin->load(spec.base.with_overrides(overrides));
}

}  // namespace sibsim::study::calibration
