// Contracts as payment metrics (issue 14): the price rules with known answers, Werk na Detentie's
// contract written as metrics paying exactly what its shorthand pays, and the outcomes a metric can
// pay on measured from the persons' histories (employment in a quarter, custody days), checked
// where the answer is known: inequalities that hold in every replication, and a randomised
// trial's lack of bias over replications.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
#include "studio_levers.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

SibParams actual() { return load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml")); }

/// wnd-2016-actual with `metrics` as its contract instead of the shorthand.
SibParams with_metrics(std::vector<PaymentMetric> metrics,
                       ControlSource design = ControlSource::non_participants) {
  SibParams p = actual();
  PaymentParams& pay = p.payment;
  pay.ambition_per_participant = pay.price_per_work_month = pay.threshold_share = pay.cap = std::nullopt;
  pay.recidivism_bonus_per_point = pay.recidivism_bonus_max_points = std::nullopt;
  pay.metrics = std::move(metrics);
  p.evaluation.control = design;
  return p;
}

PaymentMetric metric(std::string name, MetricOutcome outcome, MetricPrice rule, double price) {
  PaymentMetric m;
  m.name = std::move(name);
  m.outcome = outcome;
  m.price_rule = rule;
  m.price = price;
  return m;
}

}  // namespace

TEST_CASE("per-unit metric: threshold per participant, units paid at most, cap", "[models][payment]") {
  PaymentMetric m = metric("days", MetricOutcome::custody_days, MetricPrice::per_unit, 100);
  m.threshold = 5;   // days avoided per participant before anything is paid
  m.max_units = 20;  // paid for at most 20 days per participant
  // 10 participants: the threshold is 50 days, the most paid for 200 days.
  CHECK(metric_payment(m, 10, 10, 49).amount == 0.0);
  CHECK_FALSE(metric_payment(m, 10, 10, 49).threshold_reached);
  CHECK(metric_payment(m, 10, 10, 50).amount == 5'000.0);
  CHECK(metric_payment(m, 10, 10, 300).amount == 20'000.0);
  m.cap = 15'000;
  CHECK(metric_payment(m, 10, 10, 300).amount == 15'000.0);
  CHECK(metric_payment(m, 0, 0, 300).amount == 0.0);  // nobody started: nothing is paid
  m.threshold = 0;
  CHECK(metric_payment(m, 10, 10, -3).amount == 0.0);  // the programme did worse: nothing, never less
}

TEST_CASE("per-point metric: points over the persons compared, threshold and target in points",
          "[models][payment]") {
  PaymentMetric m = metric("employment", MetricOutcome::employed_quarter, MetricPrice::per_point, 10'000);
  m.threshold = 2;
  m.target = 10;
  m.max_units = 15;
  // 200 persons compared (a trial's allocated), 100 starters: 6 persons more in work = 3 points.
  const MetricPayment three = metric_payment(m, 100, 200, 6);
  CHECK(three.threshold_reached);
  CHECK_FALSE(three.target_reached);
  CHECK(three.amount == Approx(30'000.0));
  CHECK(metric_payment(m, 100, 200, 3).amount == 0.0);  // 1.5 points: below the threshold
  CHECK(metric_payment(m, 100, 200, 20).target_reached);
  CHECK(metric_payment(m, 100, 200, 60).amount == Approx(150'000.0));  // 30 points, paid for 15
}

TEST_CASE("tiered prices: each band's units at its price, per participant or in points",
          "[models][payment]") {
  PaymentMetric m = metric("work", MetricOutcome::work_months, MetricPrice::per_unit, 0);
  m.tiers = {{1, 1'000},
             {3, 2'000}};  // nothing for the first month per participant, then 1,000, 2,000 from 3
  // 10 participants, 40 extra months: 4 per participant = 2 x 1,000 + 1 x 2,000 = 4,000 each.
  CHECK(metric_payment(m, 10, 10, 40).amount == Approx(40'000.0));
  CHECK(metric_payment(m, 10, 10, 10).amount == 0.0);  // 1 per participant: the first band starts there
  CHECK(metric_payment(m, 10, 10, 25).amount == Approx(15'000.0));  // 2.5 each: 1.5 x 1,000
  m.max_units = 3.5;  // paid for at most 3.5 per participant: 2 x 1,000 + 0.5 x 2,000
  CHECK(metric_payment(m, 10, 10, 40).amount == Approx(30'000.0));
  PaymentMetric p = metric("in_work", MetricOutcome::employed_quarter, MetricPrice::per_point, 0);
  p.tiers = {{0, 10'000}, {5, 20'000}};
  // 100 compared, 8 more in work: 8 points = 5 x 10,000 + 3 x 20,000.
  CHECK(metric_payment(p, 50, 100, 8).amount == Approx(110'000.0));
}

TEST_CASE("Werk na Detentie's contract as metrics pays what its shorthand pays", "[models][payment]") {
  // The same contract written in the scenario language's two forms (the test file spells the
  // metrics out in YAML), so the YAML binding of metrics is what is checked.
  const SibModel shorthand(actual());
  const SibModel metrics(
      load_sib_scenario(std::string(SIBSIM_TEST_SCENARIO_DIR) + "/wnd-contract-as-metrics.yaml"));
  const test::Samples a = test::sample(shorthand, 41, 200), b = test::sample(metrics, 41, 200);
  for (const char* kpi : {"payout_outcome", "payout_recidivism_bonus", "payout_total",
                          "success_threshold_reached", "success_threshold_reached_true",
                          "full_ambition_reached", "investor_multiple", "ambition_work_months"}) {
    INFO(kpi);
    REQUIRE(a[kpi] == b[kpi]);
  }
  // And something is paid in some futures and not in others: the comparison is not of zeros.
  const auto& paid = a["payout_outcome"];
  CHECK(std::count(paid.begin(), paid.end(), 0.0) > 0);
  CHECK(std::count_if(paid.begin(), paid.end(), [](double x) { return x > 0; }) > 0);
}

TEST_CASE("employment in the fourth quarter includes the 12th month; a milestone pays per person",
          "[models][payment]") {
  PaymentMetric q4 = metric("in_work_q4", MetricOutcome::employed_quarter, MetricPrice::per_unit, 2'000);
  q4.quarter = 4;
  q4.comparison = MetricComparison::none;  // per participant in work in the quarter
  const SibModel m(with_metrics({q4}));
  const test::Samples s = test::sample(m, 43, 200);
  for (std::size_t r = 0; r < s["started"].size(); ++r) {
    const double in_q4 = s["metric_in_work_q4_measured"][r], started = s["started"][r];
    const double in_month_12 = s["employed_month_12_share_programme"][r] * started;
    REQUIRE(in_q4 <= started);
    REQUIRE(in_q4 >= in_month_12 - 1e-9);  // month 12 is the quarter's last month
    REQUIRE(s["payout_in_work_q4"][r] == Approx(2'000 * in_q4));
  }
  // The headline pays per person, not per extra work-month: no ambition in work-months.
  for (const double ambition : s["ambition_work_months"]) REQUIRE(std::isnan(ambition));
  // Some starters work in the quarter without working in its last month.
  CHECK(test::mean(s["metric_in_work_q4_measured"]) >
        test::mean(s["employed_month_12_share_programme"]) * test::mean(s["started"]));
}

TEST_CASE("a milestone per programme start pays for every starter and nobody else", "[models][payment]") {
  PaymentMetric starts = metric("starts", MetricOutcome::started, MetricPrice::per_unit, 1'000);
  starts.comparison = MetricComparison::none;
  // Under a randomised trial the persons allocated to the programme who never start are followed
  // too: they must not count as starts.
  const SibModel m(with_metrics({starts}, ControlSource::randomised));
  const test::Samples s = test::sample(m, 59, 100);
  for (std::size_t r = 0; r < s["started"].size(); ++r) {
    REQUIRE(s["metric_starts_measured"][r] == s["started"][r]);
    REQUIRE(s["payout_starts"][r] == Approx(1'000 * s["started"][r]));
    REQUIRE(s["metric_starts_true"][r] == s["started"][r]);  // under care as usual nobody starts
  }
}

TEST_CASE("custody days: fewer in the programme, and a randomised trial measures them without bias",
          "[models][payment]") {
  // Work lowers re-offending (reoffend_with_work < reoffend_without_work) and custody follows
  // re-offending, so the programme's true difference is positive. The trial's intention-to-treat
  // difference has the true one as its expectation: 4 standard errors over 600 replications. Its
  // resolution (4 SE, about 240 days) does not resolve the small true effect (about 20 days), but
  // catches an arm counted or scaled wrongly: the controls' mean (about 50 days per person) times
  // the persons allocated to the programme who did not start (50 to 100) is thousands of days.
  const PaymentMetric days = metric("custody", MetricOutcome::custody_days, MetricPrice::per_unit, 85);
  const SibModel m(with_metrics({days}, ControlSource::randomised));
  const test::Samples s = test::sample(m, 47, 600);
  const auto& truth = s["metric_custody_true"];
  const double mean_true = test::mean(truth), se_true = test::std_error(truth);
  INFO("custody days avoided, true: " << mean_true << " +- " << se_true);
  CHECK(mean_true - 3.29 * se_true > 0);
  const std::vector<double> error = test::difference(s["metric_custody_measured"], truth);
  const double mean_error = test::mean(error), se_error = test::std_error(error);
  INFO("measured minus true: " << mean_error << " +- " << se_error);
  CHECK(std::abs(mean_error) <= 4 * se_error);
}

TEST_CASE("the overall cap limits the total, not the metrics", "[models][payment]") {
  PaymentMetric work = metric("work", MetricOutcome::work_months, MetricPrice::per_unit, 1'497);
  PaymentMetric reoff = metric("reoffending", MetricOutcome::reoffended, MetricPrice::per_point, 6'100);
  SibParams p = with_metrics({work, reoff});
  p.payment.total_cap = 60'000;
  const SibModel m(p);
  const test::Samples s = test::sample(m, 53, 200);
  std::size_t capped = 0;
  for (std::size_t r = 0; r < s["payout_total"].size(); ++r) {
    const double sum = s["payout_work"][r] + s["payout_reoffending"][r];
    REQUIRE(s["payout_total"][r] == Approx(std::min(60'000.0, sum)));
    capped += sum > 60'000;
  }
  CHECK(capped > 0);
}

TEST_CASE("the studio's contract levers follow the contract's form", "[models][payment]") {
  const auto keys = [](const scenarios::Document& doc) {
    std::vector<std::string> out;
    for (const models::Lever& l : sib_levers(doc, "en")) out.push_back(l.key);
    return out;
  };
  const auto has = [](const std::vector<std::string>& v, const std::string& k) {
    return std::find(v.begin(), v.end(), k) != v.end();
  };
  // The template writes its contract as metrics: a lever per metric, none of the shorthand's
  // (moving one would be refused: the two forms exclude each other).
  const auto metrics = keys(scenarios::Document::from_string(sib_scenario_template("t"), "t.yaml"));
  CHECK(has(metrics, "payment.metrics[0].price"));
  CHECK(has(metrics, "payment.metrics[0].threshold"));
  CHECK_FALSE(has(metrics, "payment.price_per_work_month"));
  const auto shorthand = keys(scenarios::Document::from_file(test::scenario_path("wnd-2016-actual.yaml")));
  CHECK(has(shorthand, "payment.price_per_work_month"));
  CHECK_FALSE(has(shorthand, "payment.metrics[0].price"));
}

TEST_CASE("payment metrics' KPIs are labelled in English and Dutch", "[models][payment]") {
  const std::string text = sib_scenario_template("t");  // its contract: one metric, `work`
  const SibModel m(load_sib_scenario(scenarios::Document::from_string(text, "t.yaml")));
  const auto& kpis = m.kpis();
  const auto payout =
      std::find_if(kpis.begin(), kpis.end(), [](const auto& k) { return k.name == "payout_work"; });
  REQUIRE(payout != kpis.end());
  CHECK(payout->label == "payment work");
  const auto nl =
      sib_metric_labels_nl(load_sib_scenario(scenarios::Document::from_string(text, "t.yaml")).payment);
  const auto label = [&](const std::string& key) {
    for (const auto& [k, v] : nl)
      if (k == key) return v;
    return std::string();
  };
  CHECK(label("payout_work") == "uitbetaling work");
  CHECK(label("metric_work_true") == "work: werkelijk verschil");
  CHECK(label("metric_work_measured:description").find("meer werkmaanden") != std::string::npos);
}
