#pragma once
/// \file params.hpp
/// Every parameter of the SIB funnel model as a plain value type. The scenario schema
/// (models/sib/io/scenario.cpp) fills it from YAML. A key a scenario may leave out takes this
/// struct's default member initialiser (the schema's default_from_struct(): each default lives
/// here, once); the other initialisers are placeholders for code that builds parameters itself,
/// since the schema requires those keys. The figures used and their sources are in the scenario
/// files and in models/sib/CALIBRATION.md. Times are clock days (days since 1970-01-01, see
/// engine/date.hpp); rates are per month unless the name says otherwise.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sibsim::models::sib {

/// One step of a step function of calendar time.
struct Step {
  double from = 0.0;  ///< clock day from which `value` holds
  double value = 0.0;
};
/// A step function of calendar time, steps in increasing `from` order (the loader checks).
using StepSchedule = std::vector<Step>;

/// Value of the schedule at day t: the last step with from <= t, or `before` if none.
inline double step_at(const StepSchedule& steps, double t, double before) noexcept {
  double v = before;
  for (const Step& s : steps) {
    if (s.from > t) break;
    v = s.value;
  }
  return v;
}

/// One penitentiary institution (PI) taking part in recruitment.
struct Prison {
  std::string name;
  double start = 0.0;             ///< first day listed detainees are recruited here
  double stop = 1e300;            ///< day recruitment here stops (exclusive); default: never
  double inflow_per_month = 0.0;  ///< mean number of eligible detainees listed per month
  bool women = false;             ///< a women's prison (all its detainees are women)
  double approach_factor = 1.0;   ///< multiplies the approach probability (local staff effort)
  /// Shape of this PI's Gamma rate factor (Poisson-Gamma); unset: population.gamma_shape.
  /// `sibsim forecast` sets it to the posterior's shape.
  std::optional<double> gamma_shape;
  /// Multiplier on inflow over time (ramp-up, pauses); 1 before the first step.
  StepSchedule inflow_multiplier;
};

enum class Heterogeneity : std::uint8_t { fixed, poisson_gamma };

struct PopulationParams {
  Heterogeneity heterogeneity = Heterogeneity::fixed;
  /// Shape alpha of the Gamma distribution of a PI's rate around its mean (Poisson-Gamma model,
  /// Anisimov & Fedorov 2007): rate ~ Gamma(alpha, mean/alpha). Larger = less heterogeneity.
  double gamma_shape = 10.0;
  /// Months before a PI's start from which detainees are generated, so that those already
  /// inside at the start form an initial pool with their own release dates.
  int initial_pool_months = 12;
  /// Days from entering detention to appearing on a monthly DJI list (conviction, admin).
  double list_delay_min_days = 10.0;
  double list_delay_max_days = 45.0;
  /// Planned total detention in months: bins [edges[i], edges[i+1]) with weights[i].
  std::vector<double> detention_edges_months{3.0, 6.0, 9.0, 12.0};
  std::vector<double> detention_weights{0.55, 0.28, 0.17};
  /// Actual release differs from the planned date: probability of an earlier release and
  /// the mean number of days it comes early (exponential).
  double early_release_probability = 0.15;
  double early_release_mean_days = 30.0;
};

/// A binary attribute: population prevalence and loading on the latent problem factor
/// (Gaussian copula: attribute = 1 if loading*Z + sqrt(1-loading^2)*e > quantile(1-prevalence)).
struct BinaryAttribute {
  double prevalence = 0.0;
  double loading = 0.0;
  /// false: the scenario leaves this built-in attribute out (nobody has it; its KPIs, the reasons
  /// and criteria that only it feeds, and its keys are left out of the results and the reports).
  bool present = true;
};

