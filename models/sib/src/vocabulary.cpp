#include "sibsim/models/sib/vocabulary.hpp"

#include <array>
#include <utility>

namespace sibsim::models::sib {

std::string in_words(std::string_view text, const Vocabulary& v, std::string_view lang) {
  const bool nl = lang == "nl";
  const std::array<std::pair<std::string_view, const Term*>, 6> words = {
      {{"{site}", &v.site},
       {"{sites}", &v.sites},
       {"{site_staff}", &v.site_staff},
       {"{person}", &v.person},
       {"{persons}", &v.persons},
       {"{referral_lists}", &v.referral_lists}}};
  std::string out;
  out.reserve(text.size());
  constexpr std::string_view kCurrency = "{currency}";
  for (std::size_t i = 0; i < text.size();) {
    bool replaced = false;
    if (text[i] == '{' && text.substr(i, kCurrency.size()) == kCurrency) {
      out += v.currency;
      i += kCurrency.size();
      continue;
    }
    if (text[i] == '{') {
      for (const auto& [placeholder, term] : words) {
        if (text.substr(i, placeholder.size()) == placeholder) {
          out += nl ? term->nl : term->en;
          i += placeholder.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

std::string reason_label_en(const Vocabulary& v, const OutcomeInfo& reason) {
  const auto it = v.reasons_en.find(reason.name);
  return it != v.reasons_en.end() ? it->second : in_words(reason.label, v, "en");
}

}  // namespace sibsim::models::sib
