#pragma once
/// \file sections.hpp
/// Ready-made pieces of report sections, in the report's words and look: a time series as a fan
/// chart with optional reference lines, a funnel as a waterfall with its reasons by category, a
/// distribution as a histogram. The generic run report draws /timeseries and /funnel with them;
/// a model's sections use them with their own words (see models/sib/io/report_sections.cpp).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sibsim/output/report/charts.hpp"
#include "sibsim/output/report/page.hpp"
#include "sibsim/output/report/run_data.hpp"
#include "sibsim/output/results_types.hpp"

namespace sibsim::output::report {

// --- A time series as a fan chart ---------------------------------------------------------------

struct FanOptions {
  std::string heading;      ///< an <h3> above the chart (plain text); empty: none
  std::string intro;        ///< HTML before the standard words on the bands; empty: the description
  std::string y_title;      ///< plain; empty: the humanised name and the unit
  std::string description;  ///< the chart's label for screen readers; empty: the series' description
  /// A horizontal reference line (e.g. a target), its label on the chart and in the legend.
  std::optional<double> target;
  std::string target_label;   ///< on the chart, e.g. "Target 150"
  std::string target_legend;  ///< in the legend (HTML), e.g. "Target (150)"; empty: target_label
  /// A vertical reference line at a date (only on a date axis), e.g. a deadline.
  std::optional<std::int64_t> deadline_day;  ///< days since 1970-01-01
  std::string deadline_label = "Deadline";   ///< on the chart and in the legend
  std::string noun;                          ///< after the numbers in the sentence, e.g. " customers" (HTML)
  /// Observed figures on this series (RunReportData::observed_on): drawn as diamonds, filled when
  /// inside the simulated 90 % interval, and named in the sentence.
  std::vector<ObservedFigure> observed;
  /// Lines over the fan: a level changing at dates (steps, e.g. a capacity) or another series'
  /// median (e.g. a control group), each with a legend entry.
  struct Line {
    std::string legend;  ///< HTML, in the legend
    std::string color = palette::kAccent;
    std::vector<std::pair<std::int64_t, double>> points;  ///< (days since 1970-01-01, value)
    bool step = false;  ///< a level held until the next point, and after the last to the chart's end
    bool dashed = true;
  };
  std::vector<Line> lines;
};

struct FanResult {
  struct Point {
    std::string label;  ///< the time point in words ("1 August 2017", "Day 61")
    QuantileBand band;
  };
  /// Heading, intro, legend and chart; "" when no time point can be drawn (then all is empty).
  std::string html;
  /// The median at the deadline (or, without one, at the last point) with its 90 % interval:
  /// "On 1 August 2017 (deadline) the median is <strong>112</strong> customers (90 % interval
  /// 95–130)." (HTML, without the <p>).
  std::string sentence;
  std::vector<Point> points;               ///< the points drawn, in time order
  std::optional<std::size_t> at_deadline;  ///< the last point on or before the deadline
};

/// The series as a fan chart: the median line, the middle 50 % and 90 % bands, a tooltip per
/// point, and the reference lines of `options`. Dates that do not parse are left out.
FanResult fan_chart(const TimeSeries& series, ReportPage& page, const FanOptions& options = {});

// --- A funnel as a waterfall --------------------------------------------------------------------

struct FunnelOptions {
  /// Plural noun of what the funnel counts ("people"): the axis says "Median number of people"
  /// and the sentence "... 120 people (...)"; empty: "Median count", and numbers without a noun.
  std::string noun;
  // The headings, intros (HTML) and chart descriptions; unset: the kit's words in the report's
  // language (output/text/charts.json, "Where the funnel loses", ...); "" leaves a heading or intro out.
  std::optional<std::string> stages_heading, stages_intro, stages_description;
  std::optional<std::string> reasons_heading, reasons_intro, reasons_description;
  /// Reasons are named "<category>: <reason>" (output/SCHEMA.md); these categories come first,
  /// in this order, and the others as they appear. A reason without ": " is in "other".
  std::vector<std::string> category_order;
};

/// The body of a funnel section (without the <section>): the waterfall of the stages and a
/// sentence on the biggest loss, then the reasons by category with a sentence; "" when the
/// funnel is empty.
std::string funnel_html(const Funnel& funnel, ReportPage& page, const FunnelOptions& options = {});

// --- A distribution as a histogram --------------------------------------------------------------

struct HistogramOptions {
  std::string heading;              ///< an <h3> above the chart (plain text); empty: none
  std::string description;          ///< the chart's label for screen readers (plain text)
  std::string x_title;              ///< plain text
  std::vector<HistMarker> markers;  ///< vertical lines (targets, thresholds)
};

/// The distribution's histogram (bar height = share of the replications, a tooltip per bar,
/// the markers as dashed lines); "" when it has no bins.
std::string histogram_html(const Distribution& distribution, ReportPage& page,
                           const HistogramOptions& options = {});

}  // namespace sibsim::output::report
