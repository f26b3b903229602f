// `sibsim compare BASE VARIANT...`: runs every scenario on the same seed and replication
// indices (common random numbers: the same persons draw the same numbers) and reports, per
// KPI, each scenario's mean and the paired difference from the base with its 95 % CI, next to
// the CI an independent comparison would have. Writes a results file (kind "compare") and its
// HTML report.

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "named_tables.hpp"
#include "output_guard.hpp"
#include "posterior_draws.hpp"
#include "replication_rows.hpp"
#include "series_tables.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/study/commands.hpp"
#include "study_files.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

struct Moments {
  double mean = 0, var = 0;
  std::size_t n = 0;
};

/// Mean and variance of the defined (non-NaN) values; x[i] - y[i] when y is given (paired).
Moments moments(const std::vector<double>& x, const std::vector<double>* y = nullptr) {
  Moments m;
  double sum = 0, sq = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = y ? x[i] - (*y)[i] : x[i];
    if (std::isnan(v)) continue;
    ++m.n;
    sum += v;
    sq += v * v;
  }
  if (m.n == 0) return {NAN, NAN, 0};
  m.mean = sum / static_cast<double>(m.n);
  m.var = m.n > 1 ? (sq - static_cast<double>(m.n) * m.mean * m.mean) / static_cast<double>(m.n - 1) : 0.0;
  return m;
}

double half_width(const Moments& m) {
  return 1.96 * std::sqrt(m.var / static_cast<double>(std::max<std::size_t>(m.n, 1)));
}

/// /compare/replications: one row per (scenario, replication), one column per compared KPI, so
/// the paired differences can be redone from the file. values[scenario][kpi][replication].
output::Table replications_table(const std::vector<engine::KpiInfo>& infos,
                                 const std::vector<std::vector<std::vector<double>>>& values,
                                 std::uint64_t replications) {
  std::vector<std::uint64_t> scenario, replication;
  for (std::size_t s = 0; s < values.size(); ++s)
    for (std::uint64_t r = 0; r < replications; ++r) {
      scenario.push_back(s);
      replication.push_back(r);
    }
  output::Table t;
  t.description =
      "Each scenario's KPIs per replication; rows of one replication index are paired (common random "
      "numbers)";
  t.columns = {{"scenario", "", "scenario index (row of /compare/scenarios)", std::move(scenario)},
               {"replication", "", "replication index", std::move(replication)}};
  for (std::size_t k = 0; k < infos.size(); ++k) {
    std::vector<double> v;
    v.reserve(t.rows());
    for (const auto& per_scenario : values) v.insert(v.end(), per_scenario[k].begin(), per_scenario[k].end());
    t.columns.push_back({infos[k].name, infos[k].unit, infos[k].description, std::move(v)});
  }
  return t;
}

/// One row of /compare/kpis.
struct Difference {
  std::size_t kpi = 0, scenario = 0;
  double base_mean = 0, variant_mean = 0, difference = 0, paired = 0, independent = 0;
  std::uint64_t n = 0;
};

