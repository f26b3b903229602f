#pragma once
// Internal: the wording shared by errors, help text and the resolved YAML, so that a range or a
// type is described the same way everywhere.

#include <string>
#include <string_view>
#include <vector>

#include "sibsim/scenarios/schema.hpp"

namespace sibsim::scenarios::detail {

// A scalar as YAML text: 0.1, 3, true, 2017-02-01, abc ("" for monostate).
std::string format_scalar(const Scalar& s);
// The scalar part of an option's type: "number", "integer", "date (YYYY-MM-DD)", "one of: a, b".
std::string describe_kind(const OptionSpec& o);
// The type: "number", "list of numbers", "map of name -> integer".
std::string describe_type(const OptionSpec& o);
// Type and range: "number > 0", "list of numbers, each in [0, 1]", "date (YYYY-MM-DD) or null".
std::string describe_full(const OptionSpec& o);
// "> 0", "in [0, 1]", ">= 2016-01-01"; empty without bounds.
std::string describe_range(const OptionSpec& o);
// "at least 1 entry", "1 to 5 entries" (characters for strings); empty without limits.
std::string describe_size(const OptionSpec& o);
// A Value as inline YAML: 3, [0.5, 0.5], {a: 1}, null.
std::string format_value(const OptionSpec& o, const Value& v);

// Case-insensitive optimal-string-alignment distance (adjacent transpositions count 1).
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word`, if it is close enough to be a plausible typo; else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// "a" + "b" -> "a.b"; "a" + "[2]" -> "a[2]"; "" + "b" -> "b".
std::string join_path(std::string_view prefix, std::string_view key);

int compare(const Scalar& a, const Scalar& b);

// What a value of the option must look like, with an article: "a number > 0", "an integer in
// [1, 100]", "a list of numbers in [0, 1]", "one of: a, b".
std::string expectation(const OptionSpec& o);
// Problems of one decoded scalar against the option's choices, range, type range and length:
// a message, or "" when it is fine.
std::string check_scalar(const OptionSpec& o, const Scalar& s);
// Problems of a list or map with n entries; "" when fine.
std::string check_size(const OptionSpec& o, std::size_t n);  // <0, 0, >0; only for same-kind scalars

}  // namespace sibsim::scenarios::detail
