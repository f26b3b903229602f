#include "forecast_remedies.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/population.hpp"
#include "studio_levers.hpp"

namespace sibsim::models::sib {
namespace {

std::string date_text(double day) { return engine::to_string(engine::from_clock(day)); }

/// A YAML double-quoted string.
std::string yaml_quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string steps_yaml(const StepSchedule& steps) {
  std::string out = "[";
  for (const Step& s : steps)
    out +=
        fmt::format("{}{{from: {}, value: {:.17g}}}", out.size() > 1 ? ", " : "", date_text(s.from), s.value);
  return out + "]";
}

/// The scenario's PIs as a YAML flow list (every field the loader reads), so that new PIs can
/// be appended: a list override replaces the whole list.
std::string prisons_yaml(const std::vector<Prison>& prisons) {
  std::string out = "[";
  for (const Prison& pi : prisons) {
    out += out.size() > 1 ? ", " : "";
    out += fmt::format(
        "{{name: {}, start: {}, inflow_per_month: {:.17g}, women: {}, approach_factor: {:.17g}",
        yaml_quoted(pi.name), date_text(pi.start), pi.inflow_per_month, pi.women, pi.approach_factor);
    if (pi.stop < 1e299) out += fmt::format(", stop: {}", date_text(pi.stop));
    if (pi.gamma_shape) out += fmt::format(", gamma_shape: {:.17g}", *pi.gamma_shape);
    if (!pi.inflow_multiplier.empty()) out += ", inflow_multiplier: " + steps_yaml(pi.inflow_multiplier);
    out += "}";
  }
  return out + "]";
}

/// The criteria by their key under `criteria.` (the names of studio_levers' table).
const Criterion* criterion(const CriteriaParams& c, std::string_view name) {
  const std::array<std::pair<std::string_view, const Criterion*>, 9> all = {{
      {"no_bsn", &c.no_bsn},
      {"persistent_offender", &c.persistent_offender},
      {"age_over_65", &c.age_over_65},
      {"no_residence_prospect", &c.no_residence_prospect},
      {"insufficient_dutch", &c.insufficient_dutch},
      {"unfit_for_work", &c.unfit_for_work},
      {"no_work_motivation", &c.no_work_motivation},
      {"addiction_psychiatric", &c.addiction_psychiatric},
      {"work_potential", &c.work_potential},
  }};
  for (const auto& [n, p] : all)
    if (n == name) return p;
  return nullptr;
}

scenarios::Location where(std::string_view remedy) {
  return {fmt::format("forecast remedy {}", remedy), 0, 0};
}

}  // namespace

std::vector<Remedy> sib_remedies(const SibParams& params, double as_of, std::string_view lang) {
  const bool nl = lang == "nl";
  std::vector<Remedy> out;
  const RecruitmentParams& rec = params.recruitment;
  {
    Remedy r{"extend",
             nl ? "einde van de werving (verlengen)" : "end of recruitment (extend)",
             "recruitment.end",
             {},
             {},
             true};
    const std::int64_t end_month = engine::month_index(rec.end);
    for (int k = 1; k <= 12; ++k) {
      // The 1st of each following month (an end mid-month moves to the next 1st first).
      const double day = engine::month_start(end_month + k);
      if (day <= as_of) continue;  // the past cannot be extended into
      r.values.push_back(date_text(day));
      r.overrides.push_back({{"recruitment.end", date_text(day), where(r.name)}});
    }
    out.push_back(std::move(r));
  }
  if (as_of < rec.end) {
    // New PIs like the scenario's typical one: the median inflow of the men's PIs (in a
    // forecast, their updated rates: a new site like the median site so far), each with the
    // scenario's between-PI spread (population.gamma_shape): the stated rate prior of a new site.
    std::vector<double> inflows;
    for (const Prison& pi : params.prisons)
      if (!pi.women) inflows.push_back(pi.inflow_per_month);
    if (!inflows.empty()) {
      std::nth_element(inflows.begin(), inflows.begin() + static_cast<std::ptrdiff_t>(inflows.size() / 2),
                       inflows.end());
      const double inflow = inflows[inflows.size() / 2];
      Remedy r{"extra_sites",
               nl ? fmt::format("extra PI's vanaf {} (elk {:.2f} per maand, als de mediane PI tot nu toe)",
                                date_text(as_of), inflow)
                  : fmt::format("extra PIs from {} (each {:.2f} per month, like the median PI so far)",
                                date_text(as_of), inflow),
               "prisons",
               {},
               {},
               false};
      for (int k = 1; k <= 6; ++k) {
        std::vector<Prison> prisons = params.prisons;
        for (int j = 1; j <= k; ++j) {
          Prison pi;
          pi.name = fmt::format("{} {}", nl ? "nieuwe PI" : "new PI", j);
          pi.start = as_of;
          pi.inflow_per_month = inflow;
          prisons.push_back(std::move(pi));
        }
        r.values.push_back(std::to_string(k));
        r.overrides.push_back({{"prisons", prisons_yaml(prisons), where(r.name)}});
      }
      out.push_back(std::move(r));
    }
    // Extra recruitment staff: a higher approach chance from as_of on.
    const double now = step_at(rec.approach_probability, as_of, 1.0);
    Remedy r{"approach",
             nl ? fmt::format("kans op benadering vanaf {} (extra personeel)", date_text(as_of))
                : fmt::format("approach chance from {} (extra staff)", date_text(as_of)),
             "recruitment.approach_probability",
             {},
             {},
             false};
    StepSchedule before;
    for (const Step& s : rec.approach_probability)
      if (s.from < as_of) before.push_back(s);
    for (int k = 1; k <= 20 && now + 0.05 * k <= 1.0 + 1e-9; ++k) {
      const double v = std::min(1.0, std::round((now + 0.05 * k) * 1000) / 1000);
      StepSchedule steps = before;
      steps.push_back({as_of, v});
      r.values.push_back(fmt::format("{:g}", v));
      r.overrides.push_back({{r.key, steps_yaml(steps), where(r.name)}});
    }
    if (!r.values.empty()) out.push_back(std::move(r));
    // Each criterion still applied on as_of, dropped from then on: one option each.
    for (const auto& [name, label] : sib_criteria(lang)) {
      const Criterion* c = criterion(params.criteria, name);
      if (c == nullptr || !c->applies(as_of)) continue;
      const std::string key = fmt::format("criteria.{}.dropped_from", name);
      Remedy d{"drop_" + name,
               nl ? fmt::format("criterium laten vallen: {}", label)
                  : fmt::format("drop the criterion: {}", label),
               key,
               {date_text(as_of)},
               {{{key, date_text(as_of), where("drop_" + name)}}},
               false};
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace sibsim::models::sib
