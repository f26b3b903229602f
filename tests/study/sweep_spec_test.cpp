// Sweep files: the shipped examples (scenarios/sweeps/) and fixtures (tests/data/sweeps/) load,
// give the expected design points in the documented order, and every point loads as a scenario.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "data_dir.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/scenario.hpp"
using sibsim::models::sib::load_sib_scenario;
#include "sibsim/study/sweep_spec.hpp"
#include "test_plugins.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::study;
using namespace sibsim::scenarios::test;

namespace {

std::string shipped(const std::string& name) { return data_dir() + "/../../scenarios/sweeps/" + name; }
std::string fixture(const std::string& name) { return data_dir() + "/sweeps/" + name; }

double days(const char* date) {
  return static_cast<double>(sibsim::engine::to_days(*sibsim::engine::parse_date(date)));
}

// Loads every point of the design as a scenario; returns the number of points.
std::size_t load_all_points(const SweepSpec& spec) {
  const std::vector<SweepPoint> points = sweep_design(spec);
  for (std::size_t i = 0; i < points.size(); ++i) {
    INFO(spec.file << " point " << i << " (" << points[i].role << ")");
    REQUIRE(points[i].values.size() == spec.parameters.size());
    REQUIRE(points[i].numeric.size() == spec.parameters.size());
    REQUIRE_NOTHROW(
        sibsim::study::test::test_plugins().load(spec.base.with_overrides(point_overrides(spec, points[i]))));
  }
  return points.size();
}

}  // namespace

TEST_CASE("every shipped sweep loads and every design point is a valid scenario", "[scenarios][sweep]") {
  const std::vector<std::pair<std::string, std::size_t>> expected = {{"recruitment-and-criteria.yaml", 12},
                                                                     {"sobol-contract.yaml", 64 * (4 + 2)},
                                                                     {"oat-funnel.yaml", 1 + 2 * 5},
                                                                     {"mmc-servers.yaml", 3},
                                                                     {"care-as-usual.yaml", 5},
                                                                     {"contract-hours.yaml", 5}};
  std::set<std::string> listed;
  for (const auto& [name, count] : expected) {
    DYNAMIC_SECTION(name) {
      const SweepSpec spec = load_sweep_spec(shipped(name), sibsim::study::test::test_plugins());
      CHECK(sweep_design(spec).size() == count);
      CHECK(load_all_points(spec) == count);
    }
    listed.insert(name);
  }
  std::set<std::string> found;
  for (const auto& e : std::filesystem::directory_iterator(data_dir() + "/../../scenarios/sweeps"))
    found.insert(e.path().filename().string());
  CHECK(found == listed);  // a new example must be added above
}

TEST_CASE("grid: full factorial with the last parameter varying fastest", "[scenarios][sweep]") {
  const SweepSpec spec =
      load_sweep_spec(shipped("recruitment-and-criteria.yaml"), sibsim::study::test::test_plugins());
  CHECK(spec.design == "grid");
  CHECK(spec.replications == 200);
  CHECK(spec.seed == 1);
  CHECK(spec.points == 0);
  CHECK(spec.kpis.size() == 5);
  CHECK(spec.text.find("design: grid") != std::string::npos);
  REQUIRE(spec.parameters.size() == 3);
  CHECK(spec.parameters[0].kind == ParamKind::date);
  CHECK(spec.parameters[1].kind == ParamKind::date);  // with a null value (never dropped)
  CHECK(spec.parameters[1].is_null(1));
  CHECK(spec.parameters[2].kind == ParamKind::integer);
  CHECK(spec.parameters[0].base_value == "2017-08-01");  // the base scenario's value
  CHECK(spec.parameters[2].base_value == "1497");
  CHECK(spec.parameters[0].where.file == shipped("recruitment-and-criteria.yaml"));
  CHECK(spec.parameters[0].where.line == 10);

  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 12);
  using V = std::vector<std::string>;
  CHECK(p[0].values == V{"2017-02-01", "2016-09-01", "1200"});
  CHECK(p[1].values == V{"2017-02-01", "2016-09-01", "1800"});
  CHECK(p[2].values == V{"2017-02-01", "null", "1200"});
  CHECK(p[4].values == V{"2017-08-01", "2016-09-01", "1200"});
  CHECK(p[11].values == V{"2018-02-01", "null", "1800"});
  CHECK(p[0].numeric == std::vector<double>{days("2017-02-01"), days("2016-09-01"), 1200.0});
  CHECK(std::isnan(p[3].numeric[1]));
  for (const SweepPoint& x : p) CHECK(x.role == "grid");

  const std::vector<Override> o = point_overrides(spec, p[7]);
  REQUIRE(o.size() == 3);
  CHECK(o[0].key_path == "recruitment.end");
  CHECK(o[0].yaml_value == "2017-08-01");
  CHECK(o[2].where == spec.parameters[2].where);
  const auto params = load_sib_scenario(spec.base.with_overrides(o));
  CHECK(params.payment.price_per_work_month == 1800);
  CHECK(params.criteria.addiction_psychiatric.active);
  CHECK(params.criteria.addiction_psychiatric.dropped_from >= 1e300);  // point 7: null, never dropped
}

