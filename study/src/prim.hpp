#pragma once
// Internal: PRIM, the patient rule induction method (Friedman & Fisher 1999, "Bump hunting in
// high-dimensional data"), as the EMA Workbench's prim.py uses it for scenario discovery. Pure
// statistics: rows of numeric inputs and a yes/no "case of interest" per row; no model names.
//
// Peeling shrinks a box (inclusive limits per input) by removing an alpha share of its rows from
// one side of one input at a time, choosing the peel with the largest density gain per row
// removed, until the box would hold less than mass_min of all rows or no peel raises the density.
// One box on that trajectory is chosen (coverage >= coverage_min, then the largest coverage x
// density), then
// pasted (widened again where that raises the density), and each restriction is tested: the
// one-sided hypergeometric p-value of the box's cases given the box without that restriction.
// Restrictions with p > significance are dropped, worst first, and the rest tested again.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sibsim::study::prim {

struct Options {
  double alpha = 0.05;             ///< share of the box's rows removed by one peel, added by one paste
  double mass_min = 0.05;          ///< smallest share of all rows a box may hold
  double coverage_min = 0.5;       ///< the chosen box covers at least this share of the cases
  std::optional<std::size_t> box;  ///< choose this step of the peeling trajectory instead
  double significance = 0.05;      ///< restrictions with a larger p-value are dropped
};

/// Inclusive limits per input: a row is in the box if lo[j] <= x[j] <= hi[j] for every j.
struct Box {
  std::vector<double> lo, hi;
};

struct BoxStats {
  std::size_t rows = 0, cases = 0;
  double coverage = 0;         ///< cases in the box / all cases
  double density = 0;          ///< cases in the box / rows in the box
  double mass = 0;             ///< rows in the box / all rows
  std::size_t restricted = 0;  ///< inputs whose limits are narrower than the data's
};

struct Step {
  Box box;
  BoxStats stats;
};

/// One restricted input of the pasted box.
struct Restriction {
  std::size_t input = 0;
  double lo = 0, hi = 0;  ///< the box's limits on it
  bool lo_restricted = false, hi_restricted = false;
  double p_value = 1;          ///< of the last test it took part in
  double density_without = 0;  ///< the box's density with this restriction dropped
  bool kept = false;           ///< significant: part of the final box
};

struct Result {
  std::size_t rows = 0, cases = 0;
  Box data;                               ///< the data's own limits (the box of step 0)
  std::vector<Step> trajectory;           ///< step 0: all rows; then one step per peel
  std::size_t chosen = 0;                 ///< the trajectory step chosen
  Step pasted;                            ///< the chosen box after pasting
  std::vector<Restriction> restrictions;  ///< of the pasted box, in input order
  Step final;                             ///< the pasted box with only the kept restrictions
};

/// Runs PRIM on `rows` rows of `inputs` values each (row-major, all finite) with one case flag
/// (0/1) per row. Throws std::invalid_argument on bad sizes or options, no rows, no cases or
/// only cases.
Result discover(std::span<const double> x, std::size_t inputs, std::span<const std::uint8_t> cases,
                const Options& options = {});

/// Statistics of `box` over the data.
BoxStats box_stats(std::span<const double> x, std::size_t inputs, std::span<const std::uint8_t> cases,
                   const Box& box, const Box& data);

/// P(X >= hits) for X hypergeometric: `draws` rows drawn without replacement from `population`
/// rows of which `successes` are cases. 1 when hits <= the smallest possible X.
double hypergeometric_upper_p(std::size_t hits, std::size_t draws, std::size_t successes,
                              std::size_t population);

}  // namespace sibsim::study::prim
