// Parsing: yaml-cpp parser events -> detail::Tree, with the hostile-input guards; then the
// `extends` chain: base files are parsed into the same Tree (their marks carry their file index)
// and merged under the extending file.

#include "sibsim/scenarios/document.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "text.hpp"
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
  Builder(Tree& tree, std::string_view text, int file) : tree_(tree), text_(text), file_(file) {}

  const TreeNode* root() const noexcept { return root_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    TreeNode& n = make(mark, TreeNode::Type::null);
    remember(anchor, n);
    attach(n);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (anchor >= anchors_.size() || anchors_[anchor] == nullptr)
      throw Abort{to_mark(mark), "alias refers to an unknown anchor"};
    TreeNode* target = anchors_[anchor];
    for (const Frame& f : stack_)
      if (f.node == target) throw Abort{to_mark(mark), "alias refers to an enclosing node (recursive alias)"};
    count(target->weight, mark);
    attach(*target);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    check_tag(mark, tag, true);
    TreeNode& n = make(mark, TreeNode::Type::scalar);
    n.value = value;
    n.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    if (tag == "!") check_closing_quote(mark);
    remember(anchor, n);
    attach(n);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    check_tag(mark, tag, false);
    open(mark, TreeNode::Type::sequence, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    check_tag(mark, tag, false);
    open(mark, TreeNode::Type::map, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    TreeNode* node;
    const TreeNode* pending_key;
  };

  void count(std::size_t n, const YAML::Mark& mark) {
    total_ += n;
    if (total_ > tree_.limits.max_nodes)
      throw Abort{to_mark(mark),
                  fmt::format("document too large: more than {} YAML nodes after expanding aliases "
                              "(an alias bomb?); refusing to load it",
                              tree_.limits.max_nodes)};
  }

  TreeNode& make(const YAML::Mark& mark, TreeNode::Type type) {
    count(1, mark);
    TreeNode& n = tree_.nodes.emplace_back();
    n.type = type;
    n.mark = to_mark(mark);
    n.mark.file = file_;
    return n;
  }

  void remember(YAML::anchor_t anchor, TreeNode& n) {
    if (anchor == YAML::NullAnchor) return;
    if (anchor >= anchors_.size()) anchors_.resize(anchor + 1, nullptr);
    anchors_[anchor] = &n;
  }

  void open(const YAML::Mark& mark, TreeNode::Type type, YAML::anchor_t anchor) {
    if (stack_.size() >= static_cast<std::size_t>(tree_.limits.max_depth))
      throw Abort{to_mark(mark), fmt::format("nesting is deeper than {} levels; refusing to load it",
                                             tree_.limits.max_depth)};
    TreeNode& n = make(mark, type);
    remember(anchor, n);
    stack_.push_back(Frame{&n, nullptr});
  }

  void close() {
    TreeNode* n = stack_.back().node;
    stack_.pop_back();
    // weight = 1 + children's expanded sizes (saturating; count() already bounds the total).
    std::size_t w = 1;
    constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
    auto add = [&w](const TreeNode* c) { w = c->weight > kMax - w ? kMax : w + c->weight; };
    for (const TreeNode* c : n->items) add(c);
    for (const auto& [k, v] : n->entries) {
      add(k);
      add(v);
    }
    n->weight = w;
    attach(*n);
  }

  void attach(const TreeNode& n) {
    if (stack_.empty()) {
      if (root_ == nullptr) root_ = &n;
      return;
    }
    Frame& parent = stack_.back();  // containers attach when they close, so this is the parent
    if (parent.node->type == TreeNode::Type::sequence) {
      parent.node->items.push_back(&n);
    } else if (parent.pending_key == nullptr) {
      parent.pending_key = &n;
    } else {
      parent.node->entries.emplace_back(parent.pending_key, &n);
      parent.pending_key = nullptr;
    }
  }

  // A tag would silently change nothing (values are typed by the schema), so only `!!str` on a
  // scalar (make it text) is allowed. yaml-cpp gives untagged nodes "?" (plain) or "!" (quoted;
  // also an explicit `!`, which means text as well).
  static void check_tag(const YAML::Mark& mark, const std::string& tag, bool scalar) {
    constexpr std::string_view kCore = "tag:yaml.org,2002:";
    if (tag.empty() || tag == "?" || tag == "!" || (scalar && tag == "tag:yaml.org,2002:str")) return;
    const std::string shown =
        std::string_view(tag).starts_with(kCore) ? "!!" + tag.substr(kCore.size()) : tag;
    throw Abort{to_mark(mark),
                fmt::format("YAML tag '{}' is not supported; remove it (each key's type comes from the "
                            "scenario's keys; only !!str on a single value, to make it text, is allowed)",
                            shown)};
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
      if (it->node->type == (seq ? TreeNode::Type::sequence : TreeNode::Type::map))
        return fmt::format(" (the {} opened at line {}, column {} is never closed)", seq ? '[' : '{',
                           it->node->mark.line, it->node->mark.column);
    }
    return "";
  }

 private:
  Tree& tree_;
  std::string_view text_;
  int file_;
  const TreeNode* root_ = nullptr;
  std::vector<Frame> stack_;
  std::vector<TreeNode*> anchors_;
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

[[noreturn]] void fail_at(const Tree& tree, Mark m, std::string key_path, std::string message) {
  throw ValidationErrors(
      {Error{file_of(tree, m), m.line, m.column, std::move(key_path), std::move(message)}});
}

// What a path is, for the refusal of anything but a regular file.
std::string_view file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void not_regular(const std::string& path, mode_t mode) {
  const std::string_view kind = file_kind(mode);
  fail(path, {},
       S_ISDIR(mode) ? "cannot open the scenario file: it is a directory"
                     : fmt::format("cannot open the scenario file: it is {}{}; only regular files are read",
                                   kind, kind.starts_with("not") ? "" : ", not a regular file"));
}

// Everything `fd` gives until its end, refusing more than the limit (also for pipes).
std::string read_all(int fd, const std::string& path, const Limits& limits) {
  std::string text;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(path, {}, fmt::format("cannot read the scenario file: {}", std::strerror(errno)));
    if (n == 0) return text;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > limits.max_file_bytes) fail(path, {}, too_large(text.size(), limits.max_file_bytes));
  }
}

