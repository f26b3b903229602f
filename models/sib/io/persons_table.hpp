#pragma once
// The /persons audit sample of `sibsim run --persons N`: simulated persons as a results-file table.

#include <cstdint>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::models::sib {

/// The persons of replications 0, 1, ... (each in the model's order, all of them) until `limit`
/// rows: the last replication used may be cut short. Only replications < `replications` (those
/// the run summarised) are used, so the table may have fewer rows than `limit`. Deterministic:
/// replaying replication r with the same seed gives the same persons.
PersonsSample persons_sample(const models::sib::SibModel& model, std::uint64_t seed, std::uint64_t limit,
                             std::uint64_t replications);

}  // namespace sibsim::models::sib
