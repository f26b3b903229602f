#pragma once
/// \file report_sections.hpp
/// The hook through which a model adds its own sections to a run's HTML report. output/ draws the
/// generic frame (header, headline figures, time series, funnel, key figures, the scenario); a
/// model plug-in (models/api/include/sibsim/models/model_plugin.hpp) may add sections in its own
/// words. The types are forward-declared here to keep this header light; an implementation
/// includes the report kit, "sibsim/output/report/report.hpp" (RunReportData in
/// report/run_data.hpp, ReportPage in report/page.hpp).

namespace sibsim::output {

struct RunReportData;
class ReportPage;

/// A model's sections of a run report, in its own words (key answers, its series with their
/// reference lines, its funnel, ...). Implementations live in models/. add_sections should not
/// throw for data it does not expect: a section whose data is missing is left out.
class RunReportSections {
 public:
  virtual ~RunReportSections() = default;
  /// Adds the model's sections to `page`, from the results file's data. Sections appear in the
  /// order added, after the key answers (a section with id report::kPartKeyAnswers replaces the
  /// generic ones) and before the generic time series, funnel, key figures and assumptions; parts
  /// the model draws itself are marked with ReportPage::mark_shown.
  virtual void add_sections(const RunReportData& data, ReportPage& page) const = 0;
};

}  // namespace sibsim::output
