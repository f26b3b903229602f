#pragma once
// Names shared by the writer and the reader, so the two cannot drift apart. The documented
// layout is output/SCHEMA.md; change both together (and bump kFormatMinor/kFormatMajor).

#include <array>
#include <utility>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output::detail {

inline constexpr const char* kReplicationsPath = "/replications";
inline constexpr const char* kSummaryPath = "/summary";
inline constexpr const char* kMetaGroup = "/meta";
inline constexpr const char* kTimeseriesGroup = "/timeseries";
inline constexpr const char* kFunnelGroup = "/funnel";
inline constexpr const char* kPersonsPath = "/persons";
inline constexpr const char* kKpisPath = "/kpis";
inline constexpr const char* kProvenancePath = "/provenance";
/// Separator of the KPIs in the `affects` column of /provenance (and of groups in /kpis).
inline constexpr char kListSeparator = ';';

/// RunMeta::provenance as the /provenance table, and back.
Table provenance_table(const std::vector<Provenance>& entries);
std::vector<Provenance> provenance_from(const Table& table);
/// Separator of a KPI's groups in the `groups` column of /kpis.
inline constexpr char kGroupSeparator = ';';
inline constexpr const char* kReplicationField = "replication";

/// /summary fields after `name` and `unit`, in file order.
inline constexpr std::array<std::pair<const char*, std::uint64_t engine::KpiSummary::*>, 2> kSummaryCounts{{
    {"n", &engine::KpiSummary::n},
    {"n_undefined", &engine::KpiSummary::n_undefined},
}};
inline constexpr std::array<std::pair<const char*, double engine::KpiSummary::*>, 14> kSummaryValues{{
    {"mean", &engine::KpiSummary::mean},
    {"sd", &engine::KpiSummary::sd},
    {"se", &engine::KpiSummary::se},
    {"ci_low", &engine::KpiSummary::ci_low},
    {"ci_high", &engine::KpiSummary::ci_high},
    {"min", &engine::KpiSummary::min},
    {"p5", &engine::KpiSummary::p5},
    {"p25", &engine::KpiSummary::p25},
    {"p50", &engine::KpiSummary::p50},
    {"p75", &engine::KpiSummary::p75},
    {"p95", &engine::KpiSummary::p95},
    {"max", &engine::KpiSummary::max},
    {"sum", &engine::KpiSummary::sum},
    {"sum_squares", &engine::KpiSummary::sum_squares},
}};

/// /timeseries/<name>/bands fields, in file order.
inline constexpr std::array<std::pair<const char*, double QuantileBand::*>, 6> kBandFields{{
    {"p5", &QuantileBand::p5},
    {"p25", &QuantileBand::p25},
    {"p50", &QuantileBand::p50},
    {"p75", &QuantileBand::p75},
    {"p95", &QuantileBand::p95},
    {"mean", &QuantileBand::mean},
}};

}  // namespace sibsim::output::detail
