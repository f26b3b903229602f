#pragma once
/// \file funnel.hpp
/// One replication of the recruitment funnel as a discrete-event simulation: listing on the
/// monthly DJI list, the coordinator check, the first talk, the counsellor's intake with the
/// selection criteria, municipal consent, changes of mind, transfers and new trajectories while
/// detained, release and contact after release (= start of the programme).

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/engine/simulator.hpp"
#include "sibsim/engine/stage_clock.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/programme.hpp"

namespace sibsim::models::sib {

/// What happened to the starters of one replication, in the three arms.
struct ProgrammeResult {
  std::uint32_t starters = 0;
  // Status on the evaluation's status date, of those started before it.
  std::uint32_t status_base = 0, completed = 0, in_trajectory = 0, dropped_out = 0;
  std::uint32_t employed_at_status = 0, employed_base = 0;
  std::uint32_t stable_job_at_status = 0;                 ///< of employed_at_status: in a stable job
  std::array<std::uint32_t, kDropoutReasons> dropouts{};  ///< by reason, over the whole run
  std::uint32_t dropouts_total = 0, reduced_intensity = 0;
  std::uint32_t dropouts_after_work = 0;  ///< dropouts who stopped after finding a job (no effort)
  /// Dropouts by month since the start (index 0 = first month), over the first 24 months.
  std::array<std::uint32_t, 24> dropouts_by_month{};
  /// Dropouts and starters with / without each risk factor (for the direction of effects).
  std::array<std::uint32_t, 7> factor_yes{}, factor_yes_dropped{}, factor_no{}, factor_no_dropped{};
  // Per arm: 0 programme, 1 the same persons under care as usual, 2 the matched control group.
  std::array<double, 3> work_months{};
  std::array<std::uint32_t, 3> durable{}, temporary{}, reoffended{}, on_benefits{};
  std::array<std::uint32_t, 3> employed_month_12{};  ///< in work (any job) in the window's 12th month
  std::array<std::uint32_t, 3> ever_employed{};      ///< in any job at some time in the window
  /// Persons in arm 2: the starters with a matched control, or a randomised trial's controls.
  std::uint32_t matched = 0;
  /// The evaluation's extra work-months (EvaluationParams::control): matched pairs scaled to all
  /// starters, a randomised trial's arms by intention to treat, or the starters against a baseline.
  double measured_extra = 0;
  bool threshold_reached = false, full_ambition_reached = false;
  bool threshold_reached_true = false;  ///< the threshold on the true extra work-months
  /// Per payment metric (contract_metrics): the measured and true differences, and the payment.
  std::vector<double> metric_measured, metric_true, metric_payout;
  /// With payment cohorts (PaymentParams::new_cohort_from): each cohort's payment, and the cohorts
  /// whose headline metric reached its threshold.
  std::vector<double> cohort_payout;
  std::uint32_t cohorts_reaching_threshold = 0;
  double payout = 0, investor_irr = 0, investor_multiple = 0;
  double government_savings = 0;
  double measurement_end = 0;           ///< last day of the last measured window (programme or control)
  std::vector<std::uint32_t> caseload;  ///< counsellor caseload (phases 1-3) on each series date
  /// Participants in work (programme arm, within their window) in each series month.
  std::vector<std::uint32_t> employed;
  /// The matched control group (the evaluation's twins) in work by calendar month, as `employed`.
  std::vector<std::uint32_t> employed_control;
};
inline constexpr std::array<const char*, 7> kDropoutFactorNames = {
    "no_partner", "debts", "low_education", "low_self_reliance", "poor_worker_skills", "hard_drugs", "plus"};

/// Counts of one replication; everything a report needs, nothing per person.
struct FunnelResult {
  std::uint32_t eligible = 0, approached = 0, interviewed = 0, selected = 0, started = 0;
  std::uint32_t started_by_deadline = 0;  ///< started before recruitment.end
  /// PIs with eligible persons, and those whose starters are at least kSiteParticipationBenchmark
  /// of their eligible (brief: 5 of the 13 PIs reached 10 %).
  std::uint32_t sites_with_eligible = 0, sites_reaching_benchmark = 0;
  double day_target_reached = -1.0;  ///< clock day the target was reached, or -1
  double day_first_start = -1.0;     ///< clock day of the first start, or -1
  /// Persons by how they left the funnel, indexed as reason_catalogue (declared.hpp): the built-in
  /// outcomes, then the scenario's declared criteria and reasons.
  std::array<std::uint32_t, kMaxReasons> outcomes{};
  /// Cumulative starters on the first day of each month from the recruitment start's month.
  std::vector<std::uint32_t> cumulative_started;
  double series_first_day = 0.0;
  // Profile of the starters (counts).
  std::uint32_t female = 0, basic = 0, plus = 0, unrecorded = 0, meets_handbook = 0;
  std::uint32_t addiction_reported = 0, addiction_current_reported = 0, addiction_true = 0;
  std::uint32_t psychiatric_reported = 0;
  std::array<std::uint32_t, kFlagCount> flags{};
  std::array<std::uint32_t, kMaxDeclaredAttributes> declared{};  ///< with each declared attribute
  std::array<std::uint32_t, kAgeGroups> age{};
  std::array<std::uint32_t, kWorkPotentialLevels> work_potential{};
  std::uint64_t events = 0;  ///< on the persons' calendars and the shared one
  /// Hash over the events of the persons' calendars (in person order) and of the shared calendar.
  std::uint64_t fingerprint = 0;
  ProgrammeResult programme;
};

/// The share of the eligible the business case expected to take part (brief: about 10 %); the
/// KPI sites_reaching_10pct counts the sites that reach it.
inline constexpr double kSiteParticipationBenchmark = 0.10;

/// Length of the monthly caseload series: to 24 months after the end of recruitment.
inline std::int64_t caseload_series_months(const SibParams& p) {
  return engine::month_index(p.recruitment.end) + 24 - engine::month_index(p.recruitment.start);
}

/// The chance that PI staff approach a detainee listed at `prison` on `day`: the schedule times the
/// PI's approach_factor, shifted on the log-odds scale by the PI's effort draw of this replication
/// (RecruitmentParams::effort_sd).
double approach_probability(const SibParams& params, const engine::StreamFactory& rng, std::size_t prison,
                            double day);

/// What one person's own event calendar produced (see run_person_funnel).
struct PersonFunnel {
  bool reaches_contact = false;   ///< released with contact to come (enrolment)
  double contact = 0.0;           ///< day of that contact, if reaches_contact
  std::uint32_t events = 0;       ///< events processed on the person's calendar, no-ops included
  std::uint64_t fingerprint = 0;  ///< hash over (time, kind) of the events up to the last decisive one
};

/// Runs one listed person (calendar and list attributes drawn, see PopulationGenerator) through
/// the recruitment funnel on the person's own event calendar: the list and the coordinator check,
/// the first talk, the intake, consent, change of mind, transfer, new trajectory and release, in
/// the engine's event order (time, priority, order of scheduling). It stops when the person is
/// lost or has been released with contact to come; that contact is returned, not processed.
///
/// Why a calendar per person: until enrolment no decision depends on anybody else (every draw
/// comes from the person's own streams, and no handler reads shared state), so the persons'
/// calendars can run one after the other with exactly the results of one shared calendar. The
/// counsellors' caseload is the only thing persons share; FunnelSimulation therefore runs
/// contacts and trajectory ends on the shared engine::Simulator.
PersonFunnel run_person_funnel(const SibParams& params, const PopulationGenerator& population,
                               const engine::StreamFactory& rng, Person& p);

/// Contact after release (on `day`) is enrolment: records the start (that day, or the intake in the
/// PI under StartRule::intake) and assigns the programme from the person's `programme` stream.
void enrol(const SibParams& params, const engine::StreamFactory& rng, Person& p, double day);

/// A starter's measurement window in the three arms: work in the programme, the same person under
/// care as usual (the same uniforms) and the matched control (its own person id and trajectory),
/// the actual dropout, and the uniforms of the outcome measures (re-offending, benefits).
struct StarterWork {
  std::array<WorkHistory, 3> arm{};  ///< 0 programme, 1 care as usual, 2 matched control
  bool matched = true;               ///< the evaluator found a control (else arm 2 is empty)
  Trajectory control_trajectory;
  Dropout dropout;  ///< planned dropout, or earlier when the participant found work and stopped
  double u_reoffend = 0, u_benefits = 0, u_reoffend_control = 0, u_benefits_control = 0;
  double u_custody = 0.5, u_custody_control = 0.5;  ///< drawn after the others (same draws as before)
};
/// Entity bit of a person's matched control in the random streams.
inline constexpr std::uint64_t kControlTwin = 1ULL << 63;

/// The evaluation's choice of a control for one starter.
struct ControlChoice {
  bool matched = true;  ///< the evaluator found a control for the starter
  /// A non-participant with all its attributes (ControlSource::non_participants), or none: the
  /// starter's idealised twin.
  std::optional<Person> person;
};

/// The control candidates of one replication (EvaluationParams::control): for non_participants,
/// the eligible persons who did not start (except those who already had work: registry data
/// record employment), by the recorded attributes the evaluator matches on (age group and sex, and
/// the scenario's declared attributes marked `matched`). choose() is a pure function of the
/// starter's `evaluation` stream and the pool, so the same starter gets the same control wherever it
/// is computed (/persons included).
class ControlPool {
 public:
  ControlPool(const SibParams& params, const PopulationGenerator& population,
              const std::vector<Person>& persons);
  ControlChoice choose(const engine::StreamFactory& rng, const Person& starter) const;

