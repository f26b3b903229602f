#include "table_io.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <unordered_set>
#include <variant>
#include <vector>

namespace sibsim::output::detail {

namespace {

template <class V>
constexpr bool is_u8 = std::is_same_v<V, std::vector<std::uint8_t>>;
template <class V>
constexpr bool is_u64 = std::is_same_v<V, std::vector<std::uint64_t>>;
template <class V>
constexpr bool is_f64 = std::is_same_v<V, std::vector<double>>;

Record table_record(const Table& table) {
  Record rec;
  for (const auto& c : table.columns) {
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (is_u8<V>) {
            rec.add_u8(c.name);
          } else if constexpr (is_u64<V>) {
            rec.add_u64(c.name);
          } else if constexpr (is_f64<V>) {
            rec.add_f64(c.name);
          } else {
            rec.add_str(c.name, fixed_utf8(max_length(v)));
          }
        },
        c.values);
  }
  return rec;
}

// How one field of a dataset is read: its place in the memory record and the column it fills.
struct FieldReader {
  enum class Kind { u8, u64, f64, fixed_str, vlen_str };
  std::string name;
  Kind kind = Kind::f64;
  std::size_t offset = 0;
  std::size_t size = 0;
};

}  // namespace

void check_table(const Table& table, std::string_view who) {
  if (table.columns.empty()) throw std::invalid_argument(fmt::format("{}: the table has no columns", who));
  std::unordered_set<std::string_view> seen;
  for (const auto& c : table.columns) {
    if (c.name.empty()) throw std::invalid_argument(fmt::format("{}: empty column name", who));
    if (c.name.find('\0') != std::string::npos)
      throw std::invalid_argument(fmt::format("{}: column name '{}' holds a NUL character", who, c.name));
    if (!seen.insert(c.name).second)
      throw std::invalid_argument(fmt::format("{}: duplicate name '{}'", who, c.name));
  }
  const std::size_t rows = table.rows();
  for (const auto& c : table.columns) {
    if (c.size() != rows) {
      throw std::invalid_argument(fmt::format("{}: column '{}' has {} rows, column '{}' has {}", who, c.name,
                                              c.size(), table.columns.front().name, rows));
    }
  }
}

H5::DataSet write_table_dataset(const H5::Group& group, const std::string& name, const Table& table) {
  const Record rec = table_record(table);
  const std::size_t rows = table.rows();
  const hsize_t dims[1] = {rows};
  const hsize_t maxdims[1] = {H5S_UNLIMITED};
  const H5::DataSpace space(1, dims, maxdims);
  const H5::DataSet ds =
      group.createDataSet(name, rec.file_type(), space, extendible_table_props(rec.size()));
  const H5::CompType mem_type = rec.mem_type();
  std::vector<std::byte> block;
  for (std::size_t first = 0; first < rows;) {
    const std::size_t n = std::min<std::size_t>(kBlockRows, rows - first);
    block.assign(n * rec.size(), std::byte{0});
    for (std::size_t f = 0; f < table.columns.size(); ++f) {
      std::visit(
          [&](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            for (std::size_t i = 0; i < n; ++i) {
              std::byte* row = block.data() + i * rec.size();
              if constexpr (is_u8<V>) {
                rec.put_u8(row, f, v[first + i]);
              } else if constexpr (is_u64<V>) {
                rec.put_u64(row, f, v[first + i]);
              } else if constexpr (is_f64<V>) {
                rec.put_f64(row, f, v[first + i]);
              } else {
                rec.put_str(row, f, v[first + i]);
              }
            }
          },
          table.columns[f].values);
    }
    H5::DataSpace file_space = ds.getSpace();
    const hsize_t start[1] = {first};
    const hsize_t count[1] = {n};
    file_space.selectHyperslab(H5S_SELECT_SET, count, start);
    const H5::DataSpace mem_space(1, count);
    ds.write(block.data(), mem_type, mem_space, file_space);
    first += n;
  }
  std::vector<std::string> units, descriptions;
  for (const auto& c : table.columns) {
    units.push_back(c.unit);
    descriptions.push_back(c.description);
  }
  write_attr(ds, "units", std::span<const std::string>(units));
  write_attr(ds, "descriptions", std::span<const std::string>(descriptions));
  write_attr(ds, "description", table.description);
  return ds;
}

