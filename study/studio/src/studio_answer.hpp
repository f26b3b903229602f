#pragma once
// The statistics of the studio's answer (POST /api/run) as JSON: each side's summary, the paired
// difference with its 95 % CI, fan-chart bands on a common date axis, and P(target by date).
// Undefined values become JSON null.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "studio_model.hpp"

namespace sibsim::study::studio {

/// A number, or null when it is not finite.
nlohmann::json stat(double v);
/// mean, p5, p50, p95, n of one side.
nlohmann::json side_json(const engine::KpiSummary& s);
/// Mean paired difference variant - base of KPI kb (base) / kv (variant) with its 95 % CI, over
/// the replications where both are defined (as `sibsim compare` computes it).
nlohmann::json paired_difference(const PairSide& base, std::size_t kb, const PairSide& variant,
                                 std::size_t kv, std::uint64_t replications);
/// The index of KPI `name`, if the list has it.
std::optional<std::size_t> index_of(const std::vector<engine::KpiInfo>& kpis, const std::string& name);
/// A fan chart's bands for base and variant on the union of their dates.
nlohmann::json series_json(const models::SeriesFamily& family, const std::string& label,
                           const engine::RunResult& base, const engine::RunResult& variant);
/// P(the family's series has reached each side's target by date), on the union of dates.
nlohmann::json target_chance(const models::SeriesFamily& family, const PairSide& base, double base_target,
                             const PairSide& variant, double variant_target, std::uint64_t replications);

}  // namespace sibsim::study::studio