  /// At most this many declared attributes are matched on (each doubles the matching cells).
  static constexpr std::size_t kMaxMatchedDeclared = 4;

 private:
  /// The matching cell: age group and sex, then each matched declared attribute's bit.
  std::size_t key(const Person& p) const noexcept {
    std::size_t k = std::size_t{p.age_group} * 2 + (p.female ? 1 : 0);
    for (const std::uint8_t bit : matched_) k = k * 2 + ((p.declared >> bit) & 1U);
    return k;
  }
  const SibParams& params_;
  const PopulationGenerator& population_;
  static constexpr std::size_t kMaxKeys = std::size_t{kAgeGroups} * 2 << kMaxMatchedDeclared;
  const std::vector<Person>& persons_;
  std::vector<std::uint8_t> matched_;  ///< bits of Person::declared the evaluator matches on
  std::size_t keys_ = std::size_t{kAgeGroups} * 2;
  /// The candidates' indices in persons_, grouped by key(): those of key k are
  /// candidates_[offsets_[k] .. offsets_[k + 1]) (one array, filled by a counting sort).
  std::vector<std::uint32_t> candidates_;
  std::array<std::uint32_t, kMaxKeys + 1> offsets_{};
};

/// A starter's work in the three arms. `control`: the evaluation's choice (default: the twin).
/// A non-participant control's window starts at its release.
StarterWork simulate_starter_work(const SibParams& params, const engine::StreamFactory& rng, const Person& p,
                                  const Trajectory& t, const ControlChoice& control = {});

/// The stages of a replication, for the per-stage cost that benchmarks/bench_scenarios prints
/// (engine/stage_clock.hpp; the marks cost nothing measurable unless a benchmark turns them on).
enum class ReplicationStage : std::size_t {
  population,  ///< PopulationGenerator::generate: arrivals, calendars, list attributes
  funnel,      ///< every person's own calendar until contact after release (or loss)
  programme,   ///< the shared calendar: enrolment, trajectory plans, caseload
  summary,     ///< counts and enrolment series of the funnel
  work,        ///< simulate_starter_work: three arms and the control's trajectory per starter
  evaluation,  ///< the evaluation's counts per starter and the caseload series
  payment,     ///< the contract, the investors' cash flows and IRR, government savings
  kpis,        ///< the KPI values taken from the result
};
/// The stages' names, in ReplicationStage order (what bench_scenarios prints).
inline constexpr std::array<const char*, 8> kReplicationStageNames = {
    "population", "funnel", "programme", "summary", "work", "evaluation", "payment", "KPIs"};
inline void enter_stage(ReplicationStage s) noexcept {
  const auto i = static_cast<std::size_t>(s);
  engine::stage_enter(i, kReplicationStageNames[i]);
}

/// One person's whole path on its own, for audits and the per-person micro-benchmark: the funnel
/// (run_person_funnel), and for a starter the enrolment, the trajectory (with the capacity
/// decision taken at `caseload_at_start` participants in phases 1-3) and the three arms. In a
/// replication the same person gets the same results, given the same caseload at the start.
struct PersonPath {
  Person person;
  PersonFunnel funnel;
  bool started = false;
  Trajectory trajectory;  ///< if started and params.simulate_programme
  StarterWork work;       ///< if started and params.simulate_programme
};
PersonPath simulate_person(const SibParams& params, const PopulationGenerator& population,
                           const engine::StreamFactory& rng, const Person& listed,
                           std::uint32_t caseload_at_start = 0);

class FunnelSimulation {
 public:
  /// Both references must outlive the simulation; population is shared (read-only).
  FunnelSimulation(const SibParams& params, const PopulationGenerator& population);
  /// Hands its buffers to the next FunnelSimulation on this thread (no allocation per replication).
  ~FunnelSimulation();
  FunnelSimulation(const FunnelSimulation&) = delete;
  FunnelSimulation& operator=(const FunnelSimulation&) = delete;

