#include "h5_util.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace sibsim::output::detail {

namespace {

// Collects the descriptions of the innermost entries of the library's error stack, e.g.
// "unable to open file: name = '...', errno = 13, error message = 'Permission denied'".
herr_t collect_error(unsigned n, const H5E_error2_t* err, void* client) {
  auto* out = static_cast<std::vector<std::string>*>(client);
  if (n < 3 && err != nullptr && err->desc != nullptr && *err->desc != '\0') out->emplace_back(err->desc);
  return 0;
}

H5::DataSpace vector_space(std::size_t n) {
  const hsize_t dims[1] = {n};
  return H5::DataSpace(1, dims);
}

void check_class(const H5::Attribute& attr, H5T_class_t want, const char* name, const char* what) {
  if (attr.getTypeClass() != want) {
    throw std::runtime_error(fmt::format("attribute '{}' is not {}", name, what));
  }
}

}  // namespace

namespace {

// The library's error stack is cleared by the next API call, and unwinding to a catch block
// closes handles (API calls), so the details are captured when the error happens: HDF5 calls
// this "automatic error handler" as a failing API function returns. Per thread, like HDF5's
// own error stacks; it prints nothing.
thread_local std::string t_last_error;

herr_t capture_error(hid_t estack, void* /*client*/) {
  std::vector<std::string> stack;
  (void)H5Ewalk2(estack, H5E_WALK_UPWARD, collect_error, &stack);
  t_last_error.clear();
  for (const auto& s : stack) t_last_error += fmt::format("; {}", s);
  return 0;
}

}  // namespace

void h5_quiet() {
  H5::Exception::dontPrint();
  (void)H5Eset_auto2(H5E_DEFAULT, capture_error, nullptr);
}

void h5_clear_error() noexcept { t_last_error.clear(); }

void rethrow_h5(const H5::Exception& e, std::string_view context) {
  std::string msg = fmt::format("{}: {}", context, e.getDetailMsg());
  if (!e.getFuncName().empty()) msg += fmt::format(" (in {})", e.getFuncName());
  msg += t_last_error;
  t_last_error.clear();
  throw std::runtime_error(msg);
}

H5::StrType vlen_utf8() {
  H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
  t.setCset(H5T_CSET_UTF8);
  return t;
}

H5::StrType fixed_utf8(std::size_t max_len) {
  H5::StrType t(H5::PredType::C_S1, (max_len + 1 + 7) / 8 * 8);
  t.setCset(H5T_CSET_UTF8);
  t.setStrpad(H5T_STR_NULLTERM);
  return t;
}

std::size_t max_length(std::span<const std::string> strings) {
  std::size_t m = 0;
  for (const auto& s : strings) m = std::max(m, s.size());
  return m;
}

void write_attr(const H5::H5Object& obj, const char* name, std::string_view value) {
  const auto t = vlen_utf8();
  auto a = obj.createAttribute(name, t, H5::DataSpace(H5S_SCALAR));
  a.write(t, std::string(value));
}

void write_attr(const H5::H5Object& obj, const char* name, const char* value) {
  write_attr(obj, name, std::string_view(value));
}

void write_attr(const H5::H5Object& obj, const char* name, std::uint64_t value) {
  auto a = obj.createAttribute(name, H5::PredType::STD_U64LE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_UINT64, &value);
}

void write_attr(const H5::H5Object& obj, const char* name, int value) {
  auto a = obj.createAttribute(name, H5::PredType::STD_I32LE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_INT, &value);
}

void write_attr(const H5::H5Object& obj, const char* name, double value) {
  auto a = obj.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_DOUBLE, &value);
}

void write_attr(const H5::H5Object& obj, const char* name, std::span<const int> values) {
  auto a = obj.createAttribute(name, H5::PredType::STD_I32LE, vector_space(values.size()));
  if (!values.empty()) a.write(H5::PredType::NATIVE_INT, values.data());
}

void write_attr(const H5::H5Object& obj, const char* name, std::span<const std::string> values) {
  const auto t = vlen_utf8();
  auto a = obj.createAttribute(name, t, vector_space(values.size()));
  std::vector<const char*> ptrs;
  ptrs.reserve(values.size());
  for (const auto& v : values) ptrs.push_back(v.c_str());
  if (!ptrs.empty()) a.write(t, ptrs.data());
}

