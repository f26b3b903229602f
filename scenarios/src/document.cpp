// Parsing: yaml-cpp parser events -> detail::Tree, with the hostile-input guards.

#include "sibsim/scenarios/document.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "tree.hpp"

namespace sibsim::scenarios {
namespace detail {
namespace {

// Thrown out of the event handler to stop parsing at the first hostile construct.
struct Abort {
  Mark mark;
  std::string message;
};

Mark to_mark(const YAML::Mark& m) {
  if (m.is_null() || m.line < 0) return Mark{};
  return Mark{m.line + 1, m.column + 1};
}

std::string too_large(std::size_t size, std::size_t limit) {
  return fmt::format(
      "the file has {} bytes, more than the limit of {} bytes ({:.0f} MB); refusing to load it", size, limit,
      static_cast<double>(limit) / (1024.0 * 1024.0));
}

class Builder final : public YAML::EventHandler {
 public:
  Builder(Tree& tree, std::string_view text) : tree_(tree), text_(text) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node& n = make(mark, Node::Type::null);
    remember(anchor, n);
    attach(n);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || anchors_[anchor] == nullptr)
      throw Abort{to_mark(mark), "alias refers to an unknown anchor"};
    Node* target = anchors_[anchor];
    for (const Frame& f : stack_)
      if (f.node == target) throw Abort{to_mark(mark), "alias refers to an enclosing node (recursive alias)"};
    count(target->weight, mark);
    attach(*target);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node& n = make(mark, Node::Type::scalar);
    n.value = value;
    n.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    if (tag == "!") check_closing_quote(mark);
    remember(anchor, n);
    attach(n);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, Node::Type::sequence, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, Node::Type::map, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node* node;
    const Node* pending_key;
  };

  void count(std::size_t n, const YAML::Mark& mark) {
    total_ += n;
    if (total_ > tree_.limits.max_nodes)
      throw Abort{to_mark(mark),
                  fmt::format("document too large: more than {} YAML nodes after expanding aliases "
                              "(an alias bomb?); refusing to load it",
                              tree_.limits.max_nodes)};
  }

  Node& make(const YAML::Mark& mark, Node::Type type) {
    count(1, mark);
    Node& n = tree_.nodes.emplace_back();
    n.type = type;
    n.mark = to_mark(mark);
    return n;
  }

  void remember(YAML::anchor_t anchor, Node& n) {
    if (anchor == YAML::NullAnchor) return;
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, nullptr);
    anchors_[anchor] = &n;
  }

  void open(const YAML::Mark& mark, Node::Type type, YAML::anchor_t anchor) {
    if (stack_.size() >= static_cast<std::size_t>(tree_.limits.max_depth))
      throw Abort{to_mark(mark), fmt::format("nesting is deeper than {} levels; refusing to load it",
                                             tree_.limits.max_depth)};
    Node& n = make(mark, type);
    remember(anchor, n);
    stack_.push_back(Frame{&n, nullptr});
  }

  void close() {
    Node* n = stack_.back().node;
    stack_.pop_back();
    // weight = 1 + children's expanded sizes (saturating; count() already bounds the total).
    std::size_t w = 1;
    constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
    auto add = [&w](const Node* c) { w = c->weight > kMax - w ? kMax : w + c->weight; };
    for (const Node* c : n->items) add(c);
    for (const auto& [k, v] : n->entries) {
      add(k);
      add(v);
    }
    n->weight = w;
    attach(*n);
  }

  void attach(const Node& n) {
    if (stack_.empty()) {
      if (tree_.root == nullptr) tree_.root = &n;
      return;
    }
    Frame& parent = stack_.back();  // containers attach when they close, so this is the parent
    if (parent.node->type == Node::Type::sequence) {
      parent.node->items.push_back(&n);
    } else if (parent.pending_key == nullptr) {
      parent.pending_key = &n;
    } else {
      parent.node->entries.emplace_back(parent.pending_key, &n);
      parent.pending_key = nullptr;
    }
  }

  // yaml-cpp 0.7 accepts a quoted scalar that is never closed (it runs to the end of the file).
  void check_closing_quote(const YAML::Mark& mark) {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return;
    std::size_t i = static_cast<std::size_t>(mark.pos);
    const char q = text_[i];
    if (q != '"' && q != '\'') return;  // a block scalar (| or >)
    for (++i; i < text_.size(); ++i) {
      const char c = text_[i];
      if (q == '"' && c == '\\') {
        ++i;
      } else if (c == q) {
        if (q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
        } else {
          return;
        }
      }
    }
    throw Abort{to_mark(mark), fmt::format("unterminated quoted string: the closing {} is missing", q)};
  }

 public:
  // For syntax errors about unclosed flow collections: where the innermost one opened.
  std::string unclosed_hint(const std::string& msg) const {
    const bool seq = msg.find("end of sequence flow") != std::string::npos;
    const bool map = msg.find("end of map flow") != std::string::npos;
    if (!seq && !map) return "";
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->node->type == (seq ? Node::Type::sequence : Node::Type::map))
        return fmt::format(" (the {} opened at line {}, column {} is never closed)", seq ? '[' : '{',
                           it->node->mark.line, it->node->mark.column);
    }
    return "";
  }

 private:
  Tree& tree_;
  std::string_view text_;
  std::vector<Frame> stack_;
  std::vector<Node*> anchors_;
  std::size_t total_ = 0;
};

