#pragma once
// The candidate values of `sibsim feasibility --param P --from A --to B --step S`: numbers
// (A, A+S, ..., up to B), integers, or dates stepped by days, months or years ("14d", "1m", "1y").

#include <string>
#include <vector>

#include "sibsim/study/sweep_spec.hpp"

namespace sibsim::study {

struct Candidates {
  ParamKind kind = ParamKind::number;
  std::vector<std::string> values;  ///< as YAML scalars, in increasing order
  std::vector<double> numeric;      ///< numbers, or days since 1970-01-01 for dates
};

/// At most this many candidates (a finer step is almost surely a mistake; the search probes only
/// about log2(n) of them anyway).
inline constexpr std::size_t kMaxCandidates = 100'000;

/// Throws std::invalid_argument naming the option on: from/to of different kinds, booleans or
/// text, from >= to, a step that is not positive (or lacks d/m/y for dates), too many candidates.
Candidates make_candidates(const std::string& from, const std::string& to, const std::string& step);

}  // namespace sibsim::study
