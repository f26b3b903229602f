// `sibsim calibrate SCENARIO OBSERVATIONS`: loads the observations file against the scenario,
// runs ABC-SMC (abc_smc.hpp) with a checkpoint per generation, writes the calibration results
// file (calibration_tables.hpp), the report, and prints the parameters and the fit on the terminal.

#include <fmt/core.h>
#include <oneapi/tbb/global_control.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "abc_smc.hpp"
#include "calibration_checkpoint.hpp"
#include "calibration_tables.hpp"
#include "output_guard.hpp"
#include "sibsim/engine/hash.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/study/calibration.hpp"
#include "sibsim/study/commands.hpp"
#include "sibsim/study/mpi_world.hpp"
#include "study_files.hpp"
#include "task_farm.hpp"
#include "work_limit.hpp"

namespace sibsim::study {
namespace {

using namespace calibration;

/// The settings with the command line's overrides; throws std::invalid_argument for bad values.
Settings effective_settings(const Settings& file, const CalibrateArgs& args) {
  Settings s = file;
  if (args.particles) s.particles = *args.particles;
  if (args.replications) s.replications = *args.replications;
  if (args.max_generations) s.max_generations = *args.max_generations;
  if (args.common.seed) s.seed = *args.common.seed;
  if (s.particles < 2 || s.particles > 1'000'000)
    throw std::invalid_argument(fmt::format("--particles {}: between 2 and 1000000 particles", s.particles));
  if (s.replications > 100'000)
    throw std::invalid_argument(
        fmt::format("-n {}: at most 100000 replications per particle", s.replications));
  if (s.max_generations > 1000)
    throw std::invalid_argument(fmt::format("--generations {}: at most 1000", s.max_generations));
  return s;
}

void print_generation(const GenerationStats& g) {
  fmt::print(stderr, "generation {}  tolerance {:.4g}  acceptance {:.0f} %  ESS {:.0f}  ({:.0f} s)\n",
             g.generation, g.tolerance, 100 * g.acceptance, g.ess, g.seconds);
}

/// The closing summary: parameters prior -> posterior, the fit/check table, degrees of freedom.
void print_summary(const Spec& spec, const AbcResult& result, std::span<const Predictive> predictive) {
  const Population& post = result.generations.back().population;
  fmt::print("\nCalibration: {} generations after the prior, {} particles (ESS {:.0f}); stopped: {}\n",
             result.generations.size() - 1, post.size(), post.ess(), describe(result.stop));
  fmt::print("\nParameters (prior -> posterior mean [90 % interval]):\n");
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const Parameter& p = spec.parameters[i];
    const ParameterSummary s = summarise(post, i);
    const double ratio = p.prior.sd() > 0 ? s.sd / p.prior.sd() : NAN;
    fmt::print("  {:<36} {} -> {:.4g} [{:.4g}, {:.4g}]{}\n", p.label, p.prior.describe(), s.mean, s.q05,
               s.q95, ratio < kIdentifiedSdRatio ? "" : "  (not identified: posterior close to prior)");
  }
  fmt::print("\nObservations (observed vs posterior predictive median [90 % interval]):\n");
  for (std::size_t i = 0; i < spec.observations.size(); ++i) {
    const Observation& o = spec.observations[i];
    const Predictive& p = predictive[i];
    const std::string observed = o.sampling == Observation::Sampling::range
                                     ? fmt::format("[{:.4g}, {:.4g}]", o.low, o.high)
                                     : fmt::format("{:.4g}", o.observed());
    fmt::print("  {:<5} {:<30} {:>12}  {:.4g} [{:.4g}, {:.4g}]  {}\n",
               o.role == Observation::Role::fit ? "fit" : "check", o.label, observed, p.median, p.q05, p.q95,
               p.inside_90 ? "inside" : "OUTSIDE the 90 % interval");
  }
  fmt::print("\nDegrees of freedom: {} fit figures, {} parameters\n", spec.fit_count(),
             spec.parameters.size());
}

}  // namespace

int calibrate_command(const PluginRegistry& models, const CalibrateArgs& args, const MpiWorld& world) {
  const CommonArgs& common = args.common;
  const bool mpi = world.size() > 1;
  if (mpi && args.resume)
    throw std::invalid_argument("under MPI `calibrate` takes no --resume (resume without mpirun)");
  const Spec spec = load_spec(args.scenario, args.observations, models);
  const Settings settings = effective_settings(spec.settings, args);
  const std::uint64_t reps =
      settings.replications > 0 ? settings.replications : choose_replications(settings);
  const std::unique_ptr<models::Scenario> base = spec.plugin->load(spec.base);
  // The work: N x R replications per generation (a generation may propose more: the proposal
  // guard bounds it), plus the posterior predictive simulations.
  const double per_generation = static_cast<double>(settings.particles) * static_cast<double>(reps);
  const double expected = per_generation * static_cast<double>(settings.max_generations + 1) +
                          static_cast<double>(settings.predictive_draws * settings.predictive_replications);
  check_work_limit(*base, static_cast<std::uint64_t>(std::min(expected, 1e18)),
                   common.max_person_replications);

  std::optional<tbb::global_control> threads;
  if (common.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, common.threads);

  // Under MPI every rank runs the algorithm in lockstep; rank 0 alone writes files.
  std::filesystem::path out;
  std::optional<OutputGuard> guard;
  if (world.is_root()) {
    out = results_path(common, "calibrate-" + base->name());
    std::vector<std::string> inputs = spec.base.files();
    inputs.push_back(args.observations);
    guard.emplace(common, out, inputs);
  }
  const std::filesystem::path checkpoint_path =
      world.is_root() ? checkpoint_file(out) : std::filesystem::path();
  const bool quiet = common.quiet || !world.is_root();

  CalibrationCheckpoint checkpoint;
  checkpoint.header.scenario_hash = engine::fnv1a64(spec.base.text());
  checkpoint.header.observations_hash = engine::fnv1a64(spec.text);
  checkpoint.header.seed = settings.seed;
  checkpoint.header.particles = settings.particles;
  checkpoint.header.replications = reps;
  checkpoint.header.settings_hash = settings_hash(settings);
  checkpoint.header.dimension = spec.parameters.size();
  std::vector<Generation> resumed;
  if (args.resume) {
    if (std::optional<CalibrationCheckpoint> found = read_calibration_checkpoint(checkpoint_path)) {
      if (const std::string diff = calibration_checkpoint_mismatch(checkpoint.header, found->header);
          !diff.empty())
        throw std::invalid_argument(fmt::format("--resume: {} belongs to a different calibration: {}",
                                                checkpoint_path.string(), diff));
      resumed = std::move(found->generations);
      if (!common.quiet)
        fmt::print(stderr, "Resuming after generation {} from {}\n", resumed.size() - 1,
                   checkpoint_path.string());
    }
  }

  if (!quiet)
    fmt::print(stderr, "Calibrating {} parameters to {} fit figures: {} particles x {} replications each\n",
               spec.parameters.size(), spec.fit_count(), settings.particles, reps);
  AbcOptions options;
  options.settings = settings;
  options.replications = reps;
  options.progress = !quiet && !mpi;
  options.on_generation = [&](const std::vector<Generation>& generations) {
    if (!world.is_root()) return;
    checkpoint.generations = generations;
    write_calibration_checkpoint(checkpoint_path, checkpoint);
    if (!quiet) print_generation(generations.back().stats);
  };
  if (mpi) {
    // The simulations of a batch's proposals go through the task farm (one unit per proposal);
    // rank 0 collects the distances and broadcasts them, so every rank accepts the same particles.
    options.distribute = [&](std::span<const std::size_t> proposals, const SimulateOne& one) {
      std::vector<double> distances(proposals.size() * reps, 0.0);
      std::vector<WorkUnit> units;
      if (world.is_root())
        for (std::size_t i = 0; i < proposals.size(); ++i) units.push_back({i, 0, reps});
      run_task_farm(
          world, units, [&](const WorkUnit& u) { return one(proposals[u.point]); },
          [&](const WorkUnit& u, std::vector<double>&& d) {
            std::copy(d.begin(), d.end(), distances.begin() + static_cast<std::ptrdiff_t>(u.point * reps));
          });
      world.broadcast(distances);
      return distances;
    };
  }
  const AbcResult result = run_abc(spec, options, std::move(resumed));
  if (!world.is_root()) return kExitOk;
  if (result.stop == StopReason::proposal_guard)
    fmt::print(
        stderr,
        "warning: generation {} did not accept {} particles within {} proposals; keeping generation {} "
        "(the tolerance is too tight for the model to reach: check the observations)\n",
        result.generations.size(), settings.particles, kMaxProposalsPerParticle * settings.particles,
        result.generations.size() - 1);

  const std::vector<Predictive> predictive =
      posterior_predictive(spec, result.generations.back().population, settings.seed,
                           settings.predictive_draws, settings.predictive_replications);
  const std::vector<NamedTable> tables = calibration_tables(spec, result.generations, predictive);
  std::uint64_t simulations = 0;
  for (const Generation& g : result.generations) simulations += g.stats.simulations;
  const output::RunMeta meta = make_meta(output::kKindCalibration, common, settings.seed, simulations,
                                         spec.plugin->name(), *base, spec.base.text());
  output::ResultsWriter writer(out, meta);
  writer.write_kpis(spec.kpis);
  write_tables(writer, tables);
  writer.commit();
  std::filesystem::remove(checkpoint_path);  // the results are in place: nothing left to resume

  if (!common.quiet) print_summary(spec, result, predictive);
  finish_outputs(common, out, tables, nullptr,
                 report_options(common.lang, *spec.plugin, base.get(), &spec.base));
  return kExitOk;
}

}  // namespace sibsim::study
