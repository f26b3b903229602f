// "Save as scenario" (studio_save.hpp).

#include "studio_save.hpp"

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <fstream>
#include <regex>

#include "sibsim/scenarios/document.hpp"

namespace sibsim::study::studio {
namespace {

/// "a.b[2].c" -> {"a", "b"} (the path up to the first list) and whether it has a list index.
std::pair<std::vector<std::string>, bool> split_key(const std::string& key) {
  std::vector<std::string> parts;
  const std::size_t bracket = key.find('[');
  const std::string head = key.substr(0, bracket);
  std::size_t from = 0;
  while (from <= head.size()) {
    const std::size_t dot = head.find('.', from);
    parts.push_back(head.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (dot == std::string::npos) break;
    from = dot + 1;
  }
  return {parts, bracket != std::string::npos};
}

YAML::Node child(YAML::Node node, const std::vector<std::string>& path) {
  for (const std::string& p : path) node.reset(node[p]);
  return node;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

}  // namespace

bool valid_variant_name(const std::string& name) {
  static const std::regex ok("[A-Za-z0-9_-]{1,64}");
  return std::regex_match(name, ok);
}

std::string variant_yaml(const StudioModel& model, const SaveRequest& request,
                         const std::filesystem::path& folder) {
  const scenarios::Document doc = model.variant_document(request.moved, request.name);
  const std::unique_ptr<models::Scenario> variant = model.load_variant(doc);
  const YAML::Node resolved = YAML::Load(variant->resolved_yaml());
  YAML::Node out(YAML::NodeType::Map);
  const std::filesystem::path base = std::filesystem::absolute(model.scenario_file());
  out["extends"] = std::filesystem::relative(base, std::filesystem::absolute(folder)).generic_string();
  out["name"] = request.name;
  for (const auto& [key, value] : request.moved) {
    const auto [path, in_list] = split_key(key);
    YAML::Node target = out;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) target.reset(target[path[i]]);
    if (in_list)
      target[path.back()] = YAML::Clone(child(resolved, path));  // the whole list, as the variant has it
    else if (value.empty())
      target[path.back()] = YAML::Node(YAML::NodeType::Null);
    else
      target[path.back()] = value;
  }
  YAML::Emitter e;
  e << out;
  std::string header =
      fmt::format("# Saved by sibsim studio on {:%Y-%m-%d %H:%M} UTC",
                  std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()));
  if (!request.author.empty()) header += " by " + one_line(request.author);
  header += fmt::format("\n# Baseline: {}\n", model.scenario_file());
  if (!request.note.empty()) header += "# Note: " + one_line(request.note) + "\n";
  return header + e.c_str() + "\n";
}

std::filesystem::path save_variant(const StudioModel& model, const SaveRequest& request,
                                   const std::filesystem::path& folder) {
  if (!valid_variant_name(request.name))
    throw std::invalid_argument(fmt::format(
        "'{}' is not a usable name: use 1 to 64 letters, digits, '-' or '_'", one_line(request.name)));
  std::filesystem::create_directories(folder);
  std::filesystem::path file = folder / (request.name + ".yaml");
  if (std::filesystem::exists(file))
    throw AlreadyExists(fmt::format("a scenario named '{}' exists already ({}): choose another name",
                                    request.name, file.string()));
  const std::string text = variant_yaml(model, request, folder);
  {
    std::ofstream f(file, std::ios::binary);
    f << text;
    if (!f.flush()) throw std::runtime_error(fmt::format("could not write {}", file.string()));
  }
  // The file must load to exactly the variant the studio ran (same resolved configuration).
  const std::string expected =
      model.load_variant(model.variant_document(request.moved, request.name))->resolved_yaml();
  std::string got;
  try {
    got = model.plugin().load(scenarios::Document::from_file(file.string()))->resolved_yaml();
  } catch (const std::exception& e) {
    std::filesystem::remove(file);
    throw std::runtime_error(fmt::format("the saved file did not load ({}); removed", e.what()));
  }
  if (got != expected) {
    std::filesystem::remove(file);
    throw std::runtime_error("the saved file does not reload to the same scenario; removed");
  }
  return file;
}

}  // namespace sibsim::study::studio
