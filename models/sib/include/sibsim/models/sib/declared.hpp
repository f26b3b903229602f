#pragma once
/// \file declared.hpp
/// The attributes, criteria and reasons for not starting a scenario declares (params.hpp,
/// DeclaredParams), compiled for the funnel: attribute names resolved to bits of a Person, each
/// item's random stream keyed by its name (so adding, removing or reordering items leaves the others'
/// draws alone: common random numbers), and the reasons' odds ratios on the log-odds scale.
///
/// The reasons of a replication's counts (FunnelResult::outcomes, reason_catalogue) are the built-in
/// ones of outcome.hpp, then the declared criteria, then the declared reasons: a person lost for
/// declared item k has Person::outcome == declared_outcome(k).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/engine/rng.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"

namespace sibsim::models::sib {

/// Room for the built-in reasons and every declared criterion and reason.
inline constexpr std::size_t kMaxReasons = kOutcomeCount + kMaxDeclaredReasons;

/// The outcome of a person lost for declared criterion or reason k (criteria first).
inline Outcome declared_outcome(std::size_t k) noexcept { return static_cast<Outcome>(kOutcomeCount + k); }

/// One reason for not starting as the counts, KPIs and reports name it.
struct Reason {
  std::string name;  ///< snake_case: KPIs reason_<name> and reason_<name>_share
  ReasonCategory category = ReasonCategory::none;
  std::string label_en;  ///< the scenario's words (vocabulary.reasons.en, a declared label, or built-in)
  std::string label_nl;  ///< the scenario's Dutch label, or empty: the report catalogue's
  /// false: a built-in reason this scenario's structure rules out (its attribute, consent step or
  /// detention is left out): no KPI, no row in /funnel, no line in a report.
  bool applies = true;
};
/// The scenario's reasons, indexed as FunnelResult::outcomes: outcome.hpp's, then the declared.
std::vector<Reason> reason_catalogue(const SibParams& params);

/// An attribute a declared item reads: a declared one (Person::declared bit) or a built-in yes/no
/// one (Person::flags bit).
struct AttributeRef {
  bool declared = true;
  std::uint8_t bit = 0;
  bool in(const Person& p) const noexcept { return ((declared ? p.declared : p.flags) >> bit) & 1U; }
};
/// The attribute called `name` (declared first, then kFlagNames), or none.
std::optional<AttributeRef> find_attribute(const DeclaredParams& declared, std::string_view name);
/// The names an item may read at `stage`: the declared attributes, and the built-in yes/no ones
/// drawn by then (at listing only those on the list; from the first talk all).
std::vector<std::string> attribute_names(const DeclaredParams& declared, FunnelStage stage);

/// Products over the person's declared attributes of their find_ratio and dropout_ratio (1 without).
double declared_find_ratio(const DeclaredParams& declared, const Person& p) noexcept;
double declared_dropout_ratio(const DeclaredParams& declared, const Person& p) noexcept;

class DeclaredRules {
 public:
  /// Throws std::invalid_argument for a name find_attribute does not know (the loader checks first).
  explicit DeclaredRules(const SibParams& params);

  bool empty() const noexcept { return checks_.empty() && attributes_.empty(); }
  bool has_attributes() const noexcept { return !attributes_.empty(); }
  /// Draws the declared attributes of a listed person (latent factor: the first normal of its
  /// `attributes` stream, as the built-in ones; noise: a stream per attribute).
  void draw_attributes(const engine::StreamFactory& rng, Person& p) const;
  /// The first declared criterion or reason at `stage` that loses the person on `day`, in order
  /// (criteria, then reasons), or none. One uniform per item from the item's own stream.
  std::optional<Outcome> check(FunnelStage stage, const engine::StreamFactory& rng, const Person& p,
                               double day) const;

 private:
  struct Attribute {
    double threshold, loading, noise_sd;
    std::uint64_t purpose;
  };
  struct Check {
    FunnelStage stage;
    bool criterion;
    AttributeRef attribute;  ///< criterion: what it excludes
    double sensitivity;      ///< criterion: chance the check detects the attribute
    Criterion rule;          ///< criterion: when it applies
    double log_odds;         ///< reason: base log-odds of the loss
    double probability;      ///< reason: base probability (exact when no odds ratio applies)
    std::vector<std::pair<AttributeRef, double>> log_odds_ratios;  ///< reason
    std::uint64_t purpose;
    Outcome outcome;
  };
  std::vector<Attribute> attributes_;
  std::vector<Check> checks_;
  std::uint32_t stages_ = 0;  ///< bit s: some check acts at FunnelStage s

 public:
  bool any_at(FunnelStage s) const noexcept { return (stages_ >> static_cast<unsigned>(s)) & 1U; }
};

}  // namespace sibsim::models::sib
