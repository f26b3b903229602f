// The report of `sibsim sweep` (kind "sweep", output/SCHEMA.md): reading the file, the key
// answers in words, what was varied, the outcomes table, and the page around the charts of
// report_sweep_charts.cpp.
#include "report_sweep.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>

#include "report_catalogues.hpp"
#include "report_columns.hpp"
#include "report_kinds.hpp"
#include "report_text.hpp"

namespace sibsim::output::detail {

namespace {

const report::Words& words() { return sweep_words(); }

constexpr std::size_t kMaxTableRows = 200;
constexpr std::size_t kMaxSentenceKpis = 3;
constexpr double kAllOfIt = 0.995;  // a Sobol share from here up reads "about all"
constexpr double kNoneOfIt = 0.005;

constexpr std::string_view kGroupHeadline = "headline";
constexpr char kGroupSeparator = ';';  // in /outcome_measures `groups`, as in /kpis

std::vector<std::string> split_groups(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    const auto cut = std::min(joined.find(kGroupSeparator), joined.size());
    if (cut > 0) out.emplace_back(joined.substr(0, cut));
    joined.remove_prefix(std::min(cut + 1, joined.size()));
  }
  return out;
}

Table table_if(const std::filesystem::path& path, std::string_view where) {
  return has_object(path, where) ? read_table(path, where) : Table{};
}

bool is_statistic(std::string_view column) { return column.find(':') != std::string_view::npos; }

std::string guessed_kind(const TableColumn& c) {
  if (is_flag(c)) return "boolean";
  if (!is_text(c)) return "number";
  const auto& v = std::get<std::vector<std::string>>(c.values);
  const bool dates = !v.empty() && std::all_of(v.begin(), v.end(), [](const std::string& s) {
    return parse_iso_date(s).has_value();
  });
  return dates ? "date" : "text";
}

}  // namespace

bool Sweep::all_roles(std::string_view role) const {
  return !roles.empty() &&
         std::all_of(roles.begin(), roles.end(), [&](const std::string& r) { return r == role; });
}

double Sweep::outcome(std::string_view column, std::size_t design_row) const {
  const TableColumn* c = outcomes.column(column);
  if (c == nullptr || design_row >= outcome_row.size() || !outcome_row[design_row]) return NAN;
  const std::size_t r = *outcome_row[design_row];
  if (const auto* d = std::get_if<std::vector<double>>(&c->values)) return (*d)[r];
  if (const auto* u = std::get_if<std::vector<std::uint64_t>>(&c->values))
    return static_cast<double>((*u)[r]);
  return NAN;
}

const SweepKpi* Sweep::kpi(std::string_view name) const {
  for (const auto& k : kpis)
    if (k.name == name) return &k;
  return nullptr;
}

const OutcomeMeasure* Sweep::measure(std::string_view name) const {
  for (const auto& m : measures)
    if (m.name == name) return &m;
  return nullptr;
}

std::string Sweep::label(std::string_view name) const {
  if (const auto* k = kpi(name)) return k->label;
  if (const auto* m = measure(name)) return m->label;
  return humanise(name);
}

