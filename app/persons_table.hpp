#pragma once
// The /persons audit sample of `sibsim run --persons N`: simulated persons as a results-file table.

#include <cstdint>

#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::app {

/// Most persons `--persons` may ask for (a sample to audit, not a data dump).
inline constexpr std::uint64_t kMaxPersons = 1'000'000;

struct PersonsSample {
  output::Table table;
  std::uint64_t replications_complete = 0;  ///< replications 0..k-1 are in the table in full
  std::uint64_t replications_used = 0;      ///< replications with at least one row
};

/// The persons of replications 0, 1, ... (each in the model's order, all of them) until `limit`
/// rows: the last replication used may be cut short. Only replications < `replications` (those
/// the run summarised) are used, so the table may have fewer rows than `limit`. Deterministic:
/// replaying replication r with the same seed gives the same persons.
PersonsSample persons_sample(const models::sib::SibModel& model, std::uint64_t seed, std::uint64_t limit,
                             std::uint64_t replications);

}  // namespace sibsim::app
