// End-to-end benchmark of the SIB model on the shipped scenarios (not a Google Benchmark):
//   bench_scenarios [--seconds S] [--repeats K] [--threads N] [--out FILE] [--sibsim PATH]
//                   [scenario.yaml ...]
// Defaults: scenarios/wnd-2016-actual.yaml benchmarks/national-all-leavers.yaml, S = 1.5 (target wall
// time of each 1-thread run; the replication count is set from a pilot), K = 3 (best of K runs on
// 1 and on N threads, alternating), N = all hardware threads, FILE = benchmarks/results/bench_scenarios.txt
// (paths relative to the working directory: run it from the repository root).
//
// For each scenario: replications/s on 1 thread and on N threads (through run_monte_carlo), the
// speedup, simulated events/s (KPI `events`), cost per simulated eligible person (KPI `eligible`),
// the process's peak RSS (getrusage), and the draw-bound limit: the replications are re-run on
// this thread with engine::rng_draw_counter set (rng.hpp), which records how many RandomStreams
// drew and how many refills (4 words) each computed; then exactly that pattern (same number of
// streams, same blocks per stream, all 4 words of every block read) is generated bare and timed.
// engine time / draw time is the headline ratio: 1.0 would mean the model is free beside its
// random numbers.
//
// Where the time goes: the same replications once more with engine::stage_clock set
// (stage_clock.hpp), which the model's marks split into its stages (population, funnel,
// programme, summary, work, evaluation, payment, KPIs); and the whole process: `sibsim run` of
// the same replications on 1 thread (--sibsim PATH, default ../app/sibsim next to this
// program's folder), whose time beyond the engine's is the output stage (start-up, scenario
// load, summaries, HDF5, checkpoint; no report, as with --no-report).
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/stage_clock.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/sib_model.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace eng = sibsim::engine;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

struct DrawPattern {
  eng::DrawCounter counts;  ///< summed over `replications`
  std::uint64_t replications = 0;
  std::uint64_t streams() const { return counts.blocks_at[0]; }
  std::uint64_t blocks() const {
    std::uint64_t b = counts.blocks_beyond;
    for (const auto x : counts.blocks_at) b += x;
    return b;
  }
};

volatile std::uint64_t g_sink = 0;  // keeps the bare draws from being optimised away

/// Generates the recorded pattern once: every stream is created and reads 4 words per block.
std::uint64_t replay(const DrawPattern& p, std::uint64_t seed) {
  const auto& at = p.counts.blocks_at;
  constexpr std::size_t kExact = eng::DrawCounter::kExact;
  std::uint64_t acc = 0;
  std::uint64_t entity = 0;
  const auto draw_streams = [&](std::uint64_t n_streams, std::uint64_t words_each,
                                std::uint64_t extra_words) {
    for (std::uint64_t s = 0; s < n_streams; ++s) {
      // Keyed as a model's StreamFactory keys them (the seed mixed once, not per stream).
      eng::RandomStream rs(eng::RandomStream::KeyWord{seed}, entity / 4096, entity, 7);
      ++entity;
      const std::uint64_t words = words_each + (s == 0 ? extra_words : 0);
      for (std::uint64_t w = 0; w < words; ++w) acc ^= rs();
    }
  };
  for (std::size_t k = 0; k + 1 < kExact; ++k) draw_streams(at[k] - at[k + 1], 4 * (k + 1), 0);
  draw_streams(at[kExact - 1], 4 * kExact, 4 * p.counts.blocks_beyond);  // long streams (rare)
  return acc;
}

struct Row {
  std::string scenario;
  std::uint64_t reps = 0;
  unsigned threads = 0;
  double wall1 = 0, wallN = 0;
  double events_mean = 0, eligible_mean = 0;
  double streams_per_rep = 0, blocks_per_rep = 0;
  double draw_s_per_rep = 0;
  eng::StageClock stages;  ///< summed over stage_replications
  std::uint64_t stage_replications = 0;
  double process_s = 0;  ///< whole `sibsim run` of `reps` replications on 1 thread, or 0
  long rss_kib = 0;
  double per_rep1() const { return wall1 / static_cast<double>(reps); }
  double reps_s1() const { return static_cast<double>(reps) / wall1; }
  double reps_sN() const { return static_cast<double>(reps) / wallN; }
  double speedup() const { return wall1 / wallN; }
  double events_s1() const { return events_mean * reps_s1(); }
  double us_per_eligible() const { return per_rep1() / eligible_mean * 1e6; }
  double ratio() const { return per_rep1() / draw_s_per_rep; }
  double stage_ms(std::size_t k) const {
    return static_cast<double>(stages.ns[k]) * 1e-6 / static_cast<double>(stage_replications);
  }
  double process_reps_s() const { return static_cast<double>(reps) / process_s; }
};