// The whole file. Only a regular file is opened: a FIFO would block the open (or the read) for
// ever, a device may never end. stat() first, then open without blocking and fstat() the open
// file again, so a path swapped for a FIFO in between is refused too.
std::string read_text(const std::string& path, const Limits& limits) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    fail(path, {},
         errno == ENOENT || errno == ENOTDIR
             ? std::string("cannot open the scenario file: no such file")
             : fmt::format("cannot open the scenario file: {}", std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) not_regular(path, st.st_mode);
  if (static_cast<std::uintmax_t>(st.st_size) > limits.max_file_bytes)
    fail(path, {}, too_large(static_cast<std::size_t>(st.st_size), limits.max_file_bytes));
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) fail(path, {}, fmt::format("cannot open the scenario file: {}", std::strerror(errno)));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) not_regular(path, st.st_mode);
  return read_all(fd, path, limits);
}

// CR alone ends a line in YAML (as LF and CR LF do), but yaml-cpp does not know it: a file with
// old Mac line endings would read as one line. Same length, so every position stays valid.
std::string_view with_line_feeds(std::string_view text, std::string& storage) {
  const std::size_t first = text.find('\r');
  if (first == std::string_view::npos) return text;
  storage.assign(text);
  for (std::size_t i = first; i < storage.size(); ++i)
    if (storage[i] == '\r' && (i + 1 == storage.size() || storage[i + 1] != '\n')) storage[i] = '\n';
  return storage;
}

