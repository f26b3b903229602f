#include "atomic_file.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace sibsim::output::detail {

std::string os_error(std::string_view what, const std::filesystem::path& path, int err) {
  return fmt::format("{} '{}': {}", what, path.string(), std::strerror(err));
}

TempFile::TempFile(std::filesystem::path final_path) : final_(std::move(final_path)) {
  if (final_.empty() || !final_.has_filename()) {
    throw std::runtime_error(fmt::format("cannot write results to '{}': not a file name", final_.string()));
  }
  std::error_code ec;
  if (std::filesystem::is_directory(final_, ec)) {
    throw std::runtime_error(fmt::format("cannot write results to '{}': it is a directory", final_.string()));
  }
  const auto pid = static_cast<long>(::getpid());
  // A stale temporary file left by a killed process that had the same pid is never reused or
  // deleted (it may belong to a live writer in this process); we pick the next free suffix.
  for (int k = 0; k < 1000; ++k) {
    temp_ = final_;
    temp_ += k == 0 ? fmt::format(".tmp-{}", pid) : fmt::format(".tmp-{}-{}", pid, k);
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) return;
    if (errno != EEXIST) break;
  }
  const int err = errno;
  const auto dir = final_.has_parent_path() ? final_.parent_path() : std::filesystem::path(".");
  throw std::runtime_error(fmt::format("cannot create '{}' in directory '{}': {}", temp_.string(),
                                       dir.string(), std::strerror(err)));
}

TempFile::~TempFile() { discard(); }

void TempFile::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(os_error("write failed on", temp_, errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void TempFile::commit() {
  if (committed_) throw std::logic_error("TempFile::commit called twice");
  if (discarded_ || fd_ < 0) throw std::logic_error("TempFile::commit after discard");
  if (::fsync(fd_) != 0) throw std::runtime_error(os_error("fsync failed on", temp_, errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw std::runtime_error(os_error("close failed on", temp_, errno));
  if (::rename(temp_.c_str(), final_.c_str()) != 0) {
    throw std::runtime_error(
        fmt::format("cannot rename '{}' to '{}': {}", temp_.string(), final_.string(), std::strerror(errno)));
  }
  committed_ = true;
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
  discarded_ = true;
}

}  // namespace sibsim::output::detail