/// Wall time of `command` run by the shell, or 0 if it fails.
double time_command(const std::string& command) {
  const auto t0 = Clock::now();
  const int rc = std::system(command.c_str());
  const double s = seconds_since(t0);
  if (rc != 0) {
    std::cerr << "failed (" << rc << "): " << command << "\n";
    return 0.0;
  }
  return s;
}

Row bench(const std::string& path, double target_seconds, unsigned threads, int repeats,
          const std::string& sibsim) {
  Row row;
  row.scenario = path;
  row.threads = threads;
  const sibsim::models::sib::SibModel model(sibsim::models::sib::load_sib_scenario(path));
  const std::size_t k_events = model.kpi_index("events");
  const std::size_t k_eligible = model.kpi_index("eligible");
  std::vector<double> out(model.kpis().size());
  constexpr std::uint64_t kSeed = 1;

  // Pilot (also warms caches and the allocator): pick the replication count for ~target_seconds.
  auto t0 = Clock::now();
  std::uint64_t pilot = 0;
  while (pilot < 3 || seconds_since(t0) < 0.2) model.run_replication(kSeed, pilot++, out);
  const double pilot_per_rep = seconds_since(t0) / static_cast<double>(pilot);
  // A multiple of 2 x threads, so the N-thread run is not limited by a last, lone replication.
  const std::uint64_t step = 2ULL * std::max(1U, threads);
  row.reps =
      std::max<std::uint64_t>(1, static_cast<std::uint64_t>(target_seconds / pilot_per_rep) / step) * step;

  eng::RunOptions o;
  o.seed = kSeed;
  o.replications = row.reps;
  // Best of `repeats` for each thread count, alternating, so a burst of load on the shared
  // machine hits one run rather than one side of the comparison.
  row.wall1 = row.wallN = 1e300;
  for (int i = 0; i < repeats; ++i) {
    o.threads = 1;
    const eng::RunResult r1 = eng::run_monte_carlo(model, o);
    row.wall1 = std::min(row.wall1, r1.wall_seconds);
    row.events_mean = r1.summary[k_events].mean;
    row.eligible_mean = r1.summary[k_eligible].mean;
    o.threads = threads;
    row.wallN = std::min(row.wallN, eng::run_monte_carlo(model, o).wall_seconds);
  }

  // Draw accounting on this thread, over (at most 200) of the same replications.
  DrawPattern pattern;
  pattern.replications = std::min<std::uint64_t>(row.reps, 200);
  eng::rng_draw_counter = &pattern.counts;
  for (std::uint64_t rep = 0; rep < pattern.replications; ++rep) model.run_replication(kSeed, rep, out);
  eng::rng_draw_counter = nullptr;
  const auto n = static_cast<double>(pattern.replications);
  row.streams_per_rep = static_cast<double>(pattern.streams()) / n;
  row.blocks_per_rep = static_cast<double>(pattern.blocks()) / n;

  // Bare generation of that pattern, repeated for at least 0.5 s; best of 3 such rounds.
  row.draw_s_per_rep = 1e300;
  for (int round = 0; round < 3; ++round) {
    std::uint64_t passes = 0;
    t0 = Clock::now();
    double elapsed = 0;
    do {
      g_sink = g_sink ^ replay(pattern, kSeed + passes);
      ++passes;
      elapsed = seconds_since(t0);
    } while (elapsed < 0.5);
    row.draw_s_per_rep = std::min(row.draw_s_per_rep, elapsed / (static_cast<double>(passes) * n));
  }

  // Per-stage time over the same replications.
  row.stage_replications = pattern.replications;
  eng::stage_clock = &row.stages;
  for (std::uint64_t rep = 0; rep < row.stage_replications; ++rep) model.run_replication(kSeed, rep, out);
  eng::stage_clock = nullptr;

  // The whole process, best of `repeats`: the same seed and replications on 1 thread.
  if (!sibsim.empty()) {
    const std::string h5 =
        (std::filesystem::temp_directory_path() / ("bench_scenarios-" + std::to_string(::getpid()) + ".h5"))
            .string();
    const std::string command = "'" + sibsim + "' run '" + path + "' -n " + std::to_string(row.reps) +
                                " -t 1 --seed " + std::to_string(kSeed) + " -q --no-report -o '" + h5 +
                                "' > /dev/null";
    row.process_s = 1e300;
    for (int i = 0; i < repeats; ++i) row.process_s = std::min(row.process_s, time_command(command));
    if (row.process_s <= 0.0 || row.process_s >= 1e300) row.process_s = 0.0;
    std::filesystem::remove(h5);
  }
  row.rss_kib = peak_rss_kib();
  return row;
}

