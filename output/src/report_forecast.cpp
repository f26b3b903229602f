// The report of `sibsim forecast` (kind "forecast", output/SCHEMA.md): the answer in words first
// (observed so far, the count by the deadline, the chance of the target, the count in the end),
// then the observed cumulative line with the forecast's fan after it, what it takes to reach the
// target (the remedies: the least effort of each, side by side, with a chart of their chances),
// the sites' updated rates, the check of the scenario's funnel against the observed totals (a
// warning when a total lies outside its simulated interval), the model's key figures over the
// forecast futures, and the input. /forecast/remedies, /forecast/check and /forecast/kpis are
// optional: without them their sections are left out.
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_kinds.hpp"
#include "report_page.hpp"
#include "report_text.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

namespace {

const Words& words() { return forecast_words(); }

std::string not_available() { return page_words()("not_available"); }

struct Question {
  std::string as_of, deadline, deadline_series_date, target_count, observed_file, eventually_date,
      rates_updated;
  std::string first_count;  ///< the count of /forecast/sites ("" in files without the field)
  double target = NAN, observed_total = NAN, p_target = NAN, p_target_low = NAN, p_target_high = NAN;
  double deadline_p5 = NAN, deadline_p50 = NAN, deadline_p95 = NAN;
  double eventually_p5 = NAN, eventually_p50 = NAN, eventually_p95 = NAN;
  double replications = NAN;
  double required_probability = NAN;  ///< the P(target) a remedy must reach
};

/// One date of /forecast/series.
struct SeriesRow {
  std::string date;
  double observed = NAN, p5 = NAN, p25 = NAN, p50 = NAN, p75 = NAN, p95 = NAN;
};

/// One row of /forecast/sites.
struct Site {
  std::string name;
  double prior_shape = NAN, exposure = NAN, observed = NAN, observed_target = NAN;
  double mean = NAN, p5 = NAN, p95 = NAN;
};

/// One row of /forecast/check.
struct Check {
  std::string count;
  double observed = NAN, p5 = NAN, p50 = NAN, p95 = NAN;
  std::string verdict;
  [[nodiscard]] bool outside() const { return verdict == "below" || verdict == "above"; }
};

/// One remedy of /forecast/remedies: the least effort that reaches the required probability.
struct Remedy {
  std::string remedy, label, key, first_value, last_value, status, answer, answer_low, answer_high, deadline,
      text;
  double candidates = NAN, probability = NAN, ci_low = NAN, ci_high = NAN;
  [[nodiscard]] bool single() const { return candidates == 1; }
  /// What it changes, plain text: the label in the file (in the language the forecast ran in),
  /// else the identifier humanised.
  [[nodiscard]] std::string name() const { return label.empty() ? humanise(remedy) : label; }
};

/// One KPI over the forecast futures (/forecast/kpis).
struct Kpi {
  std::string kpi, label, unit;  ///< label in the report's language (else the file's, else kpi)
  double mean = NAN, p5 = NAN, p50 = NAN, p95 = NAN, replications = NAN;
};

struct Forecast {
  FileMeta meta;
  bool has_question = false;
  Question q;
  std::vector<SeriesRow> series;
  std::vector<Site> sites;
  std::vector<Check> checks;
  std::vector<Kpi> kpis;
  std::vector<Remedy> remedies;
  std::vector<std::string> observed_counts;  ///< the count columns of /forecast/observed, in file order
  std::map<std::string, std::string, std::less<>> kpi_labels;  ///< /kpis: name -> label in the file