bool OutcomeMeasure::in(std::string_view group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

double Sweep::replications() const {
  double n = 0;
  for (const double r : numbers(outcomes, "replications"))
    if (std::isfinite(r)) n = std::max(n, r);
  return n > 0 ? n : static_cast<double>(meta.run.replications_requested);
}

Sweep read_sweep(const std::filesystem::path& path) {
  Sweep s;
  s.meta = read_meta(path);
  s.design = table_if(path, "/design");
  s.outcomes = table_if(path, "/outcomes");
  s.oat = table_if(path, "/sensitivity/oat");
  s.sobol = table_if(path, "/sensitivity/sobol");
  const Table params = table_if(path, "/design_parameters");
  const auto p_path = strings(params, "path"), p_kind = strings(params, "kind"),
             p_low = strings(params, "low"), p_high = strings(params, "high");
  for (std::size_t i = 0; i < params.rows(); ++i)
    s.parameters.push_back({p_path[i], p_kind[i], p_low[i], p_high[i], s.design.column(p_path[i])});
  if (s.parameters.empty()) {  // no /design_parameters: every /design column after point and role
    for (const auto& c : s.design.columns)
      if (c.name != "point" && c.name != "role")
        s.parameters.push_back({c.name, guessed_kind(c), "", "", &c});
  }
  for (auto& p : s.parameters)
    if (p.kind.empty() && p.column != nullptr) p.kind = guessed_kind(*p.column);

  // The derived columns: /outcome_measures names them (files before format 1.3 have none, and
  // their derived columns are shown like KPIs).
  const Table measures = table_if(path, "/outcome_measures");
  const auto m_name = strings(measures, "name"), m_label = strings(measures, "label"),
             m_unit = strings(measures, "unit"), m_description = strings(measures, "description"),
             m_groups = strings(measures, "groups");
  for (std::size_t i = 0; i < measures.rows(); ++i) {
    const TableColumn* c = s.outcomes.column(m_name[i]);
    if (c == nullptr || is_text(*c) || s.measure(m_name[i]) != nullptr) continue;
    s.measures.push_back(
        {m_name[i], localised_label(m_name[i], m_label[i].empty() ? humanise(m_name[i]) : m_label[i]),
         m_unit[i].empty() ? c->unit : m_unit[i],
         localised_description(m_name[i], m_description[i].empty() ? c->description : m_description[i]),
         split_groups(m_groups[i])});
  }
  const auto catalogue = read_kpis(path);
  for (const auto& c : s.outcomes.columns) {
    if (c.name == "point" || c.name == "replications" || is_statistic(c.name) || is_text(c)) continue;
    if (s.measure(c.name) != nullptr) continue;
    SweepKpi k{c.name, c.unit, c.description, humanise(c.name), false};
    for (const auto& info : catalogue) {
      if (info.name != c.name) continue;
      if (!info.label.empty()) k.label = info.label;
      k.headline = std::find(info.groups.begin(), info.groups.end(), kGroupHeadline) != info.groups.end();
    }
    k.label = localised_label(k.name, k.label);
    k.description = localised_description(k.name, k.description);
    s.kpis.push_back(std::move(k));
  }
  std::stable_partition(s.kpis.begin(), s.kpis.end(), [](const SweepKpi& k) { return k.headline; });

  s.roles = strings(s.design, "role");
  s.points = numbers(s.design, "point");
  std::map<double, std::size_t> row_of_point;
  const auto out_points = numbers(s.outcomes, "point");
  for (std::size_t r = 0; r < out_points.size(); ++r) row_of_point.emplace(out_points[r], r);
  for (std::size_t i = 0; i < s.design.rows(); ++i) {
    const auto it = row_of_point.find(s.points[i]);
    s.outcome_row.push_back(it != row_of_point.end() ? std::optional(it->second) : std::nullopt);
  }
  return s;
}

std::string sweep_sig(double x, int digits) {
  if (std::isnan(x)) return page_words()("not_available");
  if (std::isinf(x)) return x > 0 ? "\u221e" : "\u2212\u221e";
  if (x == 0) return "0";
  const double a = std::fabs(x);
  // The digits after the point, without trailing zeros (the number's own text, not for people).
  const auto needed = [](double y, int decimals) {
    const std::string t = fmt::format("{:.{}f}", y, decimals);
    const auto last = t.find_last_not_of('0');
    const auto point = t.find('.');
    return point == std::string::npos ? 0 : static_cast<int>(last == point ? 0 : last - point);
  };
  if (a < 1e-4) {  // 1.5e−7
    const std::string t = fmt::format("{:.{}e}", a, std::max(digits - 1, 0));
    const auto e = t.find('e');
    const double mantissa = std::stod(t.substr(0, e));
    return fmt::format("{}{}e\u2212{}", x < 0 ? "\u2212" : "",
                       format_number(mantissa, needed(mantissa, std::max(digits - 1, 0))),
                       -std::stoi(t.substr(e + 1)));
  }
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  const int decimals = std::max(0, digits - 1 - magnitude);
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(x * scale) / scale;
  return format_number(rounded, needed(rounded, decimals));
}

std::string shown_value(std::string_view file_text) {
  if (file_text == "true") return words()("value.true");
  if (file_text == "false") return words()("value.false");
  // A number in another language than the file's (English): "0.0015" -> "0,0015". English
  // pages show it as the file has it.
  if (current_language() != report::Language::en && !file_text.empty()) {
    const std::string text(file_text);
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size() && std::isfinite(x) &&
        text.find_first_of("xXpP") == std::string::npos)
      return whole(x) ? format_number(x, 0) : sweep_sig(x, 6);
  }
  return std::string(file_text);
}

