// The report of `sibsim calibrate` (kind "calibration", output/SCHEMA.md): the key answers in
// words (degrees of freedom, figures inside their predictive intervals, parameters the data do
// not identify, how the search ended), each parameter's posterior over its prior, the most
// correlated pairs, the fit table with the held-out check figures apart, and the generations.
// Everything is read back from /parameters, /posterior, /predictive and /generations.
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "report_calibration.hpp"
#include "report_catalogues.hpp"
#include "report_charts.hpp"
#include "report_columns.hpp"
#include "report_kinds.hpp"
#include "report_page.hpp"
#include "report_text.hpp"
#include "sibsim/output/results_reader.hpp"

namespace sibsim::output::detail {

namespace {

constexpr std::size_t kPairsCharted = 3;  // scatter plots of the most correlated pairs
constexpr std::size_t kPairsListed = 10;  // rows of the table of strongest pairs
constexpr std::size_t kMatrixShown = 12;  // larger correlation matrices are folded
constexpr int kBins = 24;                 // posterior histogram
constexpr int kIntegerBinsMax = 60;       // integer parameters: one bin per value up to this span
constexpr int kPriorPoints = 240;         // points of the prior's density line
constexpr double kPriorSdSpan = 4;        // an unbounded prior is drawn over mean +- 4 sd
constexpr double kPriorClip = 3;          // the prior's line is clipped at 3 x the histogram's top
constexpr double kIdentified = 0.8;       // sd ratio below which a parameter counts as identified

struct Parameter {
  std::string path, label, kind, prior, source;
  PriorShape shape;
  double prior_mean = NAN, prior_sd = NAN, mean = NAN, sd = NAN, q05 = NAN, q50 = NAN, q95 = NAN,
         sd_ratio = NAN;
  bool identified = true;
  std::vector<double> values;  ///< its /posterior column
};

struct Observation {
  std::string name, label, kpi, sampling, role, source;
  double observed = NAN, low = NAN, high = NAN, n = NAN, median = NAN, q05 = NAN, q95 = NAN;
  bool inside = false;
  [[nodiscard]] bool check() const { return role == "check"; }
};

struct Generation {
  double generation = NAN, proposals = NAN, simulations = NAN, tolerance = NAN, acceptance = NAN, ess = NAN,
         seconds = NAN;
};

struct Calibration {
  FileMeta meta;
  std::vector<Parameter> parameters;
  std::vector<double> weight;  ///< per particle, normalised to sum 1
  std::vector<Observation> observations;
  std::vector<Generation> generations;

  [[nodiscard]] std::size_t fit_figures() const {
    return static_cast<std::size_t>(
        std::count_if(observations.begin(), observations.end(), [](const auto& o) { return !o.check(); }));
  }
  [[nodiscard]] std::size_t check_figures() const { return observations.size() - fit_figures(); }
};

// --- Weighted statistics of the particles ---------------------------------------------------------

double weighted_mean(const std::vector<double>& x, const std::vector<double>& w) {
  double s = 0, sw = 0;
  for (std::size_t i = 0; i < x.size() && i < w.size(); ++i) {
    if (!std::isfinite(x[i])) continue;
    s += w[i] * x[i];
    sw += w[i];
  }
  return sw > 0 ? s / sw : NAN;
}

double weighted_sd(const std::vector<double>& x, const std::vector<double>& w) {
  const double m = weighted_mean(x, w);
  double s = 0, sw = 0;
  for (std::size_t i = 0; i < x.size() && i < w.size(); ++i) {
    if (!std::isfinite(x[i])) continue;
    s += w[i] * (x[i] - m) * (x[i] - m);
    sw += w[i];
  }
  return sw > 0 ? std::sqrt(s / sw) : NAN;
}

double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double q) {
  std::vector<std::size_t> order;
  double total = 0;
  for (std::size_t i = 0; i < x.size() && i < w.size(); ++i) {
    if (!std::isfinite(x[i])) continue;
    order.push_back(i);
    total += w[i];
  }
  if (order.empty() || !(total > 0)) return NAN;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  double cumulative = 0;
  for (const std::size_t i : order) {
    cumulative += w[i];
    if (cumulative >= q * total) return x[i];
  }
  return x[order.back()];
}

double weighted_correlation(const std::vector<double>& x, const std::vector<double>& y,
                            const std::vector<double>& w) {
  double sw = 0, mx = 0, my = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    sw += w[i];
    mx += w[i] * x[i];
    my += w[i] * y[i];
  }
  if (!(sw > 0)) return NAN;
  mx /= sw;
  my /= sw;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    sxy += w[i] * (x[i] - mx) * (y[i] - my);
    sxx += w[i] * (x[i] - mx) * (x[i] - mx);
    syy += w[i] * (y[i] - my) * (y[i] - my);
  }
  return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : NAN;
}

