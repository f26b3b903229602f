// Values of swept parameters: kind inference, text <-> numbers, range sampling.

#include "sweep_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "sibsim/engine/date.hpp"

namespace sibsim::study {
namespace {

// The boolean words the scenario loader accepts.
std::optional<bool> bool_word(std::string_view t) {
  for (const char* w : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
    if (t == w) return true;
  for (const char* w : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
    if (t == w) return false;
  return std::nullopt;
}

std::string_view unsigned_part(std::string_view t) {
  if (!t.empty() && (t.front() == '+' || t.front() == '-')) t.remove_prefix(1);
  return t;
}

// A whole number as the loader reads integers: optional sign, digits, no leading zeros.
std::optional<std::int64_t> integer_text(std::string_view t) {
  const std::string_view digits = unsigned_part(t);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
  std::int64_t v = 0;
  const char* b = t.data() + (!t.empty() && t.front() == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(b, t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size()) return std::nullopt;
  return v;
}

// A finite number as the loader reads numbers (a leading '+' is allowed).
std::optional<double> number_text(std::string_view t) {
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty() || t.front() == '+') return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc{} || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

ParamKind infer_param_kind(std::string_view v) {
  if (bool_word(v)) return ParamKind::boolean;
  if (integer_text(v)) return ParamKind::integer;
  if (number_text(v)) return ParamKind::number;
  if (engine::parse_date(v)) return ParamKind::date;
  return ParamKind::text;
}

std::string_view param_kind_name(ParamKind kind) {
  switch (kind) {
    case ParamKind::number:
      return "number";
    case ParamKind::integer:
      return "integer";
    case ParamKind::date:
      return "date";
    case ParamKind::boolean:
      return "boolean";
    case ParamKind::text:
      break;
  }
  return "text";
}

namespace detail {

std::optional<double> param_numeric(ParamKind kind, std::string_view text) {
  switch (kind) {
    case ParamKind::number:
      if (auto i = integer_text(text)) return static_cast<double>(*i);
      return number_text(text);
    case ParamKind::integer:
      if (auto i = integer_text(text)) return static_cast<double>(*i);
      return std::nullopt;
    case ParamKind::date:
      if (auto d = engine::parse_date(text)) return static_cast<double>(engine::to_days(*d));
      return std::nullopt;
    case ParamKind::boolean:
      if (auto b = bool_word(text)) return *b ? 1.0 : 0.0;
      return std::nullopt;
    case ParamKind::text:
      break;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::string param_text(ParamKind kind, double x) {
  switch (kind) {
    case ParamKind::integer:
      return fmt::format("{}", static_cast<std::int64_t>(std::llround(x)));
    case ParamKind::date:
      return engine::to_string(engine::from_days(static_cast<std::int64_t>(std::llround(x))));
    case ParamKind::boolean:
      return x != 0 ? "true" : "false";
    case ParamKind::number:
    case ParamKind::text:
      break;
  }
  return fmt::format("{:.12g}", x);  // 12 significant digits: 0.3, not 0.30000000000000004
}

std::string yaml_string(std::string_view text) {
  constexpr std::string_view kSpecialFirst = "-?:,[]{}#&*!|>'\"%@` ";
  bool plain = !text.empty() && kSpecialFirst.find(text.front()) == std::string_view::npos &&
               text.back() != ' ' && text.back() != ':' && text.find(": ") == std::string_view::npos &&
               text.find(" #") == std::string_view::npos;
  for (const char* w : {"null", "Null", "NULL", "~"}) plain = plain && text != w;
  for (char c : text) plain = plain && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (plain) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string param_yaml(ParamKind kind, const std::string& written) {
  return kind == ParamKind::text ? yaml_string(written) : written;
}

double sample_range(ParamKind kind, double low, double high, double u) {
  if (kind == ParamKind::number) return low + u * (high - low);
  return std::min(high, low + std::floor(u * (high - low + 1)));
}

double range_level(ParamKind kind, double low, double high, std::size_t j, std::size_t levels) {
  if (j + 1 >= levels) return high;
  const double x = low + (high - low) * static_cast<double>(j) / static_cast<double>(levels - 1);
  return kind == ParamKind::number ? x : std::round(x);
}

}  // namespace detail
}  // namespace sibsim::study
