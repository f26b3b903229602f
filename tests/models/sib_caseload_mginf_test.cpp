// M/G/infinity check of the counsellor caseload (issue 16, item 7).
//
// The theorem (Takacs 1962, Introduction to the Theory of Queues; any queueing text's M/G/infinity
// model): customers who arrive as a Poisson process of rate lambda and each stay an independent
// time S ~ G, with no queue, are in stationarity Poisson in number on any date, with mean
// lambda E[S]. In the SIB model the starts are such a process: each PI's detainees enter as a
// Poisson process (a Poisson count per PI-month, uniform entry days), and everything from entry
// to the start (listing, approach, intake, consent, release, contact) comes from the person's own
// random streams. Starts are an independent thinning and displacement of a Poisson process, so
// Poisson again (the marking and mapping theorems, Kingman 1993, Poisson Processes). The caseload
// counts a starter on [start, Trajectory::end()): the planned dropout or the end of phase 3,
// planned at the start from the person's own streams. The counsellors' capacity only lowers the
// intensity of the work support, never a duration (checked below): an M/G/infinity system.
//
// The stationary variant of wnd-2016-actual: every PI from the start on, none stopping, inflow
// constant; criteria fixed (the two dropped after four months are off throughout); one approach
// probability; counsellors enough, no wind-down; 8.5 years of recruitment. Starts from 12 months on
// no longer come from the initial pool (detention is at most 12 months), and starts before the
// end of recruitment are not affected by it (their first talk was earlier), so the caseload is
// stationary on the series dates 36, 66 and 96 months in (30 months apart: few trajectories, with
// their exponential extension, last that long, so the dates are nearly independent). lambda and E[S] are
// estimated from the starts and trajectories themselves, in [18 months, end).

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <utility>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

constexpr int kRecruitmentMonths = 102;
constexpr std::array<std::int64_t, 3> kDates = {36, 66, 96};  // series dates, months after the start
constexpr std::int64_t kWindowFrom = 18;                      // lambda, E[S]: starts in [18 months, end)
constexpr std::uint64_t kReplications = 2000;
constexpr double kAlpha = 0.001;  // two-sided for the dispersion index; upper tail for the fit

SibParams stationary(Heterogeneity heterogeneity) {
  SibParams p = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  RecruitmentParams& r = p.recruitment;
  r.end = engine::month_start(engine::month_index(r.start) + kRecruitmentMonths);
  r.approach_probability = {{r.start, r.approach_probability.front().value}};
  for (Prison& pi : p.prisons) {
    pi.start = r.start;
    pi.stop = 1e300;
    pi.inflow_multiplier.clear();
  }
  CriteriaParams& c = p.criteria;
  for (Criterion* k :
       {&c.no_bsn, &c.persistent_offender, &c.age_over_65, &c.no_residence_prospect, &c.insufficient_dutch,
        &c.unfit_for_work, &c.no_work_motivation, &c.addiction_psychiatric, &c.work_potential})
    if (k->dropped_from < 1e300) *k = Criterion{false, 1e300};
  p.counsellors.fte = {{r.start, 100.0}};
  p.counsellors.wind_down_fte.reset();
  p.population.heterogeneity = heterogeneity;
  return p;
}

/// Caseloads on the series dates and the same replications' starts.
struct Sample {
  std::vector<double> caseload;            ///< every date of every replication
  std::vector<double> first_date;          ///< the first date only: one per replication
  std::vector<double> caseload_mean;       ///< per replication, mean over the dates
  std::vector<double> busy;                ///< per replication, sum of S over window starts / window days
  std::vector<double> busy_to_completion;  ///< the same with S = completion - start (dropout ignored)
  double starts = 0, window_days = 0, durations = 0;
  double on_two_dates = 0;  ///< counted on two consecutive dates, summed over replications and pairs
};

Sample simulate(const SibParams& params, std::uint64_t seed, std::uint64_t replications) {
  const SibModel model(params);
  const std::int64_t m0 = engine::month_index(params.recruitment.start);
  const auto day = [m0](std::int64_t month) { return engine::month_start(m0 + month); };
  const double w0 = day(kWindowFrom), w1 = params.recruitment.end;
  Sample s;
  std::vector<Trajectory> ts;
  for (std::uint64_t rep = 0; rep < replications; ++rep) {
    const FunnelResult r = model.run_detailed(seed, rep, nullptr, &ts);
    double sum = 0;
    for (std::int64_t d : kDates) {
      const double n = r.programme.caseload.at(static_cast<std::size_t>(d));
      s.caseload.push_back(n);
      sum += n;
    }
    s.first_date.push_back(r.programme.caseload.at(static_cast<std::size_t>(kDates[0])));
    s.caseload_mean.push_back(sum / static_cast<double>(kDates.size()));
    double busy = 0, busy_completion = 0;
    for (const Trajectory& t : ts) {
      for (std::size_t k = 0; k + 1 < kDates.size(); ++k)
        s.on_two_dates += t.start <= day(kDates[k]) && day(kDates[k + 1]) < t.end();
      if (t.start < w0 || t.start >= w1) continue;
      busy += t.end() - t.start;
      busy_completion += t.completion - t.start;
      ++s.starts;
    }
    s.busy.push_back(busy / (w1 - w0));  // Campbell: E = lambda E[S], unbiased per replication
    s.busy_to_completion.push_back(busy_completion / (w1 - w0));
    s.durations += busy;
    s.window_days += w1 - w0;
  }
  return s;
}