// --- Reading the file -----------------------------------------------------------------------------

Table table_if(const std::filesystem::path& path, std::string_view where) {
  return has_object(path, where) ? read_table(path, where) : Table{};
}

/// What /parameters leaves out is computed from the particles.
void fill_from_particles(Parameter& p, const std::vector<double>& w) {
  if (std::isnan(p.mean)) p.mean = weighted_mean(p.values, w);
  if (std::isnan(p.sd)) p.sd = weighted_sd(p.values, w);
  if (std::isnan(p.q05)) p.q05 = weighted_quantile(p.values, w, 0.05);
  if (std::isnan(p.q50)) p.q50 = weighted_quantile(p.values, w, 0.5);
  if (std::isnan(p.q95)) p.q95 = weighted_quantile(p.values, w, 0.95);
  if (std::isnan(p.sd_ratio) && p.prior_sd > 0) p.sd_ratio = p.sd / p.prior_sd;
  if (p.label.empty()) p.label = p.path;
}

std::vector<Parameter> read_parameters(const Table& t, const Table& posterior) {
  std::vector<Parameter> out;
  if (t.rows() == 0) {  // no /parameters: every number column of /posterior but weight and distance
    for (const auto& c : posterior.columns) {
      if (c.name == "weight" || c.name == "distance" || is_text(c)) continue;
      Parameter p;
      p.path = c.name;
      p.values = numbers(posterior, c.name);
      out.push_back(std::move(p));
    }
    return out;
  }
  const auto path = strings(t, "path"), label = strings(t, "label"), kind = strings(t, "kind"),
             prior = strings(t, "prior"), prior_kind = strings(t, "prior_kind"),
             source = strings(t, "source");
  const auto a = numbers(t, "prior_a"), b = numbers(t, "prior_b"), lower = numbers(t, "lower"),
             upper = numbers(t, "upper"), prior_mean = numbers(t, "prior_mean"),
             prior_sd = numbers(t, "prior_sd"), mean = numbers(t, "posterior_mean"),
             sd = numbers(t, "posterior_sd"), q05 = numbers(t, "q05"), q50 = numbers(t, "q50"),
             q95 = numbers(t, "q95"), ratio = numbers(t, "sd_ratio"), identified = numbers(t, "identified");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    Parameter p;
    p.path = path[i];
    p.label = label[i];
    p.kind = kind[i];
    p.prior = prior[i];
    p.source = source[i];
    p.shape = {prior_kind[i], a[i], b[i], lower[i], upper[i]};
    p.prior_mean = prior_mean[i];
    p.prior_sd = prior_sd[i];
    p.mean = mean[i];
    p.sd = sd[i];
    p.q05 = q05[i];
    p.q50 = q50[i];
    p.q95 = q95[i];
    p.sd_ratio = ratio[i];
    p.identified = std::isnan(identified[i]) ? !(ratio[i] >= kIdentified) : identified[i] != 0;
    p.values = numbers(posterior, path[i]);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Observation> read_observations(const Table& t) {
  std::vector<Observation> out;
  const auto name = strings(t, "name"), label = strings(t, "label"), kpi = strings(t, "kpi"),
             sampling = strings(t, "sampling"), role = strings(t, "role"), source = strings(t, "source");
  const auto observed = numbers(t, "observed"), low = numbers(t, "low"), high = numbers(t, "high"),
             n = numbers(t, "n"), median = numbers(t, "median"), q05 = numbers(t, "q05"),
             q95 = numbers(t, "q95"), inside = numbers(t, "inside_90");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    out.push_back({name[i], label[i].empty() ? name[i] : label[i], kpi[i], sampling[i], role[i], source[i],
                   observed[i], low[i], high[i], n[i], median[i], q05[i], q95[i], inside[i] == 1});
  }
  return out;
}

