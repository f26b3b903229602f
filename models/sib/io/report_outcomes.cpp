// The SIB's report sections on outcomes (report_sections.hpp): how the results vary over the
// simulated futures (starters, extra work-months, outcome payment, investor return, each with
// its lines and a sentence of chances) and dropout by reason and by month since the start.
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_context.hpp"

namespace sibsim::models::sib::report_detail {

namespace {

using namespace output::report;
using output::ReportPage;
using output::RunReportData;
using Op = Threshold::Op;

constexpr std::string_view kDropoutMonthPrefix = "dropouts_in_month@";  // + "01" .. "24"

// --- How the results vary ------------------------------------------------------------------------

/// One histogram: the KPI, its words, its lines and the thresholds whose chances the sentence gives.
struct Plan {
  std::string kpi, title, x_title;
  std::vector<HistMarker> markers;
  std::vector<Threshold> thresholds;
};

std::vector<Plan> plans(const Facts& f) {
  std::vector<Plan> out;
  out.push_back({"started",
                 "Starters",
                 "People who started",
                 {{f.target, "Target " + num(f.target), palette::kAccent}},
                 {{Op::at_least, f.target}}});
  {
    // The contract's lines at the median ambition ("≈ "): the ambition follows the starters.
    Plan p{"extra_work_months_measured",
           "Extra work-months",
           "Extra work-months over the control group",
           {},
           {}};
    if (f.lines) {
      p.markers.push_back({f.lines->threshold,
                           "Success threshold \u2248\u00a0" + plain(num(f.lines->threshold)),
                           palette::kAmber});
      p.markers.push_back(
          {f.lines->ambition, "Full ambition \u2248\u00a0" + plain(num(f.lines->ambition)), palette::kGreen});
    }
    out.push_back(std::move(p));
  }
  out.push_back({"payout_total", "Outcome payment", "Total outcome payment (EUR)", {}, {{Op::above, 0.0}}});
  out.push_back({"investor_irr",
                 "Investor return",
                 "Investor return a year (IRR)",
                 {{0.0, "Break-even", palette::kMuted}},
                 {{Op::below, 0.0}}});
  return out;
}

std::string sentence(const RunReportData& d, const Facts& f, const Distribution& s) {
  const auto* st = d.stat(s.kpi);
  const std::string& unit = s.unit;
  // "Median <noun> <value><what> (90 % interval a–b). ", or nothing without a summary.
  const auto median = [&](std::string_view what, std::string_view noun = "") {
    return st ? fmt::format("Median {}<strong>{}</strong>{} (90&nbsp;% interval {}). ", noun,
                            val(st->p50, unit), what, range(st->p5, st->p95, unit))
              : std::string();
  };
  std::string out;
  if (s.kpi == "started") {
    out = median(" starters");
    // "started" counts starts at any time; the target's deadline is the end of recruitment.
    out +=
        fmt::format("In <strong>{}</strong> of the simulated futures at least {} people start at some time",
                    format_probability(s.share(0)), num(f.target));
    if (const auto* by_deadline = d.stat("reached_target"))
      out += fmt::format(" ({} by the end of recruitment)", format_probability(by_deadline->mean));
    out += ".";
  } else if (s.kpi == "extra_work_months_measured") {
    out = median(" extra work-months");
    // The chances are the model's own per future (the lines move with the starters).
    if (const auto* c = d.stat("success_threshold_reached")) {
      out += fmt::format(
          "Chance of reaching the success threshold{}: <strong>{}</strong>. ",
          f.params ? " (" + share_of(f.params->payment.threshold_share, 1) + " of the ambition)" : "",
          format_probability(c->mean));
    }
    if (const auto* c = d.stat("full_ambition_reached")) {
      out += fmt::format("Chance of reaching the full ambition: <strong>{}</strong>.",
                         format_probability(c->mean));
    }
    if (f.params && f.lines) {
      out += fmt::format(
          " The ambition is {} extra work-months per starter, so it differs between the simulated futures; "
          "the dashed lines show it for the median ambition of {}.",
          num(f.params->payment.ambition_per_participant), num(f.lines->ambition));
    }
  } else if (s.kpi == "payout_total") {
    out = median("", "payment ");
    out += fmt::format("Chance that anything is paid: <strong>{}</strong>.", format_probability(s.share(0)));
  } else if (s.kpi == "investor_irr") {
    out = median(" a year", "return ");
    out += fmt::format("Chance that the investors lose money (a return below zero): <strong>{}</strong>",
                       format_probability(s.share(0)));
    if (const auto* total = d.stat("investor_total_loss"))
      out += fmt::format("; that they get nothing back (counted as \u2212100&nbsp;%): <strong>{}</strong>",
                         format_probability(total->mean));
    out += ".";
  }
  const std::uint64_t all = s.n + s.n_undefined;
  if (s.n_undefined > 0 && all > 0) {
    out += fmt::format(" The value is undefined in {} of the simulated futures, which are left out here.",
                       format_probability(static_cast<double>(s.n_undefined) / static_cast<double>(all)));
  }
  return out;
}

// --- Dropout -----------------------------------------------------------------------------------------

/// "When participants drop out": mean dropouts per month since the start (KPIs
/// dropouts_in_month@01, @02, ...), with the 5th-95th percentile whisker. "" without those KPIs.
std::string dropout_months_html(const RunReportData& d, ReportPage& page) {
  ColumnChart chart;
  chart.description =
      "Participants who dropped out, by month since their start (mean over the simulated futures, with "
      "the 5th to 95th percentile).";
  chart.x_title = "Month since the start";
  chart.y_title = "Mean dropouts";
  double total = 0, first_three = 0;
  std::optional<std::size_t> peak;
  for (int m = 1; m < 1000; ++m) {
    const std::string name = fmt::format("{}{:02}", kDropoutMonthPrefix, m);
    if (d.summary_of(name) == nullptr) break;
    const engine::KpiSummary* s = d.stat(name);
    ColumnBar bar;
    bar.label = std::to_string(m);
    if (s) {
      bar.y = s->mean;
      bar.lo = s->p5;
      bar.hi = s->p95;
      total += s->mean;
      if (m <= 3) first_three += s->mean;
      if (!peak || s->mean > chart.bars[*peak].y) peak = chart.bars.size();
    }
    bar.tooltip =
        tooltip_json(fmt::format("Month {}", m),
                     s ? std::vector<std::pair<std::string, std::string>>{{"Mean", plain(num(s->mean))},
                                                                          {"Median", plain(num(s->p50))},
                                                                          {"90\u00a0% interval",
                                                                           plain(range(s->p5, s->p95, ""))}}
                       : std::vector<std::pair<std::string, std::string>>{{"Mean", "n/a"}});
    chart.bars.push_back(std::move(bar));
  }
  if (chart.bars.empty() || !peak) return "";
  std::string body = "<h3>When participants drop out</h3>\n";
  body +=
      "<p class=\"intro\">Dropouts by month since the participant's start: each bar is the mean over the "
      "simulated futures, the whisker runs from the 5th to the 95th percentile.</p>\n";
  body += page.chart(chart.description, column_spec(chart));
  std::string text = fmt::format("Most dropouts happen in month <strong>{}</strong> ({} on average).",
                                 chart.bars[*peak].label, num(chart.bars[*peak].y));
  if (total > 0 && chart.bars.size() >= 3) {
    text += fmt::format(" The first three months hold {} of the dropouts in the first {} months.",
                        share_of(first_three, total), chart.bars.size());
  }
  body += "<p class=\"sentence\">" + text + "</p>\n";
  return body;
}

}  // namespace

void add_distributions(const RunReportData& d, const Facts& f, ReportPage& page) {
  const auto wanted = plans(f);
  std::vector<DistributionRequest> requests;
  requests.reserve(wanted.size());
  for (const auto& p : wanted) requests.push_back({p.kpi, p.thresholds});
  std::string body;
  for (const auto& s : d.distributions(requests)) {
    const auto p = std::find_if(wanted.begin(), wanted.end(), [&](const Plan& w) { return w.kpi == s.kpi; });
    std::string what = p->title;
    what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    HistogramOptions o;
    o.heading = p->title;
    o.description = fmt::format("Distribution of the {} over the simulated futures.", what);
    o.x_title = p->x_title;
    o.markers = p->markers;
    const std::string chart = histogram_html(s, page, o);
    if (chart.empty()) continue;
    body += chart + "<p class=\"sentence\">" + sentence(d, f, s) + "</p>\n";
  }
  if (body.empty()) return;
  page.add_section("distributions", "How the results vary",
                   "<p class=\"intro\">Each bar shows the share of the simulated futures with a value in its "
                   "range; the dashed lines mark the target and thresholds.</p>\n" +
                       body);
}

void add_dropout(const RunReportData& d, ReportPage& page) {
  if (!d.has_summary) return;
  struct Row {
    std::string label, sentence_label, description;
    const engine::KpiSummary* s;
  };
  // The counts by reason (dropout_<reason>, in persons), not their shares.
  std::vector<Row> rows;
  for (std::size_t i = 0; i < d.summary.kpis.size(); ++i) {
    const auto& k = d.summary.kpis[i];
    const auto& s = d.summary.summary[i];
    if (!k.name.starts_with("dropout_") || k.name.ends_with("_share") || is_fraction_unit(k.unit) ||
        k.name == "dropout_total" || k.name.find('@') != std::string::npos || s.n == 0)
      continue;
    std::string words = k.name.substr(8);
    std::replace(words.begin(), words.end(), '_', ' ');
    rows.push_back({humanise(words), words, k.description, &s});
  }
  if (rows.empty()) {
    const std::string months = dropout_months_html(d, page);
    if (!months.empty()) page.add_section("dropout", "Dropout", months);
    return;
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.s->mean > b.s->mean; });
  HBarChart chart;
  chart.description = "Participants who dropped out, by reason (mean over the simulated futures).";
  chart.categories = {{"dropout", palette::kAccent}};
  chart.x_title = "Mean number of participants";
  double total = 0;
  for (const auto& r : rows) {
    HBarRow row;
    row.label = r.label;
    row.category = "dropout";
    row.x1 = r.s->mean;
    row.text = plain(num(r.s->mean));
    std::vector<std::pair<std::string, std::string>> tip = {
        {"Mean", plain(num(r.s->mean))},
        {"Median", plain(num(r.s->p50))},
        {"90\u00a0% interval", plain(range(r.s->p5, r.s->p95, ""))},
    };
    if (!r.description.empty()) tip.emplace_back("What", r.description);
    row.tooltip = tooltip_json(r.label, tip);
    chart.rows.push_back(std::move(row));
    total += r.s->mean;
  }
  std::string body = "<p class=\"intro\">Why participants left the programme early.</p>\n";
  body += page.chart(chart.description, hbar_spec(chart));
  body += fmt::format(
      "<p class=\"sentence\">On average <strong>{}</strong> participants drop out; the most frequent reason "
      "is <em>{}</em> ({} on average, {} of the dropouts).</p>\n",
      num(std::round(total * 10) / 10), html_escape(rows.front().sentence_label), num(rows.front().s->mean),
      share_of(rows.front().s->mean, total));
  const std::string months = dropout_months_html(d, page);
  if (months.empty()) {
    page.add_section("dropout", "Dropout by reason", body);
  } else {
    page.add_section("dropout", "Dropout", "<h3>Why participants drop out</h3>\n" + body + months);
  }
}

}  // namespace sibsim::models::sib::report_detail
