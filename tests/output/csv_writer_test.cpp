#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "sibsim/output/csv_writer.hpp"
#include "synthetic_results.hpp"
#include "test_dir.hpp"

using namespace sibsim;
using namespace sibsim::output;
using namespace sibsim::output::testing;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find("\r\n", pos);
    REQUIRE(end != std::string::npos);  // every line ends in CRLF
    out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  for (std::string f; std::getline(s, f, ',');) out.push_back(f);
  return out;
}

bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

}  // namespace

TEST_CASE("replications.csv holds every value exactly, NaN as NaN", "[output][csv]") {
  const TestDir dir("csvrows");
  const auto run = make_synthetic_run();
  write_csv(dir.path(), run.result, run.rows);
  CHECK(dir.entries() == std::vector<std::string>{"replications.csv", "summary.csv"});

  const auto rows = lines(slurp(dir / "replications.csv"));
  REQUIRE(rows.size() == kReplications + 1);
  CHECK(rows[0] == "replication,starters,months_to_target,dropout_share");
  std::size_t mismatches = 0;
  for (std::uint64_t i = 0; i < kReplications; ++i) {
    const auto f = split(rows[i + 1]);
    REQUIRE(f.size() == 4);
    CHECK(f[0] == std::to_string(i));
    for (std::size_t j = 0; j < 3; ++j) {
      const double x = std::strtod(f[j + 1].c_str(), nullptr);
      const double want = run.rows[i * 3 + j];
      if (std::isnan(want) ? f[j + 1] != "NaN" : !same(x, want)) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(split(rows[1])[3] == "NaN");
}

TEST_CASE("summary.csv quotes text per RFC 4180", "[output][csv]") {
  const TestDir dir("csvsummary");
  const auto run = make_synthetic_run();
  write_csv(dir.path(), run.result);
  CHECK(dir.entries() == std::vector<std::string>{"summary.csv"});
  const auto rows = lines(slurp(dir / "summary.csv"));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0] ==
        "name,unit,description,n,n_undefined,mean,sd,se,ci_low,ci_high,min,p5,p25,p50,p75,p95,max,sum,sum_"
        "squares");
  CHECK(
      rows[3].starts_with("dropout_share,fraction,\"Share of starters who dropped out, \"\"early\"\" or late "
                          "(NaN: no starters) – ±\",989,11,"));
  const auto& s = run.result.summary[1];
  const auto f = split(rows[2]);
  REQUIRE(f.size() == 19);
  CHECK(f[0] == "months_to_target");
  CHECK(same(std::strtod(f[5].c_str(), nullptr), s.mean));
  CHECK(same(std::strtod(f[18].c_str(), nullptr), s.sum_squares));
}

TEST_CASE("special values and shortest round-trip numbers", "[output][csv]") {
  const TestDir dir("csvspecial");
  engine::RunResult r;
  r.kpis = {{"x", "", ""}};
  r.replications = 6;
  const std::vector<double> rows{
      0.1,  1e300, -0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
      100.0};
  r.summary.resize(1);
  r.summary[0].mean = std::numeric_limits<double>::quiet_NaN();
  write_csv(dir.path(), r, rows);
  const auto text = slurp(dir / "replications.csv");
  CHECK(text == "replication,x\r\n0,0.1\r\n1,1e+300\r\n2,-0\r\n3,Inf\r\n4,-Inf\r\n5,100\r\n");
  CHECK(split(lines(slurp(dir / "summary.csv"))[1])[5] == "NaN");
}

TEST_CASE("export_csv from an HDF5 file equals writing the CSV directly", "[output][csv][hdf5]") {
  const TestDir dir("csvexport");
  const auto run = make_synthetic_run();
  write_synthetic(run, dir / "results.h5");
  write_csv(dir / "direct", run.result, run.rows);
  export_csv(dir / "results.h5", dir / "exported");
  for (const char* name : {"summary.csv", "replications.csv"}) {
    INFO(name);
    CHECK(slurp(dir / "direct" / name) == slurp(dir / "exported" / name));
  }
}

TEST_CASE("CSV files appear only on commit", "[output][csv][atomic]") {
  const TestDir dir("csvnocommit");
  const auto run = make_synthetic_run();
  {
    CsvWriter w(dir.path());
    w.begin_replications(run.result.kpis);
    w.sink()(0, 1, std::span<const double>(run.rows).first(3));
    w.write_summary(run.result);
    CHECK(dir.entries().size() == 2);  // the two temporary files
  }
  CHECK(dir.entries().empty());
  { std::ofstream(dir / "plain") << "x"; }
  CHECK_THROWS_WITH(
      CsvWriter(dir / "plain" / "x"),
      Catch::Matchers::Contains("cannot create CSV directory") && Catch::Matchers::Contains("plain"));
}
