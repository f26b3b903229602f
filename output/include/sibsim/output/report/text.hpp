#pragma once
/// \file text.hpp
/// Words and numbers for people in the HTML reports: HTML escaping, numbers with thousands
/// separators, values by unit ("EUR 1,234", "62.3 %"), ranges, probabilities in words, dates and
/// KPI names as headings. Every function returns HTML unless it says plain text; text that comes
/// from a results file must go through html_escape before it reaches the page.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sibsim::output::report {

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

/// x with `decimals` digits after the point and ',' between thousands: 1234.5 -> "1,234.5".
/// NaN -> "n/a". Negative zero prints as "0"; negative numbers start with a minus sign (U+2212).
std::string format_number(double x, int decimals);
/// Digits after the point that suit a value of this size: 0 from 1,000 up, 1 from 10, 2 from 1,
/// else 3 (and 0 for zero).
int auto_decimals(double x);

/// True for "yes/no": a KPI that is 1 or 0 in each future, whose mean is the chance of the event;
/// its median and quantiles say nothing and reports show the chance instead.
bool is_yes_no_unit(std::string_view unit);
/// True for "fraction", "fraction/<time>" (e.g. an IRR in "fraction/year") and "yes/no": shown as
/// percentages.
bool is_fraction_unit(std::string_view unit);
/// True for units that count things ("persons", "people", "events", "count", "items",
/// "months", "work-months", ...): a difference in such a unit reads "12 more" / "12 fewer".
bool is_count_unit(std::string_view unit);
/// True for money: a currency code of three capitals (ISO 4217: "EUR", "USD") or an amount per
/// something ("EUR/month"): written "EUR 1,234" or "USD 1,234" in sentences (Dutch: "€ 1.234").
bool is_money_unit(std::string_view unit);
/// The unit for a table column: "fraction" -> "%", "fraction/year" -> "% a year", others as they are.
std::string unit_label(std::string_view unit);

/// A KPI value for a table, by unit: "fraction" as a percentage ("62.3 %"), other units with
/// auto_decimals; whole numbers print without decimals. NaN -> "n/a". `nbsp` joins number and %
/// with &nbsp;.
std::string format_kpi_value(double x, std::string_view unit, bool nbsp = true);
/// A probability in words for a sentence: "0 %", "less than 1 %", "62 %", "more than 99 %",
/// "100 %" (with &nbsp; before the %).
std::string format_probability(double p);

/// "reached_target" -> "Reached target" (plain text; a few acronyms such as IRR in capitals).
std::string humanise(std::string_view snake_case_name);
/// The first letter in capitals: "customers served" -> "Customers served" (plain text, ASCII letters only).
std::string capitalise(std::string_view text);
/// The first letter in lower case unless the first word is an acronym ("IRR ..." stays):
/// "Reached target" -> "reached target".
std::string decapitalise(std::string_view text);

/// "2016-05-01" -> days since 1970-01-01, or nullopt if it is not a valid ISO date.
std::optional<std::int64_t> parse_iso_date(std::string_view iso);
/// Milliseconds per day: dates as Vega's UTC time values.
inline constexpr double kMsPerDay = 86'400'000.0;
/// Days since 1970-01-01 -> "1 August 2017", or "1 Aug 2017" when abbreviate is true.
std::string format_date(std::int64_t days_since_epoch, bool abbreviate);
/// "2025-01-02T03:04:05Z" -> "2 Jan 2025, 03:04 UTC"; anything else is returned unchanged.
std::string format_timestamp(std::string_view iso8601);

// --- Numbers in sentences and tables (HTML; &nbsp; keeps a number and its unit together)

/// Finite and without a fractional part.
bool whole(double x);
/// The same text for a tooltip or chart label: tags dropped, &nbsp; as the character.
std::string plain(std::string_view html);
/// Keeps a number, range or date on one line (<span class="nw">).
std::string nowrap(std::string_view html);
/// A number for a sentence: whole numbers as they are, else rounded to about three significant
/// digits (489, 48.9, 4.89), but never fewer than the whole part.
std::string num(double x);
/// 0.623 -> "62.3", 0.62 -> "62" (a percentage without the sign).
std::string pct_number(double fraction);
/// A value in a sentence by unit: "EUR&nbsp;1,234" (is_money_unit), "62.3&nbsp;%" for fractions, else
/// num() without the unit; NaN "n/a".
std::string val(double x, std::string_view unit);
/// "95–130", "5–12&nbsp;%", "EUR&nbsp;0–1,133,919"; "−40 to −2&nbsp;%" when a bound is negative.
std::string range(double lo, double hi, std::string_view unit);
/// part / whole as "62&nbsp;%", or "n/a" when whole is not positive.
std::string share_of(double part, double whole_count);
/// "1,299–1,304", "8.1–13.5&nbsp;%", "−19 to −16.8&nbsp;%" with a table's precision (format_kpi_value).
std::string table_range(double lo, double hi, std::string_view unit);

}  // namespace sibsim::output::report
