// The SIB model's stage marks (funnel.hpp ReplicationStage, for benchmarks/bench_scenarios): with
// the clock on, every stage of a WnD replication is named and timed, and the results are the
// same as with it off.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/engine/stage_clock.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

TEST_CASE("stage marks name every stage of a replication and change no result", "[models][stage_clock]") {
  const SibModel model(load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml")));
  std::vector<double> off(model.kpis().size()), on(model.kpis().size());
  engine::StageClock clock;
  for (std::uint64_t rep = 0; rep < 3; ++rep) {
    model.run_replication(7, rep, off);
    engine::stage_clock = &clock;
    model.run_replication(7, rep, on);
    engine::stage_clock = nullptr;
    for (std::size_t k = 0; k < off.size(); ++k) {
      INFO(model.kpis()[k].name);
      if (off[k] == off[k])
        CHECK(on[k] == off[k]);  // NaN (undefined) stays NaN below
      else
        CHECK(on[k] != on[k]);
    }
  }
  const std::vector<std::string> names = {"population", "funnel",     "programme", "summary",
                                          "work",       "evaluation", "payment",   "KPIs"};
  for (std::size_t s = 0; s < names.size(); ++s) {
    INFO(names[s]);
    REQUIRE(clock.names[s] != nullptr);
    CHECK(clock.names[s] == names[s]);
    CHECK(clock.ns[s] > 0);
  }
  CHECK(clock.current == -1);  // the replication stopped the clock
}
