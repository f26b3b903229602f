// Document::with_overrides on the shipped default scenario: values set by key path, created
// sections, list indices, and every loader error about an overridden value reported at the
// override's own location (a sweep file's line), including unknown keys with a did-you-mean.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "data_dir.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
using sibsim::models::sib::load_sib_scenario;

using namespace sibsim::scenarios;
using namespace sibsim::scenarios::test;
using sibsim::engine::Date;
using sibsim::engine::to_days;

namespace {

const std::string kSweep = "sweeps/example.yaml";  // where the overrides are "written"

Document actual() { return Document::from_file(data_dir() + "/../../scenarios/wnd-2016-actual.yaml"); }

double day(int y, int m, int d) { return static_cast<double>(to_days(Date{y, m, d})); }

Override at(std::string path, std::string value, int line, int column = 11) {
  return Override{std::move(path), std::move(value), Location{kSweep, line, column}};
}

// The errors of loading `doc` (or of with_overrides itself), empty if it loads.
std::vector<Error> errors_of(const Document& doc, const std::vector<Override>& overrides) {
  try {
    (void)load_sib_scenario(doc.with_overrides(overrides));
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

TEST_CASE("overrides set scalars, booleans and list entries, and leave the original unchanged",
          "[scenarios]") {
  const Document doc = actual();
  const std::vector<Override> o = {
      at("recruitment.end", "2018-02-01", 4), at("criteria.addiction_psychiatric.active", "false", 5),
      at("prisons[3].start", "2016-07-01", 6), at("payment.price_per_work_month", "1800.5", 7)};
  const Document changed = doc.with_overrides(o);
  const auto p = load_sib_scenario(changed);
  CHECK(p.recruitment.end == day(2018, 2, 1));
  CHECK_FALSE(p.criteria.addiction_psychiatric.active);
  CHECK(p.prisons[3].start == day(2016, 7, 1));
  CHECK(p.prisons[3].name == "Nieuwersluis");  // the rest of the entry is kept
  CHECK(p.prisons[4].start == day(2016, 6, 15));
  CHECK(p.payment.price_per_work_month == 1800.5);

  const auto q = load_sib_scenario(doc);
  CHECK(q.recruitment.end == day(2017, 8, 1));
  CHECK(q.criteria.addiction_psychiatric.active);
  CHECK(doc.scalar("recruitment.end") == "2017-08-01");
  CHECK(changed.scalar("recruitment.end") == "2018-02-01");

  // The new value is located in the sweep file; untouched values stay where they were.
  CHECK(changed.location("recruitment.end") == Location{kSweep, 4, 11});
  CHECK(changed.location("recruitment.start") == doc.location("recruitment.start"));
  CHECK(changed.files().back() == kSweep);
  CHECK(changed.file() == doc.file());
}

TEST_CASE("overrides create missing sections and take lists, mappings and null", "[scenarios]") {
  const Document doc = actual();
  const auto p = load_sib_scenario(doc.with_overrides(std::vector<Override>{
      at("criteria.no_bsn.dropped_from", "2017-01-01", 3),                                      // new key
      at("criteria.addiction_psychiatric.dropped_from", "null", 4),                             // unset
      at("recruitment.first_talk.not_interested_by_age", "[0.1, 0.1, 0.1, 0.1, 0.1, 0.1]", 5),  // list
      at("prisons[0]", "{name: Dordrecht, start: 2016-06-01, inflow_per_month: 2}", 6),         // mapping
  }));
  CHECK(p.criteria.no_bsn.dropped_from == day(2017, 1, 1));
  CHECK(p.criteria.addiction_psychiatric.dropped_from == 1e300);
  CHECK(p.recruitment.p_not_interested[5] == 0.1);
  CHECK(p.prisons[0].start == day(2016, 6, 1));
  CHECK(p.prisons[0].inflow_per_month == 2);

  // A section that the scenario does not have at all.
  const Document bare = Document::from_string("a: 1\n", "bare.yaml");
  const Document grown = bare.with_overrides(std::vector<Override>{at("b.c.d", "2", 9)});
  CHECK(grown.scalar("b.c.d") == "2");
  CHECK(grown.location("b.c") == Location{kSweep, 9, 11});
  CHECK(bare.scalar("b.c.d") == std::nullopt);

  // Later overrides of the same path win.
  const Document twice = doc.with_overrides(
      std::vector<Override>{at("recruitment.end", "2018-02-01", 3), at("recruitment.end", "2018-03-01", 4)});
  CHECK(twice.scalar("recruitment.end") == "2018-03-01");
  CHECK(twice.location("recruitment.end") == Location{kSweep, 4, 11});
}

TEST_CASE("a typo'd override path gives the did-you-mean error at the override", "[scenarios]") {
  const std::vector<Error> e = errors_of(actual(), {at("recruitment.ned", "2018-02-01", 12, 9)});
  INFO(all(e));
  REQUIRE(e.size() == 1);
  CHECK(e[0].file == kSweep);
  CHECK(e[0].line == 12);
  CHECK(e[0].column == 9);
  CHECK(e[0].key_path == "recruitment.ned");
  CHECK(e[0].message == "unknown key; did you mean 'recruitment.end'?");

  const std::vector<Error> deep =
      errors_of(actual(), {at("criteria.adiction_psychiatric.active", "false", 3)});
  INFO(all(deep));
  REQUIRE(deep.size() == 1);
  CHECK(deep[0].line == 3);
  CHECK(deep[0].message == "unknown key; did you mean 'criteria.addiction_psychiatric'?");
}

TEST_CASE("loader errors about an overridden value name the override's location", "[scenarios]") {
  const std::vector<Error> e = errors_of(actual(), {at("payment.price_per_work_month", "abc", 5),
                                                    at("recruitment.relapse_probability", "1.5", 6),
                                                    at("criteria.addiction_psychiatric.active", "maybe", 7)});
  INFO(all(e));
  REQUIRE(e.size() == 3);
  CHECK(e[0].line == 5);
  CHECK(e[0].file == kSweep);
  CHECK(e[0].message.find("expected a number") != std::string::npos);
  CHECK(e[1].line == 6);
  CHECK(e[1].message.find("1.5") != std::string::npos);
  CHECK(e[2].line == 7);
  CHECK(e[2].message.find("true or false") != std::string::npos);

  // A cross-field check about the overridden key points at the override too.
  const std::vector<Error> c = errors_of(actual(), {at("recruitment.end", "2016-01-01", 8)});
  INFO(all(c));
  REQUIRE(c.size() == 1);
  CHECK(c[0].file == kSweep);
  CHECK(c[0].line == 8);
  CHECK(c[0].message.find("must be after recruitment.start") != std::string::npos);
}

TEST_CASE("bad overrides are all reported at once at their locations", "[scenarios]") {
  const Document doc = actual();
  try {
    (void)doc.with_overrides(std::vector<Override>{
        at("prisons[13].start", "2016-07-01", 2),  // 13 entries: 0..12
        at("recruitment.end.day", "1", 3),         // through a value
        at("recruitment..end", "1", 4),            // malformed
        at("payment.cap", "[1, 2", 5),             // not YAML
        at("population.detention.edges_months[1]", "4", 6),
        at("nothing[0]", "1", 7),
    });
    FAIL("no exception");
  } catch (const ValidationErrors& e) {
    const auto& errs = e.errors();
    INFO(all(errs));
    REQUIRE(errs.size() == 5);
    CHECK(errs[0].line == 2);
    CHECK(errs[0].message == "'prisons' has 13 entries (indices 0 to 12); there is no entry [13]");
    CHECK(errs[1].line == 3);
    CHECK(errs[1].message.find("'recruitment.end' is the value '2017-08-01', not a section") !=
          std::string::npos);
    CHECK(errs[2].line == 4);
    CHECK(errs[2].message.find("malformed key path") != std::string::npos);
    CHECK(errs[3].line == 5);
    CHECK(errs[3].message.find("not valid YAML") != std::string::npos);
    CHECK(errs[4].line == 7);
    CHECK(errs[4].message.find("'nothing' is not in the document") != std::string::npos);
    for (const Error& x : errs) CHECK(x.file == kSweep);
  }
  // An index into a list of values is fine.
  const Document d =
      doc.with_overrides(std::vector<Override>{at("population.detention.edges_months[1]", "5", 6)});
  CHECK(d.scalar("population.detention.edges_months[1]") == "5");
}

TEST_CASE("a default Document is empty: every required key is missing", "[scenarios]") {
  const Document empty;
  CHECK(empty.file().empty());
  CHECK(empty.scalar("name") == std::nullopt);
  CHECK_THROWS_AS(load_sib_scenario(empty), ValidationErrors);
  const Document one = empty.with_overrides(std::vector<Override>{at("name", "x", 1)});
  CHECK(one.scalar("name") == "x");
}
