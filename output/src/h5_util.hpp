#pragma once
// Small helpers over the HDF5 1.10 C++ API (private to output/: HDF5 never appears in a public
// header). The C++ API objects (H5File, Group, DataSet, DataSpace, ...) are already RAII handles;
// what is added here is turning H5::Exception into std::runtime_error with context, typed
// attribute I/O, and packed compound record layouts shared by the writer and the reader.

#include <H5Cpp.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sibsim::output::detail {

/// Turns off HDF5's automatic error printing (H5::Exception::dontPrint) and installs a silent
/// handler that keeps the innermost library messages for rethrow_h5 (idempotent, per thread).
void h5_quiet();
/// Forgets captured library messages (called before each guarded step).
void h5_clear_error() noexcept;

/// Throws std::runtime_error: "<context>: <HDF5 function>: <detail> (<innermost library errors>)".
[[noreturn]] void rethrow_h5(const H5::Exception& e, std::string_view context);

/// Runs f(); an H5::Exception escaping it becomes std::runtime_error with `context`.
template <class F>
decltype(auto) h5_try(std::string_view context, F&& f) {
  h5_quiet();  // HDF5's error settings are per thread: make sure this one is quiet too
  h5_clear_error();
  try {
    return std::forward<F>(f)();
  } catch (const H5::Exception& e) {
    rethrow_h5(e, context);
  }
}

/// Variable-length UTF-8 string type (attributes, scalar text datasets).
H5::StrType vlen_utf8();
/// Fixed-length, NUL-terminated UTF-8 string type with room for max_len bytes plus the NUL,
/// rounded up to a multiple of 8 bytes so the following numeric fields stay aligned.
H5::StrType fixed_utf8(std::size_t max_len);
/// Longest string (in bytes) in a list.
std::size_t max_length(std::span<const std::string> strings);

// Attributes (created on `obj`, replacing nothing: each is written once).
void write_attr(const H5::H5Object& obj, const char* name, std::string_view value);
void write_attr(const H5::H5Object& obj, const char* name, const char* value);
void write_attr(const H5::H5Object& obj, const char* name, std::uint64_t value);
void write_attr(const H5::H5Object& obj, const char* name, int value);
void write_attr(const H5::H5Object& obj, const char* name, double value);
void write_attr(const H5::H5Object& obj, const char* name, std::span<const int> values);
void write_attr(const H5::H5Object& obj, const char* name, std::span<const std::string> values);
void write_bool_attr(const H5::H5Object& obj, const char* name, bool value);  // uint8 0/1

std::string read_str_attr(const H5::H5Object& obj, const char* name);
std::uint64_t read_u64_attr(const H5::H5Object& obj, const char* name);
int read_int_attr(const H5::H5Object& obj, const char* name);
double read_f64_attr(const H5::H5Object& obj, const char* name);
std::vector<int> read_int_array_attr(const H5::H5Object& obj, const char* name);
std::vector<std::string> read_str_array_attr(const H5::H5Object& obj, const char* name);

// Scalar variable-length UTF-8 string datasets (long text such as YAML).
void write_text(const H5::Group& group, const char* name, std::string_view text);
std::string read_text(const H5::Group& group, const char* name);

/// 1-D dataset of fixed-length strings / float64.
void write_string_column(const H5::Group& group, const char* name, std::span<const std::string> values);
void write_f64_column(const H5::Group& group, const char* name, std::span<const double> values);
std::vector<std::string> read_string_column(const H5::DataSet& ds);
std::vector<double> read_f64_column(const H5::DataSet& ds);

/// A packed compound layout used for both memory and file (little-endian x86-64, so the native
/// and the standard types coincide; the file type still names them explicitly).
class Record {
 public:
  std::size_t add_u8(std::string name);
  std::size_t add_u64(std::string name);
  std::size_t add_f64(std::string name);
  std::size_t add_str(std::string name, const H5::StrType& type);
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t fields() const noexcept { return fields_.size(); }
  [[nodiscard]] H5::CompType mem_type() const;
  [[nodiscard]] H5::CompType file_type() const;

  void put_u8(std::byte* row, std::size_t field, std::uint8_t v) const;
  void put_u64(std::byte* row, std::size_t field, std::uint64_t v) const;
  void put_f64(std::byte* row, std::size_t field, double v) const;
  void put_str(std::byte* row, std::size_t field, std::string_view v) const;

 private:
  enum class Kind { u8, u64, f64, str };
  [[nodiscard]] H5::CompType compound(bool file) const;  // mem_type (native) or file_type (LE)
  struct Field {
    std::string name;
    Kind kind;
    std::size_t offset;
    std::size_t str_size;
    std::optional<H5::StrType> str_type;
  };
  std::vector<Field> fields_;
  std::size_t size_ = 0;
};

/// Rows converted and written (or read) per HDF5 call for large tables: bounds the staging buffer.
inline constexpr std::uint64_t kBlockRows = 8192;

/// Creation properties of a growing (maxshape = unlimited) 1-D table of records of this size:
/// chunks of about 128 KiB, shuffle + deflate level 4 when the library can compress.
H5::DSetCreatPropList extendible_table_props(std::size_t record_size);

/// Creates a 1-D compound dataset of `rows` records (contiguous; small tables).
H5::DataSet write_table(const H5::Group& group, const char* name, const Record& rec,
                        std::span<const std::byte> data, std::size_t rows);

// Reading one field of a 1-D compound dataset by name (robust to added fields).
bool has_field(const H5::DataSet& ds, const char* field);
std::vector<double> read_f64_field(const H5::DataSet& ds, const char* field);
std::vector<std::uint8_t> read_u8_field(const H5::DataSet& ds, const char* field);
std::vector<std::uint64_t> read_u64_field(const H5::DataSet& ds, const char* field);
std::vector<std::string> read_str_field(const H5::DataSet& ds, const char* field);
/// Number of elements of a 1-D dataset.
std::uint64_t rows_of(const H5::DataSet& ds);

}  // namespace sibsim::output::detail