  [[nodiscard]] bool updated() const { return q.rates_updated != "no"; }
  /// A count of the observed file ("started") for people, plain text: the model's label in the
  /// report's language, else the label in /kpis, else the name humanised.
  [[nodiscard]] std::string count_label(const std::string& name) const {
    const auto k = kpi_labels.find(name);
    const std::string in_file = k != kpi_labels.end() && !k->second.empty() ? k->second : humanise(name);
    return decapitalise(localised_label(name, in_file));
  }
  [[nodiscard]] std::string noun() const { return html_escape(count_label(q.target_count)); }
};

Forecast read_forecast(const std::filesystem::path& path) {
  Forecast f;
  f.meta = read_meta(path);
  for (const auto& k : read_kpis(path)) f.kpi_labels.emplace(k.name, k.label);
  if (has_object(path, "/forecast/question")) {
    const Table t = read_table(path, "/forecast/question");
    if (t.rows() > 0) {
      f.has_question = true;
      const auto s = [&](std::string_view name) { return strings(t, name).front(); };
      const auto n = [&](std::string_view name) { return numbers(t, name).front(); };
      Question& q = f.q;
      q.as_of = s("as_of");
      q.deadline = s("deadline");
      q.deadline_series_date = s("deadline_series_date");
      q.target_count = s("target_count");
      q.observed_file = s("observed_file");
      q.eventually_date = s("eventually_date");
      q.rates_updated = s("rates_updated");
      q.first_count = s("first_count");  // since the remedies; "" before
      q.target = n("target");
      q.observed_total = n("observed_total");
      q.p_target = n("p_target");
      q.p_target_low = n("p_target_low");
      q.p_target_high = n("p_target_high");
      q.deadline_p5 = n("deadline_p5");
      q.deadline_p50 = n("deadline_p50");
      q.deadline_p95 = n("deadline_p95");
      q.eventually_p5 = n("eventually_p5");
      q.eventually_p50 = n("eventually_p50");
      q.eventually_p95 = n("eventually_p95");
      q.replications = n("replications");
      q.required_probability = n("required_probability");
    }
  }
  if (has_object(path, "/forecast/series")) {
    const Table t = read_table(path, "/forecast/series");
    const auto date = strings(t, "date");
    const auto observed = numbers(t, "observed"), p5 = numbers(t, "p5"), p25 = numbers(t, "p25"),
               p50 = numbers(t, "p50"), p75 = numbers(t, "p75"), p95 = numbers(t, "p95");
    for (std::size_t i = 0; i < t.rows(); ++i)
      f.series.push_back({date[i], observed[i], p5[i], p25[i], p50[i], p75[i], p95[i]});
  }
  if (has_object(path, "/forecast/sites")) {
    const Table t = read_table(path, "/forecast/sites");
    const auto site = strings(t, "site");
    const auto shape = numbers(t, "prior_shape"), exposure = numbers(t, "exposure"),
               observed = numbers(t, "observed"), target = numbers(t, "observed_target_count"),
               mean = numbers(t, "posterior_mean"), p5 = numbers(t, "posterior_p5"),
               p95 = numbers(t, "posterior_p95");
    for (std::size_t i = 0; i < t.rows(); ++i)
      f.sites.push_back({site[i], shape[i], exposure[i], observed[i], target[i], mean[i], p5[i], p95[i]});
  }
  if (has_object(path, "/forecast/check")) {
    const Table t = read_table(path, "/forecast/check");
    const auto count = strings(t, "count"), verdict = strings(t, "verdict");
    const auto observed = numbers(t, "observed"), p5 = numbers(t, "simulated_p5"),
               p50 = numbers(t, "simulated_p50"), p95 = numbers(t, "simulated_p95");
    for (std::size_t i = 0; i < t.rows(); ++i)
      f.checks.push_back({count[i], observed[i], p5[i], p50[i], p95[i], verdict[i]});
  }
  if (has_object(path, "/forecast/remedies")) {
    const Table t = read_table(path, "/forecast/remedies");
    const auto remedy = strings(t, "remedy"), label = strings(t, "label"), key = strings(t, "key"),
               first = strings(t, "first_value"), last = strings(t, "last_value"),
               status = strings(t, "status"), answer = strings(t, "answer"), low = strings(t, "answer_low"),
               high = strings(t, "answer_high"), deadline = strings(t, "deadline"), text = strings(t, "text");
    const auto candidates = numbers(t, "candidates"), p = numbers(t, "probability"),
               lo = numbers(t, "ci_low"), hi = numbers(t, "ci_high");
    for (std::size_t i = 0; i < t.rows(); ++i)
      f.remedies.push_back({remedy[i], label[i], key[i], first[i], last[i], status[i], answer[i], low[i],
                            high[i], deadline[i], text[i], candidates[i], p[i], lo[i], hi[i]});
  }
  if (has_object(path, "/forecast/observed")) {
    for (const auto& c : read_table(path, "/forecast/observed").columns)
      if (c.name != "month" && c.name != "site") f.observed_counts.push_back(c.name);
  }
  if (has_object(path, "/forecast/kpis")) {
    const Table t = read_table(path, "/forecast/kpis");
    const auto kpi = strings(t, "kpi"), label = strings(t, "label"), unit = strings(t, "unit");
    const auto mean = numbers(t, "mean"), p5 = numbers(t, "p5"), p50 = numbers(t, "p50"),
               p95 = numbers(t, "p95"), reps = numbers(t, "replications");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      const std::string in_file = label[i].empty() ? humanise(kpi[i]) : label[i];
      f.kpis.push_back(
          {kpi[i], localised_label(kpi[i], in_file), unit[i], mean[i], p5[i], p50[i], p95[i], reps[i]});
    }
  }
  return f;
}

