// The charts of the sweep report: outcomes against the varied parameters (a line with its band
// for one parameter, a heatmap for a grid of two or more, a scatter per parameter otherwise), the
// trade-off between two derived measures (/outcome_measures), and the sensitivity charts
// (tornado, Sobol indices).
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_sweep.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

constexpr std::size_t kMaxLineKpis = 6;
constexpr std::size_t kMaxScatterParameters = 4;
constexpr std::string_view kOatRole = "oat:";  // roles oat:base, oat:low:<path>, oat:high:<path>
constexpr double kZ95 = 1.959964;              // a normal 95 % interval: mean +- kZ95 standard errors

bool numeric(const SweepParameter& p) { return p.kind == "number" || p.kind == "integer"; }

/// A parameter's value at /design row i as a number for an axis: the number, ms since 1970 for a
/// date, 0/1 for a flag; NaN otherwise.
double axis_value(const Sweep& s, const SweepParameter& p, std::size_t row) {
  if (p.column == nullptr) return NAN;
  if (p.kind == "date") {
    const auto d = parse_iso_date(parameter_value(p, row));
    return d ? static_cast<double>(*d) * kMsPerDay : NAN;
  }
  if (is_text(*p.column)) return NAN;
  return numbers(s.design, p.path)[row];
}

/// The parameter's distinct values in axis order: numbers and dates ascending, false before
/// true, text in order of first appearance.
std::vector<std::string> ordered_values(const Sweep& s, const SweepParameter& p) {
  std::vector<std::pair<double, std::string>> seen;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto v = parameter_value(p, i);
    if (std::none_of(seen.begin(), seen.end(), [&](const auto& e) { return e.second == v; }))
      seen.emplace_back(axis_value(s, p, i), std::move(v));
  }
  if (std::all_of(seen.begin(), seen.end(), [](const auto& e) { return std::isfinite(e.first); }))
    std::stable_sort(seen.begin(), seen.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(seen.size());
  for (auto& e : seen) out.push_back(std::move(e.second));
  return out;
}

/// "Customers served", "Cost (EUR)": the label with the unit (plain text).
std::string axis_title(const Sweep& s, std::string_view name) {
  const std::string unit = s.unit(name);
  return capitalise(s.label(name)) +
         (unit.empty() || is_fraction_unit(unit) ? "" : " (" + unit_label(unit) + ")");
}

std::string format_for(std::string_view unit) { return is_fraction_unit(unit) ? "~%" : ",~f"; }

std::string tip_value(const Sweep& s, std::string_view kpi, double x) { return plain(kpi_value(s, kpi, x)); }

// --- Outcomes against the parameters -------------------------------------------------------------

std::string one_parameter(const Sweep& s, ReportPage& page) {
  const SweepParameter& p = s.parameters.front();
  const XKind kind = numeric(p) ? XKind::number : p.kind == "date" ? XKind::date : XKind::category;
  // Design rows in axis order, one per value (the first point with that value).
  std::vector<std::size_t> rows;
  for (const auto& v : ordered_values(s, p)) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (parameter_value(p, i) == v && s.outcome_row[i]) {
        rows.push_back(i);
        break;
      }
    }
  }
  if (rows.empty()) return "";
  std::string body = fmt::format(
      "<p class=\"intro\">Each figure at every value of <code>{}</code>. The line is the mean over the "
      "simulated "
      "futures; the band holds the middle 90&nbsp;% of them (5th to 95th percentile). Yes/no figures are "
      "shown "
      "as the chance that the event happens, without a band.</p>\n",
      html_escape(p.path));
  body += "<div class=\"legend\">" + legend_item("sw-median", "Mean") +
          legend_item("sw-band90", "Middle 90&nbsp;%") + "</div>\n";
  for (std::size_t k = 0; k < s.kpis.size() && k < kMaxLineKpis; ++k) {
    const auto& kpi = s.kpis[k];
    const bool band = !is_fraction_unit(kpi.unit);
    BandLineChart chart;
    chart.x_kind = kind;
    chart.x_title = p.path;
    chart.y_title = axis_title(s, kpi.name);
    chart.y_format = format_for(kpi.unit);
    chart.description = fmt::format("Mean {} (with the middle 90 % of the simulated futures) against {}.",
                                    decapitalise(kpi.label), p.path);
    for (const std::size_t i : rows) {
      const double mean = s.outcome(kpi.name, i);
      const double lo = band ? s.outcome(kpi.name + ":p5", i) : NAN,
                   hi = band ? s.outcome(kpi.name + ":p95", i) : NAN;
      std::vector<std::pair<std::string, std::string>> tip = {{"Mean", tip_value(s, kpi.name, mean)}};
      if (band && std::isfinite(lo))
        tip.emplace_back("Middle 90\u00a0%", plain(sweep_range(lo, hi, kpi.unit)));
      chart.points.push_back({axis_value(s, p, i), parameter_value(p, i), mean, lo, hi,
                              tooltip_json(p.path + " = " + parameter_value(p, i), tip)});
    }
    body += fmt::format("<h3>{}</h3>\n", html_escape(capitalise(kpi.label)));
    body += page.chart(chart.description, band_line_spec(chart));
  }
  return section_html("outcomes", fmt::format("Outcomes against <code>{}</code>", html_escape(p.path)), body);
}