TEST_CASE("grid over ranges with levels, and a criterion's new key", "[scenarios][sweep]") {
  const SweepSpec spec = load_sweep_spec(fixture("grid-range.yaml"), sibsim::study::test::test_plugins());
  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 5 * 3 * 2);
  std::vector<std::string> shares, windows;
  for (std::size_t i = 0; i < p.size(); i += 6) shares.push_back(p[i].values[0]);
  for (std::size_t i = 0; i < 6; i += 2) windows.push_back(p[i].values[1]);
  CHECK(shares == std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"});
  CHECK(windows == std::vector<std::string>{"60", "90", "120"});
  CHECK(p[1].values[2] == "2017-01-01");
  CHECK(spec.parameters[2].base_value == std::nullopt);  // not set in the base scenario
  CHECK(load_all_points(spec) == 30);
}

TEST_CASE("a sweep file may extend another, and base stays relative to the file that says it",
          "[scenarios][sweep]") {
  const SweepSpec spec =
      load_sweep_spec(fixture("sub/extends-grid.yaml"), sibsim::study::test::test_plugins());
  CHECK(spec.replications == 7);
  CHECK(spec.design == "grid");
  CHECK(std::filesystem::equivalent(spec.base.file(), data_dir() + "/../../scenarios/wnd-2016-actual.yaml"));
  CHECK(spec.parameters[0].where.file == fixture("grid-range.yaml"));
  CHECK(sweep_design(spec).size() == 30);
}

TEST_CASE("null in values: no value at that point; the kind comes from the other values",
          "[scenarios][sweep]") {
  const std::string file = fixture("null-values.yaml");  // not on disk: base is relative to its folder
  const SweepSpec spec =
      load_sweep_spec(Document::from_string("base: ../../../scenarios/wnd-2016-actual.yaml\n"
                                            "design: grid\n"
                                            "parameters:\n"
                                            "  - path: criteria.addiction_psychiatric.dropped_from\n"
                                            "    values: [2016-09-01, null]\n"
                                            "  - path: criteria.work_potential.dropped_from\n"
                                            "    values: [~, 2016-10-01]\n",
                                            file),
                      sibsim::study::test::test_plugins());
  REQUIRE(spec.parameters.size() == 2);
  const SweepParameter& dropped = spec.parameters[0];
  CHECK(dropped.kind == ParamKind::date);  // null is not a kind
  CHECK_FALSE(dropped.is_null(0));
  CHECK(dropped.is_null(1));
  CHECK(dropped.values == std::vector<std::string>{"2016-09-01", "null"});
  const SweepParameter& tilde = spec.parameters[1];
  CHECK(tilde.is_null(0));
  CHECK_FALSE(tilde.is_null(1));
  CHECK(tilde.kind == ParamKind::date);

  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 4);
  CHECK(p[2].values == std::vector<std::string>{"null", "null"});
  CHECK(p[0].numeric[0] == days("2016-09-01"));
  CHECK(std::isnan(p[2].numeric[0]));
  const std::vector<Override> o = point_overrides(spec, p[2]);
  CHECK(o[0].yaml_value == "null");
  CHECK(o[1].yaml_value == "null");
  const auto kept = load_sib_scenario(spec.base.with_overrides(std::vector<Override>{o[0]}));
  CHECK(kept.criteria.addiction_psychiatric.active);
  CHECK(kept.criteria.addiction_psychiatric.dropped_from >= 1e300);  // never dropped
  const auto dropped_point =
      load_sib_scenario(spec.base.with_overrides(std::vector<Override>{point_overrides(spec, p[0])[0]}));
  CHECK(dropped_point.criteria.addiction_psychiatric.dropped_from < 1e300);

  // A quoted "null" is text, not a null: the scenario then refuses it as a date.
  CHECK_THROWS_WITH(load_sweep_spec(Document::from_string("base: ../../../scenarios/wnd-2016-actual.yaml\n"
                                                          "design: grid\n"
                                                          "parameters:\n"
                                                          "  - path: criteria.age_over_65.dropped_from\n"
                                                          "    values: [2016-09-01, \"null\"]\n",
                                                          file),
                                    sibsim::study::test::test_plugins()),
                    Catch::Contains("dropped_from"));
}

