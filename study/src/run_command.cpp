// `sibsim run`: load a scenario (any model plug-in), run the replications in parallel, stream
// them into the results file (HDF5, and CSV on request), write the model's extras and report,
// print the summary.

#include <fmt/core.h>

#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>

#include "checkpoint.hpp"
#include "observed_figures.hpp"
#include "output_guard.hpp"
#include "posterior_draws.hpp"
#include "replication_rows.hpp"
#include "series_tables.hpp"
#include "sibsim/engine/hash.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/progress.hpp"
#include "sibsim/output/csv_writer.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/study/commands.hpp"
#include "sibsim/study/mpi_world.hpp"
#include "study_files.hpp"
#include "task_farm.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

/// Under MPI: every rank computes blocks of replications (all KPIs) handed out by rank 0's task
/// farm; rank 0 returns all rows in replication order (other ranks an empty vector). Folding them
/// in that order gives the single-process statistics bit for bit.
std::vector<double> distributed_rows(const MpiWorld& world, const engine::ReplicationModel& model,
                                     const engine::RunOptions& opt, bool quiet) {
  const std::size_t k = model.kpis().size();
  if (static_cast<double>(opt.replications) * static_cast<double>(k) > 2e8)
    throw std::invalid_argument(
        fmt::format("--reps {}: under MPI rank 0 gathers every replication's {} KPIs in memory; at most "
                    "{:.0f} replications",
                    opt.replications, k, 2e8 / static_cast<double>(k)));
  std::vector<std::size_t> all(k);
  for (std::size_t j = 0; j < k; ++j) all[j] = j;
  std::vector<double> rows;
  std::vector<WorkUnit> units;
  if (world.is_root()) {
    rows.assign(static_cast<std::size_t>(opt.replications) * k, 0.0);
    const std::uint64_t point = 0;
    units = make_units(std::span(&point, 1), opt.replications, 32);
  }
  engine::ProgressBar progress(opt.replications, world.is_root() && !quiet);
  std::uint64_t done = 0;
  run_task_farm(
      world, units,
      [&](const WorkUnit& u) { return replication_rows(model, opt.seed, u.first, u.count, all); },
      [&](const WorkUnit& u, std::vector<double>&& r) {
        std::copy(r.begin(), r.end(), rows.begin() + static_cast<std::ptrdiff_t>(u.first * k));
        done += u.count;
        progress.update(done, fmt::format("on {} ranks", world.size()));
      });
  progress.finish();
  return rows;
}

/// How a run to a precision target ended: reached, or stopped at its most replications.
void print_precision(const engine::KpiInfo& kpi, const engine::KpiSummary& s,
                     const engine::PrecisionTarget& t, const engine::RunResult& result) {
  const double half = (s.ci_high - s.ci_low) / 2;
  if (result.target_reached) {
    fmt::print("\nPrecision: {}'s 95 % CI half-width {:.4g} <= {:.4g} after {} replications\n", kpi.name,
               half, t.half_width, result.replications);
  } else {
    fmt::print(stderr,
               "\nwarning: precision target NOT reached: {}'s 95 % CI half-width {:.4g} > {:.4g} after {} "
               "replications, the most allowed (the runner's cap, or --max-person-replications)\n",
               kpi.name, half, t.half_width, result.replications);
  }
}

}  // namespace

