#include "sibsim/models/sib/declared.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>

#include "sibsim/engine/hash.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/vocabulary.hpp"

namespace sibsim::models::sib {
namespace {

/// Stream purposes of declared items: kDeclaredPurposeBase + 20 bits of the item's name hash, above
/// every purpose of population.hpp and below 2^24 (engine/rng.hpp keeps a purpose in 24 bits).
constexpr std::uint64_t kDeclaredPurposeBase = std::uint64_t{1} << 20;
constexpr std::uint64_t kDeclaredPurposeMask = kDeclaredPurposeBase - 1;

double normal_quantile(double p) {
  if (p <= 0.0) return INFINITY;  // nobody has it: above every latent value
  if (p >= 1.0) return -INFINITY;
  return boost::math::quantile(boost::math::complement(boost::math::normal_distribution<double>(), p));
}

ReasonCategory category_of(DeclaredCategory c) noexcept {
  switch (c) {
    case DeclaredCategory::criteria:
      return ReasonCategory::criteria;
    case DeclaredCategory::motivation:
      return ReasonCategory::motivation;
    case DeclaredCategory::unknown:
      return ReasonCategory::unknown;
  }
  return ReasonCategory::unknown;
}

/// Purposes keyed by name; a (rare) clash of two names' 20 bits moves the later one on.
class PurposeKeys {
 public:
  std::uint64_t take(std::string_view kind, std::string_view name) {
    std::uint64_t h = engine::fnv1a64(name, engine::fnv1a64(kind)) & kDeclaredPurposeMask;
    while (std::find(used_.begin(), used_.end(), h) != used_.end()) h = (h + 1) & kDeclaredPurposeMask;
    used_.push_back(h);
    return kDeclaredPurposeBase + h;
  }

