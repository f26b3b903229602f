// `sibsim compare BASE VARIANT...`: runs every scenario on the same seed and replication
// indices (common random numbers: the same persons draw the same numbers) and reports, per
// KPI, each scenario's mean and the paired difference from the base with its 95 % CI, next to
// the CI an independent comparison would have. Writes a results file (kind "compare") and its
// HTML report.

#include <fmt/core.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "commands.hpp"
#include "default_kpis.hpp"
#include "named_tables.hpp"
#include "replication_rows.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/scenarios/sib_scenario.hpp"

namespace sibsim::app {
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

/// One row of /compare/kpis.
struct Difference {
  std::size_t kpi = 0, scenario = 0;
  double base_mean = 0, variant_mean = 0, difference = 0, paired = 0, independent = 0;
  std::uint64_t n = 0;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_results(const CompareArgs& args, const std::vector<models::sib::SibParams>& params,
                   const std::vector<engine::KpiInfo>& infos, const std::vector<Difference>& diffs,
                   const std::filesystem::path& out) {
  output::RunMeta meta;
  meta.kind = "compare";
  meta.seed = args.seed;
  meta.replications_requested = args.replications;
  meta.threads = args.threads;
  meta.scenario_name = params.front().name;
  meta.scenario_yaml_given = read_text(args.scenarios.front());
  meta.scenario_yaml_resolved = scenarios::sib_scenario_yaml(params.front());
  for (std::size_t s = 0; s < params.size(); ++s)
    meta.input_yaml +=
        fmt::format("- {{index: {}, name: {}, file: {}}}\n", s, params[s].name, args.scenarios[s]);
  meta.start_time = output::iso8601_utc_now();
  meta.host = output::host_name();
  meta.command_line = args.command_line;
  output::ResultsWriter writer(out, meta);

  output::Table scen;
  scen.description = "The compared scenarios; index 0 is the base";
  std::vector<std::uint64_t> index;
  std::vector<std::string> name, file;
  for (std::size_t s = 0; s < params.size(); ++s) {
    index.push_back(s);
    name.push_back(params[s].name);
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
  write_tables(writer, tables);
  writer.commit();
  if (!args.csv_dir.empty()) write_tables_csv(args.csv_dir, tables);
}

}  // namespace

int compare_command(const CompareArgs& args) {
  std::vector<models::sib::SibParams> params;
  for (const std::string& f : args.scenarios) params.push_back(scenarios::load_sib_scenario(f));
  const std::vector<std::string>& names = args.kpis.empty() ? kSteeringKpis : args.kpis;
  const std::filesystem::path out =
      args.out.empty() ? std::filesystem::path("results") / ("compare-" + params.front().name + ".h5")
                       : std::filesystem::path(args.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());

  // values[scenario][kpi][replication]
  std::vector<std::vector<std::vector<double>>> values(params.size());
  std::vector<engine::KpiInfo> infos;
  for (std::size_t s = 0; s < params.size(); ++s) {
    const models::sib::SibModel model(params[s]);
    const std::vector<std::size_t> idx = kpi_indices(model, names);
    if (s == 0)
      for (const std::size_t k : idx) infos.push_back(model.kpis()[k]);
    const std::size_t width = model.kpis().size();
    values[s].assign(names.size(), std::vector<double>(args.replications, NAN));
    engine::RunOptions opt;
    opt.seed = args.seed;
    opt.replications = args.replications;
    opt.threads = args.threads;
    opt.progress = !args.quiet;
    engine::run_monte_carlo(model, opt,
                            [&](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
                              for (std::uint64_t r = 0; r < count; ++r)
                                for (std::size_t k = 0; k < names.size(); ++k)
                                  values[s][k][first + r] = rows[r * width + idx[k]];
                            });
  }

  std::vector<Difference> diffs;
  fmt::print("\nCompared on common random numbers: {} replications, seed {}\n", args.replications, args.seed);
  for (std::size_t s = 0; s < params.size(); ++s)
    fmt::print("  [{}] {} ({})\n", s, params[s].name, args.scenarios[s]);
  for (std::size_t k = 0; k < names.size(); ++k) {
    const Moments base = moments(values[0][k]);
    if (base.n == 0) continue;
    fmt::print("\n{}\n", names[k]);
    fmt::print("  [0] mean {:>12.4g}\n", base.mean);
    for (std::size_t s = 1; s < params.size(); ++s) {
      const Moments v = moments(values[s][k]);
      const Moments d = moments(values[s][k], &values[0][k]);
      const double half = half_width(d);
      const double indep = std::sqrt(std::pow(half_width(base), 2) + std::pow(half_width(v), 2));
      diffs.push_back({k, s, base.mean, v.mean, d.mean, half, indep, d.n});
      fmt::print(
          "  [{}] mean {:>12.4g}   difference {:>+11.4g}  95 % CI {:+.4g} .. {:+.4g}   (independent runs: "
          "+-{:.3g},"
          " {:.1f}x wider)\n",
          s, v.mean, d.mean, d.mean - half, d.mean + half, indep, half > 0 ? indep / half : NAN);
    }
  }
  write_results(args, params, infos, diffs, out);
  std::filesystem::path html;
  if (args.report) {
    html = std::filesystem::path(out).replace_extension(".html");
    output::write_html_report(out, html);
  }
  fmt::print("\nResults: {}", out.string());
  if (!html.empty()) fmt::print("\nReport:  {} (open it in a browser)", html.string());
  if (!args.csv_dir.empty()) fmt::print("\nCSV:     {} (one file per table)", args.csv_dir);
  fmt::print("\n");
  return kExitOk;
}

}  // namespace sibsim::app
