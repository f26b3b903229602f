#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace sibsim::scenarios::detail {

std::string format_scalar(const Scalar& s) {
  struct V {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      char buf[64];
      auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest text that round-trips
      return ec == std::errc{} ? std::string(buf, p) : fmt::format("{}", d);
    }
    std::string operator()(const std::string& str) const { return str; }
    std::string operator()(const engine::Date& d) const { return engine::to_string(d); }
  };
  return std::visit(V{}, s);
}

namespace {
std::string kind_name(ScalarKind k, bool plural) {
  switch (k) {
    case ScalarKind::boolean:
      return plural ? "booleans (true/false)" : "boolean (true/false)";
    case ScalarKind::integer:
      return plural ? "integers" : "integer";
    case ScalarKind::number:
      return plural ? "numbers" : "number";
    case ScalarKind::text:
      return plural ? "strings" : "string";
    case ScalarKind::date:
      return plural ? "dates (YYYY-MM-DD)" : "date (YYYY-MM-DD)";
  }
  return "value";
}

std::string choices_text(const std::vector<std::string>& choices) {
  std::string s;
  for (const auto& c : choices) {
    if (!s.empty()) s += ", ";
    s += c;
  }
  return s;
}
}  // namespace

std::string describe_kind(const OptionSpec& o) {
  if (!o.choices.empty()) return "one of: " + choices_text(o.choices);
  return kind_name(o.scalar_kind, false);
}

std::string describe_type(const OptionSpec& o) {
  std::string base;
  switch (o.shape) {
    case Shape::scalar:
      base = describe_kind(o);
      break;
    case Shape::list:
      base = o.choices.empty() ? "list of " + kind_name(o.scalar_kind, true)
                               : "list of strings, each one of: " + choices_text(o.choices);
      break;
    case Shape::dict:
      base = "map of name -> " +
             (o.choices.empty() ? kind_name(o.scalar_kind, false) : "one of: " + choices_text(o.choices));
      break;
  }
  return base;
}

std::string describe_full(const OptionSpec& o) {
  std::string t = describe_type(o);
  if (std::string range = describe_range(o); !range.empty())
    t += (o.shape == Shape::scalar ? " " : ", each ") + range;
  if (o.nullable) t += " or null";
  return t;
}

std::string describe_range(const OptionSpec& o) {
  const bool lo = o.lower.set(), hi = o.upper.set();
  if (lo && hi)
    return fmt::format("in {}{}, {}{}", o.lower.inclusive ? '[' : '(', format_scalar(o.lower.value),
                       format_scalar(o.upper.value), o.upper.inclusive ? ']' : ')');
  if (lo) return fmt::format("{} {}", o.lower.inclusive ? ">=" : ">", format_scalar(o.lower.value));
  if (hi) return fmt::format("{} {}", o.upper.inclusive ? "<=" : "<", format_scalar(o.upper.value));
  return "";
}

std::string describe_size(const OptionSpec& o) {
  const bool str = o.kind == OptionKind::value && o.shape == Shape::scalar;
  const char* what = str ? "character" : "entr";
  auto unit = [&](std::size_t n) {
    return str ? fmt::format("{} {}{}", n, what, n == 1 ? "" : "s")
               : fmt::format("{} {}{}", n, what, n == 1 ? "y" : "ies");
  };
  const bool has_max = o.max_size != std::numeric_limits<std::size_t>::max();
  if (o.min_size > 0 && has_max) {
    if (o.min_size == o.max_size) return "exactly " + unit(o.min_size);
    return fmt::format("{} to {}", o.min_size, unit(o.max_size));
  }
  if (o.min_size > 0) return "at least " + unit(o.min_size);
  if (has_max) return "at most " + unit(o.max_size);
  return "";
}

