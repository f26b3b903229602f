// `extends:` -- a scenario file that starts from another one and states only what differs.
// Fixtures: tests/data/scenarios/extends/ (line numbers in them matter here).

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "data_dir.hpp"
#include "sibsim/scenarios/schema.hpp"
#include "test_schemas.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::scenarios::test;
using sibsim::engine::Date;

namespace {

// Concatenation through append(): GCC 12 warns falsely (-Wrestrict) on "literal" + std::string&&.
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(parts), ...);
  return out;
}

std::string dir() { return cat(data_dir(), "/scenarios/extends"); }
std::string fixture(const std::string& name) { return cat(dir(), "/", name); }

template <class T>
std::vector<Error> errors_of(const Schema<T>& schema, const std::string& path) {
  try {
    (void)schema.load_file(path);
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  FAIL("no ValidationErrors for " << path);
  return {};
}

// Parses `yaml` as if it were the file `name` in the fixture folder (so `extends` paths resolve
// there) and binds it to the test SIB schema.
std::vector<Error> inline_errors(const std::string& yaml, const std::string& name = "inline.yaml",
                                 const Limits& limits = {}) {
  try {
    (void)sib_schema().load(Document::from_string(yaml, fixture(name), limits));
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  FAIL("no ValidationErrors for:\n" << yaml);
  return {};
}

std::string all_lines(const std::vector<Error>& errors) {
  std::string out;
  for (const Error& e : errors) out.append(e.to_string()).append("\n");
  return out;
}

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / cat("sibsim-extends-test-", std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path / name;
    std::ofstream(p) << text;
    return p.string();
  }
};

}  // namespace

TEST_CASE("extends: mappings merge key by key, scalars and lists replace whole", "[scenarios][extends]") {
  const Document doc = Document::from_file(fixture("variant.yaml"));
  CHECK(doc.files() == std::vector<std::string>{fixture("variant.yaml"), fixture("base.yaml")});
  CHECK_FALSE(doc.scalar("extends"));  // consumed
  const SibScenario s = sib_schema().load(doc);
  CHECK(s.title == "Variant scenario");            // scalar from the variant
  CHECK(s.arm == Arm::treatment);                  // scalar from the base
  CHECK(s.recruitment_start == Date{2016, 5, 1});  // section merged: start from the base ...
  CHECK(s.recruitment_end == Date{2017, 12, 31});  // ... end from the variant
  CHECK(s.recruitment_target == 150);
  REQUIRE(s.prisons.size() == 2);  // a list is replaced whole
  CHECK(s.prisons[0].name == "Dordrecht");
  CHECK(s.prisons[1].name == "Almere");
  CHECK(s.municipality_weights ==
        std::map<std::string, double>{{"Rotterdam", 3}, {"Den Haag", 2}, {"Utrecht", 1.5}});
  CHECK(s.seeds == std::vector<std::int64_t>{7});
  CHECK(s.payment_cap_eur == 1320000.0);
  CHECK(s.follow_up_days == 104 * 7);
}

TEST_CASE("extends: a variant of a variant, and null replaces too", "[scenarios][extends]") {
  const Document doc = Document::from_file(fixture("variant-of-variant.yaml"));
  CHECK(doc.files() == std::vector<std::string>{fixture("variant-of-variant.yaml"), fixture("variant.yaml"),
                                                fixture("base.yaml")});
  const SibScenario s = sib_schema().load(doc);
  CHECK(s.recruitment_target == 200);              // this file
  CHECK(s.recruitment_end == Date{2017, 12, 31});  // its base
  CHECK(s.recruitment_start == Date{2016, 5, 1});  // the base of its base
  CHECK(s.title == "Variant scenario");
  CHECK_FALSE(s.payment_cap_eur.has_value());  // `cap_eur: null` unsets the base's value
  CHECK(s.follow_up_days == 104 * 7);
  REQUIRE(s.prisons.size() == 2);
}

TEST_CASE("extends: the path is relative to the extending file's folder", "[scenarios][extends]") {
  const Document doc = Document::from_file(fixture("sub/other-folder.yaml"));
  CHECK(doc.files() == std::vector<std::string>{fixture("sub/other-folder.yaml"), fixture("base.yaml")});
  const SibScenario s = sib_schema().load(doc);
  CHECK(s.arm == Arm::control);
  CHECK(s.title == "Base scenario");
  CHECK(s.prisons.size() == 2);
}

