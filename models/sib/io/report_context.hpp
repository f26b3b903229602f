#pragma once
// What the SIB's report sections (report_sections.cpp, report_outcomes.cpp) share: the scenario's
// facts, read from the resolved scenario in the results file, the payment lines, and their words
// (text/report.json).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "report_words.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/output/report/report.hpp"

namespace sibsim::models::sib::report_detail {

/// The sections' words (text/report.json) in the report's language.
inline const output::report::Words& words() { return sib_report_words(); }
/// True if the catalogue has a text `id` (words for names of the model's vocabulary: reasons,
/// stages, categories; a name without one is shown as it is).
bool has_words(std::string_view id);

/// The scenario's facts the sections use.
struct Facts {
  std::optional<SibParams> params;  ///< nullopt when the resolved scenario does not load
  double target = RecruitmentParams{}.target_starters;
  std::optional<std::int64_t> end_day;  ///< end of recruitment, days since 1970-01-01
  std::string end_iso;                  ///< the same as YYYY-MM-DD ("" when unknown)
  /// The contract's lines (payment.hpp) at the median number of starters. The ambition is per
  /// starter (payment.ambition_per_participant, of which payment.threshold_share is the
  /// threshold), so the lines differ between the simulated futures: the report draws them at the
  /// median, and the chances come from the KPIs success_threshold_reached and
  /// full_ambition_reached, which each future computes exactly. nullopt without the scenario.
  std::optional<PaymentLines> lines;
};

/// Loads the resolved scenario of the file (never throws: a scenario that does not load leaves
/// the defaults) and places the payment lines with the run's median starters.
Facts read_facts(const output::RunReportData& data);

/// "Each figure summarises N simulated futures ..." under the key answers.
std::string futures_note(const output::RunReportData& data);

// Sections of report_outcomes.cpp; each adds nothing when its data is absent.
void add_distributions(const output::RunReportData& data, const Facts& facts, output::ReportPage& page);
void add_dropout(const output::RunReportData& data, output::ReportPage& page);

}  // namespace sibsim::models::sib::report_detail
