// ResultsWriter::write_table / read_table: any table at any path, every column type, names with
// dots and colons, 0 rows, tables over several write blocks, refused tables and paths (which leave
// the writer usable), files holding only tables, the kind and input_yaml in /meta, and files of
// format 1.1 (no kind) read as runs.
#include <hdf5.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

RunMeta sweep_meta() {
  RunMeta m;
  m.kind = kKindSweep;
  m.seed = 11;
  m.scenario_name = "wnd-2016-actual";
  m.input_yaml = "base: wnd-2016-actual.yaml\nvary:\n  recruitment.end: [2017-02-01, 2017-08-01]\n";
  return m;
}

// Every column type, names as sweeps write them, NaN, empty and non-ASCII strings.
Table design_table() {
  Table t;
  t.description = "design points; parameters: recruitment.end, payment.price_per_work_month";
  t.columns.push_back(
      {"point", "", "design point", std::vector<std::uint64_t>{0, 1, 2, 18446744073709551615ULL}});
  t.columns.push_back({"role", "", "how the point was made",
                       std::vector<std::string>{"grid", "sobol:AB2", "oat:low:recruitment.end", ""}});
  t.columns.push_back({"recruitment.end", "date", "end of recruitment",
                       std::vector<std::string>{"2017-02-01", "2017-08-01", "2018-01-31", "ünïcödé ✓"}});
  t.columns.push_back(
      {"payment.price_per_work_month", "EUR", "price", std::vector<double>{1500, kNaN, -0.0, 1e300}});
  t.columns.push_back({"programme.phone_for_all", "", "flag", std::vector<std::uint8_t>{0, 1, 255, 0}});
  t.columns.push_back({"started:p95", "persons", "95th percentile", std::vector<double>{1.5, 2.5, 3.5, 4.5}});
  return t;
}

void check_equal(const Table& back, const Table& t) {
  CHECK(back.description == t.description);
  REQUIRE(back.columns.size() == t.columns.size());
  CHECK(back.rows() == t.rows());
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const auto& a = back.columns[c];
    const auto& b = t.columns[c];
    CAPTURE(b.name);
    CHECK(a.name == b.name);
    CHECK(a.unit == b.unit);
    CHECK(a.description == b.description);
    REQUIRE(a.values.index() == b.values.index());
    if (const auto* d = std::get_if<std::vector<double>>(&b.values)) {
      const auto& got = std::get<std::vector<double>>(a.values);
      REQUIRE(got.size() == d->size());
      for (std::size_t i = 0; i < d->size(); ++i) {
        CHECK((std::isnan((*d)[i]) ? std::isnan(got[i]) : got[i] == (*d)[i]));
        CHECK(std::signbit(got[i]) == std::signbit((*d)[i]));
      }
    } else {
      CHECK(a.values == b.values);
    }
  }
}

void delete_attribute(const std::filesystem::path& file, const char* object, const char* name) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(f >= 0);
  const hid_t o = H5Oopen(f, object, H5P_DEFAULT);
  REQUIRE(o >= 0);
  CHECK(H5Adelete(o, name) >= 0);
  H5Oclose(o);
  H5Fclose(f);
}

void delete_link(const std::filesystem::path& file, const char* path) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  REQUIRE(f >= 0);
  CHECK(H5Ldelete(f, path, H5P_DEFAULT) >= 0);
  H5Fclose(f);
}

}  // namespace

TEST_CASE("files before format 1.3: no model, no /kpis (the catalogue comes from /summary)",
          "[output][hdf5][table]") {
  const TestDir dir("table-format-1.2");
  const auto run = make_synthetic_run();
  write_synthetic(run, dir / "r.h5");
  REQUIRE(read_kpis(dir / "r.h5")[0].label == "starters");
  delete_link(dir / "r.h5", "/kpis");
  delete_attribute(dir / "r.h5", "/", "model");
  delete_attribute(dir / "r.h5", "/meta", "model");
  delete_attribute(dir / "r.h5", "/meta", "scenario_description");
  const auto kpis = read_kpis(dir / "r.h5");
  REQUIRE(kpis.size() == 3);
  CHECK(kpis[2].name == "dropout_share");
  CHECK(kpis[2].unit == "fraction");
  CHECK(kpis[2].description == run.result.kpis[2].description);
  CHECK(kpis[0].label.empty());
  CHECK(kpis[0].groups.empty());
  const auto m = read_meta(dir / "r.h5");
  CHECK(m.run.model.empty());
  CHECK(m.run.scenario_description.empty());
}

