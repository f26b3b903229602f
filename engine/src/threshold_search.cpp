#include "sibsim/engine/threshold_search.hpp"

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace sibsim::engine {

Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z) {
  if (trials == 0) return {0.0, 1.0};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double normal_quantile_two_sided(double confidence) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + confidence / 2);
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::meets:
      return "meets";
    case Verdict::fails:
      return "fails";
    case Verdict::undecided:
      break;
  }
  return "undecided";
}

std::string_view to_string(SearchStatus s) {
  switch (s) {
    case SearchStatus::found:
      return "found";
    case SearchStatus::always:
      return "always";
    case SearchStatus::never:
      return "never";
    case SearchStatus::undecided:
      break;
  }
  return "undecided";
}

namespace {

Probe run_probe(std::size_t candidate, const ThresholdSearchOptions& o, double z,
                const SuccessCounter& count) {
  Probe p;
  p.candidate = candidate;
  while (p.trials < o.max_trials) {
    const std::uint64_t n = std::min(o.block, o.max_trials - p.trials);
    p.successes += count(candidate, p.trials, n);
    p.trials += n;
    p.interval = wilson_interval(p.successes, p.trials, z);
    if (p.interval.low >= o.probability) {
      p.verdict = Verdict::meets;
      break;
    }
    if (p.interval.high < o.probability) {
      p.verdict = Verdict::fails;
      break;
    }
  }
  p.estimate = static_cast<double>(p.successes) / static_cast<double>(p.trials);
  return p;
}

}  // namespace

ThresholdSearchResult threshold_search(std::size_t n, const ThresholdSearchOptions& o,
                                       const SuccessCounter& count) {
  if (n == 0) throw std::invalid_argument("threshold search: no candidates");
  if (!(o.probability > 0 && o.probability < 1))
    throw std::invalid_argument(
        "threshold search: the required probability must lie strictly between 0 and 1");
  if (!(o.confidence > 0 && o.confidence < 1))
    throw std::invalid_argument("threshold search: the confidence must lie strictly between 0 and 1");
  if (o.block == 0 || o.max_trials < o.block)
    throw std::invalid_argument("threshold search: need block > 0 and max_trials >= block");
  const double z = normal_quantile_two_sided(o.confidence);

  ThresholdSearchResult r;
  // Invariants: every candidate <= lo was shown to fail (or is implied to by monotonicity), every
  // candidate >= hi to meet; `open` holds the undecided candidates in (lo, hi).
  long lo = -1;
  long hi = static_cast<long>(n);
  std::set<long> open;
  const auto probe = [&](long i) {
    r.probes.push_back(run_probe(static_cast<std::size_t>(i), o, z, count));
    switch (r.probes.back().verdict) {
      case Verdict::meets:
        hi = i;
        open.erase(open.lower_bound(hi), open.end());
        break;
      case Verdict::fails:
        lo = i;
        open.erase(open.begin(), open.upper_bound(lo));
        break;
      case Verdict::undecided:
        open.insert(i);
        break;
    }
    return r.probes.back().verdict;
  };

  const long last = static_cast<long>(n) - 1;
  if (probe(last) == Verdict::fails) {
    r.status = SearchStatus::never;
    r.bracket_low = r.bracket_high = n;
    return r;
  }
  if (last > 0 && probe(0) == Verdict::meets) {
    r.status = SearchStatus::always;
    r.answer = 0;
    return r;
  }
  if (last == 0 && hi == 0) {
    r.status = SearchStatus::always;
    r.answer = 0;
    return r;
  }
  for (;;) {
    // Bisect the gap below the undecided zone first, then the one above it; candidates inside
    // the undecided zone are within the answer's bracket anyway.
    long a = lo, b = hi;
    if (!open.empty()) {
      if (*open.begin() - lo > 1) {
        b = *open.begin();
      } else {
        a = *open.rbegin();
      }
    }
    if (b - a <= 1) break;
    probe(a + (b - a) / 2);
  }
  r.bracket_low = static_cast<std::size_t>(lo + 1);
  if (hi < static_cast<long>(n)) {
    r.status = hi == 0 ? SearchStatus::always : SearchStatus::found;
    r.answer = static_cast<std::size_t>(hi);
    r.bracket_high = static_cast<std::size_t>(hi);
  } else {
    r.status = SearchStatus::undecided;
    r.bracket_high = n - 1;
  }
  return r;
}

}  // namespace sibsim::engine
