#pragma once
/// \file threshold_search.hpp
/// Stochastic threshold search: over ordered candidates x_0 < x_1 < ... < x_{n-1} of a
/// parameter, find the first candidate at which a probability P(x) = P(success) reaches a
/// required level p, when P can only be estimated by simulation (Bernoulli trials). P is assumed
/// non-decreasing along the candidate order (reverse the order for "largest x" questions).
///
/// Every probe is sampled sequentially in blocks of trials; after each block the Wilson score
/// interval of P at the chosen confidence decides: "meets" (lower bound >= p), "fails" (upper
/// bound < p) or, after max_trials, "undecided" (P is too close to p to tell). A bisection over
/// the candidates then narrows down the boundary; undecided candidates are reported as the
/// uncertainty of the answer: the answer lies in [bracket_low, bracket_high]. Trials of a probe
/// are numbered 0, 1, 2, ... at every candidate, so a simulation that maps trial i to replication
/// i compares candidates on common random numbers, which keeps the estimated P(x) smooth in x.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace sibsim::engine {

/// Wilson score interval of a binomial proportion.
struct Interval {
  double low = 0, high = 0;
};
/// Wilson interval of `successes` in `trials` at two-sided normal quantile z (1.96 = 95 %).
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z = 1.96);
/// The two-sided normal quantile for a confidence level in (0, 1), e.g. 0.95 -> 1.95996.
double normal_quantile_two_sided(double confidence);

enum class Verdict { meets, fails, undecided };
std::string_view to_string(Verdict v);

struct ThresholdSearchOptions {
  double probability = 0.8;         ///< required P(success), in (0, 1)
  double confidence = 0.95;         ///< of each probe's Wilson interval
  std::uint64_t block = 200;        ///< trials per sequential step
  std::uint64_t max_trials = 4000;  ///< per probe; then the probe is "undecided"
};

/// One candidate that was simulated.
struct Probe {
  std::size_t candidate = 0;
  std::uint64_t trials = 0, successes = 0;
  double estimate = 0;  ///< successes / trials
  Interval interval;    ///< Wilson, at the search's confidence
  Verdict verdict = Verdict::undecided;
};

enum class SearchStatus {
  found,      ///< some candidate meets; `answer` is the first one shown to meet
  always,     ///< the first candidate already meets
  never,      ///< the last candidate fails
  undecided,  ///< no candidate was shown to meet, but some are too close to call
};
std::string_view to_string(SearchStatus s);

struct ThresholdSearchResult {
  SearchStatus status = SearchStatus::undecided;
  std::optional<std::size_t> answer;  ///< first candidate shown to meet p (found / always)
  /// The first candidate that may meet p lies in [bracket_low, bracket_high] given the Monte Carlo
  /// error (bracket_high = answer when found). For `never`, both are n (past the end).
  std::size_t bracket_low = 0, bracket_high = 0;
  std::vector<Probe> probes;  ///< in the order they were simulated
};

/// Counts successes among trials [first, first + count) at candidate `candidate`.
using SuccessCounter =
    std::function<std::uint64_t(std::size_t candidate, std::uint64_t first, std::uint64_t count)>;

/// Runs the search over `candidates` (> 0) candidates. Throws std::invalid_argument on bad
/// options (probability or confidence outside (0, 1), block 0, max_trials < block).
ThresholdSearchResult threshold_search(std::size_t candidates, const ThresholdSearchOptions& options,
                                       const SuccessCounter& count_successes);

}  // namespace sibsim::engine
