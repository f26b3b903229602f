// `sibsim sweep SWEEP.yaml`: runs every point of a sweep design (grid, list, Latin hypercube,
// one-at-a-time or Saltelli/Sobol) for R replications on common random numbers (replication r
// uses the same random numbers at every point), spread over MPI ranks when started by mpirun,
// and writes the design, outcomes and sensitivity tables to one results file.
//
// Every finished point is appended (fsync'ed) to <out>.checkpoint; `--resume` skips the points
// found there. Results are folded in replication order per point, so they are bit-identical for
// any number of ranks, threads, work-unit sizes and interruptions.

#include <fmt/core.h>
#include <oneapi/tbb/global_control.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <variant>

#include "checkpoint.hpp"
#include "named_tables.hpp"
#include "output_guard.hpp"
#include "posterior_draws.hpp"
#include "replication_rows.hpp"
#include "sibsim/engine/hash.hpp"
#include "sibsim/engine/progress.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/study/commands.hpp"
#include "sibsim/study/mpi_world.hpp"
#include "sibsim/study/sweep_spec.hpp"
#include "study_files.hpp"
#include "sweep_tables.hpp"
#include "task_farm.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

/// Refuse sweeps whose per-replication rows would not fit in memory on rank 0.
constexpr std::uint64_t kMaxStoredValues = 200'000'000;  // 1.6 GB of doubles

/// The sweep file's KPIs (default: the model's steering group), then the model's trade-off group
/// and the KPIs its derived measures need, each once.
std::vector<std::string> recorded_kpis(const SweepSpec& spec, std::span<const engine::KpiInfo> kpis,
                                       const std::vector<models::DerivedMeasure>& measures) {
  std::vector<std::string> names =
      spec.kpis.empty() ? models::kpis_in_group(kpis, models::kGroupSteering) : spec.kpis;
  if (names.empty()) names = models::kpis_in_group(kpis, models::kGroupHeadline);
  const auto add = [&](const std::string& k) {
    if (!k.empty() && std::find(names.begin(), names.end(), k) == names.end()) names.push_back(k);
  };
  for (const std::string& k : models::kpis_in_group(kpis, models::kGroupTradeOff)) add(k);
  for (const models::DerivedMeasure& m : measures) {
    add(m.kpi);
    add(m.denominator);
  }
  return names;
}

/// What identifies a sweep for --resume: the base scenario as resolved, every point's values, the
/// KPIs, seed and replications.
CheckpointHeader sweep_header(const std::string& base_resolved, const std::vector<SweepPoint>& points,
                              const std::vector<std::string>& kpis, std::uint64_t seed, std::uint64_t reps) {
  std::string id = base_resolved;
  for (const auto& p : points) {
    id += "\npoint";
    for (const auto& v : p.values) id += "|" + v;
  }
  id += "\nkpis";
  for (const auto& k : kpis) id += "|" + k;
  CheckpointHeader h;
  h.scenario_hash = engine::fnv1a64(id);
  h.seed = seed;
  h.replications = reps;
  h.kpi_count = kpis.size();
  h.batch_size = points.size();  // the number of points, for the mismatch message
  h.precision_kpi = std::numeric_limits<std::uint64_t>::max();
  return h;
}

void print_design(const SweepSpec& spec, const std::vector<SweepPoint>& points) {
  fmt::print("{:>6}  {:<22}", "point", "role");
  for (const auto& par : spec.parameters) fmt::print("  {}", par.path);
  fmt::print("\n");
  for (std::size_t p = 0; p < points.size(); ++p) {
    fmt::print("{:>6}  {:<22}", p, points[p].role);
    for (const auto& v : points[p].values) fmt::print("  {}", v);
    fmt::print("\n");
  }
}

void print_outcomes(const SweepSpec& spec, const std::vector<SweepPoint>& points, const SweepRows& rows) {
  const std::size_t shown_kpis = std::min<std::size_t>(rows.kpis.size(), 4);
  const std::size_t shown_points = std::min<std::size_t>(points.size(), 25);
  fmt::print("\n{:>6}", "point");
  for (const auto& par : spec.parameters) fmt::print("  {:>14.14}", par.path.substr(par.path.rfind('.') + 1));
  for (std::size_t k = 0; k < shown_kpis; ++k) fmt::print("  {:>14.14}", rows.kpis[k].name);
  fmt::print("\n");
  for (std::size_t p = 0; p < shown_points; ++p) {
    fmt::print("{:>6}", p);
    for (const auto& v : points[p].values) fmt::print("  {:>14.14}", v);
    for (std::size_t k = 0; k < shown_kpis; ++k) fmt::print("  {:>14.4g}", rows.summary(p, k).mean);
    fmt::print("\n");
  }
  if (shown_points < points.size())
    fmt::print("  ... {} more points: see /outcomes in the results file\n", points.size() - shown_points);
}

