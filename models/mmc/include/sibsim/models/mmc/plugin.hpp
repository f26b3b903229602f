#pragma once
/// \file plugin.hpp
/// The M/M/c queue as a plug-in: scenario files with `model: mmc` run through `sibsim run`,
/// `compare` and `sweep` like SIB scenarios. It proves that the workflows in study/ are generic.
///
///     model: mmc
///     name: mmc-queue
///     mmc: {arrival_rate: 4.0, service_rate: 1.25, servers: 4, warmup_days: 200, run_length_days: 2000}

#include <memory>

#include "sibsim/models/mmc/mmc_queue.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::models {

/// The value of the scenario key `model:` that selects the M/M/c queue.
inline constexpr std::string_view kMmcModelName = "mmc";

/// An M/M/c scenario file as written.
struct MmcScenarioParams {
  std::string model{kMmcModelName};
  std::string name;
  std::string description;
  MmcParams mmc;
};

/// Loads and validates an M/M/c scenario. Throws scenarios::ValidationErrors listing every problem.
MmcScenarioParams load_mmc_scenario(const scenarios::Document& doc);

std::unique_ptr<ModelPlugin> make_mmc_plugin();

}  // namespace sibsim::models
