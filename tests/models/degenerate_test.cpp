// Degenerate but legal scenarios (tests/data/degenerate/): nobody eligible, nobody starting,
// everyone excluded, nothing invested, a single PI, and a run of one replication. Each must run
// without an exception and give defined KPIs: counts of an empty group are 0, shares of an empty
// group are NaN (never inf or a made-up 0), and nothing is paid for nobody.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <string_view>

#include "sib_test_support.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

constexpr std::uint64_t kSeed = 20160501;
constexpr std::uint64_t kReps = 3;

std::string degenerate(const std::string& file) { return std::string(SIBSIM_DEGENERATE_DIR) + "/" + file; }

SibModel load(const std::string& file) {
  SibParams params;
  REQUIRE_NOTHROW(params = models::sib::load_sib_scenario(degenerate(file)));
  return SibModel(std::move(params));
}

test::Samples run(const SibModel& m) {
  test::Samples s;
  REQUIRE_NOTHROW(s = test::sample(m, kSeed, kReps));
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// Every KPI value is a number or NaN: never +-inf.
void check_no_inf(const test::Samples& s) {
  for (std::size_t k = 0; k < s.names.size(); ++k)
    for (double v : s.values[k]) {
      INFO("KPI " << s.names[k] << " = " << v);
      CHECK_FALSE(std::isinf(v));
    }
}

void check_all(const test::Samples& s, const std::string& name, double expected) {
  for (double v : s[name]) {
    INFO("KPI " << name);
    CHECK(v == expected);
  }
}

void check_all_nan(const test::Samples& s, const std::string& name) {
  for (double v : s[name]) {
    INFO("KPI " << name << " = " << v);
    CHECK(std::isnan(v));
  }
}

/// What must hold when nobody starts: starter counts 0, starters' shares NaN, no payment.
void check_no_starters(const test::Samples& s) {
  check_no_inf(s);
  for (const char* count :
       {"started", "started_by_deadline", "dropouts", "reached_target", "ambition_work_months",
        "extra_work_months_true", "extra_work_months_measured", "success_threshold_reached",
        "full_ambition_reached", "payout_outcome", "payout_recidivism_bonus", "payout_total",
        "government_savings", "government_net"})
    check_all(s, count, 0.0);
  for (const char* share :
       {"days_to_target", "starters_basic_share", "starters_plus_share", "starters_female_share",
        "dropout_share", "status_completed_share", "status_dropped_out_share", "employed_at_status_share",
        "reduced_intensity_share", "work_months_per_person_programme", "work_months_per_person_control",
        "extra_work_months_true_per_starter"})
    check_all_nan(s, share);
  // Nothing is paid back: with money invested a total loss (-100 %), without it no return at all.
  if (std::isnan(s["investor_multiple"][0])) {
    for (const char* name : {"investor_multiple", "investor_irr", "investor_loss", "investor_total_loss"})
      check_all_nan(s, name);
  } else {
    check_all(s, "investor_irr", -1.0);
    check_all(s, "investor_loss", 1.0);
    check_all(s, "investor_total_loss", 1.0);
  }
  for (const std::string& name : s.names) {
    if (starts_with(name, "starters_") && ends_with(name, "_share")) check_all_nan(s, name);
    if (starts_with(name, "dropout_share_with")) check_all_nan(s, name);
    if (starts_with(name, kEnrolmentSeriesPrefix) || starts_with(name, kCaseloadSeriesPrefix))
      check_all(s, name, 0.0);
  }
}

}  // namespace

TEST_CASE("degenerate: nobody eligible (every PI has inflow 0)", "[models][degenerate]") {
  const SibModel m = load("nobody-eligible.yaml");
  const test::Samples s = run(m);
  check_no_starters(s);
  for (const char* count : {"eligible", "approached", "interviewed", "selected", "nonstarters", "pending"})
    check_all(s, count, 0.0);
  // Shares of the (empty) eligible group and of the (empty) non-starters are undefined.
  check_all_nan(s, "participation_rate");
  for (const std::string& name : s.names)
    if (starts_with(name, "nonstart_") || (starts_with(name, "reason_") && ends_with(name, "_share")))
      check_all_nan(s, name);
  check_all(s, "investor_multiple", 0.0);  // EUR 1.2 million invested, nothing back
}

TEST_CASE("degenerate: nobody starting (approach probability 0)", "[models][degenerate]") {
  const SibModel m = load("nobody-starting.yaml");
  const test::Samples s = run(m);
  check_no_starters(s);
  for (const char* count : {"approached", "interviewed", "selected", "pending"}) check_all(s, count, 0.0);
  for (std::size_t r = 0; r < kReps; ++r) {
    CHECK(s["eligible"][r] > 0);
    CHECK(s["reason_not_approached"][r] > 0);
    CHECK(s["nonstarters"][r] == s["eligible"][r]);
    CHECK(s["participation_rate"][r] == 0.0);  // defined: 0 of a non-empty group
    CHECK(s["nonstart_motivation_share"][r] == 0.0);
    CHECK(s["nonstart_criteria_share"][r] + s["nonstart_unknown_share"][r] == Approx(1.0));
  }
}

