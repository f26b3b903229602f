// engine::EntityCalendar: the same event order and fingerprint as engine::Simulator (one
// definition of each: EventBefore and fingerprint_event), in a fixed array.

#include <catch2/catch.hpp>

#include <stdexcept>
#include <utility>
#include <vector>

#include "sibsim/engine/entity_calendar.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/simulator.hpp"

using namespace sibsim::engine;

namespace {
struct Scheduled {
  double time;
  std::uint16_t kind;
  std::uint32_t entity;
  Priority priority;
};
/// (kind, entity) in processing order.
using Trace = std::vector<std::pair<std::uint16_t, std::uint32_t>>;
}  // namespace

TEST_CASE("entity calendar: time, then priority, then order of scheduling", "[kernel][calendar]") {
  EntityCalendar<8> cal;
  cal.schedule_at(2.0, 1, 0);
  cal.schedule_at(1.0, 2, 0, Priority::low);
  cal.schedule_at(1.0, 3, 0, Priority::high);
  cal.schedule_at(1.0, 4, 0, Priority::low);
  cal.schedule_at(0.5, 5, 0);
  std::vector<int> kinds;
  while (!cal.empty()) kinds.push_back(cal.next().kind);
  CHECK(kinds == std::vector<int>{5, 3, 2, 4, 1});
  CHECK(cal.events_processed() == 5);
  CHECK(cal.now() == 2.0);
}

TEST_CASE("entity calendar: ties at equal time and priority are FIFO, whatever the slots",
          "[kernel][calendar]") {
  EntityCalendar<6> cal;
  for (std::uint32_t i = 0; i < 6; ++i) cal.schedule_at(1.0, 0, i);
  // Taking the first out moves the last into its slot; order must not depend on that.
  for (std::uint32_t i = 0; i < 3; ++i) REQUIRE(cal.next().entity == i);
  for (std::uint32_t i = 6; i < 9; ++i) cal.schedule_at(1.0, 0, i);
  for (std::uint32_t i = 3; i < 9; ++i) REQUIRE(cal.next().entity == i);
  CHECK(cal.empty());
}

TEST_CASE("entity calendar: same order, count and fingerprint as a Simulator", "[kernel][calendar]") {
  // Random events with many ties (few distinct times and priorities), some scheduled from
  // handlers; both calendars get exactly the same calls.
  RandomStream s(7, 0, 0, 0);
  std::vector<Scheduled> initial;
  for (int i = 0; i < 6; ++i)
    initial.push_back({static_cast<double>(s.uniform_int(0, 3)), static_cast<std::uint16_t>(i),
                       static_cast<std::uint32_t>(s.uniform_int(0, 1000)),
                       s.uniform() < 0.5 ? Priority::normal : Priority::high});
  auto follow_up = [](const Event& e) {  // a handler's reaction, a pure function of the event
    return Scheduled{e.time + (e.kind % 2 == 0 ? 0.0 : 1.5), static_cast<std::uint16_t>(e.kind + 100),
                     e.entity + 1, e.kind % 3 == 0 ? Priority::low : Priority::normal};
  };

  Simulator sim;
  Trace sim_trace;
  for (const Scheduled& x : initial) sim.schedule_at(x.time, x.kind, x.entity, x.priority);
  sim.run([&](const Event& e) {
    sim_trace.emplace_back(e.kind, e.entity);
    if (e.kind < 100) {
      const Scheduled f = follow_up(e);
      sim.schedule_at(f.time, f.kind, f.entity, f.priority);
    }
  });

  EntityCalendar<12> cal;
  Trace cal_trace;
  for (const Scheduled& x : initial) cal.schedule_at(x.time, x.kind, x.entity, x.priority);
  cal.run([&](const Event& e) {
    cal_trace.emplace_back(e.kind, e.entity);
    if (e.kind < 100) {
      const Scheduled f = follow_up(e);
      cal.schedule_at(f.time, f.kind, f.entity, f.priority);
    }
  });

  REQUIRE(cal_trace.size() == 12);
  CHECK(cal_trace == sim_trace);
  CHECK(cal.events_processed() == sim.events_processed());
  CHECK(cal.fingerprint() == sim.fingerprint());
  CHECK(cal.now() == sim.now());
  CHECK(cal.fingerprint() != kFingerprintStart);
}

TEST_CASE("entity calendar: the (time, kind) record folds only time and kind", "[kernel][calendar]") {
  EntityCalendar<4, FingerprintRecord::time_kind> cal;
  cal.schedule_at(3.0, 2, 5);
  cal.schedule_at(1.0, 1, 6);
  std::uint64_t expected = kFingerprintStart;
  expected = hash_mix(hash_mix(expected, double_bits(1.0)), 1);
  expected = hash_mix(hash_mix(expected, double_bits(3.0)), 2);
  cal.run([](const Event&) {});
  CHECK(cal.fingerprint() == expected);
  // ... so the entity does not enter, unlike in the full record.
  EntityCalendar<4, FingerprintRecord::time_kind> other;
  other.schedule_at(3.0, 2, 0);
  other.schedule_at(1.0, 1, 0);
  other.run([](const Event&) {});
  CHECK(other.fingerprint() == cal.fingerprint());
}

TEST_CASE("entity calendar: run_until is half-open; a caller may stop early", "[kernel][calendar]") {
  EntityCalendar<4> cal;
  cal.schedule_at(1.0, 1, 0);
  cal.schedule_at(5.0, 2, 0);
  cal.schedule_at(5.0 + 1e-9, 3, 0);
  std::vector<double> times;
  auto h = [&](const Event& e) { times.push_back(e.time); };
  CHECK(cal.run_until(5.0, h) == 1);
  CHECK(cal.now() == 5.0);
  CHECK(cal.pending() == 2);
  CHECK(cal.next().kind == 2);  // one step by hand, then stop: the rest stays pending
  CHECK(cal.pending() == 1);
  CHECK(cal.events_processed() == 2);
  CHECK(times == std::vector<double>{1.0});
}

TEST_CASE("entity calendar: past times, NaN and overflow are refused; reset starts afresh",
          "[kernel][calendar]") {
  EntityCalendar<2> cal;
  cal.schedule_at(2.0, 1, 0);
  CHECK_THROWS_AS(cal.schedule_at(NAN, 1, 0), std::logic_error);
  cal.schedule_in(1.0, 2, 0);
  CHECK_THROWS_AS(cal.schedule_at(3.0, 3, 0), std::logic_error);  // capacity 2
  CHECK(cal.next().kind == 2);
  CHECK_THROWS_AS(cal.schedule_at(0.5, 1, 0), std::logic_error);  // before now() = 1
  cal.reset();
  CHECK(cal.empty());
  CHECK(cal.now() == 0.0);
  CHECK(cal.events_processed() == 0);
  CHECK(cal.fingerprint() == kFingerprintStart);
  CHECK(cal.schedule_at(0.5, 1, 0) == 0);  // the sequence restarts too
}