std::string grid_heatmap(const Sweep& s, ReportPage& page) {
  const SweepParameter& px = s.parameters[0];
  const SweepParameter& py = s.parameters[1];
  const SweepKpi& kpi = s.kpis.front();
  Heatmap chart;
  chart.columns = ordered_values(s, px);
  chart.rows = ordered_values(s, py);
  chart.x_title = px.path;
  chart.y_title = py.path;
  chart.legend_title = axis_title(s, kpi.name);
  chart.legend_format = format_for(kpi.unit);
  chart.description =
      fmt::format("Mean {} for every combination of {} and {}.", decapitalise(kpi.label), px.path, py.path);
  std::map<std::pair<std::string, std::string>, std::pair<double, int>> sums;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double v = s.outcome(kpi.name, i);
    if (!std::isfinite(v)) continue;
    auto& [sum, n] = sums[{parameter_value(px, i), parameter_value(py, i)}];
    sum += v;
    ++n;
  }
  for (const auto& [key, acc] : sums) {
    const double mean = acc.first / acc.second;
    std::vector<std::pair<std::string, std::string>> tip = {
        {"Mean " + decapitalise(kpi.label), tip_value(s, kpi.name, mean)}};
    if (acc.second > 1) tip.emplace_back("Points averaged", fmt::format("{}", acc.second));
    chart.cells.push_back(
        {key.first, key.second, mean, tip_value(s, kpi.name, mean),
         tooltip_json(px.path + " = " + key.first + ", " + py.path + " = " + key.second, tip)});
  }
  if (chart.cells.empty()) return "";
  std::string body = fmt::format(
      "<p class=\"intro\">The mean {} for every combination of <code>{}</code> (across) and <code>{}</code> "
      "(up){}. "
      "Darker cells are higher.</p>\n",
      html_escape(decapitalise(kpi.label)), html_escape(px.path), html_escape(py.path),
      s.parameters.size() > 2 ? ", averaged over the other parameters" : "");
  body += page.chart(chart.description, heatmap_spec(chart));
  return section_html("outcomes", fmt::format("{} over the grid", html_escape(capitalise(kpi.label))), body);
}