/// An ISO date in words ("1 March 2017"), else as given (escaped); "n/a" when empty.
std::string date_text(std::string_view iso) {
  if (iso.empty()) return not_available();
  if (const auto d = parse_iso_date(iso)) return format_date(*d, false);
  return html_escape(iso);
}

/// A count for a sentence or a table ("87", "148.5"); "n/a" when not finite.
std::string count_text(double x) { return std::isfinite(x) ? num(x) : not_available(); }

/// An interval of counts, or "n/a" when a bound is missing.
std::string count_range(double lo, double hi) {
  return std::isfinite(lo) && std::isfinite(hi) ? range(lo, hi, "") : not_available();
}

/// The futures simulated: the question's count, else the replications asked for.
double futures(const Forecast& f) {
  if (std::isfinite(f.q.replications)) return f.q.replications;
  return static_cast<double>(f.meta.run.replications_requested);
}

/// "a", "a and b", "a, b and c" (HTML items).
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    // (appended piece by piece: `" " + std::string` trips GCC 12's -Wrestrict false positive)
    if (i > 0 && i + 1 == items.size()) {
      out += ' ';
      out += words()("and");
      out += ' ';
    } else if (i > 0) {
      out += ", ";
    }
    out += items[i];
  }
  return out;
}

/// The warning that the scenario's funnel converts differently from what was observed, when a
/// check total lies outside its simulated interval; "" otherwise.
std::string warning_html(const Forecast& f) {
  std::vector<std::string> outside;
  for (const Check& c : f.checks)
    if (c.outside()) outside.push_back(html_escape(f.count_label(c.count)));
  if (outside.empty()) return "";
  return "<p class=\"warning\">" +
         words()("warning", {{"counts", joined(outside)}, {"one", outside.size() == 1}}) + "</p>\n";
}