std::vector<NamedTable> write_results(const CompareArgs& args, std::string_view model,
                                      const Posterior* posterior,
                                      const std::vector<std::unique_ptr<models::Scenario>>& scen_list,
                                      const std::vector<engine::KpiInfo>& infos,
                                      const std::vector<Difference>& diffs, std::vector<NamedTable> more,
                                      const std::filesystem::path& out) {
  const CommonArgs& common = args.common;
  output::RunMeta meta = make_meta(output::kKindCompare, common, common.seed_or(1), args.replications, model,
                                   *scen_list.front(), args.scenarios.front());
  record_posterior(meta, posterior);
  for (std::size_t s = 0; s < scen_list.size(); ++s)
    meta.input_yaml +=
        fmt::format("- {{index: {}, name: {}, file: {}}}\n", s, scen_list[s]->name(), args.scenarios[s]);
  output::ResultsWriter writer(out, meta);
  writer.write_kpis(infos);

  output::Table scen;
  scen.description = "The compared scenarios; index 0 is the base";
  std::vector<std::uint64_t> index;
  std::vector<std::string> name, file;
  for (std::size_t s = 0; s < scen_list.size(); ++s) {
    index.push_back(s);
    name.push_back(scen_list[s]->name());
    file.push_back(args.scenarios[s]);
  }
  scen.columns = {{"index", "", "scenario index (0 = base)", std::move(index)},
                  {"name", "", "scenario name", std::move(name)},
                  {"file", "", "scenario file", std::move(file)}};
  std::vector<NamedTable> tables;
  tables.push_back({"/compare/scenarios", std::move(scen)});

  std::vector<std::string> kpi, unit, description;
  std::vector<std::uint64_t> scenario, n;
  std::vector<double> base, variant, diff, lo, hi, paired, indep, factor;
  for (const Difference& d : diffs) {
    kpi.push_back(infos[d.kpi].name);
    unit.push_back(infos[d.kpi].unit);
    description.push_back(infos[d.kpi].description);
    scenario.push_back(d.scenario);
    base.push_back(d.base_mean);
    variant.push_back(d.variant_mean);
    diff.push_back(d.difference);
    lo.push_back(d.difference - d.paired);
    hi.push_back(d.difference + d.paired);
    paired.push_back(d.paired);
    indep.push_back(d.independent);
    factor.push_back(d.paired > 0 ? d.independent / d.paired : NAN);
    n.push_back(d.n);
  }
  output::Table k;
  k.description =
      "Per KPI and variant: means, the paired difference from the base with its 95 % CI, and the CI "
      "half-width independent runs would give";
  k.columns = {
      {"kpi", "", "KPI", std::move(kpi)},
      {"unit", "", "unit of the KPI", std::move(unit)},
      {"description", "", "what the KPI measures", std::move(description)},
      {"scenario", "", "variant index (row of /compare/scenarios)", std::move(scenario)},
      {"base_mean", "", "mean in the base scenario", std::move(base)},
      {"variant_mean", "", "mean in the variant", std::move(variant)},
      {"difference", "", "mean paired difference variant - base", std::move(diff)},
      {"ci_low", "", "95 % CI of the difference, lower", std::move(lo)},
      {"ci_high", "", "95 % CI of the difference, upper", std::move(hi)},
      {"paired_half_width", "", "95 % half-width, paired (common random numbers)", std::move(paired)},
      {"independent_half_width", "", "95 % half-width had the runs been independent", std::move(indep)},
      {"narrower_factor", "", "independent / paired half-width", std::move(factor)},
      {"n", "", "replications with both values defined", std::move(n)}};
  tables.push_back({"/compare/kpis", std::move(k)});
  std::move(more.begin(), more.end(), std::back_inserter(tables));
  write_tables(writer, tables);
  writer.commit();
  return tables;
}

}  // namespace

