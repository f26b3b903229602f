#pragma once
/// \file output_files.hpp
/// The rules every file sibsim writes follows (the .h5, the HTML report, the CSV files, the
/// checkpoint and all their temporaries):
/// - it never replaces an input of the command (same file by st_dev/st_ino, so hard links and
///   other spellings count), anything that is not a regular file (device, FIFO, socket,
///   directory), or a symlink: `check_output_path` refuses with OutputRefused;
/// - it is written under an unpredictable temporary name `<final>.tmp-<pid>-<random>` created
///   with O_EXCL|O_NOFOLLOW in the target directory and renamed into place (TempFile);
/// - a failing write throws IoError naming the file and the cause, and leaves no temporary;
/// - on SIGINT/SIGTERM `remove_temporaries_now()` deletes every temporary still open.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sibsim::output {

/// A write failed (full disk, I/O error, permission): the message names the file and the cause.
/// Not a bug of sibsim: the app reports it as "error: ..." with exit code 1.
class IoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An output path sibsim must not write (an input, not a regular file, a symlink): bad input,
/// exit code 2.
class OutputRefused : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Remembers `input` (if it exists) as a file of this command that no output may replace.
void protect_input(const std::filesystem::path& input);
/// Forgets every protected input (tests: a deleted input's inode number may be reused).
void clear_protected_inputs() noexcept;

/// Throws OutputRefused unless `out` is a regular file (not a symlink, not a protected input) or a
/// new name in an existing directory.
void check_output_path(const std::filesystem::path& out);

/// Deletes temporaries of `final_path` (`<final>.tmp-<pid>[-<suffix>]`) whose process is dead;
/// returns how many. A live process's temporaries (any other sibsim) are never touched.
std::size_t remove_stale_temporaries(const std::filesystem::path& final_path);
/// The same for every `<name><suffix>.tmp-<pid>[-<suffix>]` in `dir` (e.g. suffix ".csv").
std::size_t remove_stale_temporaries_in(const std::filesystem::path& dir, std::string_view suffix);

/// Registers a path to delete on a signal (temporaries, lock files); returns a slot for
/// `forget_on_signal`, or -1 if the table is full. Thread-safe.
int remove_on_signal(const std::filesystem::path& path) noexcept;
void forget_on_signal(int slot) noexcept;
/// Deletes every registered path. Async-signal-safe: called from the SIGINT/SIGTERM handler.
void remove_temporaries_now() noexcept;

/// Fault injection for tests: the n-th write operation from now on (1 = the next one) fails with
/// ENOSPC as if the disk were full; 0 turns it off. Also set, once, from the environment
/// variable SIBSIM_TEST_FAIL_WRITE (used by tests/app/output_safety_test.py only).
void fail_nth_write_for_testing(std::uint64_t n) noexcept;
/// Called before each write operation; throws IoError("<what> '<file>': No space left on device")
/// when the injected fault is due.
void before_write(std::string_view what, const std::filesystem::path& file);

/// "<what> '<path>': strerror(err)" as an IoError.
[[noreturn]] void throw_io_error(std::string_view what, const std::filesystem::path& path, int err);

}  // namespace sibsim::output