std::string key_answers(const Forecast& f) {
  if (!f.has_question) return "";
  const Question& q = f.q;
  const std::string noun = f.noun(), as_of = date_text(q.as_of);
  std::vector<std::string> items;
  items.push_back(
      words()("answers.observed",
              {{"as_of", nowrap(as_of)}, {"value", count_text(q.observed_total)}, {"noun", noun}}));
  const bool read_on = !q.deadline_series_date.empty() && q.deadline_series_date != q.deadline;
  items.push_back(
      words()("answers.deadline", {{"deadline", nowrap(date_text(q.deadline))},
                                   {"read_on", read_on},
                                   {"series_date", read_on ? nowrap(date_text(q.deadline_series_date)) : ""},
                                   {"median", count_text(q.deadline_p50)},
                                   {"noun", noun},
                                   {"range", count_range(q.deadline_p5, q.deadline_p95)}}));
  if (std::isfinite(q.target)) {
    const bool interval = std::isfinite(q.p_target_low) && std::isfinite(q.p_target_high);
    items.push_back(words()(
        "answers.chance",
        {{"target", num(q.target)},
         {"noun", noun},
         {"chance", format_probability(q.p_target)},
         {"range", interval ? range(q.p_target_low, q.p_target_high, "fraction") : not_available()}}));
  }
  if (!q.eventually_date.empty() || std::isfinite(q.eventually_p50)) {
    items.push_back(
        words()("answers.eventually", {{"date", nowrap(date_text(q.eventually_date))},
                                       {"median", count_text(q.eventually_p50)},
                                       {"noun", noun},
                                       {"range", count_range(q.eventually_p5, q.eventually_p95)}}));
  }
  std::string out = "<section id=\"key-answers\" class=\"answers\">\n<h2>" + page_words()("answers.title") +
                    "</h2>\n<ul>\n";
  for (const auto& item : items) out += "<li>" + item + "</li>\n";
  out += "</ul>\n";
  out += warning_html(f);
  out += "<p class=\"note\">" +
         words()("answers.note", {{"futures", format_number(futures(f), 0)},
                                  {"as_of", nowrap(as_of)},
                                  {"updated", f.updated()}}) +
         "</p>\n</section>\n";
  return out;
}

/// The observed cumulative line up to the as-of date and the forecast's fan after it, with the
/// target and the deadline.
std::string chart_section(const Forecast& f, ReportPage& page) {
  struct Dated {
    double x;  ///< ms since 1970
    const SeriesRow* row;
  };
  std::vector<Dated> rows;
  for (const SeriesRow& r : f.series)
    if (const auto d = parse_iso_date(r.date)) rows.push_back({static_cast<double>(*d) * kMsPerDay, &r});
  if (rows.empty()) return "";
  // The fan starts at the last observed date, so it continues the observed line.
  std::size_t first_forecast = 0;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (std::isfinite(rows[i].row->observed)) first_forecast = i;

  const std::string noun = plain(f.noun());
  const std::string as_of = plain(date_text(f.q.as_of));
  const bool target = std::isfinite(f.q.target);
  FanChart chart;
  chart.utc_time = true;
  FanLine observed{plain(words()("legend.observed")), palette::kInk, {}, false, false};
  for (const Dated& d : rows) {
    const SeriesRow& r = *d.row;
    if (std::isfinite(r.observed)) observed.points.emplace_back(d.x, r.observed);
  }
  for (std::size_t i = first_forecast; i < rows.size(); ++i) {
    const SeriesRow& r = *rows[i].row;
    if (!std::isfinite(r.p50)) continue;
    FanPoint p;
    p.x = rows[i].x;
    p.p5 = r.p5;
    p.p25 = r.p25;
    p.p50 = r.p50;
    p.p75 = r.p75;
    p.p95 = r.p95;
    std::vector<std::pair<std::string, std::string>> tip;
    if (std::isfinite(r.observed)) tip.emplace_back(plain(words()("tip.observed")), plain(num(r.observed)));
    tip.emplace_back(plain(words()("tip.median")), plain(num(r.p50)));
    tip.emplace_back(plain(words()("tip.middle50")), plain(count_range(r.p25, r.p75)));
    tip.emplace_back(plain(words()("tip.middle90")), plain(count_range(r.p5, r.p95)));
    if (target) tip.emplace_back(plain(words()("tip.target")), plain(num(f.q.target)));
    p.tooltip = tooltip_json(plain(date_text(r.date)), tip);
    chart.points.push_back(std::move(p));
  }
  if (chart.points.empty() && observed.points.empty()) return "";
  for (std::size_t i = 0; i < chart.points.size(); ++i) {
    auto& p = chart.points[i];
    p.x0 = i == 0 ? p.x : (chart.points[i - 1].x + p.x) / 2;
    p.x1 = i + 1 == chart.points.size() ? p.x : (p.x + chart.points[i + 1].x) / 2;
  }
  const bool has_observed = !observed.points.empty();
  if (has_observed) chart.lines.push_back(std::move(observed));
  if (target) {
    chart.target = f.q.target;
    chart.target_label = plain(words()("chart.target", {{"target", num(f.q.target)}}));
  }
  const auto deadline = parse_iso_date(f.q.deadline);
  if (deadline) {
    chart.deadline_x = static_cast<double>(*deadline) * kMsPerDay;
    chart.deadline_label = plain(words()("chart.deadline"));
  }
  chart.y_title = capitalise(plain(words()("chart.y_title", {{"noun", noun}})));
  chart.y_format = ",~f";
  chart.description = plain(words()("chart.description", {{"noun", noun}, {"as_of", as_of}}));

  std::string body =
      "<p class=\"intro\">" + words()("chart.intro", {{"as_of", nowrap(date_text(f.q.as_of))}}) + "</p>\n";
  body += "<div class=\"legend\">";
  if (has_observed)
    body += fmt::format("<span><i class=\"sw sw-line\" style=\"border-top-color: {}\"></i>{}</span>",
                        palette::kInk, words()("legend.observed"));
  body += legend_item("sw-median", words()("legend.median")) +
          legend_item("sw-band50", words()("legend.middle50")) +
          legend_item("sw-band90", words()("legend.middle90"));
  if (target) body += legend_item("sw-target", words()("legend.target", {{"target", num(f.q.target)}}));
  if (deadline) body += legend_item("sw-deadline", words()("chart.deadline"));
  body += "</div>\n";
  body += page.chart(chart.description, fan_spec(chart));
  return section_html("forecast-chart", words()("chart.title"), body);
}

