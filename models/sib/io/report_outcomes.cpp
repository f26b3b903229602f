// The SIB's report sections on outcomes (report_sections.hpp): how the results vary over the
// simulated futures (starters, extra work-months, outcome payment, investor return, each with
// its lines and a sentence of chances) and dropout by reason and by month since the start.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_context.hpp"
#include "sibsim/models/sib/vocabulary.hpp"

namespace sibsim::models::sib::report_detail {

namespace {

using namespace output::report;
using output::ReportPage;
using output::RunReportData;
using Op = Threshold::Op;

constexpr std::string_view kDropoutMonthPrefix = "dropouts_in_month@";  // + "01" .. "24"

// --- How the results vary ------------------------------------------------------------------------

/// One histogram: the KPI, its lines and the thresholds whose chances the sentence gives. Its
/// words are "dist.<kpi>.title", ".x_title" and ".description" in the catalogue.
struct Plan {
  std::string kpi;
  std::vector<HistMarker> markers;
  std::vector<Threshold> thresholds;
};

std::vector<Plan> plans(const Facts& f) {
  std::vector<Plan> out;
  out.push_back({"started",
                 {{f.target, words()("target_label", {{"n", num(f.target)}}), palette::kAccent}},
                 {{Op::at_least, f.target}}});
  {
    // The contract's lines at the median ambition ("≈ "): the ambition follows the starters.
    Plan p{"extra_work_months_measured", {}, {}};
    if (f.lines) {
      p.markers.push_back({f.lines->threshold,
                           words()("marker.threshold", {{"n", plain(num(f.lines->threshold))}}),
                           palette::kAmber});
      p.markers.push_back({f.lines->ambition,
                           words()("marker.ambition", {{"n", plain(num(f.lines->ambition))}}),
                           palette::kGreen});
    }
    out.push_back(std::move(p));
  }
  out.push_back({"payout_total", {}, {{Op::above, 0.0}}});
  out.push_back({"investor_irr", {{0.0, words()("marker.break_even"), palette::kMuted}}, {{Op::below, 0.0}}});
  return out;
}

std::string sentence(const RunReportData& d, const Facts& f, const Distribution& s) {
  const auto* st = d.stat(s.kpi);
  const std::string& unit = s.unit;
  // "Median ... (90 % interval a–b). " (the text `id`), or nothing without a summary.
  const auto median = [&](std::string_view id) {
    return st ? words()(id, {{"median", val(st->p50, unit)}, {"range", range(st->p5, st->p95, unit)}})
              : std::string();
  };
  std::string out;
  if (s.kpi == "started") {
    out = median("sentence.started.median");
    // "started" counts starts at any time; the target's deadline is the end of recruitment.
    const auto* by_deadline = d.stat("reached_target");
    out += words()("sentence.started.chance",
                   {{"chance", format_probability(s.share(0))},
                    {"target", num(f.target)},
                    {"by_deadline", by_deadline != nullptr},
                    {"deadline_chance", by_deadline ? format_probability(by_deadline->mean) : ""}});
  } else if (s.kpi == "extra_work_months_measured") {
    out = median("sentence.extra.median");
    // The chances are the model's own per future (the lines move with the starters).
    if (const auto* c = d.stat("success_threshold_reached")) {
      // The shorthand's threshold in words; a contract of metrics is described by its KPIs.
      const std::optional<double>* given = f.params ? &f.params->payment.threshold_share : nullptr;
      const double* share = given != nullptr && given->has_value() ? &**given : nullptr;
      out += words()("sentence.extra.threshold", {{"terms", share != nullptr},
                                                  {"share", share ? share_of(*share, 1) : ""},
                                                  {"chance", format_probability(c->mean)}});
    }
    if (const auto* c = d.stat("full_ambition_reached"))
      out += words()("sentence.extra.ambition", {{"chance", format_probability(c->mean)}});
    if (f.params && f.lines) {
      out += words()("sentence.extra.lines",
                     {{"per_starter", num(contract_metrics(f.params->payment).front().target)},
                      {"ambition", num(f.lines->ambition)}});
    }
  } else if (s.kpi == "payout_total") {
    out = median("sentence.payout.median");
    out += words()("sentence.payout.chance", {{"chance", format_probability(s.share(0))}});
  } else if (s.kpi == "investor_irr") {
    out = median("sentence.irr.median");
    const auto* total = d.stat("investor_total_loss");
    out += words()("sentence.irr.loss", {{"chance", format_probability(s.share(0))},
                                         {"total", total != nullptr},
                                         {"total_chance", total ? format_probability(total->mean) : ""}});
  }
  const std::uint64_t all = s.n + s.n_undefined;
  if (s.n_undefined > 0 && all > 0) {
    out += words()(
        "sentence.undefined",
        {{"share", format_probability(static_cast<double>(s.n_undefined) / static_cast<double>(all))}});
  }
  return out;
}

// --- Dropout -----------------------------------------------------------------------------------------

using Tip = std::vector<std::pair<std::string, std::string>>;

/// A tooltip's rows for a KPI over the simulated futures: mean, median and 90 % interval.
Tip summary_tip(const engine::KpiSummary& s) {
  return {{words()("tip.mean"), plain(num(s.mean))},
          {words()("tip.median"), plain(num(s.p50))},
          {words()("tip.interval"), plain(range(s.p5, s.p95, ""))}};
}

/// "When participants drop out": mean dropouts per month since the contact after release (KPIs
/// dropouts_in_month@01, @02, ...), with the 5th-95th percentile whisker. "" without those KPIs.
std::string dropout_months_html(const RunReportData& d, ReportPage& page) {
  ColumnChart chart;
  chart.description = words()("months.description");
  chart.x_title = words()("months.x_title");
  chart.y_title = words()("months.y_title");
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
    bar.tooltip = tooltip_json(words()("months.tooltip", {{"month", bar.label}}),
                               s ? summary_tip(*s) : Tip{{words()("tip.mean"), words()("tip.na")}});
    chart.bars.push_back(std::move(bar));
  }
  if (chart.bars.empty() || !peak) return "";
  std::string body = "<h3>" + words()("months.heading") + "</h3>\n";
  body += "<p class=\"intro\">" + words()("months.intro") + "</p>\n";
  body += page.chart(chart.description, column_spec(chart));
  std::string text =
      words()("months.peak", {{"month", chart.bars[*peak].label}, {"mean", num(chart.bars[*peak].y)}});
  if (total > 0 && chart.bars.size() >= 3) {
    text +=
        words()("months.first_three", {{"share", share_of(first_three, total)},
                                       {"months", format_number(static_cast<double>(chart.bars.size()), 0)}});
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
    const std::string id = "dist." + p->kpi;
    HistogramOptions o;
    o.heading = words()(id + ".title");
    o.description = words()(id + ".description");
    // The axis names the scenario's currency ({currency}).
    o.x_title = in_words(words()(id + ".x_title"), f.params ? f.params->vocabulary : Vocabulary{},
                         current_language() == Language::nl ? "nl" : "en");
    o.markers = p->markers;
    const std::string chart = histogram_html(s, page, o);
    if (chart.empty()) continue;
    body += chart + "<p class=\"sentence\">" + sentence(d, f, s) + "</p>\n";
  }
  if (body.empty()) return;
  page.add_section("distributions", words()("dist.title"),
                   "<p class=\"intro\">" + words()("dist.intro") + "</p>\n" + body);
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
    // The reason in the report's language (dropout_reason.<reason>), else its name in words.
    const std::string reason = k.name.substr(8);
    std::string text = reason;
    std::replace(text.begin(), text.end(), '_', ' ');
    std::string label = humanise(text);
    if (has_words("dropout_reason." + reason)) {
      text = words()("dropout_reason." + reason);
      label = capitalise(text);
    }
    rows.push_back({label, text, localised_description(k.name, k.description), &s});
  }
  if (rows.empty()) {
    const std::string months = dropout_months_html(d, page);
    if (!months.empty()) page.add_section("dropout", words()("dropout.title"), months);
    return;
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.s->mean > b.s->mean; });
  HBarChart chart;
  chart.description = words()("dropout.description");
  chart.categories = {{"dropout", palette::kAccent}};
  chart.x_title = words()("dropout.x_title");
  double total = 0;
  for (const auto& r : rows) {
    HBarRow row;
    row.label = r.label;
    row.category = "dropout";
    row.x1 = r.s->mean;
    row.text = plain(num(r.s->mean));
    Tip tip = summary_tip(*r.s);
    if (!r.description.empty()) tip.emplace_back(words()("tip.what"), r.description);
    row.tooltip = tooltip_json(r.label, tip);
    chart.rows.push_back(std::move(row));
    total += r.s->mean;
  }
  std::string body = "<p class=\"intro\">" + words()("dropout.intro") + "</p>\n";
  body += page.chart(chart.description, hbar_spec(chart));
  body += "<p class=\"sentence\">" +
          words()("dropout.sentence", {{"total", num(std::round(total * 10) / 10)},
                                       {"reason", html_escape(rows.front().sentence_label)},
                                       {"mean", num(rows.front().s->mean)},
                                       {"share", share_of(rows.front().s->mean, total)}}) +
          "</p>\n";
  const std::string months = dropout_months_html(d, page);
  if (months.empty()) {
    page.add_section("dropout", words()("dropout.title_by_reason"), body);
  } else {
    page.add_section("dropout", words()("dropout.title"),
                     "<h3>" + words()("dropout.why_heading") + "</h3>\n" + body + months);
  }
}

}  // namespace sibsim::models::sib::report_detail
