#pragma once
/// \file scalar_kind.hpp
/// The kinds of scalar a scenario value can have, and how a plain (unquoted) YAML scalar reads as
/// each: one definition for the schema (Schema's options), the loader and whatever else reads
/// scenario values as text (sweep and feasibility parameters).

#include <cstdint>
#include <optional>
#include <string_view>

namespace sibsim::scenarios {

/// A scalar's kind. `text` is any string (a name, a choice of an enum).
enum class ScalarKind : std::uint8_t { boolean, integer, number, text, date };

/// "boolean", "integer", "number", "text", "date".
constexpr std::string_view name(ScalarKind kind) noexcept {
  switch (kind) {
    case ScalarKind::boolean:
      return "boolean";
    case ScalarKind::integer:
      return "integer";
    case ScalarKind::number:
      return "number";
    case ScalarKind::date:
      return "date";
    case ScalarKind::text:
      break;
  }
  return "text";
}

/// The kind named `text` (the inverse of name()); nullopt for any other word.
std::optional<ScalarKind> parse_scalar_kind(std::string_view text) noexcept;

/// A plain scalar as the scenario loader reads a boolean: true/True/TRUE/yes/Yes/YES/on/On/ON
/// and their false counterparts (false, no, off).
std::optional<bool> read_boolean(std::string_view text) noexcept;
/// ... an integer: optional sign ('+' or '-'), decimal digits without leading zeros (YAML 1.1
/// would read 010 as octal), within 64 bits.
std::optional<std::int64_t> read_integer(std::string_view text) noexcept;
/// ... a number: a finite decimal or scientific number, optional leading '+'.
std::optional<double> read_number(std::string_view text) noexcept;

/// The narrowest kind the plain scalar `text` reads as: boolean, integer, number, date
/// (YYYY-MM-DD), otherwise text.
ScalarKind infer_scalar_kind(std::string_view text) noexcept;

}  // namespace sibsim::scenarios