Table read_table_dataset(const H5::DataSet& ds) {
  const std::string where = ds.getObjName();
  if (ds.getTypeClass() != H5T_COMPOUND)
    throw std::runtime_error(fmt::format("dataset '{}' is not a compound table", where));
  const H5::CompType file_type = ds.getCompType();
  const auto fields = static_cast<std::size_t>(file_type.getNmembers());

  // The memory record: the fields in file order, packed, in native types.
  std::vector<FieldReader> readers;
  std::size_t size = 0;
  std::vector<std::pair<std::size_t, H5::DataType>> members;
  for (std::size_t i = 0; i < fields; ++i) {
    const auto m = static_cast<unsigned>(i);
    FieldReader r;
    r.name = file_type.getMemberName(m);
    r.offset = size;
    switch (file_type.getMemberClass(m)) {
      case H5T_INTEGER: {
        const H5::IntType t = file_type.getMemberIntType(m);
        const bool small = t.getSize() == 1 && t.getSign() == H5T_SGN_NONE;
        r.kind = small ? FieldReader::Kind::u8 : FieldReader::Kind::u64;
        r.size = small ? 1 : sizeof(std::uint64_t);
        members.emplace_back(i, small ? H5::PredType::NATIVE_UINT8 : H5::PredType::NATIVE_UINT64);
        break;
      }
      case H5T_FLOAT:
        r.kind = FieldReader::Kind::f64;
        r.size = sizeof(double);
        members.emplace_back(i, H5::PredType::NATIVE_DOUBLE);
        break;
      case H5T_STRING: {
        const H5::StrType t = file_type.getMemberStrType(m);
        if (t.isVariableStr()) {
          r.kind = FieldReader::Kind::vlen_str;
          r.size = sizeof(char*);
          members.emplace_back(i, vlen_utf8());
        } else {
          r.kind = FieldReader::Kind::fixed_str;
          r.size = t.getSize();
          members.emplace_back(i, t);
        }
        break;
      }
      default:
        throw std::runtime_error(fmt::format("field '{}' of '{}' has an unsupported type", r.name, where));
    }
    size += r.size;
    readers.push_back(std::move(r));
  }
  std::vector<std::string> units(fields), descriptions(fields);
  if (ds.attrExists("units")) units = read_str_array_attr(ds, "units");
  if (ds.attrExists("descriptions")) descriptions = read_str_array_attr(ds, "descriptions");
  if (units.size() != fields || descriptions.size() != fields) {
    throw std::runtime_error(
        fmt::format("'{}': attributes units/descriptions do not match its fields", where));
  }

  Table table;
  if (ds.attrExists("description")) table.description = read_str_attr(ds, "description");
  const std::uint64_t rows = rows_of(ds);
  for (std::size_t i = 0; i < fields; ++i) {
    TableColumn c{readers[i].name, units[i], descriptions[i], {}};
    switch (readers[i].kind) {
      case FieldReader::Kind::u8:
        c.values = std::vector<std::uint8_t>();
        break;
      case FieldReader::Kind::u64:
        c.values = std::vector<std::uint64_t>();
        break;
      case FieldReader::Kind::f64:
        c.values = std::vector<double>();
        break;
      default:
        c.values = std::vector<std::string>();
        break;
    }
    std::visit([&](auto& v) { v.reserve(static_cast<std::size_t>(rows)); }, c.values);
    table.columns.push_back(std::move(c));
  }
  if (fields == 0 || rows == 0) return table;

  H5::CompType mem_type(size);
  for (const auto& [i, type] : members) mem_type.insertMember(readers[i].name, readers[i].offset, type);
  std::vector<std::byte> block;
  for (std::uint64_t first = 0; first < rows;) {
    const std::uint64_t n = std::min(kBlockRows, rows - first);
    block.assign(static_cast<std::size_t>(n) * size, std::byte{0});
    H5::DataSpace file_space = ds.getSpace();
    const hsize_t start[1] = {first};
    const hsize_t count[1] = {n};
    file_space.selectHyperslab(H5S_SELECT_SET, count, start);
    const H5::DataSpace mem_space(1, count);
    ds.read(block.data(), mem_type, mem_space, file_space);
    for (std::size_t f = 0; f < fields; ++f) {
      const FieldReader& r = readers[f];
      std::visit(
          [&](auto& v) {
            using V = std::decay_t<decltype(v)>;
            for (std::uint64_t i = 0; i < n; ++i) {
              const std::byte* p = block.data() + static_cast<std::size_t>(i) * size + r.offset;
              if constexpr (std::is_same_v<V, std::vector<std::string>>) {
                if (r.kind == FieldReader::Kind::vlen_str) {
                  const char* s = nullptr;
                  std::memcpy(&s, p, sizeof s);
                  v.emplace_back(s != nullptr ? s : "");
                } else {
                  const auto* s = reinterpret_cast<const char*>(p);
                  v.emplace_back(s, strnlen(s, r.size));
                }
              } else {
                typename V::value_type x{};
                std::memcpy(&x, p, sizeof x);
                v.push_back(x);
              }
            }
          },
          table.columns[f].values);
    }
    const bool has_vlen = std::any_of(readers.begin(), readers.end(), [](const FieldReader& r) {
      return r.kind == FieldReader::Kind::vlen_str;
    });
    if (has_vlen) H5::DataSet::vlenReclaim(block.data(), mem_type, mem_space);
    first += n;
  }
  return table;
}

}  // namespace sibsim::output::detail
