#include "work_limit.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace sibsim::study {
namespace {

constexpr const char* kFlag = "--max-person-replications";

[[noreturn]] void refuse(const std::string& what, double work, double limit) {
  throw std::invalid_argument(fmt::format(
      "{} is {:.3g} person-replications (expected persons per replication x replications), above the limit "
      "of {:.3g}: use fewer replications or a smaller scenario, or raise the limit with {} N",
      what, work, limit, kFlag));
}

double entities(const models::Scenario& s) {
  const double e = s.expected_entities_per_replication();
  return e > 0 ? e : 0.0;  // NaN or negative: not known
}

void check_limit(double limit) {
  if (!(limit > 0))
    throw std::invalid_argument(fmt::format("{} {}: must be a positive number", kFlag, limit));
}

}  // namespace

void check_work_limit(const models::Scenario& scenario, std::uint64_t replications, double limit) {
  check_limit(limit);
  const double e = entities(scenario);
  const double work = e * static_cast<double>(replications);
  if (work > limit)
    refuse(fmt::format("Scenario '{}': {:.3g} expected persons per replication x {} replications",
                       scenario.name(), e, replications),
           work, limit);
}

std::uint64_t replications_within_limit(const models::Scenario& scenario, double limit, std::uint64_t cap) {
  check_limit(limit);
  const double e = entities(scenario);
  if (e <= 0) return cap;
  const double n = std::floor(limit / e);
  return n >= static_cast<double>(cap) ? cap : static_cast<std::uint64_t>(n);
}

void check_work_limit(std::span<const std::unique_ptr<models::Scenario>> scenarios,
                      std::uint64_t replications, double limit) {
  check_limit(limit);
  double sum = 0;
  for (const auto& s : scenarios) sum += entities(*s);
  const double work = sum * static_cast<double>(replications);
  if (work > limit)
    refuse(fmt::format(
               "Comparing {} scenarios ({:.3g} expected persons per replication in all) x {} replications",
               scenarios.size(), sum, replications),
           work, limit);
}

void check_work_limit(std::uint64_t count, std::uint64_t replications, const ScenarioAt& scenario_at,
                      double limit, bool total, std::string_view unit) {
  check_limit(limit);
  if (count == 0) return;
  const std::uint64_t sample = std::min(count, kWorkSamplePoints);
  const double reps = static_cast<double>(replications);
  double sum = 0;
  for (std::uint64_t j = 0; j < sample; ++j) {
    const std::uint64_t i = sample == 1 ? 0 : j * (count - 1) / (sample - 1);
    const std::unique_ptr<models::Scenario> s = scenario_at(i);
    const double e = entities(*s);
    if (e * reps > limit)
      refuse(fmt::format("{} {}: {:.3g} expected persons per replication x {} replications", unit, i, e,
                         replications),
             e * reps, limit);
    sum += e;
  }
  const double work = sum / static_cast<double>(sample) * static_cast<double>(count) * reps;
  if (total && work > limit)
    refuse(fmt::format("The whole design ({} {}s x {} replications{})", count, unit, replications,
                       sample < count ? ", estimated from an even sample" : ""),
           work, limit);
}

}  // namespace sibsim::study
