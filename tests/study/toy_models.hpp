#pragma once
// Toy model plug-ins with analytic posteriors, for the ABC-SMC tests (abc_smc_test.cpp):
//   betabin: `p`, `n`; KPI `successes` ~ Binomial(n, p) drawn exactly (n Bernoulli trials) and
//            KPI `p` (the probability itself, for the `count` and `share` sampling models);
//   poisgam: `rate`, `exposure`; KPI `events` ~ Poisson(rate x exposure).
// A beta prior on p with k of n observed gives a Beta posterior, a gamma prior on the rate with
// k events gives a Gamma posterior.

#include <cmath>
#include <memory>
#include <string>

#include "sibsim/engine/rng.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/schema.hpp"

namespace sibsim::study::test {

struct BetaBinParams {
  std::string model = "betabin";
  std::string name;
  double p = 0.5;
  std::int64_t n = 10;
};

struct PoisGamParams {
  std::string model = "poisgam";
  std::string name;
  double rate = 1;
  double exposure = 1;
};

inline const scenarios::Schema<BetaBinParams>& betabin_schema() {
  static const scenarios::Schema<BetaBinParams> s = [] {
    scenarios::Schema<BetaBinParams> sc("beta-binomial toy model");
    sc.field("model", &BetaBinParams::model).required().one_of({"betabin"});
    sc.field("name", &BetaBinParams::name).required();
    sc.field("p", &BetaBinParams::p).required().probability();
    sc.field("n", &BetaBinParams::n).required().range(1, 100000);
    return sc;
  }();
  return s;
}

inline const scenarios::Schema<PoisGamParams>& poisgam_schema() {
  static const scenarios::Schema<PoisGamParams> s = [] {
    scenarios::Schema<PoisGamParams> sc("Poisson-gamma toy model");
    sc.field("model", &PoisGamParams::model).required().one_of({"poisgam"});
    sc.field("name", &PoisGamParams::name).required();
    sc.field("rate", &PoisGamParams::rate).required().non_negative();
    sc.field("exposure", &PoisGamParams::exposure).required().positive();
    return sc;
  }();
  return s;
}

class BetaBinModel final : public engine::ReplicationModel {
 public:
  explicit BetaBinModel(const BetaBinParams& p) : p_(p) {}
  std::vector<engine::KpiInfo> kpis() const override {
    return {{"successes", "trials", "successes out of n"}, {"p", "fraction", "success probability"}};
  }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override {
    engine::RandomStream rng(seed, replication, 0, 1);
    std::int64_t k = 0;
    for (std::int64_t i = 0; i < p_.n; ++i) k += rng.bernoulli(p_.p) ? 1 : 0;
    out[0] = static_cast<double>(k);
    out[1] = p_.p;
  }

 private:
  BetaBinParams p_;
};

class PoisGamModel final : public engine::ReplicationModel {
 public:
  explicit PoisGamModel(const PoisGamParams& p) : p_(p) {}
  std::vector<engine::KpiInfo> kpis() const override {
    return {{"events", "events", "events in the exposure"}};
  }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override {
    engine::RandomStream rng(seed, replication, 0, 1);
    out[0] = p_.rate > 0 ? static_cast<double>(rng.poisson(p_.rate * p_.exposure)) : 0.0;
  }

 private:
  PoisGamParams p_;
};

template <class Params, class Model>
class ToyScenario final : public models::Scenario {
 public:
  ToyScenario(Params p, std::string yaml) : params_(std::move(p)), yaml_(std::move(yaml)), model_(params_) {}
  std::string name() const override { return params_.name; }
  std::string description() const override { return "toy"; }
  std::string resolved_yaml() const override { return yaml_; }
  const engine::ReplicationModel& model() const override { return model_; }

 private:
  Params params_;
  std::string yaml_;
  Model model_;
};

class BetaBinPlugin final : public models::ModelPlugin {
 public:
  std::string_view name() const override { return "betabin"; }
  std::string_view title() const override { return "beta-binomial toy"; }
  std::unique_ptr<models::Scenario> load(const scenarios::Document& doc) const override {
    BetaBinParams p = betabin_schema().load(doc);
    std::string yaml = betabin_schema().to_yaml(p);
    return std::make_unique<ToyScenario<BetaBinParams, BetaBinModel>>(std::move(p), std::move(yaml));
  }
  std::string help_config() const override { return betabin_schema().help(); }
};

class PoisGamPlugin final : public models::ModelPlugin {
 public:
  std::string_view name() const override { return "poisgam"; }
  std::string_view title() const override { return "Poisson-gamma toy"; }
  std::unique_ptr<models::Scenario> load(const scenarios::Document& doc) const override {
    PoisGamParams p = poisgam_schema().load(doc);
    std::string yaml = poisgam_schema().to_yaml(p);
    return std::make_unique<ToyScenario<PoisGamParams, PoisGamModel>>(std::move(p), std::move(yaml));
  }
  std::string help_config() const override { return poisgam_schema().help(); }
};

/// The toy plug-ins, registered once.
inline const models::PluginRegistry& toy_plugins() {
  static const models::PluginRegistry plugins = [] {
    models::PluginRegistry r;
    r.add(std::make_unique<BetaBinPlugin>());
    r.add(std::make_unique<PoisGamPlugin>());
    return r;
  }();
  return plugins;
}

}  // namespace sibsim::study::test
