#pragma once
// A Table (results_types.hpp) as a 1-D compound HDF5 dataset and back: one field per column in
// column order (uint8, uint64, float64, fixed-length UTF-8 strings as wide as the longest value,
// NUL-terminated), attributes `units`, `descriptions` (one per field) and `description`. Written
// and read in blocks of kBlockRows rows, so a table of millions of rows never needs a second copy
// of itself in memory. Used for /persons and for every table written by ResultsWriter::write_table.

#include <string>
#include <string_view>

#include "h5_util.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output::detail {

/// Throws std::invalid_argument ("<who>: ...") unless the table has at least one column, every
/// column name is non-empty and unique, and all columns have the same length.
void check_table(const Table& table, std::string_view who);

/// Creates `name` in `group` as a chunked, compressed, extendible compound dataset holding the
/// table (call check_table first) and its attributes. Returns the dataset for further attributes.
H5::DataSet write_table_dataset(const H5::Group& group, const std::string& name, const Table& table);

/// Reads a 1-D compound dataset as a Table: 1-byte unsigned integers as uint8 columns, other
/// integers as uint64, floats as float64, fixed or variable-length strings as strings; units,
/// descriptions and description from the attributes when present (else empty). Throws
/// std::runtime_error on a field of another type or attributes that do not match the fields.
Table read_table_dataset(const H5::DataSet& ds);

}  // namespace sibsim::output::detail