  /// Runs one replication. Persons of the run stay available through persons().
  FunnelResult run(const engine::StreamFactory& rng);
  const std::vector<Person>& persons() const noexcept { return persons_; }
  /// Trajectories of the run's starters; Person::trajectory indexes this vector.
  const std::vector<Trajectory>& trajectories() const noexcept { return trajectories_; }

 private:
  // Events of the shared calendar (the persons' own calendars have theirs in funnel.cpp).
  enum Kind : std::uint16_t { kContact = 8, kTrajectoryEnd = 9 };
  void on_contact(Person& p, std::uint32_t idx);
  FunnelResult summarise() const;
  void evaluate_programme(FunnelResult& res) const;

  const SibParams& params_;
  const PopulationGenerator& population_;
  const engine::StreamFactory* rng_ = nullptr;
  engine::Simulator sim_;                 ///< shared calendar: contacts (enrolment) and trajectory ends
  std::uint64_t person_events_ = 0;       ///< events processed on the persons' own calendars
  std::uint64_t person_fingerprint_ = 0;  ///< their fingerprints, combined in person order
  std::vector<Person> persons_;
  std::vector<Trajectory> trajectories_;  ///< one per starter, Person::trajectory indexes it
  std::uint32_t caseload_ = 0;            ///< participants in phases 1-3 now
};

}  // namespace sibsim::models::sib
