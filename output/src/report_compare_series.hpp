#pragma once
// The compare report's "Over time" section: each model series of the base scenario as a fan chart
// with every variant's median drawn over it (/compare/series_summary). Private to output/.

#include <filesystem>
#include <functional>
#include <string>

#include "sibsim/output/report/page.hpp"

namespace sibsim::output::detail {

/// "" when the file has no /compare/series_summary. `name(s)` names scenario s (0 = the base).
std::string compare_series_section(const std::filesystem::path& results_h5,
                                   const std::function<std::string(std::size_t)>& name, ReportPage& page);

}  // namespace sibsim::output::detail
