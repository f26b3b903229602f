// The list of model plug-ins and the dispatch of a scenario file to its model by `model:`.

#include <fmt/core.h>

#include <stdexcept>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/errors.hpp"

namespace sibsim::models {

void PluginRegistry::add(std::unique_ptr<ModelPlugin> plugin) {
  if (!plugin) throw std::logic_error("PluginRegistry::add: null plug-in");
  if (find(plugin->name()))
    throw std::logic_error(fmt::format("two model plug-ins are called '{}'", plugin->name()));
  plugins_.push_back(std::move(plugin));
}

const ModelPlugin* PluginRegistry::find(std::string_view name) const noexcept {
  for (const auto& p : plugins_)
    if (p->name() == name) return p.get();
  return nullptr;
}

const ModelPlugin& PluginRegistry::default_plugin() const {
  if (plugins_.empty()) throw std::logic_error("no model plug-in is registered");
  return *plugins_.front();
}

const ModelPlugin& PluginRegistry::for_document(const scenarios::Document& doc) const {
  const std::optional<std::string> name = doc.scalar("model");
  if (!name) return default_plugin();
  if (const ModelPlugin* p = find(*name)) return *p;
  std::vector<std::string> known;
  for (const auto& p : plugins_) known.emplace_back(p->name());
  std::string message = fmt::format("unknown model '{}'; this sibsim knows", *name);
  for (std::size_t i = 0; i < known.size(); ++i)
    message += fmt::format("{} '{}'", i == 0 ? "" : ",", known[i]);
  if (const std::string guess = scenarios::closest_name(*name, known); !guess.empty())
    message += fmt::format("; did you mean '{}'?", guess);
  const scenarios::Location where = doc.location("model").value_or(scenarios::Location{doc.file(), 0, 0});
  throw scenarios::ValidationErrors(
      {scenarios::Error{where.file, where.line, where.column, "model", message}});
}

std::unique_ptr<Scenario> PluginRegistry::load(const scenarios::Document& doc) const {
  return for_document(doc).load(doc);
}

std::unique_ptr<Scenario> PluginRegistry::load_file(const std::string& path) const {
  return load(scenarios::Document::from_file(path));
}

}  // namespace sibsim::models
