// Error reporting: all errors at once, exact one-line rendering, locations of cross-field
// checks, hostile input.

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "data_dir.hpp"
#include "sibsim/scenarios/schema.hpp"
#include "test_schemas.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::scenarios::test;

namespace {

template <class T>
std::vector<Error> errors_of(const Schema<T>& schema, const std::string& yaml, const Limits& limits = {}) {
  try {
    (void)schema.load_string(yaml, "s.yaml", limits);
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  FAIL("no ValidationErrors for:\n" << yaml);
  return {};
}

std::vector<Error> parse_errors(const std::string& yaml, const Limits& limits = {}) {
  try {
    (void)Document::from_string(yaml, "s.yaml", limits);
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  FAIL("no ValidationErrors for:\n" << yaml.substr(0, 200));
  return {};
}

}  // namespace

TEST_CASE("an error renders as one line: file:line:col: error: key 'a.b': message", "[scenarios]") {
  const auto errors =
      errors_of(mmc_schema(), "model: mmc\nmmc:\n  arrival_rate: 1\n  service_rate: 2\n  sevrers: 3\n");
  REQUIRE(errors.size() == 1);
  const Error& e = errors[0];
  CHECK(e.file == "s.yaml");
  CHECK(e.line == 5);
  CHECK(e.column == 3);
  CHECK(e.key_path == "mmc.sevrers");
  CHECK(e.to_string() == "s.yaml:5:3: error: key 'mmc.sevrers': unknown key; did you mean 'mmc.servers'?");
  CHECK(Error{"f.yaml", 0, 0, "", "cannot open"}.to_string() == "f.yaml: error: cannot open");
}

TEST_CASE("every error in a file is reported at once, in file order", "[scenarios]") {
  const std::string yaml = R"(model: mcm
mmc:
  arrival_rate: -1
  service_rate: fast
  servers: 2.5
  servers: 3
  horizon: 100
extra: true
)";
  std::vector<Error> errors;
  try {
    (void)mmc_schema().load_string(yaml, "s.yaml");
    FAIL("expected errors");
  } catch (const ValidationErrors& e) {
    errors = e.errors();
    const std::string what = e.what();
    CHECK(std::count(what.begin(), what.end(), '\n') == static_cast<long>(errors.size()) - 1);
  }
  REQUIRE(errors.size() == 7);
  CHECK(errors[0].to_string() ==
        "s.yaml:1:8: error: key 'model': invalid value 'mcm'; expected one of: mmc; did you mean 'mmc'?");
  CHECK(errors[1].to_string() ==
        "s.yaml:3:17: error: key 'mmc.arrival_rate': value -1 is out of range: must be > 0");
  CHECK(errors[2].to_string() ==
        "s.yaml:4:17: error: key 'mmc.service_rate': expected a number > 0, got 'fast'");
  CHECK(errors[3].to_string() ==
        "s.yaml:5:12: error: key 'mmc.servers': expected a whole number (integer), got '2.5'");
  CHECK(errors[4].to_string() ==
        "s.yaml:6:3: error: key 'mmc.servers': duplicate key (first given at line 5, column 3); YAML would "
        "silently keep only one");
  CHECK(errors[5].to_string() ==
        "s.yaml:7:3: error: key 'mmc.horizon': unknown key; did you mean 'mmc.horizon_days'?");
  CHECK(errors[6].to_string() ==
        "s.yaml:8:1: error: key 'extra': unknown key; valid keys at the top level: model, mmc");
}

TEST_CASE("missing required keys are reported at the enclosing section", "[scenarios]") {
  const auto errors = errors_of(mmc_schema(), "model: mmc\nmmc:\n  servers: 2\n");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].to_string() ==
        "s.yaml:3:3: error: key 'mmc.arrival_rate': missing required key; expected a number > 0");
  CHECK(errors[1].key_path == "mmc.service_rate");
  const auto whole = errors_of(mmc_schema(), "model: mmc\n");
  REQUIRE(whole.size() == 2);
  CHECK(whole[0].line == 1);
}

