#pragma once
/// \file kpi_catalogue.hpp
/// The SIB's KPI catalogue: every KPI with a fixed name, its label, unit, description and groups,
/// declared once. SibModel computes them (sib_model.cpp: one `add(name, extractor)` each) and the
/// metadata travels from here into every results file (/kpis), so the terminal summary, the
/// reports and the workflows choose what to show by group. Adding a KPI: one entry here plus the
/// line in sib_model.cpp that computes it.

#include <initializer_list>
#include <span>
#include <string_view>

#include "sibsim/engine/monte_carlo.hpp"

namespace sibsim::models::sib {

struct KpiEntry {
  std::string_view name;
  std::string_view label;
  std::string_view unit;
  std::string_view description;
  std::initializer_list<std::string_view> groups;
};

/// Every entry, in declaration order.
std::span<const KpiEntry> kpi_catalogue() noexcept;
/// The entry of a fixed-name KPI, or nullptr.
const KpiEntry* find_kpi_entry(std::string_view name) noexcept;
/// The entry as the engine's KPI description.
engine::KpiInfo to_kpi_info(const KpiEntry& entry);

}  // namespace sibsim::models::sib
