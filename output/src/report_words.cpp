// Words: the report text catalogues (output/text/*.json) as mustache templates, and the thread's
// current report language.
#include "sibsim/output/report/words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace sibsim::output::report {

namespace {

thread_local Language g_language = Language::en;
thread_local const LabelTable* g_labels = nullptr;

std::string lookup(std::string_view key, std::string_view fallback) {
  if (g_labels != nullptr)
    for (const auto& [k, v] : *g_labels)
      if (k == key) return v;
  return std::string(fallback);
}

/// The names of a template's tags: {{x}}, {{{x}}}, {{&x}}, {{#x}}, {{^x}}, {{/x}} all name x.
/// Comments ({{! ...}}) are skipped; partials and delimiter changes are refused (not needed, and a
/// catalogue text should read as plain text with holes).
std::vector<std::string> tag_names(std::string_view text, std::string_view where) {
  std::vector<std::string> names;
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    const std::size_t close = text.find("}}", at + 2);
    if (close == std::string_view::npos)
      throw std::logic_error(fmt::format("{}: a '{{{{' without '}}}}'", where));
    std::string_view tag = text.substr(at + 2, close - at - 2);
    at = close + 2;
    if (!tag.empty() && tag.front() == '{') {
      tag.remove_prefix(1);
      if (at < text.size() && text[at] == '}') ++at;
    }
    if (tag.empty()) throw std::logic_error(fmt::format("{}: an empty {{{{}}}} tag", where));
    if (tag.front() == '!') continue;
    if (tag.front() == '>' || tag.front() == '=')
      throw std::logic_error(
          fmt::format("{}: partials and delimiter changes are not used in catalogues", where));
    if (std::string_view("#^/&").find(tag.front()) != std::string_view::npos) tag.remove_prefix(1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.empty()) throw std::logic_error(fmt::format("{}: a tag without a name", where));
    names.emplace_back(tag);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

Language parse_language(std::string_view code) {
  if (code == "en") return Language::en;
  if (code == "nl") return Language::nl;
  throw std::invalid_argument(
      fmt::format("unknown report language '{}' (the reports are written in {})", code, language_codes()));
}

std::string_view language_code(Language language) { return language == Language::nl ? "nl" : "en"; }

std::string_view language_codes() { return "en, nl"; }

Language current_language() { return g_language; }

LanguageScope::LanguageScope(Language language) : previous_(g_language) { g_language = language; }

LanguageScope::~LanguageScope() { g_language = previous_; }

LabelScope::LabelScope(const LabelTable& labels) : previous_(g_labels) { g_labels = &labels; }

LabelScope::~LabelScope() { g_labels = previous_; }

std::string localised_label(std::string_view name, std::string_view label_in_file) {
  return lookup(name, label_in_file);
}

std::string localised_description(std::string_view name, std::string_view description_in_file) {
  return lookup(std::string(name) + ":description", description_in_file);
}

Words::Words(std::string_view json, std::string_view name) : name_(name) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& e) {
    throw std::logic_error(fmt::format("report text catalogue {}: {}", name_, e.what()));
  }
  if (!doc.is_object())
    throw std::logic_error(fmt::format("report text catalogue {}: not a JSON object", name_));
  for (const auto& [id, entry] : doc.items()) {
    const std::string where = fmt::format("report text catalogue {}, '{}'", name_, id);
    if (!entry.is_object() || !entry.contains("en") || !entry.contains("nl") || !entry["en"].is_string() ||
        !entry["nl"].is_string() || entry.size() != 2)
      throw std::logic_error(fmt::format("{}: needs exactly the texts \"en\" and \"nl\"", where));
    Entry e{entry["en"].get<std::string>(), entry["nl"].get<std::string>(), {}};
    e.names = tag_names(e.en, where + " (en)");
    if (tag_names(e.nl, where + " (nl)") != e.names)
      throw std::logic_error(fmt::format("{}: the English and Dutch texts use different values", where));
    for (const std::string* text : {&e.en, &e.nl}) {
      const kainjow::mustache::mustache tmpl{*text};
      if (!tmpl.is_valid()) throw std::logic_error(fmt::format("{}: {}", where, tmpl.error_message()));
    }
    entries_.emplace(id, std::move(e));
  }
}

std::string Words::operator()(std::string_view id, const WordValues& values) const {
  return in(current_language(), id, values);
}

std::string Words::in(Language language, std::string_view id, const WordValues& values) const {
  const auto it = entries_.find(id);
  if (it == entries_.end())
    throw std::logic_error(fmt::format("report text catalogue {} has no text '{}'", name_, id));
  const Entry& e = it->second;
  std::vector<std::string> given;
  given.reserve(values.size());
  for (const auto& v : values) given.emplace_back(v.first);
  std::sort(given.begin(), given.end());
  if (given != e.names)
    throw std::logic_error(fmt::format("report text '{}' of {} uses the values [{}] but was given [{}]", id,
                                       name_, fmt::join(e.names, ", "), fmt::join(given, ", ")));
  kainjow::mustache::mustache tmpl{language == Language::nl ? e.nl : e.en};
  tmpl.set_custom_escape([](const std::string& s) { return s; });  // values are HTML already
  kainjow::mustache::data data;
  for (const auto& [key, value] : values) {
    if (const auto* s = std::get_if<std::string>(&value))
      data.set(std::string(key), *s);
    else
      data.set(std::string(key), kainjow::mustache::data(std::get<bool>(value)));
  }
  return tmpl.render(data);
}

std::vector<std::string> Words::ids() const {
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (const auto& [id, e] : entries_) out.push_back(id);
  return out;
}

std::vector<std::string> Words::value_names(std::string_view id) const {
  const auto it = entries_.find(id);
  return it == entries_.end() ? std::vector<std::string>{} : it->second.names;
}

}  // namespace sibsim::output::report
