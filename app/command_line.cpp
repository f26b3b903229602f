// Every subcommand of sibsim and its options (CLI11), bound to the argument structs of study/.

#include "command_line.hpp"

#include <limits>

#include "number_options.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::app {
namespace {

using engine::kMaxReplications;
constexpr std::uint64_t kMaxThreads = 4096;
constexpr std::uint64_t kAnyCount = std::numeric_limits<std::uint64_t>::max();

// An existing file, or "-" for standard input (run and validate read a scenario from it once).
// Document::from_file refuses what is not a regular file, with a file:line:col-style message.
CLI::Validator scenario_or_stdin() {
  return CLI::Validator(
      [](std::string& path) {
        return path == scenarios::kStdinPath ? std::string() : CLI::ExistingFile(path);
      },
      "FILE or - (stdin)");
}

/// `--lang en|nl`: the language of the HTML report.
void add_lang(CLI::App* cmd, std::string& lang) {
  cmd->add_option("--lang", lang,
                  "Language of the HTML report: en or nl (default: the scenario's report_language, else en)")
      ->check(CLI::IsMember({"en", "nl"}));
}

/// The options every simulating command shares, declared once.
void add_common(CLI::App* cmd, study::CommonArgs& c, const char* seed_doc, const char* out_default) {
  cmd->add_option("-s,--seed", c.seed, seed_doc)
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("-t,--threads", c.threads, "Worker threads per process (0 = all cores)")
      ->capture_default_str()
      ->check(whole_number(0, kMaxThreads));
  cmd->add_option("-o,--out", c.out, std::string("Results file (HDF5); default ") + out_default);
  cmd->add_option("--csv", c.csv_dir, "Also write the results as CSV files into this folder");
  cmd->add_flag_callback(
      "--no-report", [&c] { c.report = false; }, "Do not write the HTML report");
  add_lang(cmd, c.lang);
  cmd->add_flag("-q,--quiet", c.quiet, "No progress bar and no summary");
  cmd->add_option("--max-person-replications", c.max_person_replications,
                  "Refuse to run more expected persons x replications than this (a guard against typos)")
      ->capture_default_str();
}

/// `--posterior CAL.h5` for the commands that simulate a scenario (not calibrate itself).
void add_posterior(CLI::App* cmd, study::CommonArgs& c) {
  cmd->add_option("--posterior", c.posterior,
                  "Draw each replication's parameters from this calibration's /posterior (sibsim calibrate)")
      ->check(CLI::ExistingFile);
}

auto* reps(CLI::App* cmd, std::uint64_t& n, std::uint64_t least, const char* doc) {
  return cmd->add_option("-n,--reps", n, doc)
      ->capture_default_str()
      ->check(whole_number(least, kMaxReplications));
}

}  // namespace

