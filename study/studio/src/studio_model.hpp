#pragma once
// The studio's simulation side: a baseline scenario, its levers, and the paired runs of the
// baseline and a variant (the baseline with some levers moved) on common random numbers. Answers
// are JSON in the shape of study/studio/README.md. No HTTP here (studio_server.cpp).

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::study::studio {

struct StudioSettings {
  std::uint64_t seed = 1;
  std::uint64_t first_replications = 200;   ///< the quick first answer after a lever move
  std::uint64_t final_replications = 1000;  ///< the refined answer
  std::uint64_t max_replications = 20000;   ///< most a request may ask for
  unsigned threads = 0;                     ///< 0 = all cores
};

/// A lever value the studio refuses: the message is the loader's (or ours), `key` the lever.
class LeverError : public std::invalid_argument {
 public:
  LeverError(std::string key, const std::string& message)
      : std::invalid_argument(message), key_(std::move(key)) {}
  [[nodiscard]] const std::string& key() const noexcept { return key_; }

 private:
  std::string key_;
};

/// Thrown out of a run when its client asked for a newer one.
class Superseded : public std::exception {
 public:
  [[nodiscard]] const char* what() const noexcept override { return "superseded"; }
};

/// The baseline's simulated replications (cached per replication count).
struct PairSide {
  engine::RunResult result;
  std::vector<double> rows;  ///< row-major, result.kpis.size() per replication
};

class StudioModel {
 public:
  /// Loads the baseline; throws ValidationErrors like every command.
  StudioModel(const models::PluginRegistry& plugins, std::string scenario_file, StudioSettings settings);

  [[nodiscard]] const std::string& scenario_file() const noexcept { return file_; }
  [[nodiscard]] const StudioSettings& settings() const noexcept { return settings_; }
  [[nodiscard]] const models::ModelPlugin& plugin() const noexcept { return *plugin_; }
  [[nodiscard]] const scenarios::Document& base_document() const noexcept { return base_doc_; }
  [[nodiscard]] std::vector<models::Lever> levers(std::string_view lang) const;

  /// GET /api/scenario.
  [[nodiscard]] nlohmann::json scenario_json(std::string_view lang, std::string_view page_text) const;

  /// The levers a request moved (lever key -> value text), checked against the declared levers:
  /// only those whose value differs from the baseline's. Throws LeverError.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> moved_levers(
      const nlohmann::json& levers) const;
  /// The baseline with the moved levers (and optionally a new name). Throws LeverError.
  [[nodiscard]] scenarios::Document variant_document(
      const std::vector<std::pair<std::string, std::string>>& moved, const std::string& new_name = {}) const;
  /// Binds a document to the model; a loader error becomes a LeverError at its lever.
  [[nodiscard]] std::unique_ptr<models::Scenario> load_variant(const scenarios::Document& doc) const;

  /// Simulates the baseline with the first and the final replication counts now, so that the
  /// first lever move only has to simulate the variant.
  void warm_up();
  /// POST /api/run: baseline and variant on the same seed and replications. `cancelled` is polled
  /// between batches; when it says true the run throws Superseded.
  [[nodiscard]] nlohmann::json run(const nlohmann::json& levers, std::uint64_t replications,
                                   std::string_view lang, const std::function<bool()>& cancelled);

 private:
  PairSide simulate(const models::Scenario& scenario, std::uint64_t replications,
                    const std::function<bool()>& cancelled) const;
  std::shared_ptr<const PairSide> base_side(std::uint64_t replications,
                                            const std::function<bool()>& cancelled);
  /// The plug-in's label of `name` in `lang`, else `english`.
  [[nodiscard]] std::string label_for(const std::string& name, const std::string& english,
                                      std::string_view lang) const;
  [[nodiscard]] std::string label_of(const engine::KpiInfo& kpi, std::string_view lang) const;

  std::string file_;
  StudioSettings settings_;
  const models::ModelPlugin* plugin_ = nullptr;
  scenarios::Document base_doc_;
  std::unique_ptr<models::Scenario> base_;
  /// The scenario's labels by language ("en", "nl"), looked up once: a lookup per KPI would load
  /// the scenario each time (ModelPlugin::scenario_labels).
  std::map<std::string, std::vector<std::pair<std::string, std::string>>, std::less<>> labels_;
  std::mutex cache_mutex_;
  std::map<std::uint64_t, std::shared_ptr<const PairSide>> base_cache_;  ///< by replications
};

/// The KPIs the studio shows: groups headline, steering and funnel_stage, in catalogue order.
std::vector<std::size_t> shown_kpis(const std::vector<engine::KpiInfo>& kpis);

}  // namespace sibsim::study::studio
