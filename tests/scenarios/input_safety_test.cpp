// Issue 13, classes 4 and 8 in the scenario library: only regular files are read (devices and
// folders refused; FIFOs are tested through the CLI with timeouts, tests/app/input_safety_test.py),
// YAML tags other than !!str are refused where written, CR-only line endings are line breaks,
// and every key path has exactly one spelling (`prisons[00]` is malformed, not `prisons[0]`).

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sibsim/scenarios/schema.hpp"
#include "test_schemas.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::scenarios::test;

namespace {

std::vector<Error> errors_of(const std::string& text) {
  try {
    (void)mmc_schema().load(Document::from_string(text, "t.yaml"));
  } catch (const ValidationErrors& e) {
    return e.errors();
  }
  FAIL("no ValidationErrors for:\n" << text);
  return {};
}

const std::string kMmc =
    "model: mmc\n"
    "mmc:\n"
    "  arrival_rate: 4\n"
    "  service_rate: 1\n"
    "  servers: 5\n";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace

TEST_CASE("a device or a folder is refused as a scenario file, without reading it", "[input]") {
  for (const char* path : {"/dev/null", "/dev/zero", "/"}) {
    try {
      (void)Document::from_file(path);
      FAIL(path << " was read");
    } catch (const ValidationErrors& e) {
      REQUIRE(e.errors().size() == 1);
      CHECK(e.errors()[0].file == path);
      const std::string& m = e.errors()[0].message;
      CHECK(
          (m.find("a character device") != std::string::npos || m.find("a directory") != std::string::npos));
    }
  }
}

TEST_CASE("YAML tags other than !!str on a value are refused at the tag", "[input][tags]") {
  struct Case {
    std::string from, to, tag;
    int line, column;
  };
  const std::vector<Case> cases = {
      {"servers: 5", "servers: !!int 5", "!!int", 5, 12},
      {"arrival_rate: 4", "arrival_rate: !!float 4", "!!float", 3, 17},
      {"servers: 5", "servers: !custom 5", "!custom", 5, 12},
      {"mmc:\n", "mmc: !!map\n", "!!map", 2, 6},
      {"mmc:\n", "mmc: !!str\n", "!!str", 2, 6},  // !!str on a section
      {"model: mmc", "model: !!binary bW1j", "!!binary", 1, 8},
      {"servers: 5", "!!str servers: 5", "", 0, 0},  // allowed: !!str on a key
      {"servers: 5", "? !!int servers\n  : 5", "!!int", 5, 5},
  };
  for (const Case& c : cases) {
    const std::string text = replace(kMmc, c.from, c.to);
    INFO(text);
    if (c.tag.empty()) {
      CHECK_NOTHROW(mmc_schema().load(Document::from_string(text, "t.yaml")));
      continue;
    }
    const std::vector<Error> errors = errors_of(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("YAML tag '" + c.tag + "' is not supported") != std::string::npos);
    CHECK(errors[0].line == c.line);
    CHECK(errors[0].column == c.column);
  }
  SECTION("!!str makes a value text, as quotes do") {
    const std::vector<Error> errors = errors_of(replace(kMmc, "servers: 5", "servers: !!str 5"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].key_path == "mmc.servers");
    CHECK(errors[0].message == errors_of(replace(kMmc, "servers: 5", "servers: \"5\""))[0].message);
  }
  SECTION("a tag declared by a %TAG directive") {
    CHECK_THROWS_AS(Document::from_string("%TAG !e! tag:example.com,2000:\n---\nmodel: !e!x mmc\n"),
                    ValidationErrors);
  }
}

TEST_CASE("CR-only line endings are line breaks, as in YAML", "[input][cr]") {
  const MmcScenario lf = mmc_schema().load(Document::from_string(kMmc, "lf.yaml"));
  std::string cr = "# old Mac line endings\n" + kMmc;
  for (char& c : cr)
    if (c == '\n') c = '\r';
  const Document doc = Document::from_string(cr, "cr.yaml");
  CHECK(mmc_schema().load(doc) == lf);
  CHECK(doc.text() == cr);  // the text as read, for the results file
  SECTION("errors point at the right line") {
    const std::vector<Error> errors = errors_of(replace(cr, "servers: 5", "servers: five"));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].line == 6);
    CHECK(errors[0].column == 12);
  }
  SECTION("mixed CR, LF and CR LF") {
    std::string mixed = replace(replace(kMmc, "mmc\n", "mmc\r"), "4\n", "4\r\n");
    CHECK(mmc_schema().load(Document::from_string(mixed, "mixed.yaml")) == lf);
  }
}

TEST_CASE("a key path has one spelling: other spellings of an index are malformed", "[input][paths]") {
  const Document doc = Document::from_string("a:\n  - {b: 1}\n  - {b: 2}\n", "p.yaml");
  CHECK(doc.scalar("a[1].b") == "2");
  for (const char* path :
       {"a[01].b", "a[00].b", "a[+1].b", "a[ 1].b", "a[1 ].b", "a.[1].b", "a[1]b", "a[1]].b", "[0]",
        "a[1].b.", "a..b", "a[-1].b", "a[18446744073709551617].b", "a[1.0].b"}) {
    INFO(path);
    CHECK_FALSE(doc.scalar(path).has_value());
    const std::vector<Override> o{Override{path, "3", Location{"sweep.yaml", 7, 11}}};
    try {
      (void)doc.with_overrides(o);
      FAIL("accepted");
    } catch (const ValidationErrors& e) {
      REQUIRE(e.errors().size() == 1);
      CHECK(e.errors()[0].message.rfind("malformed key path", 0) == 0);
      CHECK(e.errors()[0].line == 7);
    }
  }
  const std::vector<Override> ok{Override{"a[0].b", "3", Location{"sweep.yaml", 7, 11}}};
  CHECK(doc.with_overrides(ok).scalar("a[0].b") == "3");
}