std::vector<Generation> read_generations(const Table& t) {
  std::vector<Generation> out;
  const auto g = numbers(t, "generation"), proposals = numbers(t, "proposals"),
             simulations = numbers(t, "simulations"), tolerance = numbers(t, "tolerance"),
             acceptance = numbers(t, "acceptance"), ess = numbers(t, "ess"), seconds = numbers(t, "seconds");
  for (std::size_t i = 0; i < t.rows(); ++i)
    out.push_back({g[i], proposals[i], simulations[i], tolerance[i], acceptance[i], ess[i], seconds[i]});
  return out;
}

Calibration read_calibration(const std::filesystem::path& path) {
  Calibration c;
  c.meta = read_meta(path);
  const Table posterior = table_if(path, "/posterior");
  c.weight = numbers(posterior, "weight");
  const double total = std::accumulate(c.weight.begin(), c.weight.end(), 0.0, [](double s, double w) {
    return std::isfinite(w) && w > 0 ? s + w : s;
  });
  for (double& w : c.weight) w = total > 0 && std::isfinite(w) && w > 0 ? w / total : 0.0;
  if (!(total > 0)) std::fill(c.weight.begin(), c.weight.end(), 1.0 / static_cast<double>(c.weight.size()));
  c.parameters = read_parameters(table_if(path, "/parameters"), posterior);
  for (auto& p : c.parameters) {
    fill_from_particles(p, c.weight);
    p.label = localised_label(p.path, p.label);  // the model's words for it in the report's language, if any
  }
  c.observations = read_observations(table_if(path, "/predictive"));
  c.generations = read_generations(table_if(path, "/generations"));
  return c;
}

// --- Words ----------------------------------------------------------------------------------------

const Words& words() { return calibration_words(); }

std::string label_html(const Parameter& p) { return html_escape(p.label); }

/// A count for a sentence or a fact (whole and small: no thousands separator either way).
std::string count_text(std::size_t n) { return fmt::format("{}", n); }

std::string interval(double lo, double hi) {
  if (std::isnan(lo) || std::isnan(hi)) return page_words()("not_available");
  return nowrap(words()("interval", {{"lo", sig(lo)}, {"hi", sig(hi)}, {"negative", lo < 0 || hi < 0}}));
}

std::string list_words(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? words()("list.and") : ", ";
    out += items[i];
  }
  return out;
}

/// The prior as the file describes it ("beta(2, 5) on [0.1, 0.9]", plain text); in Dutch rebuilt
/// from its numbers so that they read the Dutch way ("beta(2; 5) op [0,1; 0,9]").
std::string prior_text(const Parameter& p) {
  if (current_language() == Language::en || p.shape.kind.empty() || std::isnan(p.shape.a) ||
      std::isnan(p.shape.b))
    return p.prior;
  const bool bounded = std::isfinite(p.shape.lower) || std::isfinite(p.shape.upper);
  return plain(words()("prior", {{"kind", html_escape(p.shape.kind)},
                                 {"a", sig(p.shape.a, 6)},
                                 {"b", sig(p.shape.b, 6)},
                                 {"bounded", bounded},
                                 {"lo", sig(p.shape.lower, 6)},
                                 {"hi", sig(p.shape.upper, 6)}}));
}

std::size_t inside_count(const Calibration& c, bool check) {
  return static_cast<std::size_t>(
      std::count_if(c.observations.begin(), c.observations.end(),
                    [&](const auto& o) { return o.check() == check && o.inside; }));
}

std::string dof_sentence(const Calibration& c) {
  const auto n = static_cast<long long>(c.fit_figures()), m = static_cast<long long>(c.parameters.size());
  return words()("answer.dof",
                 {{"n", fmt::format("{}", n)},
                  {"m", fmt::format("{}", m)},
                  {"dof", n - m < 0 ? fmt::format("\u2212{}", m - n) : fmt::format("{}", n - m)},
                  {"saturated", n - m <= 0}});
}

