// The report of `sibsim compare` (kind "compare", output/SCHEMA.md): how each variant differs
// from the base scenario, in words first, then per KPI a dot-and-whisker chart of the differences
// (the paired CI over the much wider CI of independent runs) and a table.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_compare_series.hpp"
#include "report_kinds.hpp"
#include "report_page.hpp"
#include "report_text.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

namespace {

constexpr std::size_t kMaxSentenceKpis = 4;  // headline KPIs worded per variant
constexpr std::size_t kMaxCharts = 8;        // KPIs with a chart; the rest have tables only

constexpr std::string_view kGroupHeadline = "headline";

const Words& words() { return compare_words(); }

std::string not_available() { return page_words()("not_available"); }

struct Row {  // one row of /compare/kpis
  std::string kpi, unit, description;
  std::size_t scenario = 0;
  double base = NAN, variant = NAN, difference = NAN, lo = NAN, hi = NAN;
  double paired = NAN, independent = NAN, factor = NAN;
  double n = NAN;
};

struct Kpi {
  std::string name, unit, description;
  std::string label;  ///< from /kpis, else the humanised name
  bool headline = false;
  std::vector<Row> rows;  ///< one per variant
};

struct Compare {
  FileMeta meta;
  std::map<std::size_t, std::string> names, files;  ///< by scenario index
  std::vector<Kpi> kpis;                            ///< headline KPIs first, then file order

  [[nodiscard]] std::string name(std::size_t s) const {
    const auto it = names.find(s);
    return it != names.end() && !it->second.empty() ? it->second
                                                    : words()("scenario_n", {{"n", fmt::format("{}", s)}});
  }
};

Compare read_compare(const std::filesystem::path& path) {
  Compare c;
  c.meta = read_meta(path);
  if (has_object(path, "/compare/scenarios")) {
    const Table t = read_table(path, "/compare/scenarios");
    const auto index = numbers(t, "index");
    const auto name = strings(t, "name");
    const auto file = strings(t, "file");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      if (!std::isfinite(index[i])) continue;
      const auto s = static_cast<std::size_t>(index[i]);
      c.names[s] = name[i];
      c.files[s] = file[i];
    }
  }
  if (!has_object(path, "/compare/kpis")) return c;
  const Table t = read_table(path, "/compare/kpis");
  const auto kpi = strings(t, "kpi"), unit = strings(t, "unit"), description = strings(t, "description");
  const auto scenario = numbers(t, "scenario");
  const auto base = numbers(t, "base_mean"), variant = numbers(t, "variant_mean");
  const auto difference = numbers(t, "difference"), lo = numbers(t, "ci_low"), hi = numbers(t, "ci_high");
  const auto paired = numbers(t, "paired_half_width"), independent = numbers(t, "independent_half_width");
  const auto factor = numbers(t, "narrower_factor"), n = numbers(t, "n");
  const auto catalogue = read_kpis(path);
  std::vector<Kpi> in_order;
  for (std::size_t i = 0; i < t.rows(); ++i) {
    auto it = std::find_if(in_order.begin(), in_order.end(), [&](const Kpi& k) { return k.name == kpi[i]; });
    if (it == in_order.end()) {
      Kpi k{kpi[i], unit[i], localised_description(kpi[i], description[i]), humanise(kpi[i]), false, {}};
      for (const auto& info : catalogue) {
        if (info.name != k.name) continue;
        if (!info.label.empty()) k.label = info.label;
        k.headline = std::find(info.groups.begin(), info.groups.end(), kGroupHeadline) != info.groups.end();
      }
      k.label = localised_label(k.name, k.label);
      in_order.push_back(std::move(k));
      it = in_order.end() - 1;
    }
    // A file without variant means: the base plus the difference.
    const double level = std::isfinite(variant[i]) ? variant[i] : base[i] + difference[i];
    Row r{kpi[i],
          unit[i],
          description[i],
          std::isfinite(scenario[i]) ? static_cast<std::size_t>(scenario[i]) : 0,
          base[i],
          level,
          difference[i],
          lo[i],
          hi[i],
          paired[i],
          independent[i],
          factor[i],
          n[i]};
    it->rows.push_back(std::move(r));
  }
  // Headline KPIs first, each part in file order.
  std::stable_partition(in_order.begin(), in_order.end(), [](const Kpi& k) { return k.headline; });
  c.kpis = std::move(in_order);
  return c;
}

/// |value| in the KPI's unit for a sentence: "66", "12 percentage points", "EUR 1,234".
std::string magnitude(double x, std::string_view unit) {
  const double a = std::fabs(x);
  if (is_fraction_unit(unit)) return words()("points", {{"n", pct_number(a)}});
  if (is_money_unit(unit)) return val(a, unit);
  return num(a);
}

