#pragma once
/// \file temp_file.hpp
/// A file written under a temporary name next to its final path and renamed into place on
/// commit (POSIX rename is atomic within a directory): readers see either the old file or the
/// complete new one, never a partial one. The rules of output_files.hpp apply.

#include <filesystem>
#include <string_view>

namespace sibsim::output {

class TempFile {
 public:
  /// Checks `final_path` (check_output_path: throws OutputRefused), then creates
  /// "<final>.tmp-<pid>-<random>" with O_EXCL|O_NOFOLLOW, mode 0666 minus umask, registered for
  /// deletion on a signal. Throws IoError naming the path and the cause.
  explicit TempFile(std::filesystem::path final_path);
  /// Deletes the temporary file unless committed.
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] const std::filesystem::path& final_path() const noexcept { return final_; }
  [[nodiscard]] const std::filesystem::path& temp_path() const noexcept { return temp_; }
  [[nodiscard]] bool committed() const noexcept { return committed_; }

  /// Writes all bytes (retrying short writes and EINTR); throws IoError.
  void write_all(std::string_view bytes);
  /// fsync + close + check of the final path again + rename + fsync of the directory (best
  /// effort). Throws IoError (OutputRefused if the final path became something not to replace);
  /// on a failure the temporary file is deleted.
  void commit();
  /// Closes and deletes the temporary file. Never throws.
  void discard() noexcept;

 private:
  std::filesystem::path final_;
  std::filesystem::path temp_;
  int fd_ = -1;
  int signal_slot_ = -1;
  bool committed_ = false;
  bool discarded_ = false;
};

}  // namespace sibsim::output