std::optional<double> parse_number(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// A remedy's value for people (HTML): a date in words ("1 November 2017"), a number ("0.95",
/// "3"), anything else as given (escaped); "n/a" when empty.
std::string value_text(std::string_view value) {
  if (value.empty()) return not_available();
  if (const auto d = parse_iso_date(value)) return format_date(*d, false);
  if (const auto v = parse_number(value)) return num(*v);
  return html_escape(value);
}

/// HTML as plain text for a chart (tags dropped, &nbsp; and the escaped characters decoded).
std::string plain_text(std::string_view html) {
  const std::string p = plain(html);
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    bool decoded = false;
    for (const auto& [entity, c] : {std::pair<std::string_view, char>{"&amp;", '&'},
                                    {"&lt;", '<'},
                                    {"&gt;", '>'},
                                    {"&quot;", '"'},
                                    {"&#39;", '\''}}) {
      if (std::string_view(p).substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        decoded = true;
        break;
      }
    }
    if (!decoded) out += p[i];
  }
  return out;
}

/// A chance as "80&nbsp;%" (the required probability), "n/a" when not finite.
std::string percent(double p) { return std::isfinite(p) ? pct_number(p) + "&nbsp;%" : not_available(); }

/// The least effort that reaches it, or why there is none (HTML).
std::string answer_text(const Remedy& r) {
  const bool bracket = !r.answer_low.empty() && !r.answer_high.empty() && r.answer_low != r.answer_high;
  const auto bracket_values = [&]() -> WordValues {
    return {{"bracket", bracket},
            {"low", nowrap(value_text(r.answer_low))},
            {"high", nowrap(value_text(r.answer_high))}};
  };
  if (r.status == "found") {
    WordValues v = bracket_values();
    v.emplace_back("answer", nowrap(value_text(r.answer)));
    return words()("remedies.found", v);
  }
  if (r.status == "always") {
    return words()(
        "remedies.always",
        {{"answer", nowrap(value_text(r.answer.empty() ? r.first_value : r.answer))}, {"one", r.single()}});
  }
  if (r.status == "never") return words()("remedies.never", {{"one", r.single()}});
  if (r.status == "undecided") return words()("remedies.undecided", bracket_values());
  if (r.status == "error") return words()("remedies.error", {{"text", html_escape(r.text)}});
  return html_escape(r.status);
}

