#include "atomic_file.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>

namespace sibsim::output {
namespace {

// 16 hex digits from the kernel's random source (falls back to address and time bits): nobody can
// plant a file or symlink at the name in advance.
std::string random_suffix() {
  std::uint64_t r = 0;
  if (::getrandom(&r, sizeof r, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof r))
    r = reinterpret_cast<std::uintptr_t>(&r) ^
        static_cast<std::uint64_t>(::time(nullptr)) * 0x9E3779B97F4A7C15ULL;
  return fmt::format("{:016x}", r);
}

}  // namespace

TempFile::TempFile(std::filesystem::path final_path) : final_(std::move(final_path)) {
  check_output_path(final_);
  const auto pid = static_cast<long>(::getpid());
  for (int attempt = 0; attempt < 16; ++attempt) {
    temp_ = final_;
    temp_ += fmt::format(".tmp-{}-{}", pid, random_suffix());
    // Registered before it exists: a signal between open and registration leaves nothing behind.
    signal_slot_ = remove_on_signal(temp_);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd_ >= 0) return;
    const int err = errno;
    forget_on_signal(signal_slot_);
    signal_slot_ = -1;
    if (err != EEXIST) throw_io_error("cannot create the temporary file", temp_, err);
  }
  throw_io_error("cannot create the temporary file", temp_, EEXIST);
}

TempFile::~TempFile() { discard(); }

void TempFile::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    before_write("cannot write", final_);
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_io_error("cannot write", final_, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void TempFile::commit() {
  if (committed_) throw std::logic_error("TempFile::commit called twice");
  if (discarded_ || fd_ < 0) throw std::logic_error("TempFile::commit after discard");
  try {
    before_write("cannot write", final_);
    if (::fsync(fd_) != 0) throw_io_error("cannot write (fsync)", final_, errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw_io_error("cannot write (close)", final_, errno);
    // Again just before the rename: the final name may have changed since we started.
    check_output_path(final_);
    if (::rename(temp_.c_str(), final_.c_str()) != 0)
      throw_io_error("cannot rename the temporary file to", final_, errno);
  } catch (...) {
    discard();
    throw;
  }
  committed_ = true;
  forget_on_signal(signal_slot_);
  signal_slot_ = -1;
  // Make the rename itself durable. Best effort: the file is already in place.
  const auto dir = final_.has_parent_path() ? final_.parent_path() : std::filesystem::path(".");
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);
    (void)::close(dfd);
  }
}

void TempFile::discard() noexcept {
  if (fd_ >= 0) {
    (void)::close(fd_);
    fd_ = -1;
  }
  if (!committed_ && !discarded_) (void)::unlink(temp_.c_str());
  forget_on_signal(signal_slot_);
  signal_slot_ = -1;
  discarded_ = true;
}

}  // namespace sibsim::output
