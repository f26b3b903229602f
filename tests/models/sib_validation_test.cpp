// Validation checks of wnd-2016-actual: figures of the domain brief (shared/domain/
// werk-na-detentie.md) that NO parameter was fitted to, by hand or by `sibsim calibrate`
// (scenarios/observations/wnd-2016.yaml marks them `role: check`). 1,000 replications; the median
// must fall inside the band. models/sib/CALIBRATION.md lists every figure as fitted or check; the
// fitted ones are in sib_fit_reproducibility_test.cpp. Label: validation.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {
const test::Samples& actual_samples() {
  static const test::Samples s = [] {
    const SibModel m(models::sib::load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml")));
    return test::sample(m, 2016, 1000);
  }();
  return s;
}
}  // namespace

TEST_CASE("selected and started (not fitted, largely implied by the fitted reason counts)", "[validation]") {
  // Every non-start reason count and the eligible count were fitted, so starters follow by
  // accounting: this mainly checks that the funnel's stages add up, not its mechanisms.
  const double selected = test::median(actual_samples()["selected"]);
  const double started = test::median(actual_samples()["started"]);
  INFO("selected " << selected << " (brief 223), started " << started << " (brief 119)");
  CHECK(std::abs(selected - 223) <= 0.10 * 223);
  CHECK(std::abs(started - 119) <= 0.10 * 119);
}

TEST_CASE("starters meeting the handbook's inclusion criteria (31 of 83)", "[validation]") {
  // Follows from the attribute model and the selection, not from a parameter set to it. The band
  // is the figure's own sampling error (n = 83: +-2 standard errors, 0.106) rounded.
  const double share = test::median(actual_samples()["starters_meet_handbook_share"]);
  INFO("model " << share << ", brief 0.37");
  CHECK(std::abs(share - 31.0 / 83) <= 0.10);
}

TEST_CASE("fewer than half of the 150 had started by 1 February 2017", "[validation]") {
  const double by_feb = test::median(actual_samples()["cum_started@2017-02-01"]);
  INFO("model: median starters by 1 Feb 2017 " << by_feb);
  CHECK(by_feb < 75);
}

// The two timing checks failed while a trajectory counted from the contact after release; that
// failure prompted programme.starts_at: intake (CALIBRATION.md, "Enrolment and completion
// timing"), so they are weaker evidence than the others, but still not fitted.
TEST_CASE("the first trajectories started on 3 June 2016, day 33 of recruitment", "[validation]") {
  const auto& days = actual_samples()["days_to_first_start"];
  const double p5 = test::quantile(days, 0.05), p95 = test::quantile(days, 0.95);
  INFO("model: first start on day " << test::median(days) << " [" << p5 << ", " << p95 << "], brief 33");
  CHECK(p5 <= 33);
  CHECK(33 <= p95);
}

TEST_CASE("all 119 started between 1 June 2016 and 31 July 2017 (Panteia 2022)", "[validation]") {
  // Counted from the intake, a start after the end of recruitment needs an intake after a first
  // talk held before it: rare, but not impossible in the model.
  double started = 0, by_end = 0;
  for (std::size_t r = 0; r < actual_samples()["started"].size(); ++r) {
    started += actual_samples()["started"][r];
    by_end += actual_samples()["started_by_deadline"][r];
  }
  INFO("model: " << 100 * (1 - by_end / started) << " % of the starts after 31 July 2017 (Panteia: none)");
  CHECK(by_end / started >= 0.95);
}

TEST_CASE("four of the 39 dropouts stopped after finding a job", "[validation]") {
  // Follows from job finding during phases 1-3 and the chance of stopping then; no parameter was
  // fitted to it. The band is the figure's own sampling error (n = 39: +-2 standard errors).
  const double share = test::median(actual_samples()["dropout_after_work_share"]);
  const double p = 4.0 / 39, band = 2 * std::sqrt(p * (1 - p) / 39);
  INFO("model " << share << ", brief " << p << " +- " << band);
  CHECK(std::abs(share - p) <= band);
}

namespace {
/// Share with `factor` among dropouts and among the others, pooled over the replications, from the
/// per-replication prevalence among starters and the dropout shares with and without the factor.
std::pair<double, double> factor_among_dropouts_and_others(const std::string& share_kpi,
                                                           const std::string& factor) {
  const test::Samples& s = actual_samples();
  const auto& starters = s["started"];
  const auto& prevalence = s[share_kpi];
  const auto& with = s["dropout_share_with_" + factor];
  const auto& without = s["dropout_share_without_" + factor];
  double drop_yes = 0, drop_all = 0, other_yes = 0, other_all = 0;
  for (std::size_t i = 0; i < starters.size(); ++i) {
    if (std::isnan(with[i]) || std::isnan(without[i])) continue;
    const double yes = starters[i] * prevalence[i], no = starters[i] - yes;
    drop_yes += yes * with[i];
    drop_all += yes * with[i] + no * without[i];
    other_yes += yes * (1 - with[i]);
    other_all += yes * (1 - with[i]) + no * (1 - without[i]);
  }
  return {drop_yes / drop_all, other_yes / other_all};
}
/// Wilson 95 % interval of a share p observed among n.
std::pair<double, double> wilson(double p, double n) {
  const double z = 1.96, d = 1 + z * z / n, c = (p + z * z / (2 * n)) / d;
  const double h = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
  return {c - h, c + h};
}
}  // namespace

TEST_CASE("who drops out: partner status and programme among dropouts and others", "[validation]") {
  // The brief's appendix Table 12, among known answers: no partner 85 % of the dropouts (20 known)
  // vs 61 % of the others (64 known); plus programme 37 % of the dropouts vs 23 % of the others.
  // The hazard ratios' directions come from these comparisons, their sizes were assumed and the
  // prevalences were set from the participant marginals: whether the two together give these
  // splits is a check. Bands: the figures' Wilson 95 % intervals.
  const auto [partner_dropouts, partner_others] =
      factor_among_dropouts_and_others("starters_no_partner_share", "no_partner");
  const auto [plus_dropouts, plus_others] = factor_among_dropouts_and_others("starters_plus_share", "plus");
  const auto check_in = [](const char* what, double model, std::pair<double, double> band) {
    INFO(what << ": model " << model << ", brief's 95 % interval [" << band.first << ", " << band.second
              << "]");
    CHECK(model >= band.first);
    CHECK(model <= band.second);
  };
  check_in("no partner among dropouts", partner_dropouts, wilson(0.85, 20));
  check_in("no partner among the others", partner_others, wilson(0.61, 64));
  check_in("plus among dropouts", plus_dropouts, wilson(0.37, 38));
  check_in("plus among the others", plus_others, wilson(0.23, 77));
}