/// Dispersion index s^2 / mean and its acceptance region for Poisson data: (n - 1) s^2 / mean is
/// about chi-square(n - 1) (Fisher's index of dispersion test; for a Poisson mean mu the exact
/// variance of s^2 is larger by a factor 1 + 1 / (2 mu), negligible here).
struct Dispersion {
  double index, lo, hi;
  bool poisson() const { return lo <= index && index <= hi; }
};
Dispersion dispersion(const std::vector<double>& x) {
  const double df = static_cast<double>(x.size() - 1);
  const boost::math::chi_squared chi(df);
  return {test::variance(x) / test::mean(x), quantile(chi, kAlpha / 2) / df,
          quantile(chi, 1 - kAlpha / 2) / df};
}

/// Pearson's chi-square of the counts against Poisson(their mean), neighbouring values merged to
/// bins of at least 10 expected, and its critical value (bins - 2 degrees of freedom).
std::pair<double, double> poisson_fit(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  const boost::math::poisson_distribution<> pois(test::mean(x));
  std::vector<double> hist(static_cast<std::size_t>(*std::max_element(x.begin(), x.end())) + 1, 0.0);
  for (double v : x) ++hist[static_cast<std::size_t>(v)];
  double chi2 = 0, observed = 0, expected = 0, bins = 0;
  for (std::size_t k = 0;; ++k) {
    observed += k < hist.size() ? hist[k] : 0.0;
    expected += n * pdf(pois, static_cast<double>(k));
    const double rest = n * cdf(complement(pois, static_cast<double>(k)));  // expected above k
    if (rest < 10) {  // the last bin takes the upper tail
      for (std::size_t j = k + 1; j < hist.size(); ++j) observed += hist[j];
      expected += rest;
    }
    if (expected >= 10 || rest < 10) {
      chi2 += (observed - expected) * (observed - expected) / expected;
      ++bins;
      observed = expected = 0;
    }
    if (rest < 10) break;
  }
  return {chi2, quantile(boost::math::chi_squared(bins - 2), 1 - kAlpha)};
}

/// |mean(a - b)| within 4 standard errors of the paired differences.
bool same_mean(const std::vector<double>& a, const std::vector<double>& b) {
  const auto d = test::difference(a, b);
  return std::abs(test::mean(d)) <= 4 * test::std_error(d);
}

}  // namespace

TEST_CASE("caseload: counsellor capacity changes no trajectory's duration", "[models][mginf]") {
  SibParams full = stationary(Heterogeneity::fixed);
  full.counsellors.fte = {{full.recruitment.start, 0.0}};  // everyone taken on at lowered intensity
  const SibModel roomy(stationary(Heterogeneity::fixed)), crowded(full);
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    std::vector<Trajectory> a, b;
    const FunnelResult ra = roomy.run_detailed(5, rep, nullptr, &a);
    const FunnelResult rb = crowded.run_detailed(5, rep, nullptr, &b);
    REQUIRE(a.size() == b.size());
    CHECK(ra.programme.reduced_intensity == 0);
    CHECK(rb.programme.reduced_intensity == rb.programme.starters);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
      changed += a[i].start != b[i].start || a[i].end() != b[i].end();
    CHECK(changed == 0);
    const bool same_caseload = ra.programme.caseload == rb.programme.caseload;
    CHECK(same_caseload);
  }
}

TEST_CASE("caseload: M/G/infinity, Poisson with mean lambda E[S] in a stationary variant",
          "[models][mginf]") {
  const auto t0 = std::chrono::steady_clock::now();
  const Sample s = simulate(stationary(Heterogeneity::fixed), 16, kReplications);
  const double lambda = s.starts / s.window_days, es = s.durations / s.starts;
  const double mean = test::mean(s.caseload_mean);
  const auto diff = test::difference(s.caseload_mean, s.busy);
  const Dispersion d = dispersion(s.caseload);
  const auto [chi2, critical] = poisson_fit(s.caseload);
  const double overlap = s.on_two_dates / static_cast<double>(kReplications * (kDates.size() - 1));
  INFO("mean caseload " << mean << " +- " << test::std_error(s.caseload_mean) << "; lambda " << lambda
                        << " starts/day x E[S] " << es << " days = " << test::mean(s.busy) << " +- "
                        << test::std_error(s.busy) << "; difference " << test::mean(diff) << " +- "
                        << test::std_error(diff));
  INFO("dispersion index " << d.index << ", Poisson region [" << d.lo << ", " << d.hi
                           << "] (n = " << s.caseload.size() << "); Pearson chi-square " << chi2
                           << ", critical " << critical);
  INFO("counted on two consecutive dates: " << overlap << " per replication and pair");
  INFO("lambda x E[S to completion] " << test::mean(s.busy_to_completion));
  INFO("seconds: " << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  // Pooling the dates needs them nearly independent: few participants are counted on two of them.
  REQUIRE(overlap < 0.02 * mean);
  CHECK(same_mean(s.caseload_mean, s.busy));
  CHECK(d.poisson());
  CHECK(chi2 < critical);
  // The mean check discriminates: starters counted to the end of phase 3 (dropout ignored) fail it.
  CHECK_FALSE(same_mean(s.caseload_mean, s.busy_to_completion));
}

TEST_CASE("caseload: with Poisson-Gamma PI rates it is over-dispersed (the check discriminates)",
          "[models][mginf]") {
  // Each replication draws every PI's rate from a Gamma distribution: the caseload is mixed
  // Poisson between replications, variance mu + sum_i mu_i^2 / shape. One date per replication
  // (the dates of one replication share the PI rates, so they are not independent).
  const Sample s = simulate(stationary(Heterogeneity::poisson_gamma), 16, 300);
  const Dispersion d = dispersion(s.first_date);
  INFO("dispersion index " << d.index << ", Poisson region [" << d.lo << ", " << d.hi << "]");
  CHECK(d.index > d.hi);
}