TEST_CASE("extends: the resolved YAML shows the merged result and reloads on its own",
          "[scenarios][extends]") {
  const SibScenario s = sib_schema().load_file(fixture("variant.yaml"));
  const std::string yaml = sib_schema().to_yaml(s);
  INFO(yaml);
  CHECK(yaml.find("extends") == std::string::npos);
  CHECK(yaml.find("end: 2017-12-31") != std::string::npos);
  CHECK(yaml.find("start: 2016-05-01") != std::string::npos);
  CHECK(yaml.find("Utrecht: 1.5") != std::string::npos);
  CHECK(yaml.find("Zoetermeer") == std::string::npos);
  CHECK(sib_schema().load_string(yaml) == s);
}

TEST_CASE("extends: only the merged result is checked, so a base may be incomplete or wrong",
          "[scenarios][extends]") {
  const SibScenario s = sib_schema().load_file(fixture("fixed-variant.yaml"));
  CHECK(s.consent_probability == 0.45);
  CHECK(s.title == "Fixed variant");
}

TEST_CASE("extends: an error is reported in the file where the bad value is written",
          "[scenarios][extends]") {
  const auto errors = errors_of(sib_schema(), fixture("bad-variant.yaml"));
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 2);
  // The extending file's errors first, then its base's.
  CHECK(errors[0].file == fixture("bad-variant.yaml"));
  CHECK(errors[0].line == 5);
  CHECK(errors[0].column == 11);
  CHECK(errors[0].key_path == "recruitment.target");
  CHECK(errors[1].file == fixture("bad-base.yaml"));
  CHECK(errors[1].line == 4);
  CHECK(errors[1].column == 22);
  CHECK(errors[1].key_path == "consent_probability");
  CHECK(errors[1].to_string().rfind(
            cat(fixture("bad-base.yaml"), ":4:22: error: key 'consent_probability': "), 0) == 0);

  const Document doc = Document::from_file(fixture("bad-variant.yaml"));
  CHECK(doc.location("consent_probability") == Location{fixture("bad-base.yaml"), 4, 22});
  CHECK(doc.location("title") == Location{fixture("bad-variant.yaml"), 3, 8});
  CHECK(doc.location("recruitment.start") == Location{fixture("bad-base.yaml"), 6, 10});
}