/// Attribute indices (order of PersonAttributes::flags bits and AttributeParams::binary).
enum class Flag : std::uint8_t {
  no_partner,
  children,
  low_education,
  debts,
  unstable_housing,
  hard_drugs,
  psychiatric,
  low_self_reliance,
  social_isolation,
  poor_worker_skills,
  never_paid_job,
  poor_dutch,
  born_abroad,
  phone_known,
  no_bsn,
  no_residence_prospect,
  persistent_offender,
  unfit_for_work,
  ladder_step1,
  no_work_motivation,
  count
};
inline constexpr std::size_t kFlagCount = static_cast<std::size_t>(Flag::count);
/// snake_case names, in Flag order (YAML keys and KPI names).
extern const std::array<const char*, kFlagCount> kFlagNames;

inline constexpr std::size_t kAgeGroups = 6;  // 18-19, 20-30, 31-40, 41-50, 51-64, 65+
extern const std::array<const char*, kAgeGroups> kAgeGroupNames;
inline constexpr std::size_t kWorkPotentialLevels = 4;  // low, reasonable, high, very high
extern const std::array<const char*, kWorkPotentialLevels> kWorkPotentialNames;
inline constexpr std::size_t kAddictionLevels = 3;  // none, past, current
extern const std::array<const char*, kAddictionLevels> kAddictionNames;

/// An ordinal attribute: category probabilities and loading (higher latent = later category).
template <std::size_t N>
struct OrdinalAttribute {
  std::array<double, N> probabilities{};
  double loading = 0.0;
};

struct AttributeParams {
  std::array<BinaryAttribute, kFlagCount> binary{};
  OrdinalAttribute<kAgeGroups> age{};
  /// Loading is on "problems": a positive loading makes work potential LOWER with problems.
  OrdinalAttribute<kWorkPotentialLevels> work_potential{};
  OrdinalAttribute<kAddictionLevels> addiction{};
};

/// A selection criterion: applied while active and before `dropped_from` (if set).
struct Criterion {
  bool active = true;
  double dropped_from = 1e300;  ///< clock day from which the criterion no longer applies
  /// false: written out of the resolved scenario (a criterion the file does not give, on an
  /// attribute the scenario leaves out).
  bool shown = true;
  bool applies(double t) const noexcept { return active && t < dropped_from; }
};

struct CriteriaParams {
  // Checked by the PI coordinator on the monthly list.
  Criterion no_bsn;                 ///< no citizen service number
  Criterion persistent_offender;    ///< top-600 / persistent-offender institution
  Criterion age_over_65;            ///< provider-added exclusion
  Criterion no_residence_prospect;  ///< no prospect of a Dutch residence permit (deportation)
  // Provider inclusion and exclusion criteria, checked at the intake.
  Criterion insufficient_dutch;  ///< interpreter needed (provider-added)
  Criterion unfit_for_work;
  Criterion no_work_motivation;     ///< no basic motivation to work (provider-added)
  Criterion addiction_psychiatric;  ///< severe addiction / psychiatric problems needing clinic
  Criterion work_potential;         ///< handbook inclusion rule on work potential
  /// Screening sensitivity: probability a current addiction / psychiatric problem is detected
  /// (and reported in the questionnaire). Exclusions remove only the detected.
  double detect_addiction = 0.5;
  double detect_psychiatric = 0.5;
  /// Of those with a current addiction or psychiatric problem, the share whose problem is
  /// severe enough to need clinical treatment first (the exclusion's target).
  double severe_share = 0.5;
  /// Of those with poor or reasonable Dutch, the share who need an interpreter (the
  /// insufficient-Dutch exclusion's target).
  double interpreter_share = 0.3;
};

/// A built-in criterion that checks one built-in yes/no attribute: a scenario that leaves the
/// attribute out (BinaryAttribute::present) may leave the criterion out too.
struct AttributeCriterion {
  const char* key;  ///< criteria.<key>
  Criterion CriteriaParams::*member;
  Flag flag;
};
inline constexpr std::array<AttributeCriterion, 6> kAttributeCriteria = {{
    {"no_bsn", &CriteriaParams::no_bsn, Flag::no_bsn},
    {"persistent_offender", &CriteriaParams::persistent_offender, Flag::persistent_offender},
    {"no_residence_prospect", &CriteriaParams::no_residence_prospect, Flag::no_residence_prospect},
    {"insufficient_dutch", &CriteriaParams::insufficient_dutch, Flag::poor_dutch},
    {"unfit_for_work", &CriteriaParams::unfit_for_work, Flag::unfit_for_work},
    {"no_work_motivation", &CriteriaParams::no_work_motivation, Flag::no_work_motivation},
}};