int compare_command(const PluginRegistry& models, const CompareArgs& args) {
  const CommonArgs& common = args.common;
  const std::uint64_t seed = common.seed_or(1);
  std::vector<std::unique_ptr<models::Scenario>> scen_list;
  const models::ModelPlugin* plugin = nullptr;
  std::vector<std::string> inputs;  // every compared scenario with its `extends` chain
  // --posterior: every scenario draws the same particle in replication r (common random numbers).
  const std::shared_ptr<const Posterior> posterior = posterior_of(common);
  std::optional<scenarios::Document> base_doc;
  for (const std::string& f : args.scenarios) {
    const scenarios::Document doc = scenarios::Document::from_file(f);
    if (posterior && base_doc) refuse_changed_calibrated_keys(*posterior, *base_doc, doc, f);
    if (!base_doc) base_doc = doc;
    inputs.insert(inputs.end(), doc.files().begin(), doc.files().end());
    const models::ModelPlugin& p = models.for_document(doc);
    if (plugin && plugin != &p)
      throw std::invalid_argument(
          fmt::format("{} is a {} scenario and {} a {} scenario: compare runs scenarios "
                      "of one model",
                      args.scenarios.front(), plugin->name(), f, p.name()));
    plugin = &p;
    scen_list.push_back(load_scenario(p, doc, posterior));
  }
  if (posterior) inputs.push_back(posterior->file);
  check_work_limit(scen_list, args.replications, common.max_person_replications);
  // Default KPIs: the model's steering group (its headline group, or every KPI, if it has none).
  const std::vector<engine::KpiInfo> base_kpis = scen_list.front()->model().kpis();
  std::vector<std::string> names = args.kpis;
  if (names.empty()) names = models::kpis_in_group(base_kpis, models::kGroupSteering);
  if (names.empty()) names = models::kpis_in_group(base_kpis, models::kGroupHeadline);
  if (names.empty())
    for (const engine::KpiInfo& k : base_kpis) names.push_back(k.name);
  const std::filesystem::path out = results_path(common, "compare-" + scen_list.front()->name());
  std::vector<std::string> csv_names{"compare_scenarios.csv", "compare_kpis.csv", "compare_replications.csv",
                                     "compare_series_summary.csv"};
  if (args.series_rows) csv_names.emplace_back("compare_series_replications.csv");
  const OutputGuard guard(common, out, inputs, csv_names);
  // The model's dated series of each scenario, long (series_tables.hpp).
  const std::vector<models::SeriesFamily> families = plugin->series_families();
  SeriesSummary series_summary(true);
  std::optional<SeriesRows> series_rows;
  if (args.series_rows) series_rows.emplace(true);

  // values[scenario][kpi][replication]
  std::vector<std::vector<std::vector<double>>> values(scen_list.size());
  std::vector<engine::KpiInfo> infos;
  for (std::size_t s = 0; s < scen_list.size(); ++s) {
    const engine::ReplicationModel& model = scen_list[s]->model();
    const std::vector<std::size_t> idx = kpi_indices(model, names);
    if (s == 0)
      for (const std::size_t k : idx) infos.push_back(base_kpis[k]);
    const std::size_t width = model.kpis().size();
    const SeriesKpis series = series_kpis(model.kpis(), families);
    values[s].assign(names.size(), std::vector<double>(args.replications, NAN));
    engine::RunOptions opt;
    opt.seed = seed;
    opt.replications = args.replications;
    opt.threads = common.threads;
    opt.progress = !common.quiet;
    const engine::RunResult result = engine::run_monte_carlo(
        model, opt, [&](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
          for (std::uint64_t r = 0; r < count; ++r)
            for (std::size_t k = 0; k < names.size(); ++k) values[s][k][first + r] = rows[r * width + idx[k]];
          if (series_rows && series.size() > 0) series_rows->add(series, s, first, count, width, rows);
        });
    series_summary.add(series, s, result);
  }

  std::vector<Difference> diffs;
  fmt::print("\nCompared on common random numbers: {} replications, seed {}\n", args.replications, seed);
  if (posterior)
    fmt::print(
        "Parameters drawn from {} (--posterior): replication r uses the same particle in every scenario\n",
        posterior->file);
  for (std::size_t s = 0; s < scen_list.size(); ++s)
    fmt::print("  [{}] {} ({})\n", s, scen_list[s]->name(), args.scenarios[s]);
  for (std::size_t k = 0; k < names.size(); ++k) {
    const Moments base = moments(values[0][k]);
    if (base.n == 0) continue;
    fmt::print("\n{}\n", names[k]);
    fmt::print("  [0] mean {:>12.4g}\n", base.mean);
    for (std::size_t s = 1; s < scen_list.size(); ++s) {
      const Moments v = moments(values[s][k]);
      const Moments d = moments(values[s][k], &values[0][k]);
      const double half = half_width(d);
      const double indep = std::sqrt(std::pow(half_width(base), 2) + std::pow(half_width(v), 2));
      diffs.push_back({k, s, base.mean, v.mean, d.mean, half, indep, d.n});
      // Identical in every replication (the paired interval has no width): no ratio to show.
      const std::string gain =
          half > 0 ? fmt::format("{:.1f}x wider", indep / half) : "the same in every replication here";
      fmt::print(
          "  [{}] mean {:>12.4g}   difference {:>+11.4g}  95 % CI {:+.4g} .. {:+.4g}   (independent runs: "
          "+-{:.3g}, {})\n",
          s, v.mean, d.mean, d.mean - half, d.mean + half, indep, gain);
    }
  }
  std::vector<NamedTable> more;
  more.push_back({"/compare/replications", replications_table(infos, values, args.replications)});
  if (!series_summary.empty()) more.push_back({"/compare/series_summary", series_summary.table()});
  if (series_rows && !families.empty())
    more.push_back({"/compare/series_replications", series_rows->table()});
  const std::vector<NamedTable> tables =
      write_results(args, plugin->name(), posterior.get(), scen_list, infos, diffs, std::move(more), out);
  finish_outputs(common, out, tables, nullptr,
                 report_options(common.lang, *plugin, scen_list.front().get(), &*base_doc));
  return kExitOk;
}

}  // namespace sibsim::study
