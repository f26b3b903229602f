// Peak resident memory of a whole run against the number of replications: the statistics keep a
// fixed-size sketch per KPI, so 1,000 and 100,000 replications should need the same memory.
//   bench_memory <replications> [kpis=20] [threads=0]
// Prints one line: replications, KPIs, threads, wall seconds, peak RSS (getrusage ru_maxrss).
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/engine/rng.hpp"

namespace {

class NormalModel final : public sibsim::engine::ReplicationModel {
 public:
  explicit NormalModel(std::size_t kpis) : kpis_(kpis) {}
  std::vector<sibsim::engine::KpiInfo> kpis() const override {
    std::vector<sibsim::engine::KpiInfo> out;
    for (std::size_t k = 0; k < kpis_; ++k) out.push_back({"kpi_" + std::to_string(k), "1", "a normal draw"});
    return out;
  }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override {
    sibsim::engine::RandomStream s(seed, replication, 0, 0);
    for (double& x : out) x = s.normal();
  }

 private:
  std::size_t kpis_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <replications> [kpis=20] [threads=0]\n", argv[0]);
    return 2;
  }
  const auto replications = std::strtoull(argv[1], nullptr, 10);
  const std::size_t kpis = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20;
  sibsim::engine::RunOptions o;
  o.replications = replications;
  o.threads = argc > 3 ? static_cast<unsigned>(std::strtoul(argv[3], nullptr, 10)) : 0;
  const NormalModel model(kpis);
  const auto r = sibsim::engine::run_monte_carlo(model, o);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("replications=%llu kpis=%zu threads=%u wall_s=%.3f peak_rss_kib=%ld p50_kpi0=%.4f\n",
              static_cast<unsigned long long>(r.replications), kpis, r.threads, r.wall_seconds,
              usage.ru_maxrss, r.summary[0].p50);
  return 0;
}
