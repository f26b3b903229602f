#include <oneapi/tbb/global_control.h>
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/progress.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/statistics.hpp"

using namespace sibsim::engine;

namespace {

// A cheap model with uneven work per replication (so TBB's scheduling really varies between
// runs), an undefined KPI in every 7th replication and the replication index as a KPI.
class ToyModel final : public ReplicationModel {
 public:
  std::vector<KpiInfo> kpis() const override {
    return {{"mean_exp", "1", "mean of a random number of Exp(1) draws", {}, {}},
            {"sometimes", "1", "standard normal, undefined when replication % 7 == 3", {}, {}},
            {"index", "1", "the replication index", {}, {}},
            {"draws", "1", "number of draws", {}, {}}};
  }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override {
    RandomStream s(seed, replication, 0, 1);
    const std::int64_t m = 1 + s.uniform_int(0, 3000);
    double sum = 0.0;
    for (std::int64_t i = 0; i < m; ++i) sum += s.exponential(1.0);
    out[0] = sum / static_cast<double>(m);
    out[1] = replication % 7 == 3 ? NAN : s.normal();
    out[2] = static_cast<double>(replication);
    out[3] = static_cast<double>(m);
  }
};

class FailingModel final : public ReplicationModel {
 public:
  std::vector<KpiInfo> kpis() const override { return {{"x", "1", "x", {}, {}}}; }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override {
    RandomStream s(seed, replication, 0, 0);
    double x = 0;
    for (int i = 0; i < 1000 * static_cast<int>(20 - replication % 20); ++i) x += s.uniform();
    if (replication == 9 || replication == 5) throw std::domain_error("boom");
    out[0] = x;
  }
};

struct Captured {
  RunResult result;
  std::vector<double> rows;
  std::vector<std::uint64_t> firsts;
};

Captured run(const ReplicationModel& model, const RunOptions& options) {
  Captured c;
  c.result = run_monte_carlo(model, options,
                             [&](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
                               CHECK(first == c.rows.size() / 4);  // contiguous, in order, each row once
                               CHECK(rows.size() == count * 4);
                               c.firsts.push_back(first);
                               c.rows.insert(c.rows.end(), rows.begin(), rows.end());
                             });
  return c;
}

std::vector<std::uint64_t> summary_bits(const RunResult& r) {
  std::vector<std::uint64_t> out;
  for (const KpiSummary& s : r.summary) {
    out.push_back(s.n);
    out.push_back(s.n_undefined);
    for (double x : {s.mean, s.sd, s.se, s.ci_low, s.ci_high, s.min, s.max, s.p5, s.p25, s.p50, s.p75, s.p95,
                     s.sum, s.sum_squares})
      out.push_back(std::bit_cast<std::uint64_t>(x));
  }
  return out;
}

std::vector<std::uint64_t> row_bits(const std::vector<double>& rows) {
  std::vector<std::uint64_t> out;
  for (double x : rows) out.push_back(std::bit_cast<std::uint64_t>(x));
  return out;
}

}  // namespace

TEST_CASE("fixed-N results are bit-identical for any thread count and batch size", "[runner]") {
  const ToyModel model;
  RunOptions base;
  base.seed = 77;
  base.replications = 600;
  base.threads = 1;
  const Captured reference = run(model, base);
  REQUIRE(reference.result.replications == 600);
  CHECK(reference.result.threads == 1);
  CHECK(reference.result.seed == 77);
  CHECK(reference.firsts == std::vector<std::uint64_t>{0, 256, 512});
  CHECK(reference.result.summary[1].n_undefined == 86);  // replications 3, 10, ..., 598
  CHECK(reference.result.summary[1].n == 514);
  for (std::size_t r = 0; r < 600; ++r) REQUIRE(reference.rows[r * 4 + 2] == static_cast<double>(r));

  for (unsigned threads : {1u, 2u, 0u}) {
    for (std::uint64_t batch :
         {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{256}, std::uint64_t{5000}}) {
      RunOptions o = base;
      o.threads = threads;
      o.batch_size = batch;
      INFO("threads=" << threads << " batch=" << batch);
      const Captured c = run(model, o);
      CHECK(summary_bits(c.result) == summary_bits(reference.result));
      CHECK(row_bits(c.rows) == row_bits(reference.rows));
    }
  }
  RunOptions two = base;
  two.threads = 2;
  CHECK(run_monte_carlo(model, two).threads == 2);
}