std::string scatter_per_parameter(const Sweep& s, ReportPage& page) {
  const SweepKpi& kpi = s.kpis.front();
  // One-at-a-time points move one parameter with the others at the base: against a parameter they
  // look like a spread that is not there. Only points that vary all parameters are drawn.
  std::vector<std::size_t> rows_shown;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (i >= s.roles.size() || !s.roles[i].starts_with(kOatRole)) rows_shown.push_back(i);
  if (rows_shown.empty()) return "";
  std::string body = fmt::format(
      "<p class=\"intro\">The mean {} at each design point against each parameter. The other parameters vary "
      "too, so the spread at one value shows how much they matter.{}</p>\n",
      html_escape(decapitalise(kpi.label)),
      rows_shown.size() < s.size()
          ? " The one-at-a-time points are left out: they move one parameter at a time "
            "and are shown under <a href=\"#sensitivity\">Which parameters matter</a>."
          : "");
  int charts = 0;
  for (const auto& p : s.parameters) {
    if (charts == static_cast<int>(kMaxScatterParameters) || !(numeric(p) || p.kind == "date")) continue;
    ScatterChart chart;
    chart.utc_time = p.kind == "date";
    chart.x_title = p.path;
    chart.y_title = axis_title(s, kpi.name);
    chart.y_format = format_for(kpi.unit);
    chart.description =
        fmt::format("Mean {} at each design point against {}.", decapitalise(kpi.label), p.path);
    for (const std::size_t i : rows_shown) {
      auto rows = point_tooltip_rows(s, i);
      rows.emplace_back(capitalise(kpi.label), tip_value(s, kpi.name, s.outcome(kpi.name, i)));
      chart.points.push_back({axis_value(s, p, i), s.outcome(kpi.name, i),
                              tooltip_json(fmt::format("Point {}", format_number(s.points[i], 0)), rows)});
    }
    body += fmt::format("<h3>Against <code>{}</code></h3>\n", html_escape(p.path));
    body += page.chart(chart.description, scatter_spec(chart));
    ++charts;
  }
  if (charts == 0) return "";
  return section_html("outcomes",
                      fmt::format("{} against each parameter", html_escape(capitalise(kpi.label))), body);
}

// --- Sensitivity ------------------------------------------------------------------------------------

std::vector<std::string> kpis_in(const Table& t) {
  std::vector<std::string> out;
  for (auto& k : strings(t, "kpi"))
    if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  return out;
}

/// The 95 % Monte Carlo interval of the mean `mean` of KPI k at the one-at-a-time point with this
/// role, from the point's standard error in /outcomes (`<k>:se`); nullopt without one.
std::optional<std::pair<double, double>> oat_interval(const Sweep& s, const std::string& k,
                                                      std::string_view role, double mean) {
  const auto row = row_of_role(s, role);
  if (!row || !std::isfinite(mean)) return std::nullopt;
  const double se = s.outcome(k + ":se", *row);
  if (!std::isfinite(se) || se < 0) return std::nullopt;
  return std::pair(mean - kZ95 * se, mean + kZ95 * se);
}

