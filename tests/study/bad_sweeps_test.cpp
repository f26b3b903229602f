// The negative-test corpus of sweep files: tests/data/bad-sweeps/<error-class>.yaml. Each file
// starts with
//   # expect: <fragment of the one-line error>
//   # line: <1-based line the error must point at>
// and load_sweep_spec must throw ValidationErrors with an error that contains the fragment, in
// that file, at that line. Every file extends nothing and names the shipped default scenario as
// its base, so an error can only come from the sweep file itself.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "data_dir.hpp"
#include "sibsim/study/sweep_spec.hpp"
#include "test_plugins.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::study;
using namespace sibsim::scenarios::test;

namespace {

// One file per error class. A file in the folder but not here (or the reverse) fails the test.
const std::set<std::string> kCorpus = {
    "base-for-grid.yaml",
    "base-missing.yaml",
    "duplicate-grid-value.yaml",
    "duplicate-path.yaml",
    "empty-parameters.yaml",
    "end-before-start.yaml",
    "impossible-date.yaml",
    "levels-too-many.yaml",
    "levels-without-range.yaml",
    "lhs-values.yaml",
    "list-index-out-of-range.yaml",
    "list-lengths-differ.yaml",
    "missing-points.yaml",
    "missing-values.yaml",
    "misspelled-key.yaml",
    "misspelled-parameter-key.yaml",
    "null-for-boolean.yaml",
    "null-for-required-key.yaml",
    "null-in-range.yaml",
    "oat-needs-base.yaml",
    "oat-three-values.yaml",
    "path-inside-another.yaml",
    "path-leading-zero-index.yaml",
    "points-for-grid.yaml",
    "range-for-list.yaml",
    "range-low-not-below-high.yaml",
    "sobol-one-point.yaml",
    "text-range.yaml",
    "too-many-points.yaml",
    "too-many-replications.yaml",
    "type-mismatch.yaml",
    "unknown-design.yaml",
    "unknown-kpi.yaml",
    "unknown-path.yaml",
    "value-out-of-range.yaml",
    "values-and-range.yaml",
    "wrong-value-type.yaml",
    "yaml-tag.yaml",
    "zero-replications.yaml",
};

struct Expectation {
  std::string fragment;
  int line = 0;
};

Expectation read_header(const std::string& path) {
  std::ifstream in(path);
  Expectation e;
  std::string text;
  for (int i = 0; i < 2 && std::getline(in, text); ++i) {
    if (text.rfind("# expect: ", 0) == 0) e.fragment = text.substr(10);
    if (text.rfind("# line: ", 0) == 0) e.line = std::stoi(text.substr(8));
  }
  return e;
}

std::vector<Error> load_errors(const std::string& path) {
  try {
    (void)load_sweep_spec(path, sibsim::study::test::test_plugins());
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  return {};
}

std::string all(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out += e.to_string() + "\n";
  return out;
}

}  // namespace

TEST_CASE("the bad-sweep corpus lists every file in tests/data/bad-sweeps", "[scenarios][sweep]") {
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir() + "/bad-sweeps"))
    found.insert(entry.path().filename().string());
  CHECK(found == kCorpus);
}

TEST_CASE("every bad sweep fails with the expected message at the expected line", "[scenarios][sweep]") {
  for (const std::string& name : kCorpus) {
    DYNAMIC_SECTION(name) {
      const std::string path = data_dir() + "/bad-sweeps/" + name;
      const Expectation want = read_header(path);
      REQUIRE_FALSE(want.fragment.empty());
      REQUIRE(want.line > 0);
      const std::vector<Error> errors = load_errors(path);
      INFO("errors:\n" << all(errors));
      REQUIRE_FALSE(errors.empty());
      const auto hit = std::find_if(errors.begin(), errors.end(), [&](const Error& e) {
        return e.to_string().find(want.fragment) != std::string::npos;
      });
      REQUIRE(hit != errors.end());
      CHECK(hit->line == want.line);
      CHECK(hit->file == path);
      CHECK(hit->column > 0);
      CHECK(errors.size() == 1);  // one error class per file
    }
  }
}

TEST_CASE("a sweep file's problems are reported all at once, in line order", "[scenarios][sweep]") {
  const std::string path =
      (std::filesystem::temp_directory_path() / "sibsim-sweep-many-errors.yaml").string();
  const std::string base =
      std::filesystem::absolute(data_dir() + "/../../scenarios/wnd-2016-actual.yaml").string();
  {
    std::ofstream out(path);
    out << "base: " << base << "\n"       // 1
        << "design: lhs\n"                // 2
        << "replicatoins: 10\n"           // 3: unknown key
        << "points: 8\n"                  // 4
        << "kpis: [startd]\n"             // 5: unknown KPI
        << "parameters:\n"                // 6
        << "  - path: recruitment.ned\n"  // 7: unknown path
        << "    range: [2017-01-01, 2018-01-01]\n"
        << "  - path: payment.cap\n"  // 9
        << "    range: [2, 1]\n";     // 10: low >= high
  }
  const std::vector<Error> e = load_errors(path);
  std::filesystem::remove(path);
  INFO(all(e));
  REQUIRE(e.size() == 4);
  CHECK(e[0].line == 3);
  CHECK(e[0].message.find("did you mean 'replications'") != std::string::npos);
  CHECK(e[1].line == 5);
  CHECK(e[1].message.find("did you mean 'started'") != std::string::npos);
  CHECK(e[2].line == 7);
  CHECK(e[2].message.find("did you mean 'recruitment.end'") != std::string::npos);
  CHECK(e[3].line == 10);
  CHECK(e[3].message.find("the low end 2 must be below the high end 1") != std::string::npos);
}
