#pragma once
// The problems found while loading one study input file (a sweep file, an observations file):
// each located at a key path of that file (at its nearest written parent if the key is absent),
// or elsewhere (e.g. in the scenario the file names); duplicates dropped; thrown all at once as
// scenarios::ValidationErrors, the file's own errors first by line and column.

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"

namespace sibsim::study {

class FileProblems {
 public:
  explicit FileProblems(const scenarios::Document& doc) : doc_(doc) {}

  // At a key path of the file; at its nearest written parent if it is absent.
  void at(const std::string& key_path, std::string message) {
    const scenarios::Location l = locate(key_path);
    add(scenarios::Error{l.file, l.line, l.column, key_path, std::move(message)});
  }
  void add(scenarios::Error e) {
    const std::string text = e.to_string();
    if (std::find(seen_.begin(), seen_.end(), text) != seen_.end()) return;
    seen_.push_back(text);
    errors_.push_back(std::move(e));
  }
  // An error at `key_path` or below it.
  [[nodiscard]] bool touches(std::string_view key_path) const {
    return std::any_of(errors_.begin(), errors_.end(), [&](const scenarios::Error& e) {
      const std::string_view k = e.key_path;
      return k.substr(0, key_path.size()) == key_path &&
             (k.size() == key_path.size() || k[key_path.size()] == '.' || k[key_path.size()] == '[');
    });
  }
  [[nodiscard]] bool file_level() const {
    return std::any_of(errors_.begin(), errors_.end(),
                       [](const scenarios::Error& e) { return e.key_path.empty(); });
  }
  [[nodiscard]] bool empty() const { return errors_.empty(); }
  [[nodiscard]] std::size_t size() const { return errors_.size(); }

  [[nodiscard]] scenarios::Location locate(std::string key_path) const {
    while (!key_path.empty()) {
      if (auto l = doc_.location(key_path)) return *l;
      const std::size_t cut = key_path.find_last_of(".[");
      key_path.resize(cut == std::string::npos ? 0 : cut);
    }
    return scenarios::Location{doc_.file(), 1, 1};
  }

  // The file's errors first, by line and column; then the others as found.
  [[noreturn]] void throw_all() {
    const std::string& file = doc_.file();
    std::stable_sort(errors_.begin(), errors_.end(),
                     [&](const scenarios::Error& a, const scenarios::Error& b) {
                       const bool oa = a.file != file, ob = b.file != file;
                       if (oa || ob) return !oa && ob;
                       return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                     });
    throw scenarios::ValidationErrors(std::move(errors_));
  }

 private:
  const scenarios::Document& doc_;
  std::vector<scenarios::Error> errors_;
  std::vector<std::string> seen_;
};

}  // namespace sibsim::study
