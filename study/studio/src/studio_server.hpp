#pragma once
// The studio's HTTP side: routes, access token, request limits, one simulation per client.

#include <filesystem>
#include <memory>
#include <string>

#include "sibsim/study/studio.hpp"
#include "studio_model.hpp"

namespace httplib {
class Server;
}

namespace sibsim::study::studio {

struct ServerSettings {
  std::string token;  ///< empty: none required
  std::filesystem::path out_dir;
  bool log = true;
  int port = 0;  ///< the bound port (for the Host check)
};

/// Registers the routes of study/studio/README.md on `server`.
void add_routes(httplib::Server& server, const models::PluginRegistry& plugins, StudioModel& model,
                const ServerSettings& settings);

}  // namespace sibsim::study::studio
