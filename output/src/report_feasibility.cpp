// The report of `sibsim feasibility` (kind "feasibility", output/SCHEMA.md): the answer in one
// sentence, then the chance of meeting the target at every value tried, with its CI, the required
// probability and the bracket the answer lies in, and the table of the values tried. When the file
// has /feasibility/implications (since 1.6), what the answer implies follows the answer: the
// headline KPIs at the answer's value in words, and all the implication rows in a table.
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <optional>
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

const Words& words() { return feasibility_words(); }

std::string not_available() { return page_words()("not_available"); }

struct Question {
  std::string parameter, kpi, direction, status, answer, answer_low, answer_high, text;
  double target = NAN, probability = NAN;
  /// A date answer as months after a date of the scenario (NaN, "": not read as a duration).
  double answer_months = NAN;
  std::string duration_from_label, duration_from_date;
  std::string duration_from;  ///< the key path of that date
};

struct Probe {
  std::uint64_t order = 0;
  std::string value;
  double x = NAN, replications = NAN, successes = NAN, p = NAN, lo = NAN, hi = NAN;
  std::string verdict;
};

/// One KPI at the answer's value (/feasibility/implications).
struct Implication {
  std::string kpi, label, unit;  ///< label in the report's language (else the file's, else kpi)
  bool headline = false;
  double mean = NAN, p5 = NAN, p50 = NAN, p95 = NAN, replications = NAN;
};

struct Feasibility {
  FileMeta meta;
  std::vector<Implication> implications;  ///< headline then steering KPIs, as the file has them
  bool has_question = false;
  Question q;
  std::vector<Probe> probes;  ///< in the order tried
  bool dates = false;         ///< every value is an ISO date
  std::string kpi_label;      ///< the KPI's label (/kpis, in the report's language), else its name
  std::string kpi_unit;       ///< its unit (/kpis), "" if unknown
};

Feasibility read_feasibility(const std::filesystem::path& path) {
  Feasibility f;
  f.meta = read_meta(path);
  if (has_object(path, "/feasibility/question")) {
    const Table t = read_table(path, "/feasibility/question");
    if (t.rows() > 0) {
      f.has_question = true;
      const auto s = [&](std::string_view name) { return strings(t, name).front(); };
      f.q = {s("parameter"),
             s("kpi"),
             s("direction"),
             s("status"),
             s("answer"),
             s("answer_low"),
             s("answer_high"),
             s("text"),
             numbers(t, "target").front(),
             numbers(t, "probability").front(),
             numbers(t, "answer_months").front(),  // since format 1.5; NaN before
             s("duration_from_label"),
             s("duration_from_date"),
             s("duration_from")};
    }
  }
  if (has_object(path, "/feasibility/probes")) {
    const Table t = read_table(path, "/feasibility/probes");
    const auto order = numbers(t, "order"), x = numbers(t, "x"), reps = numbers(t, "replications");
    const auto succ = numbers(t, "successes"), p = numbers(t, "probability"), lo = numbers(t, "ci_low"),
               hi = numbers(t, "ci_high");
    const auto value = strings(t, "value"), verdict = strings(t, "verdict");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      f.probes.push_back({std::isfinite(order[i]) ? static_cast<std::uint64_t>(order[i]) : i, value[i], x[i],
                          reps[i], succ[i], p[i], lo[i], hi[i], verdict[i]});
    }
    std::stable_sort(f.probes.begin(), f.probes.end(),
                     [](const Probe& a, const Probe& b) { return a.order < b.order; });
  }
  if (has_object(path, "/feasibility/implications")) {
    const Table t = read_table(path, "/feasibility/implications");
    const auto kpi = strings(t, "kpi"), label = strings(t, "label"), unit = strings(t, "unit"),
               groups = strings(t, "groups");
    const auto mean = numbers(t, "mean"), p5 = numbers(t, "p5"), p50 = numbers(t, "p50"),
               p95 = numbers(t, "p95"), reps = numbers(t, "replications");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      const std::string in_file = label[i].empty() ? humanise(kpi[i]) : label[i];
      const std::string g = ";" + groups[i] + ";";
      f.implications.push_back({kpi[i], localised_label(kpi[i], in_file), unit[i],
                                g.find(";headline;") != std::string::npos, mean[i], p5[i], p50[i], p95[i],
                                reps[i]});
    }
  }
  f.dates = !f.probes.empty() && std::all_of(f.probes.begin(), f.probes.end(), [](const Probe& p) {
    return parse_iso_date(p.value).has_value();
  });
  if (f.probes.empty()) f.dates = parse_iso_date(f.q.answer).has_value();
  f.kpi_label = f.q.kpi;
  for (const auto& k : read_kpis(path)) {
    if (k.name != f.q.kpi) continue;
    if (!k.label.empty()) f.kpi_label = k.label;
    f.kpi_unit = k.unit;
  }
  f.kpi_label = localised_label(f.q.kpi, f.kpi_label);
  return f;
}

