#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <fstream>

#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;

namespace {

// Bitwise equality: exact, and NaN equals NaN.
bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void check_same_summary(const engine::KpiSummary& a, const engine::KpiSummary& b) {
  CHECK(a.n == b.n);
  CHECK(a.n_undefined == b.n_undefined);
  for (const auto m : {&engine::KpiSummary::mean, &engine::KpiSummary::sd, &engine::KpiSummary::se,
                       &engine::KpiSummary::ci_low, &engine::KpiSummary::ci_high, &engine::KpiSummary::min,
                       &engine::KpiSummary::p5, &engine::KpiSummary::p25, &engine::KpiSummary::p50,
                       &engine::KpiSummary::p75, &engine::KpiSummary::p95, &engine::KpiSummary::max,
                       &engine::KpiSummary::sum, &engine::KpiSummary::sum_squares}) {
    CHECK(same(a.*m, b.*m));
  }
}

}  // namespace

TEST_CASE("a results file written in batches reads back exactly", "[output][hdf5]") {
  const TestDir dir("roundtrip");
  const auto run = make_synthetic_run();
  const auto path = dir / "results.h5";
  write_synthetic(run, path);
  CHECK(dir.entries() == std::vector<std::string>{"results.h5"});

  SECTION("summary") {
    const auto r = read_summary(path);
    REQUIRE(r.kpis.size() == 3);
    REQUIRE(r.summary.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(r.kpis[i].name == run.result.kpis[i].name);
      CHECK(r.kpis[i].unit == run.result.kpis[i].unit);
      CHECK(r.kpis[i].description == run.result.kpis[i].description);
      check_same_summary(r.summary[i], run.result.summary[i]);
    }
    CHECK(r.summary[2].n_undefined == 11);  // replications 0, 97, ..., 970
    CHECK(r.replications == kReplications);
    CHECK(r.seed == kSeed);
    CHECK(r.threads == 2);
    CHECK(r.wall_seconds == 1.25);
    CHECK_FALSE(r.target_reached);
  }

  SECTION("metadata") {
    const auto m = read_meta(path);
    CHECK(m.format_version == std::array<int, 2>{kFormatMajor, kFormatMinor});
    CHECK(m.creation_time.size() == 20);
    CHECK(m.creation_time.back() == 'Z');
    CHECK(m.replications == kReplications);
    const auto& a = m.run;
    const auto& b = run.meta;
    CHECK(a.program_version == b.program_version);
    CHECK(a.git_commit == b.git_commit);
    CHECK(a.rng_recipe == b.rng_recipe);
    CHECK(a.rng_recipe_version == b.rng_recipe_version);
    CHECK(a.seed == b.seed);
    CHECK(a.replications_requested == b.replications_requested);
    CHECK(a.threads == b.threads);
    CHECK(a.scenario_name == b.scenario_name);
    CHECK(a.model == "synthetic");
    CHECK(a.scenario_description == b.scenario_description);
    CHECK(a.kind == "run");
    CHECK(a.scenario_yaml_given == b.scenario_yaml_given);
    CHECK(a.scenario_yaml_resolved == b.scenario_yaml_resolved);
    CHECK(a.start_time == b.start_time);
    CHECK(a.end_time == b.end_time);
    CHECK(a.host == b.host);
    CHECK(a.command_line == b.command_line);
  }

  SECTION("the KPI catalogue: /kpis, written by commit() from the summary's KPIs") {
    const auto kpis = read_kpis(path);
    REQUIRE(kpis.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CAPTURE(i);
      CHECK(kpis[i].name == run.result.kpis[i].name);
      CHECK(kpis[i].unit == run.result.kpis[i].unit);
      CHECK(kpis[i].description == run.result.kpis[i].description);
      CHECK(kpis[i].label == run.result.kpis[i].label);
      CHECK(kpis[i].groups == run.result.kpis[i].groups);
    }
    CHECK(has_object(path, "/kpis"));
  }

  SECTION("replications stream back in blocks") {
    std::vector<double> rows;
    std::vector<std::uint64_t> counts;
    std::uint64_t expected_first = 0;
    const auto info = read_replications(
        path,
        [&](std::uint64_t first, std::uint64_t count, std::span<const double> block) {
          CHECK(first == expected_first);
          CHECK(block.size() == count * 3);
          expected_first += count;
          counts.push_back(count);
          rows.insert(rows.end(), block.begin(), block.end());
        },
        300);
    CHECK(info.present);
    CHECK(info.rows == kReplications);
    REQUIRE(info.kpis.size() == 3);
    CHECK(info.kpis[2].name == "dropout_share");
    CHECK(info.kpis[2].unit == "fraction");
    CHECK(info.kpis[2].description == run.result.kpis[2].description);
    CHECK(counts == std::vector<std::uint64_t>{300, 300, 300, 100});
    REQUIRE(rows.size() == run.rows.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!same(rows[i], run.rows[i])) ++mismatches;
    }
    CHECK(mismatches == 0);
    CHECK(std::isnan(rows[2]));  // replication 0's dropout_share
  }

  SECTION("time series and funnel") {
    CHECK(list_timeseries(path) == std::vector<std::string>{"cumulative_starters"});
    const auto s = read_timeseries(path, "cumulative_starters");
    CHECK(s.name == run.series.name);
    CHECK(s.unit == run.series.unit);
    CHECK(s.description == run.series.description);
    CHECK(s.time == run.series.time);
    CHECK(s.bands == run.series.bands);
    const auto f = read_funnel(path);
    CHECK(f.stages == run.funnel.stages);
    CHECK(f.reasons == run.funnel.reasons);
  }
}