void print_sobol(const output::Table& t) {
  const auto& kpi = std::get<std::vector<std::string>>(t.columns[0].values);
  const auto& par = std::get<std::vector<std::string>>(t.columns[1].values);
  const auto col = [&](std::size_t i) -> const std::vector<double>& {
    return std::get<std::vector<double>>(t.columns[i].values);
  };
  fmt::print("\nSobol indices (95 % bootstrap CI)\n{:<28} {:<36} {:>22} {:>22}\n", "KPI", "parameter",
             "first order", "total");
  for (std::size_t i = 0; i < kpi.size(); ++i)
    fmt::print("{:<28} {:<36} {:>6.2f} ({:>5.2f}..{:>5.2f}) {:>6.2f} ({:>5.2f}..{:>5.2f})\n", kpi[i], par[i],
               col(2)[i], col(3)[i], col(4)[i], col(5)[i], col(6)[i], col(7)[i]);
}

}  // namespace

int sweep_command(const PluginRegistry& models, const SweepArgs& args, const MpiWorld& world) {
  const CommonArgs& common = args.common;
  SweepSpec spec = load_sweep_spec(args.sweep_file, models);
  if (args.replications) spec.replications = *args.replications;
  if (common.seed) spec.seed = *common.seed;
  if (spec.replications == 0 || spec.replications > engine::kMaxReplications)
    throw std::invalid_argument(
        fmt::format("--reps {}: must be between 1 and {}", spec.replications, engine::kMaxReplications));
  const std::vector<SweepPoint> points = sweep_design(spec);
  if (args.list_only) {
    if (world.is_root()) print_design(spec, points);
    return kExitOk;
  }

  // load_sweep_spec has already loaded the design points as scenarios (all of them, or an even
  // sample of 20,000 for bigger designs), on every rank alike; a point's model is built when a
  // rank first computes one of its units.
  const models::ModelPlugin& plugin = models.for_document(spec.base);
  // --posterior: replication r draws the same particle at every point (common random numbers).
  const std::shared_ptr<const Posterior> posterior = posterior_of(common);
  if (posterior)
    for (const SweepParameter& par : spec.parameters) refuse_calibrated(*posterior, par.path, "the sweep");
  const auto scenario_at = [&](std::uint64_t point) {
    return load_scenario(plugin, spec.base.with_overrides(point_overrides(spec, points[point])), posterior);
  };
  check_work_limit(points.size(), spec.replications, scenario_at, common.max_person_replications, true,
                   "point");
  const std::unique_ptr<models::Scenario> base = plugin.load(spec.base);
  const std::vector<models::DerivedMeasure> measures = plugin.derived_measures(spec.base);
  const std::unique_ptr<models::Scenario> first_scenario = scenario_at(0);
  const engine::ReplicationModel& first_model = first_scenario->model();
  const std::vector<std::string> kpi_names = recorded_kpis(spec, first_model.kpis(), measures);
  const std::vector<std::size_t> first_idx = kpi_indices(first_model, kpi_names);
  const std::uint64_t reps = spec.replications;
  const std::uint64_t width = kpi_names.size();
  if (points.size() * reps * width > kMaxStoredValues)
    throw std::invalid_argument(
        fmt::format("{} points x {} replications x {} KPIs is more than sibsim keeps in memory ({} values); "
                    "use fewer replications, points or KPIs (kpis: in the sweep file)",
                    points.size(), reps, width, kMaxStoredValues));

  std::optional<tbb::global_control> threads;
  if (common.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, common.threads);

  const std::filesystem::path out =
      world.is_root() ? results_path(common, std::filesystem::path(args.sweep_file).stem().string())
                      : std::filesystem::path();
  std::filesystem::path checkpoint_path = out;
  checkpoint_path += ".checkpoint";
  // Rank 0 writes: the sweep file and its base scenario's whole `extends` chain are its inputs.
  std::optional<OutputGuard> guard;
  if (world.is_root()) {
    std::vector<std::string> inputs = spec.base.files();
    inputs.push_back(args.sweep_file);
    if (posterior) inputs.push_back(posterior->file);
    guard.emplace(common, out, inputs,
                  std::vector<std::string>{"design.csv", "design_parameters.csv", "outcomes.csv",
                                           "outcome_measures.csv", "outcomes_replications.csv",
                                           "sensitivity_oat.csv", "sensitivity_sobol.csv"});
  }
  CheckpointHeader header = sweep_header(base->resolved_yaml(), points, kpi_names, spec.seed, reps);
  if (posterior) header.scenario_hash = engine::fnv1a64(posterior->hash_hex(), header.scenario_hash);

  SweepRows rows;
  rows.replications = reps;
  rows.rows.resize(points.size());
  std::vector<std::uint64_t> filled(points.size(), 0);
  std::vector<std::uint64_t> todo;
  std::optional<CheckpointWriter> checkpoint;
  std::optional<output::ResultsWriter> writer;
  output::RunMeta meta;
  if (world.is_root()) {
    const std::vector<engine::KpiInfo> all_kpis = first_model.kpis();
    for (const std::size_t k : first_idx) rows.kpis.push_back(all_kpis[k]);
    meta = make_meta(output::kKindSweep, common, spec.seed, reps, plugin.name(), *base, "");
    meta.input_yaml = spec.text;
    record_posterior(meta, posterior.get());
    writer.emplace(out, meta);  // fails early on an unwritable folder
    writer->write_kpis(rows.kpis);

    std::optional<CheckpointData> resumed;
    if (args.resume) {
      resumed = read_checkpoint(checkpoint_path, /*any_order=*/true);
    }
    if (resumed) {
      if (const std::string diff = checkpoint_mismatch(header, resumed->header); !diff.empty())
        throw std::invalid_argument(
            fmt::format("--resume: {} belongs to a different sweep: {}", checkpoint_path.string(), diff));
      std::size_t offset = 0;
      for (const CheckpointRecord& rec : resumed->records) {
        const std::size_t n = static_cast<std::size_t>(rec.count * width);
        const std::uint64_t point = rec.first / reps;
        if (rec.first % reps == 0 && rec.count == reps && point < points.size()) {
          rows.rows[point].assign(resumed->rows.begin() + static_cast<std::ptrdiff_t>(offset),
                                  resumed->rows.begin() + static_cast<std::ptrdiff_t>(offset + n));
          filled[point] = reps;
        }
        offset += n;
      }
      checkpoint.emplace(checkpoint_path, resumed->valid_bytes);
      if (!common.quiet)
        fmt::print(stderr, "Resuming: {} of {} points done in {}\n", resumed->records.size(), points.size(),
                   checkpoint_path.string());
    } else {
      checkpoint.emplace(checkpoint_path, header);
    }
    for (std::uint64_t p = 0; p < points.size(); ++p)
      if (filled[p] < reps) todo.push_back(p);
  }

  // Under MPI, small units balance the load; alone, a whole point per unit (TBB inside).
  const std::uint64_t block =
      args.block > 0 ? args.block : (world.size() > 1 ? std::min<std::uint64_t>(reps, 50) : reps);
  const std::vector<WorkUnit> units = make_units(todo, reps, block);

  // The model of the point being computed (units of one point come one after another).
  std::uint64_t model_point = std::numeric_limits<std::uint64_t>::max();
  std::unique_ptr<models::Scenario> model;
  std::vector<std::size_t> idx;
  const ComputeUnit compute = [&](const WorkUnit& u) {
    if (u.point != model_point) {
      model = scenario_at(u.point);
      idx = kpi_indices(model->model(), kpi_names);
      model_point = u.point;
    }
    return replication_rows(model->model(), spec.seed, u.first, u.count, idx);
  };
  engine::ProgressBar progress(points.size(), world.is_root() && !common.quiet);
  std::uint64_t done_points = points.size() - todo.size();
  const UnitDone on_result = [&](const WorkUnit& u, std::vector<double>&& r) {
    std::vector<double>& dest = rows.rows[u.point];
    dest.resize(static_cast<std::size_t>(reps * width));
    std::copy(r.begin(), r.end(), dest.begin() + static_cast<std::ptrdiff_t>(u.first * width));
    filled[u.point] += u.count;
    if (filled[u.point] == reps) {
      checkpoint->append(u.point * reps, reps, dest);
      progress.update(++done_points, fmt::format("points ({} ranks)", world.size()));
    }
  };
  const auto start = std::chrono::steady_clock::now();
  run_task_farm(world, units, compute, on_result);
  progress.finish();
  if (!world.is_root()) return kExitOk;
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::vector<NamedTable> tables;
  tables.push_back({"/design", design_table(spec, points)});
  tables.push_back({"/design_parameters", design_parameters_table(spec)});
  tables.push_back({"/outcomes", outcomes_table(rows, measures)});
  tables.push_back({"/outcome_measures", outcome_measures_table(measures, rows)});
  if (args.per_replication) tables.push_back({"/outcomes_replications", outcomes_replications_table(rows)});
  if (auto oat = oat_table(spec, points, rows)) tables.push_back({"/sensitivity/oat", std::move(*oat)});
  std::vector<std::string> skipped;
  const auto sobol = sobol_table(spec, rows, skipped);
  if (sobol) tables.push_back({"/sensitivity/sobol", *sobol});
  write_tables(*writer, tables);
  writer->commit();
  checkpoint->remove();

  if (!common.quiet) {
    fmt::print(
        "Sweep {}: {} design, {} points x {} replications (seed {}, common random numbers), {:.1f} s on {} "
        "rank(s)\n",
        args.sweep_file, spec.design, points.size(), reps, spec.seed, seconds, world.size());
    print_outcomes(spec, points, rows);
    if (sobol) print_sobol(*sobol);
    for (const std::string& k : skipped)
      fmt::print("note: no Sobol indices for {}: undefined (NaN) at some points\n", k);
  }
  finish_outputs(common, out, tables, nullptr, report_options(common.lang, plugin, base.get(), &spec.base));
  return kExitOk;
}

}  // namespace sibsim::study
