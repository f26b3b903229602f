#pragma once
// A file written under a temporary name next to its final path and renamed into place on
// commit (POSIX rename is atomic within a directory): readers see either the old file or the
// complete new one, never a partial one.

#include <filesystem>
#include <string>
#include <string_view>

namespace sibsim::output::detail {

class TempFile {
 public:
  /// Creates "<final>.tmp-<pid>" (or "<final>.tmp-<pid>-<k>" if taken) with O_EXCL, mode 0666
  /// minus umask. Throws std::runtime_error naming the path and strerror(errno).
  explicit TempFile(std::filesystem::path final_path);
  /// Deletes the temporary file unless committed.
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_; }
  [[nodiscard]] const std::filesystem::path& temp_path() const noexcept { return temp_; }
  [[nodiscard]] bool committed() const noexcept { return committed_; }

  /// Writes all bytes (retrying short writes and EINTR); throws std::runtime_error.
  void write_all(std::string_view bytes);
  /// fsync + close + rename to the final path + fsync of the directory (best effort).
  void commit();
  /// Closes and deletes the temporary file. Never throws.
  void discard() noexcept;

 private:
  std::filesystem::path final_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool committed_ = false;
  bool discarded_ = false;
};

/// "what 'path': strerror(err)".
std::string os_error(std::string_view what, const std::filesystem::path& path, int err);

}  // namespace sibsim::output::detail
