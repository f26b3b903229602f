// Writing: the resolved configuration as YAML, and the help-config reference.

#include <yaml-cpp/emitter.h>
#include <yaml-cpp/emittermanip.h>

#include <charconv>

#include <fmt/format.h>

#include "sibsim/scenarios/schema.hpp"
#include "text.hpp"

namespace sibsim::scenarios::detail {
namespace {

// Would a YAML reader (ours, or a YAML 1.1 one such as PyYAML) take this plain text for
// something other than a string?
bool needs_quotes(const std::string& s) {
  if (s.empty()) return true;
  for (const char* w :
       {"~",  "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
        "no", "No",   "NO",   "on",   "On",   "ON",   "off",  "Off",   "OFF",   "y",     "Y",   "n",   "N"})
    if (s == w) return true;
  double d = 0;
  const char* b = s.data() + (s.front() == '+' ? 1 : 0);
  auto [p, ec] = std::from_chars(b, s.data() + s.size(), d);
  if (p == s.data() + s.size() && ec != std::errc::invalid_argument) return true;
  if (engine::parse_date(s)) return true;
  return s.front() == '.' || s.front() == '-';  // .inf, .nan, -.inf and friends
}

void emit_scalar(YAML::Emitter& e, const Scalar& s) {
  if (std::holds_alternative<std::monostate>(s)) {
    e << YAML::Null;
  } else if (const auto* str = std::get_if<std::string>(&s)) {
    if (needs_quotes(*str)) e << YAML::DoubleQuoted;
    e << *str;
  } else {
    e << format_scalar(s);
  }
}

void emit_record(YAML::Emitter& e, const RecordSpec& rs, const void* obj, const EmitOptions& opt) {
  e << YAML::BeginMap;
  for (const auto& op : rs.options) {
    const OptionSpec& o = *op;
    if (o.present && !o.present(obj)) continue;  // an optional section the scenario leaves out
    e << YAML::Key << o.key << YAML::Value;
    switch (o.kind) {
      case OptionKind::value: {
        const Value v = o.get(obj);
        if (o.shape == Shape::scalar) {
          emit_scalar(e, v.scalar);
        } else if (o.shape == Shape::list) {
          e << YAML::Flow << YAML::BeginSeq;
          for (const auto& s : v.items) emit_scalar(e, s);
          e << YAML::EndSeq;
        } else {
          if (v.entries.empty()) e << YAML::Flow;
          e << YAML::BeginMap;
          for (const auto& [k, s] : v.entries) {
            e << YAML::Key;
            if (needs_quotes(k)) e << YAML::DoubleQuoted;
            e << k << YAML::Value;
            emit_scalar(e, s);
          }
          e << YAML::EndMap;
        }
        if (opt.unit_comments && !o.unit.empty()) e << YAML::Comment(o.unit);
        break;
      }
      case OptionKind::section:
        emit_record(e, *o.record, o.group ? obj : o.csub(obj), opt);
        break;
      case OptionKind::list: {
        const std::size_t n = o.size(obj);
        if (n == 0) e << YAML::Flow;
        e << YAML::BeginSeq;
        for (std::size_t i = 0; i < n; ++i) emit_record(e, *o.record, o.cat(obj, i), opt);
        e << YAML::EndSeq;
        break;
      }
    }
  }
  e << YAML::EndMap;
}

void help_record(std::string& out, const RecordSpec& rs, const std::string& prefix) {
  auto doc_lines = [&out](const std::string& doc) {
    std::size_t start = 0;
    while (start < doc.size()) {
      std::size_t nl = doc.find('\n', start);
      if (nl == std::string::npos) nl = doc.size();
      out += "    " + doc.substr(start, nl - start) + "\n";
      start = nl + 1;
    }
  };
  for (const auto& op : rs.options) {
    const OptionSpec& o = *op;
    const std::string p = join_path(prefix, o.key);
    switch (o.kind) {
      case OptionKind::value: {
        std::string status;
        if (o.required) {
          status = "required";
        } else if (o.default_value) {
          status = "default: " + format_value(o, *o.default_value);
        } else {
          status = "optional, default: not set";
        }
        out += fmt::format("\n{}  ({})\n", p, status);
        std::string line = describe_full(o);
        if (std::string s = describe_size(o); !s.empty()) line += ", " + s;
        if (!o.unit.empty()) line += ", unit: " + o.unit;
        out += "    " + line + "\n";
        doc_lines(o.doc);
        break;
      }
      case OptionKind::section:
        out +=
            fmt::format("\n{}  ({})\n", p, o.set_present ? "section, optional: may be left out" : "section");
        doc_lines(!o.doc.empty() ? o.doc : o.record->doc);
        help_record(out, *o.record, p);
        break;
      case OptionKind::list: {
        std::string what = "list of entries";
        if (std::string s = describe_size(o); !s.empty()) what += ", " + s;
        if (o.required) what += ", required";
        if (!o.sorted_by.empty())
          what += fmt::format(", {}sorted by {}", o.strictly_sorted ? "strictly " : "", o.sorted_by);
        if (!o.unique_by.empty()) what += ", unique " + o.unique_by;
        out += fmt::format("\n{}  ({})\n", p, what);
        doc_lines(!o.doc.empty() ? o.doc : o.record->doc);
        help_record(out, *o.record, p + "[]");
        break;
      }
    }
  }
}

}  // namespace

std::string emit(const RecordSpec& root, const void* object, const EmitOptions& options) {
  validate(root);
  YAML::Emitter e;
  e.SetIndent(2);
  emit_record(e, root, object, options);
  std::string out;
  std::size_t start = 0;
  while (start < options.header.size()) {
    std::size_t nl = options.header.find('\n', start);
    if (nl == std::string::npos) nl = options.header.size();
    out += "# " + options.header.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  out += e.c_str();
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

std::string help(const RecordSpec& root, std::string_view title) {
  validate(root);
  std::string out;
  if (!title.empty()) out += std::string(title) + "\n";
  if (!root.doc.empty()) out += root.doc + "\n";
  out +=
      "Scenario keys: each with its type, range and unit, whether it is required or its default,\n"
      "and what it means. Unknown keys, wrong types and out-of-range values are errors.\n"
      "Dates are written YYYY-MM-DD; `a[].b` is key b in each entry of list a.\n";
  help_record(out, root, "");
  return out;
}

}  // namespace sibsim::scenarios::detail