std::string inside_sentence(const Calibration& c) {
  return words()("answer.inside", {{"inside", count_text(inside_count(c, false))},
                                   {"fit", count_text(c.fit_figures())},
                                   {"has_check", c.check_figures() > 0},
                                   {"check_inside", count_text(inside_count(c, true))},
                                   {"check", count_text(c.check_figures())}});
}

std::string identification_sentence(const Calibration& c) {
  std::vector<std::string> loose;
  for (const auto& p : c.parameters)
    if (!p.identified) loose.push_back("<strong>" + label_html(p) + "</strong>");
  if (c.parameters.empty()) return "";
  if (loose.empty()) return words()("answer.identified_all", {{"threshold", sig(kIdentified)}});
  return words()("answer.not_identified", {{"list", list_words(loose)}, {"many", loose.size() != 1}});
}

std::string search_sentence(const Calibration& c) {
  if (c.generations.empty()) return "";
  const Generation& last = c.generations.back();
  const double simulations = std::accumulate(
      c.generations.begin(), c.generations.end(), 0.0,
      [](double s, const Generation& g) { return std::isfinite(g.simulations) ? s + g.simulations : s; });
  const std::size_t after_prior = c.generations.size() - 1;
  return words()("answer.search", {{"generations", count_text(after_prior)},
                                   {"many", after_prior != 1},
                                   {"tolerance", sig(last.tolerance)},
                                   {"ess", sig(last.ess)},
                                   {"particles", count_text(c.weight.size())},
                                   {"simulations", format_number(simulations, 0)}});
}

std::string key_answers(const Calibration& c) {
  std::vector<std::string> items = {dof_sentence(c)};
  if (!c.observations.empty()) items.push_back(inside_sentence(c));
  if (const auto s = identification_sentence(c); !s.empty()) items.push_back(s);
  if (const auto s = search_sentence(c); !s.empty()) items.push_back(s);
  return answers_html(items, words()("answer.note"));
}

// --- Parameters -----------------------------------------------------------------------------------

std::string parameters_table(const Calibration& c) {
  std::string body = "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("parameters.head") +
                     "</tr></thead>\n<tbody>\n";
  for (const auto& p : c.parameters) {
    body += fmt::format(
        "<tr><td><span class=\"kpi\">{}</span><code>{}</code></td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        label_html(p), html_escape(p.path), html_escape(prior_text(p)), sig(p.mean), interval(p.q05, p.q95),
        sig(p.sd_ratio, 2),
        p.identified ? "<span class=\"badge inside\">" + words()("badge.identified") + "</span>"
                     : "<span class=\"badge outside\">" + words()("badge.not_identified") + "</span>",
        html_escape(p.source));
  }
  return body + "</tbody></table></div>\n";
}

/// The chart's x range: the prior's truncated support where finite (else its mean +- 4 sd), and
/// every particle.
std::pair<double, double> x_domain(const Parameter& p, double vmin, double vmax) {
  auto [lo, hi] = prior_support(p.shape);
  const double m = std::isfinite(p.prior_mean) ? p.prior_mean : p.mean;
  const double s = std::isfinite(p.prior_sd) ? p.prior_sd : p.sd;
  if (!std::isfinite(lo)) lo = std::isfinite(m) && std::isfinite(s) ? m - kPriorSdSpan * s : vmin;
  if (!std::isfinite(hi)) hi = std::isfinite(m) && std::isfinite(s) ? m + kPriorSdSpan * s : vmax;
  if (std::isfinite(vmin)) lo = std::min(lo, vmin);
  if (std::isfinite(vmax)) hi = std::max(hi, vmax);
  if (!(hi > lo)) {
    const double pad = std::max(std::fabs(lo) * 0.05, 0.5);
    lo -= pad;
    hi += pad;
  }
  return {lo, hi};
}

