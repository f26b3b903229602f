#pragma once
// Two example bindings used by the scenario tests: a small M/M/c queue model, and a SIB-like
// model with nested lists of records, dated schedules, enums, maps, optional values, accessor
// (setter) options and cross-field checks. Both are local to the tests on purpose.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/scenarios/schema.hpp"

// The public headers keep yaml-cpp out of model code.
#if defined(YAML_H_62B23520_7C8E_11DE_8A39_0800200C9A66) || \
    defined(MARK_H_62B23520_7C8E_11DE_8A39_0800200C9A66)
#error "sibsim/scenarios/schema.hpp must not include yaml-cpp headers"
#endif

namespace sibsim::scenarios::test {

struct MmcParams {
  double arrival_rate = 0;
  double service_rate = 0;
  int servers = 0;
  double warmup_days = 0;
  double horizon_days = 0;
  friend bool operator==(const MmcParams&, const MmcParams&) = default;
};

struct MmcScenario {
  std::string model;
  MmcParams mmc;
  friend bool operator==(const MmcScenario&, const MmcScenario&) = default;
};

const Schema<MmcScenario>& mmc_schema();

enum class Arm { treatment, control, both };

struct RateChange {
  engine::Date from;
  double inflow_per_month = 0;
  friend bool operator==(const RateChange&, const RateChange&) = default;
};

struct Prison {
  std::string name;
  engine::Date start;
  std::optional<engine::Date> stop;
  double inflow_per_month = 0;
  std::vector<RateChange> rate_changes;
  friend bool operator==(const Prison&, const Prison&) = default;
};

struct StaffPeriod {
  engine::Date from;
  double fte = 0;
  friend bool operator==(const StaffPeriod&, const StaffPeriod&) = default;
};

struct SibScenario {
  std::string model;
  std::string title;
  Arm arm = Arm::treatment;
  engine::Date recruitment_start;  // flat members under the YAML section `recruitment`
  engine::Date recruitment_end;
  int recruitment_target = 0;
  double consent_probability = 0;
  std::vector<Prison> prisons;
  std::vector<StaffPeriod> counsellor_fte;
  std::vector<double> outcome_shares;  // temporary work, durable work, none
  std::map<std::string, double> municipality_weights;
  std::optional<double> payment_cap_eur;
  int follow_up_days = 0;  // written in weeks in YAML (an accessor option)
  bool interim_payments = false;
  std::vector<std::int64_t> seeds;
  friend bool operator==(const SibScenario&, const SibScenario&) = default;
};

const Schema<SibScenario>& sib_schema();

}  // namespace sibsim::scenarios::test
