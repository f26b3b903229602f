#pragma once
/// \file words.hpp
/// The words of the reports as data: catalogues of page text in English and Dutch, one JSON file
/// per report (output/text/*.json, a model's own under models/<model>/text/), embedded at build
/// time. C++ computes the numbers; a catalogue says how they are worded:
///
///     {"answer.median": {"en": "Median <strong>{{value}}</strong> (90&nbsp;% interval {{range}}).",
///                        "nl": "Mediaan <strong>{{value}}</strong> (90%-interval {{range}})."}}
///
/// Each text is a mustache template (kainjow::mustache, Debian's libkainjow-mustache-dev): {{name}}
/// is a value, {{#flag}}...{{/flag}} and {{^flag}}...{{/flag}} show text when a flag is set or not
/// (plurals, optional clauses). Values are inserted as given: they are HTML already (numbers from
/// text.hpp, names through html_escape), so a template never escapes twice. A text's values must
/// be exactly the ones the call gives, and both languages must use the same names: a typo throws
/// std::logic_error when the catalogue is loaded or the text is used, and the tests load every
/// catalogue and write every report in both languages.
///
/// The language of the page being written is the thread's current language (LanguageScope, set
/// by write_html_report): text.hpp formats numbers and dates in it too (1,234.5 or 1.234,5).

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sibsim::output::report {

enum class Language { en, nl };

/// "en" or "nl" -> the language; throws std::invalid_argument naming the languages there are.
Language parse_language(std::string_view code);
/// "en" or "nl".
std::string_view language_code(Language language);
/// The languages a report can be written in, as "en, nl" (for help texts and errors).
std::string_view language_codes();

/// The language of the report being written on this thread (English unless a LanguageScope says
/// otherwise).
Language current_language();

/// Sets the thread's current language for its lifetime and restores the previous one after.
class LanguageScope {
 public:
  explicit LanguageScope(Language language);
  ~LanguageScope();
  LanguageScope(const LanguageScope&) = delete;
  LanguageScope& operator=(const LanguageScope&) = delete;

 private:
  Language previous_;
};

/// A model's words for its KPIs and series in the report's language (ModelPlugin::labels): name
/// -> label, and "name:description" -> description. Set by write_html_report for the page being
/// written (HtmlReportOptions::labels); the results file's English words stand where it has none.
using LabelTable = std::vector<std::pair<std::string, std::string>>;
class LabelScope {
 public:
  explicit LabelScope(const LabelTable& labels);
  ~LabelScope();
  LabelScope(const LabelScope&) = delete;
  LabelScope& operator=(const LabelScope&) = delete;

 private:
  const LabelTable* previous_;
};
/// The label of KPI or series `name` in the report's language, else `label_in_file` (plain text).
std::string localised_label(std::string_view name, std::string_view label_in_file);
/// The description of KPI `name` in the report's language, else `description_in_file`.
std::string localised_description(std::string_view name, std::string_view description_in_file);

/// A value for a text: HTML for {{name}}, or a flag for {{#name}} / {{^name}}.
using WordValue = std::variant<std::string, bool>;
using WordValues = std::vector<std::pair<std::string_view, WordValue>>;

/// One catalogue of texts by id, each in every language.
class Words {
 public:
  /// Parses a catalogue; `name` (e.g. "compare.json") is for messages. Throws std::logic_error if
  /// the JSON is malformed, an entry lacks a language, a template does not parse, or the two
  /// languages of an entry use different values.
  Words(std::string_view json, std::string_view name);

  /// The text `id` in the current language with its values filled in. Throws std::logic_error
  /// for an unknown id, a value the text needs but was not given, or one given but not used.
  [[nodiscard]] std::string operator()(std::string_view id, const WordValues& values = {}) const;
  /// The same in a given language.
  [[nodiscard]] std::string in(Language language, std::string_view id, const WordValues& values = {}) const;

  /// Every id (for tests).
  [[nodiscard]] std::vector<std::string> ids() const;
  /// The value names a text uses (flags and values alike), sorted (for tests).
  [[nodiscard]] std::vector<std::string> value_names(std::string_view id) const;

 private:
  struct Entry {
    std::string en, nl;
    std::vector<std::string> names;  ///< sorted, unique
  };
  std::string name_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace sibsim::output::report
