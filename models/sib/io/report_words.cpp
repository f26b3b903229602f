#include "report_words.hpp"

#include <string_view>

namespace sibsim::models::sib {

namespace text {
extern const std::string_view k_report_json;
}  // namespace text

const output::report::Words& sib_report_words() {
  static const output::report::Words words(text::k_report_json, "models/sib/text/report.json");
  return words;
}

}  // namespace sibsim::models::sib
