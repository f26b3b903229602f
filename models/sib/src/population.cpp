#include "sibsim/models/sib/population.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "sibsim/engine/date.hpp"

namespace sibsim::models::sib {
namespace {

double normal_quantile(double p) {
  if (p <= 0.0) return -INFINITY;
  if (p >= 1.0) return INFINITY;
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

/// Cut points on a standard-normal latent for categories with the given probabilities.
template <std::size_t N>
std::array<double, N - 1> cuts(const std::array<double, N>& probs) {
  double total = 0.0;
  for (double p : probs) total += p;
  std::array<double, N - 1> c{};
  double cum = 0.0;
  for (std::size_t i = 0; i + 1 < N; ++i) {
    cum += probs[i] / total;
    c[i] = normal_quantile(cum);
  }
  return c;
}

template <std::size_t M>
std::uint8_t category(double x, const std::array<double, M>& cut) noexcept {
  std::uint8_t k = 0;
  while (k < M && x >= cut[k]) ++k;
  return k;
}

}  // namespace

PopulationGenerator::PopulationGenerator(const SibParams& params) : params_(params), declared_(params) {
  const AttributeParams& a = params.attributes;
  for (std::size_t j = 0; j < kFlagCount; ++j) {
    flag_threshold_[j] = normal_quantile(1.0 - a.binary[j].prevalence);
    const double l = a.binary[j].loading;
    flag_noise_sd_[j] = std::sqrt(std::max(0.0, 1.0 - l * l));
  }
  {
    double total = 0.0, cum = 0.0;
    for (double x : a.age.probabilities) total += x;
    for (std::size_t i = 0; i + 1 < kAgeGroups; ++i) age_cum_[i] = (cum += a.age.probabilities[i] / total);
  }
  // Work potential: categories run low..very high; problems (positive latent) lower it, so
  // cut the NEGATED latent.
  wp_cut_ = cuts(a.work_potential.probabilities);
  addiction_cut_ = cuts(a.addiction.probabilities);
  std::size_t k = 0;
  for (std::size_t j = 0; j < kFlagCount; ++j)
    if (!is_list_attribute(static_cast<Flag>(j))) copula_flags_[k++] = static_cast<std::uint8_t>(j);
  // Detention-length bins: cumulative weights (the last bin takes the rest).
  const std::vector<double>& w = params.population.detention_weights;
  double total = 0.0, acc = 0.0;
  for (double x : w) total += x;
  for (std::size_t j = 0; j + 1 < w.size(); ++j) detention_cum_.push_back(acc += w[j] / total);
  // Listed persons are fewer than arrivals: one allocation for most replications, not a dozen.
  const double expected = expected_arrivals(params);
  if (std::isfinite(expected) && expected > 0)
    reserve_ = static_cast<std::size_t>(std::min(expected * 1.1, 1e7)) + 64;
}

double PopulationGenerator::prison_rate(const engine::StreamFactory& rng, std::size_t prison) const {
  const double mean = params_.prisons[prison].inflow_per_month;
  // An inflow of 0 is legal (a PI that lists nobody); Gamma(shape, 0) is not a distribution
  // (Boost asserts scale > 0), and the rate is 0 whatever the draw.
  if (params_.population.heterogeneity == Heterogeneity::fixed || mean <= 0.0) return mean;
  const double alpha = params_.prisons[prison].gamma_shape.value_or(params_.population.gamma_shape);
  const double scale = mean / alpha;
  if (!(scale > 0.0)) return mean;  // a mean so small (5e-324) that the scale underflows: a rate of 0
  auto s = rng.stream(prison, static_cast<std::uint64_t>(Purpose::prison_rate));
  return s.gamma(alpha, scale);
}

bool is_list_attribute(Flag f) noexcept {
  return f == Flag::no_bsn || f == Flag::no_residence_prospect || f == Flag::persistent_offender;
}

void PopulationGenerator::draw_list_attributes(const engine::StreamFactory& rng, Person& p) const {
  const AttributeParams& a = params_.attributes;
  auto s = rng.stream(p.id, static_cast<std::uint64_t>(Purpose::list_attributes));
  const double u_bsn = s.uniform(), u_res = s.uniform(), u_top = s.uniform(), u_age = s.uniform();
  auto set_if = [&](Flag f, double u) {
    if (u < a.binary[static_cast<std::size_t>(f)].prevalence) p.set(f);
  };
  set_if(Flag::no_bsn, u_bsn);
  set_if(Flag::no_residence_prospect, u_res);
  set_if(Flag::persistent_offender, u_top);
  // Same category as cutting normal_quantile(u_age) at the normal quantiles (a monotone transform), without
  // the quantile: compare the uniform with the cumulative probabilities.
  p.age_group = category(u_age, age_cum_);
  // The scenario's declared attributes, which a declared criterion may check on the list.
  declared_.draw_attributes(rng, p);
}

void PopulationGenerator::draw_attributes(const engine::StreamFactory& rng, Person& p) const {
  const AttributeParams& a = params_.attributes;
  auto s = rng.stream(p.id, static_cast<std::uint64_t>(Purpose::attributes));
  // The normals in the recipe's order: the latent factor, one noise term per copula attribute
  // (Flag order), then work potential and addiction. Drawn first, used after (branch-free).
  std::array<double, kCopulaFlags + 3> n{};
  for (double& x : n) x = s.normal();
  const double z = n[0];
  std::uint32_t flags = 0;
  for (std::size_t k = 0; k < kCopulaFlags; ++k) {
    const std::size_t j = copula_flags_[k];
    const double x = a.binary[j].loading * z + flag_noise_sd_[j] * n[k + 1];
    flags |= static_cast<std::uint32_t>(x > flag_threshold_[j]) << j;
  }
  p.flags |= flags;
  auto latent = [&](double loading, double e) {
    return loading * z + std::sqrt(std::max(0.0, 1.0 - loading * loading)) * e;
  };
  p.work_potential = category(-latent(a.work_potential.loading, n[kCopulaFlags + 1]), wp_cut_);
  p.addiction = category(latent(a.addiction.loading, n[kCopulaFlags + 2]), addiction_cut_);
  // Severity and screening use uniforms drawn whatever the attributes, so that every person
  // consumes the same draws (common random numbers across scenarios).
  const double u_severe = s.uniform(), u_det_add = s.uniform(), u_det_psy = s.uniform();
  const CriteriaParams& c = params_.criteria;
  const bool current_problem = p.addiction == 2 || p.has(Flag::psychiatric);
  p.severe_problem = current_problem && u_severe < c.severe_share;
  p.addiction_detected = p.addiction > 0 && u_det_add < c.detect_addiction;
  p.psychiatric_detected = p.has(Flag::psychiatric) && u_det_psy < c.detect_psychiatric;
  p.attributes_drawn = true;
}

void complete_attributes(const PopulationGenerator& population, const engine::StreamFactory& rng, Person& p) {
  if (p.approached && !p.attributes_drawn) population.draw_attributes(rng, p);
}

double expected_arrivals(const SibParams& params) {
  double total = 0;
  for (const Prison& pi : params.prisons) {
    // The same window and months as generate() and for_each_arrival().
    const double open = std::max(pi.start, params.recruitment.start);
    const double close = std::min(pi.stop, params.recruitment.end);
    if (close <= open) continue;
    const double from =
        engine::month_start(engine::month_index(open) - params.population.initial_pool_months);
    for (std::int64_t m = engine::month_index(from); engine::month_start(m) < close; ++m) {
      const double ms = engine::month_start(m), me = engine::month_start(m + 1);
      const double lo = std::max(from, ms), hi = std::min(close, me);
      if (hi > lo)
        total += pi.inflow_per_month * step_at(pi.inflow_multiplier, lo, 1.0) * (hi - lo) / (me - ms);
    }
  }
  return total;
}

std::vector<std::vector<double>> expected_listed(const SibParams& params, std::span<const double> edges,
                                                 std::uint64_t replications) {
  SibParams fixed = params;
  fixed.population.heterogeneity = Heterogeneity::fixed;
  const PopulationGenerator population(fixed);
  const std::size_t intervals = edges.size() < 2 ? 0 : edges.size() - 1;
  std::vector<std::vector<double>> listed(fixed.prisons.size(), std::vector<double>(intervals, 0.0));
  std::vector<Person> persons;
  for (std::uint64_t r = 0; r < replications; ++r) {
    persons.clear();
    population.generate(engine::StreamFactory(kExposureSeed, r), persons);
    for (const Person& p : persons) {
      // The interval whose [edges[k], edges[k + 1]) holds the listing day.
      const auto k = std::upper_bound(edges.begin(), edges.end(), p.listed) - edges.begin() - 1;
      if (k >= 0 && static_cast<std::size_t>(k) < intervals)
        listed[p.prison][static_cast<std::size_t>(k)] += 1.0;
    }
  }
  const double n = static_cast<double>(std::max<std::uint64_t>(replications, 1));
  for (auto& site : listed)
    for (double& x : site) x /= n;
  return listed;
}

void PopulationGenerator::generate(const engine::StreamFactory& rng, std::vector<Person>& out) const {
  const PopulationParams& pop = params_.population;
  const RecruitmentParams& rec = params_.recruitment;
  out.reserve(out.size() + reserve_);
  for (std::size_t i = 0; i < params_.prisons.size(); ++i) {
    const Prison& pi = params_.prisons[i];
    const double open = std::max(pi.start, rec.start);
    const double close = std::min(pi.stop, rec.end);
    if (close <= open) continue;
    const double rate = prison_rate(rng, i);
    const double from = engine::month_start(engine::month_index(open) - pop.initial_pool_months);
    const bool after_release = rec.referral == Referral::after_release;
    for_each_arrival(rng, i, from, close, rate, [&](double entry, std::int64_t m, std::uint64_t k) {
      if (k >= kMaxArrivalsPerPiMonth)
        throw std::length_error("PI " + pi.name + " draws more than " +
                                std::to_string(kMaxArrivalsPerPiMonth) +
                                " arrivals in one month: person ids would repeat (lower its inflow)");
      Person p;
      p.id = person_id(i, static_cast<std::uint64_t>(m), k);
      auto s = rng.stream(p.id, static_cast<std::uint64_t>(Purpose::calendar));
      const double u_bin = s.uniform(), u_len = s.uniform(), u_delay = s.uniform();
      const double u_early = s.uniform(), u_early_days = s.uniform();
      std::size_t b = 0;
      while (b < detention_cum_.size() && !(u_bin < detention_cum_[b])) ++b;
      const double months = pop.detention_edges_months[b] +
                            u_len * (pop.detention_edges_months[b + 1] - pop.detention_edges_months[b]);
      p.entry = entry;
      p.planned_release = entry + months * engine::kDaysPerMonth;
      p.release = p.planned_release;
      if (u_early < pop.early_release_probability)
        p.release =
            std::max(entry + 1.0, p.planned_release + std::log(u_early_days) * pop.early_release_mean_days);
      const double delay =
          pop.list_delay_min_days + u_delay * (pop.list_delay_max_days - pop.list_delay_min_days);
      double listed = 0;
      if (after_release) {
        // The arrival is a release to the site (a probation or parole office): referred after the
        // delay, on that day; the detention draws are not used.
        p.planned_release = p.release = entry;
        listed = std::max(entry + delay, open);  // released before the start: referred at the start
        if (listed >= close) return;
      } else {
        // Listed on the first monthly list (1st of a month) after conviction and admin delay.
        listed = engine::month_start(engine::month_index(entry + delay) + 1);
        if (listed < open) listed = open;                    // already inside at the start: on the first list
        if (listed >= close || listed >= p.release) return;  // not on a list in this window
      }
      p.listed = listed;
      p.prison = static_cast<std::uint16_t>(i);
      p.female = pi.women;
      draw_list_attributes(rng, p);  // the rest at the first talk (FunnelSimulation::on_approach)
      out.push_back(p);
    });
  }
}

}  // namespace sibsim::models::sib