/// The candidate values tried: "1 September 2017 to 1 August 2018", "one option: 1 March 2017".
std::string range_tried(const Remedy& r) {
  if (r.single()) return words()("remedies.one_option", {{"value", nowrap(value_text(r.first_value))}});
  if (r.first_value.empty() && r.last_value.empty()) return not_available();
  return words()("remedies.range",
                 {{"first", nowrap(value_text(r.first_value))}, {"last", nowrap(value_text(r.last_value))}});
}

/// How the chart colours a remedy's bar: it reaches the required chance, it does not, or undecided.
std::string bar_verdict(const Remedy& r) {
  if (r.status == "found" || r.status == "always") return "meets";
  if (r.status == "undecided") return "undecided";
  return "fails";
}

/// The chance at each remedy's answer (at its most effort when never) with its Wilson interval,
/// a bar per remedy with a chance, and the required probability as a rule; "" when none has one.
std::string remedies_chart(const Forecast& f, ReportPage& page) {
  const std::string required = percent(f.q.required_probability);
  ChanceBarChart chart;
  chart.description = plain(words()("remedies.description", {{"probability", required}}));
  chart.x_title = plain(words()("remedies.x_title"));
  if (std::isfinite(f.q.required_probability)) {
    chart.required = f.q.required_probability;
    chart.required_label = plain(words()("remedies.required", {{"probability", required}}));
  }
  std::set<std::string, std::less<>> verdicts;  // the legend shows the colours drawn
  for (const Remedy& r : f.remedies) {
    if (!std::isfinite(r.probability)) continue;
    const bool interval = std::isfinite(r.ci_low) && std::isfinite(r.ci_high);
    std::vector<std::pair<std::string, std::string>> tip;
    tip.emplace_back(plain(words()("remedies.tip.answer")), plain_text(answer_text(r)));
    tip.emplace_back(plain(words()("remedies.tip.deadline")), plain(date_text(r.deadline)));
    tip.emplace_back(plain(words()("remedies.tip.chance")), plain(format_probability(r.probability)));
    if (interval)
      tip.emplace_back(plain(words()("remedies.tip.interval")),
                       plain(range(r.ci_low, r.ci_high, "fraction")));
    const std::string verdict = bar_verdict(r);
    verdicts.insert(verdict);
    chart.rows.push_back({r.name(), r.probability, r.ci_low, r.ci_high, verdict,
                          plain(format_probability(r.probability)), tooltip_json(r.name(), tip)});
  }
  if (chart.rows.empty()) return "";
  std::string out =
      "<p class=\"intro\">" + words()("remedies.chart_intro", {{"probability", required}}) + "</p>\n";
  out += "<div class=\"legend\">";
  for (const char* verdict : {"meets", "fails", "undecided"})
    if (verdicts.contains(verdict))
      out += legend_item(std::string("sw-") + verdict, words()(std::string("remedies.legend.") + verdict));
  if (chart.required)
    out += legend_item("sw-rule", words()("remedies.required", {{"probability", required}}));
  out += "</div>\n";
  out += page.chart(chart.description, chance_bar_spec(chart));
  return out;
}

/// What it takes (/forecast/remedies): each remedy's least effort that reaches the required
/// probability, side by side, then the chart of their chances.
std::string remedies_section(const Forecast& f, ReportPage& page) {
  if (f.remedies.empty()) return "";
  const bool has_target = std::isfinite(f.q.target);
  std::string body = "<p class=\"intro\">" +
                     words()("remedies.intro", {{"has_target", has_target},
                                                {"target", has_target ? num(f.q.target) : ""},
                                                {"noun", f.noun()},
                                                {"probability", percent(f.q.required_probability)}}) +
                     "</p>\n";
  body += "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("remedies.head") +
          "</tr></thead>\n<tbody>\n";
  for (const Remedy& r : f.remedies) {
    const bool chance = std::isfinite(r.probability);
    const bool interval = std::isfinite(r.ci_low) && std::isfinite(r.ci_high);
    body += fmt::format(
        "<tr class=\"remedy {}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        html_escape(r.status), html_escape(r.name()), answer_text(r),
        r.deadline.empty() ? "\u2014" : nowrap(date_text(r.deadline)),
        chance ? format_probability(r.probability) : "\u2014",
        interval ? range(r.ci_low, r.ci_high, "fraction") : "\u2014", range_tried(r));
  }
  body += "</tbody></table></div>\n";
  body += remedies_chart(f, page);
  body += "<p class=\"note\">" + words()("remedies.note") + "</p>\n";
  return section_html("remedies", words()("remedies.title"), body);
}

