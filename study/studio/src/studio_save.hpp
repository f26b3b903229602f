#pragma once
// "Save as scenario": a variant file that `extends:` the baseline and states only the moved
// levers (a lever inside a list restates the whole list, as `extends` replaces lists whole).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "studio_model.hpp"

namespace sibsim::study::studio {

struct SaveRequest {
  std::string name;  ///< file stem and scenario name: letters, digits, '-', '_'; 1-64 characters
  std::string author;
  std::string note;
  std::vector<std::pair<std::string, std::string>> moved;  ///< StudioModel::moved_levers
};

/// The YAML text of the variant, to be written as <folder>/<name>.yaml. Throws LeverError.
std::string variant_yaml(const StudioModel& model, const SaveRequest& request,
                         const std::filesystem::path& folder);

/// Writes the variant into `folder` (created if needed) and checks that it loads to the same
/// scenario as the studio's variant. Throws std::invalid_argument for a bad name, LeverError for
/// bad levers, AlreadyExists if the file exists. Returns the path written.
std::filesystem::path save_variant(const StudioModel& model, const SaveRequest& request,
                                   const std::filesystem::path& folder);

/// save_variant's refusal to overwrite a file.
class AlreadyExists : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// True if `name` is a file stem save_variant accepts.
bool valid_variant_name(const std::string& name);

}  // namespace sibsim::study::studio
