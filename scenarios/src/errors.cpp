#include "sibsim/scenarios/errors.hpp"

#include "text.hpp"

#include <algorithm>

namespace sibsim::scenarios {

std::string Error::to_string() const {
  std::string s = file;
  if (line > 0) {
    s += ':' + std::to_string(line);
    if (column > 0) s += ':' + std::to_string(column);
  }
  s += ": error: ";
  if (!key_path.empty()) s += "key '" + key_path + "': ";
  s += message;
  return s;
}

namespace {
std::string join_lines(const std::vector<Error>& errors) {
  std::string s;
  for (const Error& e : errors) {
    if (!s.empty()) s += '\n';
    s += e.to_string();
  }
  return s;
}
}  // namespace

ValidationErrors::ValidationErrors(std::vector<Error> errors)
    : std::runtime_error(join_lines(errors)), errors_(std::move(errors)) {}

std::string closest_name(std::string_view word, const std::vector<std::string>& candidates) {
  return detail::closest(word, candidates);
}

}  // namespace sibsim::scenarios