/// The stage of the funnel where a declared criterion or reason acts (funnel.cpp): the check of
/// the referral list, the first talk, the programme's intake, or release (before contact).
enum class FunnelStage : std::uint8_t { listing, first_talk, intake, release };

/// An attribute the scenario declares (`declared.attributes`): yes/no, with its prevalence and its
/// loading on the latent disadvantage factor, as the built-in attributes (BinaryAttribute). It is
/// drawn for every eligible person at listing, from a stream of its own (keyed by its name).
struct DeclaredAttribute {
  std::string name;
  std::string label_en, label_nl;  ///< for reports ("homeless at release"); nl empty: en
  double prevalence = 0.0;
  double loading = 0.0;
  double find_ratio = 1.0;     ///< multiplies the chance per month of finding work (both arms)
  double dropout_ratio = 1.0;  ///< multiplies the dropout hazards no_effort and other
  /// Recorded in the data the evaluator matches controls with (evaluation.control:
  /// non_participants): a control has the starter's value (ControlPool).
  bool matched = false;
};

/// A selection criterion the scenario declares (`declared.criteria`): at `stage`, a person with
/// `attribute` is excluded if the check detects it (probability `sensitivity`), while the
/// criterion applies (`rule`). It is a reason for not starting in the category criteria.
struct DeclaredCriterion {
  std::string name;
  std::string label_en, label_nl;
  std::string attribute;  ///< a declared attribute, or a built-in yes/no one (kFlagNames)
  FunnelStage stage = FunnelStage::intake;
  double sensitivity = 1.0;
  Criterion rule;
};

/// The category of a declared reason for not starting (a subset of ReasonCategory, outcome.hpp).
enum class DeclaredCategory : std::uint8_t { criteria, motivation, unknown };

/// A reason for not starting the scenario declares (`declared.reasons`): at `stage`, a person is
/// lost with `probability`, its odds multiplied by each odds ratio of an attribute the person has.
struct DeclaredReason {
  std::string name;
  std::string label_en, label_nl;
  DeclaredCategory category = DeclaredCategory::motivation;
  FunnelStage stage = FunnelStage::first_talk;
  double probability = 0.0;
  std::map<std::string, double> odds_ratios;  ///< by attribute name (declared or built-in)
};

/// What the scenario declares beyond the built-in attributes, criteria and reasons.
struct DeclaredParams {
  std::vector<DeclaredAttribute> attributes;
  std::vector<DeclaredCriterion> criteria;
  std::vector<DeclaredReason> reasons;
};
/// At most this many declared attributes (Person::declared has a bit each) and this many declared
/// criteria and reasons together (they follow the built-in reasons in a replication's counts).
inline constexpr std::size_t kMaxDeclaredAttributes = 32;
inline constexpr std::size_t kMaxDeclaredReasons = 32;

/// Where eligible persons are referred (RecruitmentParams::referral).
enum class Referral : std::uint8_t {
  /// Listed while detained (a prison's monthly list); the first talk and the intake before release,
  /// the start at the first contact after release (Werk na Detentie).
  before_release,
  /// Referred after release (by a probation or parole office): a site's arrivals are releases, the
  /// first talk and the intake follow the referral, and consent, relapse and contact come after the
  /// intake. Transfers, new trajectories and early release play no part.
  after_release,
};

