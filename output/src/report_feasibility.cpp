// The report of `sibsim feasibility` (kind "feasibility", output/SCHEMA.md): the answer in one
// sentence, then the chance of meeting the target at every value tried, with its CI, the required
// probability and the bracket the answer lies in, and the table of the values tried.
#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_kinds.hpp"
#include "report_page.hpp"
#include "report_text.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

namespace {

struct Question {
  std::string parameter, kpi, direction, status, answer, answer_low, answer_high, text;
  double target = NAN, probability = NAN;
  /// A date answer as months after a date of the scenario (NaN, "": not read as a duration).
  double answer_months = NAN;
  std::string duration_from_label, duration_from_date;
};

struct Probe {
  std::uint64_t order = 0;
  std::string value;
  double x = NAN, replications = NAN, successes = NAN, p = NAN, lo = NAN, hi = NAN;
  std::string verdict;
};

struct Feasibility {
  FileMeta meta;
  bool has_question = false;
  Question q;
  std::vector<Probe> probes;  ///< in the order tried
  bool dates = false;         ///< every value is an ISO date
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
             s("duration_from_date")};
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
  f.dates = !f.probes.empty() && std::all_of(f.probes.begin(), f.probes.end(), [](const Probe& p) {
    return parse_iso_date(p.value).has_value();
  });
  if (f.probes.empty()) f.dates = parse_iso_date(f.q.answer).has_value();
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
  if (value.empty()) return "n/a";
  if (f.dates) {
    if (const auto d = parse_iso_date(value)) return format_date(*d, false);
  }
  if (const auto v = parse_number(value)) return plain(num(*v));
  return std::string(value);
}

std::string kpi_condition(const Question& q) {
  return fmt::format("<code>{}</code> is at least {}", html_escape(q.kpi),
                     std::isfinite(q.target) ? num(q.target) : "n/a");
}

std::string question_text(const Question& q) {
  return fmt::format("What is the {} value of <code>{}</code> for which the chance that {} is at least {}?",
                     q.direction == "largest" ? "largest" : "smallest", html_escape(q.parameter),
                     kpi_condition(q),
                     std::isfinite(q.probability) ? pct_number(q.probability) + "&nbsp;%" : "n/a");
}

std::string status_text(const Feasibility& f) {
  const Question& q = f.q;
  const std::string low = html_escape(value_text(f, q.answer_low)),
                    high = html_escape(value_text(f, q.answer_high));
  // A one-value bracket means the neighbouring value tried was shown to fail: nothing to add.
  const bool bracket = !q.answer_low.empty() && !q.answer_high.empty() && q.answer_low != q.answer_high;
  if (q.status == "found") {
    return fmt::format("Answer: <strong>{}</strong>{}.", html_escape(value_text(f, q.answer)),
                       bracket ? fmt::format(", somewhere between {} and {} given the Monte Carlo error",
                                             nowrap(low), nowrap(high))
                               : "");
  }
  if (q.status == "always") {
    return fmt::format("Every value tried meets the requirement{}.",
                       q.answer.empty() ? ""
                                        : ", so the answer is the end of the search range: " +
                                              nowrap(html_escape(value_text(f, q.answer))));
  }
  if (q.status == "never") return "No value tried meets the requirement.";
  if (q.status == "undecided") {
    return fmt::format(
        "The simulations could not decide within the replications allowed{}.",
        bracket ? fmt::format("; the answer lies between {} and {}", nowrap(low), nowrap(high)) : "");
  }
  return "";
}

double total(const std::vector<Probe>& probes, double Probe::*member) {
  return std::accumulate(probes.begin(), probes.end(), 0.0, [&](double s, const Probe& p) {
    return std::isfinite(p.*member) ? s + p.*member : s;
  });
}

std::string key_answers(const Feasibility& f) {
  if (!f.has_question) return "";
  std::string out = "<section id=\"key-answers\" class=\"answers\">\n<h2>Key answers</h2>\n";
  if (!f.q.text.empty()) out += "<p class=\"big\">" + html_escape(f.q.text) + "</p>\n";
  out += "<ul>\n";
  out += "<li>" + question_text(f.q) + "</li>\n";
  if (const auto s = status_text(f); !s.empty())
    out += fmt::format("<li><span class=\"badge {0}\">{0}</span> {1}</li>\n", html_escape(f.q.status), s);
  if (std::isfinite(f.q.answer_months) && !f.q.duration_from_label.empty()) {
    const auto from = parse_iso_date(f.q.duration_from_date);
    out += fmt::format("<li>As a duration: <strong>{}&nbsp;months</strong> after {}{}.</li>\n",
                       format_number(f.q.answer_months, 1), html_escape(f.q.duration_from_label),
                       from ? " (" + format_date(*from, false) + ")" : std::string());
  }
  if (!f.probes.empty()) {
    out += fmt::format("<li>{} values tried, with {} simulated futures in all.</li>\n", f.probes.size(),
                       format_number(total(f.probes, &Probe::replications), 0));
  }
  out += "</ul>\n";
  out +=
      "<p class=\"note\">Each value was simulated until its chance of meeting the target was clearly above "
      "or "
      "below the required probability (or the replications allowed ran out). The bracket is where the answer "
      "lies given that Monte Carlo error.</p>\n</section>\n";
  return out;
}

