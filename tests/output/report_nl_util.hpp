#pragma once
// What the Dutch-report tests (report_nl_*_test.cpp) share: the page's text as a reader sees it,
// its chart specs, and the pieces of a catalogue text to look for, matched as whole words.
#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "report_test_util.hpp"

namespace sibsim::output::testing {

/// `html` without the elements `tag` (their content too).
inline std::string drop_elements(std::string html, std::string_view tag) {
  std::string open(1, '<'), close("</");  // (not "<" + std::string(tag): GCC 12's -Wrestrict false positive)
  open.append(tag);
  close.append(tag).append(">");
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at)) {
    const auto end = html.find(close, at);
    if (end == std::string::npos) break;
    html.erase(at, end + close.size() - at);
  }
  return html;
}

/// The contents of the chart specs (<script type="application/json" data-chart=...>).
inline std::string chart_specs(const std::string& html) {
  const std::string open = "<script type=\"application/json\" data-chart=";
  std::string out;
  for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
    const auto start = html.find('>', at) + 1;
    out += html.substr(start, html.find("</script>", start) - start) + "\n";
  }
  return out;
}

/// The text a reader sees: the page without the elements `dropped` (by default styles, scripts and
/// the input as given in <pre>), tags dropped and entities decoded.
inline std::string reader_text(const std::string& html,
                               std::initializer_list<const char*> dropped = {"style", "script", "pre"}) {
  std::string h = html;
  for (const char* tag : dropped) h = drop_elements(std::move(h), tag);
  return visible_text(h);
}

/// The pieces of a catalogue text a reader sees, split at its tags ("<th>Role</th><th>Observed</th>"
/// gives "Role" and "Observed"), with entities decoded and ends trimmed.
inline std::vector<std::string> pieces(const std::string& html) {
  std::vector<std::string> out;
  std::string piece;
  const auto flush = [&] {
    std::string t = visible_text(piece);
    piece.clear();
    const auto first = t.find_first_not_of(' ');
    if (first == std::string::npos) return;
    t = t.substr(first, t.find_last_not_of(' ') - first + 1);
    if (t.size() >= 2) out.push_back(t);
  };
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '<') {
      flush();
      i = html.find('>', i);
      if (i == std::string::npos) break;
      continue;
    }
    piece.push_back(html[i]);
  }
  flush();
  return out;
}

inline bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

/// `text` holds `piece` as whole words ("fit" is not in "fitcijfers").
inline bool has_words(const std::string& text, const std::string& piece) {
  for (auto at = text.find(piece); at != std::string::npos; at = text.find(piece, at + 1)) {
    const std::size_t end = at + piece.size();
    if ((at == 0 || !word_char(text[at - 1]) || !word_char(piece.front())) &&
        (end == text.size() || !word_char(text[end]) || !word_char(piece.back())))
      return true;
  }
  return false;
}

/// A lower-case identifier ("range", "mean"): also a key or value in the charts' specs.
inline bool identifier(const std::string& piece) {
  return std::all_of(piece.begin(), piece.end(),
                     [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

}  // namespace sibsim::output::testing
