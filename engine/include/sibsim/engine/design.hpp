#pragma once
/// \file design.hpp
/// Experimental designs over k factors and the Sobol sensitivity estimators that go with them.
/// Domain-free: a design is a list of points in index space (grids) or in the open unit cube
/// (0,1)^k; the caller maps them onto its parameters. Every random design is a pure function of
/// its seed: the draws come from engine::RandomStream with the coordinates below.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sibsim::engine {

/// The replication coordinate of every design stream: RandomStream(seed, kDesignReplication,
/// entity, purpose). Simulated replications are < kMaxReplications, so design draws never share
/// a stream with a simulation that uses the same seed.
inline constexpr std::uint64_t kDesignReplication = ~std::uint64_t{0};

/// The purpose coordinate of each design stream, and which entity it is drawn for.
enum class DesignStream : std::uint64_t {
  lhs_permutation = 1,  ///< latin_hypercube: the strata order of dimension j (entity = j)
  lhs_position = 2,     ///< latin_hypercube: the positions inside the strata of dimension j (entity = j)
  saltelli_shift = 3,   ///< saltelli_design: the digital shift of column j of [A | B] (entity = j < 2k)
  sobol_bootstrap = 4,  ///< sobol_indices: the resampled rows of bootstrap sample b (entity = b)
};

/// Full factorial over factors with levels[f] levels each: every combination of level indices,
/// the last factor varying fastest (row-major order). levels = {2, 3} gives {0,0}, {0,1}, {0,2},
/// {1,0}, {1,1}, {1,2}. A factor with 0 levels gives no points; no factors gives one empty point.
/// Throws std::length_error if the number of points overflows std::size_t.
std::vector<std::vector<std::size_t>> grid_indices(std::span<const std::size_t> levels);

/// A Latin hypercube of n points in (0,1)^k: in every dimension each of the n strata
/// [i/n, (i+1)/n) holds exactly one point, at a uniformly random position inside it, and the
/// strata are matched across dimensions by independent random permutations (McKay, Beckman &
/// Conover 1979). Returns n rows of k values. Throws std::invalid_argument if n or k is 0.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed);

/// The points at which a model is run to estimate Sobol indices (Saltelli et al. 2010).
struct SaltelliDesign {
  std::size_t n = 0;  ///< base sample size N (rows of A and of B)
  std::size_t k = 0;  ///< number of factors
  /// n(k+2) points in (0,1)^k, in blocks of n rows: A, B, AB_1, ..., AB_k, where AB_i is A with
  /// column i (1-based) taken from B. Point r of block AB_i is points[(2 + i - 1) n + r].
  std::vector<std::vector<double>> points;
};

/// The Saltelli design for k factors with base sample size n. The base matrices [A | B] are the
/// first n points of the 2k-dimensional Sobol low-discrepancy sequence (Joe & Kuo direction
/// numbers, Boost.Random's sobol_engine, 32 bits, starting with the origin), randomised by a
/// random digital shift per column (each 32-bit coordinate XOR a random mask from
/// DesignStream::saltelli_shift), then mapped to the cell centres (x + 0.5) / 2^32, so every
/// value lies in (0,1). A is the first k columns, B the last k. Powers of two for n keep the
/// Sobol net balanced. Throws std::invalid_argument if n < 2, k == 0, 2k > 3667 (the table's
/// dimensions) or n >= 2^32.
SaltelliDesign saltelli_design(std::size_t n, std::size_t k, std::uint64_t seed);

/// First-order and total Sobol indices of one factor, each with a 95 % percentile bootstrap CI.
struct SobolIndex {
  double first = 0;       ///< S_i: share of the output variance due to factor i alone
  double first_low = 0;   ///< 2.5 % bootstrap percentile of S_i
  double first_high = 0;  ///< 97.5 % bootstrap percentile of S_i
  double total = 0;       ///< ST_i: share due to factor i including all its interactions
  double total_low = 0;   ///< 2.5 % bootstrap percentile of ST_i
  double total_high = 0;  ///< 97.5 % bootstrap percentile of ST_i
};

/// Sobol indices from model outputs y at a SaltelliDesign's points (same row order, n(k+2)
/// values). With f_A, f_B, f_ABi the blocks and V the (population) variance of [f_A, f_B]:
///   S_i  = mean(f_B (f_ABi - f_A)) / V        (Saltelli et al. 2010)
///   ST_i = mean((f_A - f_ABi)^2) / 2 / V      (Jansen 1999)
/// f_B is first centred on the mean of [f_A, f_B] (the same estimator in expectation, less
/// noise when the output has a large offset). CIs: `bootstrap` resamples of the n rows, drawn
/// with replacement jointly for all blocks (DesignStream::sobol_bootstrap, entity = resample),
/// 2.5 % and 97.5 % percentiles (linear interpolation); bootstrap = 0 gives NaN bounds. If f_A
/// and f_B are all equal (zero variance) the indices are NaN. Throws std::invalid_argument if y
/// has the wrong size, n < 2, k == 0, or a value is NaN or infinite (naming its row and block).
std::vector<SobolIndex> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k,
                                      std::size_t bootstrap = 1000, std::uint64_t seed = 1);

}  // namespace sibsim::engine
