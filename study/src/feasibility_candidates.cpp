#include "feasibility_candidates.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sibsim/engine/date.hpp"

namespace sibsim::study {
namespace {

double parse_number(const std::string& text, const char* option) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    throw std::invalid_argument(fmt::format("{} '{}': not a number", option, text));
  return v;
}

engine::Date parse_date_option(const std::string& text, const char* option) {
  const auto d = engine::parse_date(text);
  if (!d) throw std::invalid_argument(fmt::format("{} '{}': not a date (YYYY-MM-DD)", option, text));
  return *d;
}

/// d plus `months` calendar months, the day clamped to the month's length (31 Jan + 1m = 28/29 Feb).
engine::Date plus_months(engine::Date d, long months) {
  const long m = d.year * 12L + (d.month - 1) + months;
  engine::Date r{static_cast<int>(m / 12), static_cast<int>(m % 12) + 1, d.day};
  while (!engine::is_valid(r) && r.day > 28) --r.day;
  return r;
}

/// Digits after the decimal point in a number as written ("0.025" -> 3, "1e-3" -> 3, "5" -> 0).
int decimals(const std::string& text) {
  const double v = std::fabs(std::stod(text));
  for (int d = 0; d < 15; ++d) {
    const double scaled = v * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, scaled)) return d;
  }
  return 15;
}

void check_count(double n) {
  if (n > static_cast<double>(kMaxCandidates))
    throw std::invalid_argument(
        fmt::format("--step: {:.0f} candidate values between --from and --to; at most {} (use a larger step)",
                    n, kMaxCandidates));
}

}  // namespace

Candidates make_candidates(const std::string& from, const std::string& to, const std::string& step) {
  Candidates c;
  c.kind = infer_param_kind(from);
  if (infer_param_kind(to) != c.kind &&
      !(c.kind == ParamKind::integer && infer_param_kind(to) == ParamKind::number))
    throw std::invalid_argument(fmt::format("--from '{}' and --to '{}' are of different kinds", from, to));
  if (c.kind == ParamKind::date) {
    const engine::Date a = parse_date_option(from, "--from");
    const engine::Date b = parse_date_option(to, "--to");
    if (engine::to_days(a) >= engine::to_days(b))
      throw std::invalid_argument(fmt::format("--from {} must be before --to {}", from, to));
    if (step.size() < 2 || (step.back() != 'd' && step.back() != 'm' && step.back() != 'y'))
      throw std::invalid_argument(
          fmt::format("--step '{}': for dates give days, months or years, e.g. 14d, 1m, 1y", step));
    const double n = parse_number(step.substr(0, step.size() - 1), "--step");
    if (n < 1 || n != std::floor(n))
      throw std::invalid_argument(fmt::format("--step '{}': must be a whole number >= 1", step));
    const long k = static_cast<long>(n);
    for (long i = 0;; ++i) {
      engine::Date d = a;
      if (step.back() == 'd')
        d = engine::from_days(engine::to_days(a) + i * k);
      else
        d = plus_months(a, i * k * (step.back() == 'y' ? 12 : 1));
      if (engine::to_days(d) > engine::to_days(b)) break;
      check_count(static_cast<double>(c.values.size() + 1));
      c.values.push_back(engine::to_string(d));
      c.numeric.push_back(static_cast<double>(engine::to_days(d)));
    }
    return c;
  }
  if (c.kind != ParamKind::number && c.kind != ParamKind::integer)
    throw std::invalid_argument(
        fmt::format("--from '{}': feasibility searches numbers, integers or dates", from));
  const double a = parse_number(from, "--from");
  const double b = parse_number(to, "--to");
  const double s = parse_number(step, "--step");
  if (a >= b) throw std::invalid_argument(fmt::format("--from {} must be smaller than --to {}", from, to));
  if (!(s > 0)) throw std::invalid_argument(fmt::format("--step {}: must be positive", step));
  const bool integer = c.kind == ParamKind::integer && s == std::floor(s);
  const double n = std::floor((b - a) / s * (1 + 1e-12)) + 1;
  check_count(n);
  // Candidates are written with the precision the user gave (0.1 + 3 x 0.02 is "0.16").
  const int digits = std::max(decimals(from), decimals(step));
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    const std::string text = fmt::format("{:.{}f}", a + static_cast<double>(i) * s, integer ? 0 : digits);
    c.values.push_back(text);
    c.numeric.push_back(std::stod(text));
  }
  if (!integer) c.kind = ParamKind::number;
  return c;
}

}  // namespace sibsim::study
