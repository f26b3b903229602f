#pragma once
// `sibsim forecast --remedies`: the model's remedies (models::Remedy), each searched like `sibsim
// feasibility` (engine/threshold_search.hpp) for the least effort with P(target by the deadline)
// >= p, the count being the observed one up to the as-of date plus the simulated one after it.
// Every candidate runs the forecast's futures (same seed, same replications): common random
// numbers across remedies and with the forecast itself.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "posterior_draws.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/output/results_types.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::study {

/// What a remedy's futures are counted against.
struct ForecastFrame {
  std::string series_prefix;        ///< RecruitmentSites::target_series_prefix
  std::int64_t as_of = 0;           ///< days since 1970-01-01
  std::int64_t deadline = 0;        ///< the forecast's deadline (an extension moves it to its value)
  double observed_total = 0;        ///< observed count before as_of
  double observed_at_deadline = 0;  ///< observed count before the deadline, when it is <= as_of
  double target = 0;
  double probability = 0.8;
  std::uint64_t seed = 1;
  std::uint64_t replications = 2000;  ///< at most per candidate
  double max_person_replications = 0;
  bool progress = false;
};

struct RemedyResult {
  std::string status;  ///< found, always, never, undecided, error
  std::string answer, answer_low, answer_high, deadline;
  double probability = NAN, ci_low = NAN, ci_high = NAN;
  std::uint64_t replications = 0;
  std::string text;
};

/// Searches every remedy on the forecast's scenario `doc` (the sites' posteriors applied).
std::vector<RemedyResult> search_remedies(const models::ModelPlugin& plugin, const scenarios::Document& doc,
                                          const std::shared_ptr<const Posterior>& posterior,
                                          const std::vector<models::Remedy>& remedies,
                                          const ForecastFrame& frame);

/// /forecast/remedies (output/SCHEMA.md).
output::Table remedies_table(const std::vector<models::Remedy>& remedies,
                             const std::vector<RemedyResult>& results);

}  // namespace sibsim::study
