#pragma once
// The studio's page and its words, embedded into the binary at build time from study/studio/page/
// (cmake/embed_files.cmake), with Vega inlined from Debian's libjs-vega at start-up.

#include <string>
#include <string_view>

namespace sibsim::study::studio {

/// The page: index.html with its style, Vega and script markers filled in.
std::string page_html();
/// The page's words in `lang` (page/lang/<lang>.json); English for an unknown language.
std::string_view page_text(std::string_view lang);
/// True for a language the page has words for.
bool known_language(std::string_view lang);

}  // namespace sibsim::study::studio