std::string word_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? words()("and") : ", ") + items[i];
  return out;
}

std::string parameter_label(std::string_view path) { return localised_label(path, path); }

std::string parameter_words(std::string_view path) {
  const std::string label = parameter_label(path);
  return label == path ? fmt::format("<code>{}</code>", html_escape(path)) : html_escape(label);
}

std::string parameter_cell(std::string_view path) {
  const std::string label = parameter_label(path);
  const std::string code = fmt::format("<code>{}</code>", html_escape(path));
  return label == path ? code : html_escape(label) + " " + code;
}

std::string parameter_value(const SweepParameter& p, std::size_t row) {
  if (p.column == nullptr) return page_words()("not_available");
  // A sweep file's null (the key had no value at that point) is NaN or "" in /design (SCHEMA.md).
  if (const auto* d = std::get_if<std::vector<double>>(&p.column->values);
      d != nullptr && row < d->size() && std::isnan((*d)[row]))
    return words()("value.none");
  if (is_text(*p.column) && row < p.column->size() && cell_text(*p.column, row).empty())
    return words()("value.none");
  if (p.kind == "boolean" && is_flag(*p.column))
    return words()(std::get<std::vector<std::uint8_t>>(p.column->values)[row] != 0 ? "value.true"
                                                                                   : "value.false");
  if (const auto* d = std::get_if<std::vector<double>>(&p.column->values); d != nullptr && row < d->size()) {
    const double x = (*d)[row];  // significant digits: a rate of 0.0015 is not "0"
    return whole(x) ? format_number(x, 0) : sweep_sig(x, 4);
  }
  return shown_value(cell_text(*p.column, row));
}

std::string point_values(const Sweep& s, std::size_t row) {
  std::string out;
  for (const auto& p : s.parameters)
    out += (out.empty() ? "" : ", ") + parameter_label(p.path) + " = " + parameter_value(p, row);
  return out;
}

std::string Sweep::unit(std::string_view name) const {
  if (const auto* k = kpi(name)) return k->unit;
  if (const auto* m = measure(name)) return m->unit;
  if (const auto* c = outcomes.column(name)) return c->unit;
  return "";
}

namespace {

constexpr int kDigits = 3;  // significant digits of a value on the page

constexpr double kLeastPercent = 0.001;  // smaller percentages read "< 0.001"

/// 100 * fraction to three significant digits, without the sign: 0.0015 -> "0.15", 0.623 -> "62.3",
/// 1e-13 -> "&lt;&nbsp;0.001" (not 1e−11).
std::string sig_percent(double fraction) {
  const double p = 100.0 * fraction;
  if (p != 0 && std::fabs(p) < kLeastPercent)
    return (p > 0 ? "&lt;&nbsp;" : "&gt;&nbsp;") + format_number(p > 0 ? kLeastPercent : -kLeastPercent, 3);
  return whole(p) ? format_number(p, 0) : sweep_sig(p, kDigits);
}

std::string sig_number(double x) {
  if (whole(x)) return format_number(x, 0);
  return std::fabs(x) >= 1000 ? format_number(x, 0) : sweep_sig(x, kDigits);
}

std::string money(std::string_view number) { return words()("money", {{"n", std::string(number)}}); }

}  // namespace

std::string sweep_value(double x, std::string_view unit) {
  if (std::isnan(x)) return page_words()("not_available");
  if (is_fraction_unit(unit)) return sig_percent(x) + "&nbsp;%";
  if (is_money_unit(unit)) return money(sig_number(x));
  return sig_number(x);
}

std::string sweep_range(double lo, double hi, std::string_view unit) {
  const std::string dash = lo < 0 || hi < 0 ? words()("range.to") : "\u2013";
  if (is_fraction_unit(unit))
    return nowrap(fmt::format("{}{}{}&nbsp;%", sig_percent(lo), dash, sig_percent(hi)));
  const std::string numbers = sig_number(lo) + dash + sig_number(hi);
  return nowrap(is_money_unit(unit) ? money(numbers) : numbers);
}

std::string kpi_value(const Sweep& s, std::string_view kpi, double x) { return sweep_value(x, s.unit(kpi)); }

