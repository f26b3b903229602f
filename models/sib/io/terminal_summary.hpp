#pragma once
// The compact, aligned terminal summary of a SIB run.

#include <cstdio>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/programme.hpp"

namespace sibsim::models::sib {

/// The programme part (if the run simulated it): status, dropout, work in three arms, payment.
void print_programme(std::FILE* out, const models::sib::SibParams& params, const engine::RunResult& result);

void print_summary(std::FILE* out, const models::sib::SibParams& params, const engine::RunResult& result);

}  // namespace sibsim::models::sib