std::string tornado_html(const Sweep& s, ReportPage& page) {
  const Table& t = s.oat;
  if (t.rows() == 0) return "";
  const auto kpi = strings(t, "kpi"), parameter = strings(t, "parameter"),
             low_value = strings(t, "low_value"), high_value = strings(t, "high_value");
  const auto base = numbers(t, "base"), at_low = numbers(t, "at_low"), at_high = numbers(t, "at_high");
  std::string body =
      "<h3>One parameter at a time</h3>\n<p class=\"intro\">Each parameter moved from the base point to its "
      "low "
      "and to its high value while the others stay at the base. The widest bars are the parameters that "
      "matter "
      "most.</p>\n";
  body += "<div class=\"legend\">" + legend_item("sw-low", "At its low value") +
          legend_item("sw-high", "At its high value") + legend_item("sw-deadline", "Base") + "</div>\n";
  int drawn = 0;
  for (const auto& k : kpis_in(t)) {
    const std::string unit = s.unit(k);
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < t.rows(); ++i)
      if (kpi[i] == k) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      const double sa = std::fabs(at_high[a] - at_low[a]), sb = std::fabs(at_high[b] - at_low[b]);
      return (std::isfinite(sa) ? sa : -1) > (std::isfinite(sb) ? sb : -1);
    });
    TornadoChart chart;
    chart.base = base[rows.front()];
    if (!std::isfinite(chart.base)) continue;
    chart.x_title = axis_title(s, k);
    chart.x_format = format_for(unit);
    chart.description = fmt::format(
        "Mean {} with each parameter at its low and its high value, the others at the "
        "base point.",
        decapitalise(s.label(k)));
    std::string table =
        "<div class=\"table-wrap\"><table class=\"wide\">\n<thead><tr><th>Parameter</th><th>Low value</th>"
        "<th class=\"num\">At its low value <span class=\"dim\">(95&nbsp;% CI)</span></th><th>High value</th>"
        "<th class=\"num\">At its high value <span class=\"dim\">(95&nbsp;% CI)</span></th></tr></thead>\n"
        "<tbody>\n";
    const auto end_ci = [&](std::size_t i, bool low) {
      return oat_interval(s, k, std::string(low ? "oat:low:" : "oat:high:") + parameter[i],
                          low ? at_low[i] : at_high[i]);
    };
    for (const std::size_t i : rows) {
      const auto tip = [&](bool low) {
        std::vector<std::pair<std::string, std::string>> tip_rows = {
            {low ? "Low value" : "High value", low ? low_value[i] : high_value[i]},
            {capitalise(s.label(k)), tip_value(s, k, low ? at_low[i] : at_high[i])}};
        if (const auto ci = end_ci(i, low))
          tip_rows.emplace_back("95\u00a0% CI", plain(sweep_range(ci->first, ci->second, unit)));
        tip_rows.emplace_back("At the base", tip_value(s, k, base[i]));
        return tooltip_json(parameter[i], tip_rows);
      };
      chart.rows.push_back({parameter[i], at_low[i], at_high[i],
                            low_value[i] + ": " + tip_value(s, k, at_low[i]),
                            high_value[i] + ": " + tip_value(s, k, at_high[i]), tip(true), tip(false)});
      const auto cell = [&](bool low) {
        const double x = low ? at_low[i] : at_high[i];
        const auto ci = end_ci(i, low);
        return kpi_value(s, k, x) +
               (ci ? " <span class=\"dim\">(" + sweep_range(ci->first, ci->second, unit) + ")</span>" : "");
      };
      table += fmt::format(
          "<tr><td><code>{}</code></td><td class=\"nw\">{}</td><td class=\"num\">{}</td><td "
          "class=\"nw\">{}</td><td class=\"num\">{}</td></tr>\n",
          html_escape(parameter[i]), html_escape(low_value[i]), cell(true), html_escape(high_value[i]),
          cell(false));
    }
    table += "</tbody></table></div>\n";
    const auto base_ci = oat_interval(s, k, "oat:base", chart.base);
    body +=
        fmt::format("<h3>{} <span class=\"dim\">(base {}{})</span></h3>\n",
                    html_escape(capitalise(s.label(k))), kpi_value(s, k, chart.base),
                    base_ci ? ", 95&nbsp;% CI " + sweep_range(base_ci->first, base_ci->second, unit) : "");
    body += page.chart(chart.description, tornado_spec(chart));
    body += table;
    ++drawn;
  }
  if (drawn > 0)
    body +=
        "<p class=\"note\">The 95&nbsp;% confidence intervals are Monte Carlo intervals of each mean (mean "
        "&plusmn; 1.96 standard errors over its simulated futures; n/a where the file has no standard "
        "error). All points share their random numbers, so the difference between two ends is surer than "
        "the two intervals suggest.</p>\n";
  return drawn > 0 ? body : "";
}

/// A Sobol index for the table: "62.3&nbsp;% (55–70&nbsp;%)"; an estimate outside 0–100 % is
/// marked as noise.
std::string index_cell(double x, double lo, double hi) {
  std::string out = sweep_value(x, "fraction");
  if (outside_unit(x))
    out += "<sup title=\"Monte Carlo noise: a share lies between 0 and 100&nbsp;%\">*</sup>";
  if (std::isfinite(lo) && std::isfinite(hi))
    out += " <span class=\"dim\">(" + sweep_range(lo, hi, "fraction") + ")</span>";
  return out;
}