 private:
  std::vector<std::uint64_t> used_;
};

}  // namespace

/// Whether the scenario's structure (not its values, which sweeps vary) lets a built-in reason
/// occur: the attribute it checks, a consent step, a detention before referral.
bool builtin_reason_applies(const SibParams& params, Outcome o) noexcept {
  const auto has = [&](Flag f) { return params.attributes.binary[static_cast<std::size_t>(f)].present; };
  const bool detained = params.recruitment.referral == Referral::before_release;
  switch (o) {
    case Outcome::no_bsn:
      return has(Flag::no_bsn);
    case Outcome::persistent_offender:
      return has(Flag::persistent_offender);
    case Outcome::unfit_for_work:
      return has(Flag::unfit_for_work);
    case Outcome::no_work_wish:
      return has(Flag::no_work_motivation);
    case Outcome::no_address_status_dutch:
      return has(Flag::no_residence_prospect) || has(Flag::poor_dutch);
    case Outcome::municipality_refused:
      return params.recruitment.consent_asked;
    case Outcome::consent_too_late:
      return params.recruitment.consent_asked && detained;
    case Outcome::transfer:
    case Outcome::new_trajectory:
    case Outcome::early_release:
    case Outcome::dropped_out_in_pi:
      return detained;
    default:
      return true;
  }
}

std::vector<Reason> reason_catalogue(const SibParams& params) {
  const Vocabulary& v = params.vocabulary;
  std::vector<Reason> out;
  out.reserve(kOutcomeCount + params.declared.criteria.size() + params.declared.reasons.size());
  for (const OutcomeInfo& oi : kOutcomeInfo) {
    const auto nl = v.reasons_nl.find(oi.name);
    out.push_back({oi.name, oi.category, reason_label_en(v, oi), nl != v.reasons_nl.end() ? nl->second : "",
                   builtin_reason_applies(params, static_cast<Outcome>(out.size()))});
  }
  for (const DeclaredCriterion& c : params.declared.criteria)
    out.push_back({c.name, ReasonCategory::criteria, c.label_en, c.label_nl});
  for (const DeclaredReason& r : params.declared.reasons)
    out.push_back({r.name, category_of(r.category), r.label_en, r.label_nl});
  return out;
}

std::optional<AttributeRef> find_attribute(const DeclaredParams& declared, std::string_view name) {
  for (std::size_t k = 0; k < declared.attributes.size(); ++k)
    if (declared.attributes[k].name == name) return AttributeRef{true, static_cast<std::uint8_t>(k)};
  for (std::size_t j = 0; j < kFlagCount; ++j)
    if (name == kFlagNames[j]) return AttributeRef{false, static_cast<std::uint8_t>(j)};
  return std::nullopt;
}

std::vector<std::string> attribute_names(const DeclaredParams& declared, FunnelStage stage) {
  std::vector<std::string> names;
  for (const DeclaredAttribute& a : declared.attributes) names.push_back(a.name);
  for (std::size_t j = 0; j < kFlagCount; ++j)
    if (stage != FunnelStage::listing || is_list_attribute(static_cast<Flag>(j)))
      names.emplace_back(kFlagNames[j]);
  return names;
}

DeclaredRules::DeclaredRules(const SibParams& params) {
  const DeclaredParams& d = params.declared;
  if (d.attributes.size() > kMaxDeclaredAttributes ||
      d.criteria.size() + d.reasons.size() > kMaxDeclaredReasons)
    throw std::invalid_argument("too many declared attributes, criteria or reasons");
  PurposeKeys keys;
  for (const DeclaredAttribute& a : d.attributes) {
    const double l = a.loading;
    attributes_.push_back({normal_quantile(a.prevalence), l, std::sqrt(std::max(0.0, 1.0 - l * l)),
                           keys.take("attribute", a.name)});
  }
  auto resolve = [&](const std::string& name) {
    const auto ref = find_attribute(d, name);
    if (!ref) throw std::invalid_argument("declared item reads an unknown attribute '" + name + "'");
    return *ref;
  };
  std::size_t k = 0;
  for (const DeclaredCriterion& c : d.criteria) {
    checks_.push_back({c.stage,
                       true,
                       resolve(c.attribute),
                       c.sensitivity,
                       c.rule,
                       0.0,
                       0.0,
                       {},
                       keys.take("criterion", c.name),
                       declared_outcome(k++)});
  }
  for (const DeclaredReason& r : d.reasons) {
    Check ch{r.stage,
             false,
             {},
             0.0,
             {},
             std::log(r.probability / (1.0 - r.probability)),
             r.probability,
             {},
             keys.take("reason", r.name),
             declared_outcome(k++)};
    for (const auto& [name, ratio] : r.odds_ratios)
      ch.log_odds_ratios.emplace_back(resolve(name), std::log(ratio));
    checks_.push_back(std::move(ch));
  }
  for (const Check& c : checks_) stages_ |= 1U << static_cast<unsigned>(c.stage);
}

void DeclaredRules::draw_attributes(const engine::StreamFactory& rng, Person& p) const {
  if (attributes_.empty()) return;
  // The latent factor of the built-in attributes (PopulationGenerator::draw_attributes draws it
  // first from the same stream), so declared and built-in attributes correlate through it.
  const double z = rng.stream(p.id, static_cast<std::uint64_t>(Purpose::attributes)).normal();
  std::uint32_t bits = 0;
  for (std::size_t k = 0; k < attributes_.size(); ++k) {
    const Attribute& a = attributes_[k];
    const double e = rng.stream(p.id, a.purpose).normal();
    bits |= static_cast<std::uint32_t>(a.loading * z + a.noise_sd * e > a.threshold) << k;
  }
  p.declared = bits;
}

std::optional<Outcome> DeclaredRules::check(FunnelStage stage, const engine::StreamFactory& rng,
                                            const Person& p, double day) const {
  for (const Check& c : checks_) {
    if (c.stage != stage) continue;
    // The uniform is drawn whether or not it decides (common random numbers).
    const double u = rng.stream(p.id, c.purpose).uniform();
    if (c.criterion) {
      if (c.rule.applies(day) && c.attribute.in(p) && u < c.sensitivity) return c.outcome;
      continue;
    }
    double prob = c.probability;
    if (prob > 0.0 && prob < 1.0) {
      double x = c.log_odds;
      bool shifted = false;
      for (const auto& [attr, lor] : c.log_odds_ratios) {
        if (!attr.in(p)) continue;
        x += lor;
        shifted = true;
      }
      if (shifted) prob = 1.0 / (1.0 + std::exp(-x));
    }
    if (u < prob) return c.outcome;
  }
  return std::nullopt;
}

double declared_find_ratio(const DeclaredParams& declared, const Person& p) noexcept {
  double r = 1.0;
  for (std::size_t k = 0; k < kMaxDeclaredAttributes && (p.declared >> k) != 0; ++k)
    if ((p.declared >> k) & 1U) r *= declared.attributes[k].find_ratio;
  return r;
}

double declared_dropout_ratio(const DeclaredParams& declared, const Person& p) noexcept {
  double r = 1.0;
  for (std::size_t k = 0; k < kMaxDeclaredAttributes && (p.declared >> k) != 0; ++k)
    if ((p.declared >> k) & 1U) r *= declared.attributes[k].dropout_ratio;
  return r;
}

}  // namespace sibsim::models::sib