TEST_CASE("degenerate: everyone excluded (no citizen service number, prevalence 1)", "[models][degenerate]") {
  const SibModel m = load("everyone-excluded.yaml");
  const test::Samples s = run(m);
  check_no_starters(s);
  for (const char* count : {"approached", "interviewed", "selected", "pending"}) check_all(s, count, 0.0);
  for (std::size_t r = 0; r < kReps; ++r) {
    CHECK(s["eligible"][r] > 0);
    CHECK(s["reason_no_bsn"][r] == s["eligible"][r]);
    CHECK(s["reason_no_bsn_share"][r] == 1.0);
    CHECK(s["nonstart_criteria_share"][r] == 1.0);
  }
}

TEST_CASE("degenerate: nothing invested and nobody starting: investors' return undefined",
          "[models][degenerate][payment]") {
  const SibModel m = load("no-investment.yaml");
  const test::Samples s = run(m);
  check_no_starters(s);
  check_all_nan(s, "investor_multiple");  // 0 received / 0 invested
  // Every cash flow is 0: the NPV is 0 at every rate, so there is no rate of return.
  CHECK(std::isnan(internal_rate_of_return({{0.0, 0.0}, {2.5, 0.0}})));
  CHECK(std::isnan(internal_rate_of_return({})));
  // Only money in: no rate of return. Only money out: a total loss, -100 %.
  CHECK(std::isnan(internal_rate_of_return({{0.0, 0.0}, {2.0, 50.0}})));
  CHECK(internal_rate_of_return({{0.0, -100.0}, {2.0, 0.0}}) == -1.0);
  // Almost everything lost: a return just above -100 %, no longer undefined below -99 %.
  const double r = internal_rate_of_return({{0.0, -100.0}, {2.0, 0.0001}});
  CHECK(r > -1.0);
  CHECK(r == Approx(std::sqrt(1e-6) - 1).epsilon(1e-6));
  // A defined case still works: -100 now, 121 in two years is 10 % a year.
  CHECK(internal_rate_of_return({{0.0, -100.0}, {2.0, 121.0}}) == Approx(0.10).margin(1e-9));
}

TEST_CASE("degenerate: a single PI gives small groups, shares NaN only for empty groups",
          "[models][degenerate]") {
  const SibModel m = load("one-pi.yaml");
  REQUIRE(m.params().prisons.size() == 1);
  const test::Samples s = run(m);
  check_no_inf(s);
  for (std::size_t r = 0; r < kReps; ++r) {
    const double eligible = s["eligible"][r], started = s["started"][r];
    CHECK(eligible > 0);
    CHECK(s["approached"][r] <= eligible);
    CHECK(s["interviewed"][r] <= s["approached"][r]);
    CHECK(s["selected"][r] <= s["interviewed"][r]);
    CHECK(started <= s["selected"][r]);
    CHECK(std::isnan(s["starters_plus_share"][r]) == (started == 0));
    CHECK(std::isnan(s["dropout_share"][r]) == (started == 0));
    CHECK(std::isnan(s["dropout_no_effort_share"][r]) == (s["dropouts"][r] == 0));
    CHECK(s["payout_total"][r] >= 0);
    CHECK(std::isfinite(s["payout_total"][r]));
    CHECK(std::isfinite(s["investor_multiple"][r]));
  }
  for (std::size_t k = 0; k < s.names.size(); ++k) {
    if (s.names[k].find("_share") == std::string::npos) continue;
    for (double v : s.values[k]) {
      INFO("KPI " << s.names[k] << " = " << v);
      CHECK((std::isnan(v) || (v >= 0.0 && v <= 1.0)));
    }
  }
}

TEST_CASE("degenerate: a run of one replication summarises without inf", "[models][degenerate]") {
  for (const char* file : {"one-pi.yaml", "nobody-eligible.yaml"}) {
    INFO(file);
    const SibModel m = load(file);
    engine::RunOptions opt;
    opt.seed = kSeed;
    opt.replications = 1;
    opt.threads = 1;
    engine::RunResult res;
    REQUIRE_NOTHROW(res = engine::run_monte_carlo(m, opt));
    REQUIRE(res.replications == 1);
    REQUIRE(res.summary.size() == m.kpis().size());
    std::vector<double> row(m.kpis().size());
    m.run_replication(kSeed, 0, row);
    for (std::size_t k = 0; k < row.size(); ++k) {
      const engine::KpiSummary& ks = res.summary[k];
      INFO("KPI " << res.kpis[k].name << " = " << row[k]);
      CHECK(ks.n + ks.n_undefined == 1);
      CHECK(std::isnan(ks.sd));  // one value has no spread estimate
      if (std::isnan(row[k])) {
        CHECK(ks.n == 0);
        CHECK(std::isnan(ks.mean));
      } else {
        CHECK(ks.n == 1);
        CHECK(ks.mean == row[k]);
        CHECK(ks.min == row[k]);
        CHECK(ks.max == row[k]);
      }
      for (double v : {ks.mean, ks.sd, ks.se, ks.ci_low, ks.ci_high, ks.min, ks.max, ks.p5, ks.p50, ks.p95})
        CHECK_FALSE(std::isinf(v));
    }
  }
}
