#pragma once
/// \file document.hpp
/// A parsed scenario file, before it is bound to a schema. Parsing refuses hostile input (huge
/// files, alias bombs, deep nesting) and YAML that yaml-cpp 0.7 would accept silently
/// (unterminated quotes, several documents in one file).
///
/// A file may start from another one with a top-level `extends: base.yaml` (a path relative to
/// the folder of the file that says it). The parsed trees are merged: mappings key by key,
/// recursively; scalars and lists from the extending file replace the base's value whole. The
/// `extends` key itself is consumed. Every value keeps the file:line:col where it was written.

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/scenarios/errors.hpp"

namespace sibsim::scenarios {

namespace detail {
struct Tree;
}

/// Guards against hostile or runaway input. The defaults are far above any real scenario.
struct Limits {
  std::size_t max_file_bytes = std::size_t{10} * 1024 * 1024;  ///< files larger than this are refused
  std::size_t max_nodes = 250'000;  ///< YAML nodes after expanding aliases (alias bombs)
  int max_depth = 32;               ///< nesting of mappings and lists
  std::size_t max_errors = 100;     ///< stop collecting after this many errors
  int max_extends_depth = 8;        ///< `extends` levels (a variant of a variant ...)
};

/// One change to a document: the value at `key_path` becomes `yaml_value`. `where` is where the
/// change was written (e.g. a parameter's line in a sweep file, or a command-line option); it
/// becomes the location of the new value and of any key the change adds.
struct Override {
  std::string key_path;    ///< as the loader writes paths: "recruitment.end", "prisons[3].start"
  std::string yaml_value;  ///< YAML text: 2018-02-01, 0.8, true, fixed, [1, 2], {a: 1}, null
  Location where;          ///< reported by errors about the new value
};

/// The path that Document::from_file reads from standard input (once), and the file name its
/// messages then show; `extends` in such a text is relative to the working directory.
inline constexpr std::string_view kStdinPath = "-";
inline constexpr std::string_view kStdinName = "<stdin>";

/// An immutable parsed YAML scenario. Cheap to copy (shared).
class Document {
 public:
  /// An empty document: a top-level mapping without keys, from no file (file() is empty).
  /// Loading it reports every required key as missing.
  Document();
  /// Reads and parses a file and the files it `extends`. Throws ValidationErrors (file missing,
  /// too large, syntax error, too deep, alias bomb, missing base file, `extends` cycle, ...).
  /// Only regular files are read: a FIFO, device, socket or directory (also as an `extends`
  /// base) is refused without opening it for a blocking read. `path` "-" (kStdinPath) reads
  /// standard input instead, once, named "<stdin>" in messages.
  static Document from_file(const std::string& path, const Limits& limits = {});
  /// Parses text; `file_name` is used in error messages, and an `extends` path in the text is
  /// relative to the folder of `file_name` (the working directory if it has none).
  static Document from_string(std::string_view text, std::string file_name = "<string>",
                              const Limits& limits = {});

  /// The file that was loaded.
  const std::string& file() const noexcept;
  /// Every file the document came from: file() first, then its `extends` chain (base, base of
  /// the base, ...), then the files of with_overrides() locations. Just {file()} without
  /// `extends` and overrides.
  const std::vector<std::string>& files() const noexcept;
  /// The text of file() exactly as it was read once (a pipe is never read twice); not the text
  /// of its `extends` bases. Empty for Document().
  const std::string& text() const noexcept;
  const Limits& limits() const noexcept;

  /// The text of a scalar at a key path ("model", "mmc.servers", "prisons[0].name"), or nullopt
  /// if it is absent or not a scalar. Meant for dispatch before binding: read `model`, then pick
  /// the model's schema.
  std::optional<std::string> scalar(std::string_view key_path) const;
  /// Where a key path's value is written (its key's position for sections and lists); nullopt if
  /// the key is absent.
  std::optional<Location> location(std::string_view key_path) const;
  /// Whether a key path is present with a YAML null value (unquoted `null` or `~`, or nothing);
  /// a quoted "null" is a string. Lets a schema reader tell "no value here" from an error.
  bool is_null(std::string_view key_path) const;

  /// A copy of this document with each key path set to the YAML value (a scalar like 2018-02-01,
  /// 0.8, true, or a flow list/mapping; empty or `null` means no value), applied in order (a
  /// later override of the same path wins). The document itself is unchanged.
  /// - Sections (mappings) on the way that do not exist are created, so
  ///   `criteria.x.dropped_from` can be added; unknown keys are left for the strict loader to
  ///   report (with a did-you-mean) at the override's `where`.
  /// - A list index must exist in the document (`prisons[3]` needs at least 4 entries).
  /// - The new value, and every key the override adds, carries `where` as its location, so a
  ///   loader error about it names the overriding file:line:col.
  /// Throws ValidationErrors (all problems at once, each at its override's `where`) for a
  /// malformed path, a missing list or index, a path through a value that is not a section, or
  /// a value that is not valid YAML.
  Document with_overrides(std::span<const Override> overrides) const;

  /// Internal: the parsed tree.
  const detail::Tree& tree() const noexcept { return *tree_; }

 private:
  explicit Document(std::shared_ptr<const detail::Tree> tree) : tree_(std::move(tree)) {}
  std::shared_ptr<const detail::Tree> tree_;
};

}  // namespace sibsim::scenarios
