#include "sibsim/models/sib/funnel.hpp"

#include <algorithm>
#include <cmath>

#include "sibsim/engine/date.hpp"
#include "sibsim/engine/entity_calendar.hpp"
#include "sibsim/engine/fingerprint.hpp"

namespace sibsim::models::sib {
namespace {

using engine::Event;
using engine::Priority;

/// Exponential by inversion: exactly one uniform per draw, so decisions never shift each
/// other's random numbers (common random numbers across scenarios).
double exp_from(double u, double mean) noexcept { return -mean * std::log(u); }

std::uint64_t purpose(Purpose p) noexcept { return static_cast<std::uint64_t>(p); }

/// Events of a person's own calendar.
enum PersonEvent : std::uint16_t {
  kList,
  kApproach,
  kIntake,
  kConsent,
  kChangeMind,
  kTransfer,
  kNewTrajectory,
  kRelease
};

/// The few events pending for one person (at most 5 at a time), in the engine's event order.
/// The person is the calendar's only entity (entity 0); the persons' fingerprints are combined in
/// person order (FunnelSimulation::run), so each event enters as (time, kind).
using PersonCalendar = engine::EntityCalendar<8, engine::FingerprintRecord::time_kind>;

void lose(Person& p, Outcome why) noexcept {
  p.stage = Stage::lost;
  p.outcome = why;
}

/// 1 / (1 + exp(-x)), the inverse of log-odds.
double logistic(double x) noexcept { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace

double approach_probability(const SibParams& params, const engine::StreamFactory& rng, std::size_t prison,
                            double day) {
  const double p =
      step_at(params.recruitment.approach_probability, day, 0.0) * params.prisons[prison].approach_factor;
  const double sd = params.recruitment.effort_sd;
  if (sd <= 0.0 || p <= 0.0 || p >= 1.0) return p;  // no spread, or nothing to shift on the log-odds scale
  auto s = rng.stream(prison, purpose(Purpose::prison_effort));
  return logistic(std::log(p / (1.0 - p)) + sd * s.normal());
}

namespace {

/// One person's funnel up to contact after release, on the person's own calendar.
class PersonRun {
 public:
  PersonRun(const SibParams& params, const PopulationGenerator& population, const engine::StreamFactory& rng,
            Person& p) noexcept
      : params_(params), population_(population), rng_(rng), p_(p) {}

  PersonFunnel run() {
    PersonFunnel out;
    cal_.schedule_at(p_.listed, kList);
    while (!cal_.empty()) {
      handle(cal_.next());
      // Lost, or released with contact to come: every event still pending is a no-op (each
      // handler checks the stage), so count them and stop.
      if (p_.stage == Stage::lost || p_.stage == Stage::released) break;
    }
    out.events = static_cast<std::uint32_t>(cal_.events_processed() + cal_.pending());
    out.reaches_contact = p_.stage == Stage::released;
    out.contact = contact_;
    out.fingerprint = cal_.fingerprint();
    return out;
  }

 private:
  void handle(const Event& e) {
    Person& p = p_;
    switch (e.kind) {
      case kList:
        on_list(e.time);
        break;
      case kApproach:
        on_approach(e.time);
        break;
      case kIntake:
        on_intake(e.time);
        break;
      case kConsent:
        if (p.stage == Stage::selected) {
          if (p.consent_refused)
            lose(p, Outcome::municipality_refused);
          else
            p.consent = e.time;
        }
        break;
      case kChangeMind:
        if (p.stage == Stage::selected) lose(p, Outcome::dropped_out_in_pi);
        break;
      // Until selection only: a selected participant's counsellor follows them (the DJI data
      // show almost no post-selection losses other than changes of mind, consent and contact).
      case kTransfer:
        if (p.stage < Stage::selected) lose(p, Outcome::transfer);
        break;
      case kNewTrajectory:
        if (p.stage < Stage::selected) lose(p, Outcome::new_trajectory);
        break;
      case kRelease:
        on_release(e.time);
        break;
      default:
        break;
    }
  }
  void on_list(double t);
  void on_approach(double t);
  void on_intake(double t);
  void on_release(double t);
  bool after_release() const noexcept { return params_.recruitment.referral == Referral::after_release; }
  /// The scenario's declared criterion or reason that loses the person at `stage`, if any.
  std::optional<Outcome> declared_loss(FunnelStage stage, double t) const {
    const DeclaredRules& d = population_.declared();
    if (!d.any_at(stage)) return std::nullopt;
    return d.check(stage, rng_, p_, t);
  }

  const SibParams& params_;
  const PopulationGenerator& population_;
  const engine::StreamFactory& rng_;
  Person& p_;
  PersonCalendar cal_;
  double contact_ = 0.0;
};

// The PI coordinator checks the list; PI staff then approach the detainee, or do not.
void PersonRun::on_list(double t) {
  Person& p = p_;
  const CriteriaParams& c = params_.criteria;
  const RecruitmentParams& r = params_.recruitment;
  auto s = rng_.stream(p.id, purpose(Purpose::listing));
  const double u_other = s.uniform(), u_approach = s.uniform(), u_delay = s.uniform();
  if (c.no_bsn.applies(t) && p.has(Flag::no_bsn)) return lose(p, Outcome::no_bsn);
  if (c.persistent_offender.applies(t) && p.has(Flag::persistent_offender))
    return lose(p, Outcome::persistent_offender);
  if (c.age_over_65.applies(t) && p.age_group == kAgeGroups - 1) return lose(p, Outcome::age_over_65);
  if (c.no_residence_prospect.applies(t) && p.has(Flag::no_residence_prospect))
    return lose(p, Outcome::no_address_status_dutch);
  if (u_other < r.p_other_criteria) return lose(p, Outcome::other_criteria);
  if (const auto why = declared_loss(FunnelStage::listing, t)) return lose(p, *why);

  const double p_approach = approach_probability(params_, rng_, p.prison, t);
  if (!(u_approach < p_approach)) return lose(p, Outcome::not_approached);
  const double delay = exp_from(u_delay, r.approach_delay_mean_days);
  if (after_release()) {
    // Referred after release: nothing of the detention is left to compete with the funnel.
    if (t + delay >= r.end) return lose(p, Outcome::not_approached);
    cal_.schedule_at(t + delay, kApproach);
    return;
  }
  const double talk = std::max(t + delay, p.planned_release - r.approach_window_days);
  if (talk >= r.end) return lose(p, Outcome::not_approached);  // recruitment closed first

  // Competing events while detained, from the listing until release.
  auto d = rng_.stream(p.id, purpose(Purpose::detention));
  const double t_transfer =
      r.transfer_rate > 0 ? t + exp_from(d.uniform(), engine::kDaysPerMonth / r.transfer_rate) : INFINITY;
  const double t_new = r.new_trajectory_rate > 0
                           ? t + exp_from(d.uniform(), engine::kDaysPerMonth / r.new_trajectory_rate)
                           : INFINITY;
  cal_.schedule_at(talk, kApproach);
  if (t_transfer < p.release) cal_.schedule_at(t_transfer, kTransfer);
  if (t_new < p.release) cal_.schedule_at(t_new, kNewTrajectory);
  cal_.schedule_at(p.release, kRelease, 0, Priority::low);
}

// The first talk (flyer or conversation): enough time left? interested?
void PersonRun::on_approach(double t) {
  Person& p = p_;
  if (p.stage != Stage::listed) return;
  p.stage = Stage::approached;
  p.approached = true;
  const RecruitmentParams& r = params_.recruitment;
  auto s = rng_.stream(p.id, purpose(Purpose::first_talk));
  double u[7];
  for (double& x : u) x = s.uniform();
  if (!after_release() && p.release - t < r.min_lead_days) return lose(p, Outcome::early_release);
  if (u[0] < r.p_circumstances) return lose(p, Outcome::circumstances);
  if (u[1] < r.p_no_response) return lose(p, Outcome::no_response);
  if (u[2] < r.p_not_interested[p.age_group]) return lose(p, Outcome::not_interested);
  // The attributes of the talk, from their own stream, only now that a decision reads them (a
  // quarter of the approached are lost above; run_detailed completes theirs for the persons table).
  population_.draw_attributes(rng_, p);
  if (u[3] < r.p_has_work[p.work_potential]) return lose(p, Outcome::has_work);
  if (u[4] < r.p_other_organisation) return lose(p, Outcome::other_organisation);
  if (u[5] < r.p_other_activity) return lose(p, Outcome::other_activity);
  if (const auto why = declared_loss(FunnelStage::first_talk, t)) return lose(p, *why);
  cal_.schedule_at(t + exp_from(u[6], r.intake_delay_mean_days), kIntake);
}

// The counsellor's intake: the provider's inclusion and exclusion criteria, then consent.
void PersonRun::on_intake(double t) {
  Person& p = p_;
  if (p.stage != Stage::approached) return;
  if (!after_release() && t >= p.release) return lose(p, Outcome::early_release);
  p.interviewed = true;
  const CriteriaParams& c = params_.criteria;
  const RecruitmentParams& r = params_.recruitment;
  auto s = rng_.stream(p.id, purpose(Purpose::intake));
  const double u_interp = s.uniform(), u_refuse = s.uniform(), u_consent = s.uniform(), u_mind = s.uniform();
  if (c.insufficient_dutch.applies(t) && p.has(Flag::poor_dutch) && u_interp < c.interpreter_share)
    return lose(p, Outcome::no_address_status_dutch);
  if (c.unfit_for_work.applies(t) && p.has(Flag::unfit_for_work)) return lose(p, Outcome::unfit_for_work);
  if (c.no_work_motivation.applies(t) && p.has(Flag::no_work_motivation))
    return lose(p, Outcome::no_work_wish);
  const bool severe_seen = p.severe_problem && (p.addiction_detected || p.psychiatric_detected);
  if (c.addiction_psychiatric.applies(t) && severe_seen) return lose(p, Outcome::not_suitable_addiction);
  if (c.work_potential.applies(t) && !meets_work_potential_rule(p))
    return lose(p, Outcome::not_suitable_work_potential);
  if (const auto why = declared_loss(FunnelStage::intake, t)) return lose(p, *why);

  p.stage = Stage::selected;
  p.selected = t;
  // A randomised trial allocates the eligible and willing here, from a stream of its own (so
  // every other draw is the one of the same person without the trial).
  if (params_.evaluation.control == ControlSource::randomised) {
    auto a = rng_.stream(p.id, purpose(Purpose::randomisation));
    if (a.uniform() < params_.evaluation.control_allocation_share())
      return lose(p, Outcome::randomised_to_control);
  }
  p.consent_refused = u_refuse < r.consent_refusal_probability;
  // Without a consent step (recruitment.consent left out) consent is in at the intake.
  const double consent = r.consent_asked ? t + exp_from(u_consent, r.consent_delay_mean_days) : t;
  cal_.schedule_at(consent, kConsent);
  if (after_release()) {
    // Already released: the stage of release (consent in, relapse, contact) follows the consent.
    cal_.schedule_at(consent, kRelease, 0, Priority::low);
    return;
  }
  if (r.change_of_mind_rate > 0) {
    const double t_mind = t + exp_from(u_mind, engine::kDaysPerMonth / r.change_of_mind_rate);
    if (t_mind < p.release) cal_.schedule_at(t_mind, kChangeMind);
  }
}

// Release: consent must be in; relapse is possible; then contact is made, or not.
void PersonRun::on_release(double t) {
  Person& p = p_;
  if (p.stage == Stage::listed || p.stage == Stage::approached) return lose(p, Outcome::early_release);
  if (p.stage != Stage::selected) return;
  const RecruitmentParams& r = params_.recruitment;
  auto s = rng_.stream(p.id, purpose(Purpose::release));
  const double u_relapse = s.uniform(), u_contact = s.uniform(), u_delay = s.uniform();
  if (p.consent < 0.0)
    return lose(p, p.consent_refused ? Outcome::municipality_refused : Outcome::consent_too_late);
  if (p.addiction > 0 && u_relapse < r.relapse_probability) return lose(p, Outcome::relapse);
  if (const auto why = declared_loss(FunnelStage::release, t)) return lose(p, *why);
  const double p_contact =
      p.has(Flag::phone_known) ? r.contact_probability_phone : r.contact_probability_no_phone;
  if (!(u_contact < p_contact)) return lose(p, Outcome::no_contact);
  p.stage = Stage::released;
  contact_ = t + exp_from(u_delay, r.contact_delay_mean_days);
}

/// Counsellors' capacity on `day` (FTE x caseload per FTE): at or above it a starter is taken
/// on at lowered intensity.
bool above_capacity(const SibParams& params, double day, std::uint32_t caseload) noexcept {
  return static_cast<double>(caseload) >= counsellor_fte(params, day) * params.counsellors.caseload_per_fte;
}

}  // namespace

PersonFunnel run_person_funnel(const SibParams& params, const PopulationGenerator& population,
                               const engine::StreamFactory& rng, Person& p) {
  return PersonRun(params, population, rng, p).run();
}

void enrol(const SibParams& params, const engine::StreamFactory& rng, Person& p, double day) {
  const ProgrammeParams& g = params.programme;
  auto s = rng.stream(p.id, purpose(Purpose::programme));
  const double u_rec = s.uniform(), u_plus = s.uniform();
  p.stage = Stage::started;
  p.outcome = Outcome::started;
  // Counted from the intake in the PI or from this contact after release (ProgrammeParams::starts_at).
  p.started = g.starts_at == StartRule::intake && p.selected >= 0.0 ? std::min(p.selected, day) : day;
  if (u_rec < g.unrecorded_share)
    p.programme = Programme::unrecorded;
  else
    p.programme = u_plus < (meets_plus_rule(p) ? g.plus_if_rule : g.plus_otherwise) ? Programme::plus
                                                                                    : Programme::basic;
}

PersonPath simulate_person(const SibParams& params, const PopulationGenerator& population,
                           const engine::StreamFactory& rng, const Person& listed,
                           std::uint32_t caseload_at_start) {
  PersonPath path;
  path.person = listed;
  path.funnel = run_person_funnel(params, population, rng, path.person);
  complete_attributes(population, rng, path.person);
  if (!path.funnel.reaches_contact) return path;
  enrol(params, rng, path.person, path.funnel.contact);
  path.started = true;
  if (!params.simulate_programme) return path;
  Person& p = path.person;
  const double contact = path.funnel.contact;
  path.trajectory = plan_trajectory(params, rng, p, p.programme, contact, p.started);
  path.trajectory.reduced_intensity = above_capacity(params, contact, caseload_at_start);
  path.work = simulate_starter_work(params, rng, p, path.trajectory);
  return path;
}

namespace {
// Spare buffers of this thread's last FunnelSimulation: a replication reuses them instead of
// growing fresh vectors (and touching fresh pages) every time. At most one replication's worth
// per thread is kept.
struct SpareBuffers {
  std::vector<Person> persons;
  std::vector<Trajectory> trajectories;
};
thread_local SpareBuffers t_spare;
}  // namespace

FunnelSimulation::FunnelSimulation(const SibParams& params, const PopulationGenerator& population)
    : params_(params), population_(population) {
  persons_.swap(t_spare.persons);
  trajectories_.swap(t_spare.trajectories);
}

FunnelSimulation::~FunnelSimulation() {
  if (persons_.capacity() > t_spare.persons.capacity()) {
    persons_.clear();
    persons_.swap(t_spare.persons);
  }
  if (trajectories_.capacity() > t_spare.trajectories.capacity()) {
    trajectories_.clear();
    trajectories_.swap(t_spare.trajectories);
  }
}

FunnelResult FunnelSimulation::run(const engine::StreamFactory& rng) {
  rng_ = &rng;
  persons_.clear();
  trajectories_.clear();
  caseload_ = 0;
  enter_stage(ReplicationStage::population);
  population_.generate(rng, persons_);
  sim_.reset();
  // Until contact after release, persons run one after the other on their own calendars (see
  // run_person_funnel); enrolment and the caseload are shared, so contacts and trajectory ends
  // run on the shared calendar.
  person_events_ = 0;
  person_fingerprint_ = engine::kFingerprintStart;
  enter_stage(ReplicationStage::funnel);
  for (std::uint32_t i = 0; i < persons_.size(); ++i) {
    const PersonFunnel f = run_person_funnel(params_, population_, rng, persons_[i]);
    person_events_ += f.events;
    person_fingerprint_ = engine::hash_mix(person_fingerprint_, f.fingerprint);
    if (f.reaches_contact) sim_.schedule_at(f.contact, kContact, i);
  }
  enter_stage(ReplicationStage::programme);
  sim_.run([this](const engine::Event& e) {
    switch (e.kind) {
      case kContact:
        on_contact(persons_[e.entity], e.entity);
        break;
      case kTrajectoryEnd:
        --caseload_;
        break;
      default:
        break;
    }
  });
  enter_stage(ReplicationStage::summary);
  return summarise();
}

// Contact after release is enrolment: record the start and assign the programme.
void FunnelSimulation::on_contact(Person& p, std::uint32_t idx) {
  if (p.stage != Stage::released) return;
  enrol(params_, *rng_, p, sim_.now());
  if (!params_.simulate_programme) return;

  // The trajectory is planned from the person's own streams; the counsellors' capacity decides
  // the intensity: above capacity a starter is taken on at lowered intensity.
  const double contact = sim_.now();
  Trajectory t = plan_trajectory(params_, *rng_, p, p.programme, contact, p.started);
  t.reduced_intensity = above_capacity(params_, contact, caseload_);
  ++caseload_;
  if (std::isfinite(t.end())) sim_.schedule_at(t.end(), kTrajectoryEnd, idx);
  p.trajectory = static_cast<std::uint32_t>(trajectories_.size());
  trajectories_.push_back(t);
}

FunnelResult FunnelSimulation::summarise() const {
  const RecruitmentParams& r = params_.recruitment;
  FunnelResult res;
  res.events = person_events_ + sim_.events_processed();
  res.fingerprint = engine::hash_mix(person_fingerprint_, sim_.fingerprint());
  const std::int64_t m0 = engine::month_index(r.start);
  const std::int64_t m1 = engine::month_index(r.end) + params_.report_months_after_end;
  res.series_first_day = engine::month_start(m0);
  std::vector<double> start_days;
  start_days.reserve(256);
  std::vector<std::uint32_t> site_eligible(params_.prisons.size(), 0),
      site_started(params_.prisons.size(), 0);
  for (const Person& p : persons_) {
    ++res.eligible;
    ++site_eligible[p.prison];
    site_started[p.prison] += p.outcome == Outcome::started;
    ++res.outcomes[static_cast<std::size_t>(p.outcome)];
    res.approached += p.approached;
    res.interviewed += p.interviewed;
    if (p.selected >= 0.0) ++res.selected;
    if (p.outcome != Outcome::started) continue;
    ++res.started;
    start_days.push_back(p.started);
    if (p.started < r.end) ++res.started_by_deadline;
    res.female += p.female;
    res.basic += p.programme == Programme::basic;
    res.plus += p.programme == Programme::plus;
    res.unrecorded += p.programme == Programme::unrecorded;
    const bool severe_seen = p.severe_problem && (p.addiction_detected || p.psychiatric_detected);
    res.meets_handbook += meets_work_potential_rule(p) && !severe_seen;
    res.addiction_reported += p.addiction > 0 && p.addiction_detected;
    res.addiction_current_reported += p.addiction == 2 && p.addiction_detected;
    res.addiction_true += p.addiction > 0;
    res.psychiatric_reported += p.psychiatric_detected;
    for (std::size_t j = 0; j < kFlagCount; ++j) res.flags[j] += (p.flags >> j) & 1U;
    for (std::size_t k = 0; k < kMaxDeclaredAttributes && (p.declared >> k) != 0; ++k)
      res.declared[k] += (p.declared >> k) & 1U;
    ++res.age[p.age_group];
    ++res.work_potential[p.work_potential];
  }
  for (std::size_t i = 0; i < site_eligible.size(); ++i) {
    if (site_eligible[i] == 0) continue;
    ++res.sites_with_eligible;
    res.sites_reaching_benchmark += site_started[i] >= kSiteParticipationBenchmark * site_eligible[i];
  }
  std::sort(start_days.begin(), start_days.end());
  if (!start_days.empty()) res.day_first_start = start_days.front();
  if (r.target_starters > 0 && start_days.size() >= static_cast<std::size_t>(r.target_starters))
    res.day_target_reached = start_days[static_cast<std::size_t>(r.target_starters) - 1];
  res.cumulative_started.reserve(static_cast<std::size_t>(m1 - m0 + 1));
  std::size_t k = 0;
  for (std::int64_t m = m0; m <= m1; ++m) {
    const double day = engine::month_start(m);
    while (k < start_days.size() && start_days[k] < day) ++k;
    res.cumulative_started.push_back(static_cast<std::uint32_t>(k));
  }
  if (params_.simulate_programme) evaluate_programme(res);
  return res;
}

}  // namespace sibsim::models::sib