// Parses one file's text into `tree`, its nodes marked with file index `file`; returns its root.
// An empty document is an error unless `allow_null` (then it is a null node).
const TreeNode* parse_text(Tree& tree, std::string_view text, int file, bool allow_null = false) {
  const std::string name = tree.files.at(static_cast<std::size_t>(file));
  if (text.size() > tree.limits.max_file_bytes)
    fail(name, Mark{}, too_large(text.size(), tree.limits.max_file_bytes));
  std::string normalised;
  text = with_line_feeds(text, normalised);
  std::istringstream in{std::string(text)};
  Builder builder(tree, text, file);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder) && !allow_null)
      fail(name, Mark{1, 1}, "the file is empty: no settings found");
    SecondDocument second;
    parser.HandleNextDocument(second);
  } catch (const Abort& a) {
    fail(name, a.mark, a.message);
  } catch (const YAML::Exception& e) {
    const Mark m = to_mark(e.mark);
    std::string message = "YAML syntax error: ";
    message.append(e.msg).append(builder.unclosed_hint(e.msg)).append(tab_hint(text, m));
    fail(name, m, std::move(message));
  }
  const TreeNode* root = builder.root();
  if (allow_null) {
    if (root != nullptr) return root;
    TreeNode& n = tree.nodes.emplace_back();  // empty text: no value
    n.mark = Mark{1, 1, file};
    return &n;
  }
  if (root == nullptr || root->type == TreeNode::Type::null)
    fail(name, Mark{1, 1}, "the file is empty: no settings found");
  return root;
}

// ---- extends -------------------------------------------------------------------------------

constexpr std::string_view kExtends = "extends";

// The files being resolved, the loaded file first; `ids` identify them for cycle detection and
// `via[i]` is where names[i] says `extends` (one fewer than names while a base is loading).
struct Chain {
  std::vector<std::string> names;
  std::vector<std::filesystem::path> ids;
  std::vector<Mark> via;
};

std::filesystem::path identity(const std::string& name) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(name, ec);
  if (ec) p = std::filesystem::path(name).lexically_normal();
  return p;
}

std::string join_chain(const std::vector<std::string>& names, std::size_t from, const std::string& last) {
  std::string out;
  for (std::size_t i = from; i < names.size(); ++i) out.append(names[i]).append(" -> ");
  return out.append(last);
}

// "; did you mean 'wnd-2016-actual.yaml'?" when a scenario file with a close name sits in the
// folder where `written` (as written after `extends:`, resolved to `name`) was looked for.
std::string file_suggestion(const std::string& written, const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path folder = fs::path(name).parent_path().empty() ? fs::path(".") : fs::path(name).parent_path();
  std::vector<std::string> candidates;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end && candidates.size() < 1000;
       it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() == ".yaml" || p.extension() == ".yml") candidates.push_back(p.filename().string());
  }
  const std::string guess = closest(fs::path(written).filename().string(), candidates);
  if (guess.empty()) return "";
  return fmt::format("; did you mean '{}'?", (fs::path(written).parent_path() / guess).generic_string());
}

std::size_t saturating_weight(const TreeNode& n) {
  std::size_t w = 1;
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  auto add = [&w](const TreeNode* c) { w = c->weight > kMax - w ? kMax : w + c->weight; };
  for (const auto& [k, v] : n.entries) {
    add(k);
    add(v);
  }
  return w;
}

bool same_key(const TreeNode* a, const TreeNode* b) {
  return a->type == TreeNode::Type::scalar && b->type == TreeNode::Type::scalar && a->value == b->value;
}

// `over` laid onto `base` (both mappings): keys of `base` in its order, each replaced by the same
// key of `over` (merged again when both values are mappings), then the keys only `over` has.
// The entry `skip` of `over` (its `extends`) is left out. Duplicate keys stay duplicated, so the
// loader still reports them where they are written.
const TreeNode* merge(Tree& tree, const TreeNode* base, const TreeNode* over, const TreeNode* skip) {
  std::vector<bool> used(over->entries.size(), false);
  for (std::size_t j = 0; j < over->entries.size(); ++j) used[j] = over->entries[j].first == skip;
  std::vector<std::pair<const TreeNode*, const TreeNode*>> entries;
  entries.reserve(base->entries.size() + over->entries.size());
  for (const auto& [bk, bv] : base->entries) {
    std::size_t j = 0;
    while (j < over->entries.size() && (used[j] || !same_key(bk, over->entries[j].first))) ++j;
    if (j == over->entries.size()) {
      entries.emplace_back(bk, bv);
      continue;
    }
    used[j] = true;
    const auto& [ok, ov] = over->entries[j];
    const bool both_maps = bv->type == TreeNode::Type::map && ov->type == TreeNode::Type::map;
    entries.emplace_back(ok, both_maps ? merge(tree, bv, ov, nullptr) : ov);
  }
  for (std::size_t j = 0; j < over->entries.size(); ++j)
    if (!used[j]) entries.push_back(over->entries[j]);
  TreeNode& m = tree.nodes.emplace_back();
  m.type = TreeNode::Type::map;
  m.mark = over->mark;
  m.entries = std::move(entries);
  m.weight = saturating_weight(m);
  return &m;
}

