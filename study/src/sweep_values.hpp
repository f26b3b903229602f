#pragma once
// Internal: the values of swept parameters. YAML text <-> numbers (dates as days since
// 1970-01-01, booleans as 0/1) for each ParamKind, and sampling a range from a unit-cube
// coordinate, shared by loading (sweep_spec.cpp) and the design (sweep_design.cpp).

#include <optional>
#include <string>
#include <string_view>

#include "sibsim/study/sweep_spec.hpp"

namespace sibsim::study::detail {

// The number a value stands for under `kind`, or nullopt if the text is not of that kind
// (number accepts integers too; text always gives NaN).
std::optional<double> param_numeric(ParamKind kind, std::string_view text);

// YAML text of a number under `kind` (number: 12 significant digits; integer: whole number;
// date: YYYY-MM-DD of that day; boolean: true/false). Not for text.
std::string param_text(ParamKind kind, double x);

// `text` as a YAML scalar with the same text: as is when it is safe as a plain scalar (a string
// option reads 13 or true written plainly as text, too), else double-quoted with escapes (empty
// text, null, leading indicators such as [ or #, ': ', ' #', control characters).
std::string yaml_string(std::string_view text);

// The YAML text to write for a value given in a sweep file: yaml_string for text, else as is.
std::string param_yaml(ParamKind kind, const std::string& written);

// The value at unit-cube coordinate u in (0,1) of the range [low, high]: numbers uniformly, integers
// and dates with each whole value in [low, high] equally likely.
double sample_range(ParamKind kind, double low, double high, double u);

// Level j (0-based) of `levels` evenly spaced values from low to high (rounded for integers and
// dates); levels >= 2.
double range_level(ParamKind kind, double low, double high, std::size_t j, std::size_t levels);

}  // namespace sibsim::study::detail