std::string chart_section(const Feasibility& f, ReportPage& page) {
  ProbabilityChart chart;
  chart.utc_time = f.dates;
  for (const auto& p : f.probes) {
    std::optional<double> x = chart_x(f, p.value);
    if (!x && std::isfinite(p.x)) x = f.dates ? p.x * kMsPerDay : p.x;
    if (!x) continue;
    const std::string tip = tooltip_json(
        value_text(f, p.value),
        {
            {"Chance", std::isfinite(p.p) ? plain(pct_number(p.p) + "&nbsp;%") : "n/a"},
            {"95\u00a0% CI", std::isfinite(p.lo) ? plain(table_range(p.lo, p.hi, "fraction")) : "n/a"},
            {"Futures", std::isfinite(p.replications) ? format_number(p.replications, 0) : "n/a"},
            {"Verdict", p.verdict},
            {"Tried as", fmt::format("probe {}", p.order + 1)},
        });
    chart.points.push_back({*x, p.p, p.lo, p.hi, p.verdict, tip});
  }
  if (chart.points.empty()) return "";
  chart.required = std::isfinite(f.q.probability) ? f.q.probability : 0;
  chart.required_label = fmt::format("Required: {}", plain(pct_number(chart.required) + "&nbsp;%"));
  const auto lo = chart_x(f, f.q.answer_low), hi = chart_x(f, f.q.answer_high);
  if (lo && hi) chart.bracket = std::pair{*lo, *hi};
  chart.x_title = f.q.parameter;
  chart.y_title = fmt::format("Chance that {} \u2265 {}", f.q.kpi, plain(num(f.q.target)));
  chart.description = fmt::format(
      "Chance that {} is at least {} at each value of {} tried, with its 95 % Wilson interval, the required "
      "probability and the bracket the answer lies in.",
      f.q.kpi, plain(num(f.q.target)), f.q.parameter);
  std::string body = fmt::format(
      "<p class=\"intro\">Each dot is a value of <code>{}</code> that was tried, at the share of its "
      "simulated "
      "futures in which {}; the whisker is its 95&nbsp;% interval (Wilson). The dashed line is the required "
      "probability{}.</p>\n",
      html_escape(f.q.parameter), kpi_condition(f.q),
      chart.bracket ? "; the shaded band is where the answer lies" : "");
  body += "<div class=\"legend\">" + legend_item("sw-meets", "Meets") + legend_item("sw-fails", "Fails") +
          legend_item("sw-undecided", "Undecided") + legend_item("sw-rule", "Required probability");
  if (chart.bracket) body += legend_item("sw-bracket", "Answer lies here");
  body += "</div>\n";
  body += page.chart(chart.description, probability_spec(chart));
  return section_html("chance", "Chance of meeting the target", body);
}

std::string probes_section(const Feasibility& f) {
  if (f.probes.empty()) return "";
  std::string body =
      "<p class=\"intro\">Every value tried, in the order the search tried it.</p>\n"
      "<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"num\">#</th><th>Value</th>"
      "<th class=\"num\">Futures</th><th class=\"num\">Meeting the target</th><th class=\"num\">Chance</th>"
      "<th class=\"num\">95&nbsp;% CI</th><th>Verdict</th></tr></thead>\n<tbody>\n";
  for (const auto& p : f.probes) {
    body += fmt::format(
        "<tr><td class=\"num\">{}</td><td>{} <code>{}</code></td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"badge "
        "{}\">{}</span></td></tr>\n",
        p.order + 1, html_escape(value_text(f, p.value)), html_escape(p.value),
        std::isfinite(p.replications) ? format_number(p.replications, 0) : "n/a",
        std::isfinite(p.successes) ? format_number(p.successes, 0) : "n/a", format_kpi_value(p.p, "fraction"),
        std::isfinite(p.lo) ? table_range(p.lo, p.hi, "fraction") : "n/a", html_escape(p.verdict),
        html_escape(p.verdict));
  }
  body += "</tbody></table></div>\n";
  return section_html("probes", "Values tried", body);
}

}  // namespace

std::string feasibility_report(const std::filesystem::path& results_h5, std::string_view vega) {
  const Feasibility f = read_feasibility(results_h5);
  ReportPage page;
  std::string main_html;
  main_html += key_answers(f);
  main_html += chart_section(f, page);
  main_html += probes_section(f);
  main_html += assumptions_section(f.meta, "Show the question as given");

  const auto& run = f.meta.run;
  PageHeader h;
  h.kicker = kicker(f.meta, "feasibility question");
  // The question itself, then its scenario.
  h.title = f.q.parameter.empty()
                ? std::string("Feasibility question")
                : fmt::format("The {} {}", f.q.direction.empty() ? "smallest" : f.q.direction, f.q.parameter);
  if (!run.scenario_name.empty()) h.title += " (" + run.scenario_name + ")";
  h.lead = f.has_question ? plain(question_text(f.q)) : "";
  h.facts.emplace_back("Values tried", fmt::format("{}", f.probes.size()));
  h.facts.emplace_back("Simulated futures", format_number(total(f.probes, &Probe::replications), 0));
  for (auto& fact : provenance_facts(f.meta)) h.facts.push_back(std::move(fact));
  return page_document({
      .title = h.title + " \u2013 sibsim feasibility",
      .header = header_html(h),
      .main = std::move(main_html),
      .charts = page.charts(),
      .vega = vega,
      .program_version = run.program_version,
      .source_name = results_h5.filename().string(),
  });
}

}  // namespace sibsim::output::detail