TEST_CASE("an enclosing tbb::global_control limit is reported, results unchanged", "[runner]") {
  const ToyModel model;
  RunOptions o;
  o.replications = 100;
  o.threads = 2;
  const RunResult free_run = run_monte_carlo(model, o);
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
  const RunResult limited = run_monte_carlo(model, o);
  CHECK(limited.threads == 1);
  CHECK(summary_bits(limited) == summary_bits(free_run));
}

TEST_CASE("the runner's summary is the one-pass summary of its rows", "[runner]") {
  const ToyModel model;
  RunOptions o;
  o.replications = 300;
  o.batch_size = 64;
  const Captured c = run(model, o);
  for (std::size_t k = 0; k < 4; ++k) {
    std::vector<double> column;
    for (std::size_t r = 0; r < 300; ++r) column.push_back(c.rows[r * 4 + k]);
    const KpiSummary s = summarize(column);
    CHECK(std::bit_cast<std::uint64_t>(s.mean) == std::bit_cast<std::uint64_t>(c.result.summary[k].mean));
    CHECK(std::bit_cast<std::uint64_t>(s.p50) == std::bit_cast<std::uint64_t>(c.result.summary[k].p50));
    CHECK(s.n_undefined == c.result.summary[k].n_undefined);
  }
  CHECK(c.result.wall_seconds > 0.0);
}