std::optional<std::size_t> row_of_role(const Sweep& s, std::string_view role) {
  for (std::size_t i = 0; i < s.roles.size(); ++i)
    if (s.roles[i] == role) return i;
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> point_tooltip_rows(const Sweep& s, std::size_t row) {
  std::vector<std::pair<std::string, std::string>> rows;
  if (row < s.roles.size() && !s.roles[row].empty()) rows.emplace_back(words()("tip.role"), s.roles[row]);
  for (const auto& p : s.parameters) rows.emplace_back(parameter_label(p.path), parameter_value(p, row));
  return rows;
}

namespace {

std::string point_name(const Sweep& s, std::size_t row) {
  return std::isfinite(s.points[row]) ? words()("point", {{"n", format_number(s.points[row], 0)}})
                                      : words()("point.unknown");
}

/// "Customers served: from 61.8 (arrivals.end = 2017-02-01) to 141 (...)." (`what` is HTML)
std::string range_sentence(const Sweep& s, std::string_view column, std::string_view what) {
  std::optional<std::size_t> lo, hi;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double x = s.outcome(column, i);
    if (!std::isfinite(x)) continue;
    if (!lo || x < s.outcome(column, *lo)) lo = i;
    if (!hi || x > s.outcome(column, *hi)) hi = i;
  }
  if (!lo) return "";
  // With more than two parameters only their values, in the order the first answer names them.
  const auto where = [&](std::size_t i) {
    if (s.parameters.empty()) return point_name(s, i);
    if (s.parameters.size() <= 2) return html_escape(point_values(s, i));
    return point_name(s, i) + ": " + html_escape(point_values(s, i));
  };
  if (*lo == *hi || s.outcome(column, *lo) == s.outcome(column, *hi))
    return words()("answer.same",
                   {{"what", std::string(what)}, {"value", kpi_value(s, column, s.outcome(column, *lo))}});
  return words()("answer.range", {{"what", std::string(what)},
                                  {"low", kpi_value(s, column, s.outcome(column, *lo))},
                                  {"low_where", where(*lo)},
                                  {"high", kpi_value(s, column, s.outcome(column, *hi))},
                                  {"high_where", where(*hi)}});
}

}  // namespace

bool outside_unit(double share) { return std::isfinite(share) && (share < 0 || share > 1); }

std::string share_words(double share, double lo, double hi) {
  if (std::isnan(share)) return words()("share.unknown");
  std::string out = share >= kAllOfIt   ? words()("share.all")
                    : share < kNoneOfIt ? words()("share.none")
                                        : "<strong>" + sweep_value(share, "fraction") + "</strong>";
  if (std::isfinite(lo) && std::isfinite(hi))
    out += words()("share.ci",
                   {{"range", sweep_range(std::clamp(lo, 0.0, 1.0), std::clamp(hi, 0.0, 1.0), "fraction")}});
  return out;
}

