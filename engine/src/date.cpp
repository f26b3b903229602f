#include "sibsim/engine/date.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace sibsim::engine {
namespace {
bool leap(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) noexcept {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

/// The first day of month m (since 1970-01), for any m (floor division for months before 1970).
constexpr std::int64_t first_day(std::int64_t m) noexcept {
  const std::int64_t years = m >= 0 ? m / 12 : (m - 11) / 12;
  return to_days(Date{static_cast<int>(1970 + years), static_cast<int>(m - years * 12) + 1, 1});
}

// Month starts for 1900-01 .. 2200-12 (and the month after) as clock days, computed at compile
// time: month_index and month_start run for every arrival and every month worked.
constexpr std::int64_t kFirstMonth = month_number(1900, 1), kLastMonth = month_number(2200, 12);
constexpr std::size_t kMonthTableSize = static_cast<std::size_t>(kLastMonth - kFirstMonth + 2);
constexpr std::array<double, kMonthTableSize> kMonthTable = [] {
  std::array<double, kMonthTableSize> t{};
  for (std::int64_t m = kFirstMonth; m <= kLastMonth + 1; ++m)
    t[static_cast<std::size_t>(m - kFirstMonth)] = static_cast<double>(first_day(m));
  return t;
}();
static_assert(kMonthTable[static_cast<std::size_t>(-kFirstMonth)] == 0.0, "1970-01-01 is clock day 0");
static_assert(kMonthTable[std::size_t{2016 - 1900} * 12 + 4] == 16922.0, "2016-05-01");
static_assert(first_day(-1) == -31 && first_day(-12) == -365, "1969-12-01, 1969-01-01");
}  // namespace

bool is_valid(const Date& d) noexcept {
  return d.year >= 1900 && d.year <= 2200 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

Date from_clock(double t) noexcept { return from_days(static_cast<std::int64_t>(std::floor(t))); }

std::optional<Date> parse_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  Date d;
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    const char* b = s.data() + pos;
    auto [p, ec] = std::from_chars(b, b + len, out);
    return ec == std::errc{} && p == b + len;
  };
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
  if (!is_valid(d)) return std::nullopt;
  return d;
}

std::optional<std::int64_t> parse_days(std::string_view text) noexcept {
  if (const auto d = parse_date(text)) return to_days(*d);
  return std::nullopt;
}

std::string to_string(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

double month_start(std::int64_t m) noexcept {
  if (m < kFirstMonth || m > kLastMonth + 1) return static_cast<double>(first_day(m));
  return kMonthTable[static_cast<std::size_t>(m - kFirstMonth)];
}

std::int64_t month_index(double t) noexcept {
  const auto& table = kMonthTable;
  // Average month length guess (floor, clamped to the table; NaN gives the first month), then
  // correct by at most a step or two.
  const double q = t / kDaysPerMonth;
  std::int64_t m = kFirstMonth;
  if (!(q > static_cast<double>(kFirstMonth))) {
    m = kFirstMonth;
  } else if (!(q < static_cast<double>(kLastMonth))) {
    m = kLastMonth;
  } else {
    m = static_cast<std::int64_t>(q);
    if (static_cast<double>(m) > q) --m;  // truncation rounded a negative q up
  }
  while (m > kFirstMonth && table[static_cast<std::size_t>(m - kFirstMonth)] > t) --m;
  while (m < kLastMonth && table[static_cast<std::size_t>(m + 1 - kFirstMonth)] <= t) ++m;
  return m;
}

std::int64_t add_months(const Date& d, int months) noexcept {
  return first_day(month_number(d.year, d.month) + months);
}

}  // namespace sibsim::engine