TEST_CASE("a precision target stops at a batch boundary, the same on any thread count", "[runner]") {
  const ToyModel model;
  RunOptions o;
  o.seed = 5;
  o.replications = 100;  // first stage
  o.batch_size = 50;
  o.threads = 1;
  o.target = PrecisionTarget{0, 0.004, 100'000};
  const Captured one = run(model, o);
  const RunResult& r = one.result;
  CHECK(r.target_reached);
  CHECK(r.replications > 100);  // the first stage alone is not precise enough
  CHECK(r.replications % 50 == 0);
  const double half = r.summary[0].ci_high - r.summary[0].mean;
  CHECK(half <= 0.004);
  // One batch earlier the target was not met (so the runner did not run on needlessly).
  RunningStats earlier;
  for (std::uint64_t i = 0; i + 50 < r.replications; ++i) earlier.add(one.rows[i * 4]);
  CHECK(earlier.ci_half_width() > 0.004);

  o.threads = 2;
  const Captured two = run(model, o);
  CHECK(two.result.replications == r.replications);
  CHECK(summary_bits(two.result) == summary_bits(r));
  CHECK(row_bits(two.rows) == row_bits(one.rows));

  // An unreachable target stops at max_replications and says so.
  o.target = PrecisionTarget{0, 1e-9, 230};
  const RunResult capped = run_monte_carlo(model, o);
  CHECK_FALSE(capped.target_reached);
  CHECK(capped.replications == 230);
}

TEST_CASE("bad run options are rejected with a clear message", "[runner]") {
  const ToyModel model;
  auto fails_with = [&](RunOptions o, const std::string& text) {
    INFO("expected message containing: " << text);
    CHECK_THROWS_WITH(run_monte_carlo(model, o), Catch::Contains(text));
    CHECK_THROWS_AS(run_monte_carlo(model, o), std::invalid_argument);
  };
  RunOptions o;
  o.replications = 0;
  fails_with(o, "replications must be at least 1");
  o = {};
  o.replications = 2'000'000'000;
  fails_with(o, "replications=2000000000 exceeds the limit of 1000000000");
  o = {};
  o.batch_size = 0;
  fails_with(o, "batch_size must be at least 1");
  o = {};
  o.threads = 100000;
  fails_with(o, "threads=100000");
  o = {};
  o.target = PrecisionTarget{4, 0.1, 1000};
  fails_with(o, "KPI index 4 is out of range (the model has 4 KPIs");
  o.target = PrecisionTarget{0, 0.0, 1000};
  fails_with(o, "half_width must be a positive finite number");
  o.target = PrecisionTarget{0, NAN, 1000};
  fails_with(o, "half_width must be a positive finite number");
  o.target = PrecisionTarget{0, 0.1, 10};
  fails_with(o, "max_replications=10 is below the first-stage replications=1000");
  o.target = PrecisionTarget{0, 0.1, 5'000'000'000};
  fails_with(o, "max_replications=5000000000 exceeds the limit");
}

TEST_CASE("a failing replication is reported with its index, the lowest on any thread count", "[runner]") {
  const FailingModel model;
  for (unsigned threads : {1u, 2u}) {
    RunOptions o;
    o.replications = 40;
    o.batch_size = 4;  // replications 0-3 succeed and reach the sink; 4-7 contain the failure
    o.threads = threads;
    std::uint64_t delivered = 0;
    try {
      run_monte_carlo(
          model, o, [&](std::uint64_t, std::uint64_t count, std::span<const double>) { delivered += count; });
      FAIL("no exception");
    } catch (const ReplicationError& e) {
      CHECK(e.replication() == 5);
      CHECK(e.seed() == 1);
      CHECK_THAT(e.what(), Catch::Contains("replication 5 (seed 1) failed: boom"));
      CHECK_THROWS_AS(std::rethrow_if_nested(e), std::domain_error);
    }
    CHECK(delivered == 4);
  }
}

TEST_CASE("the progress bar stays silent off a terminal and formats its line", "[runner]") {
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  {
    ProgressBar bar(100, true, file, 0.0);
    CHECK_FALSE(bar.active());  // a regular file is not a terminal
    bar.update(50);
    bar.finish();
  }
  CHECK(std::ftell(file) == 0);
  std::fclose(file);

  const std::string line = ProgressBar::format_line(4500, 10000, 3.75);
  CHECK_THAT(line, Catch::Contains("4500/10000"));
  CHECK_THAT(line, Catch::Contains("45.0%"));
  CHECK_THAT(line, Catch::Contains("1.20k rep/s"));
  CHECK_THAT(line, Catch::Contains("ETA 0:05"));  // 5500 left at 1200/s = 4.6 s
  CHECK_THAT(line, Catch::StartsWith("[##########.............."));
  CHECK_THAT(ProgressBar::format_line(7, 0, 2.0, "CI 0.1"), Catch::Contains("7 done  3.5 rep/s  CI 0.1"));
}

TEST_CASE("resuming from any batch boundary gives bit-identical results", "[runner][resume]") {
  const ToyModel model;
  RunOptions o;
  o.seed = 11;
  o.replications = 230;  // the last batch is partial
  o.batch_size = 50;
  o.threads = 2;
  const Captured full = run(model, o);
  for (std::uint64_t resumed : {0U, 50U, 100U, 200U, 230U}) {
    INFO("resumed after " << resumed << " replications");
    RunOptions r = o;
    r.threads = 1;
    r.resume_rows = std::span<const double>(full.rows.data(), resumed * 4);
    std::vector<double> rows(full.rows.begin(), full.rows.begin() + static_cast<std::ptrdiff_t>(resumed * 4));
    const RunResult res = run_monte_carlo(model, r, [&](std::uint64_t first, std::uint64_t count, auto span) {
      CHECK(first == rows.size() / 4);  // the sink sees only the new rows, continuing the old ones
      CHECK(span.size() == count * 4);
      rows.insert(rows.end(), span.begin(), span.end());
    });
    CHECK(res.replications == 230);
    CHECK(summary_bits(res) == summary_bits(full.result));
    CHECK(row_bits(rows) == row_bits(full.rows));
  }

  // With a precision target the stop decisions are the same, including one right at the resume point.
  o.replications = 100;
  o.target = PrecisionTarget{0, 0.004, 100'000};
  const Captured target = run(model, o);
  REQUIRE(target.result.target_reached);
  for (std::uint64_t resumed :
       {std::uint64_t{50}, target.result.replications - 50, target.result.replications}) {
    INFO("resumed after " << resumed << " replications");
    RunOptions r = o;
    r.resume_rows = std::span<const double>(target.rows.data(), resumed * 4);
    const RunResult res = run_monte_carlo(model, r);
    CHECK(res.target_reached);
    CHECK(res.replications == target.result.replications);
    CHECK(summary_bits(res) == summary_bits(target.result));
  }

  // Not a batch boundary, or a ragged row: rejected.
  RunOptions bad = o;
  bad.target.reset();
  bad.resume_rows = std::span<const double>(full.rows.data(), 30 * 4);
  CHECK_THROWS_WITH(run_monte_carlo(model, bad), Catch::Contains("batch boundary"));
  bad.resume_rows = std::span<const double>(full.rows.data(), 50 * 4 + 1);
  CHECK_THROWS_WITH(run_monte_carlo(model, bad), Catch::Contains("not a multiple"));
}
