#pragma once
/// \file work_limit.hpp
/// The work limit: how many entities (a model's persons, customers: Scenario::
/// expected_entities_per_replication) times replications a command may simulate. run, compare,
/// sweep and feasibility check it right after loading their scenarios, before anything runs, so
/// that a typo (an inflow of 1e7 instead of 10, a multiplier of 1e300, --reps 1e9) is refused with
/// exit 2 and a message naming the numbers, instead of running for days or exhausting memory.
/// `--max-person-replications` raises the limit (CommonArgs::max_person_replications; its default
/// kDefaultMaxPersonReplications is explained in commands.hpp).

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "sibsim/models/model_plugin.hpp"

namespace sibsim::study {

/// run: throws std::invalid_argument when the scenario's expected entities per replication times
/// `replications` exceed `limit`.
void check_work_limit(const models::Scenario& scenario, std::uint64_t replications, double limit);

/// compare: the same for the total over the scenarios (each runs `replications`).
void check_work_limit(std::span<const std::unique_ptr<models::Scenario>> scenarios,
                      std::uint64_t replications, double limit);

/// run to a precision target: the most replications within `limit` (at most `cap`; `cap` when
/// the model does not know its size), so a target that is never reached stops at the limit.
std::uint64_t replications_within_limit(const models::Scenario& scenario, double limit, std::uint64_t cap);

/// The scenario of design point / candidate i.
using ScenarioAt = std::function<std::unique_ptr<models::Scenario>(std::uint64_t)>;

/// sweep (`total` true) and feasibility (`total` false): `count` scenarios (design points,
/// candidates) of up to `replications` each. Every scenario must be within the limit; with
/// `total`, their sum too. Designs of more than kWorkSamplePoints points are checked on an even
/// sample of that many (first and last included), the total extrapolated from the sample's mean.
void check_work_limit(std::uint64_t count, std::uint64_t replications, const ScenarioAt& scenario_at,
                      double limit, bool total, std::string_view unit);

/// Most points check_work_limit loads to estimate a design's work.
inline constexpr std::uint64_t kWorkSamplePoints = 200;

}  // namespace sibsim::study
