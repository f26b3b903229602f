#include "test_schemas.hpp"

#include <cmath>

namespace sibsim::scenarios::test {

using engine::Date;

const Schema<MmcScenario>& mmc_schema() {
  static const Schema<MmcScenario> schema = [] {
    Schema<MmcScenario> s("M/M/c queue (example model)");
    s.field("model", &MmcScenario::model).required().one_of({"mmc"}).doc("Which model this scenario runs.");
    s.section("mmc", &MmcScenario::mmc, [](Record<MmcParams>& m) {
       m.field("arrival_rate", &MmcParams::arrival_rate)
           .required()
           .positive()
           .unit("1/day")
           .doc("Mean number of arrivals per day (lambda).");
       m.field("service_rate", &MmcParams::service_rate)
           .required()
           .positive()
           .unit("1/day")
           .doc("Mean services per day by one server (mu).");
       m.field("servers", &MmcParams::servers)
           .default_value(1)
           .range(1, 10000)
           .doc("Number of parallel servers (c).");
       m.field("warmup_days", &MmcParams::warmup_days)
           .default_value(30.0)
           .non_negative()
           .unit("day")
           .doc("Simulated time discarded before statistics are collected.");
       m.field("horizon_days", &MmcParams::horizon_days)
           .default_value(365.0)
           .positive()
           .unit("day")
           .doc("Simulated time per replication, warm-up included.");
       m.check([](const MmcParams& p, Checker& c) {
         if (p.warmup_days >= p.horizon_days)
           c.error("warmup_days", "the warm-up must be shorter than horizon_days");
         if (p.arrival_rate >= p.servers * p.service_rate)
           c.error("arrival_rate",
                   "the queue is unstable: arrival_rate must be below servers * service_rate");
       });
     }).doc("Parameters of the M/M/c queue.");
    return s;
  }();
  return schema;
}

const Schema<SibScenario>& sib_schema() {
  static const Schema<SibScenario> schema = [] {
    Schema<SibScenario> s("SIB example model (test binding)");
    s.field("model", &SibScenario::model).required().one_of({"sib"}).doc("Which model this scenario runs.");
    s.field("title", &SibScenario::title)
        .default_value("unnamed scenario")
        .non_empty()
        .doc("Shown in reports.");
    s.choice("arm", &SibScenario::arm,
             {{"treatment", Arm::treatment}, {"control", Arm::control}, {"both", Arm::both}})
        .default_value(Arm::both)
        .doc("Which study arm(s) to simulate.");

    // A flat struct, nested in YAML: dotted keys create the section `recruitment`.
    s.group("recruitment", "The enrolment period and target.").check([](const SibScenario& sc, Checker& c) {
      if (engine::to_days(sc.recruitment_end) <= engine::to_days(sc.recruitment_start))
        c.error("end",
                "must be after " + c.path("start") + " (" + engine::to_string(sc.recruitment_start) + ")");
    });
    s.field("recruitment.start", &SibScenario::recruitment_start).required().doc("First day of recruitment.");
    s.field("recruitment.end", &SibScenario::recruitment_end).required().doc("Last day of recruitment.");
    s.field("recruitment.target", &SibScenario::recruitment_target)
        .default_value(150)
        .min(1)
        .unit("participants")
        .doc("Planned number of participants.");
    s.field("consent_probability", &SibScenario::consent_probability)
        .default_value(0.6)
        .probability()
        .doc("Chance that an eligible detainee consents.");

    s.list("prisons", &SibScenario::prisons,
           [](Record<Prison>& p) {
             p.field("name", &Prison::name).required().non_empty().doc("Name of the prison (PI).");
             p.field("start", &Prison::start).required().doc("First day the PI refers detainees.");
             p.field("stop", &Prison::stop).doc("Last day the PI refers detainees (absent: until the end).");
             p.field("inflow_per_month", &Prison::inflow_per_month)
                 .required()
                 .non_negative()
                 .unit("detainees/month")
                 .doc("Eligible detainees per month at the start.");
             p.list("rate_changes", &Prison::rate_changes,
                    [](Record<RateChange>& r) {
                      r.field("from", &RateChange::from).required().doc("Date the new rate applies from.");
                      r.field("inflow_per_month", &RateChange::inflow_per_month)
                          .required()
                          .non_negative()
                          .unit("detainees/month");
                    })
                 .sorted_by("from")
                 .doc("Piecewise-constant changes of the inflow rate.");
             p.check([](const Prison& pr, Checker& c) {
               if (pr.stop && engine::to_days(*pr.stop) <= engine::to_days(pr.start))
                 c.error("stop", "must be after start (" + engine::to_string(pr.start) + ")");
               for (std::size_t i = 0; i < pr.rate_changes.size(); ++i)
                 if (engine::to_days(pr.rate_changes[i].from) <= engine::to_days(pr.start))
                   c.error("rate_changes[" + std::to_string(i) + "].from",
                           "must be after the prison's start");
             });
           })
        .required()
        .unique_by("name")
        .doc("Participating prisons.");

    s.list("counsellor_fte", &SibScenario::counsellor_fte,
           [](Record<StaffPeriod>& r) {
             r.field("from", &StaffPeriod::from).required();
             r.field("fte", &StaffPeriod::fte).required().non_negative().unit("FTE");
           })
        .non_empty()
        .sorted_by("from")
        .doc("Counsellor capacity: each entry applies from its date until the next.");

    s.field("outcome_shares", &SibScenario::outcome_shares)
        .default_value({0.32, 0.28, 0.40})
        .probability()
        .min_size(3)
        .max_size(3)
        .doc("Shares of participants with temporary work, durable work and no work.");
    s.field("municipality_weights", &SibScenario::municipality_weights)
        .default_value({})
        .positive()
        .doc("Relative weight of each municipality of return.");
    s.field("payment.cap_eur", &SibScenario::payment_cap_eur)
        .positive()
        .unit("EUR")
        .doc("Cap on total payment.");
    s.field("payment.interim", &SibScenario::interim_payments).default_value(true);
    s.field<int>(
         "payment.follow_up_weeks", [](const SibScenario& sc) { return sc.follow_up_days / 7; },
         [](SibScenario& sc, int weeks) { sc.follow_up_days = weeks * 7; })
        .default_value(104)
        .range(1, 520)
        .unit("week")
        .doc("Measurement window per participant.");
    s.field("seeds", &SibScenario::seeds).default_value({}).non_negative().doc("Extra seeds.");

    s.check([](const SibScenario& sc, Checker& c) {
      double sum = 0;
      for (double x : sc.outcome_shares) sum += x;
      if (std::abs(sum - 1.0) > 1e-9)
        c.error("outcome_shares", "the shares must sum to 1 (they sum to " + std::to_string(sum) + ")");
    });
    return s;
  }();
  return schema;
}

}  // namespace sibsim::scenarios::test