/// The CI of a difference in a sentence: magnitudes when the interval lies on one side of zero
/// ("65.5–66.8"), signed values otherwise ("−1.2 to 0.8").
/// Fractions are in percentage points, like the difference they belong to.
std::string ci_text(double lo, double hi, std::string_view unit, bool one_side) {
  if (one_side) {
    const double a = std::min(std::fabs(lo), std::fabs(hi)), b = std::max(std::fabs(lo), std::fabs(hi));
    lo = a;
    hi = b;
  }
  if (is_fraction_unit(unit))
    return nowrap(pct_number(lo) + (lo < 0 || hi < 0 ? words()("ci.to") : "–") + pct_number(hi));
  return range(lo, hi, unit);
}

/// "66 fewer customers served (95 % CI 65.5–66.8)", with the KPI's label.
std::string difference_phrase(const Kpi& k, const Row& r) {
  if (!std::isfinite(r.difference)) return "";
  const std::string_view unit = r.unit;
  const std::string what = html_escape(decapitalise(k.label));
  const bool has_ci = std::isfinite(r.lo) && std::isfinite(r.hi);
  const bool clear = has_ci && (r.lo > 0 || r.hi < 0);
  if (has_ci && !clear)
    return words()("diff.unclear", {{"what", what}, {"ci", ci_text(r.lo, r.hi, unit, false)}});
  const bool up = r.difference > 0;
  const std::string ci = has_ci ? words()("diff.ci", {{"ci", ci_text(r.lo, r.hi, unit, true)}}) : "";
  if (r.difference == 0) return words()("diff.same", {{"what", what}, {"ci", ci}});
  const std::string_view id = is_fraction_unit(unit) ? "diff.fraction"
                              : is_money_unit(unit)  ? "diff.euro"
                              : is_count_unit(unit)  ? "diff.count"
                                                     : "diff.other";
  return words()(id, {{"what", what}, {"mag", magnitude(r.difference, unit)}, {"up", up}, {"ci", ci}});
}

