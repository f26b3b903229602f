#include <catch2/catch.hpp>

#include <vector>

#include "sibsim/engine/event_queue.hpp"
#include "sibsim/engine/simulator.hpp"

using namespace sibsim::engine;

TEST_CASE("events run by time, then priority, then insertion order", "[kernel]") {
  EventQueue q;
  q.push(2.0, 1, 10);
  q.push(1.0, 2, 20, Priority::low);
  q.push(1.0, 3, 30, Priority::high);
  q.push(1.0, 4, 40, Priority::low);
  q.push(0.5, 5, 50);
  std::vector<int> kinds;
  while (!q.empty()) kinds.push_back(q.pop().kind);
  CHECK(kinds == std::vector<int>{5, 3, 2, 4, 1});
}

TEST_CASE("ties at equal time and priority keep insertion order (FIFO)", "[kernel]") {
  EventQueue q;
  for (std::uint32_t i = 0; i < 100; ++i) q.push(1.0, 0, i);
  for (std::uint32_t i = 0; i < 100; ++i) REQUIRE(q.pop().entity == i);
}

TEST_CASE("cancelled events are skipped and cancel is idempotent", "[kernel]") {
  EventQueue q;
  const EventId a = q.push(1.0, 1, 0);
  q.push(2.0, 2, 0);
  const EventId c = q.push(3.0, 3, 0);
  CHECK(q.size() == 3);
  CHECK(q.cancel(a));
  CHECK_FALSE(q.cancel(a));
  CHECK(q.size() == 2);
  CHECK(q.pop().kind == 2);
  CHECK(q.cancel(c));
  CHECK(q.empty());
  CHECK_FALSE(q.cancel(999));
}

TEST_CASE("run_until is half-open and advances the clock", "[kernel]") {
  Simulator sim;
  sim.schedule_at(1.0, 1, 0);
  sim.schedule_at(5.0, 2, 0);
  sim.schedule_at(5.0 + 1e-9, 3, 0);
  std::vector<double> times;
  auto h = [&](const Event& e) { times.push_back(e.time); };
  CHECK(sim.run_until(5.0, h) == 1);
  CHECK(sim.now() == 5.0);
  CHECK(sim.pending() == 2);
  CHECK(sim.run_until(6.0, h) == 2);
  CHECK(times == std::vector<double>{1.0, 5.0, 5.0 + 1e-9});
}

TEST_CASE("handlers can schedule further events; clocks are exact", "[kernel]") {
  Simulator sim;
  sim.schedule_at(0.0, 0, 0);
  int count = 0;
  sim.run_until(10.0, [&](const Event& e) {
    ++count;
    if (e.time + 0.25 < 10.0) sim.schedule_in(0.25, 0, 0);
  });
  CHECK(count == 40);
  CHECK(sim.events_processed() == 40);
  CHECK_THROWS_AS(sim.schedule_at(1.0, 0, 0), std::logic_error);
}

TEST_CASE("the fingerprint changes when the event order changes", "[kernel]") {
  auto fp = [](bool swap) {
    Simulator sim;
    sim.schedule_at(1.0, swap ? 2 : 1, 0);
    sim.schedule_at(1.0, swap ? 1 : 2, 0);
    sim.run([](const Event&) {});
    return sim.fingerprint();
  };
  CHECK(fp(false) == fp(false));
  CHECK(fp(false) != fp(true));
}
