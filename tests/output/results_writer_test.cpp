#include <unistd.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <regex>
#include <stdexcept>

#include "sibsim/output/results_reader.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;
using Catch::Matchers::Contains;

namespace {

RunMeta meta_with_seed(std::uint64_t seed) {
  RunMeta m;
  m.seed = seed;
  return m;
}

const std::vector<engine::KpiInfo> kKpis{{"a", "persons", "first"}, {"b", "EUR", "second"}};

engine::RunResult result_for(std::uint64_t seed, std::uint64_t replications) {
  engine::RunResult r;
  r.kpis = kKpis;
  r.summary.resize(kKpis.size());
  r.seed = seed;
  r.replications = replications;
  return r;
}

}  // namespace

TEST_CASE("without commit() neither the file nor a temporary file remains", "[output][atomic]") {
  const TestDir dir("nocommit");
  const auto path = dir / "results.h5";
  std::filesystem::path temp;
  {
    ResultsWriter w(path, meta_with_seed(1));
    temp = w.temp_path();
    CHECK(temp.parent_path() == path.parent_path());
    // <final>.tmp-<pid>-<16 random hex digits>: exclusive and unpredictable
    CHECK(std::regex_match(temp.filename().string(),
                           std::regex("results\\.h5\\.tmp-" + std::to_string(::getpid()) + "-[0-9a-f]{16}")));
    w.begin_replications(kKpis);
    const std::vector<double> rows{1, 2, 3, 4};
    w.append_replications(0, 2, rows);
    CHECK(std::filesystem::exists(temp));
    CHECK_FALSE(std::filesystem::exists(path));
  }
  CHECK_FALSE(std::filesystem::exists(temp));
  CHECK(dir.entries().empty());
}

TEST_CASE("an abandoned or refused write never replaces an earlier good file", "[output][atomic]") {
  const TestDir dir("keepgood");
  const auto path = dir / "results.h5";
  const auto run = make_synthetic_run();
  write_synthetic(run, path);
  const auto good_size = std::filesystem::file_size(path);

  SECTION("an exception while writing") {
    try {
      ResultsWriter w(path, meta_with_seed(99));
      w.begin_replications(kKpis);
      w.append_replications(0, 1, std::vector<double>{5, 6});
      throw std::runtime_error("simulated failure in the run");
    } catch (const std::runtime_error&) {
    }
  }
  SECTION("commit() refuses a file whose rows disagree with the summary") {
    ResultsWriter w(path, meta_with_seed(99));
    w.begin_replications(kKpis);
    w.append_replications(0, 1, std::vector<double>{5, 6});
    w.write_summary(result_for(99, 2));
    CHECK_THROWS_WITH(w.commit(), Contains("1 replication rows written but the summary covers 2"));
    CHECK_THROWS_AS(w.commit(), std::logic_error);  // poisoned: never commits later either
    CHECK_FALSE(w.committed());
  }
  SECTION("a second writer on the same path while the first is open") {
    ResultsWriter a(path, meta_with_seed(5));
    ResultsWriter b(path, meta_with_seed(6));
    CHECK(a.temp_path() != b.temp_path());
  }
  CHECK(read_meta(path).run.seed == kSeed);
  CHECK(read_summary(path).replications == kReplications);
  CHECK(std::filesystem::file_size(path) == good_size);
  CHECK(dir.entries() == std::vector<std::string>{"results.h5"});
}

TEST_CASE("a committed file replaces the previous one", "[output][atomic]") {
  const TestDir dir("replace");
  const auto path = dir / "results.h5";
  write_synthetic(make_synthetic_run(), path);
  ResultsWriter w(path, meta_with_seed(123));
  w.write_summary(result_for(123, 0));
  w.commit();
  CHECK(w.committed());
  CHECK(read_meta(path).run.seed == 123);
  CHECK(dir.entries() == std::vector<std::string>{"results.h5"});
  CHECK_THROWS_WITH(w.write_funnel({}, {}), Contains("already committed"));
}

TEST_CASE("a failing commit removes the temporary file", "[output][atomic]") {
  const TestDir dir("commitfail");
  const auto path = dir / "results.h5";
  ResultsWriter w(path, meta_with_seed(1));
  // Something else puts a non-empty directory where the file should go: the check before the
  // rename refuses to replace it (OutputRefused, exit code 2 in the app).
  std::filesystem::create_directories(path / "occupied");
  CHECK_THROWS_WITH(w.commit(), Contains("results.h5") && Contains("is a directory"));
  CHECK(dir.entries() == std::vector<std::string>{"results.h5"});
  CHECK(std::filesystem::is_directory(path));
}

