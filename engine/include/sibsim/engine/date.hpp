#pragma once
/// \file date.hpp
/// Calendar dates <-> simulation days. The clock runs in days (double) since 1970-01-01, so a
/// scenario's ISO dates map to clock values without a per-scenario origin.

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
/// Days since 1970-01-01 (Howard Hinnant's days_from_civil). Precondition: is_valid(d).
std::int64_t to_days(const Date& d) noexcept;
/// Inverse of to_days (the fractional part of a clock value is dropped).
Date from_days(std::int64_t days) noexcept;
inline Date from_clock(double t) noexcept { return from_days(static_cast<std::int64_t>(t < 0 ? t - 1 : t)); }
/// Parses "YYYY-MM-DD"; nullopt on bad syntax or an impossible date (2017-02-30).
std::optional<Date> parse_date(std::string_view text) noexcept;
/// "YYYY-MM-DD".
std::string to_string(const Date& d);
/// Clock value of the first day of the month after adding `months` to d's month.
std::int64_t add_months(const Date& d, int months) noexcept;
/// Average days per month and year, for rates given per month or year.
inline constexpr double kDaysPerYear = 365.2425;
inline constexpr double kDaysPerMonth = kDaysPerYear / 12.0;

}  // namespace sibsim::engine
