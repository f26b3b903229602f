#pragma once
// A made-up SIB-like run for the HTML report tests (report_tests) and for report_write_sample,
// whose pages the browser test renders. Funnel KPIs (eligible ... started, reached_target) with
// labels and groups (they reach /kpis), a per-month cumulative series both as
// `cum_started@<date>` KPIs and as /timeseries/cumulative_starters, the funnel with categorised
// reasons of non-start, and the resolved scenario of a real SIB scenario file (what the SIB's
// report sections load) with recruitment from 2016-05-01 to 2017-08-01 and a target of 150. The
// `payout` variant adds what the programme and payment models store: extra work-months, the
// ambition (5.88 per starter; the threshold is 20 % of it), payout, investor IRR, success and
// ambition flags, dropout by reason and by month since the start (dropouts_in_month@01..06) and
// the counsellor caseload (/timeseries/caseload). The `tricky` variant puts markup and
// "</script>" into every text that reaches the page, and a scenario that does not load.
//
// 501 replications, so the type-7 quantiles p5, p50 and p95 fall exactly on replications 25, 250
// and 475 of the sorted values: whole numbers for whole-number KPIs.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/output/results_writer.hpp"
#include "synthetic_results.hpp"

namespace sibsim::output::testing {

inline constexpr std::uint64_t kSibReplications = 501;
inline constexpr double kSibTarget = 150;
inline constexpr double kSibAmbitionPerStarter = 5.88;
inline constexpr double kSibThresholdShare = 0.2;
inline constexpr int kSibDropoutMonths = 6;  // dropouts_in_month@01 .. @06 (payout variant)

struct SibVariant {
  bool payout = false;  ///< add the programme/payment KPIs and YAML
  bool tricky = false;  ///< markup and </script> in names, descriptions and YAML
};

struct SibRun {
  engine::RunResult result;
  std::vector<double> rows;  // row-major, kSibReplications x kpis
  RunMeta meta;
  TimeSeries series;
  TimeSeries caseload;  ///< payout variant only (empty bands otherwise)
  Funnel funnel;

  [[nodiscard]] std::size_t index(const std::string& name) const {
    for (std::size_t i = 0; i < result.kpis.size(); ++i)
      if (result.kpis[i].name == name) return i;
    throw std::out_of_range("no KPI " + name);
  }
  [[nodiscard]] const engine::KpiSummary& stat(const std::string& name) const {
    return result.summary[index(name)];
  }
  [[nodiscard]] std::vector<double> column(const std::string& name) const {
    const std::size_t k = result.kpis.size(), j = index(name);
    std::vector<double> c;
    for (std::uint64_t i = 0; i < kSibReplications; ++i) c.push_back(rows[i * k + j]);
    return c;
  }
};

inline std::string month_date(int month_index) {  // 0 -> 2016-05-01
  const int m = 4 + month_index;
  const int year = 2016 + m / 12, month = m % 12 + 1;
  return std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month) + "-01";
}

inline constexpr int kSibMonths = 20;         // 2016-05-01 .. 2017-12-01
inline constexpr int kSibDeadlineMonth = 15;  // 2017-08-01

