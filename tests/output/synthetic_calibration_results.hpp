#pragma once
// A made-up file of the kind `sibsim calibrate` writes (layout: output/SCHEMA.md, kind
// "calibration"), with particles drawn from a fixed generator rather than by ABC-SMC, and a
// /posterior_spread table as `sibsim run --posterior` adds to a run file. Used by the report tests
// (report_calibration_test.cpp) and by report_write_sample (whose pages the browser test renders).
//
//   parameters:   arrivals.rate (gamma prior, identified), service.share (beta on [0.1, 0.9],
//                 identified, correlated with arrivals.rate), delay.scale (log-uniform, posterior
//                 mean about 0.0015, identified), staff.count (integer, uniform: not identified)
//   observations: 5 fit figures (4 inside their 90 % intervals) and 2 check figures (1 inside);
//                 CalibrationShape::saturated keeps only 3 fit figures (degrees of freedom -1)

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "sibsim/output/results_writer.hpp"
#include "synthetic_study_results.hpp"

namespace sibsim::output::testing {

enum class CalibrationShape { overdetermined, saturated };

inline constexpr std::size_t kCalibrationParticles = 300;

struct SyntheticParameter {
  std::string path, label, kind, prior, prior_kind, source;
  double a, b, lower, upper, prior_mean, prior_sd;
  std::vector<double> values;
};

inline double weighted_mean_of(const std::vector<double>& x, const std::vector<double>& w) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += w[i] * x[i];
  return s;
}

inline double weighted_quantile_of(const std::vector<double>& x, const std::vector<double>& w, double q) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  double cumulative = 0;
  for (const std::size_t i : order) {
    cumulative += w[i];
    if (cumulative >= q) return x[i];
  }
  return x[order.back()];
}

