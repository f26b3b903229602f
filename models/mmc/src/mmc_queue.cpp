#include "sibsim/models/mmc/mmc_queue.hpp"

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "sibsim/engine/resource.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/simulator.hpp"

namespace sibsim::models {

namespace {

enum EventKind : std::uint16_t { kArrival = 0, kDeparture = 1, kWarmupEnd = 2 };

[[noreturn]] void bad_param(const char* name, double value, const char* expected) {
  std::ostringstream msg;
  msg << "M/M/c parameter " << name << " = " << value << ": expected " << expected;
  throw std::invalid_argument(msg.str());
}

}  // namespace

void validate(const MmcParams& p) {
  if (!(p.arrival_rate > 0.0) || !std::isfinite(p.arrival_rate))
    bad_param("arrival_rate", p.arrival_rate, "a positive finite rate per day");
  if (!(p.service_rate > 0.0) || !std::isfinite(p.service_rate))
    bad_param("service_rate", p.service_rate, "a positive finite rate per day");
  if (p.servers < 1) bad_param("servers", p.servers, "at least 1");
  if (!(p.warmup >= 0.0) || !std::isfinite(p.warmup))
    bad_param("warmup", p.warmup, "a finite number of days >= 0");
  if (!(p.run_length > 0.0) || !std::isfinite(p.run_length))
    bad_param("run_length", p.run_length, "a positive finite number of days");
}

MmcTheory erlang_c(const MmcParams& p) {
  validate(p);
  const double c = p.servers;
  const double a = p.arrival_rate / p.service_rate;  // offered load in Erlangs
  MmcTheory t;
  t.rho = a / c;
  if (!(t.rho < 1.0)) bad_param("rho = lambda/(c mu)", t.rho, "< 1 for a steady state");
  // Erlang B by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)), then Erlang C from B.
  double b = 1.0;
  for (std::uint32_t k = 1; k <= p.servers; ++k) b = a * b / (k + a * b);
  t.p_wait = b / (1.0 - t.rho * (1.0 - b));
  t.wq = t.p_wait / (c * p.service_rate - p.arrival_rate);
  t.lq = p.arrival_rate * t.wq;
  t.w = t.wq + 1.0 / p.service_rate;
  t.l = p.arrival_rate * t.w;
  return t;
}

MmcQueue::MmcQueue(const MmcParams& p) : params_(p) { validate(p); }

std::vector<engine::KpiInfo> MmcQueue::kpis() const {
  const auto kpi = [](const char* name, const char* unit, const char* description, const char* label) {
    engine::KpiInfo k;
    k.name = name;
    k.unit = unit;
    k.description = description;
    k.label = label;
    k.groups = {std::string(engine::kGroupHeadline), std::string(engine::kGroupSteering)};
    return k;
  };
  return {
      kpi("wait_in_queue", "days", "Mean wait in queue (Wq) of customers starting service after the warm-up",
          "mean wait in queue"),
      kpi("utilisation", "fraction", "Time-weighted share of servers busy after the warm-up", "utilisation"),
      kpi("queue_length", "customers",
          "Time-weighted mean number of customers waiting (Lq) after the warm-up", "mean queue length"),
      kpi("served", "customers", "Services completed between the warm-up and the end of the run",
          "customers served"),
  };
}

MmcResult MmcQueue::simulate(std::uint64_t seed, std::uint64_t replication, MmcTrace* trace) const {
  const MmcParams& p = params_;
  engine::Simulator sim;
  // Pending events: at most one arrival, c departures and the warm-up marker.
  sim.queue().reserve(static_cast<std::size_t>(p.servers) + 2);
  engine::Resource servers(p.servers);
  servers.reserve_queue(256);
  engine::RandomStream arrivals(seed, replication, 0, static_cast<std::uint64_t>(MmcStream::arrival));
  engine::RandomStream services(seed, replication, 0, static_cast<std::uint64_t>(MmcStream::service));

  std::uint32_t next_customer = 0;
  auto start_service = [&](std::uint32_t customer) {
    sim.schedule_in(services.exponential(p.service_rate), kDeparture, customer);
  };
  sim.schedule_at(arrivals.exponential(p.arrival_rate), kArrival, 0);
  // The warm-up marker is urgent: an arrival at exactly `warmup` counts in the window.
  sim.schedule_at(p.warmup, kWarmupEnd, 0, engine::Priority::urgent);

  const double end = p.warmup + p.run_length;
  sim.run_until(end, [&](const engine::Event& e) {
    switch (e.kind) {
      case kArrival: {
        if (next_customer == std::numeric_limits<std::uint32_t>::max())
          throw std::runtime_error("M/M/c: more than 2^32 - 1 customers in one replication");
        const std::uint32_t customer = next_customer++;
        if (trace != nullptr) trace->arrival_times.push_back(e.time);
        if (servers.request(e.time, customer)) start_service(customer);
        sim.schedule_in(arrivals.exponential(p.arrival_rate), kArrival, 0);
        break;
      }
      case kDeparture:
        if (const auto next = servers.release(e.time)) start_service(*next);
        break;
      case kWarmupEnd:
        servers.reset_statistics(e.time);
        break;
      default:
        throw std::logic_error("M/M/c: unknown event kind");
    }
  });

  const engine::ResourceStats s = servers.statistics(end);
  MmcResult r;
  r.wait_in_queue = s.mean_wait;
  r.utilisation = s.utilisation;
  r.queue_length = s.mean_queue_length;
  r.served = static_cast<double>(s.completed);
  r.events = sim.events_processed();
  r.fingerprint = sim.fingerprint();
  return r;
}

void MmcQueue::run_replication(std::uint64_t seed, std::uint64_t replication, std::span<double> out) const {
  if (out.size() != kKpiCount) throw std::invalid_argument("MmcQueue::run_replication: wrong output size");
  const MmcResult r = simulate(seed, replication);
  out[kWaitInQueue] = r.wait_in_queue;
  out[kUtilisation] = r.utilisation;
  out[kQueueLength] = r.queue_length;
  out[kServed] = r.served;
}

}  // namespace sibsim::models
