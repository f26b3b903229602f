// Positive behaviour of the schema-driven loader: values, defaults, resolved YAML round trips,
// help text, accessor options, dispatch on `model`.

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>

#include "data_dir.hpp"
#include "sibsim/scenarios/schema.hpp"
#include "test_schemas.hpp"

using namespace sibsim::scenarios;
using namespace sibsim::scenarios::test;
using sibsim::engine::Date;

TEST_CASE("mmc scenario loads every value", "[scenarios]") {
  const MmcScenario s = mmc_schema().load_file(data_dir() + "/scenarios/mmc-example.yaml");
  CHECK(s.model == "mmc");
  CHECK(s.mmc.arrival_rate == 4.5);
  CHECK(s.mmc.service_rate == 1.25);
  CHECK(s.mmc.servers == 5);
  CHECK(s.mmc.warmup_days == 20.0);
  CHECK(s.mmc.horizon_days == 400.5);
}

TEST_CASE("absent keys take their declared defaults", "[scenarios]") {
  const MmcScenario s = mmc_schema().load_string("model: mmc\nmmc: {arrival_rate: 0.5, service_rate: 1}\n");
  CHECK(s.mmc.servers == 1);
  CHECK(s.mmc.warmup_days == 30.0);
  CHECK(s.mmc.horizon_days == 365.0);

  const SibScenario sib = sib_schema().load_string(R"(model: sib
recruitment: {start: 2016-05-01, end: 2017-02-01}
prisons: [{name: Lelystad, start: 2016-05-01, inflow_per_month: 2}]
counsellor_fte: [{from: 2016-05-01, fte: 1}]
)");
  CHECK(sib.title == "unnamed scenario");
  CHECK(sib.arm == Arm::both);
  CHECK(sib.recruitment_target == 150);
  CHECK(sib.consent_probability == 0.6);
  CHECK(sib.outcome_shares == std::vector<double>{0.32, 0.28, 0.40});
  CHECK(sib.municipality_weights.empty());
  CHECK_FALSE(sib.payment_cap_eur.has_value());
  CHECK(sib.interim_payments);
  CHECK(sib.follow_up_days == 104 * 7);
  CHECK(sib.prisons.at(0).rate_changes.empty());
  CHECK_FALSE(sib.prisons.at(0).stop.has_value());
}

TEST_CASE("nested lists of records, schedules, enums, maps and accessor options load", "[scenarios]") {
  const SibScenario s = sib_schema().load_file(data_dir() + "/scenarios/sib-example.yaml");
  CHECK(s.title == "Werk na Detentie, extended recruitment");
  CHECK(s.arm == Arm::treatment);
  CHECK(s.recruitment_start == Date{2016, 5, 1});
  CHECK(s.recruitment_end == Date{2017, 7, 31});
  REQUIRE(s.prisons.size() == 3);
  CHECK(s.prisons[0].name == "Dordrecht");
  REQUIRE(s.prisons[0].rate_changes.size() == 2);
  CHECK(s.prisons[0].rate_changes[1].from == Date{2017, 2, 1});
  CHECK(s.prisons[0].rate_changes[1].inflow_per_month == 5.5);
  CHECK(s.prisons[1].stop == Date{2016, 12, 31});
  CHECK(s.prisons[2].name == "Krimpen aan den IJssel");
  CHECK(s.prisons[2].inflow_per_month == 2.0);
  REQUIRE(s.counsellor_fte.size() == 2);
  CHECK(s.counsellor_fte[1].fte == 4.0);
  CHECK(s.municipality_weights.at("Den Haag") == 2.0);
  CHECK(s.payment_cap_eur == 1320000.0);
  CHECK(s.follow_up_days == 728);
  CHECK(s.seeds == std::vector<std::int64_t>{1, 2, 3});
}

