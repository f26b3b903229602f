#pragma once
// The compact, aligned terminal summary of a SIB run.

#include <cstdio>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/sib/params.hpp"

namespace sibsim::app {

void print_summary(std::FILE* out, const models::sib::SibParams& params, const engine::RunResult& result);

}  // namespace sibsim::app
