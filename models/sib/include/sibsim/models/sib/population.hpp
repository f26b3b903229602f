#pragma once
/// \file population.hpp
/// The eligible population of one replication: detainees entering each PI month by month,
/// their calendars (listing, planned and actual release) and correlated attributes.
///
/// Identity and random streams (common random numbers): a person is (prison, calendar month of
/// entry, index within that month), so adding a PI, moving its start or extending recruitment
/// does not change who the other persons are or what they draw.

#include <cstdint>
#include <span>
#include <vector>

#include "sibsim/engine/date.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/person.hpp"

namespace sibsim::models::sib {

/// Stream purposes of the SIB model (the `purpose` coordinate of engine::RandomStream).
enum class Purpose : std::uint64_t {
  prison_rate = 1,       ///< entity = prison: Poisson-Gamma rate factor
  arrivals = 2,          ///< entity = (prison, month): number and entry days of detainees
  calendar = 3,          ///< entity = person: detention length, listing delay, early release
  attributes = 4,        ///< entity = person: latent factor and attributes
  listing = 5,           ///< entity = person: coordinator check, approach decision and delay
  first_talk = 6,        ///< entity = person: motivation at the first talk
  detention = 7,         ///< entity = person: transfer, new trajectory
  intake = 8,            ///< entity = person: provider intake, consent, change of mind
  release = 9,           ///< entity = person: relapse, contact
  programme = 10,        ///< entity = person: programme assignment at the start
  trajectory = 11,       ///< entity = person: phases, dropout, custody spells
  work = 12,             ///< entity = person (or its matched control): monthly work process
  outcomes = 13,         ///< entity = person (or control): re-offending, benefits
  list_attributes = 14,  ///< entity = person: attributes checked on the list
  evaluation = 15,       ///< entity = person: whether and with whom the evaluator matches the starter
  prison_effort = 16,    ///< entity = prison: the PI's recruitment effort shift (effort_sd)
  randomisation = 17,    ///< entity = person: allocation to programme or control (randomised trial)
};

/// Arrivals one PI can have in one month before person ids would run out (2^25: ~300 times the
/// largest inflow a scenario may set; generate() refuses more rather than reuse an id).
inline constexpr std::uint64_t kMaxArrivalsPerPiMonth = std::uint64_t{1} << 25;

/// A person's id, the entity of its random streams: index within the PI-month in bits 0-15, month
/// since 1970 in bits 16-39, PI in bits 40-53, the index's higher bits in 54-62 (bit 63 marks a
/// control twin). Ids of the first 65,536 arrivals of a PI-month are those of the original
/// 16-bit layout, so results are unchanged; later ones no longer spill into the month's bits.
inline constexpr std::uint64_t person_id(std::uint64_t prison, std::uint64_t month,
                                         std::uint64_t index) noexcept {
  return ((index >> 16) << 54) | (prison << 40) | (month << 16) | (index & 0xFFFFU);
}

/// true for the attributes drawn for everyone on the list (see draw_list_attributes).
bool is_list_attribute(Flag f) noexcept;
/// Number of attributes drawn through the latent factor (the others are list attributes).
inline constexpr std::size_t kCopulaFlags = kFlagCount - 3;

/// Months since 1970-01 and their first days: engine/date.hpp's, named here for the model's code.
using engine::month_index;
using engine::month_start;

/// Expected number of detainees one replication draws (entering detention at any PI from its
/// initial pool to its close, inflow multipliers applied): the mean of what generate() loops
/// over, for the work limit (the Poisson-Gamma rates have the same mean).
double expected_arrivals(const SibParams& params);

/// Expected eligible persons of each PI listed in each interval [edges[k], edges[k + 1]) of days
/// at its mean rate (no Gamma factor): result[pi][k], the exposure of `sibsim forecast`'s
/// Gamma-Poisson update. Given a PI's factor G, its listed count in any window is Poisson (a
/// thinned Poisson process) with G times this mean. Estimated from `replications` populations
/// drawn with the fixed seed kExposureSeed: a relative error of about 1 / sqrt(replications x
/// mean), 0.1 % at 1000 replications and 100 persons, far below the Poisson noise of the counts.
std::vector<std::vector<double>> expected_listed(const SibParams& params, std::span<const double> edges,
                                                 std::uint64_t replications = 1000);
inline constexpr std::uint64_t kExposureSeed = 0x5EED0E7905;

class PopulationGenerator;
/// Draws the first-talk attributes of an approached person whose funnel ended before a decision
/// read them (Person::attributes_drawn), for tables and audits; the same values as drawn at once.
void complete_attributes(const PopulationGenerator& population, const engine::StreamFactory& rng, Person& p);

class PopulationGenerator {
 public:
  explicit PopulationGenerator(const SibParams& params);