TEST_CASE("resolved YAML lists every key and reloads to the same struct", "[scenarios]") {
  SECTION("mmc") {
    const MmcScenario a =
        mmc_schema().load_string("model: mmc\nmmc: {arrival_rate: 0.1, service_rate: 0.3}\n");
    const std::string yaml = mmc_schema().to_yaml(a);
    for (const char* key :
         {"model:", "arrival_rate:", "service_rate:", "servers:", "warmup_days:", "horizon_days:"})
      CHECK(yaml.find(key) != std::string::npos);
    CHECK(yaml.find("arrival_rate: 0.1  # 1/day") != std::string::npos);
    CHECK(mmc_schema().load_string(yaml, "resolved.yaml") == a);
  }
  SECTION("sib, with awkward strings and values") {
    SibScenario a = sib_schema().load_file(data_dir() + "/scenarios/sib-example.yaml");
    const std::string yaml = sib_schema().to_yaml(a, EmitOptions{true, "resolved scenario\nsecond line"});
    CHECK(yaml.rfind("# resolved scenario\n# second line\n", 0) == 0);
    CHECK(sib_schema().load_string(yaml, "resolved.yaml") == a);
    // Strings that a YAML reader would take for something else, and doubles that need all digits.
    a.title = "yes";
    a.prisons[0].name = "2016-05-01";
    a.prisons[1].name = "null";
    a.prisons[2].name = "0.5";
    a.municipality_weights = {{"true", 1.0 / 3.0}, {"", 1e-300}, {"a: b", 2.5e10}};
    a.consent_probability = 0.1 + 0.2;
    a.payment_cap_eur.reset();
    const std::string y2 = sib_schema().to_yaml(a, EmitOptions{false, ""});
    CHECK(y2.find('#') == std::string::npos);
    CHECK(sib_schema().load_string(y2, "resolved.yaml") == a);
  }
}

TEST_CASE("help text lists every key with type, default, range and unit", "[scenarios]") {
  const std::string mmc = mmc_schema().help();
  for (const std::string& k : mmc_schema().keys()) CHECK(mmc.find("\n" + k + "  (") != std::string::npos);
  CHECK(mmc_schema().keys().size() == 7);
  CHECK(mmc.find("mmc.arrival_rate  (required)\n    number > 0, unit: 1/day\n    Mean number of arrivals") !=
        std::string::npos);
  CHECK(mmc.find("mmc.servers  (default: 1)\n    integer in [1, 10000]") != std::string::npos);
  CHECK(mmc.find("model  (required)\n    one of: mmc") != std::string::npos);

  const std::string sib = sib_schema().help();
  const auto keys = sib_schema().keys();
  for (const std::string& k : keys) CHECK(sib.find("\n" + k + "  (") != std::string::npos);
  CHECK(std::find(keys.begin(), keys.end(), "prisons[].rate_changes[].from") != keys.end());
  CHECK(sib.find("prisons  (list of entries, at least 1 entry, required, unique name)") != std::string::npos);
  CHECK(sib.find("outcome_shares  (default: [0.32, 0.28, 0.4])\n    list of numbers, each in [0, 1], exactly "
                 "3 entries") != std::string::npos);
  CHECK(sib.find("payment.cap_eur  (optional, default: not set)") != std::string::npos);
  CHECK(sib.find("arm  (default: both)\n    one of: treatment, control, both") != std::string::npos);
}

TEST_CASE("the model key can be read before choosing a schema", "[scenarios]") {
  const Document doc = Document::from_file(data_dir() + "/scenarios/sib-example.yaml");
  REQUIRE(doc.scalar("model") == "sib");
  CHECK(doc.scalar("prisons[1].name") == "Zoetermeer");
  CHECK_FALSE(doc.scalar("prisons").has_value());
  CHECK_FALSE(doc.scalar("nosuch").has_value());
  const auto where = doc.location("recruitment.end");
  REQUIRE(where.has_value());
  CHECK(where->line == 8);
  CHECK(where->column == 8);
  CHECK(sib_schema().load(doc).prisons.size() == 3);
  // The same document does not fit another model's schema.
  CHECK_THROWS_AS(mmc_schema().load(doc), ValidationErrors);
}

