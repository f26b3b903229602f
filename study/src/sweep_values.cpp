// Values of swept parameters: kind inference, text <-> numbers, range sampling.

#include "sweep_values.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "sibsim/engine/date.hpp"
#include "sibsim/scenarios/scalar_kind.hpp"

namespace sibsim::study {
namespace {

// Swept values are read as the scenario loader reads plain scalars (scenarios/scalar_kind.hpp).
std::optional<bool> bool_word(std::string_view t) { return scenarios::read_boolean(t); }
std::optional<std::int64_t> integer_text(std::string_view t) { return scenarios::read_integer(t); }
std::optional<double> number_text(std::string_view t) { return scenarios::read_number(t); }

}  // namespace

ParamKind infer_param_kind(std::string_view v) { return scenarios::infer_scalar_kind(v); }

std::string_view param_kind_name(ParamKind kind) { return scenarios::name(kind); }

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
