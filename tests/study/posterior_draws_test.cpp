// `--posterior CAL.h5` (study/src/posterior_draws.hpp): reading a calibration's particles, the
// particle each replication draws (by weight, from seed and replication alone), exact equality
// with the plain scenario for a one-particle posterior, thread invariance, common particles across
// scenarios, and the split of a KPI's spread into parameter uncertainty and Monte Carlo noise.
// Calibration files are written here with output::ResultsWriter (write_calibration below).

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "posterior_draws.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/scenarios/document.hpp"
#include "test_plugins.hpp"

using namespace sibsim;
using namespace sibsim::study;

namespace {

struct CalParam {
  std::string path;
  std::string kind = "number";
};

// A minimal calibration results file: /parameters (path, kind) and /posterior (one column per
// parameter, weight, distance), kind "calibration".
void write_calibration(const std::filesystem::path& path, const std::string& model,
                       const std::vector<CalParam>& params, const std::vector<std::vector<double>>& rows,
                       const std::vector<double>& weights,
                       const std::string& kind = output::kKindCalibration) {
  output::RunMeta meta;
  meta.kind = kind;
  meta.model = model;
  meta.scenario_name = "test";
  output::ResultsWriter w(path, meta);
  output::Table p;
  std::vector<std::string> paths, kinds;
  for (const CalParam& c : params) {
    paths.push_back(c.path);
    kinds.push_back(c.kind);
  }
  p.columns = {{"path", "", "", paths}, {"kind", "", "", kinds}};
  w.write_table("/parameters", p);
  output::Table post;
  for (std::size_t j = 0; j < params.size(); ++j) {
    std::vector<double> v;
    v.reserve(rows.size());
    for (const auto& r : rows) v.push_back(r[j]);
    post.columns.push_back({params[j].path, "", "", v});
  }
  post.columns.push_back({"weight", "", "", weights});
  post.columns.push_back({"distance", "", "", std::vector<double>(weights.size(), 0.0)});
  w.write_table("/posterior", post);
  w.commit();
}

std::filesystem::path temp_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("sibsim-posterior-test-" + name + ".h5");
}

std::string mmc_text(const std::string& arrival = "4.0", const std::string& servers = "4") {
  return "model: mmc\nname: q\nmmc:\n  arrival_rate: " + arrival +
         "\n  service_rate: 1.25\n  servers: " + servers + "\n  warmup_days: 20\n  run_length_days: 100\n";
}

scenarios::Document mmc_doc(const std::string& arrival = "4.0", const std::string& servers = "4") {
  return scenarios::Document::from_string(mmc_text(arrival, servers), "q.yaml");
}

// Every replication's row of a run (row-major).
std::vector<double> all_rows(const engine::ReplicationModel& model, std::uint64_t reps, unsigned threads,
                             std::uint64_t seed = 7) {
  engine::RunOptions opt;
  opt.seed = seed;
  opt.replications = reps;
  opt.threads = threads;
  opt.batch_size = 64;
  std::vector<double> rows;
  engine::run_monte_carlo(model, opt, [&](std::uint64_t, std::uint64_t, std::span<const double> r) {
    rows.insert(rows.end(), r.begin(), r.end());
  });
  return rows;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}

std::shared_ptr<const Posterior> posterior(const std::filesystem::path& f) {
  return std::make_shared<const Posterior>(read_posterior(f));
}

const models::ModelPlugin& mmc_plugin() { return *test::test_plugins().find("mmc"); }
const models::ModelPlugin& sib_plugin() { return *test::test_plugins().find("sib"); }

std::size_t kpi_index(const engine::ReplicationModel& m, const std::string& name) {
  const auto k = m.kpis();
  for (std::size_t i = 0; i < k.size(); ++i)
    if (k[i].name == name) return i;
  FAIL("no KPI " << name);
  return 0;
}

}  // namespace

TEST_CASE("a calibration file is read: parameters, particles, weights, hash", "[study][posterior]") {
  const auto f = temp_file("read");
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}, {"mmc.servers", "integer"}}, {{3.5, 4.2}, {4.5, 5.0}},
                    {0.25, 0.75});
  const Posterior p = read_posterior(f);
  REQUIRE(p.parameters.size() == 2);
  CHECK(p.parameters[1].integer);
  CHECK(p.model == "mmc");
  CHECK(p.weights == std::vector<double>{0.25, 0.75});
  CHECK(p.calibrates("mmc.servers"));
  CHECK_FALSE(p.calibrates("mmc.service_rate"));
  const auto o = p.overrides(0);
  CHECK(o[0].yaml_value == "3.5");
  CHECK(o[1].yaml_value == "4");  // integers rounded
  CHECK(p.hash_hex().size() == 16);
  // The hash follows the values.
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}, {"mmc.servers", "integer"}}, {{3.5, 4.2}, {4.5, 6.0}},
                    {0.25, 0.75});
  CHECK(read_posterior(f).hash != p.hash);
  std::filesystem::remove(f);
}