struct RecruitmentParams {
  double start = 0.0;  ///< first listing day of the project (clock day)
  Referral referral = Referral::before_release;
  double end = 0.0;  ///< last day of recruitment (exclusive): no approaches from this day
  int target_starters = 150;
  /// Probability that PI staff approach a listed detainee (flyer or talk), by date; 0 before
  /// the first step.
  StepSchedule approach_probability;
  /// Recruitment effort differs between PIs beyond their approach_factor: in each replication a
  /// PI's approach probability is shifted on the log-odds scale by this standard deviation times
  /// a standard normal of its own (0: every PI as its factor says). Multicentre recruitment shows
  /// much more spread between centres than a Poisson model (Anisimov & Fedorov 2007).
  double effort_sd = 0.0;
  double approach_delay_mean_days = 20.0;  ///< from listing to the first talk (exponential)
  /// Re-entry work starts near release: the first talk is not held earlier than this many days
  /// before the planned release (those listed later are approached after the usual delay).
  double approach_window_days = 1e9;
  double min_lead_days = 35.0;           ///< needed between first talk and release
  double intake_delay_mean_days = 14.0;  ///< from first talk to the counsellor's intake
  // Competing events while detained (per month, constant hazards from listing to release).
  double transfer_rate = 0.05;
  double new_trajectory_rate = 0.02;
  // Reasons found at the coordinator check or the first talk that are not attribute driven.
  double p_circumstances = 0.01;    ///< no feedback from case manager, leave, miscommunication
  double p_other_criteria = 0.005;  ///< not on list, needs extra care, too far away
  // Motivation at the first talk.
  double p_no_response = 0.03;                            ///< does not respond to invitation
  std::array<double, kAgeGroups> p_not_interested{};      ///< by age group
  std::array<double, kWorkPotentialLevels> p_has_work{};  ///< by work potential
  double p_other_organisation = 0.02;                     ///< already helped elsewhere
  double p_other_activity = 0.01;                         ///< other day-time activity
  // After selection, until release.
  /// false: the scenario has no consent step (`recruitment.consent` left out): nobody refuses and
  /// consent is in at the intake.
  bool consent_asked = true;
  double consent_refusal_probability = 0.05;
  double consent_delay_mean_days = 30.0;  ///< consent arriving after release loses the person
  double change_of_mind_rate = 0.10;      ///< per month between intake and release
  /// After release.
  double relapse_probability = 0.05;  ///< for those with a past or current addiction
  double contact_probability_phone = 0.9;
  double contact_probability_no_phone = 0.55;
  double contact_delay_mean_days = 7.0;
};

/// When a trajectory counts as completed in the status count (the brief's modelling note,
/// CALIBRATION.md "Completion timing"): at the end of the active phases 1-3, or as the handbook
/// defines the trajectory, at the end of the 39-week follow-up (phase 4).
enum class CompletionRule : std::uint8_t { end_of_phase_3, end_of_follow_up };

/// When a starter's trajectory counts as started (CALIBRATION.md "Enrolment timing"): at the first
/// contact after release, or at the counsellor's intake in the PI, phase 1 (diagnosis and plan)
/// then running in the PI until release. Either way only a selected person who makes contact after
/// release is a starter, and work, dropout and the evaluation's window run from that contact.
enum class StartRule : std::uint8_t { contact_after_release, intake };

struct ProgrammeParams {
  /// Share of starters whose programme is not recorded (the brief: 4 of 119).
  double unrecorded_share = 0.03;
  /// Probability of the plus programme for a starter who meets the handbook plus rule, and for
  /// one who does not (counsellors assigned plus more widely than the rule).
  double plus_if_rule = 0.9;
  double plus_otherwise = 0.2;
  // Phase durations in weeks (uniform between min and max); phase 4 is the follow-up.
  /// When the status count takes a trajectory as completed.
  CompletionRule completed_at = CompletionRule::end_of_phase_3;
  /// When the trajectory counts as started.
  StartRule starts_at = StartRule::contact_after_release;
  double phase1_min_weeks = 6, phase1_max_weeks = 12;     ///< diagnosis and plan
  double phase2_weeks = 12;                               ///< start of work place / training
  double phase3_basic_weeks = 8, phase3_plus_weeks = 21;  ///< consolidation
  double followup_weeks = 39;
  /// Practical matters (ID, bank account, benefits, housing, debts) arranged before job search:
  /// mean weeks (exponential) for each problem present, added to phase 1.
  double practical_weeks_per_problem = 4;
  /// Extensions of the active phases not modelled one by one (custody, conversion paperwork,
  /// waiting for a work place): mean extra weeks (exponential), added to phase 3.
  double extension_weeks_mean = 0;
  /// Probability that a basic trajectory is converted to plus (3 months longer).
  double conversion_to_plus = 0.05;
  double conversion_extra_weeks = 13;
};