DensityChart density_chart(const Parameter& p, const std::vector<double>& w) {
  DensityChart chart;
  double vmin = INFINITY, vmax = -INFINITY;
  for (const double v : p.values) {
    if (!std::isfinite(v)) continue;
    vmin = std::min(vmin, v);
    vmax = std::max(vmax, v);
  }
  const auto support = prior_support(p.shape);
  chart.log_x = p.shape.kind == "log_uniform" && vmin > 0 && support.first > 0;
  const auto t = [&](double x) { return chart.log_x ? std::log(x) : x; };
  const auto x_of = [&](double tt) { return chart.log_x ? std::exp(tt) : tt; };
  // Bin edges in t: one per whole number for integers over a short span, else kBins equal bins.
  std::vector<double> edges;
  if (std::isfinite(vmin)) {
    if (p.kind == "integer" && !chart.log_x && vmax - vmin <= kIntegerBinsMax) {
      const auto values = static_cast<int>(std::round(vmax) - std::round(vmin)) + 1;
      for (int k = 0; k <= values; ++k) edges.push_back(std::round(vmin) - 0.5 + k);
    } else {
      double t0 = t(vmin), t1 = t(vmax);
      if (!(t1 > t0)) {
        const double pad = std::max(std::fabs(t0) * 0.01, 1e-9);
        t0 -= pad;
        t1 += pad;
      }
      for (int i = 0; i <= kBins; ++i) edges.push_back(t0 + (t1 - t0) * i / kBins);
    }
  }
  double h_max = 0;
  for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
    double mass = 0;
    for (std::size_t i = 0; i < p.values.size() && i < w.size(); ++i) {
      const double v = p.values[i];
      if (!std::isfinite(v)) continue;
      const double tv = t(v);
      const bool last = b + 2 == edges.size();
      if (tv >= edges[b] && (tv < edges[b + 1] || (last && tv <= edges[b + 1]))) mass += w[i];
    }
    const double density = mass / (edges[b + 1] - edges[b]);
    h_max = std::max(h_max, density);
    const double x0 = x_of(edges[b]), x1 = x_of(edges[b + 1]);
    chart.bins.push_back({x0, x1, density,
                          tooltip_json(plain(interval(x0, x1)), {{plain(words()("tooltip.posterior_weight")),
                                                                  plain(sig(100 * mass, 2) + " %")}})});
  }
  auto [lo, hi] = x_domain(p, vmin, vmax);
  if (!edges.empty()) {
    lo = std::min(lo, x_of(edges.front()));
    hi = std::max(hi, x_of(edges.back()));
  }
  if (chart.log_x) lo = std::max(lo, support.first);
  chart.lo = lo;
  chart.hi = hi;
  double p_max = 0;
  const PriorDensity density(p.shape);
  for (int i = 0; i <= kPriorPoints; ++i) {
    const double x = x_of(t(lo) + (t(hi) - t(lo)) * i / kPriorPoints);
    const double d = density(x) * (chart.log_x ? x : 1.0);
    if (!std::isfinite(d)) continue;
    chart.prior.emplace_back(x, d);
    p_max = std::max(p_max, d);
  }
  chart.y_max = h_max > 0 ? std::max(h_max, std::min(p_max, kPriorClip * h_max)) : std::max(p_max, 1.0);
  chart.q05 = p.q05;
  chart.q95 = p.q95;
  chart.mean = p.mean;
  chart.x_title = p.path;
  chart.y_title = words()(chart.log_x ? "chart.density_y_log" : "chart.density_y");
  // Plain text (the catalogue's chart descriptions have no markup); labels as the file gives them.
  chart.description = words()("chart.density", {{"label", p.label}, {"prior", prior_text(p)}});
  return chart;
}

std::string parameter_sentence(const Parameter& p) {
  return words()("parameter.sentence", {{"mean", sig(p.mean)},
                                        {"interval", interval(p.q05, p.q95)},
                                        {"has_prior_mean", std::isfinite(p.prior_mean)},
                                        {"prior_mean", sig(p.prior_mean)},
                                        {"has_ratio", std::isfinite(p.sd_ratio)},
                                        {"ratio", sig(p.sd_ratio, 2)},
                                        {"not_identified", !p.identified}});
}

