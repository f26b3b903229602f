#include "sib_outputs.hpp"

#include <string>
#include <string_view>

#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/models/sib/vocabulary.hpp"

namespace sibsim::models::sib {

long kpi_index(const engine::RunResult& result, const char* name) {
  for (std::size_t k = 0; k < result.kpis.size(); ++k)
    if (result.kpis[k].name == name) return static_cast<long>(k);
  return -1;
}

const std::array<SeriesFamily, 4>& series_families() {
  static const std::array<SeriesFamily, 4> families = {
      SeriesFamily{std::string(kEnrolmentSeriesPrefix), "cumulative_starters", "persons",
                   "cumulative number of starters on the first day of each month"},
      SeriesFamily{std::string(kCaseloadSeriesPrefix), "caseload", "persons",
                   "participants in phases 1-3 (the counsellors' caseload) on the first day of each month"},
      SeriesFamily{std::string(kEmployedSeriesPrefix), "employed", "persons",
                   "participants in work in each month (programme arm, within their 24-month window)"},
      SeriesFamily{
          std::string(kEmployedControlSeriesPrefix), "employed_control", "persons",
          "matched controls in work in each month (the evaluation's control group, within their window)"}};
  return families;
}

output::Funnel funnel_counts(const engine::RunResult& result, const SibParams& params) {
  output::Funnel f;
  for (std::size_t k = 0; k < result.kpis.size(); ++k) {
    if (!in_group(result.kpis[k], "funnel_stage")) continue;
    const auto& s = result.summary[k];
    f.stages.push_back({result.kpis[k].name, s.p50, s.mean});
  }
  for (const Reason& reason : reason_catalogue(params)) {
    if (reason.category == ReasonCategory::none) continue;
    const long k = kpi_index(result, ("reason_" + reason.name).c_str());
    if (k < 0) continue;
    const auto& s = result.summary[static_cast<std::size_t>(k)];
    f.reasons.push_back(
        {std::string(category_name(reason.category)) + ": " + reason.label_en, s.p50, s.mean});
  }
  return f;
}

}  // namespace sibsim::models::sib
