// `sibsim new NAME`: writes the model's commented template of a complete scenario (the SIB's is
// models/sib/text/new-sib.yaml) to DIR/NAME.yaml, for someone describing a new case from scratch.
// The template is loaded before it is written, so a file that `new` writes always validates.

#include <fmt/core.h>

#include <filesystem>
#include <stdexcept>

#include "sibsim/output/output_files.hpp"
#include "sibsim/output/temp_file.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/study/commands.hpp"
#include "study_files.hpp"

namespace sibsim::study {
namespace {

constexpr std::size_t kMaxNameLength = 64;

/// A name that is also a safe file name: a letter or digit, then letters, digits, '-' and '_'.
bool is_scenario_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name.front())) return false;
  for (const char c : name)
    if (!alnum(c) && c != '-' && c != '_') return false;
  return true;
}

}  // namespace

int new_command(const PluginRegistry& models, const NewArgs& args) {
  namespace fs = std::filesystem;
  if (!is_scenario_name(args.name))
    throw std::invalid_argument(
        fmt::format("new: '{}' is not a scenario name: use letters, digits, '-' and '_' (at most {} "
                    "characters, starting with a letter or digit), e.g. sibsim new probation-sib",
                    args.name, kMaxNameLength));
  const models::ModelPlugin& plugin = model_option(models, args.model, "new --model");
  const std::string text = plugin.scenario_template(args.name);
  if (text.empty())
    throw std::invalid_argument(
        fmt::format("new: the {} model has no template; start from one of its "
                    "shipped scenarios (sibsim list-scenarios)",
                    plugin.name()));
  std::error_code ec;
  if (!fs::is_directory(args.dir, ec))
    throw std::invalid_argument(fmt::format("new: there is no folder '{}' to write into (--dir)", args.dir));
  const fs::path path =
      args.dir == "." ? fs::path(args.name + ".yaml") : fs::path(args.dir) / (args.name + ".yaml");
  if (fs::exists(fs::symlink_status(path, ec)) && !args.force)
    throw std::invalid_argument(fmt::format(
        "new: {} exists already; choose another name, or replace it with --force", path.string()));
  // The template must validate as it is (tests check it too; this keeps a broken build honest).
  (void)plugin.load(scenarios::Document::from_string(text, path.string()));
  output::TempFile out(path);
  out.write_all(text);
  out.commit();
  fmt::print(
      "Wrote {}: a complete scenario of the {} model that validates and runs; its comments say where "
      "each value comes from and what to replace.\nNext: edit it top to bottom, then\n"
      "  sibsim validate {}\n  sibsim run {}\n",
      path.string(), plugin.name(), path.string(), path.string());
  return kExitOk;
}

}  // namespace sibsim::study
