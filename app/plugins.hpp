#pragma once
// The list of model plug-ins of the sibsim executable (plugins.cpp).

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::app {

models::PluginRegistry make_plugins();

}  // namespace sibsim::app
