#include "output_guard.hpp"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "interrupt.hpp"
#include "sibsim/output/output_files.hpp"

namespace sibsim::study {
namespace {

std::string read_small(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string s(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Two outputs of one command under one name (`--out r.html` is also its report; `--out
// csv/summary.csv --csv csv`): the second would replace the first. Compared as absolute,
// normalised paths (none of them is a symlink: check_output_path has refused those).
void refuse_same_name(const std::vector<std::filesystem::path>& outputs,
                      const std::vector<std::string>& roles) {
  std::vector<std::filesystem::path> seen;
  for (std::size_t j = 0; j < outputs.size(); ++j) {
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(outputs[j], ec).lexically_normal();
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (seen[i] == abs)
        throw output::OutputRefused(fmt::format(
            "will not write '{}' twice, as {} and as {} (give --out a name ending .h5, outside the --csv "
            "folder)",
            outputs[j].string(), roles[i], roles[j]));
    }
    seen.push_back(abs);
  }
}

}  // namespace

std::filesystem::path report_path(const std::filesystem::path& out) {
  return std::filesystem::path(out).replace_extension(".html");
}

std::filesystem::path checkpoint_file(const std::filesystem::path& out) {
  std::filesystem::path p = out;
  p += ".checkpoint";
  return p;
}

OutputGuard::OutputGuard(const CommonArgs& common, const std::filesystem::path& out,
                         const std::vector<std::string>& inputs, const std::vector<std::string>& csv_files) {
  install_interrupt_handlers();
  for (const std::string& in : inputs) output::protect_input(in);
  std::vector<std::filesystem::path> outputs = {out, checkpoint_file(out)};
  std::vector<std::string> roles = {"the results file", "its checkpoint"};
  if (common.report) {
    outputs.push_back(report_path(out));
    roles.emplace_back("its HTML report");
  }
  if (!common.csv_dir.empty()) {
    const std::filesystem::path dir(common.csv_dir);
    std::error_code ec;
    if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec))
      throw output::OutputRefused(fmt::format("--csv {}: not a folder", common.csv_dir));
    std::filesystem::create_directories(dir, ec);  // as the CSV writers would, a moment later
    if (ec)
      throw output::OutputRefused(
          fmt::format("--csv {}: cannot create the folder: {}", common.csv_dir, ec.message()));
    for (const std::string& f : csv_files) {
      outputs.push_back(dir / f);
      roles.push_back("the CSV file " + f);
    }
  }
  for (const auto& p : outputs) output::check_output_path(p);
  refuse_same_name(outputs, roles);

  // The lock: <out>.lock, flock'ed while this command writes. A lock file unlinked by its holder
  // between our open and our flock is a stale inode: try again with the new file.
  lock_path_ = out;
  lock_path_ += ".lock";
  output::check_output_path(lock_path_);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      const int err = errno;
      // Nothing has run yet: a folder we may not write into is a bad --out, not a failed write.
      if (err == EACCES || err == EPERM || err == EROFS)
        throw output::OutputRefused(
            fmt::format("cannot write into the folder of '{}': {} (choose another --out)", out.string(),
                        std::strerror(err)));
      output::throw_io_error("cannot create the lock file", lock_path_, err);
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      const std::string pid = read_small(fd);
      ::close(fd);
      if (err != EWOULDBLOCK) output::throw_io_error("cannot lock", lock_path_, err);
      throw output::OutputRefused(
          fmt::format("another sibsim (pid {}) is writing {}; wait for it or choose another --out",
                      pid.empty() ? "?" : pid, out.string()));
    }
    struct stat held {};
    struct stat now {};
    if (::fstat(fd, &held) == 0 && ::lstat(lock_path_.c_str(), &now) == 0 && held.st_dev == now.st_dev &&
        held.st_ino == now.st_ino) {
      // Never truncate someone's file that merely has our lock's name: ours hold a pid or nothing.
      const std::string old = read_small(fd);
      if (held.st_size > 21 || old.find_first_not_of("0123456789") != std::string::npos) {
        ::close(fd);
        throw output::OutputRefused(
            fmt::format("will not write '{}': it exists and is not a sibsim lock file (move it away or "
                        "choose another --out)",
                        lock_path_.string()));
      }
      lock_fd_ = fd;
      break;
    }
    ::close(fd);
  }
  if (lock_fd_ < 0) output::throw_io_error("cannot lock", lock_path_, EAGAIN);
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0) {
    const int err = errno;
    ::unlink(lock_path_.c_str());
    ::close(lock_fd_);
    output::throw_io_error("cannot write the lock file", lock_path_, err);
  }
  signal_slot_ = output::remove_on_signal(lock_path_);

  // With the lock held no other sibsim writes these names: leftovers of dead processes can go.
  for (const auto& p : outputs) output::remove_stale_temporaries(p);
  if (!common.csv_dir.empty()) output::remove_stale_temporaries_in(common.csv_dir, ".csv");
}

OutputGuard::~OutputGuard() {
  output::forget_on_signal(signal_slot_);
  // Unlink while still holding the lock: a waiting process re-checks the inode (see above).
  (void)::unlink(lock_path_.c_str());
  (void)::close(lock_fd_);
}

}  // namespace sibsim::study
