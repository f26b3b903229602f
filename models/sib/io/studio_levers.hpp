#pragma once
// The SIB's vocabulary for `sibsim studio`: its levers and its Dutch labels.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

/// The levers of a SIB scenario (ModelPlugin::levers), labelled in `lang` ("nl" or English).
std::vector<Lever> sib_levers(const scenarios::Document& doc, std::string_view lang);
/// The selection criteria (their key under `criteria.`) with their labels in `lang`.
std::vector<std::pair<std::string, std::string>> sib_criteria(std::string_view lang);
/// Labels of the studio's KPIs and series in `lang` (ModelPlugin::labels); empty for English.
/// Texts that name sites or eligible persons use the scenario's words (`vocabulary`, default: Werk na
/// Detentie's).
std::vector<std::pair<std::string, std::string>> sib_labels(std::string_view lang,
                                                            const Vocabulary& vocabulary = Vocabulary{});

/// Dutch labels and descriptions of the payment metrics' KPIs (payout_<name>, metric_<name>_*).
std::vector<std::pair<std::string, std::string>> sib_metric_labels_nl(const PaymentParams& payment);

/// Dutch labels of the KPIs of the scenario's declared criteria, reasons (reason_<name>, _share) and
/// attributes (starters_<name>_share): the declared label.nl, or label.en where it has none.
std::vector<std::pair<std::string, std::string>> sib_declared_labels_nl(const SibParams& params);

}  // namespace sibsim::models::sib
