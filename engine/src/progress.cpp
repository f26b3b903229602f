#include "sibsim/engine/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <iomanip>
#include <sstream>

namespace sibsim::engine {

namespace {

std::string format_rate(double per_second) {
  std::ostringstream s;
  s << std::fixed;
  if (per_second >= 1e6) {
    s << std::setprecision(2) << per_second / 1e6 << "M";
  } else if (per_second >= 1e3) {
    s << std::setprecision(2) << per_second / 1e3 << "k";
  } else {
    s << std::setprecision(1) << per_second;
  }
  return s.str();
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto total = static_cast<std::uint64_t>(std::llround(seconds));
  std::ostringstream s;
  const std::uint64_t h = total / 3600, m = (total / 60) % 60, sec = total % 60;
  if (h > 0)
    s << h << ':' << std::setw(2) << std::setfill('0') << m;
  else
    s << m;
  s << ':' << std::setw(2) << std::setfill('0') << sec;
  return s.str();
}

}  // namespace

ProgressBar::ProgressBar(std::uint64_t total, bool enabled, std::FILE* out, double delay_seconds)
    : total_(total),
      out_(out),
      delay_(delay_seconds),
      active_(enabled && out != nullptr && isatty(fileno(out)) == 1),
      start_(Clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

std::string ProgressBar::format_line(std::uint64_t done, std::uint64_t total, double elapsed_seconds,
                                     const std::string& note) {
  constexpr int kWidth = 24;
  std::ostringstream s;
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0.0;
  if (total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const auto filled = static_cast<int>(fraction * kWidth);
    s << '[' << std::string(static_cast<std::size_t>(filled), '#')
      << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "]  " << done << '/' << total << "  "
      << std::fixed << std::setprecision(1) << 100.0 * fraction << "%  " << format_rate(rate) << " rep/s";
    if (rate > 0 && done < total) s << "  ETA " << format_duration(static_cast<double>(total - done) / rate);
  } else {
    s << done << " done  " << format_rate(rate) << " rep/s";
  }
  if (!note.empty()) s << "  " << note;
  return s.str();
}

void ProgressBar::update(std::uint64_t done, const std::string& note) {
  if (!active_) return;
  const Clock::time_point now = Clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < delay_) return;
  if (drawn_ && std::chrono::duration<double>(now - last_draw_).count() < 0.1) return;
  const std::string line = format_line(done, total_, elapsed, note);
  // \r returns to column 0; pad with spaces to wipe a longer previous line.
  const std::size_t pad = last_length_ > line.size() ? last_length_ - line.size() : 0;
  std::fprintf(out_, "\r%s%*s", line.c_str(), static_cast<int>(pad), "");
  std::fflush(out_);
  last_length_ = line.size();
  last_draw_ = now;
  drawn_ = true;
}

void ProgressBar::finish() {
  if (drawn_) {
    std::fprintf(out_, "\r%*s\r", static_cast<int>(last_length_), "");
    std::fflush(out_);
    drawn_ = false;
  }
  active_ = false;
}

}  // namespace sibsim::engine