namespace {

std::string key_answers(const Sweep& s) {
  std::vector<std::string> items;
  std::vector<std::string> varied;
  for (const auto& p : s.parameters) varied.push_back(parameter_words(p.path));
  items.push_back(words()("answer.design", {{"grid", s.all_roles("grid")},
                                            {"lhs", s.all_roles("lhs")},
                                            {"n", format_number(static_cast<double>(s.size()), 0)},
                                            {"futures", format_number(s.replications(), 0)},
                                            {"any_varied", !varied.empty()},
                                            {"varied", word_list(varied)}}));
  std::size_t worded = 0;
  for (const auto& k : s.kpis) {
    if (worded == kMaxSentenceKpis) break;
    const std::string what = html_escape(capitalise(k.label));
    if (auto t = range_sentence(s, k.name, what); !t.empty()) {
      items.push_back(std::move(t) + assumption_tag(s.meta.run, k.name));
      ++worded;
    }
  }
  for (const auto& m : s.measures)
    if (auto t = range_sentence(s, m.name, html_escape(capitalise(m.label))); !t.empty())
      items.push_back(std::move(t));

  // The parameter that matters most, by the Sobol total index or else the one-at-a-time swing.
  const auto sk = strings(s.sobol, "kpi"), sp = strings(s.sobol, "parameter");
  const auto first = numbers(s.sobol, "first"), total = numbers(s.sobol, "total");
  const auto first_low = numbers(s.sobol, "first_low"), first_high = numbers(s.sobol, "first_high");
  const auto total_low = numbers(s.sobol, "total_low"), total_high = numbers(s.sobol, "total_high");
  bool noisy = false;
  std::vector<std::string> done;
  for (std::size_t i = 0; i < s.sobol.rows(); ++i) {
    if (std::find(done.begin(), done.end(), sk[i]) != done.end() || done.size() == 2) continue;
    std::optional<std::size_t> best;
    for (std::size_t j = 0; j < s.sobol.rows(); ++j)
      if (sk[j] == sk[i] && std::isfinite(total[j]) && (!best || total[j] > total[*best])) best = j;
    done.push_back(sk[i]);
    if (!best) continue;
    const std::size_t b = *best;
    items.push_back(words()("answer.sobol", {{"kpi", html_escape(decapitalise(s.label(sk[i])))},
                                             {"parameter", parameter_words(sp[b])},
                                             {"first", share_words(first[b], first_low[b], first_high[b])},
                                             {"total", share_words(total[b], total_low[b], total_high[b])}}));
    noisy = noisy || outside_unit(first[b]) || outside_unit(total[b]);
  }
  if (noisy) items.push_back(words()("answer.noise"));
  if (done.empty()) {
    const auto ok = strings(s.oat, "kpi"), op = strings(s.oat, "parameter"), lv = strings(s.oat, "low_value"),
               hv = strings(s.oat, "high_value");
    const auto base = numbers(s.oat, "base"), at_low = numbers(s.oat, "at_low"),
               at_high = numbers(s.oat, "at_high");
    for (std::size_t i = 0; i < s.oat.rows(); ++i) {
      if (std::find(done.begin(), done.end(), ok[i]) != done.end() || done.size() == 2) continue;
      std::optional<std::size_t> best;
      for (std::size_t j = 0; j < s.oat.rows(); ++j) {
        const double swing = std::fabs(at_high[j] - at_low[j]);
        if (ok[j] == ok[i] && std::isfinite(swing) &&
            (!best || swing > std::fabs(at_high[*best] - at_low[*best])))
          best = j;
      }
      done.push_back(ok[i]);
      if (!best) continue;
      const std::size_t b = *best;
      items.push_back(words()("answer.oat", {{"kpi", html_escape(decapitalise(s.label(ok[i])))},
                                             {"parameter", parameter_words(op[b])},
                                             {"low_value", html_escape(shown_value(lv[b]))},
                                             {"high_value", html_escape(shown_value(hv[b]))},
                                             {"at_low", kpi_value(s, ok[i], at_low[b])},
                                             {"at_high", kpi_value(s, ok[i], at_high[b])},
                                             {"base", kpi_value(s, ok[i], base[b])}}));
    }
  }
  std::string out = "<section id=\"key-answers\" class=\"answers\">\n<h2>" + page_words()("answers.title") +
                    "</h2>\n<ul>\n";
  for (const auto& i : items) out += "<li>" + i + "</li>\n";
  out += "</ul>\n";
  out += "<p class=\"note\">" + words()("answers.note") + "</p>\n</section>\n";
  return out;
}

std::string distinct_values(const SweepParameter& p, std::size_t rows) {
  std::vector<std::string> seen;
  for (std::size_t i = 0; i < rows; ++i) {
    auto v = parameter_value(p, i);
    if (std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(std::move(v));
  }
  std::string out;  // HTML
  const std::size_t shown = std::min<std::size_t>(seen.size(), 8);
  for (std::size_t i = 0; i < shown; ++i) out += (i == 0 ? "" : ", ") + html_escape(seen[i]);
  if (seen.size() > shown)
    out += words()("varied.more", {{"n", format_number(static_cast<double>(seen.size()), 0)}});
  return out;
}

/// A parameter's kind for people: "number", "date", ... (HTML).
std::string kind_words(std::string_view kind) {
  for (const std::string_view k : {"number", "integer", "date", "boolean", "text"})
    if (kind == k) return words()(fmt::format("kind.{}", k));
  return html_escape(kind);
}

std::string varied_section(const Sweep& s) {
  if (s.parameters.empty()) return "";
  std::string body =
      "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("varied.head") + "</tr></thead>\n<tbody>\n";
  for (const auto& p : s.parameters) {
    // The parameter's label (else its description) above its path; a labelled one's description after.
    const std::string label = parameter_label(p.path);
    const std::string description = p.column != nullptr && !p.column->description.empty()
                                        ? html_escape(localised_description(p.path, p.column->description))
                                        : "";
    std::string what;
    if (label != p.path)
      what = fmt::format("<span class=\"kpi\">{}</span><code>{}</code>{}", html_escape(label),
                         html_escape(p.path),
                         description.empty() ? "" : "<br><span class=\"dim\">" + description + "</span>");
    else
      what = (description.empty() ? "" : "<span class=\"kpi\">" + description + "</span>") +
             fmt::format("<code>{}</code>", html_escape(p.path));
    const std::string range_text =
        p.low.empty() && p.high.empty()
            ? "&ndash;"
            : html_escape(shown_value(p.low)) + " &ndash; " + html_escape(shown_value(p.high));
    body += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"nw\">{}</td><td>{}</td></tr>\n", what,
                        kind_words(p.kind), range_text,
                        p.column != nullptr ? distinct_values(p, s.size()) : page_words()("not_available"));
  }
  body += "</tbody></table></div>\n";
  return section_html("varied", words()("varied.title"), body);
}

std::string outcomes_table(const Sweep& s) {
  if (s.size() == 0 || s.outcomes.rows() == 0) return "";
  std::vector<std::pair<std::string, std::string>> columns;  // (column, unit)
  for (const auto& k : s.kpis) columns.emplace_back(k.name, k.unit);
  for (const auto& m : s.measures) columns.emplace_back(m.name, m.unit);
  std::string body = "<p class=\"intro\">" +
                     words()("table.intro", {{"cut", s.size() > kMaxTableRows},
                                             {"shown", format_number(static_cast<double>(kMaxTableRows), 0)},
                                             {"n", format_number(static_cast<double>(s.size()), 0)}}) +
                     "</p>\n<div class=\"table-wrap\"><table class=\"wide\">\n<thead><tr>" +
                     words()("table.head");
  for (const auto& p : s.parameters) body += "<th>" + parameter_cell(p.path) + "</th>";
  for (const auto& [c, unit] : columns) {
    body += fmt::format(
        "<th class=\"num\">{}{}</th>", html_escape(capitalise(s.label(c))),
        unit.empty() ? "" : fmt::format(" <span class=\"dim\">({})</span>", html_escape(unit_label(unit))));
  }
  body += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < std::min(s.size(), kMaxTableRows); ++i) {
    body +=
        fmt::format("<tr><td class=\"num\">{}</td><td>{}</td>",
                    std::isfinite(s.points[i]) ? format_number(s.points[i], 0) : "", html_escape(s.roles[i]));
    for (const auto& p : s.parameters)
      body += fmt::format("<td class=\"nw\">{}</td>", html_escape(parameter_value(p, i)));
    for (const auto& [c, unit] : columns)
      body += fmt::format("<td class=\"num\">{}</td>",  // money without "EUR": the heading says it
                          sweep_value(s.outcome(c, i), is_money_unit(unit) ? "" : unit));
    body += "</tr>\n";
  }
  body += "</tbody></table></div>\n";
  return section_html("outcomes-table", words()("table.title"), body);
}

}  // namespace

