#pragma once
/// \file date.hpp
/// Calendar arithmetic, one definition for the whole program: calendar dates <-> simulation days
/// and calendar months. The clock runs in days (double) since 1970-01-01, so a scenario's ISO
/// dates map to clock values without a per-scenario origin. Months are counted from 1970-01
/// (month 0; 2016-05 is month 556), so they can index series and random streams.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sibsim::engine {

struct Date {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
  friend bool operator==(const Date&, const Date&) = default;
};

/// true for a real calendar date (leap years included), years 1900..2200.
bool is_valid(const Date& d) noexcept;

/// Days since 1970-01-01 (Howard Hinnant's days_from_civil, public domain). Exact for every
/// proleptic Gregorian date; a day outside the month (Date{2017, 2, 30}) counts on into the next.
constexpr std::int64_t to_days(const Date& d) noexcept {
  const std::int64_t y = std::int64_t{d.year} - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/// Inverse of to_days (civil_from_days).
constexpr Date from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return Date{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

/// The date of clock value t: the day that contains t (its fractional part is the time of day).
Date from_clock(double t) noexcept;

/// Parses "YYYY-MM-DD"; nullopt on bad syntax or an impossible date (2017-02-30).
std::optional<Date> parse_date(std::string_view text) noexcept;
/// Parses "YYYY-MM-DD" to days since 1970-01-01 (to_days of parse_date); nullopt as parse_date.
std::optional<std::int64_t> parse_days(std::string_view text) noexcept;
/// "YYYY-MM-DD".
std::string to_string(const Date& d);

/// Months since 1970-01 of the month `year`-`month` (1..12); negative before 1970.
constexpr std::int64_t month_number(int year, int month) noexcept {
  return (std::int64_t{year} - 1970) * 12 + (month - 1);
}
/// Clock day of the first day of month m (months since 1970-01). Any m; from a table for the
/// months of valid dates (1900-01 .. 2200-12), which the models call for every arrival and every
/// month worked.
double month_start(std::int64_t m) noexcept;
/// The month (since 1970-01) that contains clock day t: month_start(m) <= t < month_start(m + 1).
/// Clamped to the months of valid dates, 1900-01 .. 2200-12 (NaN gives 1900-01).
std::int64_t month_index(double t) noexcept;
/// Clock value of the first day of the month after adding `months` to d's month:
/// month_start(month_number(d.year, d.month) + months).
std::int64_t add_months(const Date& d, int months) noexcept;

/// Average days per month and year (Gregorian), for rates and durations given per month or year.
inline constexpr double kDaysPerYear = 365.2425;
inline constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

}  // namespace sibsim::engine
