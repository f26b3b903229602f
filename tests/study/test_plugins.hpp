#pragma once
// The plug-ins the study tests run: the SIB and the M/M/c queue, as app/plugins.cpp lists them.

#include "sibsim/models/mmc/plugin.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/models/sib/plugin.hpp"

namespace sibsim::study::test {

inline const models::PluginRegistry& test_plugins() {
  static const models::PluginRegistry plugins = [] {
    models::PluginRegistry r;
    r.add(models::sib::make_sib_plugin());
    r.add(models::make_mmc_plugin());
    return r;
  }();
  return plugins;
}

}  // namespace sibsim::study::test
