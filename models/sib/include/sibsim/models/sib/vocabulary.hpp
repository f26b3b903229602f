#pragma once
/// \file vocabulary.hpp
/// The scenario's words for the SIB's things (params.hpp, Vocabulary) put into texts: KPI labels
/// and descriptions, the terminal summary and the reports write {site}, {sites}, {site_staff},
/// {person}, {persons} and {referral_lists} where a site or an eligible person is named, and
/// {currency} (Vocabulary::currency) for the unit of amounts.

#include <string>
#include <string_view>

#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

/// `text` with each {word} of the vocabulary replaced by its term in `lang` ("nl": Dutch, else
/// English); other braces are left alone.
std::string in_words(std::string_view text, const Vocabulary& v, std::string_view lang);

/// The English label of a reason for not starting: the scenario's (vocabulary.reasons.en) or the
/// built-in one (kOutcomeInfo, whose {site} is the scenario's word).
std::string reason_label_en(const Vocabulary& v, const OutcomeInfo& reason);

}  // namespace sibsim::models::sib