inline void write_calibration(const std::filesystem::path& file,
                              CalibrationShape shape = CalibrationShape::overdetermined) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  ResultsWriter w(file, study_meta(kKindCalibration, "Toy queue calibration",
                                   "scenario: scenarios/toy.yaml\nobservations: observations/toy.yaml\n"));
  std::mt19937_64 rng(20260601);
  std::normal_distribution<double> z;
  std::uniform_real_distribution<double> u;
  std::vector<double> weight;
  std::vector<SyntheticParameter> ps = {
      {"arrivals.rate",
       "Arrival rate",
       "number",
       "gamma(2, 0.5)",
       "gamma",
       "brief p. 4",
       2,
       0.5,
       -kInf,
       kInf,
       4,
       std::sqrt(8.0),
       {}},
      {"service.share",
       "Share served",
       "number",
       "beta(2, 5) on [0.1, 0.9]",
       "beta",
       "pilot data",
       2,
       5,
       0.1,
       0.9,
       0.29,
       0.15,
       {}},
      {"delay.scale",
       "Delay scale",
       "number",
       "log-uniform(0.0001, 0.1)",
       "log_uniform",
       "",
       0.0001,
       0.1,
       -kInf,
       kInf,
       0.0145,
       0.0222,
       {}},
      {"staff.count",
       "Staff count",
       "integer",
       "uniform(1, 6)",
       "uniform",
       "assumption",
       1,
       6,
       -kInf,
       kInf,
       3.5,
       1.443,
       {}},
  };
  for (std::size_t i = 0; i < kCalibrationParticles; ++i) {
    const double z0 = z(rng), z1 = z(rng);
    ps[0].values.push_back(3.1 + 0.3 * z0);
    ps[1].values.push_back(std::clamp(0.42 - 0.05 * (0.8 * z0 + 0.6 * z1), 0.1, 0.9));
    ps[2].values.push_back(0.0015 * std::exp(0.2 * z(rng)));
    ps[3].values.push_back(std::floor(1 + 5 * u(rng) + 0.5));
    weight.push_back(0.5 + u(rng));
  }
  const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
  for (double& x : weight) x /= total;

  Table posterior;
  posterior.description = "the particles of the final generation";
  for (const auto& p : ps) add_column(posterior, p.path, "", p.label, p.values);
  add_column(posterior, "weight", "", "importance weight (sums to 1)", weight);
  std::vector<double> distance;
  for (std::size_t i = 0; i < kCalibrationParticles; ++i) distance.push_back(0.5 + u(rng));
  add_column(posterior, "distance", "", "median standardised distance", distance);
  w.write_table("/posterior", posterior);

  Table t;
  t.description = "the calibrated parameters";
  std::vector<std::string> path, label, kind, prior, prior_kind, source;
  std::vector<double> a, b, lower, upper, prior_mean, prior_sd, mean, sd, q05, q50, q95, ratio;
  std::vector<std::uint8_t> identified;
  for (const auto& p : ps) {
    path.push_back(p.path);
    label.push_back(p.label);
    kind.push_back(p.kind);
    prior.push_back(p.prior);
    prior_kind.push_back(p.prior_kind);
    source.push_back(p.source);
    a.push_back(p.a);
    b.push_back(p.b);
    lower.push_back(p.lower);
    upper.push_back(p.upper);
    prior_mean.push_back(p.prior_mean);
    prior_sd.push_back(p.prior_sd);
    const double m = weighted_mean_of(p.values, weight);
    double v = 0;
    for (std::size_t i = 0; i < p.values.size(); ++i) v += weight[i] * (p.values[i] - m) * (p.values[i] - m);
    mean.push_back(m);
    sd.push_back(std::sqrt(v));
    q05.push_back(weighted_quantile_of(p.values, weight, 0.05));
    q50.push_back(weighted_quantile_of(p.values, weight, 0.5));
    q95.push_back(weighted_quantile_of(p.values, weight, 0.95));
    ratio.push_back(std::sqrt(v) / p.prior_sd);
    identified.push_back(ratio.back() < 0.8 ? 1 : 0);
  }
  add_column(t, "path", "", "key path", path);
  add_column(t, "label", "", "label", label);
  add_column(t, "kind", "", "number or integer", kind);
  add_column(t, "prior", "", "the prior in words", prior);
  add_column(t, "prior_kind", "", "the prior's family", prior_kind);
  add_column(t, "source", "", "where the prior comes from", source);
  add_column(t, "prior_a", "", "first prior parameter", a);
  add_column(t, "prior_b", "", "second prior parameter", b);
  add_column(t, "lower", "", "truncation", lower);
  add_column(t, "upper", "", "truncation", upper);
  add_column(t, "prior_mean", "", "", prior_mean);
  add_column(t, "prior_sd", "", "", prior_sd);
  add_column(t, "posterior_mean", "", "", mean);
  add_column(t, "posterior_sd", "", "", sd);
  add_column(t, "q05", "", "", q05);
  add_column(t, "q50", "", "", q50);
  add_column(t, "q95", "", "", q95);
  add_column(t, "sd_ratio", "", "posterior_sd / prior_sd", ratio);
  add_column(t, "identified", "", "1 if sd_ratio < 0.8", identified);
  w.write_table("/parameters", t);

  Table g;
  g.description = "one row per generation";
  add_column<std::uint64_t>(g, "generation", "", "", {0, 1, 2, 3});
  add_column<std::uint64_t>(g, "proposals", "", "", {300, 812, 1540, 2911});
  add_column<std::uint64_t>(g, "simulations", "", "", {2400, 6496, 12320, 23288});
  add_column<double>(g, "tolerance", "", "", {kInf, 4.2, 2.1, 1.05});
  add_column<double>(g, "acceptance", "fraction", "", {1.0, 0.37, 0.19, 0.103});
  add_column<double>(g, "ess", "", "", {300, 251.4, 233.0, 241.7});
  add_column<double>(g, "seconds", "s", "", {3.2, 8.8, 16.1, 30.4});
  w.write_table("/generations", g);

  struct Obs {
    std::string name, label, kpi, sampling, role, source;
    double observed, low, high, n, median, q05, q95;
    std::uint8_t inside;
  };
  std::vector<Obs> obs = {
      {"served", "Customers served", "served", "count", "fit", "brief table 2", 52, kNaN, kNaN, 120, 50, 41,
       60, 1},
      {"wait_mean", "Mean wait", "wait_mean", "mean", "fit", "brief table 3", 0.0015, kNaN, kNaN, kNaN,
       0.0016, 0.0012, 0.0021, 1},
      {"share_served", "Share served", "served / arrived", "share", "fit", "pilot", 0.43, kNaN, kNaN, 120,
       0.42, 0.35, 0.49, 1},
      {"queue_peak", "Peak queue", "queue_peak", "range", "fit", "site visit", kNaN, 8, 12, kNaN, 13.5, 12.5,
       15, 0},
      {"balked", "Customers who balked", "balked", "exact", "fit", "", 7, kNaN, kNaN, kNaN, 7.2, 4, 11, 1},
      {"served_2017", "Customers served in 2017", "served@2017-12-31", "count", "check", "annual report", 61,
       kNaN, kNaN, 140, 58, 48, 69, 1},
      {"abandon_share", "Share abandoning", "abandoned / arrived", "share", "check", "annual report", 0.21,
       kNaN, kNaN, 140, 0.12, 0.08, 0.17, 0},
  };
  if (shape == CalibrationShape::saturated) obs.erase(obs.begin() + 3, obs.begin() + 5);  // 3 fit figures
  Table pr;
  pr.description = "each observed figure against its posterior-predictive distribution";
  std::vector<std::string> name, olabel, kpi, sampling, role, osource;
  std::vector<double> observed, low, high, n, median, pq05, pq95;
  std::vector<std::uint8_t> inside;
  for (const auto& o : obs) {
    name.push_back(o.name);
    olabel.push_back(o.label);
    kpi.push_back(o.kpi);
    sampling.push_back(o.sampling);
    role.push_back(o.role);
    osource.push_back(o.source);
    observed.push_back(o.observed);
    low.push_back(o.low);
    high.push_back(o.high);
    n.push_back(o.n);
    median.push_back(o.median);
    pq05.push_back(o.q05);
    pq95.push_back(o.q95);
    inside.push_back(o.inside);
  }
  add_column(pr, "name", "", "", name);
  add_column(pr, "label", "", "", olabel);
  add_column(pr, "kpi", "", "", kpi);
  add_column(pr, "sampling", "", "", sampling);
  add_column(pr, "role", "", "", role);
  add_column(pr, "source", "", "", osource);
  add_column(pr, "observed", "", "", observed);
  add_column(pr, "low", "", "", low);
  add_column(pr, "high", "", "", high);
  add_column(pr, "n", "", "", n);
  add_column(pr, "median", "", "", median);
  add_column(pr, "q05", "", "", pq05);
  add_column(pr, "q95", "", "", pq95);
  add_column(pr, "inside_90", "", "", inside);
  w.write_table("/predictive", pr);
  w.write_kpis(study_kpi_catalogue());
  w.commit();
}