TEST_CASE("refusals: not a calibration, no such key, calibrated keys set elsewhere", "[study][posterior]") {
  const auto f = temp_file("refuse");
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{3.0}}, {1.0}, output::kKindRun);
  CHECK_THROWS_WITH(read_posterior(f), Catch::Contains("is not a calibration results file (kind run)"));
  write_calibration(f, "mmc", {{"mmc.arival_rate"}}, {{3.0}}, {1.0});
  const auto p = posterior(f);
  CHECK_THROWS_WITH(PosteriorModel(p, mmc_plugin(), mmc_doc()),
                    Catch::Contains("mmc.arival_rate") && Catch::Contains(f.string()));
  CHECK_THROWS_WITH(
      refuse_calibrated(*p, "mmc.arival_rate", "the sweep"),
      Catch::Contains("the sweep sets mmc.arival_rate, which --posterior draws from the calibration"));
  CHECK_NOTHROW(refuse_calibrated(*p, "mmc.servers", "the sweep"));
  // compare: a variant may change other keys, or write the same value differently.
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{3.0}}, {1.0});
  const auto q = posterior(f);
  CHECK_NOTHROW(refuse_changed_calibrated_keys(*q, mmc_doc("4.0"), mmc_doc("4.00", "5"), "v.yaml"));
  CHECK_THROWS_WITH(refuse_changed_calibrated_keys(*q, mmc_doc("4.0"), mmc_doc("4.5"), "v.yaml"),
                    Catch::Contains("variant v.yaml changes key mmc.arrival_rate, which --posterior draws"));
  // Another model's calibration.
  write_calibration(f, "sib", {{"mmc.arrival_rate"}}, {{3.0}}, {1.0});
  CHECK_THROWS_WITH(PosteriorModel(posterior(f), mmc_plugin(), mmc_doc()),
                    Catch::Contains("calibrates a sib"));
  // No particle of positive weight.
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{3.0}}, {0.0});
  CHECK_THROWS_WITH(read_posterior(f), Catch::Contains("no particle of positive weight"));
  std::filesystem::remove(f);
}

TEST_CASE("one particle of weight 1 gives the plain scenario with its values, bit for bit",
          "[study][posterior]") {
  const auto f = temp_file("one");
  SECTION("M/M/c") {
    write_calibration(f, "mmc", {{"mmc.arrival_rate"}, {"mmc.servers", "integer"}}, {{3.3, 5.0}}, {1.0});
    const PosteriorModel m(posterior(f), mmc_plugin(), mmc_doc());
    const auto plain = mmc_plugin().load(mmc_doc("3.3", "5"));
    CHECK(same_bits(all_rows(m, 300, 2), all_rows(plain->model(), 300, 2)));
    CHECK(m.particles_loaded() == 1);
  }
  SECTION("SIB") {
    const std::string sc = std::string(SIBSIM_SCENARIO_DIR) + "/wnd-2016-actual.yaml";
    write_calibration(f, "sib",
                      {{"recruitment.change_of_mind_rate"}, {"recruitment.approach_window_days", "integer"}},
                      {{0.21, 75.4}}, {1.0});
    const auto doc = scenarios::Document::from_file(sc);
    const PosteriorModel m(posterior(f), sib_plugin(), doc);
    const std::vector<scenarios::Override> o{{"recruitment.change_of_mind_rate", "0.21", {}},
                                             {"recruitment.approach_window_days", "75", {}}};
    const auto plain = sib_plugin().load(doc.with_overrides(o));
    const auto base = sib_plugin().load(doc);
    const auto rows = all_rows(m, 16, 2);
    CHECK(same_bits(rows, all_rows(plain->model(), 16, 2)));
    CHECK_FALSE(same_bits(rows, all_rows(base->model(), 16, 2)));  // the values did change something
  }
  std::filesystem::remove(f);
}

TEST_CASE("particles are drawn by weight from (seed, replication) alone", "[study][posterior]") {
  const auto f = temp_file("two");
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{2.0}, {6.0}}, {0.3, 0.7});
  const auto p = posterior(f);
  // Share of particle 1 in 20,000 draws: 0.7 +- 3.29 sd (binomial, 99.9 %).
  const std::uint64_t n = 20000;
  std::uint64_t ones = 0;
  for (std::uint64_t r = 0; r < n; ++r) ones += p->particle_of(11, r);
  const double half = 3.29 * std::sqrt(0.7 * 0.3 / static_cast<double>(n));
  CHECK(std::abs(static_cast<double>(ones) / static_cast<double>(n) - 0.7) < half);

  // The model runs the particle drawn: replication r equals the plain scenario at that particle's
  // value, and -t 1 and -t 2 give the same rows.
  const PosteriorModel m(p, mmc_plugin(), mmc_doc());
  const auto rows1 = all_rows(m, 400, 1, 11);
  CHECK(same_bits(rows1, all_rows(m, 400, 2, 11)));
  CHECK(m.particles_loaded() == 2);
  const auto low = mmc_plugin().load(mmc_doc("2", "4")), high = mmc_plugin().load(mmc_doc("6", "4"));
  const std::size_t width = m.kpis().size();
  std::vector<double> expect(width);
  for (std::uint64_t r = 0; r < 400; r += 37) {
    (p->particle_of(11, r) == 1 ? *high : *low).model().run_replication(11, r, expect);
    CHECK(same_bits(std::vector<double>(rows1.begin() + static_cast<std::ptrdiff_t>(r * width),
                                        rows1.begin() + static_cast<std::ptrdiff_t>((r + 1) * width)),
                    expect));
  }
  std::filesystem::remove(f);
}