/// Counsellors: a capacity of caseload slots. A starter who finds the caseload full is still
/// taken on, at lowered intensity (the programme's effect on job finding is multiplied).
struct CounsellorParams {
  StepSchedule fte;                  ///< counsellor FTE by date (0 before the first step)
  double caseload_per_fte = 12;      ///< participants in phases 1-3 per FTE at full intensity
  double intensity_when_full = 0.6;  ///< effect multiplier for those taken on above capacity
  /// The team shrinks to this FTE as participants leave, from the first of the month
  /// `wind_down_months` after recruitment ends: tied to recruitment.end, so a longer recruitment
  /// (a variant, a sweep, a remedy) moves it too. Absent: `fte` alone.
  std::optional<double> wind_down_fte;
  int wind_down_months = 0;  ///< months after the end of recruitment
};

/// Dropout before completion: competing risks with hazards (per month) that are highest early
/// after the start: h_k(t) = base_k * (1 + early_boost * exp(-t / early_months)) * HR(person),
/// where HR multiplies the hazard ratio of every risk factor the person has.
struct DropoutParams {
  double no_effort_rate = 0.03;  ///< no credible effort / stops showing up / no contact
  double clinic_rate = 0.02;     ///< long-term addiction-clinic admission (only with an addiction)
  double custody_rate = 0.01;    ///< back in custody ending the trajectory
  double other_rate = 0.004;     ///< cannot commit 24 h/week, other
  double early_boost = 3.0;
  double early_months = 3.0;
  /// Clinic hazard multiplier for a current (vs past) addiction.
  double clinic_current_ratio = 3.0;
  // Hazard ratios of the brief's risk factors (apply to no_effort and other).
  double hr_no_partner = 1.8, hr_debts = 2.0, hr_low_education = 2.0, hr_low_self_reliance = 1.8;
  double hr_poor_worker_skills = 1.5, hr_hard_drugs = 2.5, hr_plus = 1.4;
  /// A participant who finds work during the active phases stops with this probability.
  double stop_after_work = 0.05;
  /// Short custody spells that interrupt (and extend) the trajectory, per month, and their mean
  /// length in days. They also interrupt work.
  double custody_spell_rate = 0.01;
  double custody_spell_mean_days = 60;
};