// If `root` (of file index `file`, the last one in `chain`) says `extends: base.yaml`, loads the
// base (and its own bases) into `tree` and returns the merge; otherwise returns `root`.
const TreeNode* resolve_extends(Tree& tree, const TreeNode* root, int file, Chain& chain) {
  namespace fs = std::filesystem;
  if (root->type != TreeNode::Type::map) return root;  // the loader reports it
  const TreeNode* key = nullptr;
  const TreeNode* value = nullptr;
  for (const auto& [k, v] : root->entries) {
    if (k->type != TreeNode::Type::scalar || k->value != kExtends) continue;
    if (key != nullptr)
      fail_at(
          tree, k->mark, std::string(kExtends),
          fmt::format("duplicate key (first given at line {}, column {}); a scenario extends one base file",
                      key->mark.line, key->mark.column));
    key = k;
    value = v;
  }
  if (key == nullptr) return root;
  const std::string expect = "expected the path of the base scenario file, relative to this file's folder";
  if (value->type == TreeNode::Type::null)
    fail_at(tree, key->mark, std::string(kExtends), "no value given; " + expect);
  if (value->type != TreeNode::Type::scalar)
    fail_at(tree, value->mark, std::string(kExtends),
            fmt::format("{}, got {}", expect,
                        value->type == TreeNode::Type::map ? "a section of keys" : "a list"));
  if (value->value.empty()) fail_at(tree, value->mark, std::string(kExtends), "no value given; " + expect);
  if (chain.names.size() > static_cast<std::size_t>(std::max(tree.limits.max_extends_depth, 0)))
    fail_at(tree, value->mark, std::string(kExtends),
            fmt::format("too many levels of extends (at most {}): {}", tree.limits.max_extends_depth,
                        join_chain(chain.names, 0, value->value)));

  const fs::path dir = fs::path(tree.files.at(static_cast<std::size_t>(file))).parent_path();
  const std::string name = (dir / fs::path(value->value)).lexically_normal().string();
  const std::string looked = name == value->value ? "" : fmt::format(" (looked for {})", name);
  const fs::path id = identity(name);
  // A cycle is reported where it starts: at the `extends` of the first file that comes back.
  for (std::size_t i = 0; i < chain.ids.size(); ++i)
    if (chain.ids[i] == id)
      fail_at(tree, i < chain.via.size() ? chain.via[i] : value->mark, std::string(kExtends),
              fmt::format("extends cycle: {}", join_chain(chain.names, i, chain.names[i])));
  std::string text;
  try {
    text = read_text(name, tree.limits);
  } catch (const ValidationErrors& e) {
    std::string why = e.errors().empty() ? std::string("cannot open it") : e.errors().front().message;
    if (why.rfind("cannot open the scenario file: ", 0) == 0) why.erase(0, 31);
    if (why == "no such file") why.append(file_suggestion(value->value, name));
    fail_at(tree, value->mark, std::string(kExtends),
            fmt::format("cannot load the base scenario '{}'{}: {}", value->value, looked, why));
  }

  tree.files.push_back(name);
  const int base_file = static_cast<int>(tree.files.size() - 1);
  const TreeNode* base = parse_text(tree, text, base_file);
  if (base->type != TreeNode::Type::map)
    fail_at(tree, base->mark, "",
            fmt::format("a base scenario must be a mapping of keys (key: value lines) at the top level "
                        "(it is extended by {})",
                        tree.files.at(static_cast<std::size_t>(file))));
  chain.names.push_back(name);
  chain.ids.push_back(id);
  chain.via.push_back(value->mark);
  base = resolve_extends(tree, base, base_file, chain);
  chain.names.pop_back();
  chain.ids.pop_back();
  chain.via.pop_back();
  return merge(tree, base, root, key);
}

}  // namespace

const TreeNode* parse_value(Tree& tree, std::string_view text, int file) {
  return parse_text(tree, text, file, true);
}

