#pragma once
// What the sweep report (report_sweep.cpp, report_sweep_charts.cpp) reads from a results file
// of kind "sweep" (output/SCHEMA.md): the design, its parameters, the outcomes per point and the
// sensitivity tables, joined on the design point.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report_page.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

/// Roles of a derived measure (/outcome_measures `groups`) in the report: the x and y axes of
/// the trade-off scatter.
inline constexpr std::string_view kTradeOffX = "trade_off_x";
inline constexpr std::string_view kTradeOffY = "trade_off_y";

struct SweepParameter {
  std::string path;       ///< key path, e.g. "arrivals.end"; the /design column of the same name
  std::string kind;       ///< number, integer, date, boolean or text
  std::string low, high;  ///< ends of the range as given ("" when not a range)
  const TableColumn* column = nullptr;  ///< in Sweep::design, or nullptr
};

struct SweepKpi {
  std::string name, unit, description;
  std::string label;  ///< from /kpis, else the humanised name
  bool headline = false;
};

/// A derived column of /outcomes described by /outcome_measures (e.g. a share of replications
/// below a threshold, or a ratio of means).
struct OutcomeMeasure {
  std::string name, label, unit, description;
  std::vector<std::string> groups;
  [[nodiscard]] bool in(std::string_view group) const;
};

/// Holds pointers into its own design table: movable, not copyable.
struct Sweep {
  Sweep() = default;
  Sweep(const Sweep&) = delete;
  Sweep& operator=(const Sweep&) = delete;
  Sweep(Sweep&&) noexcept = default;
  Sweep& operator=(Sweep&&) noexcept = default;
  ~Sweep() = default;

  FileMeta meta;
  Table design, outcomes, oat, sobol;
  std::vector<SweepParameter> parameters;
  std::vector<SweepKpi> kpis;            ///< KPI means in /outcomes: headline KPIs first, else column order
  std::vector<OutcomeMeasure> measures;  ///< /outcome_measures present in /outcomes, in table order
  /// Rows of /outcomes in design order: outcome_row[i] is the /outcomes row of /design row i.
  std::vector<std::optional<std::size_t>> outcome_row;
  std::vector<std::string> roles;  ///< per /design row
  std::vector<double> points;      ///< point id per /design row

  [[nodiscard]] std::size_t size() const noexcept { return design.rows(); }
  /// True if every point's role is `role` (e.g. "grid").
  [[nodiscard]] bool all_roles(std::string_view role) const;
  /// An /outcomes column for /design row i (NaN when absent).
  [[nodiscard]] double outcome(std::string_view column, std::size_t design_row) const;
  [[nodiscard]] const SweepKpi* kpi(std::string_view name) const;
  [[nodiscard]] const OutcomeMeasure* measure(std::string_view name) const;
  /// The label of a KPI or measure (else the humanised name), as written ("customers served").
  [[nodiscard]] std::string label(std::string_view name) const;
  /// The unit of a KPI, measure or other /outcomes column ("" if unknown).
  [[nodiscard]] std::string unit(std::string_view name) const;
  /// Replications per point (the largest in /outcomes), or the replications asked for.
  [[nodiscard]] double replications() const;
};

Sweep read_sweep(const std::filesystem::path& path);

/// x to `digits` significant digits in the report's language, trailing zeros dropped: 0.0015,
/// 62.3, 1.5e−7; NaN "n/a".
std::string sweep_sig(double x, int digits);
/// A value as a results file writes it ("true", "false", "2017-08-01", "0.0015") for people: the
/// flags in the report's language ("true" / "ja"), numbers in Dutch the Dutch way ("0,0015"; in
/// English as the file has them), anything else as it is (plain text).
std::string shown_value(std::string_view file_text);
/// "a", "a and b", "a, b and c" in the report's language (the items as given).
std::string word_list(const std::vector<std::string>& items);
/// The label of the parameter at key path `path` for people (the model's lever label from the
/// report's label table, ModelPlugin::labels), else the path (plain text).
std::string parameter_label(std::string_view path);
/// A parameter in a sentence (HTML): its label, or the path as <code> when it has none.
std::string parameter_words(std::string_view path);
/// A parameter in a table or heading (HTML): "label <code>path</code>", or the path as <code>.
std::string parameter_cell(std::string_view path);
/// A parameter's value at /design row i for people ("2017-08-01", "1,500", "true").
std::string parameter_value(const SweepParameter& p, std::size_t row);
/// "arrivals.end = 2017-08-01, servers = 3" (plain text).
std::string point_values(const Sweep& s, std::size_t row);
/// A value for a page (HTML) by unit, to significant digits so that small values keep their
/// digits (0.0015 -> "0.0015", 0.0457 -> "0.0457"): fractions as percentages ("4.57&nbsp;%"),
/// money as "EUR&nbsp;16,486", whole numbers as they are ("1,234"); NaN "n/a".
std::string sweep_value(double x, std::string_view unit);
/// "58.2–64.1", "EUR&nbsp;1,000–2,000", "4.1–5.3&nbsp;%" with sweep_value's digits.
std::string sweep_range(double lo, double hi, std::string_view unit);
/// A KPI value for a sentence (HTML), by unit (sweep_value).
std::string kpi_value(const Sweep& s, std::string_view kpi, double x);
/// True for a share of the variance below 0 or above 1: a Monte Carlo estimate's noise.
bool outside_unit(double share);
/// A Sobol index in words (HTML) with its 95 % CI: "<strong>about all</strong>" from 99.5 % up
/// (also above 100 %), "almost none" below 0.5 % (also below 0), else the percentage; the CI
/// clipped to 0–100 %.
std::string share_words(double share, double lo, double hi);
/// The /design row whose role is `role` (e.g. "oat:low:recruitment.end"), if any.
std::optional<std::size_t> row_of_role(const Sweep& s, std::string_view role);
/// Tooltip rows naming a point: role and parameter values.
std::vector<std::pair<std::string, std::string>> point_tooltip_rows(const Sweep& s, std::size_t row);

// Sections drawn with charts (report_sweep_charts.cpp); each returns "" when its data is absent.
std::string sweep_outcome_charts(const Sweep& s, ReportPage& page);
std::string sweep_sensitivity(const Sweep& s, ReportPage& page);
std::string sweep_tradeoff(const Sweep& s, ReportPage& page);
/// Scenario discovery (report_sweep_discovery.cpp): the section of /discovery, or "" without one.
std::string sweep_discovery(const std::filesystem::path& path, ReportPage& page);

}  // namespace sibsim::output::detail