std::optional<double> parse_number(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// A parameter value as a chart x: ms since 1970 for dates, else the number.
std::optional<double> chart_x(const Feasibility& f, std::string_view value) {
  if (f.dates) {
    const auto d = parse_iso_date(value);
    return d ? std::optional<double>(static_cast<double>(*d) * kMsPerDay) : std::nullopt;
  }
  return parse_number(value);
}

/// A parameter value for people: "15 September 2017", "true", "1,500".
std::string value_text(const Feasibility& f, std::string_view value) {
  if (value.empty()) return plain(not_available());
  if (f.dates) {
    if (const auto d = parse_iso_date(value)) return format_date(*d, false);
  }
  if (const auto v = parse_number(value)) return plain(num(*v));
  return std::string(value);
}

std::string kpi_condition(const Question& q) {
  return words()("condition", {{"kpi", html_escape(q.kpi)},
                               {"target", std::isfinite(q.target) ? num(q.target) : not_available()}});
}

std::string question_text(const Question& q) {
  return words()("question",
                 {{"largest", q.direction == "largest"},
                  {"param", html_escape(q.parameter)},
                  {"condition", kpi_condition(q)},
                  {"probability",
                   std::isfinite(q.probability) ? pct_number(q.probability) + "&nbsp;%" : not_available()}});
}

/// The target with the KPI's unit, plain text: "150 persons", "EUR 1,000", "80 %".
std::string target_text(const Feasibility& f) {
  const double t = f.q.target;
  const std::string_view unit = f.kpi_unit;
  if (unit.empty() || !std::isfinite(t)) return plain(num(t));
  if (is_money_unit(unit) || is_fraction_unit(unit)) return plain(val(t, unit));
  return plain(num(t) + "&nbsp;" + unit_label(unit));
}

/// The chart's y axis: "Chance that starters ≥ 150 persons"; for an event (a yes/no KPI, or a
/// chance that must be 1) its label, "Chance of reaching the target".
std::string y_title(const Feasibility& f) {
  const std::string label = decapitalise(f.kpi_label);
  const bool chance = label.starts_with(words()("chance_word") + " ");
  if (is_yes_no_unit(f.kpi_unit) || (chance && f.q.target == 1)) {
    return chance ? capitalise(label) : words()("chart.y_title_event", {{"kpi", label}});
  }
  return words()("chart.y_title", {{"kpi", label}, {"target", target_text(f)}});
}

/// A status or verdict of the file ("found", "meets", ...) in words; an unknown one as it is.
std::string status_word(std::string_view prefix, const std::string& status) {
  const std::string id = std::string(prefix) + status;
  const auto ids = words().ids();
  return std::find(ids.begin(), ids.end(), id) != ids.end() ? words()(id) : html_escape(status);
}

std::string status_text(const Feasibility& f) {
  const Question& q = f.q;
  const std::string low = html_escape(value_text(f, q.answer_low)),
                    high = html_escape(value_text(f, q.answer_high));
  // A one-value bracket means the neighbouring value tried was shown to fail: nothing to add.
  const bool bracket = !q.answer_low.empty() && !q.answer_high.empty() && q.answer_low != q.answer_high;
  if (q.status == "found") {
    return words()("status.found", {{"answer", html_escape(value_text(f, q.answer))},
                                    {"bracket", bracket},
                                    {"low", nowrap(low)},
                                    {"high", nowrap(high)}});
  }
  if (q.status == "always") {
    return words()("status.always",
                   {{"answer", q.answer.empty() ? WordValue(false)
                                                : WordValue(nowrap(html_escape(value_text(f, q.answer))))}});
  }
  if (q.status == "never") return words()("status.never");
  if (q.status == "undecided")
    return words()("status.undecided", {{"bracket", bracket}, {"low", nowrap(low)}, {"high", nowrap(high)}});
  return "";
}

double total(const std::vector<Probe>& probes, double Probe::*member) {
  return std::accumulate(probes.begin(), probes.end(), 0.0, [&](double s, const Probe& p) {
    return std::isfinite(p.*member) ? s + p.*member : s;
  });
}

std::string key_answers(const Feasibility& f) {
  if (!f.has_question) return "";
  std::string out =
      "<section id=\"key-answers\" class=\"answers\">\n<h2>" + page_words()("answers.title") + "</h2>\n";
  // The file's answer sentence is English (the command's output): a Dutch page words it itself below.
  if (!f.q.text.empty() && current_language() == Language::en)
    out += "<p class=\"big\">" + html_escape(f.q.text) + "</p>\n";
  out += "<ul>\n";
  out += "<li>" + question_text(f.q) + "</li>\n";
  if (const auto s = status_text(f); !s.empty())
    out += fmt::format("<li><span class=\"badge {}\">{}</span> {}</li>\n", html_escape(f.q.status),
                       status_word("badge.", f.q.status), s);
  if (std::isfinite(f.q.answer_months) && !f.q.duration_from_label.empty()) {
    const auto date = parse_iso_date(f.q.duration_from_date);
    // The model names the date in English; a Dutch page without the model's own word for it
    // names its key path instead.
    const std::string label = localised_label(f.q.duration_from, f.q.duration_from_label);
    const std::string from =
        current_language() != Language::en && label == f.q.duration_from_label && !f.q.duration_from.empty()
            ? "<code>" + html_escape(f.q.duration_from) + "</code>"
            : html_escape(label);
    out += "<li>" +
           words()("answers.duration",
                   {{"months", format_number(f.q.answer_months, 1)},
                    {"from", from},
                    {"date", date ? WordValue(format_date(*date, false)) : WordValue(false)}}) +
           "</li>\n";
  }
  if (!f.probes.empty()) {
    out += "<li>" +
           words()("answers.tried", {{"n", format_number(static_cast<double>(f.probes.size()), 0)},
                                     {"futures", format_number(total(f.probes, &Probe::replications), 0)}}) +
           "</li>\n";
  }
  out += "</ul>\n";
  out += "<p class=\"note\">" + words()("answers.note") + "</p>\n</section>\n";
  return out;
}

/// A value in a sentence with its unit: "EUR&nbsp;1,234", "62&nbsp;%", "3.5&nbsp;% a year",
/// "150&nbsp;persons" (a ratio and a unitless number as they are).
std::string with_unit(const std::string& number, std::string_view unit) {
  if (unit.starts_with("fraction/")) {  // "3.5&nbsp;% a year"
    const std::string label = unit_label(unit);
    return label.starts_with("% ") ? number + "&nbsp;" + html_escape(label.substr(2)) : number;
  }
  if (unit.empty() || unit == "ratio" || is_money_unit(unit) || is_fraction_unit(unit)) return number;
  return number + "&nbsp;" + html_escape(unit_label(unit));
}

/// What the answer implies: one sentence per headline KPI (median and 90 % interval; a yes/no KPI
/// as a chance, its mean; a KPI no future gave a value says so), then every implication row in a
/// table.
std::string implications_section(const Feasibility& f) {
  if (f.implications.empty()) return "";
  const double reps = f.implications.front().replications;
  std::string body = "<p class=\"intro\">" +
                     words()("implies.intro",
                             {{"answer", nowrap(html_escape(value_text(f, f.q.answer)))},
                              {"futures", std::isfinite(reps) ? format_number(reps, 0) : not_available()}}) +
                     "</p>\n";
  std::string sentences;
  for (const Implication& k : f.implications) {
    if (!k.headline) continue;
    const std::string label = html_escape(capitalise(k.label));
    if (std::isnan(k.p50)) {
      sentences += "<li>" + words()("implies.undefined", {{"kpi", label}}) + "</li>\n";
    } else if (is_yes_no_unit(k.unit)) {
      // "Chance of reaching the target: 62 %", not "...: a chance of 62 %".
      const bool named = decapitalise(k.label).starts_with(words()("chance_word") + " ");
      sentences += "<li>" +
                   words()("implies.chance",
                           {{"kpi", label}, {"named", named}, {"chance", format_probability(k.mean)}}) +
                   "</li>\n";
    } else {
      sentences += "<li>" +
                   words()("implies.median", {{"kpi", label},
                                              {"median", nowrap(with_unit(val(k.p50, k.unit), k.unit))},
                                              {"interval", with_unit(range(k.p5, k.p95, k.unit), k.unit)}}) +
                   "</li>\n";
    }
  }
  if (!sentences.empty()) body += "<ul>\n" + sentences + "</ul>\n";
  body +=
      "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("implies.head") + "</tr></thead>\n<tbody>\n";
  for (const Implication& k : f.implications) {
    const bool interval = std::isfinite(k.p5) && std::isfinite(k.p95);
    body += fmt::format(
        "<tr><td>{} <code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        html_escape(k.label), html_escape(k.kpi), k.unit.empty() ? "" : html_escape(unit_label(k.unit)),
        format_kpi_value(k.mean, k.unit), format_kpi_value(k.p50, k.unit),
        interval ? table_range(k.p5, k.p95, k.unit) : not_available());
  }
  body += "</tbody></table></div>\n";
  return section_html("implications", words()("implies.title"), body);
}

std::string chart_section(const Feasibility& f, ReportPage& page) {
  ProbabilityChart chart;
  chart.utc_time = f.dates;
  const std::string na = plain(not_available());
  for (const auto& p : f.probes) {
    std::optional<double> x = chart_x(f, p.value);
    if (!x && std::isfinite(p.x)) x = f.dates ? p.x * kMsPerDay : p.x;
    if (!x) continue;
    const std::string tip = tooltip_json(
        value_text(f, p.value),
        {
            {words()("tip.chance"), std::isfinite(p.p) ? plain(pct_number(p.p) + "&nbsp;%") : na},
            {words()("tip.ci"), std::isfinite(p.lo) ? plain(table_range(p.lo, p.hi, "fraction")) : na},
            {words()("tip.futures"),
             std::isfinite(p.replications) ? plain(format_number(p.replications, 0)) : na},
            {words()("tip.verdict"), plain(status_word("verdict.", p.verdict))},
            {words()("tip.tried_as"), plain(words()("tip.probe", {{"n", fmt::format("{}", p.order + 1)}}))},
        });
    chart.points.push_back({*x, p.p, p.lo, p.hi, p.verdict, tip});
  }
  if (chart.points.empty()) return "";
  chart.required = std::isfinite(f.q.probability) ? f.q.probability : 0;
  chart.required_label = words()("chart.required", {{"p", plain(pct_number(chart.required) + "&nbsp;%")}});
  const auto lo = chart_x(f, f.q.answer_low), hi = chart_x(f, f.q.answer_high);
  if (lo && hi) chart.bracket = std::pair{*lo, *hi};
  chart.x_title = f.q.parameter;
  chart.y_title = y_title(f);
  chart.description =
      words()("chart.description",
              {{"kpi", decapitalise(f.kpi_label)}, {"target", target_text(f)}, {"param", f.q.parameter}});
  std::string body = "<p class=\"intro\">" +
                     words()("chance.intro", {{"param", html_escape(f.q.parameter)},
                                              {"condition", kpi_condition(f.q)},
                                              {"bracket", chart.bracket.has_value()}}) +
                     "</p>\n";
  body += "<div class=\"legend\">" + legend_item("sw-meets", words()("legend.meets")) +
          legend_item("sw-fails", words()("legend.fails")) +
          legend_item("sw-undecided", words()("legend.undecided")) +
          legend_item("sw-rule", words()("legend.required"));
  if (chart.bracket) body += legend_item("sw-bracket", words()("legend.bracket"));
  body += "</div>\n";
  body += page.chart(chart.description, probability_spec(chart));
  return section_html("chance", words()("chance.title"), body);
}

std::string probes_section(const Feasibility& f) {
  if (f.probes.empty()) return "";
  std::string body = "<p class=\"intro\">" + words()("probes.intro") +
                     "</p>\n<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("probes.head") +
                     "</tr></thead>\n<tbody>\n";
  for (const auto& p : f.probes) {
    body += fmt::format(
        "<tr><td class=\"num\">{}</td><td>{} <code>{}</code></td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"badge "
        "{}\">{}</span></td></tr>\n",
        p.order + 1, html_escape(value_text(f, p.value)), html_escape(p.value),
        std::isfinite(p.replications) ? format_number(p.replications, 0) : not_available(),
        std::isfinite(p.successes) ? format_number(p.successes, 0) : not_available(),
        format_kpi_value(p.p, "fraction"),
        std::isfinite(p.lo) ? table_range(p.lo, p.hi, "fraction") : not_available(), html_escape(p.verdict),
        status_word("verdict.", p.verdict));
  }
  body += "</tbody></table></div>\n";
  return section_html("probes", words()("probes.title"), body);
}

}  // namespace

std::string feasibility_report(const std::filesystem::path& results_h5, std::string_view vega) {
  const Feasibility f = read_feasibility(results_h5);
  ReportPage page;
  std::string main_html;
  main_html += key_answers(f);
  main_html += implications_section(f);
  main_html += chart_section(f, page);
  main_html += probes_section(f);
  main_html += assumptions_section(f.meta, words()("input"));

  const auto& run = f.meta.run;
  PageHeader h;
  h.kicker = kicker(f.meta, words()("kicker"));
  // The question itself, then its scenario (plain text: header_html escapes it).
  h.title = f.q.parameter.empty()
                ? words()("title")
                : words()("title.param", {{"largest", f.q.direction == "largest"}, {"param", f.q.parameter}});
  if (!run.scenario_name.empty()) h.title += " (" + run.scenario_name + ")";
  h.lead = f.has_question ? plain(question_text(f.q)) : "";
  h.facts.emplace_back(words()("fact.values"), fmt::format("{}", f.probes.size()));
  h.facts.emplace_back(words()("fact.futures"), format_number(total(f.probes, &Probe::replications), 0));
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