TEST_CASE("extends: cross-field checks report at the value's own file", "[scenarios][extends]") {
  // end (here) before start (in the base): reported here, naming the start's value.
  auto errors = inline_errors("extends: base.yaml\nrecruitment:\n  end: 2016-01-01\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == fixture("inline.yaml"));
  CHECK(errors[0].line == 3);
  CHECK(errors[0].message == "must be after recruitment.start (2016-05-01)");

  // start (here) after the base's end: the check's key is `end`, written in the base.
  errors = inline_errors("extends: base.yaml\nrecruitment:\n  start: 2018-01-01\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == fixture("base.yaml"));
  CHECK(errors[0].line == 7);
  CHECK(errors[0].key_path == "recruitment.end");
}

TEST_CASE("extends: the extending file's own mistakes are reported there", "[scenarios][extends]") {
  // A section replaced by a scalar.
  auto errors = inline_errors("extends: base.yaml\nrecruitment: 5\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == fixture("inline.yaml"));
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message.find("expected a section of keys") != std::string::npos);

  // Unknown and duplicate keys.
  errors = inline_errors("extends: base.yaml\ntitle: a\nrecruitment:\n  ned: 2017-01-01\ntitle: b\n");
  INFO(all_lines(errors));
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].to_string() ==
        cat(fixture("inline.yaml"),
            ":4:3: error: key 'recruitment.ned': unknown key; did you mean 'recruitment.end'?"));
  CHECK(errors[1].line == 5);
  CHECK(errors[1].message.find("duplicate key (first given at line 2, column 1)") != std::string::npos);

  // `extends` is only a top-level key.
  errors = inline_errors("extends: base.yaml\npayment:\n  extends: base.yaml\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].key_path == "payment.extends");
  CHECK(errors[0].line == 3);
}

TEST_CASE("extends: a missing base is an error at the extends line", "[scenarios][extends]") {
  const auto errors = errors_of(sib_schema(), fixture("missing-base.yaml"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].to_string() == cat(fixture("missing-base.yaml"),
                                     ":3:10: error: key 'extends': cannot load the base scenario "
                                     "'no-such-base.yaml' (looked for ",
                                     fixture("no-such-base.yaml"), "): no such file"));

  // A folder is no scenario either.
  const auto dir_errors = inline_errors("extends: sub\n");
  REQUIRE(dir_errors.size() == 1);
  CHECK(dir_errors[0].line == 1);
  CHECK(dir_errors[0].message.find("it is a directory") != std::string::npos);
}

TEST_CASE("extends: cycles are errors naming the files", "[scenarios][extends]") {
  const auto errors = errors_of(sib_schema(), fixture("cycle-a.yaml"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].to_string() == cat(fixture("cycle-a.yaml"),
                                     ":2:10: error: key 'extends': extends cycle: ", fixture("cycle-a.yaml"),
                                     " -> ", fixture("cycle-b.yaml"), " -> ", fixture("cycle-a.yaml")));
  // Entering the cycle from outside: reported where the cycle starts.
  const auto from_outside = inline_errors("extends: cycle-b.yaml\n");
  REQUIRE(from_outside.size() == 1);
  CHECK(from_outside[0].file == fixture("cycle-b.yaml"));
  CHECK(from_outside[0].line == 2);
  CHECK(from_outside[0].message == cat("extends cycle: ", fixture("cycle-b.yaml"), " -> ",
                                       fixture("cycle-a.yaml"), " -> ", fixture("cycle-b.yaml")));
  // A file that extends itself.
  const auto self = inline_errors("# me\nextends: ./self.yaml\n", "self.yaml");
  REQUIRE(self.size() == 1);
  CHECK(self[0].line == 2);
  CHECK(self[0].message == cat("extends cycle: ", fixture("self.yaml"), " -> ", fixture("self.yaml")));
}

TEST_CASE("extends: chains are limited in depth", "[scenarios][extends]") {
  const TempDir tmp;
  tmp.write("f9.yaml", "model: mmc\nmmc: {arrival_rate: 1, service_rate: 2, servers: 9}\n");
  for (int i = 8; i >= 0; --i)
    tmp.write(
        cat("f", std::to_string(i), ".yaml"),
        cat("extends: f", std::to_string(i + 1), ".yaml\nmmc: {servers: ", std::to_string(i + 1), "}\n"));
  // f1 -> ... -> f9 is 8 levels: fine.
  const MmcScenario s = mmc_schema().load_file((tmp.path / "f1.yaml").string());
  CHECK(s.mmc.servers == 2);
  CHECK(s.mmc.arrival_rate == 1.0);
  CHECK(Document::from_file((tmp.path / "f1.yaml").string()).files().size() == 9);
  // f0 -> ... -> f9 is 9.
  const auto errors = errors_of(mmc_schema(), (tmp.path / "f0.yaml").string());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == (tmp.path / "f8.yaml").string());
  CHECK(errors[0].line == 1);
  CHECK(errors[0].message.rfind("too many levels of extends (at most 8): ", 0) == 0);
  // The limit is a Limits field.
  Limits none;
  none.max_extends_depth = 0;
  CHECK_THROWS_AS(Document::from_file((tmp.path / "f8.yaml").string(), none), ValidationErrors);
}

TEST_CASE("extends: problems inside a base file are reported in that file", "[scenarios][extends]") {
  const TempDir tmp;
  tmp.write("broken.yaml", "model: mmc\nmmc: {arrival_rate: [1, service_rate: 2}\n");
  tmp.write("list.yaml", "- a\n- b\n");
  const std::string variant = tmp.write("variant.yaml", "extends: broken.yaml\n");
  const auto errors = errors_of(mmc_schema(), variant);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].file == (tmp.path / "broken.yaml").string());
  CHECK(errors[0].message.rfind("YAML syntax error", 0) == 0);

  const auto not_a_map = errors_of(mmc_schema(), tmp.write("v2.yaml", "extends: list.yaml\n"));
  REQUIRE(not_a_map.size() == 1);
  CHECK(not_a_map[0].file == (tmp.path / "list.yaml").string());
  CHECK(not_a_map[0].line == 1);
  CHECK(not_a_map[0].message.find("a base scenario must be a mapping of keys") != std::string::npos);
}

TEST_CASE("extends: its value must be one path", "[scenarios][extends]") {
  auto errors = inline_errors("title: x\nextends:\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].column == 1);
  CHECK(errors[0].key_path == "extends");
  CHECK(errors[0].message.rfind("no value given; expected the path of the base scenario file", 0) == 0);

  errors = inline_errors("extends: [base.yaml, variant.yaml]\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].column == 10);
  CHECK(errors[0].message.find("got a list") != std::string::npos);

  errors = inline_errors("extends: base.yaml\nextends: variant.yaml\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message.find("duplicate key (first given at line 1, column 1)") != std::string::npos);
}
