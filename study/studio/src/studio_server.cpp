// The studio's HTTP routes (studio_server.hpp; the API is in study/studio/README.md).
// Safety: the page and the API answer only with the access token when one is set; without one,
// only requests addressed to the loopback name and port (no DNS rebinding) and POSTs from the
// page's own origin (no cross-site requests). Bodies are at most 64 KiB, a client makes at most
// 200 requests in 10 s, and each client runs one simulation at a time (a newer run cancels it).

#include "studio_server.hpp"

#include <fmt/core.h>

#include <httplib.h>
#include <atomic>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "sibsim/study/commands.hpp"
#include "studio_page.hpp"
#include "studio_save.hpp"

namespace sibsim::study::studio {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRequestsPerWindow = 200;
constexpr auto kRateWindow = std::chrono::seconds(10);
constexpr std::size_t kMaxClients = 1000;
constexpr std::size_t kMaxBody = std::size_t{64} * 1024;

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& message, const std::string& key = {}) {
  json body = {{"error", message}};
  if (!key.empty()) body["key"] = key;
  send_json(res, status, body);
}

/// A request body as JSON, or nullopt after answering 400.
std::optional<json> body_json(const httplib::Request& req, httplib::Response& res) {
  try {
    json j = req.body.empty() ? json::object() : json::parse(req.body);
    if (!j.is_object()) {
      send_error(res, 400, "the request body must be a JSON object");
      return std::nullopt;
    }
    return j;
  } catch (const json::exception& e) {
    send_error(res, 400, fmt::format("the request body is not valid JSON: {}", e.what()));
    return std::nullopt;
  }
}

std::string lang_of(const httplib::Request& req) {
  const std::string lang = req.has_param("lang") ? req.get_param_value("lang") : "en";
  return known_language(lang) ? lang : "en";
}

/// One page's state: its running simulation and the newest request it made.
struct Client {
  std::mutex running;                    ///< held while this client's simulation runs
  std::atomic<std::uint64_t> newest{0};  ///< generation of the client's newest run request
};

