#pragma once
// Helpers shared by the HTML report tests (report_test.cpp, report_study_test.cpp).

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sibsim::output::testing {

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// The page's text as a reader sees it (tags dropped, the few entities we write decoded), so the
// checks read like the sentences.
inline std::string visible_text(const std::string& html) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kEntities = {
      {"&nbsp;", " "},   {"&lt;", "<"},     {"&gt;", ">"},    {"&quot;", "\""},
      {"&#39;", "'"},    {"&middot;", "·"}, {"&times;", "×"}, {"&plusmn;", "±"},
      {"&hellip;", "…"}, {"&ndash;", "–"},  {"&amp;", "&"}};
  std::string out;
  const std::string_view h(html);
  for (std::size_t i = 0; i < h.size(); ++i) {
    if (h[i] == '<') {
      i = h.find('>', i);
      if (i == std::string_view::npos) break;
      continue;
    }
    bool decoded = false;
    if (h[i] == '&') {
      for (const auto& [entity, ch] : kEntities) {
        if (h.substr(i, entity.size()) == entity) {
          out.append(ch);
          i += entity.size() - 1;
          decoded = true;
          break;
        }
      }
    }
    if (!decoded) out.push_back(h[i]);
  }
  return out;
}

/// URLs in the page other than the XML namespace names Vega's SVG renderer uses.
inline std::vector<std::string> foreign_urls(const std::string& html) {
  const std::regex url(R"(https?://[^\s"'<>)]*)", std::regex::icase);
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), url); it != std::sregex_iterator(); ++it) {
    const std::string u = it->str();
    if (u != "http://www.w3.org/2000/svg" && u != "http://www.w3.org/1999/xlink" &&
        u != "http://www.w3.org/2000/xmlns/")
      out.push_back(u);
  }
  return out;
}

}  // namespace sibsim::output::testing
