#pragma once
// Strict validators for numeric command-line options. CLI11 alone reads "--seed -1" and
// "--seed 18446744073709551616" both as 2^64-1, "--reps 1e9" through a double (and then reports
// "Value 1e9 not in range 1 to 1000000000"), and lets "nan" through a range check. These check the
// text as written, before CLI11 converts it, and say what is wrong in the option's own terms.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace sibsim::app {

/// A whole number from `lo` to `hi`, written with the digits 0-9 only (no sign, no exponent, no
/// fraction); out of range (also beyond 2^64-1) is an error, never a wrap or a clamp.
/// `hidden_name`: the option's name for an option hidden from --help (CLI11 leaves the name out
/// of such an option's messages).
CLI::Validator whole_number(std::uint64_t lo, std::uint64_t hi, const std::string& hidden_name = {});

/// A finite decimal number (no nan, no inf) from `lo` to `hi` inclusive; with `open_lo` above
/// `lo` instead.
CLI::Validator finite_number(double lo, double hi, bool open_lo = false);

}  // namespace sibsim::app
