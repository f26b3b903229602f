// `sibsim calibrate`: placeholder until the ABC-SMC command lands (issue 15, in progress).

#include <stdexcept>

#include "sibsim/study/commands.hpp"

namespace sibsim::study {

int calibrate_command(const PluginRegistry& /*models*/, const CalibrateArgs& /*args*/, const MpiWorld& /*world*/) {
  throw std::invalid_argument("calibrate: not built yet");
}

}  // namespace sibsim::study
