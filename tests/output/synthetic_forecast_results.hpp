#pragma once
// A made-up file of the kind `sibsim forecast` writes (layout: output/SCHEMA.md, "kind =
// forecast"), with plausible numbers that do not come from the model: the SIB's recruitment
// observed from May 2016 up to 1 March 2017 (87 starters), the rest simulated to the deadline
// 1 August 2017 (median 153, 90 % interval 131-176; a 62 % chance of the target 150, Monte
// Carlo interval 58.9-65 %) and on to 1 August 2019 (median 171, 145.4-197.6), over 2,000
// futures. With ForecastShape::remedies, what it takes to reach the target with a chance of at
// least 80 % (/forecast/remedies): extending recruitment to 1 November 2017, extra sites never,
// an approach chance of 0.95, and dropping a criterion (one option) not enough; with
// ForecastShape::more_remedies also a remedy already enough, one undecided and one the model
// refused. Used by report_forecast_test.cpp and report_write_sample (the browser test).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "sibsim/output/results_writer.hpp"
#include "synthetic_study_results.hpp"

namespace sibsim::output::testing {

struct ForecastShape {
  bool rates_updated = true;   ///< false: the scenario fixes the sites' rates (prior shape infinity)
  bool selected_below = true;  ///< the observed `selected` total lies below its simulated interval
  bool check = true;           ///< write /forecast/check
  bool kpis = true;            ///< write /forecast/kpis
  bool remedies = false;       ///< write /forecast/remedies (4 rows) and required_probability 0.8
  bool more_remedies = false;  ///< with remedies: 3 rows more (always, undecided, error)
  bool dutch = false;          ///< the remedies' labels in Dutch (the forecast ran in Dutch)
  /// /forecast/question's first_count; "": the column left out (a file from before the field)
  std::string first_count = "eligible";
};

/// /forecast/remedies of the shape (layout: output/SCHEMA.md, "kind = forecast").
inline Table forecast_remedies(const ForecastShape& shape) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const bool nl = shape.dutch;
  struct Row {
    std::string remedy, label, key;
    std::uint64_t candidates;
    std::string first, last, status, answer, low, high, deadline;
    double p, lo, hi;
    std::string text;
  };
  std::vector<Row> rows = {
      {"extend", nl ? "einde van de werving (verlengen)" : "end of recruitment (extend)", "recruitment.end",
       12, "2017-09-01", "2018-08-01", "found", "2017-11-01", "2017-10-01", "2017-11-01", "2017-11-01", 0.83,
       0.81, 0.85, "Extending recruitment to 1 November 2017 gives an 83 % chance."},
      {"extra_sites",
       nl ? "extra PI's vanaf 1 maart 2017 (elk 9.70 per maand)"
          : "extra PIs from 1 March 2017 (each 9.70 per month)",
       "prisons", 6, "1", "6", "never", "", "", "", "2017-08-01", 0.74, 0.72, 0.76,
       "Not even 6 extra sites reach an 80 % chance."},
      {"approach",
       nl ? "kans op benadering vanaf 1 maart 2017 (extra personeel)"
          : "approach chance from 1 March 2017 (extra staff)",
       "recruitment.approach_probability", 8, "0.65", "1", "found", "0.95", "0.95", "0.95", "2017-08-01",
       0.81, 0.79, 0.83, "An approach chance of 0.95 gives an 81 % chance."},
      {"drop_work_potential",
       nl ? "criterium laten vallen: arbeidspotentieel" : "drop the criterion: work potential",
       "criteria.work_potential.dropped_from", 1, "2017-03-01", "2017-03-01", "never", "", "", "",
       "2017-08-01", 0.66, 0.64, 0.68, "Dropping the criterion gives a 66 % chance."},
  };
  if (shape.more_remedies) {
    rows.push_back({"drop_unfit_for_work",
                    nl ? "criterium laten vallen: arbeidsongeschikt" : "drop the criterion: unfit for work",
                    "criteria.unfit_for_work.dropped_from", 1, "2017-03-01", "2017-03-01", "always",
                    "2017-03-01", "2017-03-01", "2017-03-01", "2017-08-01", 0.86, 0.84, 0.88,
                    "Dropping the criterion gives an 86 % chance."});
    rows.push_back({"approach_women",
                    nl ? "kans op benadering in de vrouwen-PI" : "approach chance in the women's PI",
                    "recruitment.approach_women", 5, "0.5", "0.9", "undecided", "", "0.7", "0.8",
                    "2017-08-01", 0.8, 0.78, 0.82, "Undecided between 0.7 and 0.8."});
    rows.push_back({"drop_addiction_psychiatric",
                    nl ? "criterium laten vallen: verslaving" : "drop the criterion: addiction",
                    "criteria.addiction_psychiatric.dropped_from", 1, "2017-03-01", "2017-03-01", "error", "",
                    "", "", "", nan, nan, nan,
                    "criteria.addiction_psychiatric: dropped_from <2017-03-01> & start"});
  }
  Table t;
  t.description = "what it takes to reach the target with the required probability";
  const auto column = [&](auto member) {
    std::vector<std::decay_t<decltype(rows.front().*member)>> out;
    for (const Row& r : rows) out.push_back(r.*member);
    return out;
  };
  add_column(t, "remedy", "", "", column(&Row::remedy));
  add_column(t, "label", "", "", column(&Row::label));
  add_column(t, "key", "", "", column(&Row::key));
  add_column(t, "candidates", "", "", column(&Row::candidates));
  add_column(t, "first_value", "", "", column(&Row::first));
  add_column(t, "last_value", "", "", column(&Row::last));
  add_column(t, "status", "", "", column(&Row::status));
  add_column(t, "answer", "", "", column(&Row::answer));
  add_column(t, "answer_low", "", "", column(&Row::low));
  add_column(t, "answer_high", "", "", column(&Row::high));
  add_column(t, "deadline", "date", "", column(&Row::deadline));
  add_column(t, "probability", "fraction", "", column(&Row::p));
  add_column(t, "ci_low", "fraction", "", column(&Row::lo));
  add_column(t, "ci_high", "fraction", "", column(&Row::hi));
  add_column(t, "replications", "", "", std::vector<std::uint64_t>(rows.size(), 2000));
  add_column(t, "text", "", "", column(&Row::text));
  return t;
}

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
  if (!shape.first_count.empty())
    add_column<std::string>(q, "first_count", "", "observed column of the sites' rates", {shape.first_count});
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
  add_column<double>(q, "required_probability", "fraction", "P(target) a remedy must reach",
                     {shape.remedies ? 0.8 : std::numeric_limits<double>::quiet_NaN()});
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

  if (shape.remedies) w.write_table("/forecast/remedies", forecast_remedies(shape));

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
