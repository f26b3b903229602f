#include "sibsim/models/sib/scenario.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/kpi_catalogue.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "sibsim/scenarios/schema.hpp"

namespace sibsim::models::sib {
namespace {

using engine::Date;
using namespace scenarios;

constexpr double kNever = 1e300;  // Criterion::dropped_from when not dropped

// Every number has a range that keeps one replication's work and memory bounded and its
// arithmetic finite; each says what bounds it. None narrows a plausible real scenario (other SIBs,
// national scale: benchmarks/national-all-leavers.yaml, every prison leaver eligible).
constexpr std::size_t kMaxSteps = 1000;  // dated steps of a schedule: monthly for 80 years
constexpr double kMaxDays = 3650;        // delays and waits: ten years, longer than any detention
constexpr double kMaxRate = 1000;        // hazards per month: 1000/month ends a wait within hours
constexpr double kMaxRatio = 1000;       // multipliers and hazard ratios: far beyond any published effect
constexpr double kMaxWeeks = 520;        // programme phases: ten years each
constexpr double kMaxMonths = 120;       // durations in months: the longest work window
constexpr double kMaxEuro = 1e12;
constexpr std::size_t kMaxCohorts = 20;  // payment cohorts of one contract
constexpr std::size_t kMaxMetrics = 20;  // payment metrics of one contract        // amounts: 1000 times an
                                         // all-leavers national contract (EUR 1e8)
constexpr double kMaxWeight = 1e9;       // relative weights and shares (normalised; any unit of count)
constexpr double kMaxInflow = 1e5;       // persons/month at one PI, multiplier applied: ~100x a PI's inflow
constexpr std::size_t kMaxPrisons = 10000;  // PIs: more than any country's prisons (ids hold 16 bits)
// Expected detainees drawn in one replication (sib::expected_arrivals): the model keeps the
// eligible ones in memory (~200 bytes each), so 1e7 bounds a replication at ~2 GB; the all-leavers
// national benchmark draws ~1.8e5.
constexpr double kMaxArrivalsPerReplication = 1e7;
// Recruitment dates: month numbers of person ids and streams count from 1970 (the initial pool
// reaches 24 months back), and the series run up to 24 + 60 months after the end, within the
// engine's calendar (years 1900..2200).
constexpr Date kFirstRecruitmentDate{1972, 1, 1};
// Longest recruitment: four KPIs per month of it (the monthly series: starters, caseload, the
// employed and their matched controls) are columns of the results file's /replications, whose
// HDF5 type must fit a 64 KiB object header: 10 years (with the longest report_months_after_end)
// is the most that runs since the control group's series came in (11 do not; with three series
// 15 did); contracts recruit for 1-5 years.
constexpr int kMaxRecruitmentYears = 10;
constexpr Date kLastRecruitmentDate{2190, 12, 31};

Date to_date(double day) { return engine::from_clock(day); }
double to_day(const Date& d) { return static_cast<double>(engine::to_days(d)); }

/// A date key bound to a clock-day member.
template <class T>
auto date_field(Record<T>& r, std::string_view key, double T::*member) {
  return r.template field<Date>(
      key, [member](const T& t) { return to_date(t.*member); },
      [member](T& t, Date d) { t.*member = to_day(d); });
}

/// A fixed-length list of numbers bound to a std::array member.
template <class T, std::size_t N>
auto array_field(Record<T>& r, std::string_view key, std::array<double, N> T::*member) {
  return r
      .template field<std::vector<double>>(
          key, [member](const T& t) { return std::vector<double>((t.*member).begin(), (t.*member).end()); },
          [member](T& t, const std::vector<double>& v) {
            for (std::size_t i = 0; i < N && i < v.size(); ++i) (t.*member)[i] = v[i];
          })
      .min_size(N)
      .max_size(N);
}

void declare_steps(Record<Step>& s, const char* value_doc, double max) {
  s.template field<Date>(
       "from", [](const Step& x) { return to_date(x.from); }, [](Step& x, Date d) { x.from = to_day(d); })
      .required()
      .doc("date from which the value holds");
  s.field("value", &Step::value).required().range(0.0, max).doc(value_doc);
}

/// The declaration of a vocabulary term whose defaults are `defaults` (Vocabulary's: a section's
/// fields default to a default-constructed Term, so each term states its own).
auto declare_term(Term defaults) {
  return [defaults = std::move(defaults)](Record<Term>& t) {
    t.field("en", &Term::en).default_value(defaults.en).non_empty().doc("in English");
    t.field("nl", &Term::nl).default_value(defaults.nl).non_empty().doc("in Dutch");
  };
}

void declare_payment_metric(Record<PaymentMetric>& m) {
  m.field("name", &PaymentMetric::name)
      .required()
      .non_empty()
      .doc("the metric's name (letters, digits, _): KPIs payout_<name>, metric_<name>_measured and _true");
  // The names of kOutcomeMeasures (payment.hpp), in its order.
  m.choice("outcome", &PaymentMetric::outcome,
           {{"work_months", MetricOutcome::work_months},
            {"durable_work", MetricOutcome::durable_work},
            {"employed_quarter", MetricOutcome::employed_quarter},
            {"employed_month_12", MetricOutcome::employed_month_12},
            {"reoffended", MetricOutcome::reoffended},
            {"custody_days", MetricOutcome::custody_days},
            {"on_benefits", MetricOutcome::on_benefits},
            {"started", MetricOutcome::started}})
      .required()
      .doc(
          "a person's outcome in the measurement window: work_months (months in a job of the contract's "
          "hours, work.jobs.contract_hours_share); durable_work (18+ such months); employed_quarter (any "
          "job in `quarter`); employed_month_12 (any job); reoffended (within two years); "
          "custody_days; on_benefits (at the end); started (the programme: a milestone, comparison none)");
  m.field("quarter", &PaymentMetric::quarter)
      .range(1, 10)
      .doc("employed_quarter only: the quarter of the window (1 = its first three months)");
  m.choice("comparison", &PaymentMetric::comparison,
           {{"evaluation", MetricComparison::evaluation},
            {"baseline", MetricComparison::baseline},
            {"none", MetricComparison::none}})
      .default_from_struct()
      .doc(
          "what the programme's outcome is compared with: the evaluation's comparison (evaluation.control), "
          "a fixed baseline per person, or none (a milestone the participants reach)");
  m.field("baseline", &PaymentMetric::baseline)
      .non_negative()
      .max(kMaxEuro)
      .doc(
          "comparison baseline only: the outcome per person without the programme (a share for yes/no "
          "outcomes)");
  m.choice("price_rule", &PaymentMetric::price_rule,
           {{"per_unit", MetricPrice::per_unit}, {"per_point", MetricPrice::per_point}})
      .default_from_struct()
      .doc(
          "per_unit: per unit of the difference over the participants (a work-month, a custody day, a "
          "person); "
          "per_point: per percentage point of a yes/no outcome's share");
  m.field("price", &PaymentMetric::price)
      .default_from_struct()
      .non_negative()
      .max(kMaxEuro)
      .unit("currency")
      .doc("amount (vocabulary.currency) per unit or point (or give tiers)");
  m.list("tiers", &PaymentMetric::tiers,
         [](Record<PriceTier>& t) {
           t.field("from", &PriceTier::from)
               .required()
               .range(0.0, kMaxEuro)
               .doc("the band starts at this difference per participant (or points)");
           t.field("price", &PriceTier::price)
               .required()
               .non_negative()
               .max(kMaxEuro)
               .unit("currency")
               .doc("amount per unit or point in the band");
         })
      .sorted_by("from")
      .max_size(kMaxMetrics)
      .doc("instead of price: marginal prices by band, each up to the next band's start");
  m.field("target", &PaymentMetric::target)
      .default_from_struct()
      .non_negative()
      .max(kMaxEuro)
      .doc("the ambition per participant, in the outcome's unit or points (0: none): full_ambition_reached");
  m.field("threshold", &PaymentMetric::threshold)
      .default_from_struct()
      .range(-kMaxEuro, kMaxEuro)
      .doc("nothing is paid for this metric below this difference per participant (or points)");
  m.field("max_units", &PaymentMetric::max_units)
      .non_negative()
      .max(kMaxEuro)
      .doc("paid for at most this difference per participant (or points); none: no limit");
  m.field("cap", &PaymentMetric::cap)
      .non_negative()
      .max(kMaxEuro)
      .unit("currency")
      .doc("cap on this metric's payment");
}

void declare_vocabulary(Record<Vocabulary>& v) {
  const Vocabulary d;
  v.section("site", &Vocabulary::site, declare_term(d.site))
      .doc("one referring site (the list `prisons`), e.g. prison");
  v.section("sites", &Vocabulary::sites, declare_term(d.sites)).doc("more than one referring site");
  v.section("site_staff", &Vocabulary::site_staff, declare_term(d.site_staff))
      .doc("who approach the eligible persons at a site, e.g. prison staff");
  v.section("person", &Vocabulary::person, declare_term(d.person))
      .doc("one eligible person, e.g. detainee, client");
  v.section("persons", &Vocabulary::persons, declare_term(d.persons)).doc("more than one eligible person");
  v.section("referral_lists", &Vocabulary::referral_lists, declare_term(d.referral_lists))
      .doc("where eligible persons are listed, e.g. referral lists");
  v.field("currency", &Vocabulary::currency)
      .default_value(d.currency)
      .doc(
          "the contract's currency, an ISO 4217 code (EUR, USD, GBP): the unit of every amount in the "
          "KPIs and reports (amounts are not converted)");
  std::string names;
  for (std::size_t i = 2; i < kOutcomeCount; ++i)
    names += std::string(names.empty() ? "" : ", ") + kOutcomeInfo[i].name;
  Record<Vocabulary> reasons =
      v.group("reasons", "labels of the reasons for not starting, by reason name (" + names + ")");
  reasons.field("en", &Vocabulary::reasons_en)
      .default_from_struct()
      .doc("English labels replacing the built-in ones, e.g. {no_bsn: no national insurance number}");
  reasons.field("nl", &Vocabulary::reasons_nl).default_from_struct().doc("Dutch labels, as en");
}

/// The currency is a code; reason labels name reasons the model has (not `pending` or `started`).
void check_vocabulary(const Vocabulary& v, Checker& c) {
  if (v.currency.size() != 3 ||
      !std::all_of(v.currency.begin(), v.currency.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; }))
    c.error("vocabulary.currency",
            "must be a currency code of three capital letters (ISO 4217), e.g. EUR or USD");
  std::vector<std::string> known;
  for (std::size_t i = 2; i < kOutcomeCount; ++i) known.emplace_back(kOutcomeInfo[i].name);
  for (const auto& [lang, labels] : {std::pair{"en", &v.reasons_en}, std::pair{"nl", &v.reasons_nl}}) {
    for (const auto& [name, label] : *labels) {
      const std::string key = fmt::format("vocabulary.reasons.{}.{}", lang, name);
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        const std::string near = closest_name(name, known);
        c.error(key, near.empty() ? fmt::format("no reason of that name (sibsim help-config lists them)")
                                  : fmt::format("no reason of that name; did you mean '{}'?", near));
      } else if (label.empty()) {
        c.error(key, "must not be empty");
      }
    }
  }
}

