// Output safety: protected inputs, the output path check, stale temporaries, the signal-time
// clean-up table and the write fault injection seam (see output_files.hpp).

#include "sibsim/output/output_files.hpp"

#include <fmt/core.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace sibsim::output {
namespace {

std::mutex g_inputs_mutex;
std::vector<std::pair<dev_t, ino_t>> g_inputs;  // identities no output may replace

std::string_view file_kind(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void refuse(const std::filesystem::path& out, std::string_view why) {
  throw OutputRefused(fmt::format("will not write '{}': {}", out.string(), why));
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

// The pid of a temporary "<prefix><pid>" or "<prefix><pid>-<suffix>" (suffix: [0-9a-z]), else 0.
pid_t temp_owner(std::string_view name, std::string_view prefix) {
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return 0;
  std::string_view rest = name.substr(prefix.size());
  const std::size_t dash = rest.find('-');
  const std::string_view pid_text = rest.substr(0, dash);
  if (pid_text.empty() || pid_text.size() > 9 ||
      pid_text.find_first_not_of("0123456789") != std::string_view::npos)
    return 0;
  if (dash != std::string_view::npos) {
    const std::string_view suffix = rest.substr(dash + 1);
    if (suffix.empty() ||
        suffix.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyz") != std::string_view::npos)
      return 0;
  }
  return static_cast<pid_t>(std::stol(std::string(pid_text)));
}

// Paths to delete on a signal. Plain arrays: the handler may only read memory and call unlink.
constexpr std::size_t kSlots = 64;
constexpr std::size_t kMaxPath = 4096;
std::array<std::atomic<int>, kSlots> g_state{};  // 0 free, 1 being filled, 2 armed
std::array<std::array<char, kMaxPath>, kSlots> g_paths{};

std::atomic<std::uint64_t> g_fail_at{0};  // the write number that fails (0 = never)
std::atomic<std::uint64_t> g_writes{0};
std::once_flag g_env_once;

}  // namespace

void throw_io_error(std::string_view what, const std::filesystem::path& path, int err) {
  throw IoError(fmt::format("{} '{}': {}", what, path.string(), std::strerror(err)));
}

void protect_input(const std::filesystem::path& input) {
  struct stat st {};
  if (::stat(input.c_str(), &st) != 0) return;
  const std::lock_guard lock(g_inputs_mutex);
  g_inputs.emplace_back(st.st_dev, st.st_ino);
}

void clear_protected_inputs() noexcept {
  const std::lock_guard lock(g_inputs_mutex);
  g_inputs.clear();
}

void check_output_path(const std::filesystem::path& out) {
  if (out.empty() || !out.has_filename() || out.filename() == "." || out.filename() == "..")
    refuse(out, "not a file name");
  struct stat st {};
  if (::lstat(out.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      refuse(out, "it is a symbolic link (give the path of a regular file or a new name)");
    if (!S_ISREG(st.st_mode)) refuse(out, fmt::format("it is {}, not a regular file", file_kind(st.st_mode)));
    const std::lock_guard lock(g_inputs_mutex);
    for (const auto& [dev, ino] : g_inputs)
      if (dev == st.st_dev && ino == st.st_ino)
        refuse(out, "it is an input of this command (choose another output name)");
    return;
  }
  if (errno != ENOENT) refuse(out, std::strerror(errno));
  const std::filesystem::path dir = out.has_parent_path() ? out.parent_path() : std::filesystem::path(".");
  struct stat dst {};
  if (::stat(dir.c_str(), &dst) != 0)
    refuse(out, fmt::format("folder '{}': {}", dir.string(), std::strerror(errno)));
  if (!S_ISDIR(dst.st_mode)) refuse(out, fmt::format("'{}' is not a folder", dir.string()));
}

namespace {

// Deletes the entries of `dir` that `owner` (name -> pid, 0 = not ours) gives a dead pid.
template <class Owner>
std::size_t remove_dead(const std::filesystem::path& dir, Owner owner) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const pid_t pid = owner(e.path().filename().string());
    if (pid <= 0 || pid == ::getpid() || process_alive(pid)) continue;
    struct stat st {};
    // Only our own kind of leftover: a regular file (never follow or delete through a symlink's target).
    if (::lstat(e.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::unlink(e.path().c_str()) == 0) ++removed;
  }
  return removed;
}

}  // namespace

std::size_t remove_stale_temporaries(const std::filesystem::path& final_path) {
  const std::filesystem::path dir = final_path.has_parent_path() ? final_path.parent_path() : ".";
  const std::string prefix = final_path.filename().string() + ".tmp-";
  return remove_dead(dir, [&](const std::string& name) { return temp_owner(name, prefix); });
}

std::size_t remove_stale_temporaries_in(const std::filesystem::path& dir, std::string_view suffix) {
  const std::string marker = std::string(suffix) + ".tmp-";
  return remove_dead(dir, [&](const std::string& name) -> pid_t {
    const std::size_t at = name.rfind(marker);
    if (at == std::string::npos || at == 0) return 0;
    return temp_owner(name, name.substr(0, at + marker.size()));
  });
}

int remove_on_signal(const std::filesystem::path& path) noexcept {
  const std::string& s = path.native();
  if (s.size() >= kMaxPath) return -1;
  for (std::size_t i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (!g_state[i].compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_paths[i].data(), s.c_str(), s.size() + 1);
    g_state[i].store(2);
    return static_cast<int>(i);
  }
  return -1;
}

void forget_on_signal(int slot) noexcept {
  if (slot >= 0 && static_cast<std::size_t>(slot) < kSlots) g_state[static_cast<std::size_t>(slot)].store(0);
}

void remove_temporaries_now() noexcept {
  for (std::size_t i = 0; i < kSlots; ++i)
    if (g_state[i].load() == 2) (void)::unlink(g_paths[i].data());
}

void fail_nth_write_for_testing(std::uint64_t n) noexcept {
  g_writes.store(0);
  g_fail_at.store(n);
}

void before_write(std::string_view what, const std::filesystem::path& file) {
  std::call_once(g_env_once, [] {
    if (const char* v = std::getenv("SIBSIM_TEST_FAIL_WRITE"); v != nullptr && g_fail_at.load() == 0)
      g_fail_at.store(std::strtoull(v, nullptr, 10));
  });
  const std::uint64_t at = g_fail_at.load();
  if (at != 0 && g_writes.fetch_add(1) + 1 == at) throw_io_error(what, file, ENOSPC);
}

}  // namespace sibsim::output
