#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sibsim/engine/resource.hpp"

using sibsim::engine::CapacityChange;
using sibsim::engine::Resource;
using sibsim::engine::ResourceStats;

namespace {
std::vector<Resource::EntityId> queue_of(const Resource& r) {
  std::vector<Resource::EntityId> q;
  for (std::size_t i = 0; i < r.queue_length(); ++i) q.push_back(r.waiting_at(i));
  return q;
}
}  // namespace

TEST_CASE("requests are served FIFO and statistics are exact time integrals", "[resource]") {
  Resource r(2);
  CHECK(r.request(0.0, 10));
  CHECK(r.request(1.0, 11));
  CHECK_FALSE(r.request(2.0, 12));
  CHECK_FALSE(r.request(3.0, 13));
  CHECK(queue_of(r) == std::vector<Resource::EntityId>{12, 13});
  CHECK(r.busy() == 2);
  CHECK(r.idle() == 0);

  CHECK(r.release(4.0) == 12u);  // waited 2
  CHECK(r.release(5.0) == 13u);  // waited 2
  CHECK_FALSE(r.release(6.0).has_value());
  CHECK_FALSE(r.release(8.0).has_value());
  CHECK(r.busy() == 0);

  const ResourceStats s = r.statistics(10.0);
  CHECK(s.window_start == 0.0);
  CHECK(s.window_end == 10.0);
  CHECK(s.busy_time == 13.0);  // 1 on [0,1), 2 on [1,6), 1 on [6,8)
  CHECK(s.capacity_time == 20.0);
  CHECK(s.utilisation == 0.65);
  CHECK(s.queue_time == 4.0);  // 1 on [2,3), 2 on [3,4), 1 on [4,5)
  CHECK(s.mean_queue_length == 0.4);
  CHECK(s.mean_busy == 1.3);
  CHECK(s.total_wait == 4.0);
  CHECK(s.mean_wait == 1.0);
  CHECK(s.max_wait == 2.0);
  CHECK(s.arrivals == 4);
  CHECK(s.started == 4);
  CHECK(s.completed == 4);
  CHECK(s.max_queue_length == 2);
}

TEST_CASE("capacity schedule: rises start waiters, drops let running services finish", "[resource]") {
  const std::vector<CapacityChange> schedule{{5.0, 3}, {8.0, 0}, {12.0, 2}};
  Resource r(1, schedule);
  std::vector<Resource::EntityId> started;
  auto on_start = [&](Resource::EntityId id) { started.push_back(id); };

  CHECK(r.next_change_time() == 5.0);
  CHECK(r.request(0.0, 1));
  CHECK_FALSE(r.request(1.0, 2));
  CHECK_FALSE(r.request(2.0, 3));
  CHECK_FALSE(r.request(3.0, 4));
  CHECK(queue_of(r) == std::vector<Resource::EntityId>{2, 3, 4});

  CHECK(r.apply_due_changes(5.0, on_start) == 2);  // capacity 1 -> 3: two waiters start at once
  CHECK(started == std::vector<Resource::EntityId>{2, 3});
  CHECK(r.capacity() == 3);
  CHECK(r.next_change_time() == 8.0);
  CHECK(r.release(6.0) == 4u);
  CHECK_FALSE(r.request(7.0, 5));

  CHECK(r.apply_due_changes(8.0, on_start) == 0);  // capacity 3 -> 0 with 3 busy
  CHECK(r.capacity() == 0);
  CHECK(r.busy() == 3);  // running services are not interrupted
  CHECK(r.idle() == 0);
  CHECK_FALSE(r.release(9.0).has_value());  // busy 2 > capacity 0: no new start
  CHECK_FALSE(r.release(10.0).has_value());
  CHECK_FALSE(r.release(11.0).has_value());  // busy 0 = capacity 0: still none
  CHECK(r.queue_length() == 1);

  started.clear();
  CHECK(r.apply_due_changes(12.0, on_start) == 1);
  CHECK(started == std::vector<Resource::EntityId>{5});
  CHECK(std::isinf(r.next_change_time()));
  CHECK_FALSE(r.release(13.0).has_value());

  const ResourceStats s = r.statistics(14.0);
  CHECK(s.busy_time == 21.0);           // 1x5 + 3x1 + 3x3 + 2x1 + 1x1 + 0x1 + 1x1
  CHECK(s.capacity_time == 18.0);       // 1x5 + 3x3 + 0x4 + 2x2
  CHECK(s.utilisation == 21.0 / 18.0);  // > 1 while capacity was below busy
  CHECK(s.queue_time == 15.0);          // 1 + 2 + 3x2 + 1 + 0 + 1x5
  CHECK(s.total_wait == 15.0);          // 0 + 4 + 3 + 3 + 5
  CHECK(s.mean_wait == 3.0);
  CHECK(s.max_wait == 5.0);
  CHECK(s.started == 5);
  CHECK(s.completed == 5);
  CHECK(s.max_queue_length == 3);
}