// Stops the parser at the start of a second document.
class SecondDocument final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    throw Abort{to_mark(mark), "a scenario file holds one YAML document, but a second one starts here (---)"};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}
};

// YAML forbids tabs in indentation; yaml-cpp then reports a puzzling "illegal map value".
std::string tab_hint(std::string_view text, Mark m) {
  int line = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size() && line <= m.line; ++i) {
    if (text[i] != '\n' && i + 1 != text.size()) continue;
    if (line + 1 >= m.line) {  // the error's line and the one before it
      for (std::size_t j = start; j <= i && (text[j] == ' ' || text[j] == '\t'); ++j)
        if (text[j] == '\t') return fmt::format(" (line {} is indented with a tab; YAML needs spaces)", line);
    }
    ++line;
    start = i + 1;
  }
  return "";
}

[[noreturn]] void fail(const std::string& file, Mark m, std::string message) {
  throw ValidationErrors({Error{file, m.line, m.column, "", std::move(message)}});
}

}  // namespace

bool split_path(std::string_view path, std::vector<PathStep>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) return false;
      PathStep s;
      s.is_index = true;
      const char* b = path.data() + i + 1;
      const char* e = path.data() + close;
      auto [p, ec] = std::from_chars(b, e, s.index);
      if (ec != std::errc{} || p != e) return false;
      out.push_back(s);
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
    } else {
      std::size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
      if (end == i) return false;
      out.push_back(PathStep{std::string(path.substr(i, end - i)), 0, false});
      i = end;
      if (i < path.size() && path[i] == '.') ++i;
    }
  }
  return true;
}

const Node* resolve(const Tree& tree, std::string_view path, Mark& where) {
  const Node* n = tree.root;
  where = n != nullptr ? n->mark : Mark{1, 1};
  std::vector<PathStep> steps;
  if (n == nullptr || !split_path(path, steps)) return nullptr;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const PathStep& step = steps[s];
    const bool last = s + 1 == steps.size();
    if (step.is_index) {
      if (n->type != Node::Type::sequence || step.index >= n->items.size()) return nullptr;
      n = n->items[step.index];
      where = n->mark;
    } else {
      if (n->type != Node::Type::map) return nullptr;
      const Node* value = nullptr;
      for (const auto& [k, v] : n->entries) {
        if (k->type == Node::Type::scalar && k->value == step.key) {
          where = k->mark;
          value = v;
          break;
        }
      }
      if (value == nullptr) return nullptr;
      n = value;
      if (last && n->type == Node::Type::scalar) where = n->mark;
    }
  }
  return n;
}

}  // namespace detail

Document Document::from_string(std::string_view text, std::string file_name, const Limits& limits) {
  using detail::Mark;
  if (text.size() > limits.max_file_bytes)
    detail::fail(file_name, Mark{}, detail::too_large(text.size(), limits.max_file_bytes));
  auto tree = std::make_shared<detail::Tree>();
  tree->file = file_name;
  tree->limits = limits;
  std::istringstream in{std::string(text)};
  detail::Builder builder(*tree, text);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder))
      detail::fail(file_name, Mark{1, 1}, "the file is empty: no settings found");
    detail::SecondDocument second;
    parser.HandleNextDocument(second);
  } catch (const detail::Abort& a) {
    detail::fail(file_name, a.mark, a.message);
  } catch (const YAML::Exception& e) {
    const detail::Mark m = detail::to_mark(e.mark);
    detail::fail(file_name, m,
                 "YAML syntax error: " + e.msg + builder.unclosed_hint(e.msg) + detail::tab_hint(text, m));
  }
  if (tree->root == nullptr || tree->root->type == detail::Node::Type::null)
    detail::fail(file_name, Mark{1, 1}, "the file is empty: no settings found");
  return Document(std::move(tree));
}

Document Document::from_file(const std::string& path, const Limits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) detail::fail(path, {}, "cannot open the scenario file: no such file");
  if (fs::is_directory(st)) detail::fail(path, {}, "cannot open the scenario file: it is a directory");
  if (fs::is_regular_file(st)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > limits.max_file_bytes)
      detail::fail(path, {}, detail::too_large(static_cast<std::size_t>(size), limits.max_file_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) detail::fail(path, {}, fmt::format("cannot open the scenario file: {}", std::strerror(errno)));
  // Read at most one byte past the limit: the size check above does not cover pipes and devices.
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limits.max_file_bytes)
      detail::fail(path, {}, detail::too_large(text.size(), limits.max_file_bytes));
  }
  return from_string(text, path, limits);
}

const std::string& Document::file() const noexcept { return tree_->file; }
const Limits& Document::limits() const noexcept { return tree_->limits; }

std::optional<std::string> Document::scalar(std::string_view key_path) const {
  detail::Mark m;
  const detail::Node* n = detail::resolve(*tree_, key_path, m);
  if (n == nullptr || n->type != detail::Node::Type::scalar) return std::nullopt;
  return n->value;
}

std::optional<Location> Document::location(std::string_view key_path) const {
  detail::Mark m;
  if (detail::resolve(*tree_, key_path, m) == nullptr) return std::nullopt;
  return Location{tree_->file, m.line, m.column};
}

}  // namespace sibsim::scenarios