void write_bool_attr(const H5::H5Object& obj, const char* name, bool value) {
  const std::uint8_t v = value ? 1 : 0;
  auto a = obj.createAttribute(name, H5::PredType::STD_U8LE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_UINT8, &v);
}

std::string read_str_attr(const H5::H5Object& obj, const char* name) {
  const auto a = obj.openAttribute(name);
  check_class(a, H5T_STRING, name, "a string");
  std::string s;
  a.read(a.getStrType(), s);
  return s;
}

std::uint64_t read_u64_attr(const H5::H5Object& obj, const char* name) {
  const auto a = obj.openAttribute(name);
  check_class(a, H5T_INTEGER, name, "an integer");
  std::uint64_t v = 0;
  a.read(H5::PredType::NATIVE_UINT64, &v);
  return v;
}

int read_int_attr(const H5::H5Object& obj, const char* name) {
  const auto a = obj.openAttribute(name);
  check_class(a, H5T_INTEGER, name, "an integer");
  int v = 0;
  a.read(H5::PredType::NATIVE_INT, &v);
  return v;
}

double read_f64_attr(const H5::H5Object& obj, const char* name) {
  const auto a = obj.openAttribute(name);
  check_class(a, H5T_FLOAT, name, "a float");
  double v = 0;
  a.read(H5::PredType::NATIVE_DOUBLE, &v);
  return v;
}

std::vector<int> read_int_array_attr(const H5::H5Object& obj, const char* name) {
  const auto a = obj.openAttribute(name);
  check_class(a, H5T_INTEGER, name, "an integer array");
  std::vector<int> v(static_cast<std::size_t>(a.getSpace().getSimpleExtentNpoints()));
  if (!v.empty()) a.read(H5::PredType::NATIVE_INT, v.data());
  return v;
}

