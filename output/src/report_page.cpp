#include "report_page.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "report_catalogues.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

constexpr std::string_view kStyle = R"CSS(
:root { --ink: #1b2a3a; --muted: #5b6770; --line: #dde3e8; --bg: #f4f6f8; --card: #ffffff;
        --primary: #1f5f8b; --accent: #c8324a; --band50: #93bde0; --band90: #cfe1f0; --soft: #eef4f9; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--ink);
       font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap { max-width: 1000px; margin: 0 auto; padding: 0 20px; }
header.top { background: var(--primary); color: #fff; padding: 28px 0 22px; }
.kicker { margin: 0 0 4px; font-size: 13px; letter-spacing: .08em; text-transform: uppercase; opacity: .85; }
h1 { margin: 0 0 8px; font-size: 32px; line-height: 1.2; }
.lead { margin: 0 0 16px; max-width: 75ch; opacity: .95; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; font-size: 14px; }
.facts div { display: flex; gap: 8px; }
.facts dt { opacity: .8; }
.facts dd { margin: 0; font-weight: 600; }
.dim { opacity: .75; font-weight: 400; }
.nw { white-space: nowrap; }
.tag { display: inline-block; font-size: .72em; font-weight: 600; letter-spacing: .02em; text-transform: uppercase;
       padding: 0 .45em; margin-left: .35em; border-radius: 3px; vertical-align: .12em; text-decoration: none;
       color: #7a4b00; background: #fdf0d5; border: 1px solid #efd49b; white-space: nowrap; }
.tag-sourced { color: #1f5f3b; background: #e3f4ea; border-color: #b6dfc5; }
.tag-fitted { color: #1f4f7b; background: #e6eff8; border-color: #bcd3ea; }
@media print { .tag { border-color: #b08a3a; } }
td .dim { color: var(--muted); opacity: 1; }
main { padding: 22px 0 6px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
          padding: 20px 24px 22px; margin: 0 0 20px; }
h2 { margin: 0 0 8px; font-size: 22px; line-height: 1.25; }
h3 { margin: 22px 0 4px; font-size: 17px; }
h2 + h3 { margin-top: 6px; }
.intro { margin: 0 0 10px; color: var(--muted); max-width: 80ch; }
.sentence { margin: 8px 0 0; max-width: 80ch; }
.answers { border-left: 6px solid var(--accent); }
.answers ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.answers li { font-size: 18px; line-height: 1.45; background: var(--soft); border-radius: 8px; padding: 10px 14px; }
.answers strong { color: var(--primary); }
.note { margin: 12px 0 0; font-size: 14px; color: var(--muted); }
.chart { width: 100%; min-height: 40px; margin: 6px 0 4px; }
.chart svg { display: block; max-width: 100%; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; color: var(--muted); margin: 2px 0 0; }
.legend span { white-space: nowrap; }
.sw { display: inline-block; width: 18px; height: 11px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; }
.sw-median { height: 3px; vertical-align: 3px; background: var(--primary); }
.sw-band50 { background: var(--band50); }
.sw-band90 { background: var(--band90); }
.sw-target { height: 0; border-top: 2px dashed var(--accent); vertical-align: 3px; border-radius: 0; }
.sw-deadline { width: 0; height: 14px; border-left: 2px dotted var(--muted); border-radius: 0; vertical-align: -3px; }
.sw-line { height: 0; border-top: 2px solid; vertical-align: 3px; border-radius: 0; }
.sw-line.sw-dashed { border-top-style: dashed; }
.sw-observed { width: 9px; height: 9px; margin: 0 8px 0 4px; background: var(--ink); transform: rotate(45deg); border-radius: 0; vertical-align: 0; }
.answers .big { font-size: 22px; line-height: 1.4; background: var(--soft); border-radius: 8px; padding: 14px 16px; margin: 0 0 10px; }
.answers .big strong { color: var(--primary); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600;
         background: var(--soft); color: var(--primary); }
.badge.meets, .badge.found { background: #e3f2ea; color: #1e6b41; }
.badge.fails, .badge.never { background: #fbe6e9; color: #9c1f33; }
.badge.undecided { background: #fdf1dc; color: #8a5d06; }
.badge.inside { background: #e3f2ea; color: #1e6b41; }
.badge.outside { background: #fbe6e9; color: #9c1f33; }
.badge.check { background: #fdf1dc; color: #8a5d06; }
.held-out { border-left: 4px solid #e3a33b; padding-left: 10px; }
.warning { margin: 12px 0 0; padding: 10px 14px; max-width: 80ch; border-left: 4px solid #c98a12; border-radius: 6px;
           background: #fdf1dc; color: #5c3d00; }
.warning strong { color: #5c3d00; }
.sw-soft { background: var(--soft); border: 1px solid var(--band90); }
.sw-paired { background: var(--primary); height: 5px; vertical-align: 2px; }
.sw-independent { background: var(--band90); }
.sw-dot { width: 10px; height: 10px; border-radius: 50%; background: var(--ink); }
.sw-low { background: #e3a33b; }
.sw-high { background: var(--primary); }
.sw-first { background: var(--primary); }
.sw-total { background: var(--band50); }
.sw-bracket { background: #e3f2ea; border: 1px solid #2e8b57; }
.sw-rule { height: 0; border-top: 2px dashed var(--accent); vertical-align: 3px; border-radius: 0; }
.sw-meets { width: 10px; height: 10px; border-radius: 50%; background: #2e8b57; }
.sw-fails { width: 10px; height: 10px; border-radius: 50%; background: #c8324a; }
.sw-undecided { width: 10px; height: 10px; border-radius: 50%; background: #c98a12; }
td.num.diff { font-weight: 600; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
thead th { font-size: 13px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td .kpi { display: block; font-weight: 600; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
td code { font-size: 12px; color: var(--muted); }
details { margin-top: 12px; }
summary { cursor: pointer; font-weight: 600; color: var(--primary); }
pre { margin: 10px 0 0; padding: 12px 14px; background: #f7f9fa; border: 1px solid var(--line); border-radius: 6px;
      font-size: 13px; line-height: 1.45; overflow: auto; max-height: 70vh; }
footer { color: var(--muted); font-size: 13px; padding: 4px 0 32px; }
.tip { position: fixed; z-index: 10; pointer-events: none; max-width: 320px; padding: 8px 10px;
       background: rgba(27, 42, 58, .96); color: #fff; font-size: 13px; line-height: 1.4; border-radius: 6px;
       box-shadow: 0 4px 14px rgba(0, 0, 0, .25); }
.tip[hidden] { display: none; }
.tip-title { font-weight: 700; margin-bottom: 4px; }
.tip table { font-size: 13px; width: auto; }
.tip th, .tip td { border: 0; padding: 1px 0; color: #fff; }
.tip th { font-weight: 400; opacity: .8; padding-right: 12px; }
.tip td { text-align: right; font-variant-numeric: tabular-nums; }
@media (max-width: 640px) {
  .wrap { padding: 0 12px; }
  header.top { padding: 20px 0 16px; }
  h1 { font-size: 25px; }
  h2 { font-size: 19px; }
  main { padding-top: 12px; }
  section { padding: 14px 12px 16px; border-radius: 8px; margin-bottom: 12px; }
  .answers li { font-size: 16px; padding: 8px 10px; }
  .answers .big { font-size: 18px; padding: 10px 12px; }
  th, td { padding: 6px 6px; }
}
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  .wrap { max-width: none; padding: 0; }
  header.top { background: none; color: var(--ink); padding: 0 0 8pt; border-bottom: 3px solid var(--primary); }
  main { padding-top: 10pt; }
  section { border: 0; border-radius: 0; padding: 0; margin: 0 0 16pt; }
  .answers { border-left: 4px solid var(--accent); padding-left: 10pt; }
  .answers li { background: none; padding: 2pt 0; }
  .answers .big { background: none; padding: 2pt 0 6pt; font-size: 14pt; }
  h2, h3 { break-after: avoid; }
  .chart, tr, .answers li { break-inside: avoid; }
  pre { max-height: none; overflow: visible; white-space: pre-wrap; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; }
  th, td { padding: 3pt 4pt; }
  table.wide { font-size: 7.5pt; }
  table.wide th, table.wide td { padding: 2pt 3pt; }
  table.wide code { font-size: 7pt; word-break: break-all; }
  .tip { display: none !important; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";

// Records script errors, console errors and warnings, and blocked network requests in
// <body data-errors data-warnings> (checked by the browser test; also useful when debugging).
constexpr std::string_view kErrorRecorder = R"JS(<script>
(function () {
  var errors = [], warnings = [];
  function text(args) {
    return Array.prototype.map.call(args, function (a) { return a && a.stack ? String(a.stack) : String(a); }).join(' ');
  }
  function sync() {
    var b = document.body;
    if (!b) return;
    b.setAttribute('data-errors', String(errors.length));
    b.setAttribute('data-warnings', String(warnings.length));
    if (errors.length + warnings.length) b.setAttribute('data-messages', errors.concat(warnings).join(' | ').slice(0, 4000));
  }
  window.__sibsimReportError = function (e) { errors.push(e && e.stack ? String(e.stack) : String(e)); sync(); };
  window.addEventListener('error', function (e) { errors.push(e.message || 'a resource failed to load'); sync(); }, true);
  window.addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + e.reason); sync(); });
  document.addEventListener('securitypolicyviolation', function (e) {
    errors.push('blocked by the no-network policy: ' + e.violatedDirective + ' ' + e.blockedURI); sync();
  });
  var origError = console.error, origWarn = console.warn;
  console.error = function () { errors.push(text(arguments)); sync(); return origError.apply(console, arguments); };
  console.warn = function () { warnings.push(text(arguments)); sync(); return origWarn.apply(console, arguments); };
  document.addEventListener('DOMContentLoaded', sync);
})();
</script>
)JS";

// Renders every <script type="application/json" data-chart="ID"> into the element ID, with a
// tooltip that also works on touch screens, and opens the collapsed parts for printing.
constexpr std::string_view kRenderer = R"JS(<script>
(function () {
  'use strict';
  var body = document.body, tip = document.getElementById('tip');
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; });
  }
  function showTip(handler, event, item, value) {
    if (value == null || value === '') { tip.hidden = true; return; }
    var html = '';
    if (typeof value === 'object') {
      if (value.title) html += '<div class="tip-title">' + esc(value.title) + '</div>';
      var rows = '';
      Object.keys(value).forEach(function (k) {
        if (k !== 'title') rows += '<tr><th>' + esc(k) + '</th><td>' + esc(value[k]) + '</td></tr>';
      });
      if (rows) html += '<table>' + rows + '</table>';
    } else {
      html = esc(value);
    }
    tip.innerHTML = html;
    tip.hidden = false;
    var r = tip.getBoundingClientRect(), x = event.clientX + 14, y = event.clientY + 14;
    if (x + r.width > window.innerWidth - 8) x = event.clientX - r.width - 14;
    if (y + r.height > window.innerHeight - 8) y = event.clientY - r.height - 14;
    tip.style.left = Math.max(8, x) + 'px';
    tip.style.top = Math.max(8, y) + 'px';
  }
  // A page in nl writes numbers and dates that way in its charts too (1.234,5; 3 mei 2017).
  if (document.documentElement.lang === 'nl' && vega.defaultLocale) {
    vega.defaultLocale(
      {decimal: ',', thousands: '.', grouping: [3], currency: ['\u20ac\u00a0', '']},
      {dateTime: '%A %e %B %Y %X', date: '%d-%m-%Y', time: '%H:%M:%S', periods: ['AM', 'PM'],
       days: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
       shortDays: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
       months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september',
                'oktober', 'november', 'december'],
       shortMonths: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']});
  }
  var rendered = 0, jobs = [];
  Array.prototype.forEach.call(document.querySelectorAll('script[type="application/json"][data-chart]'), function (s) {
    try {
      var el = document.getElementById(s.getAttribute('data-chart'));
      var view = new vega.View(vega.parse(JSON.parse(s.textContent)), {renderer: 'svg', container: el, hover: true});
      view.tooltip(showTip);
      jobs.push(view.runAsync().then(function () { rendered += 1; }, window.__sibsimReportError));
    } catch (e) {
      window.__sibsimReportError(e);
    }
  });
  Promise.all(jobs).then(function () { body.setAttribute('data-charts-rendered', String(rendered)); });
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); closed = []; });
})();
</script>
)JS";

// No network at all: only the page's own inline scripts and styles. 'unsafe-eval' because Vega
// compiles its expressions with the Function constructor.
constexpr std::string_view kCsp =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'";

}  // namespace

}  // namespace sibsim::output::detail

namespace sibsim::output {

namespace report {

std::string section_html(std::string_view id, std::string_view title, std::string_view content) {
  return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", id, title, content);
}

std::string assumption_tag(const RunMeta& meta, std::string_view kpi) {
  std::string keys;
  for (const Provenance& p : meta.provenance)
    if (p.label == "assumption" && std::find(p.affects.begin(), p.affects.end(), kpi) != p.affects.end())
      keys += (keys.empty() ? "" : ", ") + p.key;
  if (keys.empty()) return "";
  return fmt::format("<a class=\"tag\" href=\"#{}\" title=\"{}\">{}</a>", kPartProvenance,
                     html_escape(detail::page_words()("provenance.tag_title", {{"keys", keys}})),
                     detail::page_words()("provenance.assumption"));
}

std::string legend_item(std::string_view css_class, std::string_view text) {
  return fmt::format("<span><i class=\"sw {}\"></i>{}</span>", css_class, text);
}

std::string answers_html(const std::vector<std::string>& items, std::string_view note,
                         std::string_view intro) {
  if (items.empty()) return "";
  std::string out = fmt::format("<section id=\"{}\" class=\"answers\">\n<h2>{}</h2>\n", kPartKeyAnswers,
                                detail::page_words()("answers.title"));
  if (!intro.empty()) out += fmt::format("<p class=\"intro\">{}</p>\n", intro);
  out += "<ul>\n";
  for (const auto& i : items) out += "<li>" + i + "</li>\n";
  out += "</ul>\n";
  if (!note.empty()) out += fmt::format("<p class=\"note\">{}</p>\n", note);
  out += "</section>\n";
  return out;
}

std::string series_part(std::string_view series_name) { return "timeseries/" + std::string(series_name); }

}  // namespace report

std::string ReportPage::chart(std::string_view label, const std::string& spec) {
  const std::string id = fmt::format("chart-{}", ++charts_);
  return fmt::format(
      "<div class=\"chart\" id=\"{0}\" role=\"img\" aria-label=\"{1}\"></div>\n"
      "<script type=\"application/json\" data-chart=\"{0}\">{2}</script>\n",
      id, report::html_escape(label), detail::script_safe(spec));
}

void ReportPage::add_section(std::string_view id, std::string_view title, std::string_view content) {
  add_html(id, report::section_html(id, title, content));
}

void ReportPage::add_html(std::string_view id, std::string html) {
  if (id.empty()) throw std::invalid_argument("ReportPage: a section needs an id");
  if (has_section(id))
    throw std::invalid_argument(fmt::format("ReportPage: section id '{}' is already on the page", id));
  if (html.empty()) return;
  sections_.push_back({std::string(id), std::move(html)});
}

bool ReportPage::has_section(std::string_view id) const noexcept {
  return std::any_of(sections_.begin(), sections_.end(), [&](const Section& s) { return s.id == id; });
}

void ReportPage::mark_shown(std::string_view part) {
  if (!shown(part)) shown_.emplace_back(part);
}

bool ReportPage::shown(std::string_view part) const noexcept {
  return std::find(shown_.begin(), shown_.end(), part) != shown_.end();
}

}  // namespace sibsim::output

namespace sibsim::output::detail {

std::string header_html(const PageHeader& h) {
  std::string out = "<header class=\"top\"><div class=\"wrap\">\n";
  out += fmt::format("<p class=\"kicker\">{}</p>\n", h.kicker);
  out += fmt::format("<h1>{}</h1>\n", html_escape(h.title));
  if (!h.lead.empty()) out += fmt::format("<p class=\"lead\">{}</p>\n", html_escape(h.lead));
  out += "<dl class=\"facts\">\n";
  for (const auto& [k, v] : h.facts) out += fmt::format("<div><dt>{}</dt><dd>{}</dd></div>\n", k, v);
  out += "</dl>\n</div></header>\n";
  return out;
}

std::vector<std::pair<std::string, std::string>> provenance_facts(const FileMeta& meta) {
  const auto& run = meta.run;
  const std::string when = format_timestamp(run.start_time.empty() ? meta.creation_time : run.start_time);
  return {
      {page_words()("fact.seed"), fmt::format("{}", run.seed)},
      {page_words()("fact.run_on"), html_escape(when)},
      {"sibsim", html_escape(run.program_version) +
                     (run.git_commit.empty() || run.git_commit == "unknown"
                          ? std::string()
                          : " <span class=\"dim\">(" + html_escape(run.git_commit) + ")</span>")},
  };
}

std::string page_document(const PageParts& p) {
  std::string html;
  html.reserve(p.vega.size() + p.main.size() + std::size_t{32} * 1024);
  html += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                      language_code(current_language()));
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  html += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", kCsp);
  html += fmt::format("<meta name=\"generator\" content=\"sibsim {}\">\n", html_escape(p.program_version));
  html += fmt::format("<title>{}</title>\n<style>{}</style>\n", html_escape(p.title), kStyle);
  html += kErrorRecorder;
  html += "</head>\n";
  html += fmt::format(
      "<body data-errors=\"0\" data-warnings=\"0\" data-charts-expected=\"{}\" data-charts-rendered=\"0\">\n",
      p.charts);
  html += p.header;
  html += "<main class=\"wrap\">\n";
  if (p.charts > 0) html += "<noscript><p class=\"note\">" + page_words()("noscript") + "</p></noscript>\n";
  html += p.main;
  html += "</main>\n";
  html += "<footer class=\"wrap\">" +
          page_words()("footer",
                       {{"version", html_escape(p.program_version)}, {"file", html_escape(p.source_name)}}) +
          "</footer>\n";
  html += "<div id=\"tip\" class=\"tip\" role=\"tooltip\" hidden></div>\n";
  if (p.charts > 0) {
    html += p.vega;
    html += kRenderer;
  }
  html += "</body>\n</html>\n";
  return html;
}

namespace {

std::string label_word(std::string_view label) {
  return page_words()(label == "sourced"  ? "provenance.sourced"
                      : label == "fitted" ? "provenance.fitted"
                                          : "provenance.assumption");
}

/// The scenario's labelled values, each with its label, note and the figures that depend on it.
std::string provenance_section(const RunMeta& run) {
  if (run.provenance.empty()) return "";
  std::string rows;
  for (const Provenance& p : run.provenance) {
    std::string figures;
    for (const std::string& k : p.affects)
      figures += (figures.empty() ? "" : ", ") + html_escape(decapitalise(localised_label(k, humanise(k))));
    const std::string css = p.label == "sourced"  ? "tag tag-sourced"
                            : p.label == "fitted" ? "tag tag-fitted"
                                                  : "tag";
    rows += fmt::format(
        "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td><span "
        "class=\"{}\">{}</span></td><td>{}</td>"
        "<td>{}</td></tr>\n",
        html_escape(p.key), html_escape(p.value), css, label_word(p.label), html_escape(p.note),
        figures.empty() ? "<span class=\"dim\">\u2014</span>" : figures);
  }
  const std::string body = "<p class=\"intro\">" + page_words()("provenance.intro") +
                           "</p>\n<div class=\"table-wrap\"><table>\n<thead><tr>" +
                           page_words()("provenance.head") + "</tr></thead>\n<tbody>\n" + rows +
                           "</tbody></table></div>\n";
  return section_html(kPartProvenance, page_words()("provenance.title"), body);
}

}  // namespace

std::string assumptions_section(const FileMeta& meta, std::string_view input_title) {
  return provenance_section(meta.run) + input_section(meta, input_title);
}

std::string input_section(const FileMeta& meta, std::string_view input_title) {
  const auto& run = meta.run;
  if (run.input_yaml.empty() && run.scenario_yaml_resolved.empty()) return "";
  std::string body = "<p class=\"intro\">" +
                     page_words()("assumptions.intro", {{"asked", !run.input_yaml.empty()},
                                                        {"version", html_escape(run.program_version)},
                                                        {"seed", fmt::format("{}", run.seed)}}) +
                     "</p>\n";
  if (!run.input_yaml.empty()) {
    body += fmt::format("<details><summary>{}</summary>\n<pre>{}</pre>\n</details>\n", input_title,
                        html_escape(run.input_yaml));
  }
  if (!run.scenario_yaml_resolved.empty()) {
    body += "<details><summary>" + page_words()("assumptions.show_scenario") + "</summary>\n<pre>" +
            html_escape(run.scenario_yaml_resolved) + "</pre>\n</details>\n";
  }
  return section_html("assumptions", page_words()("assumptions.title"), body);
}

std::string kicker(const FileMeta& meta, std::string_view what) {
  const auto& model = meta.run.model;
  return page_words()("kicker", {{"model", model.empty() ? WordValue(false) : WordValue(html_escape(model))},
                                 {"what", std::string(what)}});
}

}  // namespace sibsim::output::detail