TEST_CASE("null is refused as the end of a range, at its file:line:column", "[scenarios][sweep]") {
  const std::string file = fixture("null-range.yaml");
  std::vector<Error> errors;
  try {
    (void)load_sweep_spec(Document::from_string("base: ../../../scenarios/wnd-2016-actual.yaml\n"
                                                "design: lhs\n"
                                                "points: 4\n"
                                                "parameters:\n"
                                                "  - path: recruitment.end\n"
                                                "    range: [2017-02-01, null]\n",
                                                file),
                          sibsim::study::test::test_plugins());
  } catch (const ValidationErrors& e) {
    errors = e.errors();
  }
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == file);
  CHECK(errors[0].line == 6);
  CHECK(errors[0].column == 25);
  CHECK(errors[0].message.find("null (no value) cannot be the end of a range") != std::string::npos);
}

TEST_CASE("list: the i-th values of all parameters together", "[scenarios][sweep]") {
  const SweepSpec spec = load_sweep_spec(fixture("list.yaml"), sibsim::study::test::test_plugins());
  CHECK(spec.parameters[2].kind == ParamKind::text);
  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 3);
  CHECK(p[1].values == std::vector<std::string>{"2016-05-01", "2017-08-01", "poisson_gamma"});
  CHECK(p[0].role == "list");
  CHECK(std::isnan(p[0].numeric[2]));
  CHECK(load_all_points(spec) == 3);
}

TEST_CASE("lhs: one point per stratum of every range, on whole days and integers", "[scenarios][sweep]") {
  const SweepSpec spec = load_sweep_spec(fixture("lhs.yaml"), sibsim::study::test::test_plugins());
  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 20);
  std::set<double> windows, ends;
  for (const SweepPoint& x : p) {
    CHECK(x.role == "lhs");
    windows.insert(x.numeric[0]);
    ends.insert(x.numeric[2]);
    CHECK(x.numeric[1] >= 0.1);
    CHECK(x.numeric[1] <= 0.3);
    CHECK(x.values[2].size() == 10);  // YYYY-MM-DD
    CHECK(x.numeric[2] == days(x.values[2].c_str()));
  }
  // 20 strata over the 20 whole numbers 60..79 and the 20 days 1..20 June: each exactly once.
  CHECK(windows.size() == 20);
  CHECK(*windows.begin() == 60);
  CHECK(*windows.rbegin() == 79);
  CHECK(ends.size() == 20);
  CHECK(*ends.begin() == days("2017-06-01"));
  CHECK(load_all_points(spec) == 20);

  // Deterministic in the seed.
  SweepSpec other = spec;
  CHECK(sweep_design(other)[7].values == p[7].values);
  other.seed = 4;
  const std::vector<SweepPoint> q = sweep_design(other);
  bool differs = false;
  for (std::size_t i = 0; i < p.size(); ++i) differs = differs || q[i].values != p[i].values;
  CHECK(differs);
}

