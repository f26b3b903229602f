#pragma once
// Reading the columns of a Table (results_types.hpp) by name for the reports, forgiving about
// what is missing: a report shows what it finds rather than failing on a column it lacks.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sibsim/output/results_types.hpp"

namespace sibsim::output::detail {

/// The column as numbers (float64 as is; uint64 and uint8 converted), or NaN in every row (rows()
/// of them) when the table has no such column or it holds text.
std::vector<double> numbers(const Table& table, std::string_view name);
/// The column as text (numbers written as num() would, flags as 0/1), or "" in every row when
/// the table has no such column.
std::vector<std::string> strings(const Table& table, std::string_view name);
/// One cell as text for people: text as is, flags "yes"/"no", numbers with format_number.
std::string cell_text(const TableColumn& column, std::size_t row);
/// Whether the column holds numbers (float64 or uint64), flags (uint8) or text.
bool is_text(const TableColumn& column);
bool is_flag(const TableColumn& column);

}  // namespace sibsim::output::detail
