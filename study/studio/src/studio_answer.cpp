// The statistics of the studio's answer as JSON (studio_answer.hpp).

#include "studio_answer.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace sibsim::study::studio {

using nlohmann::json;

namespace {

/// Share of replications in which `side`'s series has reached `target` by each date (null where
/// the side has no value at that date).
json chance_by_date(const models::SeriesFamily& family, const PairSide& side, double target,
                    const std::vector<std::string>& dates, std::uint64_t replications) {
  const std::size_t width = side.result.kpis.size();
  json out = json::array();
  for (const std::string& d : dates) {
    const std::optional<std::size_t> k = index_of(side.result.kpis, family.prefix + d);
    std::uint64_t n = 0, reached = 0;
    for (std::uint64_t r = 0; k && r < replications; ++r) {
      const double v = side.rows[r * width + *k];
      if (std::isnan(v)) continue;
      ++n;
      reached += v >= target ? 1 : 0;
    }
    out.push_back(n ? json(static_cast<double>(reached) / static_cast<double>(n)) : json(nullptr));
  }
  return out;
}

}  // namespace

json stat(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json side_json(const engine::KpiSummary& s) {
  if (s.n == 0) return {{"mean", nullptr}, {"p5", nullptr}, {"p50", nullptr}, {"p95", nullptr}, {"n", 0}};
  return {{"mean", stat(s.mean)}, {"p5", stat(s.p5)}, {"p50", stat(s.p50)}, {"p95", stat(s.p95)}, {"n", s.n}};
}

/// Mean paired difference variant - base with its 95 % CI over replications where both are defined.
json paired_difference(const PairSide& base, std::size_t kb, const PairSide& variant, std::size_t kv,
                       std::uint64_t replications) {
  const std::size_t wb = base.result.kpis.size(), wv = variant.result.kpis.size();
  double sum = 0, sq = 0;
  std::uint64_t n = 0;
  for (std::uint64_t r = 0; r < replications; ++r) {
    const double d = variant.rows[r * wv + kv] - base.rows[r * wb + kb];
    if (std::isnan(d)) continue;
    ++n;
    sum += d;
    sq += d * d;
  }
  if (n == 0) return {{"mean", nullptr}, {"ci_low", nullptr}, {"ci_high", nullptr}, {"n", 0}};
  const double nn = static_cast<double>(n);
  const double mean = sum / nn;
  const double var = n > 1 ? std::max(0.0, (sq - nn * mean * mean) / (nn - 1)) : 0.0;
  const double half = 1.96 * std::sqrt(var / nn);
  return {{"mean", stat(mean)}, {"ci_low", stat(mean - half)}, {"ci_high", stat(mean + half)}, {"n", n}};
}

std::optional<std::size_t> index_of(const std::vector<engine::KpiInfo>& kpis, const std::string& name) {
  for (std::size_t k = 0; k < kpis.size(); ++k)
    if (kpis[k].name == name) return k;
  return std::nullopt;
}

/// A fan chart's bands on a common date axis (null where one side has no value at a date).
json series_json(const models::SeriesFamily& family, const std::string& label, const engine::RunResult& base,
                 const engine::RunResult& variant) {
  const output::TimeSeries b = models::series_of(base, family), v = models::series_of(variant, family);
  const auto& bd = std::get<std::vector<std::string>>(b.time);
  const auto& vd = std::get<std::vector<std::string>>(v.time);
  std::set<std::string> all(bd.begin(), bd.end());
  all.insert(vd.begin(), vd.end());
  const std::vector<std::string> dates(all.begin(), all.end());
  const auto bands = [&](const output::TimeSeries& ts, const std::vector<std::string>& own) {
    json out = {{"p5", json::array()},
                {"p25", json::array()},
                {"p50", json::array()},
                {"p75", json::array()},
                {"p95", json::array()}};
    for (const std::string& d : dates) {
      const auto it = std::find(own.begin(), own.end(), d);
      if (it == own.end()) {
        for (const char* q : {"p5", "p25", "p50", "p75", "p95"}) out[q].push_back(nullptr);
        continue;
      }
      const output::QuantileBand& q = ts.bands[static_cast<std::size_t>(it - own.begin())];
      out["p5"].push_back(stat(q.p5));
      out["p25"].push_back(stat(q.p25));
      out["p50"].push_back(stat(q.p50));
      out["p75"].push_back(stat(q.p75));
      out["p95"].push_back(stat(q.p95));
    }
    return out;
  };
  return {{"name", family.name}, {"label", label},       {"unit", family.unit},
          {"dates", dates},      {"base", bands(b, bd)}, {"variant", bands(v, vd)}};
}

/// P(the first series has reached the target mark by date), per side, on the union of dates.
json target_chance(const models::SeriesFamily& family, const PairSide& base, double base_target,
                   const PairSide& variant, double variant_target, std::uint64_t replications) {
  std::set<std::string> all;
  for (const PairSide* side : {&base, &variant})
    for (const engine::KpiInfo& k : side->result.kpis)
      if (k.name.starts_with(family.prefix)) all.insert(k.name.substr(family.prefix.size()));
  const std::vector<std::string> dates(all.begin(), all.end());
  return {{"series", family.name},
          {"dates", dates},
          {"target", {{"base", base_target}, {"variant", variant_target}}},
          {"base", chance_by_date(family, base, base_target, dates, replications)},
          {"variant", chance_by_date(family, variant, variant_target, dates, replications)}};
}

}  // namespace sibsim::study::studio