/// /posterior_spread as `sibsim run --posterior` adds it to a run file: one row per KPI.
inline Table posterior_spread_table() {
  Table t;
  t.description = "the spread of each KPI split into parameter uncertainty and Monte Carlo variation";
  const std::vector<std::string> kpi = {"started", "reached_target", "payout_total", "started@2017-01-01"};
  const std::vector<double> mean = {148.2, 0.47, 1.2e6, 80};
  const std::vector<double> sd_parameter = {9.1, 0.21, 2.1e5, 5};
  const std::vector<double> sd_monte_carlo = {6.4, 0.41, 0.9e5, 4};
  std::vector<double> total, share;
  for (std::size_t i = 0; i < kpi.size(); ++i) {
    const double vp = sd_parameter[i] * sd_parameter[i], vm = sd_monte_carlo[i] * sd_monte_carlo[i];
    total.push_back(std::sqrt(vp + vm));
    share.push_back(vp / (vp + vm));
  }
  add_column(t, "kpi", "", "", kpi);
  add_column(t, "mean", "", "", mean);
  add_column(t, "sd_total", "", "", total);
  add_column(t, "sd_parameter", "", "", sd_parameter);
  add_column(t, "sd_monte_carlo", "", "", sd_monte_carlo);
  add_column(t, "parameter_share", "fraction", "", share);
  add_column<std::uint64_t>(t, "particles_used", "", "", {300, 300, 300, 300});
  return t;
}

}  // namespace sibsim::output::testing
