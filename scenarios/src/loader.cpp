// Binding a parsed Tree to a schema: decoding, strict key checks, defaults, cross-field checks.
// Every problem is recorded (not thrown) so that one run reports all of them.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>

#include "sibsim/scenarios/schema.hpp"
#include "text.hpp"
#include "tree.hpp"

namespace sibsim::scenarios {
namespace detail {

class LoadContext {
 public:
  LoadContext(const RecordSpec& root_spec, const Tree& t) : root(root_spec), tree(t) {}

  void error(Mark m, std::string path, std::string message) {
    if (errors.size() >= tree.limits.max_errors) {
      push(m, "", fmt::format("too many errors; stopped after {}", tree.limits.max_errors));
      throw_all();
    }
    push(m, std::move(path), std::move(message));
  }
  // At the position of a key path's value; at its nearest written parent if it is absent.
  void error_at_path(const std::string& path, std::string message) {
    Mark m;
    resolve(tree, path, m);
    error(m, path, std::move(message));
  }
  // Sorted by file (the loaded file first, then its `extends` bases), line and column.
  [[noreturn]] void throw_all() {
    std::vector<std::size_t> order(errors.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
      return std::tuple(file_index[a], errors[a].line, errors[a].column) <
             std::tuple(file_index[b], errors[b].line, errors[b].column);
    });
    std::vector<Error> sorted;
    sorted.reserve(errors.size());
    for (std::size_t i : order) sorted.push_back(std::move(errors[i]));
    throw ValidationErrors(std::move(sorted));
  }
  // " of base.yaml" when `m` lies in another file than `here`, for "first given at ..." notes.
  std::string other_file(Mark m, Mark here) const {
    return m.file == here.file ? std::string() : std::string(" of ").append(file_of(tree, m));
  }

  // Leaf key -> schema paths ("servers" -> "mmc.servers"), for keys written in the wrong place.
  const std::vector<std::pair<std::string, std::string>>& leaves() {
    if (leaves_.empty()) collect(root, "");
    return leaves_;
  }

  struct PendingCheck {
    const RecordSpec* spec;
    const void* object;
    std::string path;
  };

  const RecordSpec& root;
  const Tree& tree;
  std::vector<Error> errors;
  std::vector<int> file_index;  // Mark::file of each error
  std::vector<PendingCheck> checks;

