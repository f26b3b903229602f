// write_html_report: reads the results file's kind and writes that kind's page. The run report is
// generic (header, key answers from the KPIs of the group "headline", every time series, the
// funnel, key figures, the scenario) and takes a model's own sections (RunReportSections).
#include "sibsim/output/html_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atomic_file.hpp"
#include "report_catalogues.hpp"
#include "report_kinds.hpp"
#include "report_page.hpp"
#include "report_text.hpp"
#include "sibsim/output/report/run_data.hpp"
#include "sibsim/output/report/sections.hpp"
#include "sibsim/output/results_reader.hpp"
#include "vega_bundle.hpp"

namespace sibsim::output {

namespace {

using namespace detail;

constexpr std::string_view kGroupHeadline = "headline";
constexpr std::string_view kGroupSteering = "steering";
constexpr std::size_t kUngroupedTopRows = 16;  // key figures shown unfolded when no KPI has a group

bool per_time_point(std::string_view kpi) { return kpi.find('@') != std::string_view::npos; }

const Words& words() { return run_words(); }

std::string runs_text(const RunReportData& d) { return format_number(static_cast<double>(d.runs()), 0); }

std::string futures_note(const RunReportData& d) { return words()("futures_note", {{"n", runs_text(d)}}); }

/// A value with its unit in words: "EUR 1,234", "62 %", "3.2 hours", "112".
std::string value_with_unit(double x, std::string_view unit) {
  if (unit.empty() || is_money_unit(unit) || is_fraction_unit(unit)) return val(x, unit);
  return val(x, unit) + "&nbsp;" + html_escape(unit_label(unit));
}

/// The generic key answers: one sentence per KPI of the group "headline".
std::string key_answers(const RunReportData& d) {
  std::vector<std::string> items;
  for (const auto* k : d.group(kGroupHeadline)) {
    if (per_time_point(k->name)) continue;
    const auto* s = d.stat(k->name);
    if (s == nullptr) continue;
    const std::string label = html_escape(capitalise(d.label(k->name))) + assumption_tag(d.meta.run, k->name);
    if (is_fraction_unit(k->unit)) {
      // A yes/no KPI (every future 0 or 1) is a chance: its mean; an interval of 0s and 1s says nothing.
      const bool flag =
          is_yes_no_unit(k->unit) || ((s->p5 == 0 || s->p5 == 1) && (s->p95 == 0 || s->p95 == 1));
      items.push_back(flag ? words()("answer.chance", {{"label", label}, {"value", val(s->mean, k->unit)}})
                           : words()("answer.mean", {{"label", label},
                                                     {"value", val(s->mean, k->unit)},
                                                     {"range", range(s->p5, s->p95, k->unit)}}));
    } else {
      items.push_back(words()("answer.median", {{"label", label},
                                                {"value", value_with_unit(s->p50, k->unit)},
                                                {"range", range(s->p5, s->p95, k->unit)}}));
    }
    // A conditional figure: say over what share of the futures it is taken.
    if (s->n_undefined > 0 && s->n > 0) {
      items.back().pop_back();  // the full stop
      items.back() += words()("answer.conditional",
                              {{"share", format_probability(static_cast<double>(s->n) /
                                                            static_cast<double>(s->n + s->n_undefined))}});
    }
  }
  return answers_html(items, futures_note(d));
}

std::string series_section(const RunReportData& d, ReportPage& page) {
  std::string body;
  bool model_drew_one = false;
  for (const auto& s : d.series) {
    if (page.shown(series_part(s.name))) {
      model_drew_one = true;
      continue;
    }
    FanOptions o;
    o.heading = capitalise(localised_label(s.name, humanise(s.name)));
    o.observed = d.observed_on(s.name);
    const auto fan = fan_chart(s, page, o);
    if (fan.html.empty()) continue;
    body += fan.html + "<p class=\"sentence\">" + fan.sentence + "</p>\n";
  }
  if (body.empty()) return "";
  return section_html("over-time", words()(model_drew_one ? "series.title_other" : "series.title"), body);
}

/// An observed figure's value in words: a share as a percentage, a count as "k of n", a range
/// as its bounds.
std::string observed_text(const ObservedFigure& o, double x) {
  if (o.sampling == "share") return val(x, "fraction");
  return num(x);
}

/// The run set against the observed figures of `--observed` (/observations): how many lie inside
/// the simulated 90 % interval, the check figures apart from the fitted ones, and a row each.
std::string observed_section(const RunReportData& d) {
  if (d.observed.empty()) return "";
  std::size_t inside = 0, checks = 0, checks_inside = 0;
  std::string rows;
  for (const ObservedFigure& o : d.observed) {
    inside += o.inside_90 ? 1 : 0;
    const bool check = o.role == "check";
    checks += check ? 1 : 0;
    checks_inside += check && o.inside_90 ? 1 : 0;
    const std::string observed = o.sampling == "range" ? range(o.low, o.high, "")
                                 : o.sampling == "count" && std::isfinite(o.n)
                                     ? words()("observed.k_of_n", {{"k", num(o.observed)}, {"n", num(o.n)}})
                                     : observed_text(o, o.observed);
    rows += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td>{}</td><td>{}</td><td class=\"dim\">{}</td></tr>\n",
        html_escape(o.label.empty() ? o.name : o.label), observed, observed_text(o, o.median),
        o.sampling == "share" ? range(o.q05, o.q95, "fraction") : range(o.q05, o.q95, ""),
        words()(check ? "observed.check" : "observed.fit"),
        o.inside_90 ? words()("observed.inside") : "<strong>" + words()("observed.outside") + "</strong>",
        html_escape(o.source));
  }
  std::string body = "<p class=\"intro\">" + words()("observed.intro") + "</p>\n";
  body +=
      "<p class=\"sentence\">" +
      words()("observed.sentence", {{"inside", format_number(static_cast<double>(inside), 0)},
                                    {"n", format_number(static_cast<double>(d.observed.size()), 0)},
                                    {"has_checks", checks > 0},
                                    {"checks_inside", format_number(static_cast<double>(checks_inside), 0)},
                                    {"checks", format_number(static_cast<double>(checks), 0)}}) +
      "</p>\n";
  body += "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("observed.head") +
          "</tr></thead>\n<tbody>\n" + rows + "</tbody></table></div>\n";
  return section_html("observed", words()("observed.title"), body);
}

std::string funnel_section(const RunReportData& d, ReportPage& page) {
  if (page.shown(kPartFunnel)) return "";
  const std::string body = funnel_html(d.funnel, page);
  return body.empty() ? "" : section_html("funnel", words()("funnel.title"), body);
}

std::string table_rows(const RunReportData& d, const std::vector<std::size_t>& rows) {
  std::string out;
  for (const std::size_t i : rows) {
    const auto& k = d.summary.kpis[i];
    const auto& s = d.summary.summary[i];
    const std::string& unit = k.unit;
    std::string what = html_escape(localised_description(k.name, k.description));
    if (s.n_undefined > 0) {
      what += words()("figures.undefined",
                      {{"share", format_probability(static_cast<double>(s.n_undefined) /
                                                    static_cast<double>(s.n + s.n_undefined))}});
    }
    const bool has_ci = std::isfinite(s.ci_low) && std::isfinite(s.ci_high) && s.n > 0;
    // A yes/no figure has no meaningful median (0 or 1): its mean is the chance.
    const std::string median = s.n == 0               ? page_words()("not_available")
                               : is_yes_no_unit(unit) ? "\u2014"
                                                      : format_kpi_value(s.p50, unit);
    out += fmt::format(
        "<tr><td><span class=\"kpi\">{}</span><code>{}</code></td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(capitalise(d.label(k.name))) + assumption_tag(d.meta.run, k.name), html_escape(k.name),
        what, html_escape(unit_label(unit)), median,
        s.n > 0 ? format_kpi_value(s.mean, unit) : page_words()("not_available"),
        has_ci ? table_range(s.ci_low, s.ci_high, unit) : page_words()("not_available"));
  }
  return out;
}

/// Every KPI's median, mean and CI: the groups "headline" and "steering" first, the rest folded
/// (without groups, the first few); per-time-point KPIs ("name@date") are left out.
std::string figures_section(const RunReportData& d, const ReportPage& page) {
  if (page.shown(kPartFigures) || !d.has_summary || d.summary.kpis.empty()) return "";
  const bool grouped =
      std::any_of(d.kpis.begin(), d.kpis.end(), [](const auto& k) { return !k.groups.empty(); });
  std::vector<std::size_t> top, rest;
  for (std::size_t i = 0; i < d.summary.kpis.size() && i < d.summary.summary.size(); ++i) {
    const auto& name = d.summary.kpis[i].name;
    if (per_time_point(name)) continue;
    const bool important = grouped ? d.in_group(name, kGroupHeadline) || d.in_group(name, kGroupSteering)
                                   : top.size() < kUngroupedTopRows;
    (important ? top : rest).push_back(i);
  }
  if (top.empty() && rest.empty()) return "";
  const std::string head =
      "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("figures.head") + "</tr></thead>\n<tbody>\n";
  std::string body = "<p class=\"intro\">" + words()("figures.intro", {{"n", runs_text(d)}}) + "</p>\n";
  if (!top.empty()) body += head + table_rows(d, top) + "</tbody></table></div>\n";
  if (!rest.empty()) {
    body += "<details><summary>" +
            words()("figures.others", {{"n", format_number(static_cast<double>(rest.size()), 0)}}) +
            "</summary>\n";
    body += head + table_rows(d, rest) + "</tbody></table></div>\n</details>\n";
  }
  return section_html(kPartFigures, words()("figures.title"), body);
}

std::string render_run(const std::filesystem::path& results_h5, std::string_view vega,
                       const RunReportSections* model) {
  const RunReportData d = read_run_report_data(results_h5);
  const auto& run = d.meta.run;
  ReportPage page;
  auto& h = page.header();
  h.kicker = kicker(d.meta, words()("kicker"));
  h.title = run.scenario_name.empty() ? words()("unnamed") : run.scenario_name;
  h.lead = run.scenario_description;
  h.facts.emplace_back(words()("fact.futures"), runs_text(d));
  for (auto& f : provenance_facts(d.meta)) h.facts.push_back(std::move(f));

  if (model != nullptr) model->add_sections(d, page);

  std::string main_html;
  const bool model_answers = page.has_section(kPartKeyAnswers);
  if (model_answers) {
    for (const auto& s : page.sections())
      if (s.id == kPartKeyAnswers) main_html += s.html;
  } else if (!page.shown(kPartKeyAnswers)) {
    main_html += key_answers(d);
  }
  for (const auto& s : page.sections())
    if (s.id != kPartKeyAnswers) main_html += s.html;
  main_html += posterior_spread_section(d);
  main_html += observed_section(d);
  main_html += series_section(d, page);
  main_html += funnel_section(d, page);
  main_html += figures_section(d, page);
  main_html += assumptions_section(d.meta, words()("input"));

  return page_document({
      .title = run.scenario_name.empty() ? words()("tab_title.unnamed")
                                         : words()("tab_title", {{"name", run.scenario_name}}),
      .header = header_html(page.header()),
      .main = std::move(main_html),
      .charts = page.charts(),
      .vega = vega,
      .program_version = run.program_version,
      .source_name = results_h5.filename().string(),
  });
}

std::string render(const std::filesystem::path& results_h5, const RunReportSections* model,
                   const HtmlReportOptions& options) {
  // Vega first: a missing package is the most likely problem and needs no results to detect.
  const std::string vega = detail::vega_scripts(options.vega_dir);
  const std::string kind = read_kind(results_h5);
  if (kind == kKindRun) return render_run(results_h5, vega, model);
  if (kind == kKindCompare) return detail::compare_report(results_h5, vega);
  if (kind == kKindSweep) return detail::sweep_report(results_h5, vega);
  if (kind == kKindFeasibility) return detail::feasibility_report(results_h5, vega);
  if (kind == kKindCalibration) return detail::calibration_report(results_h5, vega);
  if (kind == kKindForecast) return detail::forecast_report(results_h5, vega);
  throw std::runtime_error(fmt::format(
      "the results file's kind '{}' is not one this sibsim can report on (run, compare, sweep, feasibility, "
      "calibration, forecast)",
      kind));
}

}  // namespace

void write_html_report(const std::filesystem::path& results_h5, const std::filesystem::path& html_out,
                       const RunReportSections* model_sections, const HtmlReportOptions& options) {
  const auto context = fmt::format("HTML report '{}' from '{}'", html_out.string(), results_h5.string());
  try {
    const report::LanguageScope language(options.language);
    const report::LabelScope labels(options.labels);
    const std::string html = render(results_h5, model_sections, options);
    TempFile file(html_out);
    file.write_all(html);
    file.commit();
  } catch (const OutputRefused& e) {  // the kind of error decides the exit code: keep it
    throw OutputRefused(fmt::format("{}: {}", context, e.what()));
  } catch (const IoError& e) {
    throw IoError(fmt::format("{}: {}", context, e.what()));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("{}: {}", context, e.what()));
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", context, e.what()));
  }
}

void write_html_report(const std::filesystem::path& results_h5, const std::filesystem::path& html_out,
                       const HtmlReportOptions& options) {
  write_html_report(results_h5, html_out, nullptr, options);
}

std::string vega_script_elements(const std::filesystem::path& vega_dir) {
  return detail::vega_scripts(vega_dir);
}

}  // namespace sibsim::output
