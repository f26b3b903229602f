#pragma once
// Made-up files of the kinds `sibsim compare`, `sibsim sweep` and `sibsim feasibility` write
// (layouts: output/SCHEMA.md), with plausible numbers that do not come from the model. Used by
// the report tests (report_study_test.cpp), by report_write_sample (whose pages the browser test
// renders) and by output_write_sample (whose files check_tables.py reads with h5py and pandas).
//
//   compare:      base wnd-2016-actual against wnd-strict-criteria and wnd-recruit-24-months
//   sweep, line:  recruitment.end (a date) over 7 grid points: one varied parameter
//   sweep, grid:  payment.price_per_work_month x recruitment.staff_fte, 5 x 4 grid points, with
//                 /outcomes_replications
//   sweep, sens.: 3 parameters (a date, a number, a boolean), one-at-a-time and Sobol points,
//                 /sensitivity/oat and /sensitivity/sobol
//   feasibility:  the smallest recruitment.end with P(started >= 150) >= 80 % (found), or the
//                 largest recruitment.staff_fte (never)

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "sibsim/output/results_writer.hpp"
#include "synthetic_results.hpp"

namespace sibsim::output::testing {

template <class T>
void add_column(Table& t, std::string name, std::string unit, std::string description,
                std::vector<T> values) {
  t.columns.push_back({std::move(name), std::move(unit), std::move(description), std::move(values)});
}

inline double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

inline RunMeta study_meta(const char* kind, std::string name, std::string input) {
  RunMeta m;
  m.kind = kind;
  m.model = "sib";
  m.seed = 20160501;
  m.replications_requested = 400;
  m.scenario_name = std::move(name);
  m.input_yaml = std::move(input);
  m.scenario_yaml_resolved = "name: wnd-2016-actual\nrecruitment:\n  start: 2016-05-01\n  end: 2017-08-01\n";
  m.start_time = "2025-03-01T12:00:00Z";
  m.end_time = "2025-03-01T12:04:00Z";
  m.host = "testhost";
  m.command_line = {"sibsim", m.kind};
  return m;
}

/// The KPI catalogue the study files carry in /kpis (what the model's catalogue would give):
/// labels, and the group "headline" that the reports word first.
inline std::vector<engine::KpiInfo> study_kpi_catalogue() {
  return {
      {"started", "persons", "Participants who started the programme", "starters", {"headline", "steering"}},
      {"reached_target",
       "fraction",
       "Reached the target by the end of recruitment",
       "chance of reaching the target",
       {"headline", "steering"}},
      {"extra_work_months_true",
       "months",
       "Extra work-months caused by the programme",
       "true extra work-months",
       {"headline"}},
      {"payout_total", "EUR", "Outcome payments by government", "outcome payment", {"headline", "trade_off"}},
      {"investor_irr",
       "fraction/year",
       "Investors' internal rate of return",
       "investor return a year",
       {"headline"}},
      {"investor_multiple", "ratio", "Money back per euro invested", "investor multiple", {"headline"}},
      {"success_threshold_reached",
       "fraction",
       "The success threshold was reached",
       "chance of the payment threshold",
       {"headline"}},
      {"dropouts", "persons", "Participants who dropped out", "dropouts", {"steering"}},
      {"eligible", "persons", "Persons on the lists of the prisons", "eligible", {}},
  };
}

// --- compare -------------------------------------------------------------------------------------

struct CompareKpi {
  const char* kpi;
  const char* unit;
  const char* description;
  double base;
  double difference[2];  // strict criteria, 24 months
  double paired_hw[2];   // 95 % half-widths
  double narrower[2];    // independent / paired
};

inline constexpr CompareKpi kCompareKpis[] = {
    {"started",
     "persons",
     "Participants who started the programme",
     119.4,
     {-66.15, 31.8},
     {0.65, 1.9},
     {3.4, 2.1}},
    {"reached_target",
     "fraction",
     "Reached the target of 150 starters by the end of recruitment",
     0.02,
     {-0.02, 0.41},
     {0.012, 0.045},
     {1.4, 1.6}},
    {"extra_work_months_true",
     "months",
     "Extra work-months caused by the programme (true effect)",
     301.0,
     {-160.5, 71.2},
     {6.1, 9.8},
     {2.9, 2.2}},
    {"payout_total",
     "EUR",
     "Outcome payments by government",
     1'180'000,
     {-905'000, 260'000},
     {21'000, 48'000},
     {3.9, 2.4}},
    {"investor_irr",
     "fraction/year",
     "Investors' internal rate of return",
     -0.031,
     {-0.19, 0.042},
     {0.011, 0.009},
     {2.6, 3.1}},
    {"dropouts", "persons", "Participants who dropped out", 31.2, {-17.4, 8.1}, {0.9, 1.2}, {2.2, 1.8}},
    {"eligible",
     "persons",
     "Persons on the lists of the prisons",
     1488.0,
     {0.0, 540.0},
     {0.0, 3.1},
     {NAN, 9.5}},
};

inline void write_compare(const std::filesystem::path& path) {
  RunMeta m = study_meta(kKindCompare, "",
                         "scenarios/wnd-2016-actual.yaml\nscenarios/wnd-strict-criteria.yaml\n"
                         "scenarios/wnd-recruit-24-months.yaml\n");
  m.command_line = {"sibsim", "compare", "scenarios/wnd-2016-actual.yaml",
                    "scenarios/wnd-strict-criteria.yaml", "scenarios/wnd-recruit-24-months.yaml"};
  ResultsWriter w(path, m);
  Table s;
  s.description = "the compared scenarios; 0 is the base";
  add_column<std::uint64_t>(s, "index", "", "scenario index; 0 is the base", {0, 1, 2});
  add_column<std::string>(s, "name", "", "scenario name",
                          {"wnd-2016-actual", "wnd-strict-criteria", "wnd-recruit-24-months"});
  add_column<std::string>(s, "file", "", "scenario file as given",
                          {"scenarios/wnd-2016-actual.yaml", "scenarios/wnd-strict-criteria.yaml",
                           "scenarios/wnd-recruit-24-months.yaml"});
  w.write_table("/compare/scenarios", s);

  std::vector<std::string> kpi, unit, description;
  std::vector<std::uint64_t> scenario, n;
  std::vector<double> base, variant, diff, lo, hi, paired, independent, factor;
  for (const auto& k : kCompareKpis) {
    for (int v = 0; v < 2; ++v) {
      kpi.emplace_back(k.kpi);
      unit.emplace_back(k.unit);
      description.emplace_back(k.description);
      scenario.push_back(static_cast<std::uint64_t>(v + 1));
      base.push_back(k.base);
      variant.push_back(k.base + k.difference[v]);
      diff.push_back(k.difference[v]);
      lo.push_back(k.difference[v] - k.paired_hw[v]);
      hi.push_back(k.difference[v] + k.paired_hw[v]);
      paired.push_back(k.paired_hw[v]);
      const double ind = std::isnan(k.narrower[v]) ? 2.4 : k.paired_hw[v] * k.narrower[v];
      independent.push_back(ind);
      factor.push_back(k.narrower[v]);
      n.push_back(std::string_view(k.kpi) == "investor_irr" && v == 0 ? 371 : 400);
    }
  }
  Table t;
  t.description = "difference of each variant from the base, per KPI, on common random numbers";
  add_column(t, "kpi", "", "KPI name", kpi);
  add_column(t, "unit", "", "KPI unit", unit);
  add_column(t, "description", "", "KPI description", description);
  add_column(t, "scenario", "", "variant index (row of /compare/scenarios)", scenario);
  add_column(t, "base_mean", "", "mean in the base", base);
  add_column(t, "variant_mean", "", "mean in the variant", variant);
  add_column(t, "difference", "", "variant minus base", diff);
  add_column(t, "ci_low", "", "95 % paired CI of the difference", lo);
  add_column(t, "ci_high", "", "95 % paired CI of the difference", hi);
  add_column(t, "paired_half_width", "", "95 % half-width, paired", paired);
  add_column(t, "independent_half_width", "", "95 % half-width had the runs been independent", independent);
  add_column(t, "narrower_factor", "", "independent / paired half-width", factor);
  add_column(t, "n", "", "replications with both defined", n);
  w.write_table("/compare/kpis", t);
  w.write_kpis(study_kpi_catalogue());
  w.commit();
}

// --- sweep ---------------------------------------------------------------------------------------

enum class SweepShape { line, grid, sensitivity, oat };

/// A design point: its role and its parameter values, and what it leads to.
struct SweepPoint {
  std::string role;
  std::string end;         // recruitment.end
  double price = 1500;     // payment.price_per_work_month
  double staff = 2;        // recruitment.staff_fte
  std::uint8_t phone = 0;  // programme.phone_for_all
};

/// Months of recruitment from May 2016 to the given end ("2017-08-01" -> 15).
inline double recruitment_months(const std::string& end) {
  const int y = std::stoi(end.substr(0, 4)), mo = std::stoi(end.substr(5, 2)),
            d = std::stoi(end.substr(8, 2));
  return (y - 2016) * 12.0 + (mo - 5) + (d - 1) / 30.0;
}

struct SweepOutcome {
  double started, started_sd, reached, extra_true, extra_sd, payout, payout_sd, multiple, multiple_sd,
      threshold, hazard;
};

inline SweepOutcome sweep_outcome(const SweepPoint& p) {
  const double m = recruitment_months(p.end);
  SweepOutcome o{};
  o.started = (10.0 + 6.2 * m - 0.05 * m * m) * (0.75 + 0.125 * p.staff) * (p.phone != 0 ? 1.08 : 1.0);
  o.started_sd = 9.0 + 0.05 * o.started;
  o.reached = normal_cdf((o.started - 150.0) / o.started_sd);
  o.extra_true = 2.4 * o.started;
  o.extra_sd = 0.35 * o.extra_true;
  o.payout = std::min(p.price * 0.85 * o.extra_true, 1'650'000.0);
  o.payout_sd = 0.3 * o.payout;
  o.multiple = o.payout / 300'000.0;
  o.multiple_sd = 0.3 * o.multiple;
  o.threshold = normal_cdf((2.0 * o.started - 176.0) / 60.0);
  o.hazard = 0.0015 + (p.phone != 0 ? 0.0442 : 0.0) + 0.0001 * (p.price - 1500) / 500;
  return o;
}

struct SweepFile {
  std::vector<SweepPoint> points;
  std::vector<std::string> parameters;  // key paths in /design column order
};

inline SweepFile sweep_points(SweepShape shape) {
  SweepFile f;
  const char* ends[] = {"2017-02-01", "2017-05-01", "2017-08-01", "2017-11-01",
                        "2018-02-01", "2018-05-01", "2018-08-01"};
  switch (shape) {
    case SweepShape::line:
      f.parameters = {"recruitment.end"};
      for (const char* e : ends) f.points.push_back({"grid", e});
      break;
    case SweepShape::grid:
      f.parameters = {"payment.price_per_work_month", "recruitment.staff_fte"};
      for (const double staff : {1.0, 2.0, 3.0, 4.0})
        for (const double price : {1000.0, 1250.0, 1500.0, 1750.0, 2000.0})
          f.points.push_back({"grid", "2017-08-01", price, staff, 0});
      break;
    case SweepShape::oat:
    case SweepShape::sensitivity: {
      f.parameters = {"recruitment.end", "payment.price_per_work_month", "programme.phone_for_all"};
      const SweepPoint base{"oat:base", "2017-08-01", 1500, 2, 0};
      f.points.push_back(base);
      auto low = base, high = base;
      low.role = "oat:low:recruitment.end", low.end = "2017-02-01";
      high.role = "oat:high:recruitment.end", high.end = "2018-02-01";
      f.points.push_back(low);
      f.points.push_back(high);
      low = base, high = base;
      low.role = "oat:low:payment.price_per_work_month", low.price = 1000;
      high.role = "oat:high:payment.price_per_work_month", high.price = 2000;
      f.points.push_back(low);
      f.points.push_back(high);
      low = base, high = base;
      low.role = "oat:low:programme.phone_for_all", low.phone = 0;
      high.role = "oat:high:programme.phone_for_all", high.phone = 1;
      f.points.push_back(low);
      f.points.push_back(high);
      for (std::uint64_t i = 0; i < (shape == SweepShape::sensitivity ? 4U : 0U); ++i) {
        const auto draw = [&](std::uint64_t j) {
          return SweepPoint{"", ends[static_cast<std::size_t>(unit_hash(i, j) * 5)],
                            1000 + 1000 * unit_hash(i, j + 1), 2,
                            static_cast<std::uint8_t>(unit_hash(i, j + 2) < 0.5 ? 0 : 1)};
        };
        SweepPoint a = draw(0), b = draw(3);
        a.role = "sobol:A";
        b.role = "sobol:B";
        f.points.push_back(a);
        f.points.push_back(b);
        SweepPoint ab1 = a, ab2 = a, ab3 = a;
        ab1.role = "sobol:AB1", ab1.end = b.end;
        ab2.role = "sobol:AB2", ab2.price = b.price;
        ab3.role = "sobol:AB3", ab3.phone = b.phone;
        f.points.push_back(ab1);
        f.points.push_back(ab2);
        f.points.push_back(ab3);
      }
      break;
    }
  }
  return f;
}

inline void write_sweep(const std::filesystem::path& path, SweepShape shape) {
  const SweepFile f = sweep_points(shape);
  const char* spec =
      shape == SweepShape::line
          ? "base: scenarios/wnd-2016-actual.yaml\ndesign: grid\nvary:\n  recruitment.end: "
            "[2017-02-01, 2017-05-01, 2017-08-01, 2017-11-01, 2018-02-01, 2018-05-01, 2018-08-01]\n"
      : shape == SweepShape::grid
          ? "base: scenarios/wnd-2016-actual.yaml\ndesign: grid\nvary:\n  payment.price_per_work_month: "
            "{from: 1000, to: 2000, steps: 5}\n  recruitment.staff_fte: [1, 2, 3, 4]\n"
      : shape == SweepShape::oat
          ? "base: scenarios/wnd-2016-actual.yaml\ndesign: oat\nvary:\n  "
            "recruitment.end: {from: 2017-02-01, to: 2018-02-01}\n  payment.price_per_work_month: "
            "{from: 1000, to: 2000}\n  programme.phone_for_all: [false, true]\n"
          : "base: scenarios/wnd-2016-actual.yaml\ndesign: [oat, sobol]\nsamples: 4\nvary:\n  "
            "recruitment.end: {from: 2017-02-01, to: 2018-02-01}\n  payment.price_per_work_month: "
            "{from: 1000, to: 2000}\n  programme.phone_for_all: [false, true]\n";
  const char* name = shape == SweepShape::line   ? "End of recruitment"
                     : shape == SweepShape::grid ? "Price and staff"
                                                 : "Sensitivity of the Werk na Detentie SIB";
  ResultsWriter w(path, study_meta(kKindSweep, name, spec));

  const std::size_t n = f.points.size();
  std::vector<std::uint64_t> point;
  std::vector<std::string> role;
  for (std::size_t i = 0; i < n; ++i) {
    point.push_back(i);
    role.push_back(f.points[i].role);
  }
  Table design;
  design.description = "design points; varied parameters: ";
  add_column(design, "point", "", "design point", point);
  add_column(design, "role", "", "how the point was made", role);
  Table params;
  std::vector<std::string> p_path, p_kind, p_low, p_high;
  for (const auto& p : f.parameters) {
    design.description += p + (p == f.parameters.back() ? "" : ", ");
    p_path.push_back(p);
    std::vector<std::string> text;
    std::vector<double> number;
    std::vector<std::uint8_t> flag;
    for (const auto& pt : f.points) {
      text.push_back(pt.end);
      number.push_back(p == "payment.price_per_work_month" ? pt.price : pt.staff);
      flag.push_back(pt.phone);
    }
    if (p == "recruitment.end") {
      add_column(design, p, "date", "last day of recruitment", text);
      p_kind.emplace_back("date");
      const bool ranged = shape == SweepShape::sensitivity || shape == SweepShape::oat;
      p_low.emplace_back(ranged ? "2017-02-01" : "");
      p_high.emplace_back(ranged ? "2018-02-01" : "");
    } else if (p == "programme.phone_for_all") {
      add_column(design, p, "", "every participant's phone number known at release", flag);
      p_kind.emplace_back("boolean");
      p_low.emplace_back("");
      p_high.emplace_back("");
    } else {
      const bool price = p == "payment.price_per_work_month";
      add_column(design, p, price ? "EUR" : "FTE", price ? "price per extra work-month" : "recruiting staff",
                 number);
      p_kind.emplace_back(price ? "number" : "integer");
      p_low.emplace_back(price ? "1000" : "");
      p_high.emplace_back(price ? "2000" : "");
    }
  }
  add_column(params, "path", "", "key path of the parameter", p_path);
  add_column(params, "kind", "", "number, integer, date, boolean or text", p_kind);
  add_column(params, "low", "", "lower end of the range", p_low);
  add_column(params, "high", "", "upper end of the range", p_high);
  w.write_table("/design", design);
  w.write_table("/design_parameters", params);

  constexpr std::uint64_t kReps = 400;
  Table out;
  out.description = "outcomes per design point over 400 replications";
  add_column(out, "point", "", "design point", point);
  add_column(out, "replications", "", "replications run", std::vector<std::uint64_t>(n, kReps));
  const auto add_kpi = [&](const std::string& k, const char* unit, const char* what, auto mean_sd) {
    std::vector<double> mean, se, p5, p50, p95;
    for (const auto& pt : f.points) {
      const auto [mu, sd] = mean_sd(sweep_outcome(pt));
      mean.push_back(mu);
      se.push_back(sd / std::sqrt(static_cast<double>(kReps)));
      p5.push_back(std::string_view(unit) == "fraction" ? (mu > 0.95 ? 1.0 : 0.0) : mu - 1.645 * sd);
      p50.push_back(std::string_view(unit) == "fraction" ? (mu >= 0.5 ? 1.0 : 0.0) : mu);
      p95.push_back(std::string_view(unit) == "fraction" ? (mu > 0.05 ? 1.0 : 0.0) : mu + 1.645 * sd);
    }
    add_column(out, k, unit, what, mean);
    add_column(out, k + ":se", unit, std::string("standard error of the mean of ") + k, se);
    add_column(out, k + ":p5", unit, std::string("5th percentile of ") + k, p5);
    add_column(out, k + ":p50", unit, std::string("median of ") + k, p50);
    add_column(out, k + ":p95", unit, std::string("95th percentile of ") + k, p95);
  };
  add_kpi("started", "persons", "Participants who started the programme", [](const SweepOutcome& o) {
    return std::pair{o.started, o.started_sd};
  });
  add_kpi("reached_target", "fraction", "Reached the target by the end of recruitment",
          [](const SweepOutcome& o) {
            return std::pair{o.reached, std::sqrt(o.reached * (1 - o.reached))};
          });
  add_kpi("extra_work_months_true", "months", "Extra work-months caused by the programme",
          [](const SweepOutcome& o) {
            return std::pair{o.extra_true, o.extra_sd};
          });
  add_kpi("payout_total", "EUR", "Outcome payments by government", [](const SweepOutcome& o) {
    return std::pair{o.payout, o.payout_sd};
  });
  add_kpi("investor_multiple", "ratio", "Money back per euro invested", [](const SweepOutcome& o) {
    return std::pair{o.multiple, o.multiple_sd};
  });
  add_kpi("success_threshold_reached", "fraction", "The success threshold was reached",
          [](const SweepOutcome& o) {
            return std::pair{o.threshold, std::sqrt(o.threshold * (1 - o.threshold))};
          });
  // A small rate (sensitivity and oat only): 0.0015 at the base, 0.0457 with every phone known;
  // a report that rounds to a fixed number of decimals shows them as 0 and 0.05.
  if (shape == SweepShape::sensitivity || shape == SweepShape::oat)
    add_kpi("dropout_hazard", "1/month", "Monthly hazard of dropping out", [](const SweepOutcome& o) {
      return std::pair{o.hazard, o.hazard};
    });
  std::vector<double> loss, threshold, cost;
  for (const auto& pt : f.points) {
    const auto o = sweep_outcome(pt);
    loss.push_back(normal_cdf((1.0 - o.multiple) / o.multiple_sd));
    threshold.push_back(o.threshold);
    cost.push_back(o.extra_true > 0 ? o.payout / o.extra_true : NAN);
  }
  add_column(out, "investor_loss_probability", "fraction", "share of replications with investor_multiple < 1",
             loss);
  add_column(out, "threshold_probability", "fraction",
             "share of replications with success_threshold_reached = 1", threshold);
  add_column(out, "government_cost_per_true_extra_month", "EUR/month",
             "mean payout_total / mean extra_work_months_true", cost);
  w.write_table("/outcomes", out);
  w.write_kpis(study_kpi_catalogue());
  // The derived columns of /outcomes, with their roles in the report: the trade-off's axes (the
  // first measure of trade_off_y with a value is drawn).
  Table measures;
  measures.description = "the derived columns of /outcomes";
  add_column<std::string>(
      measures, "name", "", "column of /outcomes",
      {"investor_loss_probability", "government_cost_per_true_extra_month", "threshold_probability"});
  add_column<std::string>(measures, "label", "", "short name for people",
                          {"investors' chance of a loss", "government's payment per true extra work-month",
                           "chance of the payment threshold"});
  add_column<std::string>(measures, "unit", "", "unit", {"fraction", "EUR/month", "fraction"});
  add_column<std::string>(
      measures, "description", "", "one sentence",
      {"share of replications with investor_multiple < 1", "mean payout_total / mean extra_work_months_true",
       "share of replications with success_threshold_reached = 1"});
  add_column<std::string>(measures, "groups", "", "roles, ';'-joined",
                          {"trade_off_x", "trade_off_y", "trade_off_y"});
  w.write_table("/outcome_measures", measures);

  if (shape == SweepShape::grid) {
    constexpr std::uint64_t kKept = 50;
    Table reps;
    reps.description = "per-replication values of the chosen KPIs";
    std::vector<std::uint64_t> rp, rr;
    std::vector<double> started, payout;
    for (std::size_t i = 0; i < n; ++i) {
      const auto o = sweep_outcome(f.points[i]);
      for (std::uint64_t r = 0; r < kKept; ++r) {
        rp.push_back(i);
        rr.push_back(r);
        started.push_back(std::round(o.started + o.started_sd * 3.4 * (unit_hash(i, r) - 0.5)));
        payout.push_back(o.payout + o.payout_sd * 3.4 * (unit_hash(i, r + 7) - 0.5));
      }
    }
    add_column(reps, "point", "", "design point", rp);
    add_column(reps, "replication", "", "replication", rr);
    add_column(reps, "started", "persons", "Participants who started the programme", started);
    add_column(reps, "payout_total", "EUR", "Outcome payments by government", payout);
    w.write_table("/outcomes_replications", reps);
  }

  if (shape == SweepShape::sensitivity || shape == SweepShape::oat) {
    Table oat;
    oat.description = "one-at-a-time effects around the base point";
    std::vector<std::string> kpi, parameter, low_value, high_value;
    std::vector<double> base, at_low, at_high;
    const auto o0 = sweep_outcome(f.points[0]);
    for (const char* k : {"started", "investor_multiple", "dropout_hazard"}) {
      const auto pick = [&](const SweepOutcome& o) {
        return std::string_view(k) == "started"          ? o.started
               : std::string_view(k) == "dropout_hazard" ? o.hazard
                                                         : o.multiple;
      };
      for (std::size_t j = 0; j < f.parameters.size(); ++j) {
        kpi.emplace_back(k);
        parameter.push_back(f.parameters[j]);
        const auto& lo = f.points[1 + 2 * j];
        const auto& hi = f.points[2 + 2 * j];
        low_value.push_back(j == 0 ? lo.end : j == 1 ? "1000" : "false");
        high_value.push_back(j == 0 ? hi.end : j == 1 ? "2000" : "true");
        base.push_back(pick(o0));
        at_low.push_back(pick(sweep_outcome(lo)));
        at_high.push_back(pick(sweep_outcome(hi)));
      }
    }
    add_column(oat, "kpi", "", "KPI", kpi);
    add_column(oat, "parameter", "", "parameter moved", parameter);
    add_column(oat, "low_value", "", "its low value", low_value);
    add_column(oat, "high_value", "", "its high value", high_value);
    add_column(oat, "base", "", "KPI mean at the base point", base);
    add_column(oat, "at_low", "", "KPI mean with the parameter low", at_low);
    add_column(oat, "at_high", "", "KPI mean with the parameter high", at_high);
    w.write_table("/sensitivity/oat", oat);
  }
  if (shape == SweepShape::sensitivity) {
    Table sobol;
    sobol.description = "Sobol indices (Saltelli/Jansen estimators, bootstrap 95 % CI)";
    std::vector<std::string> sk, sp;
    std::vector<double> first, first_low, first_high, total, total_low, total_high;
    // recruitment.end's total index for starters is above 1: Monte Carlo noise of a small design.
    const double s_started[3][2] = {{0.71, 1.007}, {0.0, 0.01}, {0.19, 0.22}};
    const double s_multiple[3][2] = {{0.38, 0.43}, {0.44, 0.49}, {0.06, 0.09}};
    for (const char* k : {"started", "investor_multiple"}) {
      const auto& s = std::string_view(k) == "started" ? s_started : s_multiple;
      for (std::size_t j = 0; j < 3; ++j) {
        sk.emplace_back(k);
        sp.push_back(f.parameters[j]);
        first.push_back(s[j][0]);
        first_low.push_back(s[j][0] - 0.08);
        first_high.push_back(s[j][0] + 0.08);
        total.push_back(s[j][1]);
        total_low.push_back(s[j][1] - 0.06);
        total_high.push_back(s[j][1] + 0.07);
      }
    }
    add_column(sobol, "kpi", "", "KPI", sk);
    add_column(sobol, "parameter", "", "parameter", sp);
    add_column(sobol, "first", "", "first-order index", first);
    add_column(sobol, "first_low", "", "95 % CI", first_low);
    add_column(sobol, "first_high", "", "95 % CI", first_high);
    add_column(sobol, "total", "", "total index", total);
    add_column(sobol, "total_low", "", "95 % CI", total_low);
    add_column(sobol, "total_high", "", "95 % CI", total_high);
    w.write_table("/sensitivity/sobol", sobol);
  }
  w.commit();
}

// --- feasibility ---------------------------------------------------------------------------------

enum class FeasibilityShape { found_date, never_number };

/// /feasibility/implications (since 1.6) for the found_date answer (15 September 2017, 800
/// replications): the headline KPIs, then the steering-only one, as `sibsim feasibility` writes
/// them. Kinds of unit: persons, a fraction, months, EUR, a fraction a year, a ratio, yes/no.
inline Table feasibility_implications() {
  struct Row {
    const char *kpi, *label, *unit, *groups;
    double mean, p5, p50, p95;
  };
  const std::vector<Row> rows = {
      {"started", "starters", "persons", "headline;steering", 157.4, 131, 157, 186},
      {"reached_target", "chance of reaching the target", "fraction", "headline;steering", 0.8125, 0, 1, 1},
      {"extra_work_months_true", "true extra work-months", "months", "headline", 612.35, 402.5, 608.25,
       841.75},
      {"payout_total", "outcome payment", "EUR", "headline;trade_off", 1234567.8, 850000, 1212345.5, 1650000},
      {"investor_irr", "investor return a year", "fraction/year", "headline", 0.0312, -0.0415, 0.0354,
       0.0877},
      {"investor_multiple", "investor multiple", "ratio", "headline", 1.085, 0.815, 1.0925, 1.3175},
      {"success_threshold_reached", "", "yes/no", "headline", 0.9125, 0, 1, 1},
      {"investor_loss", "chance of a loss", "yes/no", "headline", 0.35, 0, 0, 1},
      {"days_to_target", "days to the target", "days", "headline", NAN, NAN, NAN, NAN},
      {"dropouts", "dropouts", "persons", "steering", 41.2, 29, 41, 55},
  };
  Table t;
  t.description = "The headline and steering KPIs at the answer's value";
  std::vector<std::string> kpi, label, unit, groups;
  std::vector<double> mean, p5, p50, p95;
  for (const Row& r : rows) {
    kpi.emplace_back(r.kpi);
    label.emplace_back(r.label);
    unit.emplace_back(r.unit);
    groups.emplace_back(r.groups);
    mean.push_back(r.mean);
    p5.push_back(r.p5);
    p50.push_back(r.p50);
    p95.push_back(r.p95);
  }
  add_column(t, "kpi", "", "KPI", kpi);
  add_column(t, "label", "", "short human name", label);
  add_column(t, "unit", "", "unit", unit);
  add_column(t, "groups", "", "groups", groups);
  add_column(t, "mean", "", "mean", mean);
  add_column(t, "p5", "", "5th percentile", p5);
  add_column(t, "p50", "", "median", p50);
  add_column(t, "p95", "", "95th percentile", p95);
  add_column(t, "replications", "", "replications at the answer",
             std::vector<std::uint64_t>(rows.size(), 800));
  return t;
}

/// `implications`: also write /feasibility/implications (feasibility_implications()).
inline void write_feasibility(const std::filesystem::path& path, FeasibilityShape shape,
                              const Table* implications = nullptr) {
  const bool date = shape == FeasibilityShape::found_date;
  ResultsWriter w(
      path, study_meta(kKindFeasibility, date ? "When must recruitment end?" : "How many staff?",
                       date ? "base: scenarios/wnd-2016-actual.yaml\nfind: smallest recruitment.end\n"
                              "such_that: {kpi: started, at_least: 150, probability: 0.8}\n"
                              "search: {from: 2017-02-01, to: 2019-02-01}\n"
                            : "base: scenarios/wnd-2016-actual.yaml\nfind: largest recruitment.staff_fte\n"
                              "such_that: {kpi: reached_target, at_least: 1, probability: 0.9}\n"));
  Table q;
  q.description = "the question and its answer";
  add_column<std::string>(q, "parameter", "", "parameter searched",
                          {date ? "recruitment.end" : "recruitment.staff_fte"});
  add_column<std::string>(q, "kpi", "", "KPI", {date ? "started" : "reached_target"});
  add_column<double>(q, "target", "", "the KPI must be at least this", {date ? 150.0 : 1.0});
  add_column<double>(q, "probability", "fraction", "required probability", {date ? 0.8 : 0.9});
  add_column<std::string>(q, "direction", "", "smallest or largest", {date ? "smallest" : "largest"});
  add_column<std::string>(q, "status", "", "found, always, never or undecided", {date ? "found" : "never"});
  add_column<std::string>(q, "answer", "", "the answer as a YAML value", {date ? "2017-09-15" : ""});
  add_column<std::string>(q, "answer_low", "", "the answer lies in [answer_low, answer_high]",
                          {date ? "2017-08-20" : ""});
  add_column<std::string>(q, "answer_high", "", "the answer lies in [answer_low, answer_high]",
                          {date ? "2017-10-10" : ""});
  add_column<std::string>(
      q, "text", "", "the answer in one sentence",
      {date ? "Recruitment must run until 15 September 2017 (between 20 August and 10 October 2017 given the "
              "Monte Carlo error) for an 80 % chance of at least 150 starters."
            : "No staffing between 1 and 6 FTE gives a 90 % chance of reaching the target."});
  if (date) {  // since format 1.5: a date answer as a duration (2016-05-01 to 2017-09-15: 16.5 months)
    add_column<double>(q, "answer_months", "", "months after duration_from", {502 / (365.2425 / 12)});
    add_column<std::string>(q, "duration_from", "", "key path", {"recruitment.start"});
    add_column<std::string>(q, "duration_from_label", "", "label", {"the start of recruitment"});
    add_column<std::string>(q, "duration_from_date", "", "date", {"2016-05-01"});
  }
  w.write_table("/feasibility/question", q);

  Table p;
  p.description = "the values tried, in the order tried";
  std::vector<std::uint64_t> order, reps, succ;
  std::vector<std::string> value, verdict;
  std::vector<double> x, prob, lo, hi;
  const std::vector<std::pair<std::string, double>> probes =
      date ? std::vector<std::pair<std::string, double>>{{"2018-02-01", 17563}, {"2017-02-01", 17198},
                                                         {"2017-08-02", 17380}, {"2017-11-01", 17471},
                                                         {"2017-09-16", 17425}, {"2017-10-09", 17448},
                                                         {"2017-08-25", 17403}, {"2017-09-05", 17414}}
           : std::vector<std::pair<std::string, double>>{{"1", 1}, {"6", 6}, {"3.5", 3.5}, {"4.75", 4.75}};
  for (std::size_t i = 0; i < probes.size(); ++i) {
    const auto& [v, px] = probes[i];
    const double true_p = date ? normal_cdf((px - 17409) / 18.0) : 0.35 + 0.08 * px;
    const std::uint64_t n = i < 2 ? 200 : 800;
    const auto s = static_cast<std::uint64_t>(std::round(true_p * static_cast<double>(n)));
    const double ph = static_cast<double>(s) / static_cast<double>(n);
    // Wilson 95 % interval.
    const double z = 1.959963984540054, nn = static_cast<double>(n);
    const double centre = (ph + z * z / (2 * nn)) / (1 + z * z / nn);
    const double half = z / (1 + z * z / nn) * std::sqrt(ph * (1 - ph) / nn + z * z / (4 * nn * nn));
    const double required = date ? 0.8 : 0.9;
    order.push_back(i);
    value.push_back(v);
    x.push_back(px);
    reps.push_back(n);
    succ.push_back(s);
    prob.push_back(ph);
    lo.push_back(centre - half);
    hi.push_back(centre + half);
    verdict.emplace_back(centre - half >= required  ? "meets"
                         : centre + half < required ? "fails"
                                                    : "undecided");
  }
  add_column(p, "order", "", "probe number", order);
  add_column(p, "value", "", "parameter value (YAML)", value);
  add_column(p, "x", date ? "days since 1970-01-01" : "FTE", "the value as a number", x);
  add_column(p, "replications", "", "replications run at this value", reps);
  add_column(p, "successes", "", "replications meeting the target", succ);
  add_column(p, "probability", "fraction", "successes / replications", prob);
  add_column(p, "ci_low", "fraction", "Wilson 95 % interval", lo);
  add_column(p, "ci_high", "fraction", "Wilson 95 % interval", hi);
  add_column(p, "verdict", "", "meets, fails or undecided", verdict);
  w.write_table("/feasibility/probes", p);
  if (implications != nullptr) w.write_table("/feasibility/implications", *implications);
  w.write_kpis(study_kpi_catalogue());
  w.commit();
}

}  // namespace sibsim::output::testing