/// The count the sites' rates are updated from: /forecast/question's first_count; in a file
/// without it, the first row of /forecast/check (the funnel's first count), else the first count of
/// /forecast/observed, else a generic word.
std::string first_count(const Forecast& f) {
  if (!f.q.first_count.empty()) return html_escape(f.count_label(f.q.first_count));
  for (const Check& c : f.checks)
    if (!c.count.empty()) return html_escape(f.count_label(c.count));
  if (!f.observed_counts.empty()) return html_escape(f.count_label(f.observed_counts.front()));
  return words()("sites.count");
}

std::string sites_section(const Forecast& f) {
  if (f.sites.empty()) return "";
  const std::string as_of = nowrap(date_text(f.q.as_of)), count = first_count(f);
  std::string body;
  if (f.updated()) {
    body += "<p class=\"intro\">" + words()("sites.updated", {{"count", count}, {"as_of", as_of}}) + "</p>\n";
  } else {
    body += "<p class=\"note fixed\">" + words()("not_updated", {{"as_of", as_of}}) + "</p>\n";
  }
  body += "<div class=\"table-wrap\"><table>\n<thead><tr>" +
          words()("sites.head", {{"count", count}, {"target", f.noun()}}) + "</tr></thead>\n<tbody>\n";
  for (const Site& s : f.sites) {
    const bool fixed = std::isinf(s.prior_shape) && s.prior_shape > 0;
    const std::string shape = fixed                          ? words()("sites.fixed")
                              : std::isfinite(s.prior_shape) ? num(s.prior_shape)
                                                             : not_available();
    const bool interval = !fixed && std::isfinite(s.p5) && std::isfinite(s.p95);
    body += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(s.name), count_text(s.observed), count_text(s.exposure), shape, count_text(s.mean),
        interval ? range(s.p5, s.p95, "") : "\u2014", count_text(s.observed_target));
  }
  body += "</tbody></table></div>\n";
  body += "<p class=\"note\">" + words()("sites.note", {{"as_of", as_of}}) + "</p>\n";
  return section_html("sites", words()("sites.title"), body);
}

std::string verdict_text(const Check& c) {
  if (c.verdict == "inside" || c.verdict == "below" || c.verdict == "above")
    return words()("verdict." + c.verdict);
  if (c.verdict.empty()) return words()("verdict.none");
  return html_escape(c.verdict);
}

std::string check_section(const Forecast& f) {
  if (f.checks.empty()) return "";
  std::size_t compared = 0, inside = 0;
  for (const Check& c : f.checks) {
    if (!c.verdict.empty()) ++compared;
    if (c.verdict == "inside") ++inside;
  }
  std::string body =
      "<p class=\"intro\">" + words()("check.intro", {{"as_of", nowrap(date_text(f.q.as_of))}}) + "</p>\n";
  if (compared > 0) {
    body += "<p class=\"sentence\">" +
            words()("check.sentence", {{"inside", format_number(static_cast<double>(inside), 0)},
                                       {"n", format_number(static_cast<double>(compared), 0)},
                                       {"one", compared == 1}}) +
            "</p>\n";
  }
  body +=
      "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("check.head") + "</tr></thead>\n<tbody>\n";
  for (const Check& c : f.checks) {
    const std::string label = f.count_label(c.count);
    const std::string badge = c.verdict == "inside" ? "inside" : c.outside() ? "outside" : "";
    body += fmt::format(
        "<tr><td>{}{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td><span class=\"badge {}\">{}</span></td></tr>\n",
        html_escape(capitalise(label)), label == c.count ? "" : " <code>" + html_escape(c.count) + "</code>",
        count_text(c.observed), count_text(c.p50), count_range(c.p5, c.p95), badge, verdict_text(c));
  }
  body += "</tbody></table></div>\n";
  return section_html("check", words()("check.title"), body);
}