TEST_CASE("optional parts: day axis, empty funnel list, no replications", "[output][hdf5]") {
  const TestDir dir("optional");
  const auto path = dir / "r.h5";
  RunMeta meta;
  meta.seed = 7;
  {
    ResultsWriter w(path, meta);
    const std::vector<double> days{0.0, 30.5, 61.0};
    const std::vector<QuantileBand> bands{{1, 2, 3, 4, 5, 3}, {2, 3, 4, 5, 6, 4}, {3, 4, 5, 6, 7, 5.5}};
    w.write_timeseries("queue_length", days, bands, "persons", "People waiting");
    w.write_timeseries("b_series", std::vector<std::string>{}, std::span<const QuantileBand>{});
    w.write_funnel(std::vector<FunnelCount>{{"eligible", 10, 10.5}}, {});
    w.commit();
  }
  CHECK(list_timeseries(path) == std::vector<std::string>{"b_series", "queue_length"});
  const auto s = read_timeseries(path, "queue_length");
  CHECK(std::get<std::vector<double>>(s.time) == std::vector<double>{0.0, 30.5, 61.0});
  CHECK(s.bands[2] == QuantileBand{3, 4, 5, 6, 7, 5.5});
  CHECK(std::get<std::vector<std::string>>(read_timeseries(path, "b_series").time).empty());
  const auto f = read_funnel(path);
  CHECK(f.stages.size() == 1);
  CHECK(f.reasons.empty());
  const auto info = read_replications_info(path);
  CHECK_FALSE(info.present);
  CHECK(read_meta(path).replications == 0);
  CHECK(read_meta(path).run.command_line.empty());
  CHECK(read_meta(path).run.end_time.size() == 20);  // filled in by commit()
  CHECK_THROWS_WITH(read_summary(path), Contains("no /summary"));
  CHECK_THROWS_WITH(read_timeseries(path, "nope"), Contains("no such time series"));
}

TEST_CASE("/kpis: written explicitly, refused when bad, and derived for older files", "[output][hdf5]") {
  const TestDir dir("kpis");
  RunMeta meta;
  meta.kind = kKindSweep;
  meta.model = "mmc";
  const std::vector<engine::KpiInfo> catalogue = {
      {"wait", "hours", "mean waiting time", "waiting time", {"headline", "trade_off"}},
      {"served", "persons", "customers served", "", {}},
  };
  {
    ResultsWriter w(dir / "sweep.h5", meta);
    const std::vector<engine::KpiInfo> empty_group = {{"x", "", "", "", {""}}};
    const std::vector<engine::KpiInfo> separator = {{"x", "", "", "", {"a;b"}}};
    const std::vector<engine::KpiInfo> duplicate = {{"x", "", "", "", {}}, {"x", "", "", "", {}}};
    CHECK_THROWS_WITH(w.write_kpis(empty_group), Contains("'x'") && Contains("empty or holds ';'"));
    CHECK_THROWS_WITH(w.write_kpis(separator), Contains("a;b"));
    CHECK_THROWS_WITH(w.write_kpis(duplicate), Contains("duplicate name 'x'"));
    w.write_kpis(catalogue);  // the refusals left the writer usable
    CHECK_THROWS_AS(w.write_kpis(catalogue), std::logic_error);
    Table t;
    t.columns.push_back({"a", "", "", std::vector<double>{1}});
    CHECK_THROWS_WITH(w.write_table("/kpis", t), Contains("reserved"));
    w.commit();
  }
  const auto kpis = read_kpis(dir / "sweep.h5");
  REQUIRE(kpis.size() == 2);
  CHECK(kpis[0].name == "wait");
  CHECK(kpis[0].unit == "hours");
  CHECK(kpis[0].label == "waiting time");
  CHECK(kpis[0].groups == std::vector<std::string>{"headline", "trade_off"});
  CHECK(kpis[1].label.empty());
  CHECK(kpis[1].groups.empty());
  CHECK(read_meta(dir / "sweep.h5").run.model == "mmc");

  // Without a summary or replications, commit() writes no /kpis; read_kpis finds none.
  { ResultsWriter(dir / "bare.h5", RunMeta{}).commit(); }
  CHECK_FALSE(has_object(dir / "bare.h5", "/kpis"));
  CHECK(read_kpis(dir / "bare.h5").empty());
  CHECK(read_meta(dir / "bare.h5").run.model.empty());

  // Replications only: the catalogue of begin_replications.
  {
    ResultsWriter w(dir / "reps.h5", RunMeta{});
    w.begin_replications(catalogue);
    w.commit();
  }
  CHECK(read_kpis(dir / "reps.h5")[0].groups == catalogue[0].groups);
}

TEST_CASE("reading a missing or foreign file names the file and the problem", "[output][hdf5]") {
  const TestDir dir("foreign");
  CHECK_THROWS_WITH(read_summary(dir / "absent.h5"), Contains("absent.h5") && Contains("does not exist"));
  { std::ofstream(dir / "text.h5") << "not hdf5\n"; }
  CHECK_THROWS_WITH(read_meta(dir / "text.h5"), Contains("text.h5") && Contains("not an HDF5 file"));

  // A cut-off copy of a good file: the library's own reason is passed on.
  write_synthetic(make_synthetic_run(), dir / "good.h5");
  std::filesystem::copy_file(dir / "good.h5", dir / "cut.h5");
  std::filesystem::resize_file(dir / "cut.h5", 3000);
  CHECK_THROWS_WITH(read_summary(dir / "cut.h5"), Contains("cut.h5") && Contains("truncated file"));
}
