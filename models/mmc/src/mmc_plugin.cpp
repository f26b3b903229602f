// The M/M/c plug-in: its scenario schema, its terminal summary (with Erlang C next to the
// simulation when the queue is stable) and the plug-in itself.

#include "sibsim/models/mmc/plugin.hpp"

#include <fmt/core.h>

#include <cmath>

#include "sibsim/scenarios/schema.hpp"

namespace sibsim::models {
namespace {

using scenarios::Checker;
using scenarios::Record;
using scenarios::Schema;

const Schema<MmcScenarioParams>& schema() {
  static const Schema<MmcScenarioParams> s = [] {
    Schema<MmcScenarioParams> sc("M/M/c queue (example model)");
    sc.field("model", &MmcScenarioParams::model)
        .required()
        .one_of({std::string(kMmcModelName)})
        .doc("which model runs this scenario");
    sc.field("name", &MmcScenarioParams::name)
        .required()
        .non_empty()
        .doc("short scenario name, used in reports");
    sc.field("description", &MmcScenarioParams::description)
        .default_value(std::string{})
        .doc("what the scenario describes");
    sc.section("mmc", &MmcScenarioParams::mmc, [](Record<MmcParams>& m) {
        m.field("arrival_rate", &MmcParams::arrival_rate)
            .required()
            .positive()
            .max(1e6)
            .unit("1/day")
            .doc("mean number of arrivals per day (lambda)");
        m.field("service_rate", &MmcParams::service_rate)
            .required()
            .positive()
            .max(1e6)
            .unit("1/day")
            .doc("mean services per day by one server (mu)");
        m.field("servers", &MmcParams::servers)
            .required()
            .range(1, 10000)
            .doc("number of parallel servers (c)");
        m.field("warmup_days", &MmcParams::warmup)
            .required()
            .non_negative()
            .max(1e6)
            .unit("day")
            .doc("simulated time discarded before statistics are collected");
        m.field("run_length_days", &MmcParams::run_length)
            .required()
            .positive()
            .max(1e6)
            .unit("day")
            .doc("simulated time of statistics after the warm-up");
        m.check([](const MmcParams& p, Checker& c) {
          // Bounded work and memory: about (warm-up + run length) x (lambda + c mu) events per
          // replication, and an unstable queue (lambda >= c mu) holds most arrivals at once
          // (~32 bytes each in the resource's queue): 1e7 arrivals keep a replication under 1 GB.
          if ((p.warmup + p.run_length) * p.arrival_rate > 1e7)
            c.error("arrival_rate",
                    "(warmup_days + run_length_days) x arrival_rate is above 1e7 arrivals "
                    "per replication; shorten the run or lower the rate");
        });
      }).doc("parameters of the M/M/c queue");
    return sc;
  }();
  return s;
}

class MmcScenario final : public Scenario {
 public:
  explicit MmcScenario(MmcScenarioParams p) : params_(std::move(p)), model_(params_.mmc) {}

  std::string name() const override { return params_.name; }
  std::string description() const override { return params_.description; }
  std::string resolved_yaml() const override { return schema().to_yaml(params_); }
  const engine::ReplicationModel& model() const override { return model_; }
  double expected_entities_per_replication() const override {
    return (params_.mmc.warmup + params_.mmc.run_length) * params_.mmc.arrival_rate;
  }

  void print_summary(std::FILE* out, const engine::RunResult& result) const override {
    Scenario::print_summary(out, result);
    const MmcParams& p = params_.mmc;
    const double rho = p.arrival_rate / (p.servers * p.service_rate);
    if (rho >= 1) {
      fmt::print(
          out, "  utilisation lambda / (c mu) = {:.3f} >= 1: the queue is unstable (no steady state)\n", rho);
      return;
    }
    const MmcTheory t = erlang_c(p);
    fmt::print(
        out,
        "  steady state (Erlang C): wait in queue {:.4g} days, utilisation {:.4g}, queue length {:.4g}\n",
        t.wq, t.rho, t.lq);
  }

 private:
  MmcScenarioParams params_;
  MmcQueue model_;
};

class MmcPlugin final : public ModelPlugin {
 public:
  std::string_view name() const override { return kMmcModelName; }
  std::string_view title() const override { return "M/M/c queue (engine validation example)"; }
  std::unique_ptr<Scenario> load(const scenarios::Document& doc) const override {
    return std::make_unique<MmcScenario>(load_mmc_scenario(doc));
  }
  std::string help_config() const override { return schema().help(); }
  // The queue's three rates as studio levers (English only: an example model).
  std::vector<Lever> levers(const scenarios::Document& doc, std::string_view /*lang*/) const override {
    const auto lever = [&](const char* key, const char* label, Lever::Kind kind, double max, double step,
                           const char* unit) {
      Lever l;
      l.key = key;
      l.label = label;
      l.group = "queue";
      l.group_label = "Queue";
      l.kind = kind;
      l.value = doc.scalar(key).value_or("");
      l.min = kind == Lever::Kind::integer ? 1 : 0.001;
      l.max = max;
      l.step = step;
      l.unit = unit;
      return l;
    };
    return {lever("mmc.servers", "servers", Lever::Kind::integer, 10000, 1, ""),
            lever("mmc.arrival_rate", "arrivals per day", Lever::Kind::number, 1e6, 0.1, "1/day"),
            lever("mmc.service_rate", "services per day per server", Lever::Kind::number, 1e6, 0.1, "1/day")};
  }
};

}  // namespace

MmcScenarioParams load_mmc_scenario(const scenarios::Document& doc) { return schema().load(doc); }

std::unique_ptr<ModelPlugin> make_mmc_plugin() { return std::make_unique<MmcPlugin>(); }

}  // namespace sibsim::models