double median(std::vector<double> v) {
  std::erase_if(v, [](double x) { return !std::isfinite(x); });
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/// "3.4&times;", "4&times;", "12&times;".
std::string factor_text(double f) {
  if (!std::isfinite(f)) return not_available();
  const bool one_decimal = f < 10 && !whole(std::round(f * 10) / 10);
  return format_number(f, one_decimal ? 1 : 0) + "&times;";
}

std::vector<std::size_t> variants(const Compare& c) {
  std::vector<std::size_t> out;
  for (const auto& k : c.kpis)
    for (const auto& r : k.rows)
      if (std::find(out.begin(), out.end(), r.scenario) == out.end()) out.push_back(r.scenario);
  std::sort(out.begin(), out.end());
  return out;
}

double replications(const Compare& c) {
  double n = 0;
  for (const auto& k : c.kpis)
    for (const auto& r : k.rows)
      if (std::isfinite(r.n)) n = std::max(n, r.n);
  return n > 0 ? n : static_cast<double>(c.meta.run.replications_requested);
}

/// The KPIs worded in the key answers: the headline KPIs present, else the first few.
std::vector<const Kpi*> sentence_kpis(const Compare& c) {
  std::vector<const Kpi*> out;
  for (const auto& k : c.kpis)
    if (k.headline && out.size() < kMaxSentenceKpis) out.push_back(&k);
  if (!out.empty()) return out;
  for (const auto& k : c.kpis)
    if (out.size() < 3) out.push_back(&k);
  return out;
}

/// +1 when the difference is clearly up (its CI above zero), -1 when clearly down, else 0.
int clear_sign(const Row& r) {
  if (!std::isfinite(r.difference) || !std::isfinite(r.lo) || !std::isfinite(r.hi)) return 0;
  return r.lo > 0 ? 1 : r.hi < 0 ? -1 : 0;
}

const Row* row_of(const Kpi& k, std::size_t variant) {
  const auto it =
      std::find_if(k.rows.begin(), k.rows.end(), [&](const Row& r) { return r.scenario == variant; });
  return it == k.rows.end() ? nullptr : &*it;
}

/// Fewer starters yet a higher chance of a threshold looks like a contradiction: when the first
/// count KPI with a clear difference (headline KPIs first) and yes/no KPIs clearly move opposite
/// ways, one sentence says how that can happen. "" otherwise.
std::string opposite_note(const Compare& c, std::size_t v) {
  const Kpi* count = nullptr;
  int sign = 0;
  for (const auto& k : c.kpis) {
    const Row* r = is_count_unit(k.unit) ? row_of(k, v) : nullptr;
    if (r != nullptr && (sign = clear_sign(*r)) != 0) {
      count = &k;
      break;
    }
  }
  if (count == nullptr) return "";
  std::string chances;
  std::vector<const Kpi*> yes_no;
  for (const auto& k : c.kpis) {
    const Row* r = is_yes_no_unit(k.unit) ? row_of(k, v) : nullptr;
    if (r != nullptr && clear_sign(*r) == -sign) yes_no.push_back(&k);
  }
  if (yes_no.empty()) return "";
  const std::string chance_word = words()("opposite.chance_word");
  for (std::size_t i = 0; i < yes_no.size(); ++i) {
    const std::string label = decapitalise(yes_no[i]->label);
    // "chance of reaching the target" as it is; "threshold reached" as "chance of “threshold reached”".
    const std::string chance = label.starts_with(chance_word + " ")
                                   ? html_escape(label)
                                   : words()("opposite.chance", {{"label", html_escape(label)}});
    chances += (i == 0 ? "" : i + 1 == yes_no.size() ? words()("list.and") : ", ") + chance;
  }
  return words()("answers.opposite", {{"variant", html_escape(c.name(v))},
                                      {"fewer", sign < 0},
                                      {"count", html_escape(decapitalise(count->label))},
                                      {"chances", chances}});
}

std::string key_answers(const Compare& c) {
  std::vector<std::string> items;
  const auto worded = sentence_kpis(c);
  for (const std::size_t v : variants(c)) {
    std::vector<std::string> phrases;
    for (const Kpi* k : worded) {
      for (const auto& r : k->rows)
        if (r.scenario == v)
          if (auto p = difference_phrase(*k, r); !p.empty()) phrases.push_back(std::move(p));
    }
    if (phrases.empty()) continue;
    std::string joined;
    for (std::size_t i = 0; i < phrases.size(); ++i) joined += (i == 0 ? "" : "; ") + phrases[i];
    items.push_back(fmt::format("<strong>{}</strong>: {}.", html_escape(c.name(v)), joined));
  }
  for (const std::size_t v : variants(c))
    if (auto note = opposite_note(c, v); !note.empty()) items.push_back(std::move(note));
  std::vector<double> factors;
  for (const auto& k : c.kpis)
    for (const auto& r : k.rows)
      if (std::isfinite(r.factor)) factors.push_back(r.factor);
  const double f = median(factors);
  std::string out =
      "<section id=\"key-answers\" class=\"answers\">\n<h2>" + page_words()("answers.title") + "</h2>\n";
  out +=
      "<p class=\"intro\">" +
      words()("answers.intro", {{"base", html_escape(c.name(0))}, {"n", format_number(replications(c), 0)}}) +
      "</p>\n";
  out += "<ul>\n";
  for (const auto& i : items) out += "<li>" + i + "</li>\n";
  if (std::isfinite(f) && f > 0) {
    out += "<li>" +
           words()("answers.narrower", {{"factor", factor_text(f)},
                                        {"n", format_number(static_cast<double>(factors.size()), 0)}}) +
           "</li>\n";
  }
  out += "</ul>\n";
  out += "<p class=\"note\">" + words()("answers.note") + "</p>\n</section>\n";
  return out;
}

std::string scenarios_section(const Compare& c) {
  if (c.names.empty()) return "";
  std::string body = "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("scenarios.head") +
                     "</tr></thead>\n<tbody>\n";
  for (const auto& [s, name] : c.names) {
    const auto f = c.files.find(s);
    body += fmt::format("<tr><td class=\"num\">{}</td><td>{}{}</td><td><code>{}</code></td></tr>\n", s,
                        html_escape(name),
                        s == 0 ? " <span class=\"badge\">" + words()("scenarios.base") + "</span>" : "",
                        html_escape(f != c.files.end() ? f->second : ""));
  }
  body += "</tbody></table></div>\n";
  return section_html("scenarios", words()("scenarios.title"), body);
}

std::string kpi_table(const Compare& c, const Kpi& k) {
  const std::string& unit = k.unit;
  std::string out =
      "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("table.head") + "</tr></thead>\n<tbody>\n";
  for (const auto& r : k.rows) {
    const bool ci = std::isfinite(r.lo) && std::isfinite(r.hi);
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num diff\">{}{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(c.name(r.scenario)), format_kpi_value(r.base, unit), format_kpi_value(r.variant, unit),
        format_kpi_value(r.difference, unit),
        ci ? fmt::format(" <span class=\"dim\">({})</span>", table_range(r.lo, r.hi, unit)) : "",
        format_kpi_value(r.independent, unit), factor_text(r.factor),
        std::isfinite(r.n) ? format_number(r.n, 0) : not_available());
  }
  out += "</tbody></table></div>\n";
  return out;
}

