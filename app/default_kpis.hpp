#pragma once
// KPI lists shared by `compare` and `sweep`: what a steering group looks at first, and the KPIs a
// sweep always records because its report shows the government-versus-investor trade-off.

#include <string>
#include <vector>

namespace sibsim::app {

/// Default KPIs of `sibsim compare` and `sibsim sweep` (when the sweep file lists none).
inline const std::vector<std::string> kSteeringKpis = {"started",
                                                       "selected",
                                                       "starters_addiction_true_share",
                                                       "starters_meet_handbook_share",
                                                       "dropouts",
                                                       "dropout_share",
                                                       "dropout_no_effort",
                                                       "dropout_clinic",
                                                       "dropout_custody",
                                                       "extra_work_months_true_per_starter",
                                                       "extra_work_months_true",
                                                       "extra_work_months_measured",
                                                       "success_threshold_reached",
                                                       "payout_total",
                                                       "investor_multiple",
                                                       "government_net"};

/// KPIs every sweep records (appended when the sweep file's list lacks them): the derived risk
/// columns of /outcomes are computed from them.
inline const std::vector<std::string> kTradeOffKpis = {"payout_total", "extra_work_months_true",
                                                       "investor_multiple", "success_threshold_reached",
                                                       "government_net"};

}  // namespace sibsim::app
