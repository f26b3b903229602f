#pragma once
// Internals of the calibration priors shared by the observations-file loader and the tests: the
// domain rules of a prior's parameters and its quantile function on the truncated range.

#include <string>
#include <utility>
#include <vector>

#include "sibsim/study/calibration.hpp"

namespace sibsim::study::calibration::detail {

/// What is wrong with a prior: (key, message) pairs with key one of "a", "b", "bounds"; empty if
/// the prior is usable (parameters in their domain, lower < upper, positive mass inside).
std::vector<std::pair<std::string, std::string>> prior_problems(const Prior& prior);

/// The p-quantile (0 <= p <= 1) of the truncated prior; always inside its effective range.
double prior_quantile(const Prior& prior, double p);

}  // namespace sibsim::study::calibration::detail
