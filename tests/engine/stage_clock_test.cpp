// StageClock (stage_clock.hpp): time goes to the stage entered last, nothing when off.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "sibsim/engine/stage_clock.hpp"

using sibsim::engine::StageClock;

TEST_CASE("stage marks cost nothing and record nothing while the clock is off", "[stage_clock]") {
  REQUIRE(sibsim::engine::stage_clock == nullptr);
  sibsim::engine::stage_enter(0, "a");
  sibsim::engine::stage_stop();
  StageClock c;
  CHECK(c.ns[0] == 0);
  CHECK(c.names[0] == nullptr);
}

TEST_CASE("time between marks goes to the stage entered last", "[stage_clock]") {
  StageClock c;
  sibsim::engine::stage_clock = &c;
  sibsim::engine::stage_enter(1, "sleep");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  sibsim::engine::stage_enter(2, "short");
  sibsim::engine::stage_stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // after stop: counted nowhere
  sibsim::engine::stage_clock = nullptr;
  CHECK(c.names[1] == std::string("sleep"));
  CHECK(c.names[2] == std::string("short"));
  CHECK(c.ns[1] >= 20'000'000);
  CHECK(c.ns[2] < c.ns[1]);
  CHECK(c.ns[0] == 0);
  CHECK(c.current == -1);
  // A stage index beyond the table closes the current stage and records nothing.
  c.enter(StageClock::kStages, "beyond");
  CHECK(c.current == -1);
}