TEST_CASE("write_table/read_table round-trip every column type at any path", "[output][hdf5][table]") {
  const TestDir dir("table-roundtrip");
  const auto path = dir / "sweep.h5";
  const Table design = design_table();
  Table oat;
  oat.columns.push_back({"kpi", "", "", std::vector<std::string>{"started"}});
  oat.columns.push_back({"at_low", "persons", "", std::vector<double>{101}});
  {
    ResultsWriter w(path, sweep_meta());
    w.write_table("/design", design);
    w.write_table("/sensitivity/sobol", design);  // intermediate group created
    w.write_table("/sensitivity/oat", oat);       // ... and reused
    w.write_table("/a/b/c/d", oat);
    w.commit();
  }
  check_equal(read_table(path, "/design"), design);
  check_equal(read_table(path, "/sensitivity/sobol"), design);
  check_equal(read_table(path, "sensitivity/oat"), oat);  // the leading '/' is optional when reading
  check_equal(read_table(path, "/a/b/c/d"), oat);
  CHECK(read_table(path, "/design").column("recruitment.end") != nullptr);

  // A file with only tables: no /replications, no /summary.
  CHECK(read_kind(path) == "sweep");
  const auto m = read_meta(path);
  CHECK(m.format_version == std::array<int, 2>{kFormatMajor, kFormatMinor});
  CHECK(m.run.kind == "sweep");
  CHECK(m.run.input_yaml == sweep_meta().input_yaml);
  CHECK(m.replications == 0);
  CHECK_FALSE(read_replications_info(path).present);
  CHECK(has_object(path, "/design"));
  CHECK(has_object(path, "/sensitivity"));
  CHECK(has_object(path, "/sensitivity/oat"));
  CHECK_FALSE(has_object(path, "/summary"));
  CHECK_FALSE(has_object(path, "/outcomes"));
  CHECK_FALSE(has_object(path, "/nope/deeper"));
  CHECK_FALSE(has_object(path, "/design/deeper"));
  CHECK_FALSE(has_object(path, ""));
  CHECK_THROWS_WITH(read_table(path, "/outcomes"), Contains("/outcomes") && Contains("no such table"));
  CHECK_THROWS_WITH(read_table(path, "/sensitivity"), Contains("a group"));
  CHECK_THROWS_WITH(read_summary(path), Contains("no /summary"));
}

TEST_CASE("tables of 0 rows round-trip with their column types", "[output][hdf5][table]") {
  const TestDir dir("table-empty");
  Table t;
  t.description = "no probes yet";
  t.columns.push_back({"order", "", "", std::vector<std::uint64_t>{}});
  t.columns.push_back({"value", "", "", std::vector<std::string>{}});
  t.columns.push_back({"x", "days", "", std::vector<double>{}});
  t.columns.push_back({"meets", "", "", std::vector<std::uint8_t>{}});
  {
    RunMeta m;
    m.kind = kKindFeasibility;
    ResultsWriter w(dir / "f.h5", m);
    w.write_table("/feasibility/probes", t);
    w.commit();
  }
  const Table back = read_table(dir / "f.h5", "/feasibility/probes");
  CHECK(back.rows() == 0);
  check_equal(back, t);
}

