#pragma once
/// \file errors.hpp
/// Errors found in a scenario file. Loading collects every error in a file (up to
/// Limits::max_errors) and throws them together as one ValidationErrors.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sibsim::scenarios {

/// A place in a scenario file. line and column are 1-based; 0 means "unknown" (e.g. a file that
/// cannot be opened).
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
  friend bool operator==(const Location&, const Location&) = default;
};

/// One problem in a scenario file.
struct Error {
  std::string file;
  int line = 0;          ///< 1-based, 0 = unknown
  int column = 0;        ///< 1-based, 0 = unknown
  std::string key_path;  ///< "mmc.servers", "prisons[2].start"; empty for file-level problems
  std::string message;   ///< what is wrong, with the offending value and what was expected

  /// One line: `file:line:col: error: key 'a.b': message` (the key part is left out when
  /// key_path is empty, line and column when they are unknown).
  std::string to_string() const;
};

/// The candidate closest to `word` if it is close enough to be a plausible typo, else "": the
/// "did you mean ...?" of every scenario error, for callers with names of their own (KPI names).
std::string closest_name(std::string_view word, const std::vector<std::string>& candidates);

/// Thrown by every loader entry point when a scenario file has problems. what() holds one
/// line per error (Error::to_string), in file order.
class ValidationErrors : public std::runtime_error {
 public:
  explicit ValidationErrors(std::vector<Error> errors);
  const std::vector<Error>& errors() const noexcept { return errors_; }

 private:
  std::vector<Error> errors_;
};

}  // namespace sibsim::scenarios
