// The template `sibsim new NAME` writes: models/sib/text/new-sib.yaml, embedded at build time, with
// its placeholder {{name}} replaced.

#include <string>
#include <string_view>

#include "sibsim/models/sib/scenario.hpp"

namespace sibsim::models::sib {
namespace text {
extern const std::string_view k_new_sib_yaml;
}  // namespace text

std::string sib_scenario_template(std::string_view name) {
  constexpr std::string_view kPlaceholder = "{{name}}";
  std::string out(text::k_new_sib_yaml);
  for (std::size_t at = out.find(kPlaceholder); at != std::string::npos;
       at = out.find(kPlaceholder, at + name.size()))
    out.replace(at, kPlaceholder.size(), name);
  return out;
}

}  // namespace sibsim::models::sib
