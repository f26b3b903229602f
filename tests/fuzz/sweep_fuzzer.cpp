// libFuzzer target for the sweep-file loader: arbitrary bytes are parsed as a sweep file
// (Document::from_string) and loaded with load_sweep_spec through the real model plug-ins (the
// base scenario, the design rules, every design point's scenario). Rejecting the input with
// scenarios::ValidationErrors is the loader's job; any other exception, a crash, a hang or a
// sanitizer report is a finding. Build: cmake --preset fuzz; run: scripts/fuzz.sh.
//
// The input is loaded as if it were a file in scenarios/sweeps/, so `base: ../wnd-2016-actual.yaml`
// reaches the shipped scenarios.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "plugins.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/study/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string file_name = std::string(SIBSIM_SCENARIO_DIR) + "/sweeps/fuzz-input.yaml";
  static const sibsim::models::PluginRegistry models = sibsim::app::make_plugins();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const sibsim::scenarios::Document doc = sibsim::scenarios::Document::from_string(text, file_name);
    // 200 design points at most: a maximal design would take minutes each under ASan; the
    // sampling is the same code at any size.
    const sibsim::study::SweepSpec spec = sibsim::study::load_sweep_spec(doc, models, 200);
    (void)sibsim::study::sweep_design(spec);
  } catch (const sibsim::scenarios::ValidationErrors&) {
    // Rejected with a message: the expected outcome for bad input.
  }
  return 0;
}
