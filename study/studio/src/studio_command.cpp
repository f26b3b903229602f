// `sibsim studio`: loads the baseline, binds the address, prints it, serves until interrupted.

#include <fmt/core.h>

#include <httplib.h>

#include <cstdio>
#include <random>

#include "interrupt.hpp"  // study/src: the same signal handling as every command
#include "sibsim/study/commands.hpp"
#include "sibsim/study/studio.hpp"
#include "studio_server.hpp"

namespace sibsim::study {
namespace {

bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

/// 128 random bits as hex: the access token of a shared studio.
std::string random_token() {
  std::random_device rd;
  std::string t;
  for (int i = 0; i < 4; ++i) t += fmt::format("{:08x}", rd());
  return t;
}

}  // namespace

int studio_command(const models::PluginRegistry& models, const StudioArgs& args) {
  std::string scenario = args.scenario;
  if (scenario.empty()) scenario = std::string(models.default_plugin().example_scenario());
  if (scenario.empty()) throw std::invalid_argument("name a scenario file: sibsim studio SCENARIO");
  if (args.first_replications > args.final_replications)
    throw std::invalid_argument(fmt::format("--first ({}) must not exceed --reps ({})",
                                            args.first_replications, args.final_replications));
  studio::StudioSettings settings;
  settings.seed = args.seed;
  settings.first_replications = args.first_replications;
  settings.final_replications = args.final_replications;
  settings.max_replications = std::max<std::uint64_t>(20000, args.final_replications);
  settings.threads = args.threads;
  studio::StudioModel model(models, scenario, settings);

  studio::ServerSettings server_settings;
  server_settings.out_dir = args.out;
  server_settings.log = !args.quiet;
  const bool shared = !is_loopback(args.host);
  if (shared || args.require_token) server_settings.token = random_token();

  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(4); };
  const int port = args.port == 0 ? server.bind_to_any_port(args.host)
                                  : (server.bind_to_port(args.host, args.port) ? args.port : -1);
  if (port < 0)
    throw std::invalid_argument(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this machine); "
                    "try another --port, or --port 0 for any free one",
                    args.host, args.port));
  server_settings.port = port;
  studio::add_routes(server, models, model, server_settings);
  model.warm_up();
  install_interrupt_handlers();

  const std::string shown_host = args.host == "::1" ? "[::1]" : args.host;
  const std::string address =
      fmt::format("http://{}:{}/{}", shown_host, port,
                  server_settings.token.empty() ? "" : "?token=" + server_settings.token);
  if (shared)
    fmt::print(stderr,
               "warning: the studio listens on {} and can be reached from the network; anyone with the "
               "address below (its token) can run simulations and save scenarios into {}\n",
               args.host, args.out);
  fmt::print("sibsim studio: {} ({}; Ctrl-C to stop)\n", address, model.scenario_file());
  std::fflush(stdout);
  if (!server.listen_after_bind()) throw std::runtime_error("the studio's server stopped unexpectedly");
  return kExitOk;
}

}  // namespace sibsim::study
