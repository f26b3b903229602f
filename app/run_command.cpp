// `sibsim run`: load a scenario, run the replications in parallel, stream them into the results
// file (HDF5, and CSV on request), print the summary.

#include <fmt/core.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "checkpoint.hpp"
#include "commands.hpp"
#include "mpi_world.hpp"
#include "persons_table.hpp"
#include "replication_rows.hpp"
#include "sib_outputs.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/progress.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/output/csv_writer.hpp"
#include "sibsim/output/html_report.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/scenarios/sib_scenario.hpp"
#include "task_farm.hpp"
#include "terminal_summary.hpp"

namespace sibsim::app {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// One replication in detail: the funnel of that replication and its event fingerprint.
int replay(const models::sib::SibModel& model, std::uint64_t seed, std::uint64_t rep) {
  std::vector<models::sib::Person> persons;
  const models::sib::FunnelResult r = model.run_detailed(seed, rep, &persons);
  fmt::print(
      "replication {} (seed {}): {} eligible, {} approached, {} interviewed, {} selected, {} started\n", rep,
      seed, r.eligible, r.approached, r.interviewed, r.selected, r.started);
  fmt::print("events {}, fingerprint {:016x}\n", r.events, r.fingerprint);
  for (std::size_t i = 0; i < models::sib::kOutcomeCount; ++i)
    if (r.outcomes[i]) fmt::print("  {:<48} {:>5}\n", models::sib::kOutcomeInfo[i].label, r.outcomes[i]);
  return kExitOk;
}

/// Under MPI: every rank computes blocks of replications (all KPIs) handed out by rank 0's task
/// farm; rank 0 returns all rows in replication order (other ranks an empty vector). Folding them
/// in that order gives the single-process statistics bit for bit.
std::vector<double> distributed_rows(const MpiWorld& world, const models::sib::SibModel& model,
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

}  // namespace

int run_command(const RunArgs& args, const MpiWorld& world) {
  if (args.persons > kMaxPersons) {
    throw std::invalid_argument(fmt::format(
        "--persons {}: at most {} persons can be written (the table is an audit sample; ask for fewer)",
        args.persons, kMaxPersons));
  }
  const models::sib::SibParams params = scenarios::load_sib_scenario(args.scenario);
  const models::sib::SibModel model(params);
  if (args.replication) return replay(model, args.seed, *args.replication);

  engine::RunOptions opt;
  opt.seed = args.seed;
  opt.replications = args.replications;
  opt.threads = args.threads;
  opt.progress = !args.quiet;
  opt.batch_size = args.batch_size;
  if (!args.precision_kpi.empty()) {
    opt.target = engine::PrecisionTarget{};
    opt.target->kpi = model.kpi_index(args.precision_kpi);
    opt.target->half_width = args.precision;
  }
  engine::validate_run_options(opt, model.kpis().size());
  std::vector<double> mpi_rows;
  if (world.size() > 1) {
    if (opt.target || args.resume)
      throw std::invalid_argument(
          "under MPI `run` takes a fixed --reps: no --precision-kpi and no --resume (run without mpirun for "
          "those)");
    mpi_rows = distributed_rows(world, model, opt, args.quiet);
    if (!world.is_root()) return kExitOk;
  }

  const std::filesystem::path out = args.out.empty()
                                        ? std::filesystem::path("results") / (params.name + ".h5")
                                        : std::filesystem::path(args.out);
  if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());

  output::RunMeta meta;
  meta.seed = opt.seed;
  meta.replications_requested = opt.replications;
  meta.threads = opt.threads;
  meta.scenario_name = params.name;
  meta.scenario_yaml_given = read_text(args.scenario);
  meta.scenario_yaml_resolved = scenarios::sib_scenario_yaml(params);
  meta.start_time = output::iso8601_utc_now();
  meta.host = output::host_name();
  meta.command_line = args.command_line;