void declare_commands(CLI::App& cli, CommandLine& c) {
  auto& run = c.run;
  auto& cmp = c.compare;
  auto& sweep = c.sweep;
  auto& feas = c.feasibility;
  auto& report_in = c.report_in;
  auto& report_out = c.report_out;
  auto* run_cmd = c.run_cmd =
      cli.add_subcommand("run", "Run a scenario's replications and write the results file");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file, or - to read it from standard input")
      ->required()
      ->check(scenario_or_stdin());
  reps(run_cmd, run.replications, 1, "Number of replications (first batch with --precision)");
  add_common(run_cmd, run.common, "Master seed (default 1): same seed, same results on any thread count",
             "results/<scenario name>.h5");
  add_posterior(run_cmd, run.common);
  run_cmd->add_option("--replication", run.replication, "Replay one replication in detail (debugging)")
      ->check(whole_number(0, kMaxReplications - 1));
  run_cmd
      ->add_option("--persons", run.persons, "Also write N simulated persons to /persons (at most 1,000,000)")
      ->check(whole_number(0, kAnyCount));
  auto* kpi = run_cmd->add_option("--precision-kpi", run.precision_kpi,
                                  "Run until this KPI's 95 % CI half-width "
                                  "is below --precision");
  run_cmd->add_option("--precision", run.precision, "Target half-width for --precision-kpi")
      ->needs(kpi)
      ->check(finite_number(0.0, std::numeric_limits<double>::max(), true));
  run_cmd->add_flag("--resume", run.resume, "Continue an interrupted run from <out>.checkpoint");
  run_cmd
      ->add_option(
          "--observed", run.observed,
          "Set the run against the observed figures of a calibration observations file (/observations, "
          "drawn in the report)")
      ->check(CLI::ExistingFile);
  run_cmd->add_flag("--series-rows", run.series_rows,
                    "Also write every replication's time series as a long table /series_replications");
  run_cmd->add_option("--batch", run.batch_size, "Replications per checkpoint record (testing)")
      ->check(whole_number(1, engine::kMaxBatchSize, "--batch"))
      ->group("");

  auto* report_cmd = c.report_cmd =
      cli.add_subcommand("report", "Write the HTML report of a results file (default: .html next to it)");
  report_cmd->add_option("results", report_in, "Results file (.h5) written by sibsim")
      ->required()
      ->check(CLI::ExistingFile);
  report_cmd->add_option("-o,--out", report_out, "HTML file to write");
  add_lang(report_cmd, c.report_lang);

  auto* compare_cmd = c.compare_cmd = cli.add_subcommand("compare",
                                                         "Compare scenarios on common random numbers: paired "
                                                         "differences from the first, with 95 % CIs");
  compare_cmd->add_option("scenarios", cmp.scenarios, "Base scenario, then variants")
      ->required()
      ->expected(2, 64)
      ->check(CLI::ExistingFile);
  reps(compare_cmd, cmp.replications, 2, "Replications per scenario");
  add_common(compare_cmd, cmp.common, "Master seed (default 1, shared by all scenarios)",
             "results/compare-<base>.h5");
  add_posterior(compare_cmd, cmp.common);
  compare_cmd->add_option("-k,--kpi", cmp.kpis,
                          "KPIs to compare (repeatable); default: the model's steering KPIs");
  compare_cmd->add_flag(
      "--series-rows", cmp.series_rows,
      "Also write every replication's time series as a long table /compare/series_replications");

  auto* sweep_cmd = c.sweep_cmd =
      cli.add_subcommand("sweep",
                         "Run a sweep file's design points (grid, list, lhs, oat, sobol) on "
                         "common random numbers; under mpirun spread over the ranks");
  sweep_cmd->add_option("sweep", sweep.sweep_file, "Sweep YAML file (see scenarios/README.md)")
      ->required()
      ->check(CLI::ExistingFile);
  sweep_cmd->add_option("-n,--reps", sweep.replications, "Replications per point (overrides the sweep file)")
      ->check(whole_number(1, kMaxReplications));
  add_common(sweep_cmd, sweep.common, "Master seed (overrides the sweep file)",
             "results/<sweep file name>.h5");
  add_posterior(sweep_cmd, sweep.common);
  sweep_cmd->add_flag("--resume", sweep.resume, "Skip the points already in <out>.checkpoint (same sweep)");
  sweep_cmd->add_flag_callback(
      "--no-replication-rows", [&sweep] { sweep.per_replication = false; },
      "Do not write /outcomes_replications");
  sweep_cmd->add_flag("--list", sweep.list_only, "Print the design points and stop");
  sweep_cmd->add_option("--block", sweep.block, "Replications per work unit under MPI (0 = automatic)")
      ->check(whole_number(0, kMaxReplications, "--block"))
      ->group("");

  auto* feas_cmd = c.feas_cmd =
      cli.add_subcommand("feasibility",
                         "Smallest (or largest) value of a parameter for which "
                         "P(KPI >= target) >= probability, with its Monte Carlo uncertainty");
  feas_cmd->add_option("scenario", feas.scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  feas_cmd->add_option("-p,--param", feas.param, "Key path of the parameter (as in sweep files)")->required();
  feas_cmd->add_option("--from", feas.from, "Smallest value to consider (number or YYYY-MM-DD)")->required();
  feas_cmd->add_option("--to", feas.to, "Largest value to consider")->required();
  feas_cmd->add_option("--step", feas.step, "Step: a number, or 14d / 1m / 1y for dates")->required();
  feas_cmd->add_option("-k,--kpi", feas.kpi, "KPI that must reach the target")->required();
  feas_cmd->add_option("--target", feas.target, "The KPI must be >= this value")
      ->required()
      ->check(
          finite_number(-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()));
  feas_cmd->add_option("--probability", feas.probability, "Required probability of reaching the target")
      ->capture_default_str()
      ->check(finite_number(0.0, 1.0));
  feas_cmd->add_option("--confidence", feas.confidence, "Confidence of each probe's Wilson interval")
      ->capture_default_str()
      ->check(finite_number(0.5, 0.9999));
  feas_cmd->add_flag("--largest", feas.largest,
                     "Largest value instead of smallest (P falls as the parameter grows)");
  feas_cmd->add_option("--block", feas.block, "Replications per sequential step of a probe")
      ->capture_default_str()
      ->check(whole_number(10, 1'000'000));
  feas_cmd
      ->add_option("--max-reps", feas.max_replications, "Replications at most per probe (then: undecided)")
      ->capture_default_str()
      ->check(whole_number(10, kMaxReplications));
  add_common(feas_cmd, feas.common, "Master seed (default 1)", "results/feasibility-<scenario name>.h5");
  add_posterior(feas_cmd, feas.common);

  auto& fc = c.forecast;
  auto* fc_cmd = c.forecast_cmd =
      cli.add_subcommand("forecast",
                         "Re-forecast a running SIB from its observed recruitment: the sites' rates updated, "
                         "the chance of the target by the deadline, the forecast fan");
  fc_cmd->add_option("scenario", fc.scenario, "Scenario YAML file (the plan)")
      ->required()
      ->check(CLI::ExistingFile);
  fc_cmd
      ->add_option(
          "--observed", fc.observed,
          "Observed-data CSV: month,site and counts per site and month (study/README.md \"Forecast\")")
      ->required()
      ->check(CLI::ExistingFile);
  fc_cmd->add_option("--as-of", fc.as_of, "First day not observed (YYYY-MM-01)")->required();
  reps(fc_cmd, fc.replications, 1, "Futures to simulate");
  fc_cmd->add_option("--target", fc.target, "Target number (default: the scenario's)")
      ->check(finite_number(0.0, 1e12));
  fc_cmd->add_option("--deadline", fc.deadline, "Date the target counts to (default: the scenario's)");
  fc_cmd->add_flag("--remedies", fc.remedies,
                   "Also find the least extension, extra sites, extra staff or criterion change that reaches "
                   "P(target) >= --probability");
  fc_cmd
      ->add_option("--probability", fc.probability, "Required probability of reaching the target (remedies)")
      ->capture_default_str()
      ->check(finite_number(0.0, 1.0));
  add_common(fc_cmd, fc.common, "Master seed (default 1)", "results/forecast-<scenario name>.h5");
  add_posterior(fc_cmd, fc.common);

  auto& cal = c.calibrate;
  auto* cal_cmd = c.calibrate_cmd =
      cli.add_subcommand("calibrate",
                         "Fit a scenario's uncertain parameters to observed figures (ABC-SMC): "
                         "posterior, fit and check table, report");
  cal_cmd->add_option("scenario", cal.scenario, "Scenario YAML file")->required()->check(CLI::ExistingFile);
  cal_cmd
      ->add_option("observations", cal.observations,
                   "Observations file: figures, priors, settings (study/CALIBRATION-FILES.md)")
      ->required()
      ->check(CLI::ExistingFile);
  cal_cmd->add_option("--particles", cal.particles, "Particles per generation (overrides the file)")
      ->check(whole_number(10, 1'000'000));
  cal_cmd->add_option("-n,--reps", cal.replications, "Replications per particle (overrides the file)")
      ->check(whole_number(1, 100'000));
  cal_cmd->add_option("--generations", cal.max_generations, "Most generations (overrides the file)")
      ->check(whole_number(0, 1000));
  cal_cmd->add_flag("--resume", cal.resume, "Continue after the last generation in <out>.checkpoint");
  add_common(cal_cmd, cal.common, "Master seed (overrides the file's calibration.seed)",
             "results/calibrate-<scenario name>.h5");

  auto& disc = c.discover;
  auto* disc_cmd = c.discover_cmd = cli.add_subcommand(
      "discover",
      "Scenario discovery on a Latin hypercube sweep (PRIM): the parameter box where a KPI meets a "
      "condition; writes /discovery into the sweep file");
  disc_cmd->add_option("sweep", disc.sweep_file, "Sweep results file (.h5) written by sibsim sweep")
      ->required()
      ->check(CLI::ExistingFile);
  disc_cmd->add_option("-k,--kpi", disc.kpi, "KPI (or other /outcomes column) to test at each design point")
      ->required();
  disc_cmd
      ->add_option("--when", disc.when,
                   "Condition on it that makes a point a case: \"< 0.5\", \"<= 0.5\", \"> 0.5\", \">= 0.5\"")
      ->required();
  disc_cmd->add_option("--alpha", disc.alpha, "Share of a box's points peeled (or pasted) in one step")
      ->capture_default_str()
      ->check(finite_number(0.001, 0.49));
  disc_cmd->add_option("--mass-min", disc.mass_min, "Smallest share of the points a box may hold")
      ->capture_default_str()
      ->check(finite_number(0.001, 0.99));
  disc_cmd
      ->add_option("--coverage-min", disc.coverage_min,
                   "The chosen box holds at least this share of the cases")
      ->capture_default_str()
      ->check(finite_number(0.0, 1.0));
  disc_cmd->add_option("--box", disc.box, "Choose this step of the peeling trajectory (0 = all points)")
      ->check(whole_number(0, 100'000));
  disc_cmd->add_flag_callback(
      "--no-report", [&disc] { disc.report = false; }, "Do not write the HTML report again");
  add_lang(disc_cmd, disc.lang);
  disc_cmd->add_flag("-q,--quiet", disc.quiet, "Print nothing but errors");

  auto& st = c.studio;
  auto* st_cmd = c.studio_cmd = cli.add_subcommand(
      "studio",
      "A live what-if page for steering meetings: levers, baseline vs variant, charts (web server)");
  st_cmd->add_option("scenario", st.scenario, "Baseline scenario (default: the default model's example)")
      ->check(CLI::ExistingFile);
  st_cmd->add_option("--host", st.host, "Address to listen on; other than loopback needs the printed token")
      ->capture_default_str();
  st_cmd->add_option("--port", st.port, "Port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  st_cmd->add_option("--out", st.out, "Folder for saved scenarios and downloaded reports")
      ->capture_default_str();
  st_cmd->add_option("-t,--threads", st.threads, "Worker threads (0 = all cores)")
      ->check(whole_number(0, kMaxThreads));
  st_cmd->add_option("--seed", st.seed, "Master seed")->capture_default_str();
  st_cmd->add_option("--first", st.first_replications, "Replications of the quick first answer")
      ->capture_default_str()
      ->check(whole_number(10, 100'000));
  st_cmd->add_option("-n,--reps", st.final_replications, "Replications of the refined answer")
      ->capture_default_str()
      ->check(whole_number(10, 1'000'000));
  st_cmd->add_flag("--token", st.require_token, "Require an access token on loopback too");
  st_cmd->add_flag("-q,--quiet", st.quiet, "No request log");

  auto& validate_file = c.validate_file;
  auto& help_model = c.help_model;
  auto& list_dir = c.list_dir;
  auto* validate_cmd = c.validate_cmd =
      cli.add_subcommand("validate", "Check a scenario and print its resolved configuration");
  validate_cmd
      ->add_option("scenario", validate_file, "Scenario YAML file, or - to read it from standard input")
      ->required();
  auto* help_cmd = c.help_cmd =
      cli.add_subcommand("help-config", "List every scenario key with type, default, range, unit");
  help_cmd->add_option("--model", help_model, "The model whose keys to list (default: the default model)");
  auto* kpis_cmd = c.kpis_cmd = cli.add_subcommand(
      "kpis", "List a scenario's KPIs with unit, groups and description (without running it)");
  kpis_cmd
      ->add_option("scenario", c.kpis.scenario, "Scenario YAML file (default: the default model's example)")
      ->check(CLI::ExistingFile);
  kpis_cmd->add_option("--format", c.kpis.format, "table, csv or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "csv", "json"}));
  auto* list_cmd = c.list_cmd = cli.add_subcommand("list-scenarios", "List the scenario files in a folder");
  list_cmd->add_option("dir", list_dir, "Folder")->capture_default_str();
  auto* new_cmd = c.new_cmd = cli.add_subcommand(
      "new", "Write a commented template of a complete new scenario (NAME.yaml) that validates and runs");
  new_cmd->add_option("name", c.new_args.name, "Scenario name, also the file name: letters, digits, - and _")
      ->required();
  new_cmd->add_option("--model", c.new_args.model, "The model (default: the default model)");
  new_cmd->add_option("--dir", c.new_args.dir, "Folder to write NAME.yaml into")->capture_default_str();
  new_cmd->add_flag("--force", c.new_args.force, "Replace an existing NAME.yaml");
}

}  // namespace sibsim::app