std::string kpi_chart(const Compare& c, const Kpi& k, ReportPage& page) {
  IntervalChart chart;
  chart.description = words()("chart.description", {{"what", decapitalise(k.label)}});
  const bool fraction = is_fraction_unit(k.unit);
  chart.x_format = fraction ? "~%" : ",~f";
  chart.x_title = fraction         ? words()("chart.x_title_points")
                  : k.unit.empty() ? words()("chart.x_title")
                                   : words()("chart.x_title_unit", {{"unit", unit_label(k.unit)}});
  const std::string na = plain(not_available());
  for (const auto& r : k.rows) {
    const std::string tip = tooltip_json(
        c.name(r.scenario),
        {
            {words()("tip.variant"), plain(format_kpi_value(r.variant, k.unit))},
            {words()("tip.base"), plain(format_kpi_value(r.base, k.unit))},
            {words()("tip.difference"), plain(format_kpi_value(r.difference, k.unit))},
            {words()("tip.ci"), std::isfinite(r.lo) ? plain(table_range(r.lo, r.hi, k.unit)) : na},
            {words()("tip.independent"), std::isfinite(r.independent)
                                             ? plain("\u00b1\u00a0" + format_kpi_value(r.independent, k.unit))
                                             : na},
            {words()("tip.narrower"), plain(factor_text(r.factor))},
        });
    chart.rows.push_back({c.name(r.scenario), r.difference, r.lo, r.hi, r.difference - r.independent,
                          r.difference + r.independent, tip});
  }
  std::string out = "<div class=\"legend\">" + legend_item("sw-dot", words()("legend.mean")) +
                    legend_item("sw-paired", words()("legend.paired")) +
                    legend_item("sw-independent", words()("legend.independent")) + "</div>\n";
  return out + page.chart(chart.description, interval_spec(chart));
}

std::string kpis_section(const Compare& c, ReportPage& page) {
  if (c.kpis.empty()) return "";
  std::string body = "<p class=\"intro\">" + words()("kpis.intro") + "</p>\n";
  std::string rest;
  std::size_t charted = 0;
  for (const auto& k : c.kpis) {
    const bool chart = charted < kMaxCharts && std::any_of(k.rows.begin(), k.rows.end(), [](const Row& r) {
                         return std::isfinite(r.difference);
                       });
    std::string part = fmt::format("<h3>{}{} <code>{}</code></h3>\n", html_escape(capitalise(k.label)),
                                   assumption_tag(c.meta.run, k.name), html_escape(k.name));
    if (!k.description.empty() || !k.unit.empty()) {
      part += fmt::format(
          "<p class=\"intro\">{}{}</p>\n", html_escape(k.description),
          k.unit.empty() ? ""
                         : fmt::format(" <span class=\"dim\">({})</span>", html_escape(unit_label(k.unit))));
    }
    if (chart) {
      ++charted;
      part += kpi_chart(c, k, page);
      body += part + kpi_table(c, k);
    } else {
      rest += part + kpi_table(c, k);
    }
  }
  if (!rest.empty()) {
    body += "<details><summary>" +
            words()("kpis.others", {{"n", format_number(static_cast<double>(c.kpis.size() - charted), 0)}}) +
            "</summary>\n" + rest + "</details>\n";
  }
  return section_html("differences", words()("kpis.title"), body);
}

}  // namespace

std::string compare_report(const std::filesystem::path& results_h5, std::string_view vega) {
  const Compare c = read_compare(results_h5);
  ReportPage page;
  std::string main_html;
  main_html += key_answers(c);
  main_html += kpis_section(c, page);
  main_html += compare_series_section(
      results_h5, [&](std::size_t s) { return c.name(s); }, page);
  main_html += scenarios_section(c);
  main_html += assumptions_section(c.meta, words()("input"));

  const auto& run = c.meta.run;
  const auto vs = variants(c);
  PageHeader h;
  h.kicker = kicker(c.meta, words()("kicker"));
  // The comparison itself, not only its base scenario (run.scenario_name is the base's name).
  // Title and lead are plain text (header_html escapes them).
  h.title = vs.size() == 1
                ? words()("title.one", {{"base", c.name(0)}, {"variant", c.name(vs[0])}})
                : words()("title.many", {{"base", c.name(0)}, {"n", fmt::format("{}", vs.size())}});
  std::string list;
  for (std::size_t i = 0; i < vs.size(); ++i)
    list += (i == 0 ? "" : i + 1 == vs.size() ? words()("list.and") : ", ") + c.name(vs[i]);
  h.lead = vs.empty() ? "" : words()("lead", {{"base", c.name(0)}, {"variants", list}});
  h.facts.emplace_back(words()("fact.scenarios"), fmt::format("{}", std::max(c.names.size(), vs.size() + 1)));
  h.facts.emplace_back(words()("fact.futures"), format_number(replications(c), 0));
  for (auto& f : provenance_facts(c.meta)) h.facts.push_back(std::move(f));
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
