// Document::with_overrides: a copy of a parsed tree with values set at key paths. Only the nodes
// on each path are copied; every other subtree is shared with the original tree, which the copy
// keeps alive (Tree::shared).

#include <string>
#include <vector>

#include <fmt/format.h>

#include "sibsim/scenarios/document.hpp"
#include "tree.hpp"

namespace sibsim::scenarios {
namespace {

using detail::Mark;
using detail::PathStep;
using detail::Tree;
using detail::TreeNode;

// A problem with one override, reported at its `where`.
struct Problem {
  std::string message;
};

std::string clip(const std::string& text) { return text.size() > 60 ? text.substr(0, 57) + "..." : text; }

std::string describe(const TreeNode& n) {
  switch (n.type) {
    case TreeNode::Type::null:
      return "empty";
    case TreeNode::Type::sequence:
      return "a list";
    case TreeNode::Type::map:
      return "a section of keys";
    case TreeNode::Type::scalar:
      break;
  }
  return fmt::format("the value '{}'", clip(n.value));
}

// The first `count` steps as a key path: "prisons[3]"; "the top level" for none.
std::string path_of(const std::vector<PathStep>& steps, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (steps[i].is_index) {
      out += fmt::format("[{}]", steps[i].index);
    } else {
      if (!out.empty()) out += '.';
      out += steps[i].key;
    }
  }
  return out.empty() ? "the top level" : "'" + out + "'";
}

void reweigh(TreeNode& n) {
  std::size_t w = 1;
  constexpr std::size_t kMax = static_cast<std::size_t>(-1);
  auto add = [&w](const TreeNode* c) { w = c->weight > kMax - w ? kMax : w + c->weight; };
  for (const TreeNode* c : n.items) add(c);
  for (const auto& [k, v] : n.entries) {
    add(k);
    add(v);
  }
  n.weight = w;
}

int file_index(Tree& tree, const std::string& file) {
  for (std::size_t i = 0; i < tree.files.size(); ++i)
    if (tree.files[i] == file) return static_cast<int>(i);
  tree.files.push_back(file);
  return static_cast<int>(tree.files.size() - 1);
}

// `node` (nullptr: absent) with the value at steps[s..] set to `value`; the copies of the nodes
// on the path, and the keys and sections it creates, are new nodes of `tree`.
const TreeNode* assign(Tree& tree, const TreeNode* node, const std::vector<PathStep>& steps, std::size_t s,
                       const TreeNode* value, Mark where) {
  if (s == steps.size()) return value;
  const PathStep& step = steps[s];
  if (step.is_index) {
    if (node == nullptr || node->type == TreeNode::Type::null)
      throw Problem{fmt::format("{} is not in the document; a list index [{}] needs an existing list",
                                path_of(steps, s), step.index)};
    if (node->type != TreeNode::Type::sequence)
      throw Problem{fmt::format("{} is {}, not a list; it has no entry [{}]", path_of(steps, s),
                                describe(*node), step.index)};
    if (step.index >= node->items.size())
      throw Problem{
          node->items.empty()
              ? fmt::format("{} is an empty list; it has no entry [{}]", path_of(steps, s), step.index)
              : fmt::format("{} has {} entries (indices 0 to {}); there is no entry [{}]", path_of(steps, s),
                            node->items.size(), node->items.size() - 1, step.index)};
    TreeNode& copy = tree.nodes.emplace_back(*node);
    copy.items[step.index] = assign(tree, node->items[step.index], steps, s + 1, value, where);
    reweigh(copy);
    return &copy;
  }
  if (node != nullptr && node->type == TreeNode::Type::null) node = nullptr;  // `section:` alone: absent
  if (node != nullptr && node->type != TreeNode::Type::map)
    throw Problem{fmt::format("{} is {}, not a section of keys; it cannot hold '{}'", path_of(steps, s),
                              describe(*node), step.key)};
  TreeNode* copy = nullptr;
  if (node == nullptr) {
    copy = &tree.nodes.emplace_back();
    copy->type = TreeNode::Type::map;
    copy->mark = where;
  } else {
    copy = &tree.nodes.emplace_back(*node);
  }
  bool found = false;
  for (auto& [k, v] : copy->entries) {
    if (k->type == TreeNode::Type::scalar && k->value == step.key) {  // the first, as resolve() reads it
      v = assign(tree, v, steps, s + 1, value, where);
      found = true;
      break;
    }
  }
  if (!found) {
    TreeNode& key = tree.nodes.emplace_back();
    key.type = TreeNode::Type::scalar;
    key.value = step.key;
    key.mark = where;
    copy->entries.emplace_back(&key, assign(tree, nullptr, steps, s + 1, value, where));
  }
  reweigh(*copy);
  return copy;
}

}  // namespace

Document Document::with_overrides(std::span<const Override> overrides) const {
  auto tree = std::make_shared<Tree>();
  tree->file = tree_->file;
  tree->files = tree_->files;
  tree->text = tree_->text;
  tree->limits = tree_->limits;
  tree->root = tree_->root;
  tree->shared = tree_;
  std::vector<Error> errors;
  for (const Override& o : overrides) {
    const int file = file_index(*tree, o.where.file.empty() ? std::string("<override>") : o.where.file);
    const std::string& file_name = tree->files[static_cast<std::size_t>(file)];
    const Mark where{o.where.line, o.where.column, file};
    auto problem = [&](std::string message) {
      errors.push_back(Error{file_name, o.where.line, o.where.column, o.key_path, std::move(message)});
    };
    std::vector<PathStep> steps;
    if (o.key_path.empty() || o.key_path.back() == '.' || !detail::split_path(o.key_path, steps) ||
        steps.empty()) {
      problem(
          "malformed key path; expected keys separated by '.' and list indices in brackets, e.g. "
          "section.list[3].key");
      continue;
    }
    const std::size_t first_node = tree->nodes.size();
    const TreeNode* value = nullptr;
    try {
      value = detail::parse_value(*tree, o.yaml_value, file);
    } catch (const ValidationErrors& e) {
      problem(fmt::format("the value '{}' is not valid YAML: {}", clip(o.yaml_value),
                          e.errors().empty() ? std::string("syntax error") : e.errors().front().message));
      continue;
    }
    for (std::size_t i = first_node; i < tree->nodes.size(); ++i) tree->nodes[i].mark = where;
    try {
      tree->root = assign(*tree, tree->root, steps, 0, value, where);
    } catch (const Problem& p) {
      problem(p.message);
    }
  }
  if (!errors.empty()) throw ValidationErrors(std::move(errors));
  return Document(std::move(tree));
}

}  // namespace sibsim::scenarios