std::string sweep_report(const std::filesystem::path& results_h5, std::string_view vega) {
  const Sweep s = read_sweep(results_h5);
  ReportPage page;
  std::string main_html;
  main_html += key_answers(s);
  main_html += varied_section(s);
  main_html += sweep_outcome_charts(s, page);
  main_html += sweep_tradeoff(s, page);
  main_html += sweep_sensitivity(s, page);
  main_html += sweep_discovery(results_h5, page);
  main_html += outcomes_table(s);
  main_html += assumptions_section(s.meta, words()("input"));

  const auto& run = s.meta.run;
  PageHeader h;
  h.kicker = kicker(s.meta, words()("kicker"));
  // The sweep itself: what it varies, then its base scenario.
  std::vector<std::string> varied;
  for (const auto& p : s.parameters) varied.push_back(parameter_label(p.path));
  h.title =
      varied.empty() ? words()("title.plain") : words()("title.varied", {{"varied", word_list(varied)}});
  if (!run.scenario_name.empty()) h.title += " (" + run.scenario_name + ")";
  h.facts.emplace_back(words()("fact.points"), format_number(static_cast<double>(s.size()), 0));
  h.facts.emplace_back(words()("fact.futures"), format_number(s.replications(), 0));
  for (auto& f : provenance_facts(s.meta)) h.facts.push_back(std::move(f));
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
