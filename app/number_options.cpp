#include "number_options.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace sibsim::app {

CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi, const std::string& hidden_name) {
  return CLI::Validator(
      [lo, hi,
       name = hidden_name.empty() ? hidden_name : hidden_name + " "](std::string& text) -> std::string {
        const auto expect = [&] { return fmt::format("give a whole number from {} to {}", lo, hi); };
        const bool digits = !text.empty() && std::all_of(text.begin(), text.end(),
                                                         [](char c) { return c >= '0' && c <= '9'; });
        if (!digits)
          return fmt::format("{}'{}' is not a whole number written with digits 0-9; {}", name, text,
                             expect());
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc{} || end != text.data() + text.size() || v < lo || v > hi)
          return fmt::format("{}{} is out of range; {}", name, text, expect());
        return {};
      },
      fmt::format("in [{} - {}]", lo, hi));
}

CLI::Validator finite_number(double lo, double hi, bool open_lo) {
  return CLI::Validator(
      [lo, hi, open_lo](std::string& text) -> std::string {
        const auto expect = [&] {
          if (std::isinf(lo) && std::isinf(hi)) return std::string("give a finite number such as 12.5");
          return fmt::format("give a number {} {} and at most {}", open_lo ? "above" : "from", lo, hi);
        };
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec == std::errc::invalid_argument || end != text.data() + text.size() ||
            !std::isfinite(v))
          return fmt::format("'{}' is not a finite number; {}", text, expect());
        if (ec == std::errc::result_out_of_range || v < lo || v > hi || (open_lo && v == lo))
          return fmt::format("{} is out of range; {}", text, expect());
        return {};
      },
      std::isinf(lo) && std::isinf(hi) ? std::string("finite")
                                       : fmt::format("in {}{} - {}]", open_lo ? "(" : "[", lo, hi));
}

}  // namespace sibsim::app
