#pragma once
/// \file model_plugin.hpp
/// The seam between the workflows of study/ (run, compare, sweep, feasibility, report) and a
/// model. A model is a plug-in: it turns a parsed scenario file into a runnable Scenario and owns
/// its whole vocabulary (scenario keys, KPI catalogue with labels and groups, terminal summary,
/// extra tables, report sections). study/ knows models only through this header, and app/ holds
/// the list of plug-ins (one line each).
///
/// KPI groups are the words through which study/ and output/ choose what to show without naming
/// a model's KPI (see models/README.md "KPI groups"): kGroupHeadline, kGroupSteering, ...

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/report_sections.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::models {

using engine::kGroupHeadline;
using engine::kGroupSteering;
using engine::kGroupTradeOff;
/// KPIs that count the persons left at each stage of a funnel, in funnel order (the studio's
/// waterfall of where a difference comes from).
inline constexpr std::string_view kGroupFunnelStage = "funnel_stage";

/// True if `kpi` is in `group`.
bool in_group(const engine::KpiInfo& kpi, std::string_view group);
/// Names of a model's KPIs in `group`, in KPI order.
std::vector<std::string> kpis_in_group(std::span<const engine::KpiInfo> kpis, std::string_view group);

/// A family of KPIs named "<prefix><ISO date>" ("cum_started@2016-06-01", ...), written to a run's
/// results file as the quantile bands /timeseries/<name>.
struct SeriesFamily {
  std::string prefix;
  std::string name;
  std::string unit;
  std::string description;
};
/// The quantile bands of a family's KPIs in a run result (no bands if it has none).
output::TimeSeries series_of(const engine::RunResult& result, const SeriesFamily& family);

/// A measure a sweep derives per design point from the replications of one or two KPIs (an extra
/// column of /outcomes, described in /outcome_measures). Rules, over the replications where the
/// KPI is defined: share_below: the share with kpi < threshold; share_at_least: the share with
/// kpi >= threshold; ratio_of_means: mean(kpi) / mean(denominator), NaN unless the denominator's
/// mean is positive.
struct DerivedMeasure {
  enum class Rule { share_below, share_at_least, ratio_of_means };
  std::string name;
  std::string label;
  std::string unit;
  std::string description;
  Rule rule = Rule::share_below;
  std::string kpi;
  std::string denominator;  ///< ratio_of_means only
  double threshold = 0;     ///< share_below and share_at_least only
  /// Roles in the sweep report: "trade_off_x" and "trade_off_y" (the axes of the trade-off chart).
  std::vector<std::string> groups;
};

/// Most persons `sibsim run --persons N` may ask for (an audit sample, not a data dump).
inline constexpr std::uint64_t kMaxPersonsSample = 1'000'000;

/// `sibsim run --persons N`: the simulated persons of replications 0, 1, ... as a table.
struct PersonsSample {
  output::Table table;
  std::uint64_t replications_used = 0;      ///< replications with at least one person in the table
  std::uint64_t replications_complete = 0;  ///< replications with all their persons in the table
};

/// What `sibsim forecast` (study/README.md "Forecast") needs of a model whose entities come from
/// recruitment sites: the sites, the counts an observed-data file gives per site and month, and
/// the series the target is read from. Each site's rate is the scenario's mean times a multiplier
/// G with the prior Gamma(shape, rate = shape) (mean 1; infinite shape: G = 1, a fixed rate); given
/// G, a site's `counts[0]` over any months is Poisson(G x the site's exposure).
struct RecruitmentSites {
  struct Site {
    std::string name;
    double gamma_shape = 0;  ///< the multiplier's prior shape; infinity: the rate is fixed
  };
  std::vector<Site> sites;
  /// The columns of an observed-data file after `month` and `site`, in funnel order (KPI names of
  /// the model's funnel_stage group, so reports label them). The first drives the site's rate.
  std::vector<std::string> counts;
  /// The count the target is about (one of `counts`) and the SeriesFamily prefix of its
  /// cumulative series ("cum_started@": one KPI per month with the count up to that date).
  std::string target_count;
  std::string target_series_prefix;
};

/// A change a steering group can make from a forecast's as-of date on (`sibsim forecast
/// --remedies`): candidate values in order of growing effort, each a set of overrides of the
/// scenario file. The forecast finds the least effort that reaches P(target) >= p.
struct Remedy {
  std::string name;                 ///< "extend", "extra_sites", ... (a stable identifier)
  std::string label;                ///< what it changes, in the language asked for
  std::string key;                  ///< the key path it changes
  std::vector<std::string> values;  ///< candidate values (YAML text), least effort first
  std::vector<std::vector<scenarios::Override>> overrides;  ///< one set per value
  /// The value is the new deadline (an extension of recruitment): the target counts to it.
  bool moves_deadline = false;
};

/// A scenario file bound to its model: what the workflows run.
class Scenario {
 public:
  virtual ~Scenario() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual std::string description() const = 0;
  /// Every option with its effective value (reloads to the same scenario); stored in results files.
  [[nodiscard]] virtual std::string resolved_yaml() const = 0;
  [[nodiscard]] virtual const engine::ReplicationModel& model() const = 0;
  /// Expected number of entities one replication simulates (SIB: detainees drawn from the PIs'
  /// inflows; M/M/c: arrivals), for the work limit checked before anything runs
  /// (study/src/work_limit.hpp). The default 0 means "not known": no limit applies.
  [[nodiscard]] virtual double expected_entities_per_replication() const { return 0.0; }
  /// The language its reports are written in ("en", "nl"; `--lang` overrides it); "" = English.
  [[nodiscard]] virtual std::string report_language() const { return {}; }
  /// The values the scenario labels as assumptions (or sourced, fitted), with the KPIs that
  /// depend on them: written to results files (/provenance) and shown in reports. Default: none.
  [[nodiscard]] virtual std::vector<output::Provenance> provenance() const { return {}; }

  /// Parts of a run's results file beyond the KPIs (/timeseries, /funnel), from the summaries.
  /// The default writes nothing.
  virtual void write_run_extras(output::ResultsWriter& writer, const engine::RunResult& result) const;
  /// The terminal summary after `sibsim run`. The default prints the headline KPIs.
  virtual void print_summary(std::FILE* out, const engine::RunResult& result) const;
  /// `sibsim run --replication K`: one replication in detail. The default prints every KPI.
  virtual void print_replay(std::FILE* out, std::uint64_t seed, std::uint64_t replication) const;
  /// `sibsim run --persons N`; nullopt if the model has no persons.
  [[nodiscard]] virtual std::optional<PersonsSample> persons(std::uint64_t seed, std::uint64_t count,
                                                             std::uint64_t replications) const;

  /// The recruitment sites for `sibsim forecast`; nullopt if the model has none (the default).
  [[nodiscard]] virtual std::optional<RecruitmentSites> recruitment_sites() const { return std::nullopt; }
  /// Expected `counts[0]` of each site (RecruitmentSites order) in each interval [edges[k],
  /// edges[k + 1]) of days since 1970-01-01 when every multiplier is 1 (the exposure of the
  /// Gamma-Poisson update): result[site][k].
  [[nodiscard]] virtual std::vector<std::vector<double>> site_exposure(
      std::span<const double> /*edges*/) const {
    return {};
  }
  /// Overrides of the scenario file that give site i the multiplier Gamma(shape[i], rate[i]),
  /// one pair per site (a forecast's posterior), for scenarios::Document::with_overrides.
  [[nodiscard]] virtual std::vector<scenarios::Override> site_rate_overrides(
      std::span<const double> /*shape*/, std::span<const double> /*rate*/) const {
    return {};
  }
  /// The remedies `sibsim forecast --remedies` searches, from the day `as_of` (days since
  /// 1970-01-01) on, labelled in `lang`. Default: none.
  [[nodiscard]] virtual std::vector<Remedy> remedies(double /*as_of*/, std::string_view /*lang*/) const {
    return {};
  }
};

/// A scenario setting a steering group moves in `sibsim studio` (study/studio/README.md): a key
/// path of the scenario file with a human label and the kind of value it takes.
struct Lever {
  enum class Kind { date, number, integer, boolean };
  std::string key;    ///< key path as with_overrides takes it: "recruitment.end", "prisons[3].start"
  std::string label;  ///< short human name, in the language asked for
  std::string group;  ///< panel the lever sits in ("recruitment", "contract", ...)
  std::string group_label;
  Kind kind = Kind::number;
  std::string value;                  ///< the scenario's value as YAML text ("" = not set)
  double min = 0, max = 0, step = 0;  ///< number and integer only
  std::string unit;
  std::string help;       ///< one sentence: what moving it means
  bool optional = false;  ///< the empty value is allowed and means "not set"
  /// "target" (a horizontal line on the first series chart), "deadline" (a vertical line) or "".
  std::string mark;
};

/// A model: the value of the scenario key `model:` that selects it, and what it can do.
class ModelPlugin {
 public:
  virtual ~ModelPlugin() = default;
  /// The scenario key `model:` value ("sib", "mmc").
  [[nodiscard]] virtual std::string_view name() const = 0;
  /// One line for `sibsim list-scenarios` and help texts.
  [[nodiscard]] virtual std::string_view title() const = 0;
  /// Binds a parsed scenario to the model. Throws scenarios::ValidationErrors listing every problem.
  [[nodiscard]] virtual std::unique_ptr<Scenario> load(const scenarios::Document& doc) const = 0;
  /// Reference of every scenario key (`sibsim help-config`).
  [[nodiscard]] virtual std::string help_config() const = 0;
  /// Example command lines for `sibsim --help`, one per line ("  sibsim run ..."). Default: none.
  [[nodiscard]] virtual std::string usage_examples() const { return {}; }
  /// A shipped scenario file that shows the model (`sibsim studio` without a file). Default: none.
  [[nodiscard]] virtual std::string_view example_scenario() const { return {}; }
  /// A commented template of a complete scenario named `name` that validates and runs (`sibsim
  /// new`), for someone describing a new case from scratch. Default: none (empty).
  [[nodiscard]] virtual std::string scenario_template(std::string_view /*name*/) const { return {}; }
  /// Measures a sweep derives per point (columns of /outcomes), with units in the words of the
  /// sweep's base scenario `doc` (e.g. its currency). Default: none.
  [[nodiscard]] virtual std::vector<DerivedMeasure> derived_measures(
      const scenarios::Document& /*doc*/) const {
    return {};
  }
  /// The levers `sibsim studio` shows for a scenario, labelled in `lang` ("en" or "nl"; an
  /// unknown language gives English). Default: none (the studio then only runs the scenario).
  [[nodiscard]] virtual std::vector<Lever> levers(const scenarios::Document& doc,
                                                  std::string_view lang) const;
  /// The dated KPI families drawn as fan charts (the first is the studio's main chart).
  [[nodiscard]] virtual std::vector<SeriesFamily> series_families() const { return {}; }
  /// Labels of KPIs and series families in `lang` by name, where they differ from the catalogue's
  /// English label; empty for English. Default: none.
  [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> labels(std::string_view lang) const;
  /// The same for one scenario, which may name things in its own words (the SIB's `vocabulary:`).
  /// Never throws: a document that does not load gets labels(lang). Default: labels(lang).
  [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> scenario_labels(
      std::string_view lang, const scenarios::Document& /*doc*/) const {
    return labels(lang);
  }
  /// For a date key best read as a duration too (an end date), the key path of the date it counts
  /// from and how people call that date ("the start of recruitment"): `sibsim feasibility` then
  /// gives its answer in months as well. Default: none (empty path).
  struct DurationOrigin {
    std::string path, label;
  };
  [[nodiscard]] virtual DurationOrigin duration_origin(std::string_view /*path*/) const { return {}; }
  /// The model's sections of a run's HTML report; nullptr: the generic report only.
  [[nodiscard]] virtual const output::RunReportSections* run_report() const { return nullptr; }
};

/// The plug-ins of a program, in registration order; the first is the default model of a
/// scenario without a `model:` key.
class PluginRegistry {
 public:
  /// Adds a plug-in; throws std::logic_error on a duplicate name.
  void add(std::unique_ptr<ModelPlugin> plugin);
  /// The plug-in of that name, or nullptr.
  [[nodiscard]] const ModelPlugin* find(std::string_view name) const noexcept;
  /// The plug-in a document's `model:` key selects (the default without one). Throws
  /// scenarios::ValidationErrors at the key's location for an unknown model, with a did-you-mean.
  [[nodiscard]] const ModelPlugin& for_document(const scenarios::Document& doc) const;
  /// Parses a scenario file and binds it (for_document + load).
  [[nodiscard]] std::unique_ptr<Scenario> load_file(const std::string& path) const;
  [[nodiscard]] std::unique_ptr<Scenario> load(const scenarios::Document& doc) const;
  [[nodiscard]] const ModelPlugin& default_plugin() const;
  [[nodiscard]] std::span<const std::unique_ptr<ModelPlugin>> plugins() const noexcept { return plugins_; }

 private:
  std::vector<std::unique_ptr<ModelPlugin>> plugins_;
};

}  // namespace sibsim::models
