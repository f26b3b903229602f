#pragma once
/// \file sib_model.hpp
/// The SIB funnel as an engine::ReplicationModel: one replication = one FunnelSimulation run,
/// reported as named KPIs (counts, shares, the starters' profile and the monthly enrolment).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sibsim/engine/monte_carlo.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/population.hpp"

namespace sibsim::models::sib {

/// KPI name prefix of the monthly cumulative-enrolment series: "cum_started@2016-06-01".
inline constexpr std::string_view kEnrolmentSeriesPrefix = "cum_started@";
/// KPI name prefix of the monthly counsellor caseload series: "caseload@2016-06-01".
inline constexpr std::string_view kCaseloadSeriesPrefix = "caseload@";
/// KPI name prefix of participants in work by calendar month: "employed@2017-03-01".
inline constexpr std::string_view kEmployedSeriesPrefix = "employed@";
/// KPI name prefix of the matched control group in work by calendar month: "employed_control@2017-03-01".
inline constexpr std::string_view kEmployedControlSeriesPrefix = "employed_control@";
/// KPI name prefix of dropouts by month since the first contact after release:
/// "dropouts_in_month@01" .. "@24".
inline constexpr std::string_view kDropoutMonthPrefix = "dropouts_in_month@";

class SibModel final : public engine::ReplicationModel {
 public:
  explicit SibModel(SibParams params);
  // The population generator and the KPI extractors refer to this object's own parameters.
  SibModel(const SibModel&) = delete;
  SibModel& operator=(const SibModel&) = delete;

  std::vector<engine::KpiInfo> kpis() const override { return kpis_; }
  void run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const override;

  /// One replication with the full per-person detail (for tests, audits and --persons). If
  /// `trajectories` is given, it receives the starters' trajectories (Person::trajectory indexes it).
  FunnelResult run_detailed(std::uint64_t seed, std::uint64_t replication, std::vector<Person>* persons,
                            std::vector<Trajectory>* trajectories = nullptr) const;

  const SibParams& params() const noexcept { return params_; }
  const PopulationGenerator& population() const noexcept { return population_; }
  /// Index of a KPI by name; throws std::out_of_range for an unknown name.
  std::size_t kpi_index(std::string_view name) const;

 private:
  using Extract = std::function<double(const FunnelResult&)>;
  /// A KPI of the catalogue (kpi_catalogue.hpp): its metadata comes from there.
  void add(std::string_view name, Extract f);
  /// A KPI of a family named by a pattern (reasons, profiles, months, series).
  void add(std::string name, std::string_view unit, std::string_view description, Extract f);
  void add_programme_kpis();
  /// Per payment metric: its payment and its measured and true differences.
  void add_metric_kpis();

  SibParams params_;
  PopulationGenerator population_;
  std::vector<engine::KpiInfo> kpis_;
  std::vector<Extract> extract_;
};

}  // namespace sibsim::models::sib
