// The negative-test corpus: tests/data/bad-scenarios/<error-class>.yaml. Each file starts with
//   # expect: <fragment of the one-line error>
//   # line: <1-based line the error must point at>
//   # schema: mmc | sib | sib-model
// and must fail to load with an error that contains the fragment at that line. `mmc` and `sib`
// are the test bindings (test_schemas.hpp); `sib-model` is the real SIB model's binding
// (load_sib_scenario). The sib-model files are what-ifs that `extends` the shipped default
// scenario and must fail with exactly the one expected error.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "data_dir.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/schema.hpp"
using sibsim::models::sib::load_sib_scenario;
#include "test_schemas.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::scenarios::test;

namespace {

// One file per error class. A file in the folder but not here (or the reverse) fails the test.
const std::set<std::string> kCorpus = {
    "alias-bomb.yaml",
    "decimal-comma.yaml",
    "duplicate-key.yaml",
    "duplicate-name.yaml",
    "empty-list.yaml",
    "end-before-start.yaml",
    "extends-cycle.yaml",
    "extends-missing-file.yaml",
    "impossible-date.yaml",
    "invalid-choice.yaml",
    "merge-key.yaml",
    "misplaced-key.yaml",
    "missing-required.yaml",
    "misspelled-list-entry-key.yaml",
    "misspelled-nested-key.yaml",
    "negative-rate.yaml",
    "not-an-integer.yaml",
    "null-value.yaml",
    "probability-above-one.yaml",
    "quoted-number.yaml",
    "section-not-a-mapping.yaml",
    "shares-do-not-sum-to-one.yaml",
    "sib-model-empty-prisons.yaml",
    "sib-model-end-before-start.yaml",
    "sib-model-impossible-date.yaml",
    "sib-model-misspelled-key.yaml",
    "sib-model-prison-stop-before-start.yaml",
    "sib-model-probability-above-one.yaml",
    "sib-model-provenance-bad-label.yaml",
    "sib-model-provenance-unknown-key.yaml",
    "sib-model-unsorted-approach-steps.yaml",
    "sib-model-wrong-list-length.yaml",
    "sib-model-huge-inflow.yaml",
    "sib-model-all-zero-addiction-probabilities.yaml",
    "sib-model-all-zero-age-probabilities.yaml",
    "sib-model-gamma-shape-too-small.yaml",
    "sib-model-huge-inflow-multiplier.yaml",
    "sib-model-inflow-multiplier-above-cap.yaml",
    "sib-model-interim-payment-outside-period.yaml",
    "sib-model-interim-shares-decrease.yaml",
    "sib-model-phase1-min-above-max.yaml",
    "sib-model-prison-after-recruitment.yaml",
    "sib-model-prison-before-recruitment.yaml",
    "sib-model-recruitment-before-1972.yaml",
    "sib-model-recruitment-decades.yaml",
    "sib-model-status-date-outside-period.yaml",
    "sib-model-too-many-arrivals.yaml",
    "sib-model-allocation-ratio-without-trial.yaml",
    "sib-model-baseline-without-design.yaml",
    "sib-model-baseline-missing.yaml",
    "sib-model-contract-both-forms.yaml",
    "sib-model-declared-criterion-too-early.yaml",
    "sib-model-declared-unknown-attribute.yaml",
    "sib-model-cohorts-with-interim-payments.yaml",
    "sib-model-metric-points-of-days.yaml",
    "sib-model-metric-quarter-missing.yaml",
    "sib-model-vocabulary-unknown-reason.yaml",
    "syntax-error.yaml",
    "tab-indentation.yaml",
    "too-deep-nesting.yaml",
    "two-documents.yaml",
    "unknown-key.yaml",
    "unsorted-schedule.yaml",
    "unstable-queue.yaml",
    "unterminated-quote.yaml",
    "wrong-type.yaml",
    "yaml-tag.yaml",
};

struct Expectation {
  std::string fragment;
  int line = 0;
  std::string schema;
};

Expectation read_header(const std::string& path) {
  std::ifstream in(path);
  Expectation e;
  std::string text;
  for (int i = 0; i < 3 && std::getline(in, text); ++i) {
    auto value = [&](const std::string& tag) -> std::optional<std::string> {
      if (text.rfind(tag, 0) != 0) return std::nullopt;
      return text.substr(tag.size());
    };
    if (auto v = value("# expect: ")) e.fragment = *v;
    if (auto v = value("# line: ")) e.line = std::stoi(*v);
    if (auto v = value("# schema: ")) e.schema = *v;
  }
  return e;
}

std::vector<Error> load_errors(const std::string& path, const std::string& schema) {
  try {
    if (schema == "mmc") {
      (void)mmc_schema().load_file(path);
    } else if (schema == "sib") {
      (void)sib_schema().load_file(path);
    } else if (schema == "sib-model") {
      (void)load_sib_scenario(path);
    } else {
      FAIL("unknown schema '" << schema << "' in " << path);
    }
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  return {};
}

}  // namespace

TEST_CASE("the bad-scenario corpus lists every file in tests/data/bad-scenarios", "[scenarios]") {
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir() + "/bad-scenarios"))
    found.insert(entry.path().filename().string());
  CHECK(found == kCorpus);
}

TEST_CASE("every bad scenario fails with the expected message at the expected line", "[scenarios]") {
  for (const std::string& name : kCorpus) {
    DYNAMIC_SECTION(name) {
      const std::string path = data_dir() + "/bad-scenarios/" + name;
      const Expectation want = read_header(path);
      REQUIRE_FALSE(want.fragment.empty());
      REQUIRE(want.line > 0);
      const std::vector<Error> errors = load_errors(path, want.schema);
      REQUIRE_FALSE(errors.empty());
      std::string all;
      for (const Error& e : errors) all += e.to_string() + "\n";
      INFO("errors:\n" << all);
      const auto hit = std::find_if(errors.begin(), errors.end(), [&](const Error& e) {
        return e.to_string().find(want.fragment) != std::string::npos;
      });
      REQUIRE(hit != errors.end());
      CHECK(hit->line == want.line);
      CHECK(hit->file == path);
      CHECK(hit->column > 0);
      if (want.schema == "sib-model") CHECK(errors.size() == 1);
    }
  }
}
