// The ready-made pieces of report sections (sibsim/output/report/sections.hpp): a time series as
// a fan chart, a funnel as a waterfall with its reasons by category, a distribution as a
// histogram.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <variant>

#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_text.hpp"
#include "sibsim/output/report/sections.hpp"

namespace sibsim::output::report {

namespace {
using detail::chart_words;
}  // namespace

// --- Fan chart ----------------------------------------------------------------------------------

FanResult fan_chart(const TimeSeries& s, ReportPage& page, const FanOptions& o) {
  FanResult result;
  FanChart chart;
  const auto* dates = std::get_if<std::vector<std::string>>(&s.time);
  const auto* days = std::get_if<std::vector<double>>(&s.time);
  chart.utc_time = dates != nullptr;
  const std::string& unit = s.unit;
  const std::string target_text = o.target ? num(*o.target) : "";
  // Points with a readable time (dates that do not parse are left out).
  for (std::size_t i = 0; i < s.bands.size(); ++i) {
    FanPoint p;
    std::string label;
    if (dates) {
      if (i >= dates->size()) break;
      const auto day = parse_iso_date((*dates)[i]);
      if (!day) continue;
      p.x = static_cast<double>(*day) * kMsPerDay;
      label = format_date(*day, false);
    } else {
      if (!days || i >= days->size() || !std::isfinite((*days)[i])) continue;
      p.x = (*days)[i];
      label = chart_words()("tip.day", {{"day", num((*days)[i])}});
    }
    const auto& b = s.bands[i];
    p.p5 = b.p5;
    p.p25 = b.p25;
    p.p50 = b.p50;
    p.p75 = b.p75;
    p.p95 = b.p95;
    // The tooltip's row names in the page's language (the legend's words).
    std::vector<std::pair<std::string, std::string>> rows = {
        {plain(chart_words()("legend.median")), plain(val(b.p50, unit))},
        {plain(chart_words()("legend.middle50")), plain(range(b.p25, b.p75, unit))},
        {plain(chart_words()("legend.middle90")), plain(range(b.p5, b.p95, unit))},
    };
    if (o.target) rows.emplace_back(chart_words()("tip.target"), target_text);
    p.tooltip = tooltip_json(label, rows);
    chart.points.push_back(std::move(p));
    result.points.push_back({label, b});
  }
  if (chart.points.empty()) return {};
  for (std::size_t i = 0; i < chart.points.size(); ++i) {
    auto& p = chart.points[i];
    p.x0 = i == 0 ? p.x : (chart.points[i - 1].x + p.x) / 2;
    p.x1 = i + 1 == chart.points.size() ? p.x : (p.x + chart.points[i + 1].x) / 2;
  }
  chart.x_title = chart.utc_time ? "" : chart_words()("fan.x_days");
  chart.y_format = is_fraction_unit(unit) ? ".0%" : ",~f";
  chart.y_title = !o.y_title.empty() ? o.y_title
                                     : localised_label(s.name, humanise(s.name)) +
                                           (unit.empty() ? "" : " (" + unit_label(unit) + ")");
  chart.description = !o.description.empty() ? o.description : localised_description(s.name, s.description);
  chart.target = o.target;
  chart.target_label = o.target_label;
  std::optional<double> deadline;
  if (chart.utc_time && o.deadline_day) deadline = static_cast<double>(*o.deadline_day) * kMsPerDay;
  chart.deadline_x = deadline;
  chart.deadline_label = o.deadline_label;
  for (const FanOptions::Line& l : o.lines) {
    if (!chart.utc_time || l.points.empty()) continue;
    FanLine line{plain(l.legend), l.color, {}, l.step, l.dashed};
    for (const auto& [day, y] : l.points) line.points.emplace_back(static_cast<double>(day) * kMsPerDay, y);
    // A level holds to the chart's end; it starts where the chart does if it was set before.
    if (l.step) {
      const double first = chart.points.front().x, last = chart.points.back().x;
      std::vector<std::pair<double, double>> clipped;
      double held = line.points.front().second;
      for (const auto& [x, y] : line.points) {
        if (x <= first) held = y;
      }
      clipped.emplace_back(first, held);
      for (const auto& [x, y] : line.points)
        if (x > first && x <= last) clipped.emplace_back(x, y);
      clipped.emplace_back(last, clipped.back().second);
      line.points = std::move(clipped);
    }
    chart.lines.push_back(std::move(line));
  }
  std::string observed_sentence;
  for (const ObservedFigure& ob : o.observed) {
    const auto day = parse_iso_date(ob.date);
    if (!day || !chart.utc_time || std::isnan(ob.observed)) continue;
    const std::string date = format_date(*day, false);
    const std::string interval = range(ob.q05, ob.q95, unit);
    chart.observed.push_back({static_cast<double>(*day) * kMsPerDay, ob.observed, ob.inside_90,
                              tooltip_json(ob.label.empty() ? ob.name : ob.label,
                                           {{chart_words()("tip.observed"), plain(val(ob.observed, unit))},
                                            {chart_words()("tip.date"), plain(date)},
                                            {chart_words()("tip.simulated"), plain(interval)},
                                            {chart_words()("tip.source"), ob.source}})});
    observed_sentence += chart_words()(
        "fan.observed",
        {{"date", date}, {"value", val(ob.observed, unit)}, {"inside", ob.inside_90}, {"range", interval}});
  }

  std::string& out = result.html;
  if (!o.heading.empty()) out += fmt::format("<h3>{}</h3>\n", html_escape(o.heading));
  out += "<p class=\"intro\">";
  if (!o.intro.empty()) {
    out += o.intro;
  } else if (!s.description.empty()) {
    out += html_escape(capitalise(localised_description(s.name, s.description))) + ". ";
  }
  out += chart_words()("fan.bands") + "</p>\n";
  out += "<div class=\"legend\">" + legend_item("sw-median", chart_words()("legend.median")) +
         legend_item("sw-band50", chart_words()("legend.middle50")) +
         legend_item("sw-band90", chart_words()("legend.middle90"));
  if (o.target)
    out += legend_item("sw-target", o.target_legend.empty() ? html_escape(o.target_label) : o.target_legend);
  if (deadline) out += legend_item("sw-deadline", html_escape(o.deadline_label));
  for (const FanOptions::Line& l : o.lines)
    out += fmt::format("<span><i class=\"sw sw-line{}\" style=\"border-top-color: {}\"></i>{}</span>",
                       l.dashed ? " sw-dashed" : "", html_escape(l.color), l.legend);
  if (!chart.observed.empty()) out += legend_item("sw-observed", chart_words()("legend.observed"));
  out += "</div>\n";
  out += page.chart(chart.description.empty() ? localised_label(s.name, humanise(s.name)) : chart.description,
                    fan_spec(chart));

  // A sentence with the numbers at the deadline (or the last point).
  if (deadline) {
    for (std::size_t i = 0; i < chart.points.size(); ++i)
      if (chart.points[i].x <= *deadline) result.at_deadline = i;
  }
  const auto& last = result.points.back();
  if (result.at_deadline) {
    const auto& p = result.points[*result.at_deadline];
    result.sentence =
        chart_words()("fan.at_deadline", {{"date", p.label},
                                          {"event", html_escape(decapitalise(o.deadline_label))},
                                          {"value", val(p.band.p50, unit)},
                                          {"noun", o.noun},
                                          {"range", range(p.band.p5, p.band.p95, unit)}});
    if (*result.at_deadline + 1 < result.points.size()) {
      result.sentence += chart_words()(
          "fan.at_end", {{"date", last.label}, {"value", val(last.band.p50, unit)}, {"noun", o.noun}});
    }
  } else {
    result.sentence = chart_words()("fan.at_last", {{"date", last.label},
                                                    {"value", val(last.band.p50, unit)},
                                                    {"noun", o.noun},
                                                    {"range", range(last.band.p5, last.band.p95, unit)}});
  }
  result.sentence += observed_sentence;
  return result;
}

// --- Funnel ------------------------------------------------------------------------------------------

std::string funnel_html(const Funnel& funnel_in_file, ReportPage& page, const FunnelOptions& o) {
  // Stage and reason names in the report's language where the model gives them (words.hpp).
  Funnel funnel = funnel_in_file;
  for (auto& st : funnel.stages) st.name = localised_label(st.name, st.name);
  for (auto& r : funnel.reasons) r.name = localised_label(r.name, r.name);
  const auto& stages = funnel.stages;
  const auto& reasons = funnel.reasons;
  if (stages.empty() && reasons.empty()) return "";
  const auto text = [](const std::optional<std::string>& given, std::string_view id) {
    return given ? *given : chart_words()(id);
  };
  const std::string stages_heading = text(o.stages_heading, "funnel.stages_heading"),
                    stages_intro = text(o.stages_intro, "funnel.stages_intro"),
                    stages_description = text(o.stages_description, "funnel.stages_description"),
                    reasons_heading = text(o.reasons_heading, "funnel.reasons_heading"),
                    reasons_intro = text(o.reasons_intro, "funnel.reasons_intro"),
                    reasons_description = text(o.reasons_description, "funnel.reasons_description");
  const std::string x_title =
      o.noun.empty() ? chart_words()("funnel.x_count") : chart_words()("funnel.x_noun", {{"noun", o.noun}});
  std::string body;
  if (!stages.empty()) {
    HBarChart chart;
    chart.description = stages_description;
    chart.categories = {{"stage", palette::kPrimary}, {"lost", palette::kLoss}};
    chart.x_title = x_title;
    const double first = stages.front().median;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const auto& st = stages[i];
      HBarRow row;
      row.label = humanise(st.name);
      row.category = "stage";
      row.x1 = st.median;
      row.text = plain(num(st.median)) + (i > 0 ? " (" + plain(share_of(st.median, first)) + ")" : "");
      row.tooltip = tooltip_json(row.label, {{chart_words()("tip.median"), plain(num(st.median))},
                                             {chart_words()("tip.mean"), plain(num(st.mean))},
                                             {chart_words()("tip.share_of", {{"stage", stages.front().name}}),
                                              plain(share_of(st.median, first))}});
      chart.rows.push_back(std::move(row));
      if (i + 1 < stages.size()) {
        const auto& next = stages[i + 1];
        const double loss = st.median - next.median;
        if (loss > 0) {
          HBarRow lost;
          lost.label = chart_words()("funnel.not", {{"stage", next.name}});
          lost.category = "lost";
          lost.x0 = next.median;
          lost.x1 = st.median;
          lost.text = "\u2212" + plain(num(loss));
          lost.tooltip = tooltip_json(
              chart_words()("tip.lost_between", {{"from", st.name}, {"to", next.name}}),
              {{o.noun.empty() ? chart_words()("tip.count_difference")
                               : chart_words()("tip.noun_difference", {{"noun", capitalise(o.noun)}}),
                plain(num(loss))},
               {chart_words()("tip.share_of", {{"stage", st.name}}), plain(share_of(loss, st.median))}});
          chart.muted_labels.push_back(lost.label);
          chart.rows.push_back(std::move(lost));
        }
      }
    }
    if (!stages_heading.empty()) body += fmt::format("<h3>{}</h3>\n", html_escape(stages_heading));
    if (!stages_intro.empty()) body += fmt::format("<p class=\"intro\">{}</p>\n", stages_intro);
    body += page.chart(chart.description, hbar_spec(chart));
  }
  if (stages.size() >= 2) {
    const double first = stages.front().median;
    const auto& last = stages.back();
    std::string sentence =
        chart_words()("funnel.sentence", {{"first", num(first)},
                                          {"first_stage", html_escape(stages.front().name)},
                                          {"last", num(last.median)},
                                          {"last_stage", html_escape(last.name)},
                                          {"share", share_of(last.median, first)}});
    std::size_t worst = 0;
    double worst_loss = 0;
    for (std::size_t i = 0; i + 1 < stages.size(); ++i) {
      if (stages[i].median - stages[i + 1].median > worst_loss) {
        worst_loss = stages[i].median - stages[i + 1].median;
        worst = i;
      }
    }
    if (worst_loss > 0) {
      sentence +=
          chart_words()("funnel.biggest_loss", {{"from", html_escape(stages[worst].name)},
                                                {"to", html_escape(stages[worst + 1].name)},
                                                {"loss", num(worst_loss)},
                                                {"noun", o.noun.empty() ? "" : " " + html_escape(o.noun)},
                                                {"share", share_of(worst_loss, stages[worst].median)}});
    }
    body += "<p class=\"sentence\">" + sentence + "</p>\n";
  }
  if (!reasons.empty()) {
    // "category: label" -> (category, label); the given categories first, then as they come.
    struct Reason {
      std::string category, label;
      const FunnelCount* count;
    };
    std::vector<Reason> rs;
    for (const auto& r : reasons) {
      const auto colon = r.name.find(": ");
      if (colon == std::string::npos) {
        rs.push_back({"other", r.name, &r});
      } else {
        rs.push_back({r.name.substr(0, colon), r.name.substr(colon + 2), &r});
      }
    }
    std::vector<std::string> cats;
    for (const auto& known : o.category_order)
      if (std::any_of(rs.begin(), rs.end(), [&](const Reason& r) { return r.category == known; }))
        cats.push_back(known);
    for (const auto& r : rs)
      if (std::find(cats.begin(), cats.end(), r.category) == cats.end()) cats.push_back(r.category);
    std::stable_sort(rs.begin(), rs.end(), [](const Reason& a, const Reason& b) {
      if (a.count->median != b.count->median) return a.count->median > b.count->median;
      return a.count->mean > b.count->mean;
    });
    // Labels must be unique on the axis: repeat the category where two reasons share a label.
    for (auto& r : rs) {
      const auto same =
          std::count_if(rs.begin(), rs.end(), [&](const Reason& other) { return other.label == r.label; });
      if (same > 1) r.label = r.category + ": " + r.label;
    }
    HBarChart chart;
    chart.description = reasons_description;
    chart.legend = true;
    chart.x_title = x_title;
    constexpr std::size_t kColours = std::size(palette::kCategories);
    for (std::size_t i = 0; i < cats.size(); ++i)
      chart.categories.emplace_back(cats[i], palette::kCategories[std::min(i, kColours - 1)]);
    double total_mean = 0;
    std::vector<double> cat_mean(cats.size(), 0.0);
    for (const auto& r : rs) {
      HBarRow row;
      row.label = r.label;
      row.category = r.category;
      row.x1 = r.count->median;
      row.text = plain(num(r.count->median));
      row.tooltip = tooltip_json(r.label, {{chart_words()("tip.category"), r.category},
                                           {chart_words()("tip.median"), plain(num(r.count->median))},
                                           {chart_words()("tip.mean"), plain(num(r.count->mean))}});
      chart.rows.push_back(std::move(row));
      const auto c = static_cast<std::size_t>(std::find(cats.begin(), cats.end(), r.category) - cats.begin());
      cat_mean[c] += r.count->mean;
      total_mean += r.count->mean;
    }
    if (!reasons_heading.empty()) body += fmt::format("<h3>{}</h3>\n", html_escape(reasons_heading));
    if (!reasons_intro.empty()) body += fmt::format("<p class=\"intro\">{}</p>\n", reasons_intro);
    body += page.chart(chart.description, hbar_spec(chart));
    std::string sentence = chart_words()("reasons.intro");
    for (std::size_t c = 0; c < cats.size(); ++c) {
      sentence += fmt::format(
          "{}{} {} ({})", c == 0 ? "" : (c + 1 == cats.size() ? chart_words()("list.and") : ", "),
          html_escape(cats[c]), num(std::round(cat_mean[c] * 10) / 10), share_of(cat_mean[c], total_mean));
    }
    sentence += chart_words()("reasons.most_frequent", {{"reason", html_escape(rs.front().label)},
                                                        {"median", num(rs.front().count->median)}});
    body += "<p class=\"sentence\">" + sentence + "</p>\n";
  }
  return body;
}