inline SibRun make_sib_run(SibVariant variant = {}) {
  SibRun run;
  auto& kpis = run.result.kpis;
  using Groups = std::vector<std::string>;
  const Groups steering{"steering"}, headline{"headline", "steering"};
  kpis = {
      {"eligible", "persons", "detainees on the lists of the participating prisons", "eligible", steering},
      {"approached", "persons", "had a first talk or flyer from prison staff", "approached", steering},
      {"interviewed", "persons", "reached the counsellor's intake", "interviewed", steering},
      {"selected", "persons", "passed the intake and the selection criteria", "selected", steering},
      {"started", "persons", "made contact after release and started the programme", "starters", headline},
      {"started_by_deadline", "persons", "started before the end of recruitment", "starters by the deadline",
       steering},
      {"reached_target", "yes/no", "1 if the target number of starters started before the end of recruitment",
       "chance of reaching the target", headline},
      {"days_to_target", "days",
       "days from the start of recruitment until the target was reached (NaN: never)", "", steering},
  };
  if (variant.payout) {
    kpis.push_back({"extra_work_months_measured", "months", "extra work-months over the control group",
                    "measured extra work-months", steering});
    kpis.push_back({"ambition_work_months", "months", "the full ambition for these starters", "", {}});
    kpis.push_back({"success_threshold_reached", "yes/no", "1 if the payment threshold was reached",
                    "chance of the payment threshold", steering});
    kpis.push_back({"full_ambition_reached", "yes/no", "1 if the full ambition was reached", "", steering});
    kpis.push_back(
        {"payout_total", "EUR", "total outcome payment by the government", "outcome payment", headline});
    kpis.push_back({"investor_irr", "fraction",
                    "investors' internal rate of return a year (NaN: nothing paid)", "investor return a year",
                    headline});
    kpis.push_back({"dropout_no_effort", "persons", "stopped showing up or made no credible effort", "", {}});
    kpis.push_back({"dropout_clinic", "persons", "long-term admission to an addiction clinic", "", {}});
    kpis.push_back({"dropout_custody", "persons", "back in custody", "", {}});
    kpis.push_back({"dropout_share", "fraction", "share of starters who dropped out", "", {}});
    for (int m = 1; m <= kSibDropoutMonths; ++m) {
      kpis.push_back({"dropouts_in_month@0" + std::to_string(m),
                      "persons",
                      "dropouts in this month since the start (1 = the first month)",
                      "",
                      {}});
    }
  }
  if (variant.tricky)
    kpis.push_back({"tricky", "persons", "a </script><b>bold</b> & \"quoted\" description", "", {}});
  kpis.push_back({"events", "events", "discrete events processed in the replication", "", {}});
  const std::size_t first_month_kpi = kpis.size();
  for (int m = 0; m < kSibMonths; ++m)
    kpis.push_back({"cum_started@" + month_date(m), "persons", "cumulative starters on this date", "", {}});

  const std::size_t k = kpis.size();
  run.rows.resize(kSibReplications * k);
  std::vector<std::vector<double>> columns(k);
  for (std::uint64_t i = 0; i < kSibReplications; ++i) {
    std::vector<double> v;
    const double eligible = std::floor(1250 + 100 * unit_hash(i, 0));
    const double approached = std::floor(eligible * 0.7 + 20 * unit_hash(i, 1));
    const double interviewed = std::floor(approached * 0.4 + 10 * unit_hash(i, 2));
    const double selected = std::floor(interviewed * 0.6 + 10 * unit_hash(i, 3));
    const double started = std::floor(100 + 61 * unit_hash(i, 4));
    const double by_deadline = started - std::floor(10 * unit_hash(i, 5));
    const bool reached = by_deadline >= kSibTarget;
    v = {eligible,
         approached,
         interviewed,
         selected,
         started,
         by_deadline,
         reached ? 1.0 : 0.0,
         reached ? std::floor(300 + 150 * unit_hash(i, 6)) : std::nan("")};
    if (variant.payout) {
      const double extra = 100 + 700 * unit_hash(i, 7);
      const double ambition = kSibAmbitionPerStarter * started;
      const bool threshold = extra >= kSibThresholdShare * ambition;
      const double payout = threshold ? std::min(extra * 1497.0, 1.32e6) : 0.0;
      const double irr = payout > 0 ? std::pow(payout / 1.2e6, 1 / 2.5) - 1 : std::nan("");
      const double no_effort = std::floor(20 * unit_hash(i, 8));
      const double clinic = std::floor(8 * unit_hash(i, 9));
      const double custody = std::floor(5 * unit_hash(i, 10));
      v.insert(v.end(), {extra, ambition, threshold ? 1.0 : 0.0, extra >= ambition ? 1.0 : 0.0, payout, irr,
                         no_effort, clinic, custody, (no_effort + clinic + custody) / started});
      for (int m = 1; m <= kSibDropoutMonths; ++m)
        v.push_back(std::floor((14.0 - 2 * m) * unit_hash(i, 20 + static_cast<std::uint64_t>(m))));
    }
    if (variant.tricky) v.push_back(1);
    v.push_back(std::floor(20000 + 5000 * unit_hash(i, 11)));
    for (int m = 0; m < kSibMonths; ++m) {
      const double before = by_deadline * std::pow(std::min(1.0, (m + 0.5) / kSibDeadlineMonth), 1.3);
      const double after = m > kSibDeadlineMonth
                               ? (started - by_deadline) * std::min(1.0, (m - kSibDeadlineMonth) / 3.0)
                               : 0.0;
      v.push_back(m == kSibDeadlineMonth ? by_deadline : std::floor(before + after));
    }
    for (std::size_t j = 0; j < k; ++j) {
      run.rows[i * k + j] = v.at(j);
      columns[j].push_back(v.at(j));
    }
  }
  for (const auto& c : columns) run.result.summary.push_back(summarise(c));
  run.result.replications = kSibReplications;
  run.result.seed = kSeed;
  run.result.threads = 2;
  run.result.wall_seconds = 3.5;

  auto& m = run.meta;
  m.seed = kSeed;
  m.replications_requested = kSibReplications;
  m.model = "sib";
  m.scenario_name = variant.tricky ? "tricky <b>&</b> </script> scenario" : "wnd-synthetic";
  if (variant.tricky) {
    // Not a SIB scenario any more (as from another program version): the sections that need the
    // scenario's facts fall back.
    m.scenario_yaml_given = "name: tricky\ndescription: \"</script><script>alert(1)</script> & <b>\"\n";
    m.scenario_yaml_resolved = m.scenario_yaml_given + "seed: 42\n";
  } else {
    // The description is left to the model's sections (scenario_description stays empty, as in
    // files before format 1.3).
    auto params = models::sib::load_sib_scenario(std::string(SIBSIM_SCENARIO_DIR) + "/wnd-2016-actual.yaml");
    params.name = m.scenario_name;
    params.description =
        "A made-up recruitment scenario for testing the report: about 1,300 eligible detainees and a median "
        "of "
        "about 130 starters against a target of 150.";
    params.recruitment.start = static_cast<double>(engine::to_days({2016, 5, 1}));
    params.recruitment.end = static_cast<double>(engine::to_days({2017, 8, 1}));
    params.recruitment.target_starters = static_cast<int>(kSibTarget);
    params.payment.ambition_per_participant = kSibAmbitionPerStarter;
    params.payment.threshold_share = kSibThresholdShare;
    params.simulate_programme = variant.payout;
    m.scenario_yaml_given = "extends: wnd-2016-actual.yaml\nname: wnd-synthetic\n";
    m.scenario_yaml_resolved = models::sib::sib_scenario_yaml(params);
  }
  m.start_time = "2025-01-02T03:04:05Z";
  m.end_time = "2025-01-02T03:04:09Z";
  m.host = "testhost";
  m.command_line = {"sibsim", "run", "wnd-synthetic.yaml"};

  run.series.name = "cumulative_starters";
  run.series.unit = "persons";
  run.series.description = "Cumulative starters on the first day of each month";
  std::vector<std::string> dates;
  for (int month = 0; month < kSibMonths; ++month) {
    dates.push_back(month_date(month));
    const auto s = summarise(columns[first_month_kpi + static_cast<std::size_t>(month)]);
    run.series.bands.push_back({s.p5, s.p25, s.p50, s.p75, s.p95, s.mean});
  }
  run.series.time = dates;
  if (variant.payout) {  // caseload: rises to about 60 by the deadline month, then falls
    run.caseload.name = "caseload";
    run.caseload.unit = "persons";
    run.caseload.description = "participants in phases 1-3 on this date (counsellor caseload)";
    run.caseload.time = dates;
    for (int month = 0; month < kSibMonths; ++month) {
      const double c = 60.0 * std::max(0.0, 1.0 - std::fabs(month - kSibDeadlineMonth) / 12.0);
      run.caseload.bands.push_back({c * 0.7, c * 0.85, c, c * 1.15, c * 1.3, c * 1.01});
    }
  }

  for (const char* stage : {"eligible", "approached", "interviewed", "selected", "started"})
    run.funnel.stages.push_back({stage, run.stat(stage).p50, run.stat(stage).mean});
  run.funnel.reasons = {
      {"criteria: transfer to another prison", 133, 133.4},
      {"criteria: early release / too short a remaining sentence", 72, 71.8},
      {"criteria: no citizen service number", 67, 66.5},
      {"criteria: new trajectory (e.g. another sentence)", 52, 52.3},
      {"motivation: not interested", 90, 90.2},
      {"motivation: already has work or own business", 84, 83.6},
      {"motivation: drops out in the PI", 62, 62.9},
      {"motivation: no contact after release", 30, 30.4},
      {"unknown: not approached", 414, 413.7},
  };
  if (variant.tricky) run.funnel.reasons.push_back({"criteria: </script><b>x</b> & 'y'", 1, 1.2});
  return run;
}

inline void write_sib(const SibRun& run, const std::filesystem::path& path) {
  ResultsWriter w(path, run.meta);
  w.begin_replications(run.result.kpis);
  w.sink()(0, kSibReplications, run.rows);
  w.write_summary(run.result);
  w.write_timeseries(run.series);
  if (!run.caseload.bands.empty()) w.write_timeseries(run.caseload);
  w.write_funnel(run.funnel.stages, run.funnel.reasons);
  w.commit();
}

}  // namespace sibsim::output::testing