TEST_CASE("an inconsistent schema is a logic_error naming the option", "[scenarios]") {
  struct S {
    int a = 0;
    double p = 0;
    std::vector<int> v;
    int b = 0;
  };
  auto message = [](const Schema<S>& s) {
    try {
      s.validate();
    } catch (const std::logic_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  {
    Schema<S> s;
    s.field("a", &S::a);
    CHECK_THAT(message(s), Catch::Contains("'a': needs .default_value(...) or .required()"));
  }
  {
    Schema<S> s;
    s.field("p", &S::p).default_value(1.5).probability();
    CHECK_THAT(message(s), Catch::Contains("'p': its default is invalid: value 1.5 is out of range"));
  }
  {
    Schema<S> s;
    s.field("a", &S::a).default_value(1);
    s.field("a", &S::b).default_value(1);
    CHECK_THAT(message(s), Catch::Contains("'a': declared twice"));
  }
  {
    Schema<S> s;
    s.field("v", &S::v).default_value({}).non_empty();
    s.field("bad key", &S::a).required().default_value(2);
    const std::string m = message(s);
    CHECK_THAT(m, Catch::Contains("'v': its default is invalid: the list is empty"));
    CHECK_THAT(m, Catch::Contains("'bad key': keys must be names"));
    CHECK_THAT(m, Catch::Contains("'bad key': has both a default and required()"));
    CHECK_THROWS_AS(s.load_string("v: [1]"), std::logic_error);
  }
  {
    Schema<S> s;
    s.field("a", &S::a).default_value(0).range(5, 1);
    CHECK_THAT(message(s), Catch::Contains("'a': its range is empty"));
  }
}

TEST_CASE("integer members are range-checked against their C++ type", "[scenarios]") {
  struct S {
    unsigned short small = 0;
    std::int64_t big = 0;
  };
  Schema<S> s;
  s.field("small", &S::small).default_value(1);
  s.field("big", &S::big).default_value(0);
  CHECK(s.load_string("small: 65535\nbig: -9223372036854775808").big ==
        std::numeric_limits<std::int64_t>::min());
  CHECK_THROWS_WITH(s.load_string("small: 65536"),
                    Catch::Contains("this setting holds integers in [0, 65535]"));
  CHECK_THROWS_WITH(s.load_string("small: -1"), Catch::Contains("value -1 is out of range"));
  CHECK_THROWS_WITH(s.load_string("big: 9223372036854775808"), Catch::Contains("too large for an integer"));
}

TEST_CASE("booleans, optional values and null", "[scenarios]") {
  struct S {
    bool flag = false;
    std::optional<int> n;
    std::optional<std::string> label;
  };
  Schema<S> s;
  s.field("flag", &S::flag).default_value(false);
  s.field("n", &S::n).min(0);
  s.field("label", &S::label).default_value(std::string("x"));
  CHECK(s.load_string("flag: yes").flag);
  CHECK(s.load_string("flag: True").flag);
  CHECK_FALSE(s.load_string("flag: off").flag);
  CHECK(s.load_string("flag: false").label == "x");
  CHECK_FALSE(s.load_string("label: ~").label.has_value());
  CHECK(s.load_string("n: 4").n == 4);
  CHECK_FALSE(s.load_string("n:").n.has_value());
  CHECK_THROWS_WITH(s.load_string("flag: maybe"), Catch::Contains("expected true or false, got 'maybe'"));
  CHECK_THROWS_WITH(s.load_string("flag: \"true\""), Catch::Contains("without quotes"));
  CHECK(s.to_yaml(s.load_string("flag: true")) == "flag: true\nn: ~\nlabel: x\n");
}

namespace {
enum class Colour { red, green };
struct Item {
  std::string name;
  double weight = 2.5;
};
struct WithDefaults {
  int servers = 3;
  double rate = 0.25;
  bool active = true;
  std::string label = "plain";
  Colour colour = Colour::green;
  std::vector<Item> items;
};
struct NoDefaultConstructor {
  explicit NoDefaultConstructor(int v) : value(v) {}
  int value;
};
}  // namespace

TEST_CASE("default_from_struct: absent keys take the struct's initialisers", "[scenarios]") {
  Schema<WithDefaults> s("defaults");
  s.field("servers", &WithDefaults::servers).default_from_struct().min(1).doc("servers");
  s.field("rate", &WithDefaults::rate).default_from_struct().positive().doc("rate");
  s.field("active", &WithDefaults::active).default_from_struct().doc("active");
  s.field("label", &WithDefaults::label).default_from_struct().doc("label");
  s.choice("colour", &WithDefaults::colour, {{"red", Colour::red}, {"green", Colour::green}})
      .default_from_struct()
      .doc("colour");
  s.list("items", &WithDefaults::items, [](Record<Item>& r) {
     r.field("name", &Item::name).required().doc("name");
     r.field("weight", &Item::weight).default_from_struct().doc("weight");
   }).doc("items");

  // A loaded value differs from the initialiser, so the default really comes from the schema.
  WithDefaults start;
  start.servers = 99;
  start.rate = 9;
  start.active = false;
  start.label = "changed";
  start.colour = Colour::red;
  s.load_into(Document::from_string("items: [{name: a}]\n"), start);
  CHECK(start.servers == 3);
  CHECK(start.rate == 0.25);
  CHECK(start.active);
  CHECK(start.label == "plain");
  CHECK(start.colour == Colour::green);
  REQUIRE(start.items.size() == 1);
  CHECK(start.items[0].weight == 2.5);
  // The help text states the defaults as if written with default_value().
  const std::string help = s.help();
  CHECK(help.find("servers  (default: 3)") != std::string::npos);
  CHECK(help.find("colour  (default: green)") != std::string::npos);
  CHECK(help.find("weight  (default: 2.5)") != std::string::npos);
  CHECK(s.load_string("servers: 5\n").servers == 5);
}

TEST_CASE("default_from_struct needs a default-constructible struct", "[scenarios]") {
  Schema<NoDefaultConstructor> s("no default");
  CHECK_THROWS_AS(s.field("value", &NoDefaultConstructor::value).default_from_struct(), std::logic_error);
}

namespace {
struct Part {
  double share = 0.0;
  double rate = 0.0;
  bool given = true;
};
struct WithOptional {
  Part part;
  std::string name;
};
}  // namespace

TEST_CASE("an optional section may be left out: nothing of it is required, read or written", "[scenarios]") {
  Schema<WithOptional> s("optional sections");
  s.field("name", &WithOptional::name).required().doc("name");
  Record<WithOptional> part = s.group("part", "a part a file may leave out");
  part.field<double>(
          "share", [](const WithOptional& x) { return x.part.share; },
          [](WithOptional& x, double v) { x.part.share = v; })
      .required()
      .probability()
      .doc("share");
  part.field<double>(
          "rate", [](const WithOptional& x) { return x.part.rate; },
          [](WithOptional& x, double v) { x.part.rate = v; })
      .required()
      .doc("rate");
  s.optional_section(
      "part", [](const WithOptional& x) { return x.part.given; },
      [](WithOptional& x, bool given) { x.part.given = given; });

  // Left out, or given as `part:` alone: no error for its required keys, and the resolved YAML
  // (which reloads to the same) has no trace of it.
  for (const char* text : {"name: a\n", "name: a\npart:\n"}) {
    const WithOptional absent = s.load_string(text);
    CHECK_FALSE(absent.part.given);
    const std::string yaml = s.to_yaml(absent);
    CHECK(yaml.find("part") == std::string::npos);
    CHECK_FALSE(s.load_string(yaml).part.given);
  }
  // Given: read and checked as any section, and written out.
  const WithOptional given = s.load_string("name: a\npart: {share: 0.25, rate: 3}\n");
  CHECK(given.part.given);
  CHECK(given.part.share == 0.25);
  CHECK(s.to_yaml(given).find("share: 0.25") != std::string::npos);
  CHECK_THROWS_AS(s.load_string("name: a\npart: {share: 0.25}\n"), ValidationErrors);  // rate is required
  CHECK_THROWS_AS(s.load_string("name: a\npart: {share: 2, rate: 3}\n"), ValidationErrors);
  CHECK(s.help().find("part  (section, optional: may be left out)") != std::string::npos);
  // Only a declared section can be optional.
  CHECK_THROWS_AS(s.optional_section(
                      "name", [](const WithOptional&) { return true; }, [](WithOptional&, bool) {}),
                  std::logic_error);
}