std::string format_value(const OptionSpec& o, const Value& v) {
  auto one = [](const Scalar& s) {
    if (std::holds_alternative<std::monostate>(s)) return std::string("null");
    if (const auto* str = std::get_if<std::string>(&s); str != nullptr && str->empty())
      return std::string("\"\"");
    return format_scalar(s);
  };
  switch (o.shape) {
    case Shape::scalar:
      return one(v.scalar);
    case Shape::list: {
      std::string s = "[";
      for (std::size_t i = 0; i < v.items.size(); ++i) s += (i ? ", " : "") + one(v.items[i]);
      return s + "]";
    }
    case Shape::dict: {
      std::string s = "{";
      for (std::size_t i = 0; i < v.entries.size(); ++i)
        s += (i ? ", " : "") + v.entries[i].first + ": " + one(v.entries[i].second);
      return s + "}";
    }
  }
  return "";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto low = [](char c) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return c == '-' ? '_' : c;
  };
  const std::size_t n = a.size(), m = b.size();
  if (n > 200 || m > 200) return std::max(n, m);  // keys are short; do not spend time on junk
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = low(a[i - 1]) == low(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_score = std::numeric_limits<std::size_t>::max();
  for (const std::string& c : candidates) {
    std::size_t dist = edit_distance(word, c);
    const std::size_t len = std::max(word.size(), c.size());
    std::size_t allowed = std::clamp<std::size_t>((len + 2) / 4, 1, 3);
    // "horizon" for "horizon_days": a leading part of a longer key is a plausible slip too.
    const std::string_view shorter = word.size() < c.size() ? word : std::string_view(c);
    const std::string_view longer = word.size() < c.size() ? std::string_view(c) : word;
    if (shorter.size() >= 4 && longer.substr(0, shorter.size()) == shorter) allowed = std::max(allowed, dist);
    if (dist <= allowed && dist < best_score) {
      best = c;
      best_score = dist;
    }
  }
  return best;
}

std::string join_path(std::string_view prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  if (key.empty()) return std::string(prefix);
  if (key.front() == '[') return std::string(prefix) + std::string(key);
  return std::string(prefix) + "." + std::string(key);
}

int compare(const Scalar& a, const Scalar& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (a.index() != b.index()) return sign(a.index(), b.index());
  if (const auto* x = std::get_if<std::int64_t>(&a)) return sign(*x, std::get<std::int64_t>(b));
  if (const auto* x = std::get_if<double>(&a)) return sign(*x, std::get<double>(b));
  if (const auto* x = std::get_if<engine::Date>(&a))
    return sign(engine::to_days(*x), engine::to_days(std::get<engine::Date>(b)));
  if (const auto* x = std::get_if<std::string>(&a)) return sign(*x, std::get<std::string>(b));
  if (const auto* x = std::get_if<bool>(&a)) return sign(*x, std::get<bool>(b));
  return 0;
}

std::string expectation(const OptionSpec& o) {
  std::string t = describe_full(o);  // not const: `return t` moves
  if (t.rfind("one of", 0) == 0) return t;
  const char c = t.empty() ? 'x' : t.front();
  const bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  return (vowel ? "an " : "a ") + t;
}

namespace {
bool outside(const Scalar& s, const Bound& b, bool lower) {
  if (!b.set()) return false;
  const int c = compare(s, b.value);
  if (lower) return b.inclusive ? c < 0 : c <= 0;
  return b.inclusive ? c > 0 : c >= 0;
}
}  // namespace

std::string check_scalar(const OptionSpec& o, const Scalar& s) {
  if (std::holds_alternative<std::monostate>(s)) return "";
  if (const auto* str = std::get_if<std::string>(&s)) {
    if (!o.choices.empty() && std::find(o.choices.begin(), o.choices.end(), *str) == o.choices.end()) {
      std::string msg = fmt::format("invalid value '{}'; expected one of: {}", *str, choices_text(o.choices));
      const std::string guess = closest(*str, o.choices);
      if (!guess.empty()) msg += fmt::format("; did you mean '{}'?", guess);
      return msg;
    }
    if (o.shape == Shape::scalar) {
      if (str->size() < o.min_size)
        return str->empty()
                   ? "the text is empty; " + describe_size(o) + " required"
                   : fmt::format("the text has {} characters; {} required", str->size(), describe_size(o));
      if (str->size() > o.max_size)
        return fmt::format("the text has {} characters; {} allowed", str->size(), describe_size(o));
    }
    return "";
  }
  if (const auto* i = std::get_if<std::int64_t>(&s); i != nullptr && (*i < o.int_min || *i > o.int_max))
    return fmt::format("value {} is out of range: this setting holds integers in [{}, {}]", *i, o.int_min,
                       o.int_max);
  if (outside(s, o.lower, true) || outside(s, o.upper, false))
    return fmt::format("value {} is out of range: must be {}", format_scalar(s), describe_range(o));
  return "";
}

std::string check_size(const OptionSpec& o, std::size_t n) {
  if (n >= o.min_size && n <= o.max_size) return "";
  const char* what = o.shape == Shape::dict ? "map" : "list";
  if (n == 0) return fmt::format("the {} is empty; {} required", what, describe_size(o));
  return fmt::format("the {} has {} entr{}; {} {}", what, n, n == 1 ? "y" : "ies", describe_size(o),
                     n < o.min_size ? "required" : "allowed");
}

}  // namespace sibsim::scenarios::detail