TEST_CASE("an unusable target gives a clear error and leaves nothing behind", "[output][atomic]") {
  const TestDir dir("unwritable");
  const auto meta = meta_with_seed(1);
  CHECK_THROWS_WITH(ResultsWriter(dir / "missing" / "r.h5", meta),
                    Contains("missing") && Contains("No such file or directory"));
  { std::ofstream(dir / "plain") << "x"; }
  CHECK_THROWS_WITH(ResultsWriter(dir / "plain" / "r.h5", meta), Contains("Not a directory"));
  CHECK_THROWS_WITH(ResultsWriter(dir.path(), meta), Contains("is a directory"));

  const auto locked = dir / "locked";
  std::filesystem::create_directories(locked);
  std::filesystem::permissions(locked,
                               std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  if (::access(locked.c_str(), W_OK) == 0) {
    WARN("running as root: a read-only directory is still writable, permission case skipped");
  } else {
    CHECK_THROWS_WITH(ResultsWriter(locked / "r.h5", meta),
                      Contains("locked") && Contains("Permission denied"));
  }
  std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  CHECK(std::filesystem::is_empty(locked));
}

TEST_CASE("bad calls are rejected with a message and do not spoil the file", "[output][hdf5]") {
  const TestDir dir("badcalls");
  const auto path = dir / "r.h5";
  ResultsWriter w(path, meta_with_seed(3));
  CHECK_THROWS_WITH(w.append_replications(0, 1, std::vector<double>{1, 2}),
                    Contains("before begin_replications"));
  CHECK_THROWS_WITH(w.begin_replications(std::vector<engine::KpiInfo>{{"x", "", ""}, {"x", "", ""}}),
                    Contains("duplicate name 'x'"));
  CHECK_THROWS_WITH(w.begin_replications(std::vector<engine::KpiInfo>{{"replication", "", ""}}),
                    Contains("reserved"));
  CHECK_THROWS_WITH(w.begin_replications(std::vector<engine::KpiInfo>{{"", "", ""}}), Contains("empty name"));
  w.begin_replications(kKpis);
  CHECK_THROWS_AS(w.begin_replications(kKpis), std::logic_error);
  CHECK_THROWS_WITH(w.append_replications(0, 2, std::vector<double>{1, 2, 3}),
                    Contains("3 values for 2 rows"));
  CHECK_THROWS_WITH(w.append_replications(5, 1, std::vector<double>{1, 2}), Contains("expected 0"));
  w.append_replications(0, 1, std::vector<double>{1, 2});
  w.append_replications(1, 0, {});
  CHECK_THROWS_WITH(w.append_replications(0, 1, std::vector<double>{1, 2}), Contains("expected 1"));

  auto other = result_for(3, 1);
  other.kpis[1].name = "c";
  CHECK_THROWS_WITH(w.write_summary(other), Contains("differ"));
  CHECK_THROWS_WITH(w.write_summary(result_for(4, 1)), Contains("seed 4 differs"));
  const std::vector<QuantileBand> one{{}};
  CHECK_THROWS_WITH(w.write_timeseries("a/b", std::vector<double>{1}, one), Contains("may not contain '/'"));
  CHECK_THROWS_WITH(w.write_timeseries("s", std::vector<double>{1, 2}, one),
                    Contains("2 time points but 1 bands"));
  w.write_timeseries("s", std::vector<double>{1}, one);
  CHECK_THROWS_WITH(w.write_timeseries("s", std::vector<double>{1}, one), Contains("written twice"));
  CHECK_THROWS_WITH(w.write_funnel(std::vector<FunnelCount>{{"a", 1, 1}, {"a", 2, 2}}, {}),
                    Contains("duplicate"));

  w.write_summary(result_for(3, 1));
  w.commit();
  CHECK(read_summary(path).kpis.size() == 2);
  CHECK(read_replications_info(path).rows == 1);
}

TEST_CASE("a moved writer keeps working and its sink stays valid", "[output][hdf5]") {
  const TestDir dir("moved");
  const auto path = dir / "r.h5";
  ResultsWriter a(path, meta_with_seed(1));
  a.begin_replications(kKpis);
  const auto sink = a.sink();
  ResultsWriter b(std::move(a));
  sink(0, 2, std::vector<double>{1, 2, 3, 4});
  CHECK_THROWS_AS(a.commit(), std::logic_error);  // NOLINT(bugprone-use-after-move): tested on purpose
  b.commit();
  CHECK(read_replications_info(path).rows == 2);
}

TEST_CASE("many replications stream through in bounded batches", "[output][hdf5]") {
  const TestDir dir("many");
  const auto path = dir / "r.h5";
  constexpr std::uint64_t n = 200'000;
  constexpr std::uint64_t batch = 256;
  double sum = 0;
  {
    ResultsWriter w(path, meta_with_seed(1));
    w.begin_replications(kKpis);
    std::vector<double> rows(2 * batch);
    for (std::uint64_t first = 0; first < n; first += batch) {
      const std::uint64_t count = std::min(batch, n - first);
      for (std::uint64_t i = 0; i < count; ++i) {
        rows[2 * i] = static_cast<double>((first + i) % 100);  // counts: compress well
        rows[2 * i + 1] = unit_hash(first + i, 7);
        sum += rows[2 * i];
        sum += rows[2 * i + 1];
      }
      w.append_replications(first, count, std::span<const double>(rows).first(2 * count));
    }
    w.commit();
  }
  double back = 0;
  std::uint64_t largest = 0;
  const auto info =
      read_replications(path, [&](std::uint64_t, std::uint64_t count, std::span<const double> r) {
        largest = std::max(largest, count);
        for (const double x : r) back += x;
      });
  CHECK(info.rows == n);
  CHECK(largest == 8192);
  // Same values summed in the same order.
  CHECK(back == sum);
  // 24 bytes per row uncompressed; shuffle + deflate must shrink it clearly.
  CHECK(std::filesystem::file_size(path) < n * 24 * 3 / 4);
}

TEST_CASE("/persons round-trips every column type over several write blocks", "[output][hdf5]") {
  const TestDir dir("persons");
  const auto path = dir / "results.h5";
  const Table persons = make_persons_table();
  {
    ResultsWriter w(path, meta_with_seed(1));
    w.write_persons(persons, 2);
    CHECK_THROWS_AS(w.write_persons(persons, 2), std::logic_error);
    w.commit();
  }
  CHECK(read_meta(path).format_version == std::array<int, 2>{kFormatMajor, kFormatMinor});
  const Table back = read_persons(path);
  CHECK(back.description == "synthetic persons");
  REQUIRE(back.columns.size() == persons.columns.size());
  CHECK(back.rows() == kPersons);
  for (std::size_t c = 0; c < persons.columns.size(); ++c) {
    CAPTURE(persons.columns[c].name);
    CHECK(back.columns[c].name == persons.columns[c].name);
    CHECK(back.columns[c].unit == persons.columns[c].unit);
    CHECK(back.columns[c].description == persons.columns[c].description);
    CHECK(back.columns[c].values.index() == persons.columns[c].values.index());
  }
  CHECK(std::get<std::vector<std::uint64_t>>(back.columns[0].values) ==
        std::get<std::vector<std::uint64_t>>(persons.columns[0].values));
  CHECK(std::get<std::vector<std::uint8_t>>(back.columns[2].values) ==
        std::get<std::vector<std::uint8_t>>(persons.columns[2].values));
  CHECK(std::get<std::vector<std::string>>(back.columns[3].values) ==
        std::get<std::vector<std::string>>(persons.columns[3].values));
  const auto& started = std::get<std::vector<double>>(back.columns[4].values);
  const auto& expected = std::get<std::vector<double>>(persons.columns[4].values);
  REQUIRE(started.size() == expected.size());
  for (std::size_t i = 0; i < started.size(); ++i) {
    if (std::isnan(expected[i]) != std::isnan(started[i]) ||
        (!std::isnan(expected[i]) && started[i] != expected[i]))
      FAIL("row " << i << ": " << started[i] << " != " << expected[i]);
  }
  // A file without /persons reads as an empty table.
  const auto other = dir / "none.h5";
  {
    ResultsWriter w(other, meta_with_seed(1));
    w.commit();
  }
  CHECK(read_persons(other).columns.empty());
}

TEST_CASE("bad /persons tables are rejected", "[output][hdf5]") {
  const TestDir dir("persons-bad");
  ResultsWriter w(dir / "results.h5", meta_with_seed(1));
  CHECK_THROWS_AS(w.write_persons(Table{}, 0), std::invalid_argument);
  Table ragged;
  ragged.columns.push_back({"a", "", "", std::vector<double>{1, 2}});
  ragged.columns.push_back({"b", "", "", std::vector<std::uint8_t>{1}});
  CHECK_THROWS_WITH(w.write_persons(ragged, 0), Contains("column 'b' has 1 rows"));
  Table duplicate;
  duplicate.columns.push_back({"a", "", "", std::vector<double>{1}});
  duplicate.columns.push_back({"a", "", "", std::vector<std::string>{"x"}});
  CHECK_THROWS_WITH(w.write_persons(duplicate, 0), Contains("duplicate name 'a'"));
  // Rejected calls write nothing: a good table still goes in, and the file commits.
  Table empty_rows;
  empty_rows.columns.push_back({"a", "", "", std::vector<std::string>{}});
  w.write_persons(empty_rows, 0);
  w.commit();
  CHECK(read_persons(dir / "results.h5").rows() == 0);
}
