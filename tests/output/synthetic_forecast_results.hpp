#pragma once
// A made-up file of the kind `sibsim forecast` writes (layout: output/SCHEMA.md, "kind =
// forecast"), with plausible numbers that do not come from the model: the SIB's recruitment
// observed from May 2016 up to 1 March 2017 (87 starters), the rest simulated to the deadline
// 1 August 2017 (median 153, 90 % interval 131-176; a 62 % chance of the target 150, Monte
// Carlo interval 58.9-65 %) and on to 1 August 2019 (median 171, 145.4-197.6), over 2,000
// futures. Used by report_forecast_test.cpp and report_write_sample (the browser test).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "sibsim/output/results_writer.hpp"
#include "synthetic_study_results.hpp"

namespace sibsim::output::testing {

struct ForecastShape {
  bool rates_updated = true;   ///< false: the scenario fixes the sites' rates (prior shape infinity)
  bool selected_below = true;  ///< the observed `selected` total lies below its simulated interval
  bool check = true;           ///< write /forecast/check
  bool kpis = true;            ///< write /forecast/kpis
};

/// The KPI catalogue of the forecast file (/kpis): the SIB's labels of the counts and a few KPIs.
inline std::vector<engine::KpiInfo> forecast_kpi_catalogue() {
  return {
      {"eligible", "persons", "detainees on the lists of the participating prisons", "eligible persons", {}},
      {"approached", "persons", "had a first talk or flyer from prison staff", "approached", {}},
      {"interviewed", "persons", "reached the counsellor's intake", "intake interviews", {}},
      {"selected", "persons", "passed the intake and the selection criteria", "selected", {"steering"}},
      {"started",
       "persons",
       "made contact after release and started the programme",
       "starters",
       {"headline", "steering"}},
      {"reached_target",
       "yes/no",
       "the target was reached by the end of recruitment",
       "chance of reaching the target",
       {"headline"}},
      {"payout_total", "EUR", "outcome payments by government", "outcome payment", {"headline"}},
      {"dropouts", "persons", "participants who dropped out", "dropouts", {"steering"}},
  };
}

inline void write_forecast(const std::filesystem::path& path, const ForecastShape& shape = {}) {
  RunMeta meta = study_meta(kKindForecast, "wnd-2016-actual",
                            "observed: data/wnd-observed.csv\nas_of: 2017-03-01\nreplications: 2000\n");
  meta.replications_requested = 2000;
  ResultsWriter w(path, meta);

  Table q;
  q.description = "the question and its answer";
  add_column<std::string>(q, "as_of", "date", "first day not observed", {"2017-03-01"});
  add_column<std::string>(q, "deadline", "date", "the target counts to", {"2017-08-01"});
  add_column<std::string>(q, "deadline_series_date", "date", "series date at the deadline", {"2017-08-01"});
  add_column<double>(q, "target", "persons", "target", {150});
  add_column<std::string>(q, "target_count", "", "observed column of the target", {"started"});
  add_column<std::string>(q, "observed_file", "", "as given", {"data/wnd-observed.csv"});
  add_column<double>(q, "observed_total", "persons", "observed before as_of", {87});
  add_column<double>(q, "p_target", "fraction", "chance of the target", {0.62});
  add_column<double>(q, "p_target_low", "fraction", "Wilson 95 %", {0.589});
  add_column<double>(q, "p_target_high", "fraction", "Wilson 95 %", {0.65});
  add_column<double>(q, "deadline_mean", "persons", "", {153.4});
  add_column<double>(q, "deadline_p5", "persons", "", {131});
  add_column<double>(q, "deadline_p50", "persons", "", {153});
  add_column<double>(q, "deadline_p95", "persons", "", {176});
  add_column<std::string>(q, "eventually_date", "date", "last date of the series", {"2019-08-01"});
  add_column<double>(q, "eventually_mean", "persons", "", {171.2});
  add_column<double>(q, "eventually_p5", "persons", "", {145.4});
  add_column<double>(q, "eventually_p50", "persons", "", {171});
  add_column<double>(q, "eventually_p95", "persons", "", {197.6});
  add_column<std::uint64_t>(q, "replications", "", "futures simulated", {2000});
  add_column<std::string>(q, "rates_updated", "", "yes or no", {shape.rates_updated ? "yes" : "no"});
  add_column<std::string>(
      q, "text", "", "the answer in one sentence",
      {"By 1 August 2017: median 153 starters (90 % interval 131-176); a 62 % chance of at "
       "least 150."});
  w.write_table("/forecast/question", q);

  // Monthly from 2016-05-01 to 2019-08-01 (40 dates): observed up to 2017-03-01 (index 10), then
  // 13.2 a month to the deadline (index 15) and 0.75 a month after it.
  Table s;
  s.description = "cumulative started";
  std::vector<std::string> date;
  std::vector<double> observed, mean, p5, p25, p50, p75, p95;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int i = 0; i < 40; ++i) {
    const int month = 4 + i;  // months since January 2016
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-01", 2016 + month / 12, month % 12 + 1);
    date.emplace_back(buffer);
    if (i <= 10) {
      const double o = std::round(8.7 * i);
      observed.push_back(o);
      for (auto* v : {&mean, &p5, &p25, &p50, &p75, &p95}) v->push_back(o);
      continue;
    }
    observed.push_back(nan);
    const double m = std::min(i - 10, 5), after = std::max(i - 15, 0);
    const double median = 87 + 13.2 * m + 0.75 * after;
    p50.push_back(median);
    mean.push_back(median + 0.3);
    p25.push_back(median - 2 * m - 0.2 * after);
    p75.push_back(median + 2 * m + 0.2 * after);
    p5.push_back(median - 4.4 * m - 0.15 * after);
    p95.push_back(median + 4.6 * m + 0.15 * after);
  }
  add_column(s, "date", "date", "", date);
  add_column(s, "observed", "persons", "", observed);
  add_column(s, "mean", "persons", "", mean);
  add_column(s, "p5", "persons", "", p5);
  add_column(s, "p25", "persons", "", p25);
  add_column(s, "p50", "persons", "", p50);
  add_column(s, "p75", "persons", "", p75);
  add_column(s, "p95", "persons", "", p95);
  w.write_table("/forecast/series", s);