// Strict, so that every key path has exactly one spelling: `prisons[00]`, `prisons[+1]`,
// `prisons.[0]` and `prisons[0]start` are malformed, not other names of `prisons[0].start` (a
// sweep's duplicate check compares paths as written).
bool split_path(std::string_view path, std::vector<PathStep>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      if (out.empty()) return false;  // an index follows a key
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos) return false;
      const std::string_view digits = path.substr(i + 1, close - i - 1);
      if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return false;
      if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
      PathStep s;
      s.is_index = true;
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), s.index);
      if (ec != std::errc{} || p != digits.data() + digits.size()) return false;
      out.push_back(s);
      i = close + 1;
      if (i < path.size() && path[i] != '.' && path[i] != '[') return false;
    } else {
      std::size_t end = i;
      while (end < path.size() && path[end] != '.' && path[end] != '[' && path[end] != ']') ++end;
      if (end == i) return false;
      out.push_back(PathStep{std::string(path.substr(i, end - i)), 0, false});
      i = end;
      if (i < path.size() && path[i] == ']') return false;
    }
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size() || path[i] == '[' || path[i] == '.') return false;  // a key follows '.'
    }
  }
  return true;
}

const TreeNode* resolve(const Tree& tree, std::string_view path, Mark& where) {
  const TreeNode* n = tree.root;
  where = n != nullptr ? n->mark : Mark{1, 1};
  std::vector<PathStep> steps;
  if (n == nullptr || !split_path(path, steps)) return nullptr;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const PathStep& step = steps[s];
    const bool last = s + 1 == steps.size();
    if (step.is_index) {
      if (n->type != TreeNode::Type::sequence || step.index >= n->items.size()) return nullptr;
      n = n->items[step.index];
      where = n->mark;
    } else {
      if (n->type != TreeNode::Type::map) return nullptr;
      const TreeNode* value = nullptr;
      for (const auto& [k, v] : n->entries) {
        if (k->type == TreeNode::Type::scalar && k->value == step.key) {
          where = k->mark;
          value = v;
          break;
        }
      }
      if (value == nullptr) return nullptr;
      n = value;
      if (last && n->type == TreeNode::Type::scalar) where = n->mark;
    }
  }
  return n;
}

}  // namespace detail

Document::Document() {
  auto tree = std::make_shared<detail::Tree>();
  tree->files = {""};
  detail::TreeNode& root = tree->nodes.emplace_back();
  root.type = detail::TreeNode::Type::map;
  tree->root = &root;
  tree_ = std::move(tree);
}

Document Document::from_string(std::string_view text, std::string file_name, const Limits& limits) {
  auto tree = std::make_shared<detail::Tree>();
  tree->file = file_name;
  tree->files = {file_name};
  tree->text = std::string(text);
  tree->limits = limits;
  const detail::TreeNode* root = detail::parse_text(*tree, text, 0);
  detail::Chain chain{{file_name}, {detail::identity(file_name)}, {}};
  tree->root = detail::resolve_extends(*tree, root, 0, chain);
  return Document(std::move(tree));
}

Document Document::from_file(const std::string& path, const Limits& limits) {
  if (path == kStdinPath) {
    const std::string name(kStdinName);
    return from_string(detail::read_all(STDIN_FILENO, name, limits), name, limits);
  }
  return from_string(detail::read_text(path, limits), path, limits);
}

const std::string& Document::file() const noexcept { return tree_->file; }
const std::vector<std::string>& Document::files() const noexcept { return tree_->files; }
const std::string& Document::text() const noexcept { return tree_->text; }
const Limits& Document::limits() const noexcept { return tree_->limits; }

std::optional<std::string> Document::scalar(std::string_view key_path) const {
  detail::Mark m;
  const detail::TreeNode* n = detail::resolve(*tree_, key_path, m);
  if (n == nullptr || n->type != detail::TreeNode::Type::scalar) return std::nullopt;
  return n->value;
}

bool Document::is_null(std::string_view key_path) const {
  detail::Mark m;
  const detail::TreeNode* n = detail::resolve(*tree_, key_path, m);
  return n != nullptr && n->type == detail::TreeNode::Type::null;
}

std::optional<Location> Document::location(std::string_view key_path) const {
  detail::Mark m;
  if (detail::resolve(*tree_, key_path, m) == nullptr) return std::nullopt;
  return Location{detail::file_of(*tree_, m), m.line, m.column};
}

}  // namespace sibsim::scenarios