void declare_criterion(Record<Criterion>& c) {
  c.field("active", &Criterion::active)
      .default_from_struct()
      .doc("whether the criterion is applied at all (true: from the start until dropped_from, if given)");
  c.template field<std::optional<Date>>(
       "dropped_from",
       [](const Criterion& x) {
         return x.dropped_from >= kNever ? std::optional<Date>{} : to_date(x.dropped_from);
       },
       [](Criterion& x, std::optional<Date> d) { x.dropped_from = d ? to_day(*d) : kNever; })
      .doc("date from which the criterion is no longer applied (absent: never dropped)");
}

/// A declared item's label: label.en (required) and label.nl (empty: the English one).
template <class T>
void declare_label(Record<T>& r, std::string T::*en, std::string T::*nl, const char* example) {
  Record<T> label = r.group("label", "how reports name it, in English and Dutch");
  label.field("en", en).required().non_empty().doc(std::string("in English, e.g. ") + example);
  label.field("nl", nl).default_value("").doc("in Dutch (absent: the English label)");
}

void declare_attribute(Record<DeclaredAttribute>& a) {
  a.field("name", &DeclaredAttribute::name)
      .required()
      .non_empty()
      .doc(
          "the attribute's name (lower-case letters, digits, _): KPI starters_<name>_share, column "
          "has_<name>");
  declare_label(a, &DeclaredAttribute::label_en, &DeclaredAttribute::label_nl, "homeless at release");
  a.field("prevalence", &DeclaredAttribute::prevalence)
      .required()
      .probability()
      .doc("share of the eligible persons who have it");
  a.field("loading", &DeclaredAttribute::loading)
      .default_from_struct()
      .range(-0.99, 0.99)
      .doc("loading on the latent disadvantage factor the built-in attributes share (0: independent)");
  a.field("find_ratio", &DeclaredAttribute::find_ratio)
      .default_from_struct()
      .positive()
      .max(100.0)
      .doc("multiplies the chance per month of finding work, in every arm (1: no effect)");
  a.field("dropout_ratio", &DeclaredAttribute::dropout_ratio)
      .default_from_struct()
      .positive()
      .max(100.0)
      .doc("multiplies the dropout hazards no_effort and other (1: no effect)");
  a.field("matched", &DeclaredAttribute::matched)
      .default_from_struct()
      .doc(
          "recorded in the data the evaluator matches with: under evaluation.control non_participants a "
          "control has the starter's value (at most 4 matched attributes)");
}

void declare_declared_criterion(Record<DeclaredCriterion>& c) {
  c.field("name", &DeclaredCriterion::name)
      .required()
      .non_empty()
      .doc(
          "the criterion's name (lower-case letters, digits, _): KPIs reason_<name> and reason_<name>_share");
  declare_label(c, &DeclaredCriterion::label_en, &DeclaredCriterion::label_nl, "convicted of a sex offence");
  c.field("attribute", &DeclaredCriterion::attribute)
      .required()
      .non_empty()
      .doc("the attribute that excludes: a declared one, or a built-in yes/no one (attributes.*)");
  c.choice("stage", &DeclaredCriterion::stage,
           {{"listing", FunnelStage::listing},
            {"first_talk", FunnelStage::first_talk},
            {"intake", FunnelStage::intake},
            {"release", FunnelStage::release}})
      .required()
      .doc(
          "where it is checked: listing (the referral list; declared and list attributes only), first_talk, "
          "intake or release");
  c.field("sensitivity", &DeclaredCriterion::sensitivity)
      .default_from_struct()
      .probability()
      .doc("chance that the check finds the attribute in a person who has it");
  c.field<bool>(
       "active", [](const DeclaredCriterion& x) { return x.rule.active; },
       [](DeclaredCriterion& x, bool v) { x.rule.active = v; })
      .default_value(true)
      .doc("whether the criterion is applied at all (true: from the start until dropped_from, if given)");
  c.field<std::optional<Date>>(
       "dropped_from",
       [](const DeclaredCriterion& x) {
         return x.rule.dropped_from >= kNever ? std::optional<Date>{} : to_date(x.rule.dropped_from);
       },
       [](DeclaredCriterion& x, std::optional<Date> d) { x.rule.dropped_from = d ? to_day(*d) : kNever; })
      .doc("date from which the criterion is no longer applied (absent: never dropped)");
}

void declare_declared_reason(Record<DeclaredReason>& r) {
  r.field("name", &DeclaredReason::name)
      .required()
      .non_empty()
      .doc("the reason's name (lower-case letters, digits, _): KPIs reason_<name> and reason_<name>_share");
  declare_label(r, &DeclaredReason::label_en, &DeclaredReason::label_nl, "moved to another region");
  r.choice("category", &DeclaredReason::category,
           {{"criteria", DeclaredCategory::criteria},
            {"motivation", DeclaredCategory::motivation},
            {"unknown", DeclaredCategory::unknown}})
      .required()
      .doc("the reports' group of reasons for not starting");
  r.choice("stage", &DeclaredReason::stage,
           {{"listing", FunnelStage::listing},
            {"first_talk", FunnelStage::first_talk},
            {"intake", FunnelStage::intake},
            {"release", FunnelStage::release}})
      .required()
      .doc("where it acts: listing, first_talk, intake or release (before contact)");
  r.field("probability", &DeclaredReason::probability)
      .required()
      .probability()
      .doc("chance that a person still in the funnel at the stage is lost for it (without odds ratios)");
  r.field("odds_ratios", &DeclaredReason::odds_ratios)
      .default_from_struct()
      .positive()
      .max(1000.0)
      .doc("odds ratios by attribute name (declared or built-in yes/no), e.g. {homeless: 2.0}");
}

template <std::size_t N>
void declare_ordinal(Record<AttributeParams>& g, const char* key,
                     OrdinalAttribute<N> AttributeParams::*member, const char* categories) {
  Record<AttributeParams> o = g.group(key, std::string("ordinal attribute; categories: ") + categories);
  o.template field<std::vector<double>>(
       "probabilities",
       [member](const AttributeParams& a) {
         return std::vector<double>((a.*member).probabilities.begin(), (a.*member).probabilities.end());
       },
       [member](AttributeParams& a, const std::vector<double>& v) {
         for (std::size_t i = 0; i < N && i < v.size(); ++i) (a.*member).probabilities[i] = v[i];
       })
      .required()
      .min_size(N)
      .max_size(N)
      .range(0.0, kMaxWeight)
      .doc(std::string("population share of each category (") + categories + "); need not sum to 1");
  o.template field<double>(
       "loading", [member](const AttributeParams& a) { return (a.*member).loading; },
       [member](AttributeParams& a, double v) { (a.*member).loading = v; })
      .required()
      .range(-0.99, 0.99)
      .doc("loading on the shared problem factor (Gaussian copula)");
}

