#pragma once
/// \file plugin.hpp
/// The SIB model as a plug-in (models/model_plugin.hpp): scenario files with `model: sib` (or no
/// `model:` key: the SIB is the default model) become SibModel runs with the SIB's own results
/// extras, terminal summary, persons table, sweep measures and report sections.

#include <memory>

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::models::sib {

std::unique_ptr<ModelPlugin> make_sib_plugin();

}  // namespace sibsim::models::sib
