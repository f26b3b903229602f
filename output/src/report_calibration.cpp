// The report of `sibsim calibrate` (kind "calibration", output/SCHEMA.md): the key answers in
// words (degrees of freedom, figures inside their predictive intervals, parameters the data do
// not identify, how the search ended), each parameter's posterior over its prior, the most
// correlated pairs, the fit table with the held-out check figures apart, and the generations.
// Everything is read back from /parameters, /posterior, /predictive and /generations.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "report_calibration.hpp"
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
    p.identified = std::isnan(identified[i]) ? !(ratio[i] >= 0.8) : identified[i] != 0;
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
  for (auto& p : c.parameters) fill_from_particles(p, c.weight);
  c.observations = read_observations(table_if(path, "/predictive"));
  c.generations = read_generations(table_if(path, "/generations"));
  return c;
}

// --- Words ----------------------------------------------------------------------------------------

std::string label_html(const Parameter& p) { return html_escape(p.label); }

std::string interval(double lo, double hi) {
  if (std::isnan(lo) || std::isnan(hi)) return "n/a";
  const std::string_view dash = lo < 0 || hi < 0 ? " to " : "\u2013";
  return nowrap(fmt::format("{}{}{}", sig(lo), dash, sig(hi)));
}

std::string list_words(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::size_t inside_count(const Calibration& c, bool check) {
  return static_cast<std::size_t>(
      std::count_if(c.observations.begin(), c.observations.end(),
                    [&](const auto& o) { return o.check() == check && o.inside; }));
}

std::string dof_sentence(const Calibration& c) {
  const auto n = static_cast<long long>(c.fit_figures()), m = static_cast<long long>(c.parameters.size());
  std::string s = fmt::format(
      "<strong>{}</strong> fit figures, <strong>{}</strong> parameters (degrees of freedom {} "
      "\u2212 {} = <strong>{}</strong>).",
      n, m, n, m, n - m < 0 ? fmt::format("\u2212{}", m - n) : fmt::format("{}", n - m));
  if (n - m <= 0) {
    s += " <strong>The fit cannot test the model</strong>: with no more fit figures than parameters, a model "
         "of almost any structure reproduces them. Only the check figures test it.";
  }
  return s;
}

std::string inside_sentence(const Calibration& c) {
  const std::size_t fit = c.fit_figures(), check = c.check_figures();
  std::string s = fmt::format(
      "<strong>{} of {}</strong> fit figures fall inside their 90&nbsp;% posterior-predictive intervals",
      inside_count(c, false), fit);
  if (check == 0)
    return s + "; no figure was held out as a check, so nothing tests the fit on data it did not see.";
  return s + fmt::format("; <strong>{} of {}</strong> check figures (held out from the fit) do.",
                         inside_count(c, true), check);
}

std::string identification_sentence(const Calibration& c) {
  std::vector<std::string> loose;
  for (const auto& p : c.parameters)
    if (!p.identified) loose.push_back("<strong>" + label_html(p) + "</strong>");
  if (c.parameters.empty()) return "";
  if (loose.empty())
    return "The data identify every parameter: each posterior is clearly narrower than its prior (standard "
           "deviation under 0.8 of the prior's).";
  return fmt::format(
      "Not identified by the data (posterior close to prior): {}. What the report says about {} comes from "
      "the prior, not from the figures.",
      list_words(loose), loose.size() == 1 ? "it" : "them");
}

std::string search_sentence(const Calibration& c) {
  if (c.generations.empty()) return "";
  const Generation& last = c.generations.back();
  const double simulations = std::accumulate(
      c.generations.begin(), c.generations.end(), 0.0,
      [](double s, const Generation& g) { return std::isfinite(g.simulations) ? s + g.simulations : s; });
  return fmt::format(
      "The search ran <strong>{}</strong> generations after the prior's; final tolerance "
      "<strong>{}</strong>, "
      "effective sample size <strong>{}</strong> of {} particles ({} simulated replications in all).",
      c.generations.size() - 1, sig(last.tolerance), sig(last.ess), c.weight.size(),
      format_number(simulations, 0));
}

std::string key_answers(const Calibration& c) {
  std::vector<std::string> items = {dof_sentence(c)};
  if (!c.observations.empty()) items.push_back(inside_sentence(c));
  if (const auto s = identification_sentence(c); !s.empty()) items.push_back(s);
  if (const auto s = search_sentence(c); !s.empty()) items.push_back(s);
  return answers_html(
      items,
      "A 90&nbsp;% posterior-predictive interval holds the middle 90&nbsp;% of a figure's simulated values "
      "when the parameters are drawn from the posterior: about nine in ten figures should fall inside. Fit "
      "figures were used to find the posterior; check figures were not, so they test the model.");
}

// --- Parameters -----------------------------------------------------------------------------------

std::string parameters_table(const Calibration& c) {
  std::string body =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>Parameter</th><th>Prior</th>"
      "<th class=\"num\">Posterior mean</th><th class=\"num\">90&nbsp;% interval</th>"
      "<th class=\"num\">sd ratio</th><th>Identified</th><th>Source</th></tr></thead>\n<tbody>\n";
  for (const auto& p : c.parameters) {
    body += fmt::format(
        "<tr><td><span class=\"kpi\">{}</span><code>{}</code></td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        label_html(p), html_escape(p.path), html_escape(p.prior), sig(p.mean), interval(p.q05, p.q95),
        sig(p.sd_ratio, 2),
        p.identified ? "<span class=\"badge inside\">identified</span>"
                     : "<span class=\"badge outside\">not identified</span>",
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
    chart.bins.push_back(
        {x0, x1, density,
         tooltip_json(plain(interval(x0, x1)), {{"Posterior weight", plain(sig(100 * mass, 2) + " %")}})});
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
  chart.description = fmt::format(
      "Posterior of {} (bars, weighted particles) against its prior {} (dashed line); the shaded band is the "
      "90 % interval and the solid line the posterior mean.",
      p.label, p.prior);
  return chart;
}

std::string parameter_sentence(const Parameter& p) {
  std::string s = fmt::format("Posterior mean <strong>{}</strong> (90&nbsp;% interval {})", sig(p.mean),
                              interval(p.q05, p.q95));
  if (std::isfinite(p.prior_mean)) s += fmt::format(", against a prior mean of {}", sig(p.prior_mean));
  if (std::isfinite(p.sd_ratio))
    s += fmt::format("; its standard deviation is {} of the prior's", sig(p.sd_ratio, 2));
  s += ".";
  if (!p.identified)
    s += " <strong>Not identified by the data</strong>: the posterior is close to the prior.";
  return s;
}

std::string parameters_section(const Calibration& c, ReportPage& page) {
  if (c.parameters.empty()) return "";
  std::string body =
      "<p class=\"intro\">Each parameter's prior (what was assumed before the data) and posterior (what the "
      "fit figures leave possible). The sd ratio is the posterior's standard deviation over the prior's: "
      "near "
      "1 the data say little about the parameter, near 0 they pin it down. A parameter counts as identified "
      "when the ratio is below 0.8.</p>\n";
  body += parameters_table(c);
  body += "<div class=\"legend\">" + legend_item("sw-band90", "Posterior (weighted particles)") +
          legend_item("sw-target", "Prior density") + legend_item("sw-median", "Posterior mean") +
          legend_item("sw-soft", "Posterior 90&nbsp;% interval") + "</div>\n";
  for (const auto& p : c.parameters) {
    const DensityChart chart = density_chart(p, c.weight);
    body += fmt::format("<h3>{} <code>{}</code></h3>\n", label_html(p), html_escape(p.path));
    body += page.chart(chart.description, density_spec(chart));
    body += "<p class=\"sentence\">" + parameter_sentence(p) + "</p>\n";
  }
  return section_html("parameters", "Parameters: prior and posterior", body);
}

// --- Correlations ---------------------------------------------------------------------------------

struct Pair {
  std::size_t i = 0, j = 0;
  double r = NAN;
};

std::string correlation_matrix(const Calibration& c, const std::vector<std::vector<double>>& r) {
  std::string head = "<tr><th>Parameter</th>";
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
  if (c.parameters.size() <= kMatrixShown) return "<h3>Correlation matrix</h3>\n" + table;
  return fmt::format("<details><summary>Correlation matrix ({} parameters)</summary>\n{}</details>\n",
                     c.parameters.size(), table);
}

std::string pair_scatter(const Calibration& c, const Pair& pair, ReportPage& page) {
  const Parameter& a = c.parameters[pair.i];
  const Parameter& b = c.parameters[pair.j];
  WeightedScatter chart;
  chart.x_title = a.path;
  chart.y_title = b.path;
  chart.description = fmt::format("Particles of {} against {}, each drawn by its weight (correlation {}).",
                                  a.label, b.label, plain(sig(pair.r, 2)));
  for (std::size_t k = 0; k < c.weight.size() && k < a.values.size() && k < b.values.size(); ++k) {
    chart.points.push_back(
        {a.values[k], b.values[k], c.weight[k],
         tooltip_json(fmt::format("Particle {}", k + 1), {{a.label, plain(sig(a.values[k]))},
                                                          {b.label, plain(sig(b.values[k]))},
                                                          {"Weight", plain(sig(c.weight[k]))}})});
  }
  return fmt::format("<h3>{} and {}: correlation {}</h3>\n", label_html(a), label_html(b), sig(pair.r, 2)) +
         page.chart(chart.description, weighted_scatter_spec(chart));
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
  std::string body =
      "<p class=\"intro\">Weighted correlations between the parameters over the particles of the posterior. "
      "A strong correlation means the data constrain a combination of the two better than either alone: "
      "raising one and lowering (or raising) the other fits about as well. Each dot is a particle, darker "
      "and larger the more weight it carries.</p>\n";
  if (!pairs.empty()) {
    const Pair& top = pairs.front();
    body += fmt::format(
        "<p class=\"sentence\">The most correlated pair: <strong>{}</strong> and <strong>{}</strong> "
        "(correlation {}).</p>\n",
        label_html(c.parameters[top.i]), label_html(c.parameters[top.j]), sig(top.r, 2));
  }
  for (std::size_t k = 0; k < pairs.size() && k < kPairsCharted; ++k) body += pair_scatter(c, pairs[k], page);
  if (m > kMatrixShown) {
    body +=
        "<h3>Strongest pairs</h3>\n<div class=\"table-wrap\"><table>\n<thead><tr><th>Parameters</th>"
        "<th class=\"num\">Correlation</th></tr></thead>\n<tbody>\n";
    for (std::size_t k = 0; k < pairs.size() && k < kPairsListed; ++k) {
      body += fmt::format("<tr><td>{} and {}</td><td class=\"num\">{}</td></tr>\n",
                          label_html(c.parameters[pairs[k].i]), label_html(c.parameters[pairs[k].j]),
                          sig(pairs[k].r, 2));
    }
    body += "</tbody></table></div>\n";
  }
  body += correlation_matrix(c, r);
  return section_html("correlations", "Correlated parameters", body);
}

// --- The fit table --------------------------------------------------------------------------------

std::string observed_text(const Observation& o) {
  if (o.sampling == "range" || (std::isnan(o.observed) && std::isfinite(o.low) && std::isfinite(o.high)))
    return interval(o.low, o.high);
  if (o.sampling == "count" && std::isfinite(o.n)) return nowrap(sig(o.observed, 6) + " of " + sig(o.n, 6));
  if (o.sampling == "share" && std::isfinite(o.n))
    return sig(o.observed) + " <span class=\"dim nw\">(n&nbsp;=&nbsp;" + sig(o.n, 6) + ")</span>";
  return sig(o.observed);
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
        html_escape(o.role.empty() ? "fit" : o.role), html_escape(o.sampling), observed_text(o),
        sig(o.median), interval(o.q05, o.q95),
        o.inside ? "<span class=\"badge inside\">inside</span>"
                 : "<span class=\"badge outside\">outside</span>",
        html_escape(o.source));
  }
  return rows;
}

std::string observation_table(const Calibration& c, bool check) {
  return "<div class=\"table-wrap\"><table>\n<thead><tr><th>Figure</th><th>KPI</th><th>Role</th>"
         "<th class=\"num\">Observed</th><th class=\"num\">Predicted median</th>"
         "<th class=\"num\">90&nbsp;% interval</th><th>Inside</th><th>Source</th></tr></thead>\n<tbody>\n" +
         observation_rows(c, check) + "</tbody></table></div>\n";
}

std::string fit_section(const Calibration& c) {
  if (c.observations.empty()) return "";
  std::string body =
      "<p class=\"intro\">Each observed figure against its posterior-predictive distribution: the figure as "
      "the model simulates it with parameters drawn from the posterior (median and 90&nbsp;% interval). "
      "Inside means the observed value (or range) lies within that interval.</p>\n";
  body += fmt::format("<h3>Fit figures ({}; {} inside)</h3>\n", c.fit_figures(), inside_count(c, false));
  body += c.fit_figures() > 0 ? observation_table(c, false) : "<p>None.</p>\n";
  body += fmt::format("<h3>Check figures, held out from the fit ({}; {} inside)</h3>\n", c.check_figures(),
                      inside_count(c, true));
  body += c.check_figures() > 0 ? "<div class=\"held-out\">\n" + observation_table(c, true) + "</div>\n"
                                : "<p>None: every figure was used in the fit, so none tests the model on "
                                  "data it did not see.</p>\n";
  return section_html("fit", "Observed figures and the posterior's predictions", body);
}

// --- Generations ----------------------------------------------------------------------------------

std::string generations_section(const Calibration& c, ReportPage& page) {
  if (c.generations.empty()) return "";
  std::string body =
      "<p class=\"intro\">Generation 0 samples the prior; each later generation accepts only particles whose "
      "simulated figures lie within a smaller tolerance of the observed ones (the distance standardised by "
      "each figure's sampling model). The effective sample size (ESS) counts how many equally weighted "
      "particles the weighted ones are worth.</p>\n";
  BandLineChart chart;
  chart.x_title = "Generation";
  chart.y_title = "Tolerance";
  chart.y_format = "~g";
  chart.description = "Tolerance by generation of the ABC-SMC search.";
  for (const auto& g : c.generations) {
    if (!std::isfinite(g.tolerance)) continue;
    chart.points.push_back({g.generation, fmt::format("{}", g.generation), g.tolerance, g.tolerance,
                            g.tolerance,
                            tooltip_json(fmt::format("Generation {}", plain(sig(g.generation))),
                                         {{"Tolerance", plain(sig(g.tolerance))},
                                          {"Acceptance", plain(sig(100 * g.acceptance, 2) + " %")},
                                          {"ESS", plain(sig(g.ess))}})});
  }
  if (chart.points.size() >= 2) body += page.chart(chart.description, band_line_spec(chart));
  body +=
      "<div class=\"table-wrap\"><table>\n<thead><tr><th class=\"num\">Generation</th>"
      "<th class=\"num\">Tolerance</th><th class=\"num\">Proposals</th><th class=\"num\">Simulations</th>"
      "<th class=\"num\">Acceptance</th><th class=\"num\">ESS</th><th class=\"num\">Seconds</th></tr>"
      "</thead>\n<tbody>\n";
  for (const auto& g : c.generations) {
    body += fmt::format(
        "<tr><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        format_number(g.generation, 0), std::isinf(g.tolerance) ? "none (prior)" : sig(g.tolerance),
        format_number(g.proposals, 0), format_number(g.simulations, 0),
        std::isfinite(g.acceptance) ? sig(100 * g.acceptance, 2) + "&nbsp;%" : "n/a", sig(g.ess),
        sig(g.seconds));
  }
  body += "</tbody></table></div>\n";
  return section_html("generations", "Generations", body);
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
  main_html += assumptions_section(c.meta, "Show the observations and priors as given");

  const auto& run = c.meta.run;
  PageHeader h;
  h.kicker = kicker(c.meta, "calibration");
  h.title = run.scenario_name.empty() ? "Calibration" : run.scenario_name;
  h.lead = fmt::format(
      "Approximate Bayesian computation (ABC-SMC) of {} parameters against {} observed figures ({} fit, {} "
      "held "
      "out as checks).",
      c.parameters.size(), c.observations.size(), c.fit_figures(), c.check_figures());
  h.facts.emplace_back("Parameters", fmt::format("{}", c.parameters.size()));
  h.facts.emplace_back("Fit figures", fmt::format("{}", c.fit_figures()));
  h.facts.emplace_back("Check figures", fmt::format("{}", c.check_figures()));
  h.facts.emplace_back("Particles", fmt::format("{}", c.weight.size()));
  for (auto& fact : provenance_facts(c.meta)) h.facts.push_back(std::move(fact));
  return page_document({
      .title = h.title + " \u2013 sibsim calibration",
      .header = header_html(h),
      .main = std::move(main_html),
      .charts = page.charts(),
      .vega = vega,
      .program_version = run.program_version,
      .source_name = results_h5.filename().string(),
  });
}

}  // namespace sibsim::output::detail