class Clients {
 public:
  std::shared_ptr<Client> get(const std::string& id) {
    const std::lock_guard lock(mutex_);
    auto& c = clients_[id];
    if (!c) {
      if (clients_.size() > kMaxClients) clients_.clear();  // bounded memory; old pages just restart
      c = std::make_shared<Client>();
      clients_[id] = c;
    }
    return c;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Client>> clients_;
};

/// At most kMaxRequestsPerWindow requests per remote address in kRateWindow.
class RateLimit {
 public:
  bool allow(const std::string& who) {
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard lock(mutex_);
    auto& times = seen_[who];
    while (!times.empty() && now - times.front() > kRateWindow) times.pop_front();
    if (times.size() >= kMaxRequestsPerWindow) return false;
    times.push_back(now);
    return true;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::deque<std::chrono::steady_clock::time_point>> seen_;
};

bool loopback_host_header(const std::string& host, int port) {
  for (const char* name : {"127.0.0.1", "localhost", "[::1]"})
    if (host == fmt::format("{}:{}", name, port)) return true;
  return false;
}

std::uint64_t requested_replications(const json& body, const StudioModel& model) {
  const StudioSettings& s = model.settings();
  if (!body.contains("replications")) return s.first_replications;
  const json& r = body["replications"];
  if (!r.is_number_integer() || r.get<long long>() < 1 ||
      static_cast<std::uint64_t>(r.get<long long>()) > s.max_replications)
    throw LeverError("",
                     fmt::format("replications: expected a whole number from 1 to {}", s.max_replications));
  return static_cast<std::uint64_t>(r.get<long long>());
}

std::string text_field(const json& body, const char* name, std::size_t max_length) {
  if (!body.contains(name)) return {};
  if (!body[name].is_string()) throw LeverError("", fmt::format("{}: expected text", name));
  std::string s = body[name].get<std::string>();
  if (s.size() > max_length) throw LeverError("", fmt::format("{}: at most {} characters", name, max_length));
  return s;
}

}  // namespace

void add_routes(httplib::Server& server, const models::PluginRegistry& plugins, StudioModel& model,
                const ServerSettings& settings) {
  auto clients = std::make_shared<Clients>();
  auto rate = std::make_shared<RateLimit>();
  auto report_mutex = std::make_shared<std::mutex>();
  const std::string page = page_html();

  server.set_payload_max_length(kMaxBody);
  server.set_pre_routing_handler([settings, rate](const httplib::Request& req, httplib::Response& res) {
    if (!settings.token.empty()) {
      const std::string given =
          req.has_param("token") ? req.get_param_value("token") : req.get_header_value("X-Sibsim-Token");
      if (given != settings.token) {
        send_error(res, 403, "this studio needs its access token: open the address it printed at start");
        return httplib::Server::HandlerResponse::Handled;
      }
    } else if (!loopback_host_header(req.get_header_value("Host"), settings.port)) {
      send_error(res, 403, "requests must be addressed to the studio's loopback address");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method == "POST" && req.has_header("Origin")) {
      const std::string origin = req.get_header_value("Origin");
      if (origin != "http://" + req.get_header_value("Host")) {
        send_error(res, 403, "cross-site requests are refused");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (!rate->allow(req.remote_addr)) {
      send_error(res, 429, "too many requests: wait a few seconds");
      return httplib::Server::HandlerResponse::Handled;
    }
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  if (settings.log)
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      fmt::print(stderr, "studio: {} {} {}\n", req.method, req.path, res.status);
    });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, const std::exception_ptr& ep) {
        std::string what = "unknown";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        send_error(res, 500, "internal error: " + what);
      });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) send_error(res, res.status, fmt::format("HTTP {}", res.status));
  });

  server.Get("/", [page](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
                   "img-src data:; "
                   "connect-src 'self'");
    res.set_content(page, "text/html; charset=utf-8");
  });

  server.Get("/api/scenario", [&model](const httplib::Request& req, httplib::Response& res) {
    const std::string lang = lang_of(req);
    send_json(res, 200, model.scenario_json(lang, page_text(lang)));
  });

  server.Post("/api/run", [&model, clients](const httplib::Request& req, httplib::Response& res) {
    const std::optional<json> body = body_json(req, res);
    if (!body) return;
    try {
      const std::uint64_t reps = requested_replications(*body, model);
      const std::string id = text_field(*body, "client", 64);
      const std::shared_ptr<Client> client = clients->get(id.empty() ? req.remote_addr : id);
      const std::uint64_t mine = ++client->newest;
      const std::lock_guard running(client->running);  // the older run sees `newest` move and stops
      if (client->newest != mine) return send_error(res, 409, "superseded");
      const json levers = body->contains("levers") ? (*body)["levers"] : json::object();
      send_json(res, 200,
                model.run(levers, reps, lang_of(req), [&client, mine] { return client->newest != mine; }));
    } catch (const LeverError& e) {
      send_error(res, 400, e.what(), e.key());
    } catch (const Superseded&) {
      send_error(res, 409, "superseded");
    }
  });

  server.Post("/api/save", [&model, settings](const httplib::Request& req, httplib::Response& res) {
    const std::optional<json> body = body_json(req, res);
    if (!body) return;
    try {
      SaveRequest save;
      save.name = text_field(*body, "name", 200);
      save.author = text_field(*body, "author", 200);
      save.note = text_field(*body, "note", 1000);
      save.moved = model.moved_levers(body->contains("levers") ? (*body)["levers"] : json::object());
      const std::filesystem::path file = save_variant(model, save, settings.out_dir);
      std::ifstream in(file);
      std::stringstream text;
      text << in.rdbuf();
      send_json(res, 200, {{"file", file.string()}, {"yaml", text.str()}});
    } catch (const LeverError& e) {
      send_error(res, 400, e.what(), e.key());
    } catch (const std::invalid_argument& e) {
      send_error(res, 400, e.what());
    } catch (const AlreadyExists& e) {
      send_error(res, 409, e.what());
    } catch (const std::runtime_error& e) {
      send_error(res, 500, e.what());
    }
  });

  server.Post("/api/report", [&model, &plugins, settings, report_mutex](const httplib::Request& req,
                                                                        httplib::Response& res) {
    const std::optional<json> body = body_json(req, res);
    if (!body) return;
    try {
      const std::uint64_t reps = body->contains("replications") ? requested_replications(*body, model)
                                                                : model.settings().final_replications;
      SaveRequest save;
      save.name = "studio-variant";
      save.moved = model.moved_levers(body->contains("levers") ? (*body)["levers"] : json::object());
      const std::lock_guard lock(*report_mutex);  // one report at a time; they share the variant file
      std::filesystem::create_directories(settings.out_dir);
      const std::filesystem::path variant = settings.out_dir / ".studio-variant.yaml";
      {
        std::ofstream f(variant, std::ios::binary);
        f << variant_yaml(model, save, settings.out_dir);
      }
      CompareArgs args;
      args.scenarios = {model.scenario_file(), variant.string()};
      args.replications = reps;
      args.common.seed = model.settings().seed;
      args.common.threads = model.settings().threads;
      args.common.quiet = true;
      // The report in the page's language (?lang=, as the page asks for everything else).
      if (const std::string lang = req.get_param_value("lang"); lang == "en" || lang == "nl")
        args.common.lang = lang;
      const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
      const std::filesystem::path out = settings.out_dir / fmt::format("compare-studio-{}.h5", stamp);
      args.common.out = out.string();
      args.common.command_line = {"sibsim", "studio", "(report)"};
      compare_command(plugins, args);
      std::filesystem::remove(variant);
      std::ifstream in(std::filesystem::path(out).replace_extension(".html"), std::ios::binary);
      std::stringstream html;
      html << in.rdbuf();
      res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}\"",
                                                        out.filename().replace_extension(".html").string()));
      res.set_content(html.str(), "text/html; charset=utf-8");
    } catch (const LeverError& e) {
      send_error(res, 400, e.what(), e.key());
    } catch (const std::invalid_argument& e) {
      send_error(res, 400, e.what());
    }
  });
}

}  // namespace sibsim::study::studio