std::string parameters_section(const Calibration& c, ReportPage& page) {
  if (c.parameters.empty()) return "";
  std::string body =
      "<p class=\"intro\">" + words()("parameters.intro", {{"threshold", sig(kIdentified)}}) + "</p>\n";
  body += parameters_table(c);
  body += "<div class=\"legend\">" + legend_item("sw-band90", words()("legend.posterior")) +
          legend_item("sw-target", words()("legend.prior")) +
          legend_item("sw-median", words()("legend.mean")) +
          legend_item("sw-soft", words()("legend.interval")) + "</div>\n";
  for (const auto& p : c.parameters) {
    const DensityChart chart = density_chart(p, c.weight);
    body += fmt::format("<h3>{} <code>{}</code></h3>\n", label_html(p), html_escape(p.path));
    body += page.chart(chart.description, density_spec(chart));
    body += "<p class=\"sentence\">" + parameter_sentence(p) + "</p>\n";
  }
  return section_html("parameters", words()("parameters.title"), body);
}

// --- Correlations ---------------------------------------------------------------------------------

struct Pair {
  std::size_t i = 0, j = 0;
  double r = NAN;
};

std::string correlation_matrix(const Calibration& c, const std::vector<std::vector<double>>& r) {
  std::string head = "<tr><th>" + words()("correlations.matrix_parameter") + "</th>";
  for (std::size_t j = 0; j < c.parameters.size(); ++j)
    head += fmt::format("<th class=\"num\">{}</th>", j + 1);
  std::string rows;
  for (std::size_t i = 0; i < c.parameters.size(); ++i) {
    rows += fmt::format("<tr><td>{}. {}</td>", i + 1, label_html(c.parameters[i]));
    for (std::size_t j = 0; j < c.parameters.size(); ++j) {
      const bool strong = i != j && std::fabs(r[i][j]) >= 0.5;
      rows += fmt::format("<td class=\"num\">{}{}{}</td>", strong ? "<strong>" : "",
                          i == j ? "1" : sig(r[i][j], 2), strong ? "</strong>" : "");
    }
    rows += "</tr>\n";
  }
  const std::string table = "<div class=\"table-wrap\"><table>\n<thead>" + head + "</tr></thead>\n<tbody>\n" +
                            rows + "</tbody></table></div>\n";
  if (c.parameters.size() <= kMatrixShown) return "<h3>" + words()("correlations.matrix") + "</h3>\n" + table;
  return "<details><summary>" +
         words()("correlations.matrix_folded", {{"n", count_text(c.parameters.size())}}) + "</summary>\n" +
         table + "</details>\n";
}

std::string pair_scatter(const Calibration& c, const Pair& pair, ReportPage& page) {
  const Parameter& a = c.parameters[pair.i];
  const Parameter& b = c.parameters[pair.j];
  WeightedScatter chart;
  chart.x_title = a.path;
  chart.y_title = b.path;
  chart.description =
      words()("correlations.scatter", {{"a", a.label}, {"b", b.label}, {"r", plain(sig(pair.r, 2))}});
  const std::string weight = plain(words()("tooltip.weight"));
  for (std::size_t k = 0; k < c.weight.size() && k < a.values.size() && k < b.values.size(); ++k) {
    chart.points.push_back({a.values[k], b.values[k], c.weight[k],
                            tooltip_json(plain(words()("tooltip.particle", {{"k", count_text(k + 1)}})),
                                         {{a.label, plain(sig(a.values[k]))},
                                          {b.label, plain(sig(b.values[k]))},
                                          {weight, plain(sig(c.weight[k]))}})});
  }
  return "<h3>" +
         words()("correlations.pair_heading",
                 {{"a", label_html(a)}, {"b", label_html(b)}, {"r", sig(pair.r, 2)}}) +
         "</h3>\n" + page.chart(chart.description, weighted_scatter_spec(chart));
}

