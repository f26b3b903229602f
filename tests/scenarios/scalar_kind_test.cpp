// scalar_kind.hpp: one enum of scalar kinds with its names, and the loader's own readers of
// plain scalars (what a sweep or feasibility parameter written as text is).

#include <catch2/catch.hpp>

#include "sibsim/scenarios/scalar_kind.hpp"
#include "sibsim/scenarios/schema.hpp"

using namespace sibsim::scenarios;

TEST_CASE("scalar kinds have one name each, and the names read back", "[scenarios]") {
  for (const ScalarKind k :
       {ScalarKind::boolean, ScalarKind::integer, ScalarKind::number, ScalarKind::text, ScalarKind::date})
    CHECK(parse_scalar_kind(name(k)) == k);
  CHECK(name(ScalarKind::integer) == "integer");
  CHECK(name(ScalarKind::text) == "text");
  CHECK(name(ScalarKind::date) == "date");
  CHECK_FALSE(parse_scalar_kind("string").has_value());
  CHECK_FALSE(parse_scalar_kind("Number").has_value());
  static_assert(name(ScalarKind::boolean) == "boolean");
}

TEST_CASE("the schema's option kinds are the scalar kinds", "[scenarios]") {
  CHECK(detail::ScalarTraits<bool>::kind == ScalarKind::boolean);
  CHECK(detail::ScalarTraits<int>::kind == ScalarKind::integer);
  CHECK(detail::ScalarTraits<double>::kind == ScalarKind::number);
  CHECK(detail::ScalarTraits<std::string>::kind == ScalarKind::text);
  CHECK(detail::ScalarTraits<sibsim::engine::Date>::kind == ScalarKind::date);
}

TEST_CASE("plain scalars read as the loader reads them", "[scenarios]") {
  CHECK(read_boolean("yes") == true);
  CHECK(read_boolean("OFF") == false);
  CHECK_FALSE(read_boolean("y").has_value());
  CHECK(read_integer("150") == 150);
  CHECK(read_integer("+3") == 3);
  CHECK(read_integer("-3") == -3);
  CHECK(read_integer("0") == 0);
  CHECK_FALSE(read_integer("010").has_value());  // YAML 1.1 octal: refused, as by the loader
  CHECK_FALSE(read_integer("-01").has_value());
  CHECK_FALSE(read_integer("1.5").has_value());
  CHECK_FALSE(read_integer("99999999999999999999").has_value());
  CHECK(read_number("0.8") == 0.8);
  CHECK(read_number("1e3") == 1000.0);
  CHECK(read_number("+2.5") == 2.5);
  CHECK(read_number("010") == 10.0);
  CHECK_FALSE(read_number("+-1").has_value());
  CHECK_FALSE(read_number("1,5").has_value());
  CHECK_FALSE(read_number("inf").has_value());
  CHECK_FALSE(read_number("nan").has_value());
  CHECK_FALSE(read_number("").has_value());
}

TEST_CASE("a plain scalar's kind is the narrowest it reads as", "[scenarios]") {
  CHECK(infer_scalar_kind("true") == ScalarKind::boolean);
  CHECK(infer_scalar_kind("off") == ScalarKind::boolean);
  CHECK(infer_scalar_kind("150") == ScalarKind::integer);
  CHECK(infer_scalar_kind("-3") == ScalarKind::integer);
  CHECK(infer_scalar_kind("0.8") == ScalarKind::number);
  CHECK(infer_scalar_kind("010") == ScalarKind::number);
  CHECK(infer_scalar_kind("2018-02-01") == ScalarKind::date);
  CHECK(infer_scalar_kind("2018-02-30") == ScalarKind::text);
  CHECK(infer_scalar_kind("poisson_gamma") == ScalarKind::text);
}