std::string table(const std::vector<Row>& rows) {
  std::ostringstream s;
  char line[512];
  std::snprintf(line, sizeof line, "%-34s %6s %9s %9s %8s %8s %10s %10s %9s %9s %9s %9s %10s %8s %9s\n",
                "scenario", "reps", "ms/rep", "reps/s/c", "reps/s", "speedup", "Mevents/s", "eligible",
                "us/elig", "streams", "blocks", "draw ms", "eng/draw", "thr", "peakMiB");
  s << line;
  for (const Row& r : rows) {
    std::snprintf(
        line, sizeof line,
        "%-34s %6llu %9.3f %9.1f %8.1f %7.2fx %10.2f %10.0f %9.3f %9.0f %9.0f %9.4f %9.1fx %8u %9.1f\n",
        r.scenario.c_str(), static_cast<unsigned long long>(r.reps), r.per_rep1() * 1e3, r.reps_s1(),
        r.reps_sN(), r.speedup(), r.events_s1() / 1e6, r.eligible_mean, r.us_per_eligible(),
        r.streams_per_rep, r.blocks_per_rep, r.draw_s_per_rep * 1e3, r.ratio(), r.threads,
        static_cast<double>(r.rss_kib) / 1024.0);
    s << line;
  }
  if (rows.size() >= 2) {
    std::snprintf(line, sizeof line, "cost per eligible person, %s / %s: %.2fx\n", rows[1].scenario.c_str(),
                  rows[0].scenario.c_str(), rows[1].us_per_eligible() / rows[0].us_per_eligible());
    s << line;
  }
  s << "ms/rep, reps/s/c, Mevents/s, us/elig: 1 thread. reps/s, speedup: `thr` threads vs 1 (best of K).\n"
       "streams, blocks: RandomStreams that drew and their refills (4 words: two ARS-7 blocks) per "
       "replication.\n"
       "draw ms: bare generation of that pattern per replication. eng/draw = ms/rep / draw ms.\n"
       "peakMiB: process peak RSS after that scenario (cumulative over the rows above).\n";

  // Where the time goes, ms per replication on 1 thread.
  s << "\nper stage, ms per replication (1 thread):\n";
  for (const Row& r : rows) {
    s << r.scenario << ":";
    double staged = 0;
    for (std::size_t k = 0; k < eng::StageClock::kStages; ++k) {
      if (r.stages.names[k] == nullptr) continue;
      std::snprintf(line, sizeof line, "  %s %.4f", r.stages.names[k], r.stage_ms(k));
      s << line;
      staged += r.stage_ms(k);
    }
    if (r.process_s > 0) {
      const double output_ms = (r.process_s - r.wall1) / static_cast<double>(r.reps) * 1e3;
      std::snprintf(line, sizeof line,
                    "  output %.4f\n  whole `sibsim run` on 1 thread: %.1f reps/s (%.3f ms/rep)", output_ms,
                    r.process_reps_s(), r.process_s / static_cast<double>(r.reps) * 1e3);
      s << line;
    }
    std::snprintf(line, sizeof line, "  (stages sum to %.4f ms with their clocks on)\n", staged);
    s << line;
  }
  s << "output: whole `sibsim run -t 1 --no-report` of the same replications minus the engine's 1-thread\n"
       "time (start-up, scenario load, summaries, HDF5 file, checkpoint).\n";
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  double target_seconds = 1.5;
  int repeats = 3;
  unsigned threads = std::max(1U, std::thread::hardware_concurrency());
  std::string out_path = "benchmarks/results/bench_scenarios.txt";
  std::string sibsim =
      (std::filesystem::absolute(argv[0]).parent_path().parent_path() / "app" / "sibsim").string();
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--seconds" && i + 1 < argc) {
      target_seconds = std::strtod(argv[++i], nullptr);
    } else if (a == "--repeats" && i + 1 < argc) {
      repeats = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
    } else if (a == "--out" && i + 1 < argc) {
      out_path = argv[++i];
    } else if (a == "--sibsim" && i + 1 < argc) {
      sibsim = argv[++i];
    } else if (a.starts_with("--")) {
      std::cerr
          << "usage: " << argv[0]
          << " [--seconds S] [--repeats K] [--threads N] [--out FILE] [--sibsim PATH] [scenario.yaml ...]\n";
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) paths = {"scenarios/wnd-2016-actual.yaml", "benchmarks/national-all-leavers.yaml"};
  if (!std::filesystem::exists(sibsim)) {
    std::cerr << "no sibsim program at " << sibsim
              << " (--sibsim PATH): the whole-process column is left out\n";
    sibsim.clear();
  }

  try {
    std::vector<Row> rows;
    for (const auto& p : paths) {
      rows.push_back(bench(p, target_seconds, threads, repeats, sibsim));
      std::cerr << "done: " << p << "\n";
    }
    const std::string text = table(rows);
    std::cout << text;
    std::ofstream f(out_path);
    if (!f || !(f << text)) {
      std::cerr << "cannot write " << out_path << "\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
