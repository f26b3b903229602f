// Building the option table (dotted keys, groups) and checking it for the model author's mistakes.

#include <cctype>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "sibsim/scenarios/schema.hpp"
#include "text.hpp"

namespace sibsim::scenarios::detail {
namespace {

std::vector<std::string> split_dots(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.emplace_back(
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

RecordSpec& descend(RecordSpec& record, const std::string& key) {
  for (auto& o : record.options)
    if (o->key == key && o->kind == OptionKind::section && o->group) return *o->record;
  auto& o = record.options.emplace_back(std::make_unique<OptionSpec>());
  o->key = key;
  o->kind = OptionKind::section;
  o->group = true;
  o->record = std::make_unique<RecordSpec>();
  return *o->record;
}

bool valid_key(std::string_view k) {
  if (k.empty() || !(std::isalpha(static_cast<unsigned char>(k[0])) || k[0] == '_')) return false;
  for (char c : k)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

void check_record(const RecordSpec& rs, const std::string& prefix, std::vector<std::string>& problems) {
  std::set<std::string> keys;
  if (rs.options.empty())
    problems.push_back(fmt::format("'{}': a section or list element needs at least one option", prefix));
  for (const auto& op : rs.options) {
    const OptionSpec& o = *op;
    const std::string p = join_path(prefix, o.key);
    auto bad = [&](const std::string& what) { problems.push_back(fmt::format("'{}': {}", p, what)); };
    if (!valid_key(o.key)) bad("keys must be names of letters, digits and '_'");
    if (!keys.insert(o.key).second) bad("declared twice");
    if (o.min_size > o.max_size) bad("min_size is larger than max_size");
    switch (o.kind) {
      case OptionKind::value: {
        if (o.required && o.default_value) bad("has both a default and required()");
        if (!o.required && !o.default_value && !o.nullable)
          bad("needs .default_value(...) or .required() (a std::optional member may have neither)");
        if (o.lower.set() && o.upper.set()) {
          const int c = compare(o.lower.value, o.upper.value);
          if (c > 0 || (c == 0 && !(o.lower.inclusive && o.upper.inclusive))) bad("its range is empty");
        }
        if (std::set<std::string>(o.choices.begin(), o.choices.end()).size() != o.choices.size())
          bad("a choice is listed twice");
        if (o.default_value) {
          const Value& v = *o.default_value;
          std::vector<Scalar> all;
          if (o.shape == Shape::scalar) all.push_back(v.scalar);
          for (const auto& s : v.items) all.push_back(s);
          for (const auto& [k, s] : v.entries) all.push_back(s);
          for (const auto& s : all)
            if (std::string m = check_scalar(o, s); !m.empty()) bad("its default is invalid: " + m);
          if (o.shape == Shape::list)
            if (std::string m = check_size(o, v.items.size()); !m.empty())
              bad("its default is invalid: " + m);
          if (o.shape == Shape::dict)
            if (std::string m = check_size(o, v.entries.size()); !m.empty())
              bad("its default is invalid: " + m);
        }
        break;
      }
      case OptionKind::section:
        check_record(*o.record, p, problems);
        break;
      case OptionKind::list: {
        check_record(*o.record, p + "[]", problems);
        for (const std::string* k : {&o.sorted_by, &o.unique_by}) {
          if (k->empty()) continue;
          bool found = false;
          for (const auto& e : o.record->options)
            found = found || (e->key == *k && e->kind == OptionKind::value && e->shape == Shape::scalar);
          if (!found)
            bad(fmt::format("sorted_by/unique_by names '{}', which is not a scalar key of its entries", *k));
        }
        break;
      }
    }
  }
}

void collect_paths(const RecordSpec& rs, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& o : rs.options) {
    const std::string p = join_path(prefix, o->key);
    out.push_back(p);
    if (o->kind == OptionKind::section) collect_paths(*o->record, p, out);
    if (o->kind == OptionKind::list) collect_paths(*o->record, p + "[]", out);
  }
}

}  // namespace

RecordSpec& add_group(RecordSpec& record, std::string_view key_path) {
  RecordSpec* r = &record;
  for (const std::string& part : split_dots(key_path)) r = &descend(*r, part);
  return *r;
}

OptionSpec& add_option(RecordSpec& record, std::string_view key_path, OptionKind kind) {
  const std::size_t dot = key_path.rfind('.');
  RecordSpec& parent = dot == std::string_view::npos ? record : add_group(record, key_path.substr(0, dot));
  auto& o = parent.options.emplace_back(std::make_unique<OptionSpec>());
  o->key = std::string(dot == std::string_view::npos ? key_path : key_path.substr(dot + 1));
  o->kind = kind;
  return *o;
}

void validate(const RecordSpec& root) {
  std::vector<std::string> problems;
  check_record(root, "", problems);
  if (problems.empty()) return;
  std::string msg = "scenario schema is inconsistent (a bug in the model's option table):";
  for (const auto& p : problems) msg += "\n  - " + p;
  throw std::logic_error(msg);
}

std::vector<std::string> key_paths(const RecordSpec& root) {
  std::vector<std::string> out;
  collect_paths(root, "", out);
  return out;
}

}  // namespace sibsim::scenarios::detail
