// The derived sweep measures (/outcomes' extra columns) computed from replication rows, checked
// against values counted by hand on small rows.

#include <catch2/catch.hpp>

#include <cmath>
#include <variant>

#include "sweep_tables.hpp"

using sibsim::models::DerivedMeasure;
using sibsim::study::SweepRows;

namespace {

// Two KPIs, two points, four replications each (row-major: replication x KPI).
SweepRows rows() {
  SweepRows r;
  r.kpis.resize(2);
  r.kpis[0].name = "gain";
  r.kpis[1].name = "effort";
  r.replications = 4;
  r.rows = {{0.5, 1.0, 2.0, 2.0, 0.9, NAN, 1.5, 3.0},   // point 0
            {1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0}};  // point 1: effort 0 everywhere
  return r;
}

const std::vector<double>& column(const sibsim::output::Table& t, const std::string& name) {
  const auto* c = t.column(name);
  REQUIRE(c);
  return std::get<std::vector<double>>(c->values);
}

}  // namespace

TEST_CASE("derived measures: share below, share at least, ratio of means") {
  using Rule = DerivedMeasure::Rule;
  const std::vector<DerivedMeasure> m = {
      {"loss", "loss", "fraction", "d", Rule::share_below, "gain", "", 1.0, {"trade_off_x"}},
      {"hit", "hit", "fraction", "d", Rule::share_at_least, "gain", "", 1.0, {}},
      {"cost", "cost", "EUR", "d", Rule::ratio_of_means, "gain", "effort", 0.0, {"trade_off_y"}},
      {"absent", "absent", "", "d", Rule::share_below, "no_such_kpi", "", 1.0, {}}};
  const SweepRows r = rows();
  const auto t = sibsim::study::outcomes_table(r, m);
  // point 0: gain = 0.5, 2.0, 0.9, 1.5 -> below 1: 2 of 4; at least 1: 2 of 4.
  CHECK(column(t, "loss")[0] == Approx(0.5));
  CHECK(column(t, "hit")[0] == Approx(0.5));
  // point 0: mean gain 1.225, mean effort over defined values (1, 2, 3) = 2.
  CHECK(column(t, "cost")[0] == Approx(1.225 / 2.0));
  // point 1: gain always 1 -> no loss, always a hit; mean effort 0 -> ratio undefined.
  CHECK(column(t, "loss")[1] == Approx(0.0));
  CHECK(column(t, "hit")[1] == Approx(1.0));
  CHECK(std::isnan(column(t, "cost")[1]));
  // A measure whose KPI was not recorded is left out of both tables.
  CHECK(t.column("absent") == nullptr);
  const auto desc = sibsim::study::outcome_measures_table(m, r);
  REQUIRE(desc.rows() == 3);
  CHECK(std::get<std::vector<std::string>>(desc.column("groups")->values)[0] == "trade_off_x");
}
