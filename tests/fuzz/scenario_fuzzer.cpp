// libFuzzer target for the scenario loader: arbitrary bytes are parsed as a scenario file
// (Document::from_string) and bound to the SIB model's schema (load_sib_scenario). Rejecting the
// input with scenarios::ValidationErrors is the loader's job; any other exception, a crash, a
// hang or a sanitizer report is a finding. Build: cmake --preset fuzz; run: scripts/fuzz.sh.
//
// The input is loaded as if it were a file in scenarios/, so `extends: wnd-2016-actual.yaml`
// reaches the shipped default scenario and the merge code is fuzzed too.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string file_name = std::string(SIBSIM_SCENARIO_DIR) + "/fuzz-input.yaml";
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const sibsim::scenarios::Document doc = sibsim::scenarios::Document::from_string(text, file_name);
    (void)sibsim::models::sib::load_sib_scenario(doc);
  } catch (const sibsim::scenarios::ValidationErrors&) {
    // Rejected with a message: the expected outcome for bad input.
  }
  return 0;
}