// --- Histogram ---------------------------------------------------------------------------------------

std::string histogram_html(const Distribution& d, ReportPage& page, const HistogramOptions& o) {
  if (d.bins.empty() || d.n == 0) return "";
  const std::string& unit = d.unit;
  Histogram h;
  h.description = o.description;
  h.x_title = o.x_title;
  h.x_format = is_fraction_unit(unit) ? ".0%" : ",~f";
  h.markers = o.markers;
  for (std::size_t i = 0; i < d.bins.size(); ++i) {
    HistBin b;
    b.x0 = d.start + static_cast<double>(i) * d.width;
    b.x1 = b.x0 + d.width;
    b.share = static_cast<double>(d.bins[i]) / static_cast<double>(d.n);
    std::string label;
    if (d.integer) {
      const double a = b.x0 + 0.5, z = b.x1 - 0.5;
      label = a == z ? plain(val(a, unit)) : plain(range(a, z, unit));
    } else {
      label = chart_words()("hist.range", {{"from", plain(val(b.x0, unit))}, {"to", plain(val(b.x1, unit))}});
    }
    b.tooltip = tooltip_json(
        label, {{chart_words()("tip.share_of_futures"),
                 plain(share_of(static_cast<double>(d.bins[i]), static_cast<double>(d.n)))},
                {chart_words()("tip.futures"), format_number(static_cast<double>(d.bins[i]), 0)}});
    h.bins.push_back(std::move(b));
  }
  h.lo = d.start;
  h.hi = d.start + static_cast<double>(d.bins.size()) * d.width;
  const double pad = 0.03 * (h.hi - h.lo);
  for (const auto& m : o.markers) {
    h.lo = std::min(h.lo, m.x - pad);
    h.hi = std::max(h.hi, m.x + pad);
  }
  std::string out;
  if (!o.heading.empty()) out += fmt::format("<h3>{}</h3>\n", html_escape(o.heading));
  out += page.chart(h.description.empty() ? o.heading : h.description, histogram_spec(h));
  return out;
}

}  // namespace sibsim::output::report
