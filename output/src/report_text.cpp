#include "report_text.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include "sibsim/engine/date.hpp"
#include "sibsim/output/report/words.hpp"

namespace sibsim::output::report {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace sibsim::output::report

namespace sibsim::output::detail {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::size_t at, std::string_view prefix) noexcept {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[at + i]) != prefix[i]) return false;
  return true;
}

}  // namespace

std::string script_safe(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '<' && starts_with_nocase(code, i, "</script")) {
      out += "<\\/";
      ++i;  // skip the '/', the loop appends the rest as is
      continue;
    }
    if (code[i] == '<' && starts_with_nocase(code, i, "<!--")) {
      out += "<\\!";
      ++i;
      continue;
    }
    out += code[i];
  }
  return out;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '<':
      case '>':
      case '&':
        out += fmt::format("\\u{:04x}", u);
        break;
      default:
        if (u < 0x20) {
          out += fmt::format("\\u{:04x}", u);
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  if (value == 0) return "0";  // also turns -0 into 0
  return fmt::format("{}", value);
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!open_.empty()) {
    if (open_.back() == '}') throw std::logic_error("JsonWriter: a value inside an object needs a key");
    if (!first_) out_ += ',';
  } else if (!out_.empty()) {
    throw std::logic_error("JsonWriter: only one top-level value");
  }
  first_ = false;
}