TEST_CASE("a key written in the wrong section suggests its real place", "[scenarios]") {
  const auto errors =
      errors_of(mmc_schema(), "model: mmc\nservers: 3\nmmc: {arrival_rate: 1, service_rate: 2}\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].to_string() ==
        "s.yaml:2:1: error: key 'servers': unknown key; did you mean 'mmc.servers'?");
}

TEST_CASE("a key named like its own section gets no circular suggestion", "[scenarios]") {
  const auto errors =
      errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 1, service_rate: 2, mmc: 3}\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message ==
        "unknown key; valid keys here: arrival_rate, service_rate, servers, warmup_days, horizon_days");
}

TEST_CASE("cross-field checks report at the named key", "[scenarios]") {
  SECTION("checks of a section") {
    const auto errors = errors_of(mmc_schema(), R"(model: mmc
mmc:
  arrival_rate: 10
  service_rate: 1
  servers: 4
  warmup_days: 400
)");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].to_string() ==
          "s.yaml:3:17: error: key 'mmc.arrival_rate': the queue is unstable: arrival_rate must be below "
          "servers * service_rate");
    CHECK(errors[1].to_string() ==
          "s.yaml:6:16: error: key 'mmc.warmup_days': the warm-up must be shorter than horizon_days");
  }
  SECTION("a check naming a key that is absent (its default is in effect) points at the section") {
    const auto errors = errors_of(
        mmc_schema(), "model: mmc\nmmc:\n  arrival_rate: 1\n  service_rate: 2\n  horizon_days: 20\n");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].to_string() ==
          "s.yaml:2:1: error: key 'mmc.warmup_days': the warm-up must be shorter than horizon_days");
  }
  SECTION("checks of list entries and of a group, beside ordinary errors elsewhere") {
    const auto errors = errors_of(sib_schema(), R"(model: sib
recruitment:
  start: 2017-02-01
  end: 2016-05-01
consent_probability: 2
prisons:
  - name: Almere
    start: 2017-01-01
    stop: 2016-01-01
    inflow_per_month: 1
    rate_changes: [{from: 2016-12-01, inflow_per_month: 2}]
counsellor_fte: [{from: 2016-05-01, fte: 1}]
)");
    REQUIRE(errors.size() == 4);
    CHECK(errors[0].to_string() ==
          "s.yaml:4:8: error: key 'recruitment.end': must be after recruitment.start (2017-02-01)");
    CHECK(errors[1].key_path == "consent_probability");
    CHECK(errors[2].to_string() ==
          "s.yaml:9:11: error: key 'prisons[0].stop': must be after start (2017-01-01)");
    CHECK(errors[3].to_string() ==
          "s.yaml:11:27: error: key 'prisons[0].rate_changes[0].from': must be after the prison's start");
  }
  SECTION("a check on the whole scenario runs only when everything else is valid") {
    const std::string base = R"(model: sib
recruitment: {start: 2016-05-01, end: 2017-02-01}
prisons: [{name: Lelystad, start: 2016-05-01, inflow_per_month: 2}]
counsellor_fte: [{from: 2016-05-01, fte: 1}]
outcome_shares: [0.5, 0.5, 0.5]
)";
    const auto errors = errors_of(sib_schema(), base);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].to_string() ==
          "s.yaml:5:1: error: key 'outcome_shares': the shares must sum to 1 (they sum to 1.500000)");
    CHECK(errors_of(sib_schema(), base + "consent_probability: -1\n").size() == 1);
  }
}

