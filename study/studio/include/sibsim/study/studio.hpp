#pragma once
/// \file studio.hpp
/// `sibsim studio [SCENARIO]`: a local web server with one page of levers and charts for steering
/// meetings (study/studio/README.md has the page's HTTP API).

#include <cstdint>
#include <string>

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::study {

struct StudioArgs {
  std::string scenario;  ///< empty: the default model's example scenario
  std::string host = "127.0.0.1";
  int port = 8765;                     ///< 0: any free port (the address line says which)
  std::string out = "results/studio";  ///< saved variants and downloaded reports
  unsigned threads = 0;
  std::uint64_t seed = 1;
  std::uint64_t first_replications = 200;
  std::uint64_t final_replications = 1000;
  bool require_token = false;  ///< a token also on loopback (always required with another --host)
  bool quiet = false;          ///< no request log
};

/// Serves until interrupted (SIGINT/SIGTERM: exit 130/143). Returns 2 for bad input (scenario,
/// address in use, ...), like the other commands.
int studio_command(const models::PluginRegistry& models, const StudioArgs& args);

}  // namespace sibsim::study
