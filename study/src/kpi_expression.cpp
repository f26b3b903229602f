// KPI expressions of observations files ("started / eligible", "100 * (a - b) / a"): a
// recursive-descent parser to a postfix program, and its evaluation on one replication's KPI row.
//
// Grammar (whitespace between tokens is ignored):
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | name | '(' expr ')'
// Names are KPI names ([A-Za-z_][A-Za-z0-9_.@]*, and after an '@' also '-' and ':', for series
// KPIs such as cum_started@2017-02-01: write a - b with spaces after such a name); numbers are decimal (1,
// 0.5, 2e-3).

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>

#include "sibsim/scenarios/errors.hpp"
#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool name_char(char c) {
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '@';
}

// The parser: a cursor over the text that appends to the program as it recognises the grammar.
// A template over KpiExpression's (private) instruction type, instantiated by parse().
template <class Op>
class Parser {
 public:
  using Code = typename Op::Code;

  Parser(std::string_view text, std::span<const engine::KpiInfo> kpis) : text_(text), kpis_(kpis) {}

  std::vector<Op> run() {
    skip_space();
    if (at_end())
      throw std::invalid_argument("the KPI expression is empty; give a KPI name such as a ratio a / b");
    expr();
    skip_space();
    if (!at_end()) {
      if (text_[pos_] == ')') fail("')' without a matching '('");
      fail(fmt::format("expected an operator (+ - * /) or the end, got '{}'", text_[pos_]));
    }
    return std::move(program_);
  }
  std::vector<std::size_t> used() {
    std::sort(used_.begin(), used_.end());
    used_.erase(std::unique(used_.begin(), used_.end()), used_.end());
    return used_;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(std::size_t pos, const std::string& what) const {
    throw std::invalid_argument(fmt::format("{} at column {} of '{}'", what, pos + 1, text_));
  }
  bool at_end() const { return pos_ >= text_.size(); }
  void skip_space() {
    while (!at_end() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
  }
  // Consumes `c` (after spaces) if it is next.
  bool take(char c) {
    skip_space();
    if (!at_end() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void expr() {
    term();
    for (;;) {
      if (take('+')) {
        term();
        program_.push_back(Op{Code::add});
      } else if (take('-')) {
        term();
        program_.push_back(Op{Code::sub});
      } else {
        return;
      }
    }
  }
  void term() {
    unary();
    for (;;) {
      if (take('*')) {
        unary();
        program_.push_back(Op{Code::mul});
      } else if (take('/')) {
        unary();
        program_.push_back(Op{Code::div});
      } else {
        return;
      }
    }
  }
  void unary() {
    if (take('-')) {
      unary();
      program_.push_back(Op{Code::neg});
      return;
    }
    primary();
  }
  void primary() {
    skip_space();
    if (at_end()) fail("the expression ends early; expected a KPI name, a number or '('");
    const char c = text_[pos_];
    if (c == '(') {
      const std::size_t open = pos_++;
      expr();
      if (!take(')')) {
        skip_space();
        if (at_end()) fail_at(open, "'(' is never closed");
        fail(fmt::format("expected ')' or an operator, got '{}'", text_[pos_]));
      }
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.') {
      number();
    } else if (name_start(c)) {
      name();
    } else {
      fail(fmt::format("expected a KPI name, a number or '(', got '{}'", c));
    }
  }
  void number() {
    const std::size_t start = pos_;
    const char* first = text_.data() + pos_;
    double value = 0;
    const auto [end, ec] = std::from_chars(first, text_.data() + text_.size(), value);
    if (ec != std::errc() || !std::isfinite(value)) fail("not a valid number");
    pos_ += static_cast<std::size_t>(end - first);
    if (!at_end() && name_char(text_[pos_]))
      fail(fmt::format("a number runs into a name ('{}')", text_.substr(start, pos_ + 1 - start)));
    program_.push_back(Op{Code::push_number, 0, value});
  }
  void name() {
    const std::size_t start = pos_;
    // A series KPI "<name>@<date>" ("cum_started@2017-02-01"): after the '@' the date's '-' and
    // ':' belong to the name, not to a subtraction.
    bool dated = false;
    while (!at_end() && (name_char(text_[pos_]) || (dated && (text_[pos_] == '-' || text_[pos_] == ':')))) {
      dated = dated || text_[pos_] == '@';
      ++pos_;
    }
    const std::string word(text_.substr(start, pos_ - start));
    for (std::size_t k = 0; k < kpis_.size(); ++k)
      if (kpis_[k].name == word) {
        program_.push_back(Op{Code::push_kpi, k, 0});
        used_.push_back(k);
        return;
      }
    std::vector<std::string> names;
    names.reserve(kpis_.size());
    for (const engine::KpiInfo& k : kpis_) names.push_back(k.name);
    const std::string guess = scenarios::closest_name(word, names);
    fail_at(start, guess.empty()
                       ? fmt::format("unknown KPI '{}' (the model has {} KPIs; see the results file's "
                                     "/kpis or `sibsim run --csv`)",
                                     word, names.size())
                       : fmt::format("unknown KPI '{}'; did you mean '{}'?", word, guess));
  }

  std::string_view text_;
  std::span<const engine::KpiInfo> kpis_;
  std::size_t pos_ = 0;
  std::vector<Op> program_;
  std::vector<std::size_t> used_;
};

}  // namespace

KpiExpression KpiExpression::parse(std::string_view text, std::span<const engine::KpiInfo> kpis) {
  Parser<Op> parser(text, kpis);
  KpiExpression e;
  e.program_ = parser.run();
  e.used_ = parser.used();
  e.text_ = std::string(text);
  return e;
}

double KpiExpression::evaluate(std::span<const double> row) const {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (program_.empty()) return kNaN;  // a default-constructed expression
  // The stack never holds more than the program's length; expressions are short.
  std::vector<double> stack;
  stack.reserve(program_.size());
  for (const Op& op : program_) {
    if (op.code == Op::Code::push_kpi) {
      if (op.kpi >= row.size())
        throw std::invalid_argument(
            fmt::format("KPI expression '{}': the row has {} KPIs, the expression reads KPI {}", text_,
                        row.size(), op.kpi));
      stack.push_back(row[op.kpi]);
      continue;
    }
    if (op.code == Op::Code::push_number) {
      stack.push_back(op.number);
      continue;
    }
    if (op.code == Op::Code::neg) {
      stack.back() = -stack.back();
      continue;
    }
    const double y = stack.back();
    stack.pop_back();
    double& x = stack.back();
    switch (op.code) {
      case Op::Code::add:
        x += y;
        break;
      case Op::Code::sub:
        x -= y;
        break;
      case Op::Code::mul:
        x *= y;
        break;
      case Op::Code::div:
        x = y == 0 ? kNaN : x / y;  // an undefined ratio (no one eligible) is no information
        break;
      default:
        break;
    }
  }
  return stack.back();
}

}  // namespace sibsim::study::calibration