TEST_CASE("defaults never replace a bad value", "[scenarios]") {
  // servers has a default, but a bad value is an error, not a silent fallback.
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 1, service_rate: 2, servers: }\n")[0]
            .message == "no value given; expected an integer in [1, 10000]");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 1, service_rate: 2, servers: [3]}\n")[0]
            .message == "expected an integer in [1, 10000], got a list");
  CHECK(
      errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 1, service_rate: 2, servers: \"3\"}\n")[0]
          .message ==
      "expected an integer in [1, 10000], got the quoted string \"3\" (numbers are written without quotes)");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: '1,5', service_rate: 2}\n")[0].message ==
        "expected a number > 0, got the quoted string \"1,5\" (numbers are written without quotes)");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 1.5e400, service_rate: 2}\n")[0].message ==
        "value '1.5e400' is not a finite number");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: .nan, service_rate: 2}\n")[0].message ==
        "expected a number > 0, got '.nan'");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 25%, service_rate: 2}\n")[0].message ==
        "expected a number > 0, got '25%' (write a percentage as a fraction, e.g. 0.25 for 25%)");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: {arrival_rate: 1, service_rate: 2, servers: 010}\n")[0]
            .message ==
        "expected an integer in [1, 10000], got '010' (leading zeros are ambiguous: YAML 1.1 reads 010 as "
        "octal 8)");
  CHECK(errors_of(mmc_schema(), "model: mmc\nmmc: 5\n")[0].message ==
        "expected a section of keys (key: value lines), got '5'");
  CHECK(errors_of(mmc_schema(), "- model: mmc\n")[0].message ==
        "a scenario must be a mapping of keys (key: value lines) at the top level, got a list");
}

TEST_CASE("dates are checked strictly", "[scenarios]") {
  auto date_error = [](const std::string& d) {
    return errors_of(sib_schema(),
                     "model: sib\nrecruitment: {start: " + d +
                         ", end: 2019-01-01}\nprisons: [{name: A, start: 2016-05-01, inflow_per_month: "
                         "2}]\ncounsellor_fte: [{from: 2016-05-01, fte: 1}]\n")[0]
        .message;
  };
  CHECK(date_error("2017-02-30") ==
        "impossible date '2017-02-30': day 30 does not exist (February 2017 has 28 days)");
  CHECK(date_error("2016-02-30") ==
        "impossible date '2016-02-30': day 30 does not exist (February 2016 has 29 days)");
  CHECK(date_error("2017-13-01") == "impossible date '2017-13-01': there is no month 13");
  CHECK(date_error("01-02-2017") == "expected a date written YYYY-MM-DD (e.g. 2017-02-01), got '01-02-2017'");
  CHECK(date_error("1800-01-01") == "date '1800-01-01' is outside the supported years 1900-2200");
}

TEST_CASE("list entries are checked for order, uniqueness and size", "[scenarios]") {
  const auto errors = errors_of(sib_schema(), R"(model: sib
recruitment: {start: 2016-05-01, end: 2017-02-01}
prisons:
  - {name: Hoorn, start: 2016-05-01, inflow_per_month: 2}
  - {name: Hoorn, start: 2016-06-01, inflow_per_month: 2}
counsellor_fte:
  - {from: 2016-05-01, fte: 1}
  - {from: 2016-05-01, fte: 2}
outcome_shares: [0.5, 0.5]
municipality_weights: {Hoorn: 1, Hoorn: 2}
)");
  REQUIRE(errors.size() == 4);
  CHECK(errors[0].to_string() ==
        "s.yaml:5:12: error: key 'prisons[1].name': duplicate name 'Hoorn': prisons[0] has it already; each "
        "entry "
        "needs its own");
  CHECK(errors[1].to_string() ==
        "s.yaml:8:12: error: key 'counsellor_fte[1].from': entries must be in strictly increasing order of "
        "'from': "
        "2016-05-01 repeats 2016-05-01 in the entry before");
  CHECK(errors[2].to_string() ==
        "s.yaml:9:17: error: key 'outcome_shares': the list has 2 entries; exactly 3 entries required");
  CHECK(errors[3].to_string() ==
        "s.yaml:10:34: error: key 'municipality_weights.Hoorn': duplicate key (first given at line 10, "
        "column 24)");
}

TEST_CASE("the number of reported errors is capped", "[scenarios]") {
  std::string yaml = "model: mmc\n";
  for (int i = 0; i < 50; ++i) yaml.append("x").append(std::to_string(i)).append(": 1\n");
  Limits limits;
  limits.max_errors = 10;
  const auto errors = errors_of(mmc_schema(), yaml, limits);
  REQUIRE(errors.size() == 11);
  CHECK(errors.back().message == "too many errors; stopped after 10");
}