/// Monthly work process over the 24-month measurement window, in both arms. A month in any job is
/// "in work" (employment a year after release, at the status date, in a quarter); the contract's
/// work-month (work_months, durable and temporary work) is a month in a job of at least the
/// contract's hours (WnD: 24 h/week), which a job meets with `contract_hours_share`.
struct WorkParams {
  int window_months = 24;
  double find_rate = 0.05;  ///< probability per month of finding work, care as usual
  /// Job spells are a mixture: a job found is stable (a direct contract) with this probability,
  /// else short (mostly through a temporary-work agency). Each kind ends with probability
  /// 1 / (its mean length in months) per month, so jobs of a kind last that long on average.
  double stable_job_share = 0.3;
  double short_job_months = 3;
  double stable_job_months = 36;
  /// The programme on keeping work (phase 3 is "consolidation"): the hazard ratio of losing a job
  /// while in the programme from phase 2 to the end of the follow-up, for the intended target
  /// group (scaled by the same effect share and intensity as job finding). 1 = no effect.
  double programme_job_loss_ratio = 1.0;
  /// Share of the jobs found under care as usual that meet the contract's hours (a month counts
  /// only at >= 24 h/week in WnD); decided when the job starts, for its whole length. 1 = every
  /// month in work is a contract work-month.
  double contract_hours_share = 1.0;
  /// The same for the jobs found while in the programme (its intake to the end of the follow-up):
  /// a programme that asks for and places in work of the contract's hours.
  double contract_hours_share_in_programme = 1.0;
  /// Job-finding multipliers by work potential (low, reasonable, high, very high).
  std::array<double, kWorkPotentialLevels> find_by_work_potential{0.4, 0.7, 1.2, 1.6};
  double find_hr_poor_worker_skills = 0.7, find_hr_hard_drugs = 0.5, find_hr_current_addiction = 0.5;
  /// Months without job search after release for practical matters under care as usual, per
  /// problem present (no housing, debts, no ID proxy).
  double cau_practical_months_per_problem = 1.5;
  /// Programme multiplier on job finding while in phases 2-3 (and 0.5 of the extra in the
  /// follow-up), for the intended target group (meets the handbook criteria).
  double programme_effect = 3.0;
  /// Share of the extra effect for those outside the intended group: high work potential, and
  /// severe addiction.
  double effect_share_high_potential = 0.3;
  double effect_share_severe_addiction = 0.2;
  /// Re-offending within 2 years and benefits at 24 months, by work (>= 6 months worked) or not.
  double reoffend_with_work = 0.32, reoffend_without_work = 0.45;
  double benefits_if_not_working = 0.6;
  int worked_months_for_work = 6;
  /// Days in custody in the window of a person who re-offends: exponential with this mean, at
  /// most the window's length; none without re-offending. Only an outcome (payment metrics,
  /// savings): it does not interrupt the simulated work.
  double custody_days_if_reoffended = 120;
};

/// Where the evaluation's control persons come from.
enum class ControlSource : std::uint8_t {
  /// An idealised twin: the starter's own attributes, all of them, with independent random numbers.
  twin,
  /// Eligible persons of the same replication who did not start, matched on recorded attributes
  /// only (age group and sex); what they are not matched on (problems, motivation, work already
  /// found) can bias the measured effect.
  non_participants,
  /// A randomised trial: each person selected at the intake (eligible and willing) is allocated to
  /// the programme or to a control group that receives care as usual
  /// (EvaluationParams::allocation_ratio). The effect is measured by intention to treat: everyone
  /// allocated to the programme, starter or not, against everyone allocated to control.
  randomised,
  /// No control group: the starters' outcomes against a historical baseline per person
  /// (EvaluationParams::baseline_work_months, baseline_reoffended).
  baseline,
};

/// The evaluation: a status date, and a matched control group (what an evaluator measures), next
/// to the true counterfactual (the same starters under care as usual).
struct EvaluationParams {
  double status_date = 0.0;  ///< clock day of the status count (the brief: 1 May 2018)
  ControlSource control = ControlSource::twin;
  /// Share of the starters the evaluator finds a control for; the measured effect is that of the
  /// matched pairs, scaled to all starters.
  double matched_fraction = 1.0;
  /// Selection on unobservables: the controls' job-finding rate relative to what their recorded
  /// and modelled attributes give (below 1: non-participants are less motivated to find work than
  /// the participants they are matched to, so the measured effect is biased upwards).
  double control_find_ratio = 1.0;
  /// randomised: persons allocated to control per person allocated to the programme (1 = 1:1).
  std::optional<double> allocation_ratio;
  /// baseline: work-months per person in the measurement window, and the share re-offending within
  /// two years, that the contract assumes without the programme.
  std::optional<double> baseline_work_months;
  std::optional<double> baseline_reoffended;

  /// Share of the selected persons allocated to control in a randomised trial.
  double control_allocation_share() const noexcept {
    const double r = allocation_ratio.value_or(1.0);
    return r / (1.0 + r);
  }
};