std::vector<std::string> read_str_array_attr(const H5::H5Object& obj, const char* name) {
  const auto a = obj.openAttribute(name);
  check_class(a, H5T_STRING, name, "a string array");
  const auto space = a.getSpace();
  const auto n = static_cast<std::size_t>(space.getSimpleExtentNpoints());
  std::vector<std::string> out;
  if (n == 0) return out;
  out.reserve(n);
  const auto ft = a.getStrType();
  if (ft.isVariableStr()) {
    const auto t = vlen_utf8();
    std::vector<char*> ptrs(n, nullptr);
    a.read(t, ptrs.data());
    for (const char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
    H5::DataSet::vlenReclaim(ptrs.data(), t, space);
  } else {
    const std::size_t size = ft.getSize();
    std::vector<char> buf(n * size);
    a.read(ft, buf.data());
    for (std::size_t i = 0; i < n; ++i) {
      const char* p = buf.data() + i * size;
      out.emplace_back(p, strnlen(p, size));
    }
  }
  return out;
}

void write_text(const H5::Group& group, const char* name, std::string_view text) {
  const auto t = vlen_utf8();
  auto ds = group.createDataSet(name, t, H5::DataSpace(H5S_SCALAR));
  ds.write(std::string(text), t);
}

std::string read_text(const H5::Group& group, const char* name) {
  const auto ds = group.openDataSet(name);
  if (ds.getTypeClass() != H5T_STRING)
    throw std::runtime_error(fmt::format("dataset '{}' is not text", name));
  std::string s;
  ds.read(s, ds.getStrType());
  return s;
}

void write_string_column(const H5::Group& group, const char* name, std::span<const std::string> values) {
  const auto t = fixed_utf8(max_length(values));
  const std::size_t size = t.getSize();
  auto ds = group.createDataSet(name, t, vector_space(values.size()));
  if (values.empty()) return;
  std::vector<char> buf(values.size() * size, '\0');
  for (std::size_t i = 0; i < values.size(); ++i)
    std::memcpy(&buf[i * size], values[i].data(), values[i].size());
  ds.write(buf.data(), t);
}

void write_f64_column(const H5::Group& group, const char* name, std::span<const double> values) {
  auto ds = group.createDataSet(name, H5::PredType::IEEE_F64LE, vector_space(values.size()));
  if (!values.empty()) ds.write(values.data(), H5::PredType::NATIVE_DOUBLE);
}

std::vector<std::string> read_string_column(const H5::DataSet& ds) {
  if (ds.getTypeClass() != H5T_STRING) throw std::runtime_error("dataset is not a string column");
  const auto n = static_cast<std::size_t>(rows_of(ds));
  std::vector<std::string> out;
  if (n == 0) return out;
  const auto ft = ds.getStrType();
  if (ft.isVariableStr()) {
    const auto t = vlen_utf8();
    std::vector<char*> ptrs(n, nullptr);
    ds.read(ptrs.data(), t);
    for (const char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
    H5::DataSet::vlenReclaim(ptrs.data(), t, ds.getSpace());
  } else {
    const std::size_t size = ft.getSize();
    std::vector<char> buf(n * size);
    ds.read(buf.data(), ft);
    for (std::size_t i = 0; i < n; ++i) {
      const char* p = buf.data() + i * size;
      out.emplace_back(p, strnlen(p, size));
    }
  }
  return out;
}

std::vector<double> read_f64_column(const H5::DataSet& ds) {
  if (ds.getTypeClass() != H5T_FLOAT && ds.getTypeClass() != H5T_INTEGER) {
    throw std::runtime_error("dataset is not a numeric column");
  }
  std::vector<double> v(static_cast<std::size_t>(rows_of(ds)));
  if (!v.empty()) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
  return v;
}

std::size_t Record::add_u8(std::string name) {
  fields_.push_back({std::move(name), Kind::u8, size_, sizeof(std::uint8_t), std::nullopt});
  size_ += sizeof(std::uint8_t);
  return fields_.size() - 1;
}

std::size_t Record::add_u64(std::string name) {
  fields_.push_back({std::move(name), Kind::u64, size_, sizeof(std::uint64_t), std::nullopt});
  size_ += sizeof(std::uint64_t);
  return fields_.size() - 1;
}

std::size_t Record::add_f64(std::string name) {
  fields_.push_back({std::move(name), Kind::f64, size_, sizeof(double), std::nullopt});
  size_ += sizeof(double);
  return fields_.size() - 1;
}

std::size_t Record::add_str(std::string name, const H5::StrType& type) {
  const std::size_t n = type.getSize();
  fields_.push_back({std::move(name), Kind::str, size_, n, type});
  size_ += n;
  return fields_.size() - 1;
}

// The in-memory layout (native types) and the file layout (fixed little-endian types) differ
// only in the numeric types; strings use the field's own type in both.
H5::CompType Record::compound(bool file) const {
  H5::CompType t(size_);
  for (const auto& f : fields_) {
    switch (f.kind) {
      case Kind::u8:
        t.insertMember(f.name, f.offset, file ? H5::PredType::STD_U8LE : H5::PredType::NATIVE_UINT8);
        break;
      case Kind::u64:
        t.insertMember(f.name, f.offset, file ? H5::PredType::STD_U64LE : H5::PredType::NATIVE_UINT64);
        break;
      case Kind::f64:
        t.insertMember(f.name, f.offset, file ? H5::PredType::IEEE_F64LE : H5::PredType::NATIVE_DOUBLE);
        break;
      case Kind::str:
        t.insertMember(f.name, f.offset, *f.str_type);
        break;
    }
  }
  return t;
}

H5::CompType Record::mem_type() const { return compound(false); }

H5::CompType Record::file_type() const { return compound(true); }

void Record::put_u8(std::byte* row, std::size_t field, std::uint8_t v) const {
  std::memcpy(row + fields_[field].offset, &v, sizeof v);
}

void Record::put_u64(std::byte* row, std::size_t field, std::uint64_t v) const {
  std::memcpy(row + fields_[field].offset, &v, sizeof v);
}

void Record::put_f64(std::byte* row, std::size_t field, double v) const {
  std::memcpy(row + fields_[field].offset, &v, sizeof v);
}

void Record::put_str(std::byte* row, std::size_t field, std::string_view v) const {
  const auto& f = fields_[field];
  if (v.size() >= f.str_size) {
    throw std::logic_error(
        fmt::format("string '{}' does not fit field '{}' ({} bytes)", v, f.name, f.str_size));
  }
  std::memset(row + f.offset, 0, f.str_size);
  std::memcpy(row + f.offset, v.data(), v.size());
}

namespace {

bool deflate_available() {
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) return false;
  unsigned info = 0;
  if (H5Zget_filter_info(H5Z_FILTER_DEFLATE, &info) < 0) return false;
  return (info & H5Z_FILTER_CONFIG_ENCODE_ENABLED) != 0;
}

}  // namespace

H5::DSetCreatPropList extendible_table_props(std::size_t record_size) {
  H5::DSetCreatPropList dcpl;
  // About 128 KiB per chunk: fits HDF5's default 1 MiB chunk cache, so a chunk is compressed
  // once, when it is full or the file closes.
  const hsize_t chunk[1] = {static_cast<hsize_t>(
      std::clamp<std::size_t>((std::size_t{128} * 1024) / std::max<std::size_t>(record_size, 1), 16, 65536))};
  dcpl.setChunk(1, chunk);
  if (deflate_available()) {
    dcpl.setShuffle();   // byte-shuffling doubles roughly halves the compressed size
    dcpl.setDeflate(1);  // level 1: about as small as 4 on shuffled doubles, at half the time
  }
  return dcpl;
}

H5::DataSet write_table(const H5::Group& group, const char* name, const Record& rec,
                        std::span<const std::byte> data, std::size_t rows) {
  auto ds = group.createDataSet(name, rec.file_type(), vector_space(rows));
  if (rows > 0) ds.write(data.data(), rec.mem_type());
  return ds;
}

bool has_field(const H5::DataSet& ds, const char* field) {
  if (ds.getTypeClass() != H5T_COMPOUND) return false;
  const auto t = ds.getCompType();
  const int n = t.getNmembers();
  for (int i = 0; i < n; ++i) {
    if (t.getMemberName(static_cast<unsigned>(i)) == field) return true;
  }
  return false;
}

namespace {

unsigned require_field(const H5::DataSet& ds, const char* field) {
  if (!has_field(ds, field)) {
    throw std::runtime_error(fmt::format("field '{}' missing in dataset '{}'", field, ds.getObjName()));
  }
  return static_cast<unsigned>(ds.getCompType().getMemberIndex(field));
}

template <class T>
std::vector<T> read_numeric_field(const H5::DataSet& ds, const char* field, const H5::PredType& mem) {
  (void)require_field(ds, field);
  H5::CompType t(sizeof(T));
  t.insertMember(field, 0, mem);
  std::vector<T> v(static_cast<std::size_t>(rows_of(ds)));
  if (!v.empty()) ds.read(v.data(), t);
  return v;
}

}  // namespace

std::vector<double> read_f64_field(const H5::DataSet& ds, const char* field) {
  return read_numeric_field<double>(ds, field, H5::PredType::NATIVE_DOUBLE);
}

std::vector<std::uint8_t> read_u8_field(const H5::DataSet& ds, const char* field) {
  return read_numeric_field<std::uint8_t>(ds, field, H5::PredType::NATIVE_UINT8);
}

std::vector<std::uint64_t> read_u64_field(const H5::DataSet& ds, const char* field) {
  return read_numeric_field<std::uint64_t>(ds, field, H5::PredType::NATIVE_UINT64);
}

std::vector<std::string> read_str_field(const H5::DataSet& ds, const char* field) {
  const unsigned idx = require_field(ds, field);
  const auto ft = ds.getCompType().getMemberStrType(idx);
  const auto n = static_cast<std::size_t>(rows_of(ds));
  std::vector<std::string> out;
  if (n == 0) return out;
  out.reserve(n);
  if (ft.isVariableStr()) {
    H5::CompType t(sizeof(char*));
    t.insertMember(field, 0, vlen_utf8());
    std::vector<char*> ptrs(n, nullptr);
    ds.read(ptrs.data(), t);
    for (const char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
    H5::DataSet::vlenReclaim(ptrs.data(), t, ds.getSpace());
  } else {
    const std::size_t size = ft.getSize();
    H5::CompType t(size);
    t.insertMember(field, 0, ft);
    std::vector<char> buf(n * size);
    ds.read(buf.data(), t);
    for (std::size_t i = 0; i < n; ++i) {
      const char* p = buf.data() + i * size;
      out.emplace_back(p, strnlen(p, size));
    }
  }
  return out;
}

std::uint64_t rows_of(const H5::DataSet& ds) {
  const auto space = ds.getSpace();
  if (space.getSimpleExtentNdims() != 1) {
    throw std::runtime_error(fmt::format("dataset '{}' is not one-dimensional", ds.getObjName()));
  }
  return static_cast<std::uint64_t>(space.getSimpleExtentNpoints());
}

}  // namespace sibsim::output::detail