  output::ResultsWriter writer(out, meta);
  const std::vector<engine::KpiInfo> kpis = model.kpis();
  writer.begin_replications(kpis);
  std::optional<output::CsvWriter> csv;
  if (!args.csv_dir.empty()) {
    csv.emplace(args.csv_dir);
    csv->begin_replications(kpis);
  }
  engine::BatchSink h5_sink = writer.sink();
  const engine::BatchSink file_sink = [&](std::uint64_t first, std::uint64_t count,
                                          std::span<const double> rows) {
    h5_sink(first, count, rows);
    if (csv) csv->append_replications(first, count, rows);
  };

  // Checkpoint: every completed batch is also appended (fsync'ed) to <out>.checkpoint; --resume
  // replays a matching one into the files and the statistics and continues after it.
  std::filesystem::path checkpoint_path = out;
  checkpoint_path += ".checkpoint";
  CheckpointHeader header;
  header.scenario_hash = fnv1a64(meta.scenario_yaml_resolved);
  header.seed = opt.seed;
  header.replications = opt.replications;
  header.kpi_count = kpis.size();
  header.batch_size = opt.batch_size;
  header.precision_kpi = opt.target ? opt.target->kpi : std::numeric_limits<std::uint64_t>::max();
  header.precision = opt.target ? opt.target->half_width : 0.0;
  std::optional<CheckpointData> resumed;
  if (args.resume) {
    resumed = read_checkpoint(checkpoint_path);
    remove_stale_temp_files(out);  // left by the killed run
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
    if (!args.quiet)
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
  writer.write_timeseries(enrolment_series(result));
  if (const output::TimeSeries caseload = caseload_series(result); !caseload.bands.empty())
    writer.write_timeseries(caseload);
  if (const output::TimeSeries employed = employment_series(result); !employed.bands.empty())
    writer.write_timeseries(employed);
  const output::Funnel funnel = funnel_counts(result);
  writer.write_funnel(funnel.stages, funnel.reasons);
  std::optional<PersonsSample> persons;
  if (args.persons > 0) {
    persons = persons_sample(model, opt.seed, args.persons, result.replications);
    writer.write_persons(persons->table, persons->replications_complete);
  }
  writer.commit();
  if (csv) {
    csv->write_summary(result);
    csv->commit();
  }
  checkpoint->remove();  // the results are safely in place: nothing left to resume

  std::filesystem::path html;
  if (args.report) {
    html = std::filesystem::path(out).replace_extension(".html");
    output::write_html_report(out, html);
  }

  if (!args.quiet) print_summary(stdout, params, result);
  fmt::print("\nResults: {}", out.string());
  if (!html.empty()) fmt::print("\nReport:  {} (open it in a browser)", html.string());
  if (csv) fmt::print("\nCSV:     {}", args.csv_dir);
  if (persons) {
    fmt::print("\nPersons: {} in /persons (replications 0-{}{})", persons->table.rows(),
               persons->replications_used == 0 ? 0 : persons->replications_used - 1,
               persons->replications_used > persons->replications_complete ? ", the last one in part" : "");
  }
  fmt::print("\n");
  return kExitOk;
}

int report_command(const std::string& results, const std::string& html_out) {
  const std::filesystem::path html = html_out.empty()
                                         ? std::filesystem::path(results).replace_extension(".html")
                                         : std::filesystem::path(html_out);
  output::write_html_report(results, html);
  fmt::print("Report: {}\n", html.string());
  return kExitOk;
}

int validate_command(const std::string& scenario) {
  const models::sib::SibParams params = scenarios::load_sib_scenario(scenario);
  fmt::print("# {}: valid. Resolved configuration (every key with its effective value):\n", scenario);
  fmt::print("{}", scenarios::sib_scenario_yaml(params));
  return kExitOk;
}

int help_config_command() {
  fmt::print("{}", scenarios::sib_scenario_help());
  return kExitOk;
}

int list_scenarios_command(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    try {
      const models::sib::SibParams p = scenarios::load_sib_scenario(f.string());
      std::string d = p.description.substr(0, 100);
      fmt::print("{:<40} {}\n", f.string(), d + (p.description.size() > 100 ? "..." : ""));
    } catch (const scenarios::ValidationErrors& e) {
      fmt::print("{:<40} INVALID: {} error(s); run `sibsim validate {}`\n", f.string(), e.errors().size(),
                 f.string());
    }
  }
  return kExitOk;
}

}  // namespace sibsim::app
