// The SIB plug-in: binds a scenario document to SibParams and SibModel and answers for the model
// in the generic workflows (study/).

#include "sibsim/models/sib/plugin.hpp"

#include <fmt/core.h>

#include <cmath>

#include "forecast_remedies.hpp"
#include "persons_table.hpp"
#include "provenance.hpp"
#include "sib_outputs.hpp"
#include "sib_report_sections.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/models/sib/vocabulary.hpp"
#include "studio_levers.hpp"
#include "terminal_summary.hpp"

namespace sibsim::models::sib {
namespace {

class SibScenario final : public Scenario {
 public:
  explicit SibScenario(SibParams params) : model_(std::move(params)) {}

  std::string name() const override { return model_.params().name; }
  std::string description() const override { return model_.params().description; }
  std::string resolved_yaml() const override { return sib_scenario_yaml(model_.params()); }
  const engine::ReplicationModel& model() const override { return model_; }
  double expected_entities_per_replication() const override { return expected_arrivals(model_.params()); }
  std::string report_language() const override { return model_.params().report_language; }
  std::vector<output::Provenance> provenance() const override { return provenance_of(model_.params()); }

  void write_run_extras(output::ResultsWriter& writer, const engine::RunResult& result) const override {
    for (const SeriesFamily& family : series_families())
      if (output::TimeSeries ts = series_of(result, family); !ts.bands.empty()) writer.write_timeseries(ts);
    const output::Funnel funnel = funnel_counts(result, model_.params());
    writer.write_funnel(funnel.stages, funnel.reasons);
  }

  void print_summary(std::FILE* out, const engine::RunResult& result) const override {
    sib::print_summary(out, model_.params(), result);
  }

  void print_replay(std::FILE* out, std::uint64_t seed, std::uint64_t rep) const override {
    std::vector<Person> persons;
    const FunnelResult r = model_.run_detailed(seed, rep, &persons);
    fmt::print(
        out,
        "replication {} (seed {}): {} eligible, {} approached, {} interviewed, {} selected, {} started\n",
        rep, seed, r.eligible, r.approached, r.interviewed, r.selected, r.started);
    fmt::print(out, "events {}, fingerprint {:016x}\n", r.events, r.fingerprint);
    const std::vector<Reason> reasons = reason_catalogue(model_.params());
    for (std::size_t i = 0; i < reasons.size(); ++i)
      if (r.outcomes[i]) fmt::print(out, "  {:<48} {:>5}\n", reasons[i].label_en, r.outcomes[i]);
  }

  std::optional<PersonsSample> persons(std::uint64_t seed, std::uint64_t count,
                                       std::uint64_t replications) const override {
    return persons_sample(model_, seed, count, replications);
  }

  // sibsim forecast: the PIs are the sites; the eligible count (listed) drives a PI's rate.
  std::optional<RecruitmentSites> recruitment_sites() const override {
    const SibParams& p = model_.params();
    const bool fixed = p.population.heterogeneity == Heterogeneity::fixed;
    RecruitmentSites r;
    for (const Prison& pi : p.prisons)
      r.sites.push_back({pi.name, fixed ? INFINITY : pi.gamma_shape.value_or(p.population.gamma_shape)});
    r.counts = {"eligible", "approached", "selected", "started"};
    r.target_count = "started";
    r.target_series_prefix = std::string(kEnrolmentSeriesPrefix);
    return r;
  }

  std::vector<std::vector<double>> site_exposure(std::span<const double> edges) const override {
    return expected_listed(model_.params(), edges);
  }

  std::vector<Remedy> remedies(double as_of, std::string_view lang) const override {
    return sib_remedies(model_.params(), as_of, lang);
  }

  std::vector<scenarios::Override> site_rate_overrides(std::span<const double> shape,
                                                       std::span<const double> rate) const override {
    // A multiplier Gamma(a, rate b) on the mean m is the rate Gamma(a, scale m / b): the PI's
    // inflow becomes m a / b (the posterior mean) and its own Gamma shape a.
    std::vector<scenarios::Override> o;
    const SibParams& p = model_.params();
    for (std::size_t i = 0; i < p.prisons.size() && i < shape.size() && i < rate.size(); ++i) {
      if (!std::isfinite(shape[i]) || !(rate[i] > 0)) continue;
      const scenarios::Location where{"forecast posterior of " + p.prisons[i].name, 0, 0};
      const std::string at = fmt::format("prisons[{}].", i);
      o.push_back({at + "inflow_per_month",
                   fmt::format("{:.17g}", p.prisons[i].inflow_per_month * shape[i] / rate[i]), where});
      o.push_back({at + "gamma_shape", fmt::format("{:.17g}", shape[i]), where});
    }
    return o;
  }