TEST_CASE("hostile and broken files are refused with a clear message", "[scenarios]") {
  SECTION("syntax error with line and column") {
    const auto e = parse_errors("model: mmc\nmmc: {arrival_rate: 1\nfoo: [\n");
    REQUIRE(e.size() == 1);
    CHECK(e[0].message.rfind("YAML syntax error: ", 0) == 0);
    CHECK(e[0].line > 0);
  }
  SECTION("alias bomb") {
    std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
      const std::string n = std::to_string(i), prev = std::to_string(i - 1);
      yaml.append("a").append(n).append(": &a").append(n).append(" [");
      for (int j = 0; j < 10; ++j) yaml.append(j ? ", *a" : "*a").append(prev);
      yaml += "]\n";
    }
    const auto e = parse_errors(yaml);
    REQUIRE(e.size() == 1);
    CHECK_THAT(e[0].message, Catch::Contains("alias bomb"));
    CHECK(e[0].line == 6);
  }
  SECTION("recursive alias") {
    CHECK_THAT(parse_errors("a: &x [1, *x]\n")[0].message, Catch::Contains("recursive alias"));
  }
  SECTION("deep nesting") {
    const std::string yaml = "a: " + std::string(100, '[') + std::string(100, ']') + "\n";
    const auto e = parse_errors(yaml);
    CHECK(e[0].message == "nesting is deeper than 32 levels; refusing to load it");
    CHECK(e[0].line == 1);
    CHECK(e[0].column == 35);
  }
  SECTION("huge flat document") {
    Limits limits;
    limits.max_nodes = 1000;
    std::string yaml = "a: [";
    for (int i = 0; i < 2000; ++i) yaml += "1, ";
    yaml += "1]\n";
    CHECK_THAT(parse_errors(yaml, limits)[0].message, Catch::Contains("more than 1000 YAML nodes"));
  }
  SECTION("file larger than 10 MB") {
    const auto path = std::filesystem::temp_directory_path() / "sibsim-scenarios-huge.yaml";
    {
      std::ofstream out(path, std::ios::binary);
      const std::string line = "# " + std::string(1021, 'x') + "\n";
      for (int i = 0; i < 10 * 1024 + 1; ++i) out << line;
    }
    try {
      (void)Document::from_file(path.string());
      FAIL("a file over 10 MB was accepted");
    } catch (const ValidationErrors& e) {
      CHECK(
          e.errors().at(0).message ==
          "the file has 10486784 bytes, more than the limit of 10485760 bytes (10 MB); refusing to load it");
    }
    std::filesystem::remove(path);
  }
  SECTION("missing file, directory") {
    CHECK_THROWS_WITH(Document::from_file("/nonexistent/s.yaml"),
                      "/nonexistent/s.yaml: error: cannot open the scenario file: no such file");
    CHECK_THROWS_WITH(Document::from_file(data_dir()), Catch::Contains("it is a directory"));
  }
  SECTION("what yaml-cpp 0.7 would accept silently") {
    CHECK(parse_errors("a: 1\nb: \"abc\n")[0].to_string() ==
          "s.yaml:2:4: error: unterminated quoted string: the closing \" is missing");
    CHECK(parse_errors("a: 1\n---\nb: 2\n")[0].to_string() ==
          "s.yaml:2:1: error: a scenario file holds one YAML document, but a second one starts here (---)");
    CHECK(parse_errors("")[0].message == "the file is empty: no settings found");
    CHECK(parse_errors("# nothing\n")[0].message == "the file is empty: no settings found");
    CHECK_NOTHROW(Document::from_string("a: 'it''s'\nb: \"say \\\"hi\\\"\"\n"));
  }
  SECTION("merge keys") {
    const auto e = errors_of(mmc_schema(),
                             "model: mmc\nbase: &b {service_rate: 1}\nmmc:\n  <<: *b\n  arrival_rate: 1\n");
    CHECK(e.at(1).to_string() ==
          "s.yaml:4:3: error: key 'mmc.<<': YAML merge keys (<<) are not supported; write the keys out in "
          "full");
  }
}
