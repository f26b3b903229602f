// The contract's work-month (work.jobs.contract_hours_share): a month counts only in a job of the
// contract's hours (WnD: 24 h/week or more), decided when the job starts. Known answers on many
// persons' work histories, and on common random numbers in the whole model: the shares change the
// contract's work-months and nothing that counts any job.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/programme.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

/// A trajectory that runs the whole window and beyond (no dropout, no life event), from day 17200.
Trajectory long_trajectory(const SibParams& params) {
  Trajectory t;
  t.start = t.counted_from = 17200;
  t.search_from = t.start;
  t.completion = t.start + 2.0 * params.work.window_months * engine::kDaysPerMonth;
  t.followup_end = t.completion;
  return t;
}

SibParams actual_without_stops() {
  SibParams params = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  params.dropout.stop_after_work = 0;  // nobody leaves the programme after finding work
  return params;
}

}  // namespace

TEST_CASE("a share of the jobs meets the contract's hours, for as long as the job lasts",
          "[models][contract_hours]") {
  SibParams params = actual_without_stops();
  params.work.contract_hours_share = 0.4;
  const engine::StreamFactory rng(5, 0);
  const Trajectory t = long_trajectory(params);
  Person p;
  p.work_potential = 2;

  // Under care as usual, contract months - 0.4 x months worked has mean 0 (jobs' hours are
  // independent of their kind and length). Its standard error comes from the persons.
  std::vector<double> diff;
  std::uint64_t months = 0, contract = 0;
  for (std::uint64_t id = 1; id <= 20000; ++id) {
    p.id = id;
    const WorkHistory h = simulate_work(params, rng, p, t, Arm::care_as_usual, id);
    REQUIRE(h.contract_months <= h.months_worked);
    months += h.months_worked;
    contract += h.contract_months;
    diff.push_back(h.contract_months - 0.4 * h.months_worked);
  }
  INFO("months " << months << ", contract months " << contract);
  REQUIRE(months > 20000);
  CHECK(std::abs(test::mean(diff)) < 4 * test::std_error(diff));
}

TEST_CASE("jobs found in the programme meet the contract's hours at the programme's share",
          "[models][contract_hours]") {
  SibParams params = actual_without_stops();
  params.work.contract_hours_share = 0.0;
  params.work.contract_hours_share_in_programme = 1.0;
  const engine::StreamFactory rng(6, 0);
  const Trajectory t = long_trajectory(params);  // in the programme for the whole window
  Person p;
  p.work_potential = 1;
  std::uint64_t worked = 0;
  for (std::uint64_t id = 1; id <= 2000; ++id) {
    p.id = id;
    const WorkHistory in = simulate_work(params, rng, p, t, Arm::programme, id);
    const WorkHistory as_usual = simulate_work(params, rng, p, t, Arm::care_as_usual, id);
    worked += in.months_worked;
    CHECK(in.contract_months == in.months_worked);  // every job was found in the programme
    CHECK(as_usual.contract_months == 0);           // no job under care as usual meets the hours
  }
  REQUIRE(worked > 1000);

  // After the follow-up the programme's share no longer applies: a trajectory that ended before
  // the window began leaves only care-as-usual jobs, none of the contract's hours.
  Trajectory ended = t;
  ended.completion = ended.followup_end = t.start - 1;
  for (std::uint64_t id = 1; id <= 500; ++id) {
    p.id = id;
    CHECK(simulate_work(params, rng, p, ended, Arm::programme, id).contract_months == 0);
  }
}

TEST_CASE("the contract's hours change its work-months and nothing that counts any job",
          "[models][contract_hours]") {
  SibParams every_month = load_sib_scenario(test::scenario_path("wnd-2016-actual.yaml"));
  every_month.work.contract_hours_share = every_month.work.contract_hours_share_in_programme = 1.0;
  SibParams hours = every_month;
  hours.work.contract_hours_share = 0.3;
  hours.work.contract_hours_share_in_programme = 0.8;
  const test::Samples a = test::sample(SibModel(every_month), 3, 12);
  const test::Samples b = test::sample(SibModel(hours), 3, 12);
  REQUIRE(a.names == b.names);

  // Any job: in work a year after release, at the status date, on a direct contract; and the
  // funnel, the trajectories and the dropouts: identical in every replication.
  for (const char* name :
       {"employed_month_12_share_care_as_usual", "employed_month_12_share_programme",
        "employed_month_12_share_control", "employed_at_status_share", "stable_job_share_at_status",
        "started", "dropouts", "status_in_trajectory_share"}) {
    INFO(name);
    CHECK(a[name] == b[name]);
  }
  // The contract's work-months fall in every arm and replication, the programme's least (its
  // jobs meet the hours more often).
  double ratio_programme = 0, ratio_control = 0;
  for (std::size_t r = 0; r < a["started"].size(); ++r) {
    for (const char* arm : {"programme", "care_as_usual", "control"}) {
      const std::string name = std::string("work_months_per_person_") + arm;
      INFO(name << " in replication " << r);
      CHECK(b[name][r] < a[name][r]);
    }
    ratio_programme += b["work_months_per_person_programme"][r] / a["work_months_per_person_programme"][r];
    ratio_control += b["work_months_per_person_control"][r] / a["work_months_per_person_control"][r];
  }
  const double reps = static_cast<double>(a["started"].size());
  CHECK(ratio_control / reps == Approx(0.3).margin(0.05));
  CHECK(ratio_programme / reps > ratio_control / reps + 0.2);
}