std::string sobol_html(const Sweep& s, ReportPage& page) {
  const Table& t = s.sobol;
  if (t.rows() == 0) return "";
  const auto kpi = strings(t, "kpi"), parameter = strings(t, "parameter");
  const auto first = numbers(t, "first"), first_low = numbers(t, "first_low"),
             first_high = numbers(t, "first_high");
  const auto total = numbers(t, "total"), total_low = numbers(t, "total_low"),
             total_high = numbers(t, "total_high");
  std::string body =
      "<h3>Share of the variance (Sobol indices)</h3>\n<p class=\"intro\">How much of the variation of each "
      "figure "
      "across the design each parameter explains: on its own (first-order index) and together with its "
      "interactions with the other parameters (total index), with 95&nbsp;% confidence intervals. A "
      "parameter "
      "whose total index is near zero hardly matters.</p>\n";
  body += "<div class=\"legend\">" + legend_item("sw-first", "On its own (first-order)") +
          legend_item("sw-total", "With interactions (total)") + "</div>\n";
  int drawn = 0;
  bool noisy = false;
  for (const auto& k : kpis_in(t)) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < t.rows(); ++i)
      if (kpi[i] == k) rows.push_back(i);
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      return (std::isfinite(total[a]) ? total[a] : -1) > (std::isfinite(total[b]) ? total[b] : -1);
    });
    std::string table =
        "<div class=\"table-wrap\"><table>\n<thead><tr><th>Parameter</th>"
        "<th class=\"num\">On its own <span class=\"dim\">(95&nbsp;% CI)</span></th>"
        "<th class=\"num\">With interactions <span class=\"dim\">(95&nbsp;% CI)</span></th></tr></thead>\n"
        "<tbody>\n";
    SobolChart chart;
    chart.description = fmt::format("First-order and total Sobol indices of each parameter for {}.",
                                    decapitalise(s.label(k)));
    for (const std::size_t i : rows) {
      const auto ci = [](double lo, double hi) {
        return std::isfinite(lo) && std::isfinite(hi) ? plain(sweep_range(lo, hi, "fraction"))
                                                      : std::string("n/a");
      };
      const std::string tip =
          tooltip_json(parameter[i], {{"On its own", plain(sweep_value(first[i], "fraction"))},
                                      {"95\u00a0% CI", ci(first_low[i], first_high[i])},
                                      {"With interactions", plain(sweep_value(total[i], "fraction"))},
                                      {"95\u00a0% CI ", ci(total_low[i], total_high[i])}});
      chart.rows.push_back(
          {parameter[i], first[i], first_low[i], first_high[i], total[i], total_low[i], total_high[i], tip});
      table +=
          fmt::format("<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                      html_escape(parameter[i]), index_cell(first[i], first_low[i], first_high[i]),
                      index_cell(total[i], total_low[i], total_high[i]));
      noisy = noisy || outside_unit(first[i]) || outside_unit(total[i]) || outside_unit(first_low[i]) ||
              outside_unit(first_high[i]) || outside_unit(total_low[i]) || outside_unit(total_high[i]);
    }
    table += "</tbody></table></div>\n";
    body += fmt::format("<h3>{}</h3>\n", html_escape(capitalise(s.label(k))));
    body += page.chart(chart.description, sobol_spec(chart));
    body += table;
    ++drawn;
  }
  if (noisy)
    body +=
        "<p class=\"note\">A share of the variance lies between 0 and 100&nbsp;%. Estimates and interval "
        "ends "
        "outside that range are Monte Carlo noise of a small design (more samples narrow them); the table "
        "shows the estimate as it is and marks it.</p>\n";
  return drawn > 0 ? body : "";
}

}  // namespace

std::string sweep_outcome_charts(const Sweep& s, ReportPage& page) {
  if (s.kpis.empty() || s.size() == 0 || s.parameters.empty()) return "";
  if (s.parameters.size() == 1) return one_parameter(s, page);
  if (s.all_roles("grid")) return grid_heatmap(s, page);
  return scatter_per_parameter(s, page);
}

std::string sweep_sensitivity(const Sweep& s, ReportPage& page) {
  const std::string body = tornado_html(s, page) + sobol_html(s, page);
  return body.empty() ? "" : section_html("sensitivity", "Which parameters matter", body);
}

