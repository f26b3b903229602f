// Adding a group of tables to an existing results file through a copy (results_update.hpp).
#include "sibsim/output/results_update.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <stdexcept>

#include "atomic_file.hpp"
#include "h5_util.hpp"
#include "schema.hpp"
#include "sibsim/output/results_reader.hpp"
#include "table_io.hpp"

namespace sibsim::output {
namespace {

void check_group(std::string_view group) {
  const bool one_level =
      group.size() > 1 && group.front() == '/' && group.find('/', 1) == std::string_view::npos;
  if (!one_level || group == "/." || group == "/..")
    throw std::invalid_argument(fmt::format("replace_group: '{}' is not a group under the root", group));
  for (const char* owned :
       {detail::kMetaGroup, detail::kKpisPath, detail::kReplicationsPath, detail::kSummaryPath,
        detail::kTimeseriesGroup, detail::kFunnelGroup, detail::kPersonsPath}) {
    if (group == owned)
      throw std::invalid_argument(fmt::format("replace_group: '{}' belongs to the results writer", group));
  }
}

void copy_into(const std::filesystem::path& from, TempFile& to) {
  std::ifstream in(from, std::ios::binary);
  if (!in) throw_io_error("cannot read", from, errno);
  std::array<char, 1 << 16> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > 0) to.write_all(std::string_view(buf.data(), got));
  }
  if (in.bad()) throw_io_error("cannot read", from, EIO);
}

void write_group(const std::string& file_name, const GroupUpdate& u) {
  H5::FileAccPropList fapl;
  fapl.setFcloseDegree(H5F_CLOSE_SEMI);  // closing fails while an object is open: nothing left unwritten
  H5::H5File file(file_name, H5F_ACC_RDWR, H5::FileCreatPropList::DEFAULT, fapl);
  if (file.nameExists(u.group)) file.unlink(u.group);  // its space is not reclaimed (HDF5 1.10)
  {
    const H5::Group g = file.createGroup(u.group);
    for (const auto& [name, value] : u.attributes) {
      std::visit([&, &n = name](const auto& v) { detail::write_attr(g, n.c_str(), v); }, value);
    }
    for (const auto& [name, table] : u.tables) (void)detail::write_table_dataset(g, name, table);
  }
  file.close();
}

}  // namespace

void replace_group(const std::filesystem::path& path, const GroupUpdate& update) {
  check_group(update.group);
  for (const auto& [name, table] : update.tables) {
    if (name.empty() || name.find('/') != std::string::npos)
      throw std::invalid_argument(fmt::format("replace_group: bad table name '{}'", name));
    detail::check_table(table, fmt::format("replace_group('{}/{}')", update.group, name));
  }
  (void)read_meta(path);  // a sibsim results file of a format this program reads, or std::runtime_error
  TempFile tmp(path);
  copy_into(path, tmp);
  const std::string by_fd = fmt::format("/proc/self/fd/{}", tmp.fd());
  const std::string name = ::access(by_fd.c_str(), W_OK) == 0 ? by_fd : tmp.temp_path().string();
  try {
    before_write("cannot write results file", path);
    detail::h5_try(fmt::format("writing {}", update.group), [&] { write_group(name, update); });
  } catch (const IoError&) {
    throw;
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw IoError(
        fmt::format("cannot write results file '{}' ({}): {}", path.string(), update.group, e.what()));
  }
  tmp.commit();
}

}  // namespace sibsim::output