/// The payment mechanism (the formula is not public; the default is documented in README).
/// A person's outcome that a payment metric measures (payment.hpp, kOutcomeMeasures).
enum class MetricOutcome : std::uint8_t {
  work_months,        ///< months worked in the window
  durable_work,       ///< worked at least 18 months of the window (yes/no)
  employed_quarter,   ///< worked in quarter PaymentMetric::quarter of the window (yes/no)
  employed_month_12,  ///< in work in the window's 12th month (yes/no)
  reoffended,         ///< re-offended within two years (yes/no; less is better)
  custody_days,       ///< days in custody in the window (less is better)
  on_benefits,        ///< on benefits at the end of the window (yes/no; less is better)
  started,            ///< started the programme (yes/no; a milestone: comparison none only)
};
/// What a metric's programme outcome is compared with.
enum class MetricComparison : std::uint8_t {
  evaluation,  ///< the evaluation's comparison (EvaluationParams::control)
  baseline,    ///< a fixed value per person (PaymentMetric::baseline)
  none,        ///< nothing: the participants' own outcome (a milestone reached)
};
/// How a metric's measured difference is priced.
enum class MetricPrice : std::uint8_t {
  per_unit,   ///< per unit of the difference over the participants (a work-month, a day, a person)
  per_point,  ///< per percentage point of difference in a yes/no outcome's share
};

/// A band of a tiered price: from this difference per participant (or points) up to the next
/// band's start, each unit is paid at this price.
struct PriceTier {
  double from = 0;
  double price = 0;  ///< EUR per unit or point in the band
};

/// One payment metric of an outcome contract: an outcome x a comparison x a price rule, with a
/// threshold and caps. Thresholds, targets and max_units are per participant (starter), in the
/// outcome's unit, or in percentage points for per_point.
struct PaymentMetric {
  std::string name;  ///< KPI names payout_<name>, metric_<name>_measured, metric_<name>_true
  MetricOutcome outcome = MetricOutcome::work_months;
  std::optional<int> quarter;  ///< employed_quarter only: the window's quarter (1 = its first 3 months)
  MetricComparison comparison = MetricComparison::evaluation;
  std::optional<double> baseline;  ///< comparison baseline only: the outcome per person without the programme
  MetricPrice price_rule = MetricPrice::per_unit;
  double price = 0;                 ///< EUR per unit or per point (without tiers)
  std::vector<PriceTier> tiers;     ///< instead of price: marginal prices by band (sorted by from)
  double target = 0;                ///< the ambition per participant (0: none); full_ambition_reached
  double threshold = 0;             ///< nothing is paid below this difference per participant (or points)
  std::optional<double> max_units;  ///< paid for at most (per participant, or points); none: no limit
  std::optional<double> cap;        ///< EUR, this metric in all; none: no cap
};

struct PaymentParams {
  /// The contract as metrics; the first is the headline metric (thresholds, full ambition, interim
  /// payments). Empty: the work-months shorthand below (contract_metrics in payment.hpp).
  std::vector<PaymentMetric> metrics;
  std::optional<double> total_cap;  ///< EUR, all metrics together; none: no overall cap
  // The work-months shorthand (Werk na Detentie's form), all six or none (with metrics): extra
  // work-months against the evaluation with a threshold share of the ambition and a cap, plus a
  // bonus per point less re-offending (contract_metrics).
  std::optional<double> ambition_per_participant;  ///< extra work-months per participant (882 / 150)
  std::optional<double> price_per_work_month;      ///< EUR per measured extra work-month
  std::optional<double> threshold_share;           ///< nothing is paid below this share of the ambition
  std::optional<double> cap;                       ///< EUR, outcome payments in all
  std::optional<double> recidivism_bonus_per_point;
  std::optional<double> recidivism_bonus_max_points;
  double investment = 1'200'000;  ///< EUR, paid in at the start of recruitment
  /// Interim payments: at each date, this share of the outcome payment earned so far (work
  /// months measured to that date) is paid; the rest at the end of measurement.
  StepSchedule interim_share;
  /// Payment by cohort: from each of these clock days (increasing) the starters form a new cohort
  /// (the first cohort is those who start before the first day). Each cohort's metrics are measured
  /// over its own persons, priced with the thresholds per participant of the cohort, and paid when
  /// its last measured window ends; caps hold over all cohorts together. Empty: one cohort.
  std::vector<double> new_cohort_from;
  // Government savings, EUR: per month off benefits, per worked month (tax, participation), per
  // avoided re-offence.
  double saving_per_benefit_month = 1000;
  double saving_per_work_month = 300;
  double saving_per_avoided_reoffence = 20000;
  double saving_per_custody_day = 0;  ///< per custody day avoided (0: not counted)
};