 private:
  SibModel model_;
};

class SibPlugin final : public ModelPlugin {
 public:
  std::string_view name() const override { return kSibModelName; }
  std::string_view title() const override {
    return "Social Impact Bond: recruitment funnel, programme, contract";
  }
  std::unique_ptr<Scenario> load(const scenarios::Document& doc) const override {
    return std::make_unique<SibScenario>(load_sib_scenario(doc));
  }
  std::string help_config() const override { return sib_scenario_help(); }
  std::string scenario_template(std::string_view name) const override { return sib_scenario_template(name); }
  std::string usage_examples() const override {
    return "  sibsim run scenarios/wnd-2016-actual.yaml --reps 2000\n"
           "  sibsim compare scenarios/wnd-2016-actual.yaml scenarios/wnd-strict-criteria.yaml\n"
           "  sibsim sweep scenarios/sweeps/recruitment-and-criteria.yaml\n"
           "  sibsim studio scenarios/wnd-2016-actual.yaml      # the what-if page for a meeting\n"
           "  sibsim feasibility scenarios/wnd-2016-actual.yaml --param recruitment.end --from 2017-08-01 "
           "\\\n"
           "      --to 2019-08-01 --step 1m --kpi started --target 150 --probability 0.8\n"
           "  sibsim forecast scenarios/wnd-2016-actual.yaml --observed scenarios/observed/wnd-2017-02.csv "
           "\\\n"
           "      --as-of 2017-02-01 --remedies                 # a running SIB: where it lands, what it "
           "takes\n";
  }

  const output::RunReportSections* run_report() const override { return &report_; }
  std::string_view example_scenario() const override { return "scenarios/wnd-2016-actual.yaml"; }

  std::vector<Lever> levers(const scenarios::Document& doc, std::string_view lang) const override {
    return sib_levers(doc, lang);
  }
  DurationOrigin duration_origin(std::string_view path) const override {
    if (path == "recruitment.end") return {"recruitment.start", "the start of recruitment"};
    return {};
  }
  std::vector<SeriesFamily> series_families() const override {
    const auto& families = sib::series_families();
    return {families.begin(), families.end()};
  }
  std::vector<std::pair<std::string, std::string>> labels(std::string_view lang) const override {
    return sib_labels(lang, Vocabulary{});
  }
  std::vector<std::pair<std::string, std::string>> scenario_labels(
      std::string_view lang, const scenarios::Document& doc) const override {
    try {
      const SibParams p = load_sib_scenario(doc);
      auto labels = sib_labels(lang, p.vocabulary);
      if (lang == "nl") {
        for (auto& l : sib_metric_labels_nl(p.payment)) labels.push_back(std::move(l));
        for (auto& l : sib_declared_labels_nl(p)) labels.push_back(std::move(l));
      }
      return labels;
    } catch (const std::exception&) {
      return sib_labels(lang, Vocabulary{});
    }
  }

  std::vector<DerivedMeasure> derived_measures(const scenarios::Document& doc) const override {
    using Rule = DerivedMeasure::Rule;
    const std::string currency = doc.scalar("vocabulary.currency").value_or(Vocabulary{}.currency);
    return {
        {"investor_loss_probability",
         "investors' chance of a loss",
         "fraction",
         "share of replications in which investors get back less than they put in",
         Rule::share_below,
         "investor_multiple",
         "",
         1.0,
         {"trade_off_x"}},
        {"government_cost_per_true_extra_month",
         "government's payment per true extra work-month",
         currency + "/month",
         "mean payout / mean true extra work-months (NaN when no true effect)",
         Rule::ratio_of_means,
         "payout_total",
         "extra_work_months_true",
         0.0,
         {"trade_off_y"}},
        {"threshold_probability",
         "chance of the payment threshold",
         "fraction",
         "share of replications in which the payment threshold is reached",
         Rule::share_at_least,
         "success_threshold_reached",
         "",
         1.0,
         {"trade_off_y"}},  // the trade-off chart's y when the cost is undefined at every point
    };
  }

 private:
  SibReportSections report_;
};

}  // namespace

std::unique_ptr<ModelPlugin> make_sib_plugin() { return std::make_unique<SibPlugin>(); }

}  // namespace sibsim::models::sib