 private:
  void push(Mark m, std::string path, std::string message) {
    errors.push_back(Error{file_of(tree, m), m.line, m.column, std::move(path), std::move(message)});
    file_index.push_back(m.file);
  }
  void collect(const RecordSpec& rs, const std::string& prefix) {
    for (const auto& o : rs.options) {
      const std::string p = join_path(prefix, o->key);
      leaves_.emplace_back(o->key, p);
      if (o->kind == OptionKind::section) collect(*o->record, p);
      if (o->kind == OptionKind::list) collect(*o->record, p + "[]");
    }
  }
  std::vector<std::pair<std::string, std::string>> leaves_;
};

namespace {

std::string describe(const TreeNode& n) {
  switch (n.type) {
    case TreeNode::Type::null:
      return "nothing";
    case TreeNode::Type::sequence:
      return "a list";
    case TreeNode::Type::map:
      return "a section of keys (a mapping)";
    case TreeNode::Type::scalar:
      break;
  }
  std::string text = n.value.size() > 60 ? n.value.substr(0, 57) + "..." : n.value;
  for (char& c : text)
    if (c == '\n') c = ' ';
  return n.quoted ? fmt::format("the quoted string \"{}\"", text) : fmt::format("'{}'", text);
}

// Keys from the file as shown in messages: a hostile 5 MB key is not repeated in full.
std::string clip(const std::string& key) { return key.size() > 80 ? key.substr(0, 77) + "..." : key; }

// A whole-string parse; a leading '+' is allowed. (The rule of read_integer and read_number.)
template <class N>
std::errc parse_number(std::string_view t, N& out) {
  if (!t.empty() && t.front() == '+') {
    t.remove_prefix(1);
    if (!t.empty() && t.front() == '-') return std::errc::invalid_argument;
  }
  if (t.empty()) return std::errc::invalid_argument;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (ec == std::errc{} && p != t.data() + t.size()) return std::errc::invalid_argument;
  return ec;
}

// "010", "-00": YAML 1.1 reads a leading zero as octal, so an integer may not have one.
bool leading_zero(std::string_view t) {
  const std::string_view digits = t.substr(!t.empty() && (t.front() == '+' || t.front() == '-') ? 1 : 0);
  return digits.size() > 1 && digits.front() == '0';
}

std::string number_hint(std::string_view t) {
  if (t.find(',') != std::string_view::npos)
    return " (use '.' as the decimal separator, without thousands separators)";
  if (!t.empty() && t.back() == '%') return " (write a percentage as a fraction, e.g. 0.25 for 25%)";
  return "";
}

std::string date_problem(std::string_view t) {
  static constexpr const char* kMonths[12] = {"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};
  auto digits = [&](std::size_t b, std::size_t n) {
    return std::all_of(t.begin() + static_cast<std::ptrdiff_t>(b),
                       t.begin() + static_cast<std::ptrdiff_t>(b + n),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (t.size() == 10 && t[4] == '-' && t[7] == '-' && digits(0, 4) && digits(5, 2) && digits(8, 2)) {
    const int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
    const int m = (t[5] - '0') * 10 + (t[6] - '0');
    const int d = (t[8] - '0') * 10 + (t[9] - '0');
    if (y < 1900 || y > 2200) return fmt::format("date '{}' is outside the supported years 1900-2200", t);
    if (m < 1 || m > 12) return fmt::format("impossible date '{}': there is no month {}", t, m);
    int last = 28;
    while (last < 31 && engine::is_valid(engine::Date{y, m, last + 1})) ++last;
    return fmt::format("impossible date '{}': day {} does not exist ({} {} has {} days)", t, d,
                       kMonths[m - 1], y, last);
  }
  return fmt::format("expected a date written YYYY-MM-DD (e.g. 2017-02-01), got '{}'", t);
}

// Decodes one scalar node; on a problem records it at `at` and returns nullopt.
std::optional<Scalar> decode(const OptionSpec& o, const TreeNode& n, const std::string& path, Mark at,
                             LoadContext& ctx) {
  const std::string expect = expectation(o);
  if (n.type == TreeNode::Type::null) {
    ctx.error(at, path, "no value given; expected " + (o.shape == Shape::scalar ? expect : describe_kind(o)));
    return std::nullopt;
  }
  auto wrong = [&](const std::string& what, const std::string& hint = "") {
    ctx.error(n.mark, path, fmt::format("expected {}, got {}{}", what, describe(n), hint));
    return std::nullopt;
  };
  const std::string kind_text = o.shape == Shape::scalar ? expect : describe_kind(o);
  if (n.type != TreeNode::Type::scalar) return wrong(kind_text);
  const std::string_view t = n.value;
  Scalar out;
  switch (o.scalar_kind) {
    case ScalarKind::boolean: {
      const auto b = n.quoted ? std::nullopt : read_boolean(t);
      if (!b) return wrong("true or false", n.quoted ? " (write true or false without quotes)" : "");
      out = *b;
      break;
    }
    case ScalarKind::integer: {
      if (n.quoted) return wrong(kind_text, " (numbers are written without quotes)");
      std::int64_t v = 0;
      const std::errc ec = parse_number(t, v);
      if (ec == std::errc{} && leading_zero(t))
        return wrong(kind_text, " (leading zeros are ambiguous: YAML 1.1 reads 010 as octal 8)");
      if (ec == std::errc::result_out_of_range) {
        ctx.error(n.mark, path, fmt::format("value '{}' is too large for an integer", t));
        return std::nullopt;
      }
      if (ec != std::errc{}) {
        double d = 0;
        if (parse_number(t, d) == std::errc{}) return wrong("a whole number (integer)");
        return wrong(kind_text, number_hint(t));
      }
      out = v;
      break;
    }
    case ScalarKind::number: {
      if (n.quoted) return wrong(kind_text, " (numbers are written without quotes)");
      double v = 0;
      const std::errc ec = parse_number(t, v);
      if (ec == std::errc::result_out_of_range || (ec == std::errc{} && !std::isfinite(v))) {
        ctx.error(n.mark, path, fmt::format("value '{}' is not a finite number", t));
        return std::nullopt;
      }
      if (ec != std::errc{}) return wrong(kind_text, number_hint(t));
      out = v;
      break;
    }
    case ScalarKind::text:
      out = std::string(t);
      break;
    case ScalarKind::date: {
      const auto d = engine::parse_date(t);
      if (!d) {
        ctx.error(n.mark, path, date_problem(t));
        return std::nullopt;
      }
      out = *d;
      break;
    }
  }
  if (std::string problem = check_scalar(o, out); !problem.empty()) {
    ctx.error(n.mark, path, std::move(problem));
    return std::nullopt;
  }
  return out;
}

void load_record(const RecordSpec& rs, const TreeNode* node, void* obj, const std::string& path, Mark where,
                 LoadContext& ctx);

void load_value(const OptionSpec& o, const TreeNode* node, Mark key_mark, void* obj, const std::string& path,
                Mark fallback, LoadContext& ctx) {
  if (node == nullptr) {
    if (o.required) {
      ctx.error(fallback, path, "missing required key; expected " + expectation(o));
    } else {
      o.set(obj, o.default_value ? *o.default_value : Value{});
    }
    return;
  }
  if (node->type == TreeNode::Type::null) {
    if (o.nullable) {
      o.set(obj, Value{});
    } else {
      ctx.error(key_mark, path, "no value given; expected " + expectation(o));
    }
    return;
  }
  const std::size_t before = ctx.errors.size();
  Value v;
  switch (o.shape) {
    case Shape::scalar:
      if (auto s = decode(o, *node, path, node->mark, ctx)) v.scalar = std::move(*s);
      break;
    case Shape::list: {
      if (node->type != TreeNode::Type::sequence) {
        ctx.error(node->mark, path, fmt::format("expected {}, got {}", expectation(o), describe(*node)));
        return;
      }
      for (std::size_t i = 0; i < node->items.size(); ++i) {
        const TreeNode* item = node->items[i];
        if (auto s = decode(o, *item, fmt::format("{}[{}]", path, i), item->mark, ctx))
          v.items.push_back(std::move(*s));
      }
      if (std::string p = check_size(o, node->items.size()); !p.empty())
        ctx.error(node->mark, path, std::move(p));
      break;
    }
    case Shape::dict: {
      if (node->type != TreeNode::Type::map) {
        ctx.error(node->mark, path, fmt::format("expected {}, got {}", expectation(o), describe(*node)));
        return;
      }
      std::unordered_map<std::string_view, const TreeNode*> seen;
      for (const auto& [k, val] : node->entries) {
        if (k->type != TreeNode::Type::scalar) {
          ctx.error(k->mark, path, fmt::format("a key must be a plain name, got {}", describe(*k)));
          continue;
        }
        const std::string p = join_path(path, clip(k->value));
        if (auto [it, fresh] = seen.emplace(k->value, k); !fresh) {
          ctx.error(k->mark, p,
                    fmt::format("duplicate key (first given at line {}, column {}{})", it->second->mark.line,
                                it->second->mark.column, ctx.other_file(it->second->mark, k->mark)));
          continue;
        }
        if (auto s = decode(o, *val, p, val->type == TreeNode::Type::null ? k->mark : val->mark, ctx))
          v.entries.emplace_back(k->value, std::move(*s));
      }
      if (std::string p = check_size(o, node->entries.size()); !p.empty())
        ctx.error(node->mark, path, std::move(p));
      break;
    }
  }
  if (ctx.errors.size() == before) o.set(obj, v);
}

const OptionSpec* find_option(const RecordSpec& rs, std::string_view key) {
  for (const auto& o : rs.options)
    if (o->key == key) return o.get();
  return nullptr;
}

void load_list(const OptionSpec& o, const TreeNode* node, Mark key_mark, void* obj, const std::string& path,
               Mark fallback, LoadContext& ctx) {
  const std::string expect = "a list of entries (lines starting with '- ', each holding keys)";
  if (node == nullptr) {
    if (o.required || o.min_size > 0)
      ctx.error(fallback, path,
                fmt::format("missing required list; expected {} with {}", expect, describe_size(o)));
    o.resize(obj, 0);
    return;
  }
  if (node->type == TreeNode::Type::null) {
    ctx.error(key_mark, path, "no value given; expected " + expect);
    return;
  }
  if (node->type != TreeNode::Type::sequence) {
    ctx.error(node->mark, path, fmt::format("expected {}, got {}", expect, describe(*node)));
    return;
  }
  const std::size_t before = ctx.errors.size();
  const std::size_t n = node->items.size();
  o.resize(obj, n);
  for (std::size_t i = 0; i < n; ++i)
    load_record(*o.record, node->items[i], o.at(obj, i), fmt::format("{}[{}]", path, i), node->items[i]->mark,
                ctx);
  if (std::string p = check_size(o, n); !p.empty()) ctx.error(node->mark, path, std::move(p));
  if (ctx.errors.size() != before) return;

  if (const OptionSpec* f = o.sorted_by.empty() ? nullptr : find_option(*o.record, o.sorted_by)) {
    for (std::size_t i = 1; i < n; ++i) {
      const Scalar a = f->get(o.cat(obj, i - 1)).scalar, b = f->get(o.cat(obj, i)).scalar;
      if (std::holds_alternative<std::monostate>(a) || std::holds_alternative<std::monostate>(b)) continue;
      const int c = compare(a, b);
      if (c > 0 || (c == 0 && o.strictly_sorted))
        ctx.error_at_path(
            fmt::format("{}[{}].{}", path, i, f->key),
            fmt::format("entries must be in {}increasing order of '{}': {} {} {} in the entry before",
                        o.strictly_sorted ? "strictly " : "", f->key, format_scalar(b),
                        c == 0 ? "repeats" : "comes after", format_scalar(a)));
    }
  }
  if (const OptionSpec* f = o.unique_by.empty() ? nullptr : find_option(*o.record, o.unique_by)) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < n; ++i) {
      const Scalar s = f->get(o.cat(obj, i)).scalar;
      if (std::holds_alternative<std::monostate>(s)) continue;
      const std::string text = format_scalar(s);
      if (auto [it, fresh] = first.emplace(text, i); !fresh)
        ctx.error_at_path(fmt::format("{}[{}].{}", path, i, f->key),
                          fmt::format("duplicate {} '{}': {}[{}] has it already; each entry needs its own",
                                      f->key, text, path, it->second));
    }
  }
}

// "prisons[2].rate_changes[0]" -> "prisons[].rate_changes[]", the form schema paths use.
std::string strip_indices(const std::string& path) {
  std::string out;
  bool in_index = false;
  for (char c : path) {
    if (c == '[') {
      in_index = true;
      out += "[]";
    } else if (c == ']') {
      in_index = false;
    } else if (!in_index) {
      out += c;
    }
  }
  return out;
}

std::string unknown_key_message(const RecordSpec& rs, const std::string& key, const std::string& path,
                                LoadContext& ctx) {
  if (key == "<<") return "YAML merge keys (<<) are not supported; write the keys out in full";
  std::vector<std::string> siblings;
  for (const auto& o : rs.options) siblings.push_back(o->key);
  std::string guess = closest(key, siblings);
  if (!guess.empty()) return fmt::format("unknown key; did you mean '{}'?", join_path(path, guess));
  // Written in the wrong section? Look for the same (or a close) name anywhere in the schema.
  std::vector<std::string> leaf_names;
  for (const auto& [leaf, full] : ctx.leaves()) leaf_names.push_back(leaf);
  guess = closest(key, leaf_names);
  if (!guess.empty()) {
    std::string best;
    for (const auto& [leaf, full] : ctx.leaves())
      if (leaf == guess && (best.empty() || full.size() < best.size())) best = full;
    // Never suggest the section we are in ("mmc.mmc" -> "mmc").
    const std::string generic = strip_indices(path);
    const bool ancestor =
        generic == best || generic.rfind(best + ".", 0) == 0 || generic.rfind(best + "[", 0) == 0;
    if (!ancestor) return fmt::format("unknown key; did you mean '{}'?", best);
  }
  if (siblings.size() <= 12) {
    std::string list;
    for (const auto& s : siblings) list += (list.empty() ? "" : ", ") + s;
    return fmt::format("unknown key; valid keys {}: {}", path.empty() ? "at the top level" : "here", list);
  }
  return "unknown key (see `sibsim help-config` for the valid keys)";
}

void load_record(const RecordSpec& rs, const TreeNode* node, void* obj, const std::string& path, Mark where,
                 LoadContext& ctx) {
  if (node != nullptr && node->type == TreeNode::Type::null) node = nullptr;  // `section:` alone = absent
  if (node != nullptr && node->type != TreeNode::Type::map) {
    ctx.error(node->mark, path,
              fmt::format("expected a section of keys (key: value lines), got {}", describe(*node)));
    return;
  }
  const std::size_t before = ctx.errors.size();
  // key/value per option, in schema order.
  std::vector<std::pair<const TreeNode*, const TreeNode*>> given(rs.options.size(), {nullptr, nullptr});
  if (node != nullptr) {
    where = node->mark;
    std::unordered_map<std::string_view, const TreeNode*> seen;
    for (const auto& [k, v] : node->entries) {
      if (k->type != TreeNode::Type::scalar) {
        ctx.error(k->mark, path, fmt::format("a key must be a plain name, got {}", describe(*k)));
        continue;
      }
      const std::string p = join_path(path, clip(k->value));
      if (auto [it, fresh] = seen.emplace(k->value, k); !fresh) {
        ctx.error(
            k->mark, p,
            fmt::format(
                "duplicate key (first given at line {}, column {}{}); YAML would silently keep only one",
                it->second->mark.line, it->second->mark.column, ctx.other_file(it->second->mark, k->mark)));
        continue;
      }
      std::size_t i = 0;
      while (i < rs.options.size() && rs.options[i]->key != k->value) ++i;
      if (i == rs.options.size()) {
        ctx.error(k->mark, p, unknown_key_message(rs, k->value, path, ctx));
        continue;
      }
      given[i] = {k, v};
    }
  }
  for (std::size_t i = 0; i < rs.options.size(); ++i) {
    const OptionSpec& o = *rs.options[i];
    const auto [k, v] = given[i];
    const std::string p = join_path(path, o.key);
    const Mark key_mark = k != nullptr ? k->mark : where;
    switch (o.kind) {
      case OptionKind::value:
        load_value(o, v, key_mark, obj, p, where, ctx);
        break;
      case OptionKind::section:
        if (o.set_present) {
          const bool in_file = v != nullptr && v->type != TreeNode::Type::null;
          o.set_present(obj, in_file);
          if (!in_file) break;  // an optional section left out: nothing of it is read or required
        }
        load_record(*o.record, v, o.group ? obj : o.sub(obj), p, key_mark, ctx);
        break;
      case OptionKind::list:
        load_list(o, v, key_mark, obj, p, where, ctx);
        break;
    }
  }
  if (ctx.errors.size() == before && !rs.checks.empty())
    ctx.checks.push_back(LoadContext::PendingCheck{&rs, obj, path});
}

}  // namespace

void load(const RecordSpec& root, const Document& doc, void* object) {
  validate(root);
  const Tree& tree = doc.tree();
  LoadContext ctx(root, tree);
  if (tree.root->type != TreeNode::Type::map) {
    ctx.error(tree.root->mark, "",
              fmt::format("a scenario must be a mapping of keys (key: value lines) at the top level, got {}",
                          describe(*tree.root)));
    ctx.throw_all();
  }
  load_record(root, tree.root, object, "", tree.root->mark, ctx);
  // Checks run children first, and only on records whose own subtree loaded cleanly.
  for (const auto& c : ctx.checks) {
    Checker checker(ctx, c.path);
    for (const auto& fn : c.spec->checks) fn(c.object, checker);
  }
  if (!ctx.errors.empty()) ctx.throw_all();
}

}  // namespace detail

void Checker::error(std::string_view key, std::string_view message) {
  context_->error_at_path(detail::join_path(prefix_, key), std::string(message));
}

std::string Checker::path(std::string_view key) const { return detail::join_path(prefix_, key); }

std::optional<ScalarKind> parse_scalar_kind(std::string_view text) noexcept {
  for (const ScalarKind k :
       {ScalarKind::boolean, ScalarKind::integer, ScalarKind::number, ScalarKind::text, ScalarKind::date})
    if (name(k) == text) return k;
  return std::nullopt;
}

std::optional<bool> read_boolean(std::string_view t) noexcept {
  for (const char* w : {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})
    if (t == w) return true;
  for (const char* w : {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})
    if (t == w) return false;
  return std::nullopt;
}

std::optional<std::int64_t> read_integer(std::string_view t) noexcept {
  std::int64_t v = 0;
  if (detail::parse_number(t, v) != std::errc{} || detail::leading_zero(t)) return std::nullopt;
  return v;
}

std::optional<double> read_number(std::string_view t) noexcept {
  double v = 0;
  if (detail::parse_number(t, v) != std::errc{} || !std::isfinite(v)) return std::nullopt;
  return v;
}

ScalarKind infer_scalar_kind(std::string_view t) noexcept {
  if (read_boolean(t)) return ScalarKind::boolean;
  if (read_integer(t)) return ScalarKind::integer;
  if (read_number(t)) return ScalarKind::number;
  if (engine::parse_date(t)) return ScalarKind::date;
  return ScalarKind::text;
}

}  // namespace sibsim::scenarios