std::string sweep_tradeoff(const Sweep& s, ReportPage& page) {
  // x: the first measure of the group trade_off_x; y: the first of trade_off_y with a value.
  const auto has_value = [&](const OutcomeMeasure& m) {
    for (std::size_t i = 0; i < s.size(); ++i)
      if (std::isfinite(s.outcome(m.name, i))) return true;
    return false;
  };
  const OutcomeMeasure* mx = nullptr;
  const OutcomeMeasure* my = nullptr;
  for (const auto& m : s.measures) {
    if (mx == nullptr && m.in(kTradeOffX)) mx = &m;
    if (my == nullptr && m.in(kTradeOffY) && has_value(m)) my = &m;
  }
  if (mx == nullptr || my == nullptr || mx == my || s.size() == 0) return "";
  const std::string x_label = capitalise(mx->label), y_label = capitalise(my->label);
  ScatterChart chart;
  chart.x_title = axis_title(s, mx->name);
  chart.y_title = axis_title(s, my->name);
  chart.x_format = is_fraction_unit(mx->unit) ? "~%" : ",~f";
  chart.y_format = is_fraction_unit(my->unit) ? "~%" : ",~f";
  chart.x_unit_interval = mx->unit == "fraction";
  chart.description =
      fmt::format("Each design point: {} against {}.", decapitalise(mx->label), decapitalise(my->label));
  chart.bottom_left = "lower on both";
  chart.top_right = "higher on both";
  std::optional<std::size_t> lowest_x, lowest_y;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double x = s.outcome(mx->name, i), y = s.outcome(my->name, i);
    auto rows = point_tooltip_rows(s, i);
    rows.emplace_back(x_label, plain(sweep_value(x, mx->unit)));
    rows.emplace_back(y_label, plain(sweep_value(y, my->unit)));
    chart.points.push_back(
        {x, y, tooltip_json(fmt::format("Point {}", format_number(s.points[i], 0)), rows)});
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    const auto better = [](double a, double b, double tie_a, double tie_b) {
      return a < b || (a == b && tie_a < tie_b);
    };
    if (!lowest_x || better(x, s.outcome(mx->name, *lowest_x), y, s.outcome(my->name, *lowest_x)))
      lowest_x = i;
    if (!lowest_y || better(y, s.outcome(my->name, *lowest_y), x, s.outcome(mx->name, *lowest_y)))
      lowest_y = i;
  }
  std::string body = fmt::format(
      "<p class=\"intro\">Each dot is a design point (hover or tap for its parameter values): {} across, {} "
      "up. Points in the lower left are lower on both; in the upper right, higher on both. Between those "
      "corners one measure gains what the other gives up.</p>\n",
      html_escape(decapitalise(mx->label)), html_escape(decapitalise(my->label)));
  body += page.chart(chart.description, scatter_spec(chart));
  if (lowest_x && lowest_y) {
    const auto point = [&](std::size_t i) {
      return fmt::format("point {} <span class=\"dim\">({})</span>", format_number(s.points[i], 0),
                         html_escape(point_values(s, i)));
    };
    std::string sentence = fmt::format(
        "{} is lowest at {}: <strong>{}</strong>, with {} {}.", html_escape(y_label), point(*lowest_y),
        sweep_value(s.outcome(my->name, *lowest_y), my->unit), html_escape(decapitalise(mx->label)),
        sweep_value(s.outcome(mx->name, *lowest_y), mx->unit));
    if (*lowest_x != *lowest_y) {
      sentence += fmt::format(" {} is lowest at {}: <strong>{}</strong>, with {} {}.", html_escape(x_label),
                              point(*lowest_x), sweep_value(s.outcome(mx->name, *lowest_x), mx->unit),
                              html_escape(decapitalise(my->label)),
                              sweep_value(s.outcome(my->name, *lowest_x), my->unit));
    }
    body += "<p class=\"sentence\">" + sentence + "</p>\n";
  }
  return section_html("tradeoff", "Trade-off", body);
}

}  // namespace sibsim::output::detail
