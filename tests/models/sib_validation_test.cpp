// Validation checks of wnd-2016-actual: figures of the domain brief (shared/domain/
// werk-na-detentie.md) that NO parameter was fitted to, by hand or by `sibsim calibrate`
// (scenarios/observations/wnd-2016.yaml marks them `role: check`). 1,000 replications; the median
// must fall inside the band. models/sib/CALIBRATION.md lists every figure as fitted or check; the
// fitted ones are in sib_fit_reproducibility_test.cpp. Label: validation.

#include <catch2/catch.hpp>

#include <cmath>

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

TEST_CASE("selected and started (not fitted; largely implied by the fitted reason counts)", "[validation]") {
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

TEST_CASE("four of the 39 dropouts stopped after finding a job", "[validation]") {
  // Follows from job finding during phases 1-3 and the chance of stopping then; no parameter was
  // fitted to it. The band is the figure's own sampling error (n = 39: +-2 standard errors).
  const double share = test::median(actual_samples()["dropout_after_work_share"]);
  const double p = 4.0 / 39, band = 2 * std::sqrt(p * (1 - p) / 39);
  INFO("model " << share << ", brief " << p << " +- " << band);
  CHECK(std::abs(share - p) <= band);
}
