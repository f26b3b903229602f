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

TEST_CASE("days and dates are constexpr and exact before 1970 too", "[date]") {
  static_assert(to_days(Date{2016, 5, 1}) == 16922);
  static_assert(from_days(16922) == Date{2016, 5, 1});
  CHECK(to_days(Date{1969, 12, 31}) == -1);
  CHECK(to_days(Date{1900, 1, 1}) == -25567);
  CHECK(to_days(Date{2200, 12, 31}) == 84370);
  for (std::int64_t d = -25567; d <= 84370; d += 13) REQUIRE(to_days(from_days(d)) == d);
}

TEST_CASE("from_clock gives the day that contains a clock value", "[date]") {
  CHECK(from_clock(16922.0) == Date{2016, 5, 1});
  CHECK(from_clock(16922.99) == Date{2016, 5, 1});
  CHECK(from_clock(16921.999) == Date{2016, 4, 30});
  // Before 1970 as well (a whole negative day is that day, not the one before).
  CHECK(from_clock(-1.0) == Date{1969, 12, 31});
  CHECK(from_clock(-0.5) == Date{1969, 12, 31});
  CHECK(from_clock(static_cast<double>(to_days(Date{1950, 1, 1}))) == Date{1950, 1, 1});
}

TEST_CASE("parse_days is to_days of parse_date", "[date]") {
  CHECK(parse_days("1970-01-02") == 1);
  CHECK(parse_days("2016-05-01") == 16922);
  CHECK(parse_days("1969-12-31") == -1);
  CHECK_FALSE(parse_days("2017-02-30").has_value());
  CHECK_FALSE(parse_days("2017-8-1").has_value());
}

TEST_CASE("months since 1970-01: numbers, first days and the month of a day", "[date]") {
  static_assert(month_number(1970, 1) == 0 && month_number(2016, 5) == 556 && month_number(1969, 12) == -1);
  for (int y = 1900; y <= 2200; ++y) {
    for (int mo = 1; mo <= 12; ++mo) {
      const std::int64_t m = month_number(y, mo);
      const double first = static_cast<double>(to_days(Date{y, mo, 1}));
      REQUIRE(month_start(m) == first);
      REQUIRE(month_index(first) == m);
      REQUIRE(month_index(first + 0.25) == m);
      if (m > month_number(1900, 1)) REQUIRE(month_index(first - 0.25) == m - 1);
    }
  }
  // Outside the table: computed (floor division before 1970), and clamped by month_index.
  CHECK(month_start(month_number(1850, 1)) == static_cast<double>(to_days(Date{1850, 1, 1})));
  CHECK(month_start(month_number(1850, 7)) == static_cast<double>(to_days(Date{1850, 7, 1})));
  CHECK(month_start(month_number(2300, 3)) == static_cast<double>(to_days(Date{2300, 3, 1})));
  CHECK(month_start(month_number(2201, 1)) == static_cast<double>(to_days(Date{2201, 1, 1})));
  CHECK(month_index(-1e9) == month_number(1900, 1));
  CHECK(month_index(1e9) == month_number(2200, 12));
  CHECK(month_index(NAN) == month_number(1900, 1));
  CHECK(add_months(Date{2016, 5, 31}, -5) == to_days(Date{2015, 12, 1}));
  CHECK(add_months(Date{1970, 1, 1}, -1) == to_days(Date{1969, 12, 1}));
}

TEST_CASE("average month and year lengths are the Gregorian ones", "[date]") {
  CHECK(kDaysPerYear == 365.2425);  // 146097 days per 400 years
  CHECK(kDaysPerYear * 400 == 146097.0);
  CHECK(kDaysPerMonth == 30.436875);
}