TEST_CASE("compared scenarios draw the same particle in each replication", "[study][posterior]") {
  const auto f = temp_file("crn");
  write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{2.0}, {3.0}, {4.5}}, {0.2, 0.5, 0.3});
  const auto p = posterior(f);
  const PosteriorModel base(p, mmc_plugin(), mmc_doc("4.0", "4"));
  const PosteriorModel variant(p, mmc_plugin(), mmc_doc("4.0", "5"));
  const std::size_t width = base.kpis().size();
  std::vector<double> got(width), expect(width);
  const std::vector<std::string> rates{"2", "3", "4.5"};
  for (std::uint64_t r = 0; r < 60; ++r) {
    const std::size_t i = p->particle_of(3, r);
    variant.run_replication(3, r, got);
    mmc_plugin().load(mmc_doc(rates[i], "5"))->model().run_replication(3, r, expect);
    CHECK(same_bits(got, expect));
    base.run_replication(3, r, got);
    mmc_plugin().load(mmc_doc(rates[i], "4"))->model().run_replication(3, r, expect);
    CHECK(same_bits(got, expect));
  }
  std::filesystem::remove(f);
}

TEST_CASE("the spread split: known components, strongly different and identical particles",
          "[study][posterior]") {
  const auto f = temp_file("spread");
  SECTION("synthetic rows: between variance 1, within variance 1") {
    // Particle means 0 and 2 with weights 1/2: Var(E[Y|p]) = 1/4 * 2^2 = 1; noise sd 1. Share 0.5;
    // its sd at 20,000 replications is about 0.004, so 0.02 is 5 sd.
    write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{1.0}, {2.0}}, {0.5, 0.5});
    const auto p = posterior(f);
    PosteriorSpread spread(*p, 5, 2);
    std::vector<double> rows;
    const std::uint64_t n = 20000;
    for (std::uint64_t r = 0; r < n; ++r) {
      engine::RandomStream rng(99, r, 0, 0);
      rows.push_back(2.0 * static_cast<double>(p->particle_of(5, r)) + rng.normal());
      rows.push_back(r % 3 == 0 ? std::nan("") : 1.0);  // a constant KPI, sometimes undefined
    }
    spread.add(0, n / 2, std::span(rows).first(n));  // in two batches
    spread.add(n / 2, n / 2, std::span(rows).subspan(n));
    const auto s = spread.split(0);
    CHECK(s.parameter_share == Approx(0.5).margin(0.02));
    CHECK(s.sd_monte_carlo == Approx(1.0).margin(0.03));
    CHECK(s.sd_parameter == Approx(1.0).margin(0.03));
    CHECK(s.mean == Approx(1.0).margin(0.05));
    CHECK(s.particles_used == 2);
    CHECK(s.n == n);
    const auto c = spread.split(1);
    CHECK(std::isnan(c.parameter_share));  // no spread at all
    CHECK(c.n == n - (n + 2) / 3);
  }
  SECTION("M/M/c: arrival rates far apart, or identical") {
    const std::uint64_t n = 1000;
    const auto share_of = [&](double a, double b) {
      write_calibration(f, "mmc", {{"mmc.arrival_rate"}}, {{a}, {b}}, {0.5, 0.5});
      const auto p = posterior(f);
      const PosteriorModel m(p, mmc_plugin(), mmc_doc());
      PosteriorSpread spread(*p, 7, m.kpis().size());
      const auto rows = all_rows(m, n, 2, 7);
      spread.add(0, n, rows);
      const output::Table t = spread.table(m.kpis());
      CHECK(t.rows() == m.kpis().size());
      return spread.split(kpi_index(m, "served"));
    };
    // 2 vs 4.5 customers a day over 100 days: 200 vs 450 served, Poisson noise sd ~ 20.
    const auto far = share_of(2.0, 4.5);
    CHECK(far.parameter_share > 0.9);
    CHECK(far.particles_used == 2);
    // Identical particles: SSB / MSW ~ F(1, n - 2), so the share exceeds (F_0.999 - 1) / n ~ 10 / n
    // with probability 0.001.
    const auto same = share_of(3.0, 3.0);
    CHECK(same.parameter_share >= 0.0);
    CHECK(same.parameter_share < 11.0 / static_cast<double>(n));
  }
  std::filesystem::remove(f);
}