template <std::size_t N>
bool all_zero(const std::array<double, N>& v) {
  return std::all_of(v.begin(), v.end(), [](double x) { return x == 0.0; });
}

/// The last day the model simulates: the series run 24 months past the end of recruitment (the
/// latest starts), and each starter's work window runs on from the start.
double simulated_until(const SibParams& p) {
  return engine::month_start(engine::month_index(p.recruitment.end) + 24) +
         static_cast<double>(p.work.window_months) * engine::kDaysPerMonth;
}

/// Cross-field rules the ranges alone cannot state (models/sib/README.md, "Cross-field rules"):
/// whatever they accept runs (tests/models/sib_property_test.cpp).
/// The keys of one evaluation design are an error in another (a baseline that nothing reads would
/// mislead whoever reads the file).
/// A contract is the work-months shorthand (all six keys) or payment metrics, and each metric's
/// keys fit its outcome, comparison and price rule.
void check_contract(const SibParams& p, Checker& c) {
  const PaymentParams& pay = p.payment;
  const std::pair<const char*, const std::optional<double>*> shorthand[] = {
      {"payment.ambition_per_participant", &pay.ambition_per_participant},
      {"payment.price_per_work_month", &pay.price_per_work_month},
      {"payment.threshold_share", &pay.threshold_share},
      {"payment.cap", &pay.cap},
      {"payment.recidivism_bonus_per_point", &pay.recidivism_bonus_per_point},
      {"payment.recidivism_bonus_max_points", &pay.recidivism_bonus_max_points}};
  for (const auto& [key, value] : shorthand) {
    if (value->has_value() && !pay.metrics.empty())
      c.error(key, "belongs to the work-months shorthand: with payment.metrics, describe it as a metric");
    if (!value->has_value() && pay.metrics.empty())
      c.error(key, "is required (or describe the contract as payment.metrics)");
  }
  for (std::size_t i = 0; i < pay.metrics.size(); ++i) {
    const PaymentMetric& m = pay.metrics[i];
    const OutcomeMeasure& how = measure_of(m.outcome);
    const std::string at = fmt::format("payment.metrics[{}].", i);
    const bool identifier = std::all_of(m.name.begin(), m.name.end(), [](char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    if (!identifier || m.name == "total")
      c.error(at + "name", "must be lower-case letters, digits and _ (and not 'total'): it names KPIs");
    if (m.quarter && m.outcome != MetricOutcome::employed_quarter)
      c.error(at + "quarter", "is read only with outcome: employed_quarter");
    if (!m.quarter && m.outcome == MetricOutcome::employed_quarter)
      c.error(at + "quarter", "is required with outcome: employed_quarter");
    if (m.quarter && *m.quarter * 3 > std::min(p.work.window_months, 30))
      c.error(at + "quarter", fmt::format("lies beyond the {}-month window", p.work.window_months));
    if (m.baseline && m.comparison != MetricComparison::baseline)
      c.error(at + "baseline", "is read only with comparison: baseline");
    if (!m.baseline && m.comparison == MetricComparison::baseline)
      c.error(at + "baseline", "is required with comparison: baseline");
    if (m.comparison == MetricComparison::none && how.less_is_better)
      c.error(at + "comparison",
              fmt::format("none pays for {} itself: compare it (evaluation or baseline)", how.name));
    if (m.price != 0 && !m.tiers.empty()) c.error(at + "tiers", "give price or tiers, not both");
    if (m.outcome == MetricOutcome::started && m.comparison != MetricComparison::none)
      c.error(at + "comparison", "started is a milestone of the participants: comparison none");
    if (m.price_rule == MetricPrice::per_point && !how.yes_no)
      c.error(at + "price_rule",
              fmt::format("per_point needs a yes/no outcome; {} is counted in {}", how.name, how.unit));
    if (m.comparison == MetricComparison::evaluation && p.evaluation.control == ControlSource::baseline &&
        m.outcome != MetricOutcome::work_months && m.outcome != MetricOutcome::reoffended)
      c.error(at + "comparison",
              fmt::format("the evaluation's baseline gives work_months and reoffended only: compare {} with "
                          "comparison: baseline",
                          how.name));
  }
}

/// A declared name is an identifier of its own: it names KPIs and columns.
bool is_identifier(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

/// An attribute a declared item names must exist and be drawn by the item's stage.
void check_attribute_ref(const SibParams& p, FunnelStage stage, const std::string& name,
                         const std::string& key, Checker& c) {
  const DeclaredParams& d = p.declared;
  if (const auto ref = find_attribute(d, name);
      ref && !ref->declared && !p.attributes.binary[ref->bit].present)
    return c.error(key, fmt::format("'{}' is a built-in attribute this scenario leaves out (attributes.{})",
                                    name, name));
  const std::vector<std::string> known = attribute_names(d, stage);
  if (std::find(known.begin(), known.end(), name) != known.end()) return;
  if (find_attribute(d, name))
    return c.error(key,
                   fmt::format("'{}' is drawn at the first talk: at listing only declared attributes and "
                               "no_bsn, no_residence_prospect, persistent_offender are known",
                               name));
  const std::string near = closest_name(name, known);
  c.error(key, near.empty() ? fmt::format("no attribute '{}' (declared.attributes or attributes.*)", name)
                            : fmt::format("no attribute '{}'; did you mean '{}'?", name, near));
}

void check_declared(const SibParams& p, Checker& c) {
  const DeclaredParams& d = p.declared;
  for (std::size_t i = 0; i < d.attributes.size(); ++i) {
    const std::string& name = d.attributes[i].name;
    const std::string key = fmt::format("declared.attributes[{}].name", i);
    const bool builtin = std::find_if(kFlagNames.begin(), kFlagNames.end(),
                                      [&](const char* f) { return name == f; }) != kFlagNames.end();
    if (!is_identifier(name))
      c.error(key, "must be lower-case letters, digits and _: it names a KPI and a column");
    else if (builtin || find_kpi_entry("starters_" + name + "_share") || name.starts_with("age_") ||
             name.starts_with("work_potential_"))
      c.error(key, fmt::format("'{}' is a built-in attribute (or names its KPI): choose another name", name));
  }
  const auto matched = std::count_if(d.attributes.begin(), d.attributes.end(),
                                     [](const DeclaredAttribute& a) { return a.matched; });
  if (static_cast<std::size_t>(matched) > ControlPool::kMaxMatchedDeclared)
    c.error("declared.attributes", fmt::format("at most {} declared attributes may be matched on",
                                               ControlPool::kMaxMatchedDeclared));
  if (d.criteria.size() + d.reasons.size() > kMaxDeclaredReasons)
    c.error("declared.reasons",
            fmt::format("at most {} declared criteria and reasons together", kMaxDeclaredReasons));
  std::vector<std::string> taken;
  for (std::size_t i = 2; i < kOutcomeCount; ++i) taken.emplace_back(kOutcomeInfo[i].name);
  auto check_name = [&](const std::string& name, const std::string& key) {
    if (!is_identifier(name))
      c.error(key, "must be lower-case letters, digits and _: it names KPIs");
    else if (std::find(taken.begin(), taken.end(), name) != taken.end())
      c.error(key, fmt::format("'{}' is a built-in or another declared reason: choose another name", name));
    taken.push_back(name);
  };
  for (std::size_t i = 0; i < d.criteria.size(); ++i) {
    const DeclaredCriterion& cr = d.criteria[i];
    const std::string at = fmt::format("declared.criteria[{}].", i);
    check_name(cr.name, at + "name");
    check_attribute_ref(p, cr.stage, cr.attribute, at + "attribute", c);
  }
  for (std::size_t i = 0; i < d.reasons.size(); ++i) {
    const DeclaredReason& r = d.reasons[i];
    const std::string at = fmt::format("declared.reasons[{}].", i);
    check_name(r.name, at + "name");
    for (const auto& [attribute, ratio] : r.odds_ratios)
      check_attribute_ref(p, r.stage, attribute, fmt::format("{}odds_ratios.{}", at, attribute), c);
  }
}

void check_evaluation_design(const EvaluationParams& e, Checker& c) {
  const bool randomised = e.control == ControlSource::randomised,
             baseline = e.control == ControlSource::baseline;
  if (e.allocation_ratio && !randomised)
    c.error("evaluation.allocation_ratio", "is read only with control: randomised");
  for (const auto& [key, value] : {std::pair{"evaluation.baseline_work_months", e.baseline_work_months},
                                   std::pair{"evaluation.baseline_reoffended", e.baseline_reoffended}}) {
    if (value && !baseline) c.error(key, "is read only with control: baseline");
    if (!value && baseline) c.error(key, "is required with control: baseline");
  }
}

void check_cross_fields(const SibParams& p, Checker& c) {
  const RecruitmentParams& r = p.recruitment;
  if (r.end <= r.start) return;  // reported already; every rule below needs the period
  if (engine::month_index(r.end) - engine::month_index(r.start) > std::int64_t{12} * kMaxRecruitmentYears)
    c.error("recruitment.end",
            fmt::format("recruitment may last at most {} years (the results keep a monthly series of it)",
                        kMaxRecruitmentYears));
  if (all_zero(p.attributes.age.probabilities))
    c.error("attributes.age.probabilities", "must not all be zero");
  if (all_zero(p.attributes.work_potential.probabilities))
    c.error("attributes.work_potential.probabilities", "must not all be zero");
  if (all_zero(p.attributes.addiction.probabilities))
    c.error("attributes.addiction.probabilities", "must not all be zero");
  if (p.programme.phase1_max_weeks < p.programme.phase1_min_weeks)
    c.error("programme.phase1_max_weeks", "must not be below phase1_min_weeks");
  // Each PI recruits during recruitment: it may not stop before recruitment starts nor start after
  // it ends (a PI starting on recruitment.end, the first day after it, recruits nobody: a sweep
  // that shortens recruitment cuts off the PIs added last).
  for (std::size_t i = 0; i < p.prisons.size(); ++i) {
    const Prison& pi = p.prisons[i];
    const std::string key = "prisons[" + std::to_string(i) + "]";
    if (pi.stop <= r.start)
      c.error(key + ".stop", "the PI stops before recruitment starts (recruitment.start)");
    else if (pi.start > r.end)
      c.error(key + ".start", "the PI starts after recruitment ends (recruitment.end)");
  }
  if (const double n = expected_arrivals(p); n > kMaxArrivalsPerReplication)
    c.error("prisons",
            fmt::format("the PIs' inflows draw {:.3g} detainees per replication on average, above the "
                        "limit of {:g} (memory); lower the inflows or shorten recruitment",
                        n, kMaxArrivalsPerReplication));
  // Dates the evaluation and the contract read lie in the simulated period.
  const double last = simulated_until(p);
  const std::string period =
      fmt::format("must be within the simulated period, {} to {}", engine::to_string(to_date(r.start)),
                  engine::to_string(to_date(last)));
  if (p.evaluation.status_date < r.start || p.evaluation.status_date > last)
    c.error("evaluation.status_date", period);
  check_evaluation_design(p.evaluation, c);
  check_contract(p, c);
  check_vocabulary(p.vocabulary, c);
  check_declared(p, c);
  // A criterion given (and applied) on a built-in attribute the scenario leaves out checks nothing.
  for (const AttributeCriterion& ac : kAttributeCriteria) {
    const Criterion& crit = p.criteria.*ac.member;
    const char* attribute = kFlagNames[static_cast<std::size_t>(ac.flag)];
    if (crit.shown && crit.active && !p.attributes.binary[static_cast<std::size_t>(ac.flag)].present)
      c.error(fmt::format("criteria.{}", ac.key),
              fmt::format("checks attributes.{}, which this scenario leaves out: give the attribute, or "
                          "leave the criterion out (or set active: false)",
                          attribute));
  }
  const std::vector<double>& cohorts = p.payment.new_cohort_from;
  for (std::size_t j = 0; j < cohorts.size(); ++j) {
    const std::string key = fmt::format("payment.new_cohort_from[{}]", j);
    if (cohorts[j] <= r.start || cohorts[j] >= r.end)
      c.error(key, "must lie within recruitment, after recruitment.start and before recruitment.end");
    else if (j > 0 && cohorts[j] <= cohorts[j - 1])
      c.error(key, "must come after the date before it");
  }
  if (!cohorts.empty() && !p.payment.interim_share.empty())
    c.error("payment.new_cohort_from",
            "give cohorts or interim payments (payment.interim_payments), not both: each cohort is paid "
            "when its windows end");
  const StepSchedule& interim = p.payment.interim_share;
  for (std::size_t j = 0; j < interim.size(); ++j) {
    const std::string key = "payment.interim_payments[" + std::to_string(j) + "]";
    if (interim[j].from < r.start || interim[j].from > last) c.error(key + ".from", period);
    // Each value is the share of the payment earned so far that has been paid by its date.
    if (j > 0 && interim[j].value < interim[j - 1].value)
      c.error(key + ".value",
              "must not be below the one before: each value is the cumulative share paid by its date "
              "(at most 1 = 100 %)");
  }
}

const Schema<SibParams>& schema() {
  static const Schema<SibParams> s = [] {
    Schema<SibParams> sc("SIB recruitment funnel scenario (sibsim)");
    sc.field("model", &SibParams::model)
        .default_from_struct()
        .one_of({std::string(kSibModelName)})
        .doc("which model runs this scenario (absent: the SIB model)");
    sc.field("name", &SibParams::name).required().non_empty().doc("short scenario name, used in reports");
    sc.field("description", &SibParams::description).default_from_struct().doc("what the scenario describes");
    sc.field("report_language", &SibParams::report_language)
        .default_from_struct()
        .one_of({"en", "nl"})
        .doc("the language of the HTML reports: en (English) or nl (Nederlands); --lang overrides it");
    sc.section("vocabulary", &SibParams::vocabulary, declare_vocabulary)
        .doc(
            "the words reports use for sites, staff, eligible persons, their lists and the reasons for not "
            "starting (defaults: Werk na Detentie's)");
    sc.list("provenance", &SibParams::provenance,
            [](Record<ProvenanceEntry>& e) {
              e.field("key", &ProvenanceEntry::key)
                  .required()
                  .non_empty()
                  .doc("key path of the labelled value, e.g. payment.price_per_work_month");
              e.field("label", &ProvenanceEntry::label)
                  .default_from_struct()
                  .one_of({"assumption", "sourced", "fitted"})
                  .doc("assumption (no source), sourced (from a source) or fitted (calibrated to figures)");
              e.field("note", &ProvenanceEntry::note)
                  .default_from_struct()
                  .doc("why the value is assumed, or its source (shown in reports)");
            })
        .unique_by("key")
        .max_size(500)
        .doc(
            "values this scenario labels as assumptions (or sourced or fitted): reports show the label next "
            "to the figures that depend on them");
    sc.field("report_months_after_end", &SibParams::report_months_after_end)
        .default_from_struct()
        .range(0, 60)
        .unit("months")
        .doc("how long after the end of recruitment the monthly enrolment series runs");

    sc.section("recruitment", &SibParams::recruitment, [](Record<RecruitmentParams>& r) {
      date_field(r, "start", &RecruitmentParams::start)
          .required()
          .range(kFirstRecruitmentDate, kLastRecruitmentDate)
          .doc("first day of recruitment");
      date_field(r, "end", &RecruitmentParams::end)
          .required()
          .range(kFirstRecruitmentDate, kLastRecruitmentDate)
          .doc("first day after recruitment (exclusive end)");
      r.field("target_starters", &RecruitmentParams::target_starters)
          .required()
          .range(1, 10'000'000)  // a national programme needs thousands; 1e7 is a typo guard
          .unit("persons")
          .doc("number of starters the contract needs");
      r.list("approach_probability", &RecruitmentParams::approach_probability,
             [](Record<Step>& step) {
               declare_steps(step, "probability that PI staff approach a listed detainee", 1.0);
             })
          .non_empty()
          .sorted_by("from")
          .max_size(kMaxSteps)
          .doc("by date: share of listed detainees that PI staff approach (0 before the first step)");
      r.field("effort_sd", &RecruitmentParams::effort_sd)
          .default_from_struct()
          .range(0.0, 5.0)
          .doc(
              "spread of recruitment effort between PIs: standard deviation of each PI's shift of the "
              "approach "
              "probability on the log-odds scale, drawn per replication (0: none)");
      r.field("approach_delay_days", &RecruitmentParams::approach_delay_mean_days)
          .required()
          .positive()
          .max(kMaxDays)
          .unit("days")
          .doc("mean time from listing to the first talk (exponential)");
      r.choice("referral", &RecruitmentParams::referral,
               {{"before_release", Referral::before_release}, {"after_release", Referral::after_release}})
          .default_from_struct()
          .doc(
              "before_release: listed while detained, first talk and intake before release, start at the "
              "contact after release; after_release: a site's arrivals are releases referred by a probation "
              "or parole office, consent and contact follow the intake (no transfers, new trajectories or "
              "early release)");
      r.field("approach_window_days", &RecruitmentParams::approach_window_days)
          .required()
          .positive()
          .max(kMaxDays)
          .unit("days")
          .doc("the first talk is held no earlier than this long before the planned release");
      r.field("min_lead_days", &RecruitmentParams::min_lead_days)
          .required()
          .non_negative()
          .max(kMaxDays)
          .unit("days")
          .doc("time needed between the first talk and release; less means 'too short a remaining sentence'");
      r.field("intake_delay_days", &RecruitmentParams::intake_delay_mean_days)
          .required()
          .positive()
          .max(kMaxDays)
          .unit("days")
          .doc("mean time from the first talk to the counsellor's intake (exponential)");
      r.field("transfer_rate", &RecruitmentParams::transfer_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("hazard of transfer to another prison, from listing until selection");
      r.field("new_trajectory_rate", &RecruitmentParams::new_trajectory_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("hazard of a new trajectory (e.g. another sentence), from listing until selection");
      r.field("circumstances_probability", &RecruitmentParams::p_circumstances)
          .required()
          .probability()
          .doc("lost at the first talk to circumstances (no feedback, leave, miscommunication)");
      r.field("other_criteria_probability", &RecruitmentParams::p_other_criteria)
          .required()
          .probability()
          .doc("lost on the list to other criteria (not on list, extra care, too far away)");
      Record<RecruitmentParams> talk = r.group("first_talk", "motivation at the first talk");
      talk.field("no_response_probability", &RecruitmentParams::p_no_response)
          .required()
          .probability()
          .doc("does not respond to the invitation");
      array_field(talk, "not_interested_by_age", &RecruitmentParams::p_not_interested)
          .required()
          .range(0.0, 1.0)
          .doc("probability of 'not interested' by age group 18-19, 20-30, 31-40, 41-50, 51-64, 65+");
      array_field(talk, "has_work_by_work_potential", &RecruitmentParams::p_has_work)
          .required()
          .range(0.0, 1.0)
          .doc("probability of 'already has work' by work potential low, reasonable, high, very high");
      talk.field("other_organisation_probability", &RecruitmentParams::p_other_organisation)
          .required()
          .probability()
          .doc("already helped by another organisation");
      talk.field("other_activity_probability", &RecruitmentParams::p_other_activity)
          .required()
          .probability()
          .doc("has another day-time activity");
      Record<RecruitmentParams> consent = r.group(
          "consent",
          "consent of a third party (e.g. the municipality), asked at the intake; leave it out if your SIB "
          "has none (then consent is in at the intake)");
      r.optional_section(
          "consent", [](const RecruitmentParams& x) { return x.consent_asked; },
          [](RecruitmentParams& x, bool given) {
            x.consent_asked = given;
            if (!given) x.consent_refusal_probability = x.consent_delay_mean_days = 0.0;
          });
      consent.field("refusal_probability", &RecruitmentParams::consent_refusal_probability)
          .required()
          .probability()
          .doc("the municipality refuses");
      consent.field("delay_days", &RecruitmentParams::consent_delay_mean_days)
          .required()
          .positive()
          .max(kMaxDays)
          .unit("days")
          .doc("mean time until consent arrives (exponential); after release the person is lost");
      r.field("change_of_mind_rate", &RecruitmentParams::change_of_mind_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("hazard of changing one's mind between intake and release");
      r.field("relapse_probability", &RecruitmentParams::relapse_probability)
          .required()
          .probability()
          .doc("relapse into addiction at release, for those with a past or current addiction");
      Record<RecruitmentParams> contact =
          r.group("contact", "contact after release (= start of the programme)");
      contact.field("probability_phone", &RecruitmentParams::contact_probability_phone)
          .required()
          .probability()
          .doc("contact is made when the counsellor knows a phone number");
      contact.field("probability_no_phone", &RecruitmentParams::contact_probability_no_phone)
          .required()
          .probability()
          .doc("contact is made when the person must call");
      contact.field("delay_days", &RecruitmentParams::contact_delay_mean_days)
          .required()
          .positive()
          .max(kMaxDays)
          .unit("days")
          .doc("mean time from release to contact");
    });

    sc.section("population", &SibParams::population, [](Record<PopulationParams>& p) {
      p.choice("heterogeneity", &PopulationParams::heterogeneity,
               {{"fixed", Heterogeneity::fixed}, {"poisson_gamma", Heterogeneity::poisson_gamma}})
          .default_from_struct()
          .doc("fixed PI rates, or Gamma-distributed rates around the mean (Poisson-Gamma model)");
      p.field("gamma_shape", &PopulationParams::gamma_shape)
          .default_from_struct()
          // Below 0.1 (a coefficient of variation above 3) a replication with 100 times a PI's
          // mean inflow becomes likely; 1e6 is already a fixed rate.
          .range(0.1, 1e6)
          .doc("shape of the Gamma distribution of PI rates (larger = PIs more alike)");
      p.field("initial_pool_months", &PopulationParams::initial_pool_months)
          .required()
          .range(0, 24)
          .unit("months")
          .doc("detainees who entered this long before a PI's start can be on its first list");
      Record<PopulationParams> ld =
          p.group("list_delay_days", "time from entering detention to the monthly list");
      ld.field("min", &PopulationParams::list_delay_min_days)
          .required()
          .non_negative()
          .max(kMaxDays)
          .unit("days")
          .doc("shortest");
      ld.field("max", &PopulationParams::list_delay_max_days)
          .required()
          .non_negative()
          .max(kMaxDays)
          .unit("days")
          .doc("longest");
      Record<PopulationParams> det = p.group("detention", "planned total detention");
      det.field("edges_months", &PopulationParams::detention_edges_months)
          .required()
          .min_size(2)
          .max_size(101)  // 100 bins: the bin is found by a linear search per person
          .positive()
          .max(1200.0)  // 100 years: longer than any sentence
          .unit("months")
          .doc("bin edges of planned detention, increasing");
      det.field("weights", &PopulationParams::detention_weights)
          .required()
          .non_empty()
          .range(0.0, kMaxWeight)
          .doc("weight of each bin (one fewer than edges)");
      Record<PopulationParams> er = p.group("early_release", "release earlier than planned");
      er.field("probability", &PopulationParams::early_release_probability)
          .required()
          .probability()
          .doc("probability of an early release");
      er.field("mean_days", &PopulationParams::early_release_mean_days)
          .required()
          .non_negative()
          .max(kMaxDays)
          .unit("days")
          .doc("mean days early (exponential)");
    });

    sc.list(
          "prisons", &SibParams::prisons,
          [](Record<Prison>& pi) {
            pi.field("name", &Prison::name).required().non_empty().doc("name of the PI");
            date_field(pi, "start", &Prison::start).required().doc("first day of recruitment in this PI");
            pi.field<std::optional<Date>>(
                  "stop",
                  [](const Prison& x) { return x.stop >= kNever ? std::optional<Date>{} : to_date(x.stop); },
                  [](Prison& x, std::optional<Date> d) { x.stop = d ? to_day(*d) : kNever; })
                .doc("first day without recruitment (exclusive); absent: until the end of recruitment");
            pi.field("inflow_per_month", &Prison::inflow_per_month)
                .required()
                .range(0.0, kMaxInflow)
                .unit("persons/month")
                .doc("mean number of eligible detainees put on the monthly list");
            pi.field("women", &Prison::women).default_from_struct().doc("a women's prison");
            pi.field("gamma_shape", &Prison::gamma_shape)
                .range(0.1, 1e12)  // sibsim forecast: the posterior shape (prior + eligible observed)
                .doc("shape of this PI's Gamma rate factor (poisson_gamma); absent: population.gamma_shape");
            pi.field("approach_factor", &Prison::approach_factor)
                .default_from_struct()
                .range(0.0, kMaxRatio)
                .doc("multiplies the approach probability (local staff effort)");
            pi.list("inflow_multiplier", &Prison::inflow_multiplier,
                    [](Record<Step>& step) { declare_steps(step, "multiplier on the inflow", kMaxRatio); })
                .sorted_by("from")
                .max_size(kMaxSteps)
                .doc("by date: multiplier on the inflow (1 before the first step), for ramp-ups and pauses");
            pi.check([](const Prison& x, Checker& c) {
              if (x.stop <= x.start) c.error("stop", "must be after start");
              // The inflow cap holds for the multiplied inflow too.
              for (std::size_t j = 0; j < x.inflow_multiplier.size(); ++j)
                if (x.inflow_per_month * x.inflow_multiplier[j].value > kMaxInflow)
                  c.error("inflow_multiplier[" + std::to_string(j) + "].value",
                          fmt::format(
                              "inflow_per_month x multiplier is {:g} persons/month, above the cap of {:g}",
                              x.inflow_per_month * x.inflow_multiplier[j].value, kMaxInflow));
            });
          })
        .non_empty()
        .max_size(kMaxPrisons)
        .unique_by("name")
        .doc("the participating PIs");

    sc.section("attributes", &SibParams::attributes, [](Record<AttributeParams>& a) {
      for (std::size_t j = 0; j < kFlagCount; ++j) {
        Record<AttributeParams> g = a.group(
            kFlagNames[j],
            "yes/no attribute of an eligible person; leave it out if your SIB does not have it (then nobody "
            "has it, and its KPIs, criterion and the reasons only it feeds are left out)");
        a.optional_section(
            kFlagNames[j], [j](const AttributeParams& x) { return x.binary[j].present; },
            [j](AttributeParams& x, bool given) {
              x.binary[j].present = given;
              if (!given) x.binary[j].prevalence = x.binary[j].loading = 0.0;
            });
        g.field<double>(
             "prevalence", [j](const AttributeParams& x) { return x.binary[j].prevalence; },
             [j](AttributeParams& x, double v) { x.binary[j].prevalence = v; })
            .required()
            .probability()
            .doc("share of eligible detainees with the attribute");
        g.field<double>(
             "loading", [j](const AttributeParams& x) { return x.binary[j].loading; },
             [j](AttributeParams& x, double v) { x.binary[j].loading = v; })
            .required()
            .range(-0.99, 0.99)
            .doc("loading on the shared problem factor (Gaussian copula)");
      }
      declare_ordinal(a, "age", &AttributeParams::age, "18-19, 20-30, 31-40, 41-50, 51-64, 65+");
      declare_ordinal(a, "work_potential", &AttributeParams::work_potential,
                      "low, reasonable, high, very high");
      declare_ordinal(a, "addiction", &AttributeParams::addiction, "none, past, current");
    });

    sc.section("criteria", &SibParams::criteria, [](Record<CriteriaParams>& c) {
      c.section("no_bsn", &CriteriaParams::no_bsn, declare_criterion)
          .doc("exclude: no citizen service number");
      c.section("persistent_offender", &CriteriaParams::persistent_offender, declare_criterion)
          .doc("exclude: top-600 persistent offenders");
      c.section("age_over_65", &CriteriaParams::age_over_65, declare_criterion).doc("exclude: age over 65");
      c.section("no_residence_prospect", &CriteriaParams::no_residence_prospect, declare_criterion)
          .doc("exclude: no prospect of a Dutch residence permit");
      c.section("insufficient_dutch", &CriteriaParams::insufficient_dutch, declare_criterion)
          .doc("exclude: needs an interpreter");
      c.section("unfit_for_work", &CriteriaParams::unfit_for_work, declare_criterion)
          .doc("exclude: unfit for work");
      c.section("no_work_motivation", &CriteriaParams::no_work_motivation, declare_criterion)
          .doc("exclude: no basic motivation to work");
      c.section("addiction_psychiatric", &CriteriaParams::addiction_psychiatric, declare_criterion)
          .doc("exclude: detected severe addiction or psychiatric problems needing a clinic first");
      c.section("work_potential", &CriteriaParams::work_potential, declare_criterion)
          .doc("include only by the handbook's work-potential rule");
      // A criterion on a built-in attribute the scenario may leave out (attributes.*): written out
      // of the resolved scenario when neither it nor its attribute is given (load_sib_scenario).
      for (const AttributeCriterion& ac : kAttributeCriteria)
        c.optional_section(
            ac.key, [m = ac.member](const CriteriaParams& x) { return (x.*m).shown; },
            [m = ac.member](CriteriaParams& x, bool given) { (x.*m).shown = given; });
      c.field("detect_addiction", &CriteriaParams::detect_addiction)
          .required()
          .probability()
          .doc("probability that an addiction is detected and reported at screening");
      c.field("detect_psychiatric", &CriteriaParams::detect_psychiatric)
          .required()
          .probability()
          .doc("probability that psychiatric problems are detected and reported");
      c.field("severe_share", &CriteriaParams::severe_share)
          .required()
          .probability()
          .doc("share of current addiction/psychiatric problems that need clinical treatment first");
      c.field("interpreter_share", &CriteriaParams::interpreter_share)
          .required()
          .probability()
          .doc("share of poor Dutch speakers who need an interpreter");
    });

    sc.section("declared", &SibParams::declared, [](Record<DeclaredParams>& d) {
        d.list("attributes", &DeclaredParams::attributes, declare_attribute)
            .unique_by("name")
            .max_size(kMaxDeclaredAttributes)
            .doc("yes/no attributes of the eligible persons beyond the built-in ones (drawn at listing)");
        d.list("criteria", &DeclaredParams::criteria, declare_declared_criterion)
            .unique_by("name")
            .max_size(kMaxDeclaredReasons)
            .doc("selection criteria beyond the built-in ones: an attribute that excludes at a stage");
        d.list("reasons", &DeclaredParams::reasons, declare_declared_reason)
            .unique_by("name")
            .max_size(kMaxDeclaredReasons)
            .doc("reasons for not starting beyond the built-in ones: a chance of loss at a stage");
      }).doc("the scenario's own attributes, criteria and reasons for not starting (docs/new-sib.md)");

    sc.field("simulate_programme", &SibParams::simulate_programme)
        .default_from_struct()
        .doc("simulate the programme, work in both arms and the payment (false: recruitment only)");

    sc.section("programme", &SibParams::programme, [](Record<ProgrammeParams>& g) {
      g.field("unrecorded_share", &ProgrammeParams::unrecorded_share)
          .required()
          .probability()
          .doc("share of starters whose programme is not recorded");
      g.field("plus_if_rule", &ProgrammeParams::plus_if_rule)
          .required()
          .probability()
          .doc("probability of the plus programme when the handbook's plus rule is met");
      g.field("plus_otherwise", &ProgrammeParams::plus_otherwise)
          .required()
          .probability()
          .doc("probability of the plus programme otherwise");
      g.field("phase1_min_weeks", &ProgrammeParams::phase1_min_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("phase 1 (diagnosis and plan), shortest");
      g.field("phase1_max_weeks", &ProgrammeParams::phase1_max_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("phase 1, longest");
      g.field("phase2_weeks", &ProgrammeParams::phase2_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("phase 2 (start of work place, internship or training)");
      g.field("phase3_basic_weeks", &ProgrammeParams::phase3_basic_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("phase 3 (consolidation), basic programme");
      g.field("phase3_plus_weeks", &ProgrammeParams::phase3_plus_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("phase 3 (consolidation), plus programme");
      g.field("followup_weeks", &ProgrammeParams::followup_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("phase 4 (follow-up), after completion");
      g.choice("completed_at", &ProgrammeParams::completed_at,
               {{"end_of_phase_3", CompletionRule::end_of_phase_3},
                {"end_of_follow_up", CompletionRule::end_of_follow_up}})
          .default_from_struct()
          .doc(
              "when the status count takes a trajectory as completed: at the end of the active phases 1-3, "
              "or as the handbook defines the trajectory, at the end of the follow-up (dropout is possible "
              "in "
              "phases 1-3 under either rule)");
      g.choice("starts_at", &ProgrammeParams::starts_at,
               {{"contact_after_release", StartRule::contact_after_release}, {"intake", StartRule::intake}})
          .default_from_struct()
          .doc(
              "when a starter's trajectory counts as started: at the first contact after release, or at the "
              "counsellor's intake in the PI (phase 1 then runs in the PI until release); work, dropout and "
              "the evaluation's window run from the contact after release under either rule");
      g.field("practical_weeks_per_problem", &ProgrammeParams::practical_weeks_per_problem)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc(
              "mean extra weeks in phase 1 per practical problem (unstable housing, debts, low "
              "self-reliance)");
      g.field("extension_weeks_mean", &ProgrammeParams::extension_weeks_mean)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("mean extra weeks of active guidance not modelled one by one (exponential)");
      g.field("conversion_to_plus", &ProgrammeParams::conversion_to_plus)
          .required()
          .probability()
          .doc("probability that a basic trajectory is converted to plus");
      g.field("conversion_extra_weeks", &ProgrammeParams::conversion_extra_weeks)
          .required()
          .non_negative()
          .max(kMaxWeeks)
          .unit("weeks")
          .doc("extra weeks of a converted trajectory");
    });

    sc.section("counsellors", &SibParams::counsellors, [](Record<CounsellorParams>& c) {
      c.list("fte", &CounsellorParams::fte,
             [](Record<Step>& step) {
               declare_steps(step, "counsellor FTE", 1e5);
             })  // 1e5 FTE: a national workforce
          .non_empty()
          .sorted_by("from")
          .max_size(kMaxSteps)
          .doc("by date: counsellor FTE (0 before the first step)");
      c.field("caseload_per_fte", &CounsellorParams::caseload_per_fte)
          .required()
          .positive()
          .max(1e4)  // participants per FTE: beyond any guidance at all
          .unit("persons")
          .doc("participants in phases 1-3 one FTE guides at full intensity");
      c.field("intensity_when_full", &CounsellorParams::intensity_when_full)
          .required()
          .probability()
          .doc("programme effect multiplier for starters taken on above capacity");
      Record<CounsellorParams> w =
          c.group("wind_down", "the team shrinks as participants leave, a fixed time after recruitment ends");
      w.field("fte", &CounsellorParams::wind_down_fte)
          .range(0.0, 1e5)
          .doc("counsellor FTE from the wind-down on (absent: no wind-down, the fte schedule alone)");
      w.field("months_after_recruitment", &CounsellorParams::wind_down_months)
          .default_from_struct()
          .range(0, 120)
          .unit("months")
          .doc(
              "the wind-down starts on the first of the month this many months after recruitment.end; "
              "it moves with recruitment.end");
    });

    sc.section("dropout", &SibParams::dropout, [](Record<DropoutParams>& d) {
      d.field("no_effort_rate", &DropoutParams::no_effort_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("base hazard: no credible effort / stops showing up / no contact");
      d.field("clinic_rate", &DropoutParams::clinic_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc(
              "base hazard of long-term addiction-clinic admission (past addiction; only with an addiction)");
      d.field("clinic_current_ratio", &DropoutParams::clinic_current_ratio)
          .required()
          .range(0.0, kMaxRatio)
          .doc("clinic hazard ratio of a current versus a past addiction");
      d.field("custody_rate", &DropoutParams::custody_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("hazard of a return to custody that ends the trajectory");
      d.field("other_rate", &DropoutParams::other_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("hazard of other dropout (cannot commit 24 h/week, ...)");
      d.field("early_boost", &DropoutParams::early_boost)
          .required()
          .range(0.0, kMaxRatio)
          .doc("extra hazard early after the start: h(t) = base (1 + early_boost exp(-t / early_months))");
      d.field("early_months", &DropoutParams::early_months)
          .required()
          .positive()
          .max(kMaxMonths)
          .unit("months")
          .doc("how fast the early extra hazard fades");
      Record<DropoutParams> hr =
          d.group("hazard_ratios", "hazard ratios of risk factors (no effort and other)");
      hr.field("no_partner", &DropoutParams::hr_no_partner)
          .required()
          .positive()
          .max(kMaxRatio)
          .doc("no partner");
      hr.field("debts", &DropoutParams::hr_debts).required().positive().max(kMaxRatio).doc("debts");
      hr.field("low_education", &DropoutParams::hr_low_education)
          .required()
          .positive()
          .max(kMaxRatio)
          .doc("low education");
      hr.field("low_self_reliance", &DropoutParams::hr_low_self_reliance)
          .required()
          .positive()
          .max(kMaxRatio)
          .doc("low self-reliance");
      hr.field("poor_worker_skills", &DropoutParams::hr_poor_worker_skills)
          .required()
          .positive()
          .max(kMaxRatio)
          .doc("poor worker skills");
      hr.field("hard_drugs", &DropoutParams::hr_hard_drugs)
          .required()
          .positive()
          .max(kMaxRatio)
          .doc("hard drugs");
      hr.field("plus_programme", &DropoutParams::hr_plus)
          .required()
          .positive()
          .max(kMaxRatio)
          .doc("plus programme");
      d.field("stop_after_work", &DropoutParams::stop_after_work)
          .required()
          .probability()
          .doc("probability that a participant who finds work in phases 1-3 stops");
      d.field("custody_spell_rate", &DropoutParams::custody_spell_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("short custody spells that interrupt work and extend the trajectory");
      d.field("custody_spell_mean_days", &DropoutParams::custody_spell_mean_days)
          .required()
          .non_negative()
          .max(kMaxDays)
          .unit("days")
          .doc("mean length of a short custody spell");
    });

    sc.section("work", &SibParams::work, [](Record<WorkParams>& w) {
      w.field("window_months", &WorkParams::window_months)
          .required()
          .range(1, 120)
          .unit("months")
          .doc("measurement window per participant from the start");
      w.field("find_rate", &WorkParams::find_rate)
          .required()
          .non_negative()
          .max(kMaxRate)
          .unit("1/month")
          .doc("job-finding rate under care as usual (before multipliers)");
      Record<WorkParams> jobs = w.group("jobs", "job spells: a mixture of short and stable jobs");
      jobs.field("stable_share", &WorkParams::stable_job_share)
          .required()
          .probability()
          .doc(
              "share of the jobs found that are stable (a direct contract); the rest are short (agency) "
              "jobs");
      jobs.field("short_months", &WorkParams::short_job_months)
          .required()
          .range(1.0, kMaxMonths)
          .unit("months")
          .doc("mean length of a short job (it ends with probability 1 / this per month)");
      jobs.field("stable_months", &WorkParams::stable_job_months)
          .required()
          .range(1.0, 1200.0)
          .unit("months")
          .doc("mean length of a stable job (it ends with probability 1 / this per month)");
      jobs.field("programme_loss_ratio", &WorkParams::programme_job_loss_ratio)
          .required()
          .probability()
          .doc(
              "hazard ratio of losing a job while in the programme, phase 2 to the end of the follow-up, "
              "for the intended target group (1 = the programme does not help keep work)");
      jobs.field("contract_hours_share", &WorkParams::contract_hours_share)
          .default_value(1.0)
          .probability()
          .doc(
              "share of the jobs found under care as usual that meet the contract's hours (a month counts "
              "as a contract work-month only in such a job; 1 = every month in work counts)");
      jobs.field("contract_hours_share_in_programme", &WorkParams::contract_hours_share_in_programme)
          .default_value(1.0)
          .probability()
          .doc(
              "the same for jobs found while in the programme (intake to the end of the follow-up), if it "
              "asks for and places in work of the contract's hours");
      array_field(w, "find_by_work_potential", &WorkParams::find_by_work_potential)
          .required()
          .range(0.0, kMaxRatio)
          .doc("job-finding multiplier by work potential low, reasonable, high, very high");
      w.field("find_ratio_poor_worker_skills", &WorkParams::find_hr_poor_worker_skills)
          .required()
          .range(0.0, kMaxRatio)
          .doc("job-finding multiplier for poor worker skills");
      w.field("find_ratio_hard_drugs", &WorkParams::find_hr_hard_drugs)
          .required()
          .range(0.0, kMaxRatio)
          .doc("job-finding multiplier for hard-drug use");
      w.field("find_ratio_current_addiction", &WorkParams::find_hr_current_addiction)
          .required()
          .range(0.0, kMaxRatio)
          .doc("job-finding multiplier for a current addiction");
      w.field("cau_practical_months_per_problem", &WorkParams::cau_practical_months_per_problem)
          .required()
          .range(0.0, kMaxMonths)
          .unit("months")
          .doc("under care as usual: months without job search per practical problem");
      w.field("programme_effect", &WorkParams::programme_effect)
          .required()
          .range(1.0, kMaxRatio)
          .doc(
              "job-finding multiplier in phases 2-3 for the intended target group (half the extra in "
              "follow-up)");
      w.field("effect_share_high_potential", &WorkParams::effect_share_high_potential)
          .required()
          .probability()
          .doc("share of the extra effect for high work potential outside the target group");
      w.field("effect_share_severe_addiction", &WorkParams::effect_share_severe_addiction)
          .required()
          .probability()
          .doc("share of the extra effect for severe addiction/psychiatric problems");
      w.field("reoffend_with_work", &WorkParams::reoffend_with_work)
          .required()
          .probability()
          .doc("re-offending within 2 years with work");
      w.field("reoffend_without_work", &WorkParams::reoffend_without_work)
          .required()
          .probability()
          .doc("re-offending within 2 years without work");
      w.field("benefits_if_not_working", &WorkParams::benefits_if_not_working)
          .required()
          .probability()
          .doc("on benefits after 24 months if not working then");
      w.field("worked_months_for_work", &WorkParams::worked_months_for_work)
          .required()
          .range(0, 120)
          .unit("months")
          .doc("months worked that count as 'had work' for re-offending");
      w.field("custody_days_if_reoffended", &WorkParams::custody_days_if_reoffended)
          .default_from_struct()
          .range(0.0, 3650.0)
          .unit("days")
          .doc(
              "mean days in custody in the window of a person who re-offends (exponential, at most the "
              "window); the outcome custody_days of payment metrics and savings");
    });

    sc.section("evaluation", &SibParams::evaluation, [](Record<EvaluationParams>& e) {
      date_field(e, "status_date", &EvaluationParams::status_date)
          .required()
          .doc("date of the status count (completed / in trajectory / dropped out, employed)");
      e.choice("control", &EvaluationParams::control,
               {{"twin", ControlSource::twin},
                {"non_participants", ControlSource::non_participants},
                {"randomised", ControlSource::randomised},
                {"baseline", ControlSource::baseline}})
          .default_from_struct()
          .doc(
              "the evaluation design: an idealised twin of each starter; eligible persons who did not start, "
              "matched on age group and sex only; a randomised trial of the persons selected at the intake "
              "(allocation_ratio; measured by intention to treat); or a historical baseline (baseline_*)");
      e.field("matched_fraction", &EvaluationParams::matched_fraction)
          .default_from_struct()
          .range(0.01, 1.0)
          .doc("twin and non_participants: share of the starters the evaluator finds a control for");
      e.field("control_find_ratio", &EvaluationParams::control_find_ratio)
          .default_from_struct()
          .range(0.0, kMaxRatio)
          .doc(
              "twin and non_participants: selection on unobservables, the controls' job-finding rate "
              "relative to their attributes' (below 1: less motivated than the participants)");
      e.field("allocation_ratio", &EvaluationParams::allocation_ratio)
          .range(0.01, 100.0)
          .doc(
              "randomised: persons allocated to control per person allocated to the programme; absent: 1 "
              "(1:1)");
      e.field("baseline_work_months", &EvaluationParams::baseline_work_months)
          .range(0.0, kMaxMonths)
          .unit("months")
          .doc(
              "baseline (required there): work-months per person in the measurement window without the "
              "programme");
      e.field("baseline_reoffended", &EvaluationParams::baseline_reoffended)
          .probability()
          .doc("baseline (required there): share re-offending within two years without the programme");
    });

    sc.section("payment", &SibParams::payment, [](Record<PaymentParams>& p) {
      p.list("metrics", &PaymentParams::metrics, declare_payment_metric)
          .unique_by("name")
          .max_size(kMaxMetrics)
          .doc(
              "the contract as payment metrics, the first the headline (threshold, full ambition, interim "
              "payments); instead of the work-months shorthand (ambition_per_participant .. "
              "recidivism_bonus_max_points)");
      p.field("total_cap", &PaymentParams::total_cap)
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("cap on all metrics' payments together (none: no overall cap)");
      p.field("ambition_per_participant", &PaymentParams::ambition_per_participant)
          .range(0.0, kMaxMonths)  // extra work-months cannot exceed the longest window
          .unit("months")
          .doc("shorthand (required without metrics): extra work-months per participant in the ambition");
      p.field("price_per_work_month", &PaymentParams::price_per_work_month)
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("shorthand: paid per measured extra work-month");
      p.field("threshold_share", &PaymentParams::threshold_share)
          .probability()
          .doc("shorthand: nothing is paid below this share of the ambition");
      p.field("cap", &PaymentParams::cap)
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("shorthand: cap on the payment for extra work-months");
      p.field("recidivism_bonus_per_point", &PaymentParams::recidivism_bonus_per_point)
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("shorthand: bonus per percentage point less re-offending than the control group");
      p.field("recidivism_bonus_max_points", &PaymentParams::recidivism_bonus_max_points)
          .range(0.0, 100.0)  // percentage points
          .doc("shorthand: points at most");
      p.field("investment", &PaymentParams::investment)
          .required()
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("paid in by investors at the start of recruitment");
      p.list("interim_payments", &PaymentParams::interim_share,
             [](Record<Step>& step) {
               declare_steps(step, "cumulative share of the outcome payment earned so far, paid by this date",
                             1.0);
             })
          .sorted_by("from")
          .max_size(kMaxSteps)
          .doc("dates of interim payments and the share of the earned payment paid then");
      p.field<std::vector<Date>>(
           "new_cohort_from",
           [](const PaymentParams& x) {
             std::vector<Date> d;
             for (const double day : x.new_cohort_from) d.push_back(to_date(day));
             return d;
           },
           [](PaymentParams& x, const std::vector<Date>& d) {
             x.new_cohort_from.clear();
             for (const Date& day : d) x.new_cohort_from.push_back(to_day(day));
           })
          .default_value({})
          .max_size(kMaxCohorts - 1)
          .doc(
              "payment by cohort: from each date the starters form a new cohort, measured, priced and paid "
              "on its own when its windows end (caps over all cohorts); empty: one cohort");
      p.field("saving_per_benefit_month", &PaymentParams::saving_per_benefit_month)
          .required()
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("government saving per month off benefits");
      p.field("saving_per_work_month", &PaymentParams::saving_per_work_month)
          .required()
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("government saving (tax, participation) per extra work month");
      p.field("saving_per_avoided_reoffence", &PaymentParams::saving_per_avoided_reoffence)
          .required()
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("government saving per avoided re-offence");
      p.field("saving_per_custody_day", &PaymentParams::saving_per_custody_day)
          .default_from_struct()
          .non_negative()
          .max(kMaxEuro)
          .unit("currency")
          .doc("government saving per custody day avoided (outcome custody_days; 0: not counted)");
    });

    sc.check([](const SibParams& p, Checker& c) {
      // These are drawn for everyone on the list, independently of the problem factor.
      for (std::size_t j = 0; j < kFlagCount; ++j)
        if (is_list_attribute(static_cast<Flag>(j)) && p.attributes.binary[j].loading != 0.0)
          c.error(std::string("attributes.") + kFlagNames[j] + ".loading",
                  "must be 0: this attribute is checked on the list and drawn independently of the problem "
                  "factor");
      if (p.attributes.age.loading != 0.0)
        c.error("attributes.age.loading", "must be 0: age is checked on the list and drawn independently");
      if (p.recruitment.end <= p.recruitment.start)
        c.error("recruitment.end", "must be after recruitment.start");
      if (p.population.list_delay_max_days < p.population.list_delay_min_days)
        c.error("population.list_delay_days.max", "must not be below list_delay_days.min");
      const auto& e = p.population.detention_edges_months;
      for (std::size_t i = 1; i < e.size(); ++i)
        if (e[i] <= e[i - 1]) c.error("population.detention.edges_months", "must increase");
      if (p.population.detention_weights.size() + 1 != e.size())
        c.error("population.detention.weights",
                "needs exactly one weight per bin (one fewer than edges_months)");
      double total = 0;
      for (double w : p.population.detention_weights) total += w;
      if (total <= 0) c.error("population.detention.weights", "must not all be zero");
      check_cross_fields(p, c);
    });
    return sc;
  }();
  return s;
}

/// Every `provenance[i].key` must name a key of the scenario (with defaults filled in): a typo would
/// otherwise label nothing, silently.
void check_provenance_keys(const SibParams& p, const scenarios::Document& doc) {
  // Keys written in the file are keys (the schema loaded it); only the others need the resolved
  // scenario with its defaults, made once and only then (calibration and sweeps load many times).
  std::optional<scenarios::Document> resolved;
  std::vector<scenarios::Error> errors;
  for (std::size_t i = 0; i < p.provenance.size(); ++i) {
    const std::string& key = p.provenance[i].key;
    if (doc.location(key)) continue;
    if (!resolved) resolved = scenarios::Document::from_string(schema().to_yaml(p), "<resolved>");
    if (resolved->location(key)) continue;
    const std::string path = fmt::format("provenance[{}].key", i);
    const auto at = doc.location(path).value_or(scenarios::Location{doc.file(), 0, 0});
    errors.push_back({at.file, at.line, at.column, path,
                      fmt::format("'{}' is not a key of this scenario (write it as a key path, e.g. "
                                  "payment.price_per_work_month or prisons[0].inflow_per_month)",
                                  key)});
  }
  if (!errors.empty()) throw scenarios::ValidationErrors(std::move(errors));
}

}  // namespace

SibParams load_sib_scenario(const scenarios::Document& doc) {
  SibParams p = schema().load(doc);
  // A criterion the file leaves out takes its defaults; it is written out (resolved scenario)
  // unless its attribute is left out too.
  for (const AttributeCriterion& ac : kAttributeCriteria) {
    Criterion& c = p.criteria.*ac.member;
    const bool attribute = p.attributes.binary[static_cast<std::size_t>(ac.flag)].present;
    if (!c.shown && !attribute) c.active = false;  // left out with its attribute: never applied
    c.shown = c.shown || attribute;
  }
  check_provenance_keys(p, doc);
  return p;
}
SibParams load_sib_scenario(const std::string& path) {
  return load_sib_scenario(scenarios::Document::from_file(path));
}

std::vector<std::optional<std::string>> provenance_values(const SibParams& params) {
  std::vector<std::optional<std::string>> out;
  if (params.provenance.empty()) return out;
  // The resolved scenario holds every key with its effective value (defaults filled in).
  const scenarios::Document resolved =
      scenarios::Document::from_string(schema().to_yaml(params), "<resolved>");
  for (const ProvenanceEntry& e : params.provenance) {
    if (!resolved.location(e.key))
      out.emplace_back(std::nullopt);
    else if (auto v = resolved.scalar(e.key))
      out.emplace_back(std::move(v));
    else
      out.emplace_back("(see the scenario)");  // a list or section: shown in full under Assumptions
  }
  return out;
}
std::string sib_scenario_help() { return schema().help(); }
std::vector<std::string> sib_scenario_keys() { return schema().keys(); }
std::string sib_scenario_yaml(const SibParams& params) { return schema().to_yaml(params); }

}  // namespace sibsim::models::sib