TEST_CASE("sobol: Saltelli blocks A, B, AB_i of N points each", "[scenarios][sweep]") {
  const SweepSpec spec = load_sweep_spec(shipped("sobol-contract.yaml"), sibsim::study::test::test_plugins());
  CHECK(spec.points == 64);
  REQUIRE(spec.parameters.size() == 4);
  CHECK(spec.parameters[2].kind == ParamKind::number);  // forced by `type: number`
  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 384);
  CHECK(p[0].role == "sobol:A");
  CHECK(p[63].role == "sobol:A");
  CHECK(p[64].role == "sobol:B");
  CHECK(p[128].role == "sobol:AB1");
  CHECK(p[383].role == "sobol:AB4");
  // AB_i is A with parameter i from B.
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t r = 0; r < 64; r += 9)
      for (std::size_t j = 0; j < 4; ++j)
        CHECK(p[(2 + i) * 64 + r].values[j] == (j == i ? p[64 + r].values[j] : p[r].values[j]));
  for (const SweepPoint& x : p) {
    CHECK(x.numeric[0] >= days("2017-02-01"));
    CHECK(x.numeric[0] <= days("2018-02-01"));
    CHECK(x.numeric[2] >= 1000);
    CHECK(x.numeric[2] <= 2000);
  }
}

TEST_CASE("oat: the base point, then each parameter low and high", "[scenarios][sweep]") {
  const SweepSpec spec = load_sweep_spec(shipped("oat-funnel.yaml"), sibsim::study::test::test_plugins());
  const std::vector<SweepPoint> p = sweep_design(spec);
  REQUIRE(p.size() == 11);
  const std::vector<std::string> base = {"90", "0.0457", "0.642", "0.160", "2016-09-01"};
  CHECK(p[0].role == "oat:base");
  CHECK(p[0].values == base);
  CHECK(p[1].role == "oat:low:recruitment.approach_window_days");
  CHECK(p[2].role == "oat:high:recruitment.approach_window_days");
  CHECK(p[1].values[0] == "60");
  CHECK(p[2].values[0] == "120");
  CHECK(p[7].role == "oat:low:recruitment.change_of_mind_rate");
  CHECK(p[7].values[3] == "0.08");
  CHECK(p[8].values[3] == "0.24");
  CHECK(p[10].role == "oat:high:criteria.addiction_psychiatric.dropped_from");
  CHECK(p[10].values[4] == "2017-01-01");
  for (std::size_t j = 0; j < 5; ++j)
    for (int h = 0; h < 2; ++h) {
      const SweepPoint& x = p[1 + 2 * j + static_cast<std::size_t>(h)];
      for (std::size_t i = 0; i < 5; ++i)
        if (i != j) CHECK(x.values[i] == base[i]);
    }
}

TEST_CASE("infer_param_kind", "[scenarios][sweep]") {
  CHECK(infer_param_kind("true") == ParamKind::boolean);
  CHECK(infer_param_kind("off") == ParamKind::boolean);
  CHECK(infer_param_kind("150") == ParamKind::integer);
  CHECK(infer_param_kind("-3") == ParamKind::integer);
  CHECK(infer_param_kind("0") == ParamKind::integer);
  CHECK(infer_param_kind("0.8") == ParamKind::number);
  CHECK(infer_param_kind("1e3") == ParamKind::number);
  CHECK(infer_param_kind("010") == ParamKind::number);  // YAML 1.1 would read it as octal
  CHECK(infer_param_kind("2018-02-01") == ParamKind::date);
  CHECK(infer_param_kind("2017-02-30") == ParamKind::text);
  CHECK(infer_param_kind("poisson_gamma") == ParamKind::text);
  CHECK(infer_param_kind("1,5") == ParamKind::text);
  CHECK(infer_param_kind("nan") == ParamKind::text);
  CHECK(infer_param_kind("") == ParamKind::text);
  CHECK(param_kind_name(ParamKind::date) == "date");
}