/// A value the scenario labels (`provenance:`): an assumption, or sourced or fitted, with why or
/// where from. Reports show the label next to the figures that depend on the value.
struct ProvenanceEntry {
  std::string key;                   ///< key path of the value ("payment.price_per_work_month")
  std::string label = "assumption";  ///< "assumption", "sourced" or "fitted"
  std::string note;                  ///< why it is assumed, or its source
};

/// A word or phrase of the scenario's vocabulary, in the reports' two languages.
struct Term {
  std::string en, nl;
};

/// How reports, summaries and KPI descriptions name the SIB's things, so that another SIB of the
/// family (probation offices or job centres instead of prisons) reads in its own words. The
/// defaults are Werk na Detentie's. models/sib/README.md lists where each word appears.
struct Vocabulary {
  Term site{"PI", "PI"};                            ///< one referring site (scenario list `prisons`)
  Term sites{"PIs", "PI's"};                        ///< more than one
  Term site_staff{"PI staff", "PI-medewerkers"};    ///< who approach the eligible persons
  Term person{"detainee", "gedetineerde"};          ///< one eligible person
  Term persons{"detainees", "gedetineerden"};       ///< more than one
  Term referral_lists{"DJI lists", "DJI-lijsten"};  ///< where eligible persons are listed
  /// The contract's currency (ISO 4217 code): the unit of every amount in the KPIs and reports.
  std::string currency = "EUR";
  /// Labels of reasons for not starting, by reason name (outcome.hpp), replacing the built-in
  /// ones (which use Dutch terms: citizen service number, top-600, municipality).
  std::map<std::string, std::string> reasons_en, reasons_nl;
};

struct SibParams {
  /// The scenario key `model:` (the plug-in that runs the file); "sib", the default model.
  std::string model = "sib";
  std::string name;
  std::string description;
  PopulationParams population;
  std::vector<Prison> prisons;
  AttributeParams attributes;
  CriteriaParams criteria;
  DeclaredParams declared;
  RecruitmentParams recruitment;
  ProgrammeParams programme;
  CounsellorParams counsellors;
  DropoutParams dropout;
  WorkParams work;
  EvaluationParams evaluation;
  PaymentParams payment;
  /// false: simulate recruitment only (the programme, work and payment KPIs are left out).
  bool simulate_programme = true;
  /// Months after recruitment end that the monthly enrolment series extends.
  int report_months_after_end = 6;
  std::string report_language = "en";  ///< the reports' language ("en", "nl"); `--lang` overrides it
  Vocabulary vocabulary;
  std::vector<ProvenanceEntry> provenance;  ///< labelled values (checked to be keys of the scenario)
};

/// First day of the counsellors' wind-down (CounsellorParams::wind_down_fte), or infinity when
/// the scenario has none.
double wind_down_day(const SibParams& params) noexcept;
/// Counsellor FTE on `day`: the `fte` schedule (0 before its first step), and the wind-down FTE
/// from wind_down_day on.
double counsellor_fte(const SibParams& params, double day) noexcept;

}  // namespace sibsim::models::sib