JsonWriter& JsonWriter::obj() {
  before_value();
  out_ += '{';
  open_.push_back('}');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::arr() {
  before_value();
  out_ += '[';
  open_.push_back(']');
  first_ = true;
  return *this;
}

JsonWriter& JsonWriter::end() {
  if (open_.empty() || after_key_) throw std::logic_error("JsonWriter: end() without an open container");
  out_ += open_.back();
  open_.pop_back();
  first_ = false;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (open_.empty() || open_.back() != '}' || after_key_) throw std::logic_error("JsonWriter: misplaced key");
  if (!first_) out_ += ',';
  first_ = false;
  out_ += json_string(name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::str(std::string_view value) {
  before_value();
  out_ += json_string(value);
  return *this;
}

JsonWriter& JsonWriter::num(double value) {
  before_value();
  out_ += json_number(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

std::string JsonWriter::str() const {
  if (!open_.empty() || after_key_) throw std::logic_error("JsonWriter: unclosed object or array");
  return out_;
}

std::string fill_template(std::string_view tmpl,
                          const std::vector<std::pair<std::string_view, std::string>>& values) {
  std::vector<bool> used(values.size(), false);
  std::string out;
  out.reserve(tmpl.size() + 1024);
  std::size_t i = 0;
  while (i < tmpl.size()) {
    const std::size_t at = tmpl.find('@', i);
    if (at == std::string_view::npos) {
      out += tmpl.substr(i);
      break;
    }
    out += tmpl.substr(i, at - i);
    std::size_t end = at + 1;
    while (end < tmpl.size() && (std::isalnum(static_cast<unsigned char>(tmpl[end])) || tmpl[end] == '_'))
      ++end;
    if (end == at + 1 || end >= tmpl.size() || tmpl[end] != '@') {
      out += '@';  // a lone '@' is text
      i = at + 1;
      continue;
    }
    const std::string_view name = tmpl.substr(at + 1, end - at - 1);
    bool found = false;
    for (std::size_t k = 0; k < values.size(); ++k) {
      if (values[k].first == name) {
        out += values[k].second;
        used[k] = true;
        found = true;
        break;
      }
    }
    if (!found) throw std::logic_error(fmt::format("chart template: no value for @{}@", name));
    i = end + 1;
  }
  for (std::size_t k = 0; k < values.size(); ++k)
    if (!used[k]) throw std::logic_error(fmt::format("chart template: @{}@ is not used", values[k].first));
  return out;
}

}  // namespace sibsim::output::detail

namespace sibsim::output::report {

namespace {

/// Dutch writes 1.234,5 where English writes 1,234.5; and a few words of the number helpers.
bool dutch() { return current_language() == Language::nl; }
std::string_view not_available() { return dutch() ? "n.b." : "n/a"; }
/// The sign of a money unit's currency: its code (ISO 4217: "EUR", "USD"), or the euro sign in
/// Dutch, which writes "€ 1.234".
std::string money_sign(std::string_view unit) {
  const std::string_view code = unit.substr(0, 3);
  return dutch() && code == "EUR" ? std::string("\u20ac") : std::string(code);
}
std::string_view range_to() { return dutch() ? " tot " : " to "; }

}  // namespace

std::string format_number(double x, int decimals) {
  if (std::isnan(x)) return std::string(not_available());
  if (std::isinf(x))
    return x > 0 ? (dutch() ? "oneindig" : "infinite") : (dutch() ? "min oneindig" : "minus infinite");
  std::string s = fmt::format("{:.{}f}", x, decimals);
  bool negative = s.front() == '-';
  if (negative) {
    s.erase(0, 1);
    if (s.find_first_not_of("0.") == std::string::npos) negative = false;  // "-0.0" -> "0.0"
  }
  const std::size_t point = s.find('.');
  const std::size_t int_len = point == std::string::npos ? s.size() : point;
  std::string out;
  out.reserve(s.size() + s.size() / 3 + 1);
  if (negative) out += "\u2212";  // minus sign
  const char thousands = dutch() ? '.' : ',';
  for (std::size_t i = 0; i < int_len; ++i) {
    if (i > 0 && (int_len - i) % 3 == 0) out += thousands;
    out += s[i];
  }
  if (int_len < s.size()) out += dutch() ? ',' : '.';
  if (int_len + 1 < s.size()) out += s.substr(int_len + 1);
  return out;
}

int auto_decimals(double x) {
  const double a = std::fabs(x);
  if (a == 0 || a >= 1000) return 0;
  if (a >= 10) return 1;
  if (a >= 1) return 2;
  return 3;
}

namespace {

bool is_whole(double x) noexcept { return std::isfinite(x) && std::fabs(x) < 1e15 && std::floor(x) == x; }

}  // namespace

bool is_yes_no_unit(std::string_view unit) { return unit == "yes/no"; }

bool is_fraction_unit(std::string_view unit) {
  return unit == "fraction" || unit.starts_with("fraction/") || is_yes_no_unit(unit);
}

bool is_count_unit(std::string_view unit) {
  static constexpr std::array<std::string_view, 9> kCounts = {
      "persons", "people", "events", "count", "items", "entities", "customers", "months", "work-months"};
  return std::find(kCounts.begin(), kCounts.end(), unit) != kCounts.end();
}

std::string unit_label(std::string_view unit) {
  if (unit == "fraction") return "%";
  if (is_yes_no_unit(unit)) return dutch() ? "% (kans)" : "% (chance)";
  if (unit == "fraction/year") return dutch() ? "% per jaar" : "% a year";
  if (unit.starts_with("fraction/")) return "% per " + unit_label(unit.substr(9));
  if (dutch()) {
    // The units models use most; others are shown as the model wrote them.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kNl = {{
        {"persons", "personen"},
        {"people", "mensen"},
        {"months", "maanden"},
        {"month", "maand"},
        {"work-months", "werkmaanden"},
        {"days", "dagen"},
        {"day", "dag"},
        {"hours", "uren"},
        {"year", "jaar"},
        {"years", "jaren"},
        {"count", "aantal"},
        {"events", "gebeurtenissen"},
        {"ratio", "verhouding"},
        {"person", "persoon"},
        {"participants", "deelnemers"},
        {"week", "week"},
    }};
    for (const auto& [en, nl] : kNl)
      if (unit == en) return std::string(nl);
    // A rate ("EUR/month", "persons/month", "1/month"): each side in Dutch.
    if (const auto slash = unit.find('/');
        slash != std::string_view::npos && slash > 0 && slash + 1 < unit.size())
      return unit_label(unit.substr(0, slash)) + "/" + unit_label(unit.substr(slash + 1));
  }
  return std::string(unit);
}

std::string format_kpi_value(double x, std::string_view unit, bool nbsp) {
  if (std::isnan(x)) return std::string(not_available());
  if (is_fraction_unit(unit)) {
    const double pct = 100.0 * x;
    const int decimals = is_whole(std::round(pct * 10) / 10) ? 0 : 1;
    return format_number(pct, decimals) + (nbsp ? "&nbsp;%" : " %");
  }
  return format_number(x, is_whole(x) ? 0 : auto_decimals(x));
}

std::string format_probability(double p) {
  if (std::isnan(p)) return std::string(not_available());
  if (p <= 0) return "0&nbsp;%";
  if (p >= 1) return "100&nbsp;%";
  if (p < 0.005) return dutch() ? "minder dan 1&nbsp;%" : "less than 1&nbsp;%";
  if (p > 0.995) return dutch() ? "meer dan 99&nbsp;%" : "more than 99&nbsp;%";
  return fmt::format("{}&nbsp;%", std::lround(100.0 * p));
}

std::string humanise(std::string_view snake_case_name) {
  static constexpr std::array<std::string_view, 7> kAcronyms = {"irr", "eur", "fte", "kpi",
                                                                "id",  "csv", "ci"};
  std::string out;
  std::size_t start = 0;
  while (start <= snake_case_name.size()) {
    auto end = snake_case_name.find('_', start);
    if (end == std::string_view::npos) end = snake_case_name.size();
    std::string word(snake_case_name.substr(start, end - start));
    if (std::find(kAcronyms.begin(), kAcronyms.end(), word) != kAcronyms.end()) {
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (!out.empty()) out += ' ';
    out += word;
    start = end + 1;
  }
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string capitalise(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string decapitalise(std::string_view text) {
  std::string out(text);
  // "IRR of ..." keeps its acronym: only a capital followed by a lower-case letter is lowered.
  if (out.size() >= 2 && out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z'))
    out[0] = static_cast<char>(out[0] - 'A' + 'a');
  return out;
}

std::optional<std::int64_t> parse_iso_date(std::string_view iso) { return engine::parse_days(iso); }

std::string format_date(std::int64_t days_since_epoch, bool abbreviate) {
  static constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                          "May",       "June",     "July",     "August",
                                                          "September", "October",  "November", "December"};
  static constexpr std::array<const char*, 12> kMonthsNl = {"januari",   "februari", "maart",    "april",
                                                            "mei",       "juni",     "juli",     "augustus",
                                                            "september", "oktober",  "november", "december"};
  // Dutch abbreviates March as "mrt" (Taalunie), not by its first three letters.
  static constexpr std::array<const char*, 12> kShortNl = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                                           "jul", "aug", "sep", "okt", "nov", "dec"};
  const engine::Date d = engine::from_days(days_since_epoch);
  const auto m = static_cast<std::size_t>(d.month - 1);
  const std::string month = dutch() ? (abbreviate ? kShortNl[m] : kMonthsNl[m])
                                    : (abbreviate ? std::string(kMonths[m]).substr(0, 3) : kMonths[m]);
  return fmt::format("{} {} {}", d.day, month, d.year);
}

std::string format_timestamp(std::string_view iso8601) {
  // "YYYY-MM-DDTHH:MM:SSZ"
  if (iso8601.size() < 16 || iso8601[10] != 'T') return std::string(iso8601);
  const auto days = parse_iso_date(iso8601.substr(0, 10));
  if (!days) return std::string(iso8601);
  return fmt::format("{}, {} UTC", format_date(*days, true), iso8601.substr(11, 5));
}

// --- Numbers in sentences (HTML; &nbsp; keeps a number and its unit together)

bool whole(double x) { return std::isfinite(x) && std::floor(x) == x; }

/// The same text for a tooltip or chart label: tags dropped, &nbsp; as the character.
std::string plain(std::string_view html) {
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      const auto close = html.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
    } else if (html.substr(i, 6) == "&nbsp;") {
      out += "\u00a0";
      i += 5;
    } else {
      out += html[i];
    }
  }
  return out;
}

/// Keeps a number, range or date on one line.
std::string nowrap(std::string_view html) { return fmt::format("<span class=\"nw\">{}</span>", html); }

/// A number for a sentence: whole numbers as they are, else rounded to about three significant
/// digits (489, 48.9, 4.89), but never fewer than the whole part.
std::string num(double x) {
  const double a = std::fabs(x);
  const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  const double scale = std::pow(10.0, decimals);
  return format_number(x, whole(std::round(x * scale) / scale) ? 0 : decimals);  // 89.0 -> 89
}

std::string pct_number(double fraction) {
  const double p = 100.0 * fraction;
  return format_number(p, whole(std::round(p * 10) / 10) ? 0 : 1);
}

bool is_money_unit(std::string_view unit) {
  if (unit.size() < 3 || (unit.size() > 3 && unit[3] != '/')) return false;
  return std::all_of(unit.begin(), unit.begin() + 3, [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string val(double x, std::string_view unit) {
  if (std::isnan(x)) return std::string(not_available());
  if (is_money_unit(unit)) return fmt::format("{}&nbsp;{}", money_sign(unit), format_number(x, 0));
  if (is_fraction_unit(unit)) return pct_number(x) + "&nbsp;%";
  return num(x);
}

/// "95–130", "5–12&nbsp;%", "EUR&nbsp;0–1,133,919"; "−40 to −2&nbsp;%" when a bound is negative.
std::string range(double lo, double hi, std::string_view unit) {
  const std::string_view dash = lo < 0 || hi < 0 ? range_to() : "–";
  if (is_fraction_unit(unit))
    return nowrap(fmt::format("{}{}{}&nbsp;%", pct_number(lo), dash, pct_number(hi)));
  if (is_money_unit(unit))
    return nowrap(
        fmt::format("{}&nbsp;{}{}{}", money_sign(unit), format_number(lo, 0), dash, format_number(hi, 0)));
  return nowrap(fmt::format("{}{}{}", num(lo), dash, num(hi)));
}

std::string share_of(double part, double whole_count) {
  return whole_count > 0 ? pct_number(part / whole_count) + "&nbsp;%" : std::string(not_available());
}

/// "1,299–1,304", "8.1–13.5&nbsp;%", "−19 to −16.8&nbsp;%" with the table's precision.
std::string table_range(double lo, double hi, std::string_view unit) {
  const std::string_view dash = lo < 0 || hi < 0 ? range_to() : "–";
  if (is_fraction_unit(unit)) {
    std::string a = format_kpi_value(lo, unit), b = format_kpi_value(hi, unit);
    a.resize(a.size() - std::string_view("&nbsp;%").size());
    return fmt::format("{}{}{}", a, dash, b);
  }
  return fmt::format("{}{}{}", format_kpi_value(lo, unit), dash, format_kpi_value(hi, unit));
}

}  // namespace sibsim::output::report
