// The counsellors' FTE over time: the scenario's schedule, and the wind-down tied to the end of
// recruitment (so that a longer recruitment does not cut the team while it still recruits).

#include <cmath>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/params.hpp"

namespace sibsim::models::sib {

double wind_down_day(const SibParams& params) noexcept {
  const CounsellorParams& c = params.counsellors;
  if (!c.wind_down_fte) return INFINITY;
  return engine::month_start(engine::month_index(params.recruitment.end) + c.wind_down_months);
}

double counsellor_fte(const SibParams& params, double day) noexcept {
  const CounsellorParams& c = params.counsellors;
  if (c.wind_down_fte && day >= wind_down_day(params)) return *c.wind_down_fte;
  return step_at(c.fte, day, 0.0);
}

}  // namespace sibsim::models::sib
