// The models this sibsim knows: one line per plug-in. The first is the default model of a
// scenario without a `model:` key. Adding a model: a folder under models/ and a line here.

#include "plugins.hpp"

#include "sibsim/models/mmc/plugin.hpp"
#include "sibsim/models/sib/plugin.hpp"

namespace sibsim::app {

models::PluginRegistry make_plugins() {
  models::PluginRegistry plugins;
  plugins.add(models::sib::make_sib_plugin());
  plugins.add(models::make_mmc_plugin());
  return plugins;
}

}  // namespace sibsim::app
