#pragma once
// Text helpers for the HTML report (private to output/): HTML and JSON escaping, a small JSON
// writer for chart data, and number formatting for people (thousands separators, percentages in
// words, dates).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sibsim::output::detail {

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

/// Makes text safe inside an inline <script> element: "</script" (any case) becomes "<\/script"
/// and "<!--" becomes "<\!--". Both rewrites keep the meaning of JavaScript string literals,
/// regular expressions and JSON strings, the only places where these sequences can occur.
std::string script_safe(std::string_view code);

/// A JSON string literal. '<', '>' and '&' are written as \u003c etc., so the text can never close
/// a <script> element or start an HTML comment.
std::string json_string(std::string_view text);
/// A JSON number: the shortest text that reads back to the same double; NaN and infinities
/// (which JSON cannot hold) become null.
std::string json_number(double value);

/// Streaming JSON writer with automatic commas: obj().key("a").num(1).end() -> {"a":1}.
class JsonWriter {
 public:
  JsonWriter& obj();
  JsonWriter& arr();
  JsonWriter& end();  ///< closes the innermost object or array
  JsonWriter& key(std::string_view name);
  JsonWriter& str(std::string_view value);
  JsonWriter& num(double value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  ///< an already serialised JSON value
  /// The text; throws std::logic_error if an object or array is still open.
  [[nodiscard]] std::string str() const;

 private:
  void before_value();
  std::string out_;
  std::vector<char> open_;  ///< '}' or ']' for each open container
  bool first_ = true;       ///< no member yet in the innermost container
  bool after_key_ = false;
};

/// Replaces every "@name@" in `tmpl` by its value; throws std::logic_error if a placeholder of
/// the template has no value or a value is not used (catches typos in chart templates).
std::string fill_template(std::string_view tmpl,
                          const std::vector<std::pair<std::string_view, std::string>>& values);

/// x with `decimals` digits after the point and ',' between thousands: 1234.5 -> "1,234.5".
/// NaN -> "n/a". Negative zero prints as "0".
std::string format_number(double x, int decimals);
/// Digits after the point that suit a value of this size: 0 from 100 up, 1 from 10, 2 from 1,
/// else 3.
int auto_decimals(double x);
/// True for "fraction" and "fraction/<time>" (e.g. an IRR in "fraction/year"): shown as percentages.
bool is_fraction_unit(std::string_view unit);
/// The unit for a table column: "fraction" -> "%", "fraction/year" -> "% a year", others as they are.
std::string unit_label(std::string_view unit);

/// A KPI value for people, by unit: "fraction" as a percentage ("62.3 %"), "EUR" as
/// "EUR 1,234", counts ("persons", "events", ...) and other units with auto_decimals; whole
/// numbers print without decimals. NaN -> "n/a". `nbsp` joins number and unit with &nbsp;.
std::string format_kpi_value(double x, std::string_view unit, bool nbsp = true);
/// A probability in words for a sentence: "0 %", "less than 1 %", "62 %", "more than 99 %",
/// "100 %" (with &nbsp; before the %).
std::string format_probability(double p);

/// "reached_target" -> "Reached target".
std::string humanise(std::string_view snake_case_name);

/// "2016-05-01" -> days since 1970-01-01, or nullopt if it is not a valid ISO date.
std::optional<std::int64_t> parse_iso_date(std::string_view iso);
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
/// A value in a sentence by unit: "EUR&nbsp;1,234", "62.3&nbsp;%" for fractions, else num(); NaN "n/a".
std::string val(double x, std::string_view unit);
/// "95–130", "5–12&nbsp;%", "EUR&nbsp;0–1,133,919"; "−40 to −2&nbsp;%" when a bound is negative.
std::string range(double lo, double hi, std::string_view unit);
/// part / whole as "62&nbsp;%", or "n/a" when whole is not positive.
std::string share_of(double part, double whole_count);
/// "1,299–1,304", "8.1–13.5&nbsp;%", "−19 to −16.8&nbsp;%" with a table's precision (format_kpi_value).
std::string table_range(double lo, double hi, std::string_view unit);

}  // namespace sibsim::output::detail
