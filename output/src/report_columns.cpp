#include "report_columns.hpp"

#include <cmath>
#include <limits>
#include <type_traits>
#include <variant>

#include "report_text.hpp"

namespace sibsim::output::detail {

std::vector<double> numbers(const Table& table, std::string_view name) {
  std::vector<double> out(table.rows(), std::numeric_limits<double>::quiet_NaN());
  const TableColumn* c = table.column(name);
  if (c == nullptr) return out;
  std::visit(
      [&](const auto& v) {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (!std::is_same_v<T, std::string>) {
          for (std::size_t i = 0; i < v.size() && i < out.size(); ++i) out[i] = static_cast<double>(v[i]);
        }
      },
      c->values);
  return out;
}

std::vector<std::string> strings(const Table& table, std::string_view name) {
  std::vector<std::string> out(table.rows());
  const TableColumn* c = table.column(name);
  if (c == nullptr) return out;
  if (const auto* s = std::get_if<std::vector<std::string>>(&c->values)) {
    for (std::size_t i = 0; i < out.size() && i < s->size(); ++i) out[i] = (*s)[i];
  } else if (const auto* f = std::get_if<std::vector<std::uint8_t>>(&c->values)) {
    for (std::size_t i = 0; i < out.size() && i < f->size(); ++i) out[i].assign(1, (*f)[i] != 0 ? '1' : '0');
  } else {
    const auto x = numbers(table, name);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = plain(num(x[i]));
  }
  return out;
}

std::string cell_text(const TableColumn& column, std::size_t row) {
  if (row >= column.size()) return "";
  return std::visit(
      [&](const auto& v) -> std::string {
        using T = typename std::decay_t<decltype(v)>::value_type;
        if constexpr (std::is_same_v<T, std::string>) {
          return v[row];
        } else if constexpr (std::is_same_v<T, std::uint8_t>) {
          return v[row] != 0 ? "yes" : "no";
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          return format_number(static_cast<double>(v[row]), 0);
        } else {
          const double x = v[row];
          return std::isnan(x) ? "n/a" : plain(num(x));
        }
      },
      column.values);
}

bool is_text(const TableColumn& column) {
  return std::holds_alternative<std::vector<std::string>>(column.values);
}
bool is_flag(const TableColumn& column) {
  return std::holds_alternative<std::vector<std::uint8_t>>(column.values);
}

}  // namespace sibsim::output::detail
