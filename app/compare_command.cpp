// `sibsim compare BASE VARIANT...`: runs every scenario on the same seed and replication
// indices (common random numbers: the same persons draw the same numbers) and reports, per
// KPI, each scenario's mean and the paired difference from the base with its 95 % CI, next to
// the CI an independent comparison would have.

#include <fmt/core.h>

#include <cmath>
#include <string>
#include <vector>

#include "commands.hpp"
#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/scenarios/sib_scenario.hpp"

namespace sibsim::app {
namespace {

struct Moments {
  double mean = 0, var = 0;
  std::size_t n = 0;
};

/// Mean and variance of the defined (non-NaN) values; x[i] - y[i] when y is given (paired).
Moments moments(const std::vector<double>& x, const std::vector<double>* y = nullptr) {
  Moments m;
  double sum = 0, sq = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double v = y ? x[i] - (*y)[i] : x[i];
    if (std::isnan(v)) continue;
    ++m.n;
    sum += v;
    sq += v * v;
  }
  if (m.n == 0) return {NAN, NAN, 0};
  m.mean = sum / static_cast<double>(m.n);
  m.var = m.n > 1 ? (sq - static_cast<double>(m.n) * m.mean * m.mean) / static_cast<double>(m.n - 1) : 0.0;
  return m;
}

const std::vector<std::string> kDefaultKpis = {"started",
                                               "selected",
                                               "starters_addiction_true_share",
                                               "starters_meet_handbook_share",
                                               "dropouts",
                                               "dropout_share",
                                               "dropout_no_effort",
                                               "dropout_clinic",
                                               "dropout_custody",
                                               "extra_work_months_true_per_starter",
                                               "extra_work_months_true",
                                               "extra_work_months_measured",
                                               "success_threshold_reached",
                                               "payout_total",
                                               "investor_multiple",
                                               "government_net"};

}  // namespace

int compare_command(const CompareArgs& args) {
  std::vector<models::sib::SibParams> params;
  for (const std::string& f : args.scenarios) params.push_back(scenarios::load_sib_scenario(f));
  const std::vector<std::string>& names = args.kpis.empty() ? kDefaultKpis : args.kpis;

  // values[scenario][kpi][replication]
  std::vector<std::vector<std::vector<double>>> values(params.size());
  for (std::size_t s = 0; s < params.size(); ++s) {
    const models::sib::SibModel model(params[s]);
    std::vector<long> idx;
    for (const std::string& n : names) {
      long k = -1;
      const auto kpis = model.kpis();
      for (std::size_t j = 0; j < kpis.size(); ++j)
        if (kpis[j].name == n) k = static_cast<long>(j);
      idx.push_back(k);
    }
    const std::size_t width = model.kpis().size();
    values[s].assign(names.size(), std::vector<double>(args.replications, NAN));
    engine::RunOptions opt;
    opt.seed = args.seed;
    opt.replications = args.replications;
    opt.threads = args.threads;
    opt.progress = !args.quiet;
    engine::run_monte_carlo(
        model, opt, [&](std::uint64_t first, std::uint64_t count, std::span<const double> rows) {
          for (std::uint64_t r = 0; r < count; ++r)
            for (std::size_t k = 0; k < names.size(); ++k)
              if (idx[k] >= 0) values[s][k][first + r] = rows[r * width + static_cast<std::size_t>(idx[k])];
        });
  }

  fmt::print("\nCompared on common random numbers: {} replications, seed {}\n", args.replications, args.seed);
  for (std::size_t s = 0; s < params.size(); ++s)
    fmt::print("  [{}] {} ({})\n", s, params[s].name, args.scenarios[s]);
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (std::isnan(moments(values[0][k]).mean) && moments(values[0][k]).n == 0) continue;
    fmt::print("\n{}\n", names[k]);
    const Moments base = moments(values[0][k]);
    fmt::print("  [0] mean {:>12.4g}\n", base.mean);
    for (std::size_t s = 1; s < params.size(); ++s) {
      const Moments v = moments(values[s][k]);
      const Moments d = moments(values[s][k], &values[0][k]);
      const double half = 1.96 * std::sqrt(d.var / static_cast<double>(std::max<std::size_t>(d.n, 1)));
      const double indep = 1.96 * std::sqrt(base.var / static_cast<double>(std::max<std::size_t>(base.n, 1)) +
                                            v.var / static_cast<double>(std::max<std::size_t>(v.n, 1)));
      fmt::print(
          "  [{}] mean {:>12.4g}   difference {:>+11.4g}  95 % CI {:+.4g} .. {:+.4g}   (independent runs: "
          "+-{:.3g},"
          " {:.1f}x wider)\n",
          s, v.mean, d.mean, d.mean - half, d.mean + half, indep, half > 0 ? indep / half : NAN);
    }
  }
  return kExitOk;
}

}  // namespace sibsim::app
