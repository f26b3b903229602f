#pragma once
// JSON for the charts' data (private to output/): escaping that keeps inline <script> elements
// closed, a small JSON writer and the chart templates' placeholder filler. The words and numbers
// for people are public (sibsim/output/report/text.hpp); this header makes them visible in
// namespace detail too.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sibsim/output/report/text.hpp"

namespace sibsim::output::detail {

using namespace sibsim::output::report;  // the public helpers, unqualified in the private code

/// Makes text safe inside an inline <script> element: "</script" (any case) becomes "<\/script"
/// and "<!--" becomes "<\!--". Both rewrites keep the meaning of JavaScript string literals,
/// regular expressions and JSON strings, the only places where these sequences can occur.
std::string script_safe(std::string_view code);

/// A JSON string literal. '<', '>' and '&' are written as \u003c etc., so the text can never close
/// a <script> element or start an HTML comment.
std::string json_string(std::string_view text);
/// A JSON number: the shortest text that reads back to the same double; NaN and infinities
/// (which JSON cannot hold) become null.
std::string json_number(double value);

/// Streaming JSON writer with automatic commas: obj().key("a").num(1).end() -> {"a":1}.
class JsonWriter {
 public:
  JsonWriter& obj();
  JsonWriter& arr();
  JsonWriter& end();  ///< closes the innermost object or array
  JsonWriter& key(std::string_view name);
  JsonWriter& str(std::string_view value);
  JsonWriter& num(double value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& raw(std::string_view json);  ///< an already serialised JSON value
  /// The text; throws std::logic_error if an object or array is still open.
  [[nodiscard]] std::string str() const;

 private:
  void before_value();
  std::string out_;
  std::vector<char> open_;  ///< '}' or ']' for each open container
  bool first_ = true;       ///< no member yet in the innermost container
  bool after_key_ = false;
};

/// Replaces every "@name@" in `tmpl` by its value; throws std::logic_error if a placeholder of
/// the template has no value or a value is not used (catches typos in chart templates).
std::string fill_template(std::string_view tmpl,
                          const std::vector<std::pair<std::string_view, std::string>>& values);

}  // namespace sibsim::output::detail