TEST_CASE("large tables are written and read in blocks", "[output][hdf5][table]") {
  const TestDir dir("table-large");
  constexpr std::size_t kRows = 100'003;  // 13 blocks, the last one partial
  std::vector<std::uint64_t> point(kRows), rep(kRows);
  std::vector<double> started(kRows);
  std::vector<std::string> label(kRows);
  for (std::size_t i = 0; i < kRows; ++i) {
    point[i] = i / 1000;
    rep[i] = i % 1000;
    started[i] = i % 77 == 0 ? kNaN : 0.5 * static_cast<double>(i);
    label[i] = std::to_string(i % 13);
    label[i].insert(0, 1, 'p');
  }
  Table t;
  t.columns.push_back({"point", "", "", point});
  t.columns.push_back({"replication", "", "", rep});
  t.columns.push_back({"started", "persons", "", started});
  t.columns.push_back({"label", "", "", label});
  {
    RunMeta m;
    m.kind = kKindSweep;
    ResultsWriter w(dir / "big.h5", m);
    w.write_table("/outcomes_replications", t);
    w.commit();
  }
  check_equal(read_table(dir / "big.h5", "/outcomes_replications"), t);
}

TEST_CASE("refused tables and paths leave the writer usable", "[output][hdf5][table]") {
  const TestDir dir("table-bad");
  ResultsWriter w(dir / "r.h5", sweep_meta());
  Table good;
  good.columns.push_back({"a", "", "", std::vector<double>{1, 2}});

  CHECK_THROWS_AS(w.write_table("/empty", Table{}), std::invalid_argument);
  Table ragged = good;
  ragged.columns.push_back({"b", "", "", std::vector<std::string>{"x"}});
  CHECK_THROWS_AS(w.write_table("/ragged", ragged), std::invalid_argument);
  CHECK_THROWS_WITH(w.write_table("/ragged", ragged), Contains("column 'b' has 1 rows"));
  Table duplicate = good;
  duplicate.columns.push_back({"a", "", "", std::vector<double>{3, 4}});
  CHECK_THROWS_WITH(w.write_table("/dup", duplicate), Contains("duplicate name 'a'"));
  Table unnamed = good;
  unnamed.columns.front().name.clear();
  CHECK_THROWS_AS(w.write_table("/unnamed", unnamed), std::invalid_argument);

  for (const char* bad : {"design", "", "/", "/a//b", "/a/", "/a/./b", "/../b", "/meta", "/meta/x",
                          "/summary", "/replications", "/persons", "/timeseries/x", "/funnel/stages"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(w.write_table(bad, good), std::invalid_argument);
  }
  w.write_table("/design", good);
  CHECK_THROWS_WITH(w.write_table("/design", good), Contains("already written"));
  CHECK_THROWS_WITH(w.write_table("/design/x", good), Contains("not a group"));
  w.write_table("/metadata", good);  // only the exact reserved names are refused
  w.commit();
  check_equal(read_table(dir / "r.h5", "/design"), good);
  CHECK_FALSE(has_object(dir / "r.h5", "/empty"));
  CHECK_FALSE(has_object(dir / "r.h5", "/ragged"));
}

TEST_CASE("RunMeta::kind is checked and written; files without one are runs", "[output][hdf5][table]") {
  const TestDir dir("table-kind");
  RunMeta bogus;
  bogus.kind = "sweeps";
  CHECK_THROWS_WITH(ResultsWriter(dir / "x.h5", bogus), Contains("'sweeps'"));
  CHECK(dir.entries().empty());

  for (const char* kind : {kKindRun, kKindCompare, kKindSweep, kKindFeasibility}) {
    RunMeta m;
    m.kind = kind;
    ResultsWriter w(dir / "k.h5", m);
    w.commit();
    CHECK(read_kind(dir / "k.h5") == kind);
    CHECK(read_meta(dir / "k.h5").run.kind == kind);
    CHECK(read_meta(dir / "k.h5").run.input_yaml.empty());
    CHECK_FALSE(has_object(dir / "k.h5", "/meta/input_yaml"));
  }
  // A file as format 1.1 wrote it: no kind at the root or in /meta.
  delete_attribute(dir / "k.h5", "/", "kind");
  delete_attribute(dir / "k.h5", "/meta", "kind");
  CHECK(read_kind(dir / "k.h5") == "run");
  CHECK(read_meta(dir / "k.h5").run.kind == "run");
}