std::string correlation_section(const Calibration& c, ReportPage& page) {
  const std::size_t m = c.parameters.size();
  if (m < 2 || c.weight.size() < 3) return "";
  std::vector<std::vector<double>> r(m, std::vector<double>(m, 1.0));
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = i + 1; j < m; ++j) {
      r[i][j] = r[j][i] = weighted_correlation(c.parameters[i].values, c.parameters[j].values, c.weight);
      if (std::isfinite(r[i][j])) pairs.push_back({i, j, r[i][j]});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const Pair& x, const Pair& y) { return std::fabs(x.r) > std::fabs(y.r); });
  std::string body = "<p class=\"intro\">" + words()("correlations.intro") + "</p>\n";
  if (!pairs.empty()) {
    const Pair& top = pairs.front();
    body += "<p class=\"sentence\">" +
            words()("correlations.top", {{"a", label_html(c.parameters[top.i])},
                                         {"b", label_html(c.parameters[top.j])},
                                         {"r", sig(top.r, 2)}}) +
            "</p>\n";
  }
  for (std::size_t k = 0; k < pairs.size() && k < kPairsCharted; ++k) body += pair_scatter(c, pairs[k], page);
  if (m > kMatrixShown) {
    body += "<h3>" + words()("correlations.strongest") +
            "</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("correlations.strongest_head") +
            "</tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < pairs.size() && k < kPairsListed; ++k) {
      body += fmt::format("<tr><td>{}</td><td class=\"num\">{}</td></tr>\n",
                          words()("correlations.pair", {{"a", label_html(c.parameters[pairs[k].i])},
                                                        {"b", label_html(c.parameters[pairs[k].j])}}),
                          sig(pairs[k].r, 2));
    }
    body += "</tbody></table></div>\n";
  }
  body += correlation_matrix(c, r);
  return section_html("correlations", words()("correlations.title"), body);
}

// --- The fit table --------------------------------------------------------------------------------

std::string observed_text(const Observation& o) {
  if (o.sampling == "range" || (std::isnan(o.observed) && std::isfinite(o.low) && std::isfinite(o.high)))
    return interval(o.low, o.high);
  if (o.sampling == "count" && std::isfinite(o.n))
    return nowrap(words()("fit.observed_count", {{"observed", sig(o.observed, 6)}, {"n", sig(o.n, 6)}}));
  if (o.sampling == "share" && std::isfinite(o.n))
    return sig(o.observed) + " <span class=\"dim nw\">(n&nbsp;=&nbsp;" + sig(o.n, 6) + ")</span>";
  return sig(o.observed);
}

/// A word the file gives (a role, a sampling model) in the report's language when the catalogue has
/// it under `prefix`, else as the file wrote it.
std::string file_word(std::string_view prefix, const std::string& word) {
  static constexpr std::array<std::string_view, 7> kKnown = {"fit",   "check", "exact", "count",
                                                             "share", "mean",  "range"};
  if (std::find(kKnown.begin(), kKnown.end(), word) == kKnown.end()) return html_escape(word);
  const std::string id = fmt::format("{}.{}", prefix, word);
  const auto ids = words().ids();
  return std::find(ids.begin(), ids.end(), id) == ids.end() ? html_escape(word) : words()(id);
}

std::string observation_rows(const Calibration& c, bool check) {
  std::string rows;
  for (const auto& o : c.observations) {
    if (o.check() != check) continue;
    rows += fmt::format(
        "<tr><td><span class=\"kpi\">{}</span><code>{}</code></td><td><code>{}</code></td>"
        "<td><span class=\"badge {}\">{}</span> <span class=\"dim\">{}</span></td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(o.label), html_escape(o.name), html_escape(o.kpi), check ? "check" : "fit",
        file_word("role", o.role.empty() ? "fit" : o.role), file_word("sampling", o.sampling),
        observed_text(o), sig(o.median), interval(o.q05, o.q95),
        o.inside ? "<span class=\"badge inside\">" + words()("badge.inside") + "</span>"
                 : "<span class=\"badge outside\">" + words()("badge.outside") + "</span>",
        html_escape(o.source));
  }
  return rows;
}

std::string observation_table(const Calibration& c, bool check) {
  return "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("fit.head") + "</tr></thead>\n<tbody>\n" +
         observation_rows(c, check) + "</tbody></table></div>\n";
}

