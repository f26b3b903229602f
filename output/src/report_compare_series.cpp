#include "report_compare_series.hpp"

#include <cmath>
#include <map>
#include <vector>

#include "report_catalogues.hpp"
#include "report_columns.hpp"
#include "report_text.hpp"
#include "sibsim/output/report/sections.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

namespace {

/// One scenario's series: its dates and the statistics at each.
struct Series {
  std::vector<std::string> dates;
  std::map<std::string, std::map<std::string, double>> at;  ///< date -> statistic -> value
};

/// series name -> scenario -> Series, in the order the series first appear.
struct AllSeries {
  std::vector<std::string> order;
  std::map<std::string, std::map<std::size_t, Series>> by_name;
};

AllSeries read_series(const std::filesystem::path& path) {
  AllSeries all;
  const Table t = read_table(path, "/compare/series_summary");
  const auto scenario = numbers(t, "scenario");
  const auto statistic = strings(t, "statistic"), series = strings(t, "series"), date = strings(t, "date");
  const auto value = numbers(t, "value");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (!std::isfinite(scenario[i])) continue;
    if (!all.by_name.count(series[i])) all.order.push_back(series[i]);
    Series& s = all.by_name[series[i]][static_cast<std::size_t>(scenario[i])];
    if (!s.at.count(date[i])) s.dates.push_back(date[i]);
    s.at[date[i]][statistic[i]] = value[i];
  }
  return all;
}

double stat(const Series& s, const std::string& date, const char* statistic) {
  const auto d = s.at.find(date);
  if (d == s.at.end()) return NAN;
  const auto v = d->second.find(statistic);
  return v == d->second.end() ? NAN : v->second;
}

/// The base scenario's series as a TimeSeries (the fan), named as in the file.
TimeSeries as_time_series(const std::string& name, const Series& s) {
  TimeSeries ts;
  ts.name = name;
  ts.time = s.dates;
  for (const std::string& d : s.dates)
    ts.bands.push_back({stat(s, d, "p5"), stat(s, d, "p25"), stat(s, d, "p50"), stat(s, d, "p75"),
                        stat(s, d, "p95"), stat(s, d, "mean")});
  return ts;
}

}  // namespace

std::string compare_series_section(const std::filesystem::path& results_h5,
                                   const std::function<std::string(std::size_t)>& name, ReportPage& page) {
  if (!has_object(results_h5, "/compare/series_summary")) return "";
  const AllSeries all = read_series(results_h5);
  const Words& w = compare_words();
  std::string first, rest;
  for (const std::string& series : all.order) {
    const auto& scenarios = all.by_name.at(series);
    const auto base = scenarios.find(0);
    if (base == scenarios.end() || base->second.dates.empty()) continue;
    FanOptions o;
    const std::string label = localised_label(series, humanise(series));
    o.heading = capitalise(label);
    o.intro = w("series.intro", {{"base", html_escape(name(0))}});
    o.y_title = capitalise(label);
    std::string ends;
    std::size_t colour = 1;
    for (const auto& [s, variant] : scenarios) {
      if (s == 0 || variant.dates.empty()) continue;
      FanOptions::Line line;
      line.legend = html_escape(name(s));
      line.color = palette::kCategories[std::min(colour++, std::size(palette::kCategories) - 1)];
      line.dashed = false;
      for (const std::string& d : variant.dates)
        if (const auto day = parse_iso_date(d); day && std::isfinite(stat(variant, d, "p50")))
          line.points.emplace_back(*day, stat(variant, d, "p50"));
      const std::string& last = variant.dates.back();
      ends += w("series.variant_end", {{"variant", html_escape(name(s))},
                                       {"date", format_date(parse_iso_date(last).value_or(0), false)},
                                       {"value", num(stat(variant, last, "p50"))}});
      o.lines.push_back(std::move(line));
    }
    const auto fan = fan_chart(as_time_series(series, base->second), page, o);
    if (fan.html.empty()) continue;
    (first.empty() ? first : rest) += fan.html + "<p class=\"sentence\">" +
                                      w("series.base_sentence", {{"base", html_escape(name(0))}}) + " " +
                                      fan.sentence + ends + "</p>\n";
  }
  if (first.empty()) return "";
  std::string body = first;
  if (!rest.empty())
    body += "<details><summary>" + w("series.others") + "</summary>\n" + rest + "</details>\n";
  return section_html("over-time", w("series.title"), body);
}

}  // namespace sibsim::output::detail