int run_command(const PluginRegistry& models, const RunArgs& args, const MpiWorld& world) {
  const CommonArgs& common = args.common;
  if (args.persons > models::kMaxPersonsSample) {
    throw std::invalid_argument(fmt::format(
        "--persons {}: at most {} persons can be written (the table is an audit sample; ask for fewer)",
        args.persons, models::kMaxPersonsSample));
  }
  const scenarios::Document doc = scenarios::Document::from_file(args.scenario);
  const models::ModelPlugin& plugin = models.for_document(doc);
  // --posterior: every replication runs the scenario with the calibration particle it draws.
  const std::shared_ptr<const Posterior> posterior = posterior_of(common);
  const std::unique_ptr<models::Scenario> scenario = load_scenario(plugin, doc, posterior);
  const engine::ReplicationModel& model = scenario->model();
  const std::uint64_t seed = common.seed_or(1);
  // --observed: the figures are checked against the model's KPIs before anything runs.
  std::optional<calibration::Spec> observed_spec;
  if (!args.observed.empty())
    observed_spec = calibration::load_spec(doc, scenarios::Document::from_file(args.observed), models);
  // A model without persons says so before anything runs (an empty sample costs nothing).
  if (args.persons > 0 && !scenario->persons(seed, 0, 0))
    throw std::invalid_argument(
        fmt::format("--persons: the {} model has no persons to write", plugin.name()));
  if (args.replication) {
    scenario->print_replay(stdout, seed, *args.replication);
    return kExitOk;
  }

  check_work_limit(*scenario, args.replications, common.max_person_replications);
  engine::RunOptions opt;
  opt.seed = seed;
  opt.replications = args.replications;
  opt.threads = common.threads;
  opt.progress = !common.quiet;
  opt.batch_size = args.batch_size;
  if (!args.precision_kpi.empty()) {
    opt.target = engine::PrecisionTarget{};
    opt.target->kpi = kpi_indices(model, std::span(&args.precision_kpi, 1)).front();
    opt.target->half_width = args.precision;
    // A target that is never reached stops within the work limit, not at the runner's cap.
    opt.target->max_replications =
        replications_within_limit(*scenario, common.max_person_replications, opt.target->max_replications);
  }
  const std::vector<engine::KpiInfo> kpis = model.kpis();
  engine::validate_run_options(opt, kpis.size());
  std::vector<double> mpi_rows;
  if (world.size() > 1) {
    if (opt.target || args.resume)
      throw std::invalid_argument(
          "under MPI `run` takes a fixed --reps: no --precision-kpi and no --resume (run without mpirun for "
          "those)");
    mpi_rows = distributed_rows(world, model, opt, common.quiet);
    if (!world.is_root()) return kExitOk;
  }

  const std::filesystem::path out = results_path(common, scenario->name());
  std::vector<std::string> csv_names{"replications.csv", "summary.csv"};
  if (posterior) csv_names.emplace_back("posterior_spread.csv");
  if (observed_spec) csv_names.emplace_back("observations.csv");
  // The model's dated series as long tables (series_tables.hpp); per replication only when asked.
  const SeriesKpis series = series_kpis(kpis, plugin.series_families());
  if (series.size() > 0) csv_names.emplace_back("series_summary.csv");
  std::optional<SeriesRows> series_rows;
  if (args.series_rows && series.size() > 0) {
    series_rows.emplace(false);
    csv_names.emplace_back("series_replications.csv");
  }
  std::vector<std::string> inputs = doc.files();
  if (posterior) inputs.push_back(posterior->file);
  if (observed_spec) inputs.push_back(args.observed);
  const OutputGuard guard(common, out, inputs, csv_names);
  output::RunMeta meta =
      make_meta(output::kKindRun, common, seed, opt.replications, plugin.name(), *scenario, doc.text());
  record_posterior(meta, posterior.get());
  output::ResultsWriter writer(out, meta);
  writer.write_kpis(kpis);
  writer.begin_replications(kpis);
  std::optional<output::CsvWriter> csv;
  if (!common.csv_dir.empty()) {
    csv.emplace(common.csv_dir);
    csv->begin_replications(kpis);
  }
  engine::BatchSink h5_sink = writer.sink();
  // Every replication passes file_sink exactly once (resumed, gathered under MPI, or just run).
  std::optional<PosteriorSpread> spread;
  if (posterior) spread.emplace(*posterior, seed, kpis.size());
  std::optional<ObservedFigures> observed;
  if (observed_spec) observed.emplace(*observed_spec, kpis, seed);
  const engine::BatchSink file_sink = [&](std::uint64_t first, std::uint64_t count,
                                          std::span<const double> rows) {
    h5_sink(first, count, rows);
    if (spread) spread->add(first, count, rows);
    if (observed) observed->add(first, count, rows);
    if (series_rows) series_rows->add(series, 0, first, count, kpis.size(), rows);
    if (csv) csv->append_replications(first, count, rows);
  };

  // Checkpoint: every completed batch is also appended (fsync'ed) to <out>.checkpoint; --resume
  // replays a matching one into the files and the statistics and continues after it.
  std::filesystem::path checkpoint_path = out;
  checkpoint_path += ".checkpoint";
  CheckpointHeader header;
  header.scenario_hash = engine::fnv1a64(meta.scenario_yaml_resolved);
  if (posterior) header.scenario_hash = engine::fnv1a64(posterior->hash_hex(), header.scenario_hash);
  header.seed = opt.seed;
  header.replications = opt.replications;
  header.kpi_count = kpis.size();
  header.batch_size = opt.batch_size;
  header.precision_kpi = opt.target ? opt.target->kpi : std::numeric_limits<std::uint64_t>::max();
  header.precision = opt.target ? opt.target->half_width : 0.0;
  std::optional<CheckpointData> resumed;
  if (args.resume) {
    resumed = read_checkpoint(checkpoint_path);  // the guard removed the killed run's temporaries
  }
  std::optional<CheckpointWriter> checkpoint;
  if (!mpi_rows.empty()) {
    // Every replication was computed by the ranks: the files get the rows, the runner folds them.
    file_sink(0, opt.replications, mpi_rows);
    opt.resume_rows = mpi_rows;
    checkpoint.emplace(checkpoint_path, header);
  } else if (resumed) {
    if (const std::string diff = checkpoint_mismatch(header, resumed->header); !diff.empty()) {
      throw std::invalid_argument(
          fmt::format("--resume: {} belongs to a different run: {}", checkpoint_path.string(), diff));
    }
    const std::uint64_t done = resumed->rows.size() / kpis.size();
    if (done > 0) file_sink(0, done, resumed->rows);
    opt.resume_rows = resumed->rows;
    checkpoint.emplace(checkpoint_path, resumed->valid_bytes);
    if (!common.quiet)
      fmt::print(stderr, "Resuming after {} replications from {}\n", done, checkpoint_path.string());
  } else {
    checkpoint.emplace(checkpoint_path, header);
  }
  const engine::BatchSink sink = [&](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
    file_sink(first, count, rows);
    checkpoint->append(first, count, rows);
  };

  const engine::RunResult result = engine::run_monte_carlo(model, opt, sink);
  writer.write_summary(result);
  scenario->write_run_extras(writer, result);
  std::optional<models::PersonsSample> persons;
  if (args.persons > 0) {
    persons = scenario->persons(opt.seed, args.persons, result.replications);
    writer.write_persons(persons->table, persons->replications_complete);
  }
  std::vector<NamedTable> tables;
  if (spread) tables.push_back({"/posterior_spread", spread->table(kpis)});
  if (observed) tables.push_back({"/observations", observed->table(plugin.series_families())});
  if (series.size() > 0) {
    SeriesSummary summary(false);
    summary.add(series, 0, result);
    tables.push_back({"/series_summary", summary.table()});
  }
  if (series_rows) tables.push_back({"/series_replications", series_rows->table()});
  write_tables(writer, tables);
  writer.commit();
  if (csv) {
    csv->write_summary(result);
    csv->commit();
  }
  checkpoint->remove();  // the results are safely in place: nothing left to resume

  if (!common.quiet) scenario->print_summary(stdout, result);
  if (!common.quiet && spread) {
    fmt::print("\nParameter uncertainty (--posterior {}):\n", posterior->file);
    print_posterior_spread(stdout, *spread, kpis);
  }
  if (opt.target)
    print_precision(kpis[opt.target->kpi], result.summary[opt.target->kpi], *opt.target, result);
  finish_outputs(common, out, tables, plugin.run_report(),
                 report_options(common.lang, plugin, scenario.get(), &doc));
  if (persons) {
    fmt::print("Persons: {} in /persons (replications 0-{}{})\n", persons->table.rows(),
               persons->replications_used == 0 ? 0 : persons->replications_used - 1,
               persons->replications_used > persons->replications_complete ? ", the last one in part" : "");
  }
  return kExitOk;
}

}  // namespace sibsim::study
