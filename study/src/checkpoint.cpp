#include "checkpoint.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <system_error>

#include "sibsim/engine/hash.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/output/output_files.hpp"
#include "sibsim/output/temp_file.hpp"

namespace sibsim::study {
namespace {

// The last byte is the random-number recipe the rows were drawn with (engine::kRngRecipeVersion):
// rows of another recipe cannot be continued, because the rest would be drawn differently.
static_assert(engine::kRngRecipeVersion < 10);
constexpr std::array<char, 8> kMagic = {'S', 'I', 'B', 'C',
                                        'K', 'P', 'T', static_cast<char>('0' + engine::kRngRecipeVersion)};
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

// Every failure to write the checkpoint is an I/O error naming the file (exit 1, not "internal").
[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  output::throw_io_error(what, path, errno);
}

void write_all(int fd, const std::string& buf, const std::filesystem::path& path) {
  output::before_write("cannot write checkpoint", path);
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

// Opens the existing checkpoint for writing: never through a symlink, only a regular file.
int open_existing(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) fail("cannot open checkpoint", path);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw output::OutputRefused(
        fmt::format("will not write checkpoint '{}': not a regular file", path.string()));
  }
  return fd;
}

}  // namespace

std::optional<CheckpointData> read_checkpoint(const std::filesystem::path& path, bool any_order) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  if (!S_ISREG(st.st_mode))  // a FIFO would block the read, a symlink could point anywhere
    throw std::invalid_argument(path.string() + " is not a regular file (a checkpoint is one)");
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.size() >= kHeaderBytes && std::memcmp(bytes.data(), kMagic.data(), kMagic.size() - 1) == 0 &&
      bytes[kMagic.size() - 1] != kMagic.back())
    throw std::invalid_argument(path.string() +
                                " was written by a sibsim whose random numbers differ (recipe " +
                                std::string(1, bytes[kMagic.size() - 1]) + ", now " + kMagic.back() +
                                "): it cannot be continued (delete it, or run without --resume)");
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
  // Header first in a temporary file (exclusive, unpredictable name), renamed into place: the
  // checkpoint never has a torn header.
  {
    output::TempFile tmp(path_);
    tmp.write_all(buf);
    tmp.commit();
  }
  fd_ = open_existing(path_);
  if (::lseek(fd_, 0, SEEK_END) < 0) fail("cannot seek in checkpoint", path_);
}

CheckpointWriter::CheckpointWriter(std::filesystem::path path, std::uint64_t valid_bytes)
    : path_(std::move(path)) {
  fd_ = open_existing(path_);
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

}  // namespace sibsim::study