TEST_CASE("several due capacity changes apply in order; the last one wins", "[resource]") {
  const std::vector<CapacityChange> schedule{{1.0, 5}, {2.0, 1}, {3.0, 2}};
  Resource r(0, schedule);
  for (Resource::EntityId id = 0; id < 4; ++id) CHECK_FALSE(r.request(0.5, id));
  std::vector<Resource::EntityId> started;
  // Late call at t=4: capacity 5 starts all four waiters at t=4, the later steps start nobody.
  CHECK(r.apply_due_changes(4.0, [&](Resource::EntityId id) { started.push_back(id); }) == 4);
  CHECK(started == std::vector<Resource::EntityId>{0, 1, 2, 3});
  CHECK(r.capacity() == 2);
  CHECK(r.busy() == 4);
  const ResourceStats s = r.statistics(4.0);
  CHECK(s.capacity_time == 0.0);
  CHECK(std::isnan(s.utilisation));  // no capacity in the window: undefined, not a division by 0
  CHECK(s.total_wait == 14.0);
}

TEST_CASE("set_capacity changes capacity at once and reports starters", "[resource]") {
  Resource r(0);
  CHECK_FALSE(r.request(0.0, 7));
  CHECK_FALSE(r.request(0.0, 8));
  int calls = 0;
  CHECK(r.set_capacity(2.0, 1, [&](Resource::EntityId id) {
    ++calls;
    CHECK(id == 7);
  }) == 1);
  CHECK(calls == 1);
  CHECK(r.release(3.0) == 8u);
}

TEST_CASE("withdraw removes a waiting entity and keeps the order of the rest", "[resource]") {
  Resource r(1);
  CHECK(r.request(0.0, 1));
  for (Resource::EntityId id = 2; id <= 5; ++id) CHECK_FALSE(r.request(1.0, id));
  CHECK(r.withdraw(2.0, 3));
  CHECK_FALSE(r.withdraw(2.0, 3));
  CHECK_FALSE(r.withdraw(2.0, 1));  // in service, not waiting
  CHECK(queue_of(r) == std::vector<Resource::EntityId>{2, 4, 5});
  CHECK(r.release(3.0) == 2u);
  CHECK(r.release(4.0) == 4u);
  const ResourceStats s = r.statistics(4.0);
  CHECK(s.withdrawn == 1);
  CHECK(s.queue_time == 4.0 + 3.0 + 2.0);  // 4 waiting on [1,2), 3 on [2,3), 2 on [3,4)
}

TEST_CASE("the ring buffer keeps FIFO order across growth and wrap-around", "[resource]") {
  Resource r(1);
  CHECK(r.request(0.0, 0));
  Resource::EntityId next_in = 1, next_out = 1;
  double t = 0.0;
  // Alternate bursts of arrivals and services so the head wraps while the ring grows 16->32->64.
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < 3 + round % 5; ++i) CHECK_FALSE(r.request(t += 0.5, next_in++));
    for (int i = 0; i < 2; ++i) REQUIRE(r.release(t += 0.5) == next_out++);
  }
  while (r.queue_length() > 0) REQUIRE(r.release(t += 0.5) == next_out++);
  CHECK(next_out == next_in);
}

TEST_CASE("reset_statistics starts a new window and keeps the state", "[resource]") {
  Resource r(1);
  CHECK(r.request(0.0, 1));
  CHECK_FALSE(r.request(1.0, 2));
  CHECK_FALSE(r.request(2.0, 3));
  r.reset_statistics(10.0);
  CHECK(r.busy() == 1);
  CHECK(r.queue_length() == 2);
  CHECK(r.release(12.0) == 2u);  // waited 11, all of which counts (started in the window)
  const ResourceStats s = r.statistics(20.0);
  CHECK(s.window_start == 10.0);
  CHECK(s.busy_time == 10.0);
  CHECK(s.queue_time == 2.0 * 2 + 1.0 * 8);
  CHECK(s.arrivals == 0);
  CHECK(s.started == 1);
  CHECK(s.completed == 1);
  CHECK(s.total_wait == 11.0);
  CHECK(s.max_queue_length == 2);  // the queue at the start of the window
}

TEST_CASE("resource misuse is reported", "[resource]") {
  Resource r(1);
  CHECK_THROWS_AS(r.release(0.0), std::logic_error);
  CHECK(r.request(5.0, 1));
  CHECK_THROWS_AS(r.request(4.0, 2), std::logic_error);
  CHECK_THROWS_AS(r.request(NAN, 2), std::logic_error);
  CHECK_THROWS_AS(r.statistics(4.0), std::logic_error);

  const std::vector<CapacityChange> unordered{{2.0, 1}, {2.0, 3}};
  CHECK_THROWS_WITH(Resource(1, unordered), Catch::Contains("entry 1 has time 2"));
  const std::vector<CapacityChange> early{{-1.0, 1}};
  CHECK_THROWS_AS(Resource(1, early), std::invalid_argument);
  const std::vector<CapacityChange> nan{{NAN, 1}};
  CHECK_THROWS_AS(Resource(1, nan), std::invalid_argument);
}