  Table sites;
  sites.description = "the sites' rate multipliers";
  const double inf = std::numeric_limits<double>::infinity();
  const bool u = shape.rates_updated;
  add_column<std::string>(sites, "site", "", "", {"PI Zwolle", "PI Dordrecht & Rotterdam", "PI Almelo"});
  add_column<double>(sites, "prior_shape", "", "", {u ? 4.0 : inf, u ? 2.5 : inf, u ? 10.0 : inf});
  add_column<double>(sites, "exposure", "persons", "", {120.4, 95.2, 60.8});
  add_column<double>(sites, "observed", "persons", "", {150, 80, 62});
  add_column<double>(sites, "observed_target_count", "persons", "", {45, 22, 20});
  add_column<double>(sites, "posterior_shape", "", "", {u ? 154.0 : inf, u ? 82.5 : inf, u ? 72.0 : inf});
  add_column<double>(sites, "posterior_rate", "", "", {u ? 124.4 : inf, u ? 97.7 : inf, u ? 70.8 : inf});
  add_column<double>(sites, "posterior_mean", "", "", {u ? 1.238 : 1.0, u ? 0.8444 : 1.0, u ? 1.017 : 1.0});
  add_column<double>(sites, "posterior_p5", "", "", {u ? 1.08 : 1.0, u ? 0.7 : 1.0, u ? 0.83 : 1.0});
  add_column<double>(sites, "posterior_p95", "", "", {u ? 1.41 : 1.0, u ? 1.0 : 1.0, u ? 1.22 : 1.0});
  w.write_table("/forecast/sites", sites);

  if (shape.check) {
    Table c;
    c.description = "observed totals before as_of against the simulation";
    add_column<std::string>(c, "count", "", "",
                            {"eligible", "approached", "interviewed", "selected", "started"});
    add_column<double>(c, "observed", "persons", "", {292, 170, nan, 110, 87});
    add_column<double>(c, "simulated_p5", "persons", "",
                       {260, 150, 140, shape.selected_below ? 118.0 : 95.0, 87});
    add_column<double>(c, "simulated_p50", "persons", "",
                       {292, 175, 158, shape.selected_below ? 130.0 : 108.0, 87});
    add_column<double>(c, "simulated_p95", "persons", "",
                       {325, 200, 176, shape.selected_below ? 143.0 : 121.0, 87});
    add_column<std::string>(c, "verdict", "", "",
                            {"inside", "inside", "", shape.selected_below ? "below" : "inside", "inside"});
    w.write_table("/forecast/check", c);
  }

  if (shape.kpis) {
    Table k;
    k.description = "the headline and steering KPIs over the forecast futures";
    add_column<std::string>(k, "kpi", "", "", {"started", "reached_target", "payout_total", "dropouts"});
    add_column<std::string>(k, "label", "", "",
                            {"starters", "chance of reaching the target", "outcome payment", "dropouts"});
    add_column<std::string>(k, "unit", "", "", {"persons", "yes/no", "EUR", "persons"});
    add_column<std::string>(k, "groups", "", "", {"headline;steering", "headline", "headline", "steering"});
    add_column<double>(k, "mean", "", "", {171.2, 0.62, 1234567.8, 41.2});
    add_column<double>(k, "p5", "", "", {145.4, 0, 850000, 29});
    add_column<double>(k, "p50", "", "", {171, 1, 1212345.5, 41});
    add_column<double>(k, "p95", "", "", {197.6, 1, 1650000, 55});
    add_column<std::uint64_t>(k, "replications", "", "", std::vector<std::uint64_t>(4, 2000));
    w.write_table("/forecast/kpis", k);
  }

  Table o;
  o.description = "the observed-data file as read";
  std::vector<std::string> month, site;
  std::vector<double> eligible, started;
  for (int i = 0; i < 10; ++i) {
    const int m = 4 + i;
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", 2016 + m / 12, m % 12 + 1);
    for (const char* name : {"PI Zwolle", "PI Dordrecht & Rotterdam", "PI Almelo"}) {
      month.emplace_back(buffer);
      site.emplace_back(name);
      eligible.push_back(9.7);
      started.push_back(2.9);
    }
  }
  add_column(o, "month", "", "", month);
  add_column(o, "site", "", "", site);
  add_column(o, "eligible", "persons", "", eligible);
  add_column(o, "started", "persons", "", started);
  w.write_table("/forecast/observed", o);

  w.write_kpis(forecast_kpi_catalogue());
  w.commit();
}

}  // namespace sibsim::output::testing