/// The model's key figures over the forecast futures: mean, median and 90 % interval by unit; a
/// yes/no KPI shows its chance as the mean and no median or interval.
std::string kpis_section(const Forecast& f) {
  if (f.kpis.empty()) return "";
  const double reps = std::isfinite(f.kpis.front().replications) ? f.kpis.front().replications : futures(f);
  std::string body = "<p class=\"intro\">" +
                     words()("kpis.intro", {{"futures", format_number(reps, 0)}, {"updated", f.updated()}}) +
                     "</p>\n";
  body +=
      "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("kpis.head") + "</tr></thead>\n<tbody>\n";
  for (const Kpi& k : f.kpis) {
    const bool yes_no = is_yes_no_unit(k.unit);
    const bool interval = std::isfinite(k.p5) && std::isfinite(k.p95);
    body += fmt::format(
        "<tr><td>{} <code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        html_escape(capitalise(k.label)), html_escape(k.kpi),
        k.unit.empty() ? "" : html_escape(unit_label(k.unit)), format_kpi_value(k.mean, k.unit),
        yes_no ? "\u2014" : format_kpi_value(k.p50, k.unit),
        yes_no     ? "\u2014"
        : interval ? table_range(k.p5, k.p95, k.unit)
                   : not_available());
  }
  body += "</tbody></table></div>\n";
  return section_html("kpis", words()("kpis.title"), body);
}

}  // namespace

std::string forecast_report(const std::filesystem::path& results_h5, std::string_view vega) {
  const Forecast f = read_forecast(results_h5);
  ReportPage page;
  std::string main_html;
  main_html += key_answers(f);
  main_html += chart_section(f, page);
  main_html += remedies_section(f, page);
  main_html += sites_section(f);
  main_html += check_section(f);
  // Without a sites table the note that nothing was updated goes on its own.
  if (f.has_question && !f.updated() && f.sites.empty())
    main_html +=
        section_html("not-updated", words()("sites.title"),
                     "<p class=\"note fixed\">" +
                         words()("not_updated", {{"as_of", nowrap(date_text(f.q.as_of))}}) + "</p>\n");
  main_html += kpis_section(f);
  main_html += assumptions_section(f.meta, words()("input"));

  const auto& run = f.meta.run;
  PageHeader h;
  h.kicker = kicker(f.meta, words()("kicker"));
  const auto as_of = parse_iso_date(f.q.as_of);
  h.title = as_of ? words()("title", {{"date", format_date(*as_of, false)}}) : words()("title.undated");
  if (!run.scenario_name.empty()) h.title += " (" + run.scenario_name + ")";
  if (f.has_question) {
    h.lead = plain(words()("lead", {{"as_of", date_text(f.q.as_of)},
                                    {"noun", f.noun()},
                                    {"deadline", date_text(f.q.deadline)},
                                    {"has_target", std::isfinite(f.q.target)},
                                    {"target", std::isfinite(f.q.target) ? num(f.q.target) : ""}}));
    h.facts.emplace_back(words()("fact.as_of"), date_text(f.q.as_of));
  }
  h.facts.emplace_back(words()("fact.futures"), format_number(futures(f), 0));
  if (!f.q.observed_file.empty())
    h.facts.emplace_back(words()("fact.observed_file"),
                         "<code>" + html_escape(f.q.observed_file) + "</code>");
  for (auto& fact : provenance_facts(f.meta)) h.facts.push_back(std::move(fact));
  return page_document({
      .title = words()("tab_title", {{"title", h.title}}),
      .header = header_html(h),
      .main = std::move(main_html),
      .charts = page.charts(),
      .vega = vega,
      .program_version = run.program_version,
      .source_name = results_h5.filename().string(),
  });
}

}  // namespace sibsim::output::detail
