#include <catch2/catch.hpp>

#include "sibsim/engine/date.hpp"

using namespace sibsim::engine;

TEST_CASE("dates convert to days since 1970 and back", "[date]") {
  CHECK(to_days(Date{1970, 1, 1}) == 0);
  CHECK(to_days(Date{2016, 5, 1}) == 16922);
  CHECK(to_days(Date{2017, 2, 1}) - to_days(Date{2016, 2, 1}) == 366);  // 2016 is a leap year
  for (std::int64_t d = 16000; d < 18000; d += 7) REQUIRE(to_days(from_days(d)) == d);
  CHECK(from_days(to_days(Date{2017, 7, 31})) == Date{2017, 7, 31});
}

TEST_CASE("ISO dates parse strictly", "[date]") {
  CHECK(parse_date("2016-05-01") == Date{2016, 5, 1});
  CHECK(parse_date("2016-02-29").has_value());
  CHECK_FALSE(parse_date("2017-02-29").has_value());
  CHECK_FALSE(parse_date("2017-02-30").has_value());
  CHECK_FALSE(parse_date("2017-13-01").has_value());
  CHECK_FALSE(parse_date("2017-1-01").has_value());
  CHECK_FALSE(parse_date("tomorrow").has_value());
  CHECK(to_string(Date{2016, 5, 1}) == "2016-05-01");
  CHECK(add_months(Date{2016, 11, 15}, 3) == to_days(Date{2017, 2, 1}));
}
