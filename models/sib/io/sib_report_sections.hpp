#pragma once
/// \file report_sections.hpp
/// The SIB's sections of a run's HTML report (output/report_sections.hpp): the key answers in
/// words (starters against the target, the chance of the target by the end of recruitment, the
/// payment threshold and ambition, payment and investor return), enrolment over time with the
/// target and the end of recruitment, the counsellor caseload, the recruitment funnel with the
/// reasons of non-start by category, how the results vary (starters, extra work-months, payment,
/// investor return) and dropout by reason and by month. The scenario's facts come from the
/// resolved scenario in the results file, loaded as SibParams; a file whose scenario does not load
/// (another program version) gets the sections that need no scenario facts.

#include "sibsim/output/report_sections.hpp"

namespace sibsim::models::sib {

class SibReportSections final : public output::RunReportSections {
 public:
  void add_sections(const output::RunReportData& data, output::ReportPage& page) const override;
};

}  // namespace sibsim::models::sib