  /// The PI's mean inflow per month in this replication (Poisson-Gamma factor applied).
  double prison_rate(const engine::StreamFactory& rng, std::size_t prison) const;

  /// Calls f(entry_day, month, index) for every detainee entering `prison` in [from, to) at
  /// `rate` per month (times the PI's inflow multiplier). Pure function of the streams.
  template <class F>
  void for_each_arrival(const engine::StreamFactory& rng, std::size_t prison, double from, double to,
                        double rate, F&& f) const;

  /// Appends the eligible persons of one replication (those listed in an active PI window
  /// within the recruitment period), with calendars and attributes drawn.
  void generate(const engine::StreamFactory& rng, std::vector<Person>& out) const;

  /// Draws the attributes the coordinator checks on the list (no citizen service number, no
  /// residence prospect, persistent offender, age group) from the person's `list_attributes`
  /// stream, independently of the latent factor (their loadings are not used), and the scenario's
  /// declared attributes (DeclaredRules::draw_attributes).
  void draw_list_attributes(const engine::StreamFactory& rng, Person& p) const;
  /// Draws the other attributes (correlated through the latent factor) from the person's
  /// `attributes` stream. Only those who get a first talk need them, so the funnel draws them
  /// then; the draws do not depend on when, so common random numbers hold.
  void draw_attributes(const engine::StreamFactory& rng, Person& p) const;

  /// The scenario's declared attributes, criteria and reasons, compiled (declared.hpp). The
  /// declared attributes are drawn for every listed person, with the list attributes.
  const DeclaredRules& declared() const noexcept { return declared_; }

 private:
  const SibParams& params_;
  std::array<double, kFlagCount> flag_threshold_{};
  std::array<double, kFlagCount> flag_noise_sd_{};
  std::array<double, kAgeGroups - 1> age_cum_{};  ///< cumulative age-group probabilities
  std::array<double, kWorkPotentialLevels - 1> wp_cut_{};
  std::array<double, kAddictionLevels - 1> addiction_cut_{};
  std::array<std::uint8_t, kCopulaFlags> copula_flags_{};  ///< the non-list attributes, in Flag order
  std::vector<double> detention_cum_;  ///< cumulative weights of the detention-length bins but the last
  std::size_t reserve_ = 0;            ///< room for the listed persons of a typical replication
  DeclaredRules declared_;
};

template <class F>
void PopulationGenerator::for_each_arrival(const engine::StreamFactory& rng, std::size_t prison, double from,
                                           double to, double rate, F&& f) const {
  const Prison& pi = params_.prisons[prison];
  for (std::int64_t m = engine::month_index(from); engine::month_start(m) < to; ++m) {
    const double ms = engine::month_start(m), me = engine::month_start(m + 1);
    const double lo = from > ms ? from : ms, hi = to < me ? to : me;
    if (hi <= lo) continue;
    const double mean = rate * step_at(pi.inflow_multiplier, lo, 1.0) * (hi - lo) / (me - ms);
    auto s = rng.stream((static_cast<std::uint64_t>(prison) << 32) | static_cast<std::uint64_t>(m),
                        static_cast<std::uint64_t>(Purpose::arrivals));
    const std::uint64_t n = s.poisson(mean);
    for (std::uint64_t k = 0; k < n; ++k) f(s.uniform(lo, hi), m, k);
  }
}

}  // namespace sibsim::models::sib
