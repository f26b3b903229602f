#pragma once
// The observed-data file of `sibsim forecast` (study/README.md "Forecast"): a CSV file with one
// row per site and month of what a running SIB has recorded so far,
//
//   month,site,eligible,approached,selected,started
//   2016-05,Dordrecht,14,9,2,0
//
// `month` (YYYY-MM) and `site` come first; the other columns are counts the model declares
// (models::RecruitmentSites::counts), in any order, the first count and the target count
// required. Read strictly like a scenario: every problem is reported at its line and column, all
// at once (scenarios::ValidationErrors, exit 2).

#include <cstdint>
#include <string>
#include <vector>

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::study {

/// One row: a site's counts in one month (NaN for a column the file leaves out).
struct ObservedRow {
  std::int64_t month = 0;      ///< months since January 1970 (engine::month_index)
  std::size_t site = 0;        ///< index into RecruitmentSites::sites
  std::vector<double> counts;  ///< one per RecruitmentSites::counts
  int line = 0;
};

struct ObservedRecruitment {
  std::string file;
  std::vector<ObservedRow> rows;  ///< in file order
  std::vector<bool> has_count;    ///< per RecruitmentSites::counts: the file has the column
};

/// Reads and checks the file: the header, every cell (a month YYYY-MM before `as_of_month`, a
/// site of the scenario, counts that are whole numbers >= 0), no (month, site) twice, and per
/// site counts whose running totals keep funnel order (no more approached than eligible so far,
/// ...). Throws scenarios::ValidationErrors listing every problem.
ObservedRecruitment read_observed_recruitment(const std::string& path, const models::RecruitmentSites& sites,
                                              std::int64_t as_of_month);

}  // namespace sibsim::study
