#include "checkpoint.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "sibsim/engine/hash.hpp"

namespace sibsim::study {
namespace {

constexpr std::array<char, 8> kMagic = {'S', 'I', 'B', 'C', 'K', 'P', 'T', '1'};
constexpr std::size_t kHeaderWords = 7;  // the fields of CheckpointHeader, as uint64
constexpr std::size_t kHeaderBytes = kMagic.size() + kHeaderWords * 8;

// Fixed little-endian-on-this-host layout: the file is a crash-recovery aid for the same machine.
void put(std::string& buf, std::uint64_t v) { buf.append(reinterpret_cast<const char*>(&v), sizeof v); }
std::uint64_t get(const char* p) {
  std::uint64_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

using engine::fnv1a64_bytes;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

void write_all(int fd, const std::string& buf, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < buf.size()) {
    const ssize_t n = ::write(fd, buf.data() + done, buf.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write checkpoint", path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("cannot fsync checkpoint", path);
}

void fsync_dir(const std::filesystem::path& path) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// False if no process `pid` exists or it is a zombie (killed, not yet reaped by its parent).
bool process_alive(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno != ESRCH;  // EPERM: someone else's live process
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  const std::size_t paren = line.rfind(')');  // "pid (comm) S ..."
  return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

}  // namespace

std::optional<CheckpointData> read_checkpoint(const std::filesystem::path& path, bool any_order) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0)
    throw std::invalid_argument(path.string() +
                                " is not a sibsim checkpoint file (delete it, or run without --resume)");
  CheckpointData d;
  const char* h = bytes.data() + kMagic.size();
  d.header.scenario_hash = get(h);
  d.header.seed = get(h + 8);
  d.header.replications = get(h + 16);
  d.header.kpi_count = get(h + 24);
  d.header.batch_size = get(h + 32);
  d.header.precision_kpi = get(h + 40);
  d.header.precision = std::bit_cast<double>(get(h + 48));
  const std::uint64_t k = d.header.kpi_count;
  if (k == 0 || k > (1U << 20)) throw std::invalid_argument(path.string() + ": corrupt checkpoint header");
  std::size_t pos = kHeaderBytes;
  // Records: first, count, count * k doubles, FNV-1a of all of those bytes.
  while (bytes.size() - pos >= 16) {
    const std::uint64_t first = get(bytes.data() + pos);
    const std::uint64_t count = get(bytes.data() + pos + 8);
    if ((!any_order && first != d.rows.size() / k) || count == 0 || count > (bytes.size() - pos) / 8 / k)
      break;
    const std::size_t payload = 16 + static_cast<std::size_t>(count * k) * 8;
    if (bytes.size() - pos < payload + 8) break;
    if (fnv1a64_bytes(bytes.data() + pos, payload) != get(bytes.data() + pos + payload)) break;
    d.records.push_back({first, count});
    const std::size_t old = d.rows.size();
    d.rows.resize(old + static_cast<std::size_t>(count * k));
    std::memcpy(d.rows.data() + old, bytes.data() + pos + 16, static_cast<std::size_t>(count * k) * 8);
    pos += payload + 8;
  }
  d.valid_bytes = pos;
  return d;
}

std::string checkpoint_mismatch(const CheckpointHeader& e, const CheckpointHeader& f) {
  std::string out;
  const auto field = [&](const char* name, const std::string& want, const std::string& got) {
    if (want == got) return;
    out += out.empty() ? "" : ", ";
    out += std::string(name) + " " + got + " (this run: " + want + ")";
  };
  const auto s = [](std::uint64_t v) { return std::to_string(v); };
  const auto hex = [](std::uint64_t v) {
    char b[17];
    std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
    return std::string(b);
  };
  const auto kpi = [&](std::uint64_t v) {
    return v == std::numeric_limits<std::uint64_t>::max() ? "none" : s(v);
  };
  field("scenario (resolved YAML hash)", hex(e.scenario_hash), hex(f.scenario_hash));
  field("seed", s(e.seed), s(f.seed));
  field("replications", s(e.replications), s(f.replications));
  field("KPI count", s(e.kpi_count), s(f.kpi_count));
  field("batch size", s(e.batch_size), s(f.batch_size));
  field("precision KPI", kpi(e.precision_kpi), kpi(f.precision_kpi));
  field("precision", hex(std::bit_cast<std::uint64_t>(e.precision)),
        hex(std::bit_cast<std::uint64_t>(f.precision)));
  return out;
}

CheckpointWriter::CheckpointWriter(std::filesystem::path path, const CheckpointHeader& header)
    : path_(std::move(path)) {
  std::string buf(kMagic.data(), kMagic.size());
  for (std::uint64_t v :
       {header.scenario_hash, header.seed, header.replications, header.kpi_count, header.batch_size,
        header.precision_kpi, std::bit_cast<std::uint64_t>(header.precision)})
    put(buf, v);
  // Header first in a temporary file, renamed into place: the checkpoint never has a torn header.
  std::filesystem::path tmp = path_;
  tmp += ".tmp";
  fd_ = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) fail("cannot create checkpoint", tmp);
  write_all(fd_, buf, tmp);
  if (::rename(tmp.c_str(), path_.c_str()) != 0) fail("cannot rename checkpoint to", path_);
  fsync_dir(path_);
}

CheckpointWriter::CheckpointWriter(std::filesystem::path path, std::uint64_t valid_bytes)
    : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) fail("cannot open checkpoint", path_);
  if (::ftruncate(fd_, static_cast<off_t>(valid_bytes)) != 0) fail("cannot truncate checkpoint", path_);
  if (::lseek(fd_, 0, SEEK_END) < 0) fail("cannot seek in checkpoint", path_);
  if (::fsync(fd_) != 0) fail("cannot fsync checkpoint", path_);
}

CheckpointWriter::~CheckpointWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void CheckpointWriter::append(std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
  std::string buf;
  buf.reserve(24 + rows.size_bytes());
  put(buf, first);
  put(buf, count);
  buf.append(reinterpret_cast<const char*>(rows.data()), rows.size_bytes());
  put(buf, fnv1a64_bytes(buf.data(), buf.size()));
  write_all(fd_, buf, path_);
}

void CheckpointWriter::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

std::size_t remove_stale_temp_files(const std::filesystem::path& out) {
  const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : ".";
  const std::string prefix = out.filename().string() + ".tmp-";
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9) continue;
    const auto pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid <= 0 || process_alive(pid)) continue;
    std::error_code rm;
    if (std::filesystem::remove(e.path(), rm)) ++removed;
  }
  return removed;
}

}  // namespace sibsim::study
