// The studio's page (studio_page.hpp).

#include "studio_page.hpp"

#include <stdexcept>

#include "sibsim/output/html_report.hpp"

namespace sibsim::study::studio {

// Generated from page/*.{html,css,js} and page/lang/*.json (study/studio/CMakeLists.txt).
extern const std::string_view kIndexHtml;
extern const std::string_view kStudioCss;
extern const std::string_view kStudioChartsJs;
extern const std::string_view kStudioJs;
extern const std::string_view kLangEn;
extern const std::string_view kLangNl;

namespace {

void fill(std::string& page, std::string_view marker, const std::string& with) {
  const std::size_t at = page.find(marker);
  if (at == std::string::npos)
    throw std::logic_error("study/studio/page/index.html lacks the marker " + std::string(marker));
  page.replace(at, marker.size(), with);
}

}  // namespace

std::string page_html() {
  std::string page(kIndexHtml);
  fill(page, "<!--sibsim:style-->", "<style>\n" + std::string(kStudioCss) + "</style>");
  fill(page, "<!--sibsim:vega-->", output::vega_script_elements());
  // The chart specifications first: studio.js uses them (window.sibsimStudioCharts).
  fill(page, "<!--sibsim:script-->",
       "<script>\n" + std::string(kStudioChartsJs) + "</script>\n<script>\n" + std::string(kStudioJs) +
           "</script>");
  return page;
}

bool known_language(std::string_view lang) { return lang == "en" || lang == "nl"; }

std::string_view page_text(std::string_view lang) { return lang == "nl" ? kLangNl : kLangEn; }

}  // namespace sibsim::study::studio
