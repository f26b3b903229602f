#pragma once
// Internal: the parsed YAML tree that Document owns. Built from yaml-cpp parser events (not from
// YAML::Node) so that we see every key of a mapping (duplicates included), keep 1-based marks on
// every node, and can bound nesting and alias expansion while parsing.

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/scenarios/document.hpp"

namespace sibsim::scenarios::detail {

struct Mark {
  int line = 0;    // 1-based, 0 = unknown
  int column = 0;  // 1-based
  int file = 0;    // index into Tree::files: 0 is the file that was loaded, higher ones its bases
};

// Not named `Node`: yaml-cpp forward-declares YAML::Node, and a same-named type here would be
// flagged by clang-tidy's bugprone-forward-declaration-namespace.
struct TreeNode {
  enum class Type { null, scalar, sequence, map };
  Type type = Type::null;
  Mark mark;
  bool quoted = false;                 // a quoted or block scalar ("3" is a string, 3 is a number)
  std::string value;                   // scalar text
  std::vector<const TreeNode*> items;  // sequence
  std::vector<std::pair<const TreeNode*, const TreeNode*>> entries;  // map, in file order, duplicates kept
  std::size_t weight = 1;  // nodes in the fully alias-expanded subtree
};

struct Tree {
  std::string file;                // the file that was loaded (== files[0])
  std::vector<std::string> files;  // every file the tree came from (the `extends` chain), by Mark::file
  std::string text;                // the text of `file` as read (not of its `extends` bases)
  Limits limits;
  std::deque<TreeNode> nodes;  // stable addresses
  const TreeNode* root = nullptr;
  // Document::with_overrides: the tree this one was copied from. Unchanged subtrees are shared,
  // not copied, so this keeps their nodes alive.
  std::shared_ptr<const Tree> shared;
};

// The name of the file a mark points into.
inline const std::string& file_of(const Tree& tree, Mark m) {
  return m.file > 0 && static_cast<std::size_t>(m.file) < tree.files.size()
             ? tree.files[static_cast<std::size_t>(m.file)]
             : tree.file;
}

// One step of a key path: a key ("mmc") or an index ("[2]").
struct PathStep {
  std::string key;
  std::size_t index = 0;
  bool is_index = false;
};
// "a.b[2].c" -> a, b, [2], c. Returns false on malformed paths.
bool split_path(std::string_view path, std::vector<PathStep>& out);

// Parses one YAML value (a scalar, or a flow list or mapping) written in file `file` into `tree`
// and returns it; empty text or `null` gives a null node. The new nodes carry marks relative to
// `text`. Throws ValidationErrors (syntax errors, hostile input) like a file would.
const TreeNode* parse_value(Tree& tree, std::string_view text, int file);

// Follows `path` from the root. Returns the node if the whole path exists (nullptr otherwise);
// `where` receives the position of the deepest step found (the key for sections and lists, the
// value for scalars), or the root's position.
const TreeNode* resolve(const Tree& tree, std::string_view path, Mark& where);

}  // namespace sibsim::scenarios::detail