std::string fit_section(const Calibration& c) {
  if (c.observations.empty()) return "";
  std::string body = "<p class=\"intro\">" + words()("fit.intro") + "</p>\n";
  body += "<h3>" +
          words()("fit.fit_heading",
                  {{"n", count_text(c.fit_figures())}, {"inside", count_text(inside_count(c, false))}}) +
          "</h3>\n";
  body += c.fit_figures() > 0 ? observation_table(c, false) : "<p>" + words()("fit.none") + "</p>\n";
  body += "<h3>" +
          words()("fit.check_heading",
                  {{"n", count_text(c.check_figures())}, {"inside", count_text(inside_count(c, true))}}) +
          "</h3>\n";
  body += c.check_figures() > 0 ? "<div class=\"held-out\">\n" + observation_table(c, true) + "</div>\n"
                                : "<p>" + words()("fit.no_checks") + "</p>\n";
  return section_html("fit", words()("fit.title"), body);
}

// --- Generations ----------------------------------------------------------------------------------

std::string generations_section(const Calibration& c, ReportPage& page) {
  if (c.generations.empty()) return "";
  std::string body = "<p class=\"intro\">" + words()("generations.intro") + "</p>\n";
  BandLineChart chart;
  chart.x_title = plain(words()("generations.generation"));
  chart.y_title = plain(words()("generations.tolerance"));
  chart.y_format = "~g";
  chart.description = plain(words()("generations.chart"));
  const std::string acceptance = plain(words()("generations.acceptance")),
                    ess = plain(words()("generations.ess"));
  for (const auto& g : c.generations) {
    if (!std::isfinite(g.tolerance)) continue;
    chart.points.push_back({g.generation, fmt::format("{}", g.generation), g.tolerance, g.tolerance,
                            g.tolerance,
                            tooltip_json(plain(words()("generations.tooltip", {{"g", sig(g.generation)}})),
                                         {{chart.y_title, plain(sig(g.tolerance))},
                                          {acceptance, plain(sig(100 * g.acceptance, 2) + " %")},
                                          {ess, plain(sig(g.ess))}})});
  }
  if (chart.points.size() >= 2) body += page.chart(chart.description, band_line_spec(chart));
  body += "<div class=\"table-wrap\"><table>\n<thead><tr>" + words()("generations.head") +
          "</tr></thead>\n<tbody>\n";
  for (const auto& g : c.generations) {
    body += fmt::format(
        "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        format_number(g.generation, 0),
        std::isinf(g.tolerance) ? words()("generations.prior_tolerance") : sig(g.tolerance),
        format_number(g.proposals, 0), format_number(g.simulations, 0),
        std::isfinite(g.acceptance) ? sig(100 * g.acceptance, 2) + "&nbsp;%" : page_words()("not_available"),
        sig(g.ess), sig(g.seconds));
  }
  body += "</tbody></table></div>\n";
  return section_html("generations", words()("generations.title"), body);
}

}  // namespace

std::string calibration_report(const std::filesystem::path& results_h5, std::string_view vega) {
  const Calibration c = read_calibration(results_h5);
  ReportPage page;
  std::string main_html;
  main_html += key_answers(c);
  main_html += parameters_section(c, page);
  main_html += correlation_section(c, page);
  main_html += fit_section(c);
  main_html += generations_section(c, page);
  main_html += assumptions_section(c.meta, words()("input"));

  const auto& run = c.meta.run;
  PageHeader h;
  h.kicker = kicker(c.meta, words()("kicker"));
  h.title = run.scenario_name.empty() ? words()("title.unnamed") : run.scenario_name;
  h.lead = words()("lead", {{"parameters", count_text(c.parameters.size())},
                            {"observations", count_text(c.observations.size())},
                            {"fit", count_text(c.fit_figures())},
                            {"check", count_text(c.check_figures())}});
  h.facts.emplace_back(words()("fact.parameters"), count_text(c.parameters.size()));
  h.facts.emplace_back(words()("fact.fit"), count_text(c.fit_figures()));
  h.facts.emplace_back(words()("fact.check"), count_text(c.check_figures()));
  h.facts.emplace_back(words()("fact.particles"), count_text(c.weight.size()));
  for (auto& fact : provenance_facts(c.meta)) h.facts.push_back(std::move(fact));
  return page_document({
      .title = words()("tab_title", {{"name", h.title}}),
      .header = header_html(h),
      .main = std::move(main_html),
      .charts = page.charts(),
      .vega = vega,
      .program_version = run.program_version,
      .source_name = results_h5.filename().string(),
  });
}

}  // namespace sibsim::output::detail
