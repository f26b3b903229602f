#include "sibsim/output/html_report.hpp"

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atomic_file.hpp"
#include "h5_util.hpp"
#include "report_charts.hpp"
#include "report_kinds.hpp"
#include "report_page.hpp"
#include "report_text.hpp"
#include "schema.hpp"
#include "sibsim/output/results_reader.hpp"
#include "vega_bundle.hpp"

namespace sibsim::output {

namespace {

using namespace detail;

constexpr double kDefaultTarget = 150;  // Werk na Detentie's contract (shared/domain brief)
constexpr double kMsPerDay = 86'400'000.0;
constexpr const char* kEnrolmentSeries = "cumulative_starters";
constexpr const char* kCaseloadSeries = "caseload";
constexpr std::string_view kDropoutMonthPrefix = "dropouts_in_month@";  // + "01" .. "24"

// ------------------------------------------------------------------------------------------------
// What the report is made of

/// Facts read from the resolved scenario YAML in /meta (every one optional).
struct Scenario {
  std::string description;
  double target = kDefaultTarget;
  std::string end_iso;                             ///< recruitment.end as written, "" if absent
  std::optional<std::int64_t> end_day;             ///< the same as days since 1970
  std::optional<double> threshold;                 ///< payment.threshold_work_months
  std::optional<double> ambition;                  ///< payment.ambition_work_months
  std::optional<double> threshold_share;           ///< payment.threshold_share (of the ambition)
  std::optional<double> ambition_per_participant;  ///< payment.ambition_per_participant
};

std::optional<double> yaml_number(const YAML::Node& node) {
  if (!node || !node.IsScalar()) return std::nullopt;
  try {
    const double v = node.as<double>();
    if (std::isfinite(v)) return v;
  } catch (const YAML::Exception&) {
  }
  return std::nullopt;
}

Scenario read_scenario(const std::string& yaml) {
  Scenario s;
  try {
    const YAML::Node root = YAML::Load(yaml);
    if (!root.IsMap()) return s;
    if (const YAML::Node d = root["description"]; d && d.IsScalar()) s.description = d.as<std::string>();
    if (const YAML::Node r = root["recruitment"]; r && r.IsMap()) {
      if (const auto t = yaml_number(r["target_starters"]); t && *t > 0) s.target = *t;
      if (const YAML::Node e = r["end"]; e && e.IsScalar()) {
        s.end_iso = e.as<std::string>();
        s.end_day = parse_iso_date(s.end_iso);
      }
    }
    if (const YAML::Node p = root["payment"]; p && p.IsMap()) {
      s.threshold = yaml_number(p["threshold_work_months"]);
      s.ambition = yaml_number(p["ambition_work_months"]);
      s.threshold_share = yaml_number(p["threshold_share"]);
      s.ambition_per_participant = yaml_number(p["ambition_per_participant"]);
    }
  } catch (const YAML::Exception&) {
    // A report without these facts is still useful: defaults stay in place.
  }
  return s;
}

struct Data {
  std::filesystem::path path;
  FileMeta meta;
  Scenario scenario;
  bool has_summary = false;
  engine::RunResult summary;
  ReplicationsInfo replications;
  Funnel funnel;
  std::vector<TimeSeries> series;  ///< cumulative_starters first

  [[nodiscard]] std::optional<std::size_t> index(std::string_view name) const {
    for (std::size_t i = 0; i < summary.kpis.size(); ++i)
      if (summary.kpis[i].name == name) return i;
    return std::nullopt;
  }
  /// Summary of a KPI with at least one defined value, or nullptr.
  [[nodiscard]] const engine::KpiSummary* stat(std::string_view name) const {
    const auto i = index(name);
    return i && summary.summary[*i].n > 0 ? &summary.summary[*i] : nullptr;
  }
  [[nodiscard]] std::string unit(std::string_view name) const {
    const auto i = index(name);
    if (i) return summary.kpis[*i].unit;
    for (const auto& k : replications.kpis)
      if (k.name == name) return k.unit;
    return "";
  }
  [[nodiscard]] std::uint64_t runs() const { return has_summary ? summary.replications : meta.replications; }
};

bool has_summary(const std::filesystem::path& path) {
  return h5_try(fmt::format("results file '{}'", path.string()), [&] {
    const H5::H5File f(path.string(), H5F_ACC_RDONLY);
    return f.nameExists(kSummaryPath);
  });
}

Data read_data(const std::filesystem::path& path) {
  Data d;
  d.path = path;
  d.meta = read_meta(path);
  d.scenario = read_scenario(d.meta.run.scenario_yaml_resolved);
  d.has_summary = has_summary(path);
  if (d.has_summary) d.summary = read_summary(path);
  d.replications = read_replications_info(path);
  d.funnel = read_funnel(path);
  auto names = list_timeseries(path);
  std::stable_partition(names.begin(), names.end(),
                        [](const std::string& n) { return n == kEnrolmentSeries; });
  for (const auto& n : names) d.series.push_back(read_timeseries(path, n));
  return d;
}

/// Where the success threshold and the full ambition lie, in extra work-months. Fixed when the
/// scenario states them (payment.threshold_work_months, payment.ambition_work_months). A contract
/// whose ambition is per participant (payment.ambition_per_participant x starters, of which
/// payment.threshold_share is the threshold) has them differ between the simulated futures: the
/// lines are then drawn at the median ambition, and the chances come from the KPIs
/// success_threshold_reached and full_ambition_reached, which each future computes exactly.
struct PaymentLines {
  std::optional<double> threshold, ambition;
  std::optional<double> share;            ///< threshold as a share of the ambition
  std::optional<double> per_participant;  ///< set when the ambition follows the number of starters
};

PaymentLines payment_lines(const Data& d) {
  const Scenario& sc = d.scenario;
  PaymentLines p;
  if (sc.threshold || sc.ambition) {
    p.threshold = sc.threshold;
    p.ambition = sc.ambition;
    if (sc.threshold && sc.ambition && *sc.ambition > 0) p.share = *sc.threshold / *sc.ambition;
    return p;
  }
  if (!sc.ambition_per_participant) return p;
  p.per_participant = sc.ambition_per_participant;
  if (const auto* a = d.stat("ambition_work_months")) {
    p.ambition = a->p50;
  } else if (const auto* st = d.stat("started")) {
    p.ambition = *sc.ambition_per_participant * st->p50;
  } else {
    p.ambition = *sc.ambition_per_participant * sc.target;
  }
  p.share = sc.threshold_share;
  if (sc.threshold_share) p.threshold = *sc.threshold_share * *p.ambition;
  return p;
}

// --- 1. Header and key answers ------------------------------------------------------------------

std::string header(const Data& d) {
  PageHeader h;
  h.kicker = "Social Impact Bond &middot; simulation report";
  h.title = d.meta.run.scenario_name.empty() ? "Unnamed scenario" : d.meta.run.scenario_name;
  h.lead = d.scenario.description;
  h.facts.emplace_back("Simulated futures", format_number(static_cast<double>(d.runs()), 0));
  for (auto& f : provenance_facts(d.meta)) h.facts.push_back(std::move(f));
  return header_html(h);
}

std::string key_answers(const Data& d) {
  const Scenario& sc = d.scenario;
  const std::string target = num(sc.target);
  std::vector<std::string> items;
  if (const auto* s = d.stat("started")) {
    items.push_back(
        fmt::format("Median <strong>{}</strong> starters (90&nbsp;% interval {}) against a target of "
                    "<strong>{}</strong>.",
                    num(s->p50), range(s->p5, s->p95, ""), target));
  } else {
    for (const auto& st : d.funnel.stages)
      if (st.name == "started")
        items.push_back(
            fmt::format("Median <strong>{}</strong> starters against a target of <strong>{}</strong>.",
                        num(st.median), target));
  }
  if (const auto* s = d.stat("reached_target")) {
    items.push_back(
        fmt::format("<strong>{}</strong> chance of reaching {} starters by the end of recruitment{}.",
                    format_probability(s->mean), target,
                    sc.end_iso.empty() ? "" : " (" + nowrap(html_escape(sc.end_iso)) + ")"));
  }
  const PaymentLines pay = payment_lines(d);
  if (const auto* s = d.stat("success_threshold_reached")) {
    std::string what;
    if (pay.per_participant) {
      what = pay.share ? fmt::format(" ({} of the ambition of {} extra work-months per starter)",
                                     share_of(*pay.share, 1), num(*pay.per_participant))
                       : fmt::format(" (the ambition is {} extra work-months per starter)",
                                     num(*pay.per_participant));
    } else if (pay.threshold && pay.share) {
      what = fmt::format(" (at least {} extra work-months, {} of the ambition)", num(*pay.threshold),
                         share_of(*pay.share, 1));
    } else if (pay.threshold) {
      what = fmt::format(" (at least {} extra work-months)", num(*pay.threshold));
    }
    items.push_back(fmt::format("<strong>{}</strong> chance the success threshold{} is reached.",
                                format_probability(s->mean), what));
  }
  if (const auto* s = d.stat("full_ambition_reached")) {
    items.push_back(fmt::format(
        "<strong>{}</strong> chance the full ambition{} is reached.", format_probability(s->mean),
        pay.per_participant ? fmt::format(" ({} extra work-months per starter)", num(*pay.per_participant))
        : pay.ambition      ? fmt::format(" ({} extra work-months)", num(*pay.ambition))
                            : std::string()));
  }
  if (const auto* s = d.stat("payout_total")) {
    items.push_back(fmt::format("Median outcome payment <strong>{}</strong> (90&nbsp;% interval {}).",
                                val(s->p50, "EUR"), range(s->p5, s->p95, "EUR")));
  }
  if (const auto* s = d.stat("investor_irr")) {
    const std::string unit = d.unit("investor_irr");
    items.push_back(fmt::format("Median investor return <strong>{}</strong> a year (90&nbsp;% interval {}).",
                                val(s->p50, unit), range(s->p5, s->p95, unit)));
  }
  if (items.empty()) return "";
  std::string out = "<section id=\"key-answers\" class=\"answers\">\n<h2>Key answers</h2>\n<ul>\n";
  for (const auto& i : items) out += "<li>" + i + "</li>\n";
  out += "</ul>\n";
  out += fmt::format(
      "<p class=\"note\">Each figure summarises {} simulated futures of this scenario. A 90&nbsp;% interval "
      "holds the middle 90&nbsp;% of them: in 5&nbsp;% of the futures the value is lower, in 5&nbsp;% "
      "higher.</p>\n</section>\n",
      format_number(static_cast<double>(d.runs()), 0));
  return out;
}

// --- 2. Fan charts of time series -------------------------------------------------------------------

enum class Fan { enrolment, caseload, other };

std::string fan_html(const Data& d, const TimeSeries& s, Page& page, Fan kind) {
  const bool enrolment = kind == Fan::enrolment;
  const bool caseload = kind == Fan::caseload;
  FanChart chart;
  const auto* dates = std::get_if<std::vector<std::string>>(&s.time);
  const auto* days = std::get_if<std::vector<double>>(&s.time);
  chart.utc_time = dates != nullptr;
  const std::string& unit = s.unit;
  // Points with a readable time (dates that do not parse are left out).
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < s.bands.size(); ++i) {
    FanPoint p;
    std::string label;
    if (dates) {
      if (i >= dates->size()) break;
      const auto day = parse_iso_date((*dates)[i]);
      if (!day) continue;
      p.x = static_cast<double>(*day) * kMsPerDay;
      label = format_date(*day, false);
    } else {
      if (!days || i >= days->size() || !std::isfinite((*days)[i])) continue;
      p.x = (*days)[i];
      label = "Day " + num((*days)[i]);
    }
    const auto& b = s.bands[i];
    p.p5 = b.p5;
    p.p25 = b.p25;
    p.p50 = b.p50;
    p.p75 = b.p75;
    p.p95 = b.p95;
    std::vector<std::pair<std::string, std::string>> rows = {
        {"Median", plain(val(b.p50, unit))},
        {"Middle 50\u00a0%", plain(range(b.p25, b.p75, unit))},
        {"Middle 90\u00a0%", plain(range(b.p5, b.p95, unit))},
    };
    if (enrolment) rows.emplace_back("Target", num(d.scenario.target));
    p.tooltip = tooltip_json(label, rows);
    chart.points.push_back(std::move(p));
    labels.push_back(label);
  }
  if (chart.points.empty()) return "";
  for (std::size_t i = 0; i < chart.points.size(); ++i) {
    auto& p = chart.points[i];
    p.x0 = i == 0 ? p.x : (chart.points[i - 1].x + p.x) / 2;
    p.x1 = i + 1 == chart.points.size() ? p.x : (p.x + chart.points[i + 1].x) / 2;
  }
  chart.x_title = chart.utc_time ? "" : "Days since the start";
  chart.y_format = is_fraction_unit(unit) ? ".0%" : ",~f";
  std::optional<double> deadline;
  if (enrolment) {
    chart.target = d.scenario.target;
    chart.target_label = "Target " + num(d.scenario.target);
    if (chart.utc_time && d.scenario.end_day) deadline = static_cast<double>(*d.scenario.end_day) * kMsPerDay;
    chart.deadline_x = deadline;
    chart.deadline_label = "End of recruitment";
    chart.y_title = "People who have started (cumulative)";
    chart.description =
        "Cumulative number of starters over time: median, middle 50 % and middle 90 % of the "
        "simulated futures, with the target and the end of recruitment.";
  } else if (caseload) {
    if (chart.utc_time && d.scenario.end_day) deadline = static_cast<double>(*d.scenario.end_day) * kMsPerDay;
    chart.deadline_x = deadline;
    chart.deadline_label = "End of recruitment";
    chart.y_title = "Participants in phases 1\u20133";
    chart.description =
        "Counsellor caseload over time (participants in phases 1-3): median, middle 50 % and middle 90 % of "
        "the simulated futures.";
  } else {
    chart.y_title = humanise(s.name) + (unit.empty() ? "" : " (" + unit_label(unit) + ")");
    chart.description = s.description;
  }

  std::string out;
  if (kind == Fan::other) out += fmt::format("<h3>{}</h3>\n", html_escape(humanise(s.name)));
  out += "<p class=\"intro\">";
  if (enrolment) {
    out += "How many people have started the programme over time. ";
  } else if (caseload) {
    out += "How many participants the counsellors support at a time (phases 1\u20133 of the programme). ";
  } else if (!s.description.empty()) {
    out += html_escape(s.description) + ". ";
  }
  out +=
      "The line is the median of the simulated futures; the dark band holds the middle 50&nbsp;% of them "
      "and the light band the middle 90&nbsp;%.</p>\n";
  out += "<div class=\"legend\">" + legend_item("sw-median", "Median") +
         legend_item("sw-band50", "Middle 50&nbsp;%") + legend_item("sw-band90", "Middle 90&nbsp;%");
  if (enrolment) out += legend_item("sw-target", "Target (" + num(d.scenario.target) + ")");
  if (deadline) out += legend_item("sw-deadline", "End of recruitment");
  out += "</div>\n";
  out += page.chart(chart.description.empty() ? humanise(s.name) : chart.description, fan_spec(chart));

  // A sentence with the numbers at the deadline (or the last point).
  std::optional<std::size_t> at;
  if (deadline) {
    for (std::size_t i = 0; i < chart.points.size(); ++i)
      if (chart.points[i].x <= *deadline) at = i;
  }
  const auto& last = chart.points.back();
  const std::string what = enrolment ? " starters" : "";
  std::string sentence;
  if (at) {
    const auto& p = chart.points[*at];
    sentence =
        fmt::format("On {} (end of recruitment) the median is <strong>{}</strong>{} (90&nbsp;% interval {}).",
                    labels[*at], val(p.p50, unit), what, range(p.p5, p.p95, unit));
    if (*at + 1 < chart.points.size()) {
      sentence += fmt::format(" By {}, the end of the simulation, it is {}{}.", labels.back(),
                              val(last.p50, unit), what);
    }
  } else {
    sentence = fmt::format("On {} the median is <strong>{}</strong>{} (90&nbsp;% interval {}).",
                           labels.back(), val(last.p50, unit), what, range(last.p5, last.p95, unit));
  }
  if (caseload) {
    std::size_t peak = 0;
    for (std::size_t i = 1; i < chart.points.size(); ++i)
      if (chart.points[i].p50 > chart.points[peak].p50) peak = i;
    const auto& p = chart.points[peak];
    sentence = fmt::format(
        "The median caseload peaks at <strong>{}</strong> participants on {} (90&nbsp;% interval {}).",
        val(p.p50, unit), labels[peak], range(p.p5, p.p95, unit));
  }
  out += "<p class=\"sentence\">" + sentence + "</p>\n";
  return out;
}

std::string enrolment_section(const Data& d, Page& page) {
  for (const auto& s : d.series) {
    if (s.name != kEnrolmentSeries) continue;
    const std::string body = fan_html(d, s, page, Fan::enrolment);
    return body.empty() ? "" : section("enrolment", "Enrolment over time", body);
  }
  return "";
}

std::string caseload_section(const Data& d, Page& page) {
  for (const auto& s : d.series) {
    if (s.name != kCaseloadSeries) continue;
    const std::string body = fan_html(d, s, page, Fan::caseload);
    return body.empty() ? "" : section("caseload", "Counsellor caseload", body);
  }
  return "";
}

std::string other_series_section(const Data& d, Page& page) {
  std::string body;
  for (const auto& s : d.series)
    if (s.name != kEnrolmentSeries && s.name != kCaseloadSeries) body += fan_html(d, s, page, Fan::other);
  return body.empty() ? "" : section("over-time", "Other results over time", body);
}

// --- 3. Funnel -------------------------------------------------------------------------------------

std::string funnel_section(const Data& d, Page& page) {
  const auto& stages = d.funnel.stages;
  const auto& reasons = d.funnel.reasons;
  if (stages.empty() && reasons.empty()) return "";
  std::string body;
  if (!stages.empty()) {
    HBarChart chart;
    chart.description =
        "Recruitment funnel: the median number of people at each stage and how many were lost "
        "between stages.";
    chart.categories = {{"stage", palette::kPrimary}, {"lost", palette::kLoss}};
    chart.x_title = "Median number of people";
    const double first = stages.front().median;
    for (std::size_t i = 0; i < stages.size(); ++i) {
      const auto& st = stages[i];
      HBarRow row;
      row.label = humanise(st.name);
      row.category = "stage";
      row.x1 = st.median;
      row.text = plain(num(st.median)) + (i > 0 ? " (" + plain(share_of(st.median, first)) + ")" : "");
      row.tooltip =
          tooltip_json(row.label, {{"Median", plain(num(st.median))},
                                   {"Mean", plain(num(st.mean))},
                                   {"Share of " + stages.front().name, plain(share_of(st.median, first))}});
      chart.rows.push_back(std::move(row));
      if (i + 1 < stages.size()) {
        const auto& next = stages[i + 1];
        const double loss = st.median - next.median;
        if (loss > 0) {
          HBarRow lost;
          lost.label = "not " + next.name;
          lost.category = "lost";
          lost.x0 = next.median;
          lost.x1 = st.median;
          lost.text = "\u2212" + plain(num(loss));
          lost.tooltip = tooltip_json(fmt::format("Lost between {} and {}", st.name, next.name),
                                      {{"People (difference of medians)", plain(num(loss))},
                                       {"Share of " + st.name, plain(share_of(loss, st.median))}});
          chart.muted_labels.push_back(lost.label);
          chart.rows.push_back(std::move(lost));
        }
      }
    }
    body += "<h3>Where people are lost</h3>\n";
    body +=
        "<p class=\"intro\">Each blue bar is the median number of people who reached a stage; each red bar "
        "shows how many were lost before the next stage.</p>\n";
    body += page.chart(chart.description, hbar_spec(chart));
  }
  if (stages.size() >= 2) {
    const double first = stages.front().median;
    const auto& last = stages.back();
    std::string sentence = fmt::format("Of a median of <strong>{}</strong> {}, <strong>{}</strong> {} ({}).",
                                       num(first), html_escape(stages.front().name), num(last.median),
                                       html_escape(last.name), share_of(last.median, first));
    std::size_t worst = 0;
    double worst_loss = 0;
    for (std::size_t i = 0; i + 1 < stages.size(); ++i) {
      if (stages[i].median - stages[i + 1].median > worst_loss) {
        worst_loss = stages[i].median - stages[i + 1].median;
        worst = i;
      }
    }
    if (worst_loss > 0) {
      sentence +=
          fmt::format(" The biggest loss is between <em>{}</em> and <em>{}</em>: {} people ({} of those {}).",
                      html_escape(stages[worst].name), html_escape(stages[worst + 1].name), num(worst_loss),
                      share_of(worst_loss, stages[worst].median), html_escape(stages[worst].name));
    }
    body += "<p class=\"sentence\">" + sentence + "</p>\n";
  }
  if (!reasons.empty()) {
    // "category: label" -> (category, label); categories in a fixed order, then as they come.
    struct Reason {
      std::string category, label;
      const FunnelCount* count;
    };
    std::vector<Reason> rs;
    for (const auto& r : reasons) {
      const auto colon = r.name.find(": ");
      if (colon == std::string::npos) {
        rs.push_back({"other", r.name, &r});
      } else {
        rs.push_back({r.name.substr(0, colon), r.name.substr(colon + 2), &r});
      }
    }
    std::vector<std::string> cats;
    for (const char* known : {"criteria", "motivation", "unknown"})
      if (std::any_of(rs.begin(), rs.end(), [&](const Reason& r) { return r.category == known; }))
        cats.emplace_back(known);
    for (const auto& r : rs)
      if (std::find(cats.begin(), cats.end(), r.category) == cats.end()) cats.push_back(r.category);
    std::stable_sort(rs.begin(), rs.end(), [](const Reason& a, const Reason& b) {
      if (a.count->median != b.count->median) return a.count->median > b.count->median;
      return a.count->mean > b.count->mean;
    });
    // Labels must be unique on the axis: repeat the category where two reasons share a label.
    for (auto& r : rs) {
      const auto same =
          std::count_if(rs.begin(), rs.end(), [&](const Reason& o) { return o.label == r.label; });
      if (same > 1) r.label = r.category + ": " + r.label;
    }
    HBarChart chart;
    chart.description = "Reasons why eligible people did not start, by category (median counts).";
    chart.legend = true;
    chart.x_title = "Median number of people";
    for (std::size_t i = 0; i < cats.size(); ++i)
      chart.categories.emplace_back(cats[i], palette::kCategories[std::min<std::size_t>(i, 5)]);
    double total_mean = 0;
    std::vector<double> cat_mean(cats.size(), 0.0);
    for (const auto& r : rs) {
      HBarRow row;
      row.label = r.label;
      row.category = r.category;
      row.x1 = r.count->median;
      row.text = plain(num(r.count->median));
      row.tooltip = tooltip_json(r.label, {{"Category", r.category},
                                           {"Median", plain(num(r.count->median))},
                                           {"Mean", plain(num(r.count->mean))}});
      chart.rows.push_back(std::move(row));
      const auto c = static_cast<std::size_t>(std::find(cats.begin(), cats.end(), r.category) - cats.begin());
      cat_mean[c] += r.count->mean;
      total_mean += r.count->mean;
    }
    body += "<h3>Why people did not start</h3>\n";
    body += "<p class=\"intro\">Reasons of non-start, most frequent first, coloured by category.</p>\n";
    body += page.chart(chart.description, hbar_spec(chart));
    std::string sentence = "On average the reasons fall into: ";
    for (std::size_t c = 0; c < cats.size(); ++c) {
      sentence += fmt::format("{}{} {} ({})", c == 0 ? "" : (c + 1 == cats.size() ? " and " : ", "),
                              html_escape(cats[c]), num(std::round(cat_mean[c] * 10) / 10),
                              share_of(cat_mean[c], total_mean));
    }
    sentence += fmt::format(". The most frequent single reason is <em>{}</em>, with a median of {}.",
                            html_escape(rs.front().label), num(rs.front().count->median));
    body += "<p class=\"sentence\">" + sentence + "</p>\n";
  }
  return section("funnel", "Recruitment funnel", body);
}

// --- 4. Distributions over the simulated futures -------------------------------------------------

struct Event {
  enum Op { ge, gt, lt } op;
  double value;
};

struct Distribution {
  std::string kpi;
  std::string title;
  std::string x_title;
  std::vector<HistMarker> markers;
  std::vector<Event> events;
  std::optional<std::size_t> threshold_event, ambition_event;  ///< extra work-months: x >= the lines
  // Filled by the passes over /replications.
  std::size_t column = 0;
  std::uint64_t n = 0, n_nan = 0;
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  bool integer = true;
  std::vector<std::uint64_t> event_counts;
  double start = 0, width = 1;
  std::vector<std::uint64_t> bins;

  [[nodiscard]] double probability(std::size_t e) const {
    return n > 0 ? static_cast<double>(event_counts[e]) / static_cast<double>(n) : std::nan("");
  }
};

Distribution distribution(std::string kpi, std::string title, std::string x_title) {
  Distribution s;
  s.kpi = std::move(kpi);
  s.title = std::move(title);
  s.x_title = std::move(x_title);
  return s;
}

std::vector<Distribution> plan_distributions(const Data& d) {
  const Scenario& sc = d.scenario;
  std::vector<Distribution> out;
  {
    auto s = distribution("started", "Starters", "People who started");
    s.markers.push_back({sc.target, "Target " + num(sc.target), palette::kAccent});
    s.events.push_back({Event::ge, sc.target});
    out.push_back(std::move(s));
  }
  {
    auto s = distribution("extra_work_months_measured", "Extra work-months",
                          "Extra work-months over the control group");
    const PaymentLines pay = payment_lines(d);
    const std::string about = pay.per_participant ? "\u2248\u00a0" : "";  // "≈ " at the median ambition
    if (pay.threshold) {
      s.markers.push_back(
          {*pay.threshold, "Success threshold " + about + plain(num(*pay.threshold)), palette::kAmber});
      s.threshold_event = s.events.size();
      s.events.push_back({Event::ge, *pay.threshold});
    }
    if (pay.ambition) {
      s.markers.push_back(
          {*pay.ambition, "Full ambition " + about + plain(num(*pay.ambition)), palette::kGreen});
      s.ambition_event = s.events.size();
      s.events.push_back({Event::ge, *pay.ambition});
    }
    out.push_back(std::move(s));
  }
  {
    auto s = distribution("payout_total", "Outcome payment", "Total outcome payment (EUR)");
    s.events.push_back({Event::gt, 0.0});
    out.push_back(std::move(s));
  }
  {
    auto s = distribution("investor_irr", "Investor return", "Investor return a year (IRR)");
    s.markers.push_back({0.0, "Break-even", palette::kMuted});
    s.events.push_back({Event::lt, 0.0});
    out.push_back(std::move(s));
  }
  // Keep those stored in /replications.
  std::vector<Distribution> present;
  for (auto& s : out) {
    for (std::size_t k = 0; k < d.replications.kpis.size(); ++k) {
      if (d.replications.kpis[k].name == s.kpi) {
        s.column = k;
        s.event_counts.assign(s.events.size(), 0);
        present.push_back(std::move(s));
        break;
      }
    }
  }
  return present;
}

double nice_step(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

void scan_distributions(const Data& d, std::vector<Distribution>& dists) {
  if (dists.empty()) return;
  const std::size_t k = d.replications.kpis.size();
  // Pass 1: counts, range, events.
  read_replications(d.path, [&](std::uint64_t, std::uint64_t count, std::span<const double> rows) {
    for (std::uint64_t r = 0; r < count; ++r) {
      for (auto& s : dists) {
        const double x = rows[r * k + s.column];
        if (std::isnan(x)) {
          ++s.n_nan;
          continue;
        }
        ++s.n;
        if (std::isfinite(x)) {
          s.min = std::min(s.min, x);
          s.max = std::max(s.max, x);
        }
        if (s.integer && x != std::floor(x)) s.integer = false;
        for (std::size_t e = 0; e < s.events.size(); ++e) {
          const auto& ev = s.events[e];
          const bool hit = ev.op == Event::ge   ? x >= ev.value
                           : ev.op == Event::gt ? x > ev.value
                                                : x < ev.value;
          if (hit) ++s.event_counts[e];
        }
      }
    }
  });
  // Bins: one per whole number when the values are whole and few, else about 30 nice-width bins.
  for (auto& s : dists) {
    if (s.n == 0 || !std::isfinite(s.min) || !std::isfinite(s.max)) continue;
    const double span = s.max - s.min;
    if (s.integer && span <= 60) {
      s.width = 1;
      s.start = s.min - 0.5;
    } else {
      s.width = nice_step(span > 0 ? span / 30 : std::max(std::fabs(s.min) * 0.1, 1.0));
      if (s.integer) s.width = std::max(1.0, std::ceil(s.width));
      s.start = std::floor(s.min / s.width) * s.width - (s.integer ? 0.5 : 0.0);
    }
    const auto nb = static_cast<std::size_t>(std::floor((s.max - s.start) / s.width)) + 1;
    s.bins.assign(std::min<std::size_t>(nb, 1000), 0);
  }
  // Pass 2: bin counts.
  read_replications(d.path, [&](std::uint64_t, std::uint64_t count, std::span<const double> rows) {
    for (std::uint64_t r = 0; r < count; ++r) {
      for (auto& s : dists) {
        if (s.bins.empty()) continue;
        const double x = rows[r * k + s.column];
        if (std::isnan(x)) continue;
        // Infinities (not expected in results) go to the outermost bins.
        const double b =
            std::clamp(std::floor((x - s.start) / s.width), 0.0, static_cast<double>(s.bins.size() - 1));
        const auto i = static_cast<std::size_t>(b);
        ++s.bins[i];
      }
    }
  });
}

std::string distribution_sentence(const Data& d, const Distribution& s, const std::string& unit) {
  const auto* st = d.stat(s.kpi);
  // "Median <noun> <value><what> (90 % interval a–b). ", or nothing without a summary.
  const auto median = [&](std::string_view what, std::string_view noun = "") {
    return st ? fmt::format("Median {}<strong>{}</strong>{} (90&nbsp;% interval {}). ", noun,
                            val(st->p50, unit), what, range(st->p5, st->p95, unit))
              : std::string();
  };
  const Scenario& sc = d.scenario;
  std::string out;
  if (s.kpi == "started") {
    out = median(" starters");
    out += fmt::format("In <strong>{}</strong> of the simulated futures at least {} people start.",
                       format_probability(s.probability(0)), num(sc.target));
  } else if (s.kpi == "extra_work_months_measured") {
    out = median(" extra work-months");
    const PaymentLines pay = payment_lines(d);
    // Exact per future when the model reports it; else counted against the fixed lines.
    const auto chance = [&](const char* kpi, std::optional<std::size_t> event) -> std::optional<double> {
      if (const auto* k = d.stat(kpi)) return k->mean;
      if (event && !pay.per_participant) return s.probability(*event);
      return std::nullopt;
    };
    if (const auto p = chance("success_threshold_reached", s.threshold_event)) {
      std::string what;
      if (pay.threshold && !pay.per_participant) what += " of " + num(*pay.threshold);
      if (pay.share) what += " (" + share_of(*pay.share, 1) + " of the ambition)";
      out += fmt::format("Chance of reaching the success threshold{}: <strong>{}</strong>. ", what,
                         format_probability(*p));
    }
    if (const auto p = chance("full_ambition_reached", s.ambition_event)) {
      out += fmt::format("Chance of reaching the full ambition{}: <strong>{}</strong>.",
                         pay.ambition && !pay.per_participant ? " of " + num(*pay.ambition) : std::string(),
                         format_probability(*p));
    }
    if (pay.per_participant && pay.ambition) {
      out += fmt::format(
          " The ambition is {} extra work-months per starter, so it differs between the simulated futures; "
          "the dashed lines show it for the median ambition of {}.",
          num(*pay.per_participant), num(*pay.ambition));
    }
  } else if (s.kpi == "payout_total") {
    out = median("", "payment ");
    out += fmt::format("Chance that anything is paid: <strong>{}</strong>.",
                       format_probability(s.probability(0)));
  } else if (s.kpi == "investor_irr") {
    out = median(" a year", "return ");
    out += fmt::format("Chance that the investors lose money (a return below zero): <strong>{}</strong>.",
                       format_probability(s.probability(0)));
  }
  const std::uint64_t all = s.n + s.n_nan;
  if (s.n_nan > 0 && all > 0) {
    out += fmt::format(" The value is undefined in {} of the simulated futures, which are left out here.",
                       format_probability(static_cast<double>(s.n_nan) / static_cast<double>(all)));
  }
  return out;
}

std::string distributions_section(const Data& d, Page& page) {
  auto dists = plan_distributions(d);
  scan_distributions(d, dists);
  std::string body;
  for (const auto& s : dists) {
    if (s.bins.empty()) continue;
    const std::string unit = d.unit(s.kpi);
    Histogram h;
    std::string what = s.title;
    what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    h.description = fmt::format("Distribution of the {} over the simulated futures.", what);
    h.x_title = s.x_title;
    h.x_format = is_fraction_unit(unit) ? ".0%" : ",~f";
    h.markers = s.markers;
    for (std::size_t i = 0; i < s.bins.size(); ++i) {
      HistBin b;
      b.x0 = s.start + static_cast<double>(i) * s.width;
      b.x1 = b.x0 + s.width;
      b.share = static_cast<double>(s.bins[i]) / static_cast<double>(s.n);
      std::string label;
      if (s.integer) {
        const double a = b.x0 + 0.5, z = b.x1 - 0.5;
        label = a == z ? plain(val(a, unit)) : plain(range(a, z, unit));
      } else {
        label = plain(val(b.x0, unit)) + " to " + plain(val(b.x1, unit));
      }
      b.tooltip = tooltip_json(
          label,
          {{"Share of futures", plain(share_of(static_cast<double>(s.bins[i]), static_cast<double>(s.n)))},
           {"Futures", format_number(static_cast<double>(s.bins[i]), 0)}});
      h.bins.push_back(std::move(b));
    }
    h.lo = s.start;
    h.hi = s.start + static_cast<double>(s.bins.size()) * s.width;
    const double pad = 0.03 * (h.hi - h.lo);
    for (const auto& m : s.markers) {
      h.lo = std::min(h.lo, m.x - pad);
      h.hi = std::max(h.hi, m.x + pad);
    }
    body += fmt::format("<h3>{}</h3>\n", html_escape(s.title));
    body += page.chart(h.description, histogram_spec(h));
    body += "<p class=\"sentence\">" + distribution_sentence(d, s, unit) + "</p>\n";
  }
  if (body.empty()) return "";
  return section(
      "distributions", "How the results vary",
      "<p class=\"intro\">Each bar shows the share of the simulated futures with a value in its range; "
      "the dashed lines mark the target and thresholds.</p>\n" +
          body);
}

// --- 5. Dropout ---------------------------------------------------------------------------------------

/// "When participants drop out": mean dropouts per month since the start (KPIs
/// dropouts_in_month@01, @02, ...), with the 5th-95th percentile whisker. "" without those KPIs.
std::string dropout_months_html(const Data& d, Page& page) {
  ColumnChart chart;
  chart.description =
      "Participants who dropped out, by month since their start (mean over the simulated futures, with "
      "the 5th to 95th percentile).";
  chart.x_title = "Month since the start";
  chart.y_title = "Mean dropouts";
  double total = 0, first_three = 0;
  std::optional<std::size_t> peak;
  for (int m = 1; m < 1000; ++m) {
    const std::string name = fmt::format("{}{:02}", kDropoutMonthPrefix, m);
    if (!d.index(name)) break;
    const engine::KpiSummary* s = d.stat(name);
    ColumnBar bar;
    bar.label = std::to_string(m);
    if (s) {
      bar.y = s->mean;
      bar.lo = s->p5;
      bar.hi = s->p95;
      total += s->mean;
      if (m <= 3) first_three += s->mean;
      if (!peak || s->mean > chart.bars[*peak].y) peak = chart.bars.size();
    }
    bar.tooltip =
        tooltip_json(fmt::format("Month {}", m),
                     s ? std::vector<std::pair<std::string, std::string>>{{"Mean", plain(num(s->mean))},
                                                                          {"Median", plain(num(s->p50))},
                                                                          {"90\u00a0% interval",
                                                                           plain(range(s->p5, s->p95, ""))}}
                       : std::vector<std::pair<std::string, std::string>>{{"Mean", "n/a"}});
    chart.bars.push_back(std::move(bar));
  }
  if (chart.bars.empty() || !peak) return "";
  std::string body = "<h3>When participants drop out</h3>\n";
  body +=
      "<p class=\"intro\">Dropouts by month since the participant's start: each bar is the mean over the "
      "simulated futures, the whisker runs from the 5th to the 95th percentile.</p>\n";
  body += page.chart(chart.description, column_spec(chart));
  std::string sentence = fmt::format("Most dropouts happen in month <strong>{}</strong> ({} on average).",
                                     chart.bars[*peak].label, num(chart.bars[*peak].y));
  if (total > 0 && chart.bars.size() >= 3) {
    sentence += fmt::format(" The first three months hold {} of the dropouts in the first {} months.",
                            share_of(first_three, total), chart.bars.size());
  }
  body += "<p class=\"sentence\">" + sentence + "</p>\n";
  return body;
}

std::string dropout_section(const Data& d, Page& page) {
  if (!d.has_summary) return "";
  struct Row {
    std::string label, sentence_label, description;
    const engine::KpiSummary* s;
  };
  std::vector<Row> rows;
  for (std::size_t i = 0; i < d.summary.kpis.size(); ++i) {
    const auto& k = d.summary.kpis[i];
    const auto& s = d.summary.summary[i];
    if (!k.name.starts_with("dropout_") || k.name.ends_with("_share") || is_fraction_unit(k.unit) ||
        k.name == "dropout_total" || k.name.find('@') != std::string::npos || s.n == 0)
      continue;
    std::string words = k.name.substr(8);
    std::replace(words.begin(), words.end(), '_', ' ');
    rows.push_back({humanise(words), words, k.description, &s});
  }
  if (rows.empty()) {
    const std::string months = dropout_months_html(d, page);
    return months.empty() ? "" : section("dropout", "Dropout", months);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.s->mean > b.s->mean; });
  HBarChart chart;
  chart.description = "Participants who dropped out, by reason (mean over the simulated futures).";
  chart.categories = {{"dropout", palette::kAccent}};
  chart.x_title = "Mean number of participants";
  double total = 0;
  for (const auto& r : rows) {
    HBarRow row;
    row.label = r.label;
    row.category = "dropout";
    row.x1 = r.s->mean;
    row.text = plain(num(r.s->mean));
    std::vector<std::pair<std::string, std::string>> tip = {
        {"Mean", plain(num(r.s->mean))},
        {"Median", plain(num(r.s->p50))},
        {"90\u00a0% interval", plain(range(r.s->p5, r.s->p95, ""))},
    };
    if (!r.description.empty()) tip.emplace_back("What", r.description);
    row.tooltip = tooltip_json(r.label, tip);
    chart.rows.push_back(std::move(row));
    total += r.s->mean;
  }
  std::string body = "<p class=\"intro\">Why participants left the programme early.</p>\n";
  body += page.chart(chart.description, hbar_spec(chart));
  body += fmt::format(
      "<p class=\"sentence\">On average <strong>{}</strong> participants drop out; the most frequent reason "
      "is "
      "<em>{}</em> ({} on average, {} of the dropouts).</p>\n",
      num(std::round(total * 10) / 10), html_escape(rows.front().sentence_label), num(rows.front().s->mean),
      share_of(rows.front().s->mean, total));
  const std::string months = dropout_months_html(d, page);
  if (months.empty()) return section("dropout", "Dropout by reason", body);
  return section("dropout", "Dropout", "<h3>Why participants drop out</h3>\n" + body + months);
}

// --- 6. Key figures table ---------------------------------------------------------------------------

constexpr std::string_view kImportant[] = {
    "eligible",
    "approached",
    "interviewed",
    "selected",
    "started",
    "started_by_deadline",
    "reached_target",
    "days_to_target",
    "participation_rate",
    "success_threshold_reached",
    "full_ambition_reached",
    "extra_work_months_measured",
    "payout_total",
    "investor_irr",
    "dropouts",
    "completed",
};

std::string table_rows(const Data& d, const std::vector<std::size_t>& kpis) {
  std::string out;
  for (const std::size_t i : kpis) {
    const auto& k = d.summary.kpis[i];
    const auto& s = d.summary.summary[i];
    const std::string& unit = k.unit;
    std::string what = html_escape(k.description);
    if (s.n_undefined > 0) {
      what += fmt::format(
          " <span class=\"dim\">Undefined in {} of the futures.</span>",
          format_probability(static_cast<double>(s.n_undefined) / static_cast<double>(s.n + s.n_undefined)));
    }
    const bool has_ci = std::isfinite(s.ci_low) && std::isfinite(s.ci_high) && s.n > 0;
    out += fmt::format(
        "<tr><td><span class=\"kpi\">{}</span><code>{}</code></td><td>{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
        html_escape(humanise(k.name)), html_escape(k.name), what, html_escape(unit_label(unit)),
        s.n > 0 ? format_kpi_value(s.p50, unit) : "n/a", s.n > 0 ? format_kpi_value(s.mean, unit) : "n/a",
        has_ci ? table_range(s.ci_low, s.ci_high, unit) : "n/a");
  }
  return out;
}

std::string figures_section(const Data& d) {
  if (!d.has_summary || d.summary.kpis.empty()) return "";
  std::vector<std::size_t> top, rest;
  for (const auto name : kImportant)
    if (const auto i = d.index(name)) top.push_back(*i);
  for (std::size_t i = 0; i < d.summary.kpis.size(); ++i) {
    const auto& name = d.summary.kpis[i].name;
    if (name.find('@') != std::string::npos) continue;  // one value of a per-month series
    if (std::find(top.begin(), top.end(), i) == top.end()) rest.push_back(i);
  }
  if (top.empty() && rest.empty()) return "";
  constexpr std::string_view kHead =
      "<div class=\"table-wrap\"><table>\n<thead><tr><th>Figure</th><th>What it measures</th><th>Unit</th>"
      "<th class=\"num\">Median</th><th class=\"num\">Mean</th><th class=\"num\">95&nbsp;% CI of the "
      "mean</th>"
      "</tr></thead>\n<tbody>\n";
  std::string body = fmt::format(
      "<p class=\"intro\">Every figure over {} simulated futures: the median (half of the futures are "
      "lower), "
      "the mean, and the 95&nbsp;% confidence interval of the mean, which shows how precisely the simulation "
      "has pinned the mean down. Percentages for yes/no figures are the chance that the event happens.</p>\n",
      format_number(static_cast<double>(d.runs()), 0));
  if (!top.empty()) body += std::string(kHead) + table_rows(d, top) + "</tbody></table></div>\n";
  if (!rest.empty()) {
    body += fmt::format("<details><summary>All other figures ({})</summary>\n", rest.size());
    body += std::string(kHead) + table_rows(d, rest) + "</tbody></table></div>\n</details>\n";
  }
  return section("figures", "Key figures", body);
}

std::string render_run(const std::filesystem::path& results_h5, std::string_view vega) {
  const Data d = read_data(results_h5);
  Page page;
  std::string main_html;
  main_html += key_answers(d);
  main_html += enrolment_section(d, page);
  main_html += caseload_section(d, page);
  main_html += other_series_section(d, page);
  main_html += funnel_section(d, page);
  main_html += distributions_section(d, page);
  main_html += dropout_section(d, page);
  main_html += figures_section(d);
  main_html += assumptions_section(d.meta, "Show the input");

  const auto& run = d.meta.run;
  return page_document({
      .title = run.scenario_name.empty() ? "sibsim report" : run.scenario_name + " \u2013 sibsim report",
      .header = header(d),
      .main = std::move(main_html),
      .charts = page.charts(),
      .vega = vega,
      .program_version = run.program_version,
      .source_name = results_h5.filename().string(),
  });
}

}  // namespace

namespace detail {
std::string run_report(const std::filesystem::path& results_h5, std::string_view vega) {
  return render_run(results_h5, vega);
}
}  // namespace detail

namespace {

std::string render(const std::filesystem::path& results_h5, const HtmlReportOptions& options) {
  // Vega first: a missing package is the most likely problem and needs no results to detect.
  const std::string vega = detail::vega_scripts(options.vega_dir);
  const std::string kind = read_kind(results_h5);
  if (kind == kKindRun) return detail::run_report(results_h5, vega);
  if (kind == kKindCompare) return detail::compare_report(results_h5, vega);
  if (kind == kKindSweep) return detail::sweep_report(results_h5, vega);
  if (kind == kKindFeasibility) return detail::feasibility_report(results_h5, vega);
  throw std::runtime_error(fmt::format(
      "the results file's kind '{}' is not one this sibsim can report on (run, compare, sweep, feasibility)",
      kind));
}
}  // namespace

void write_html_report(const std::filesystem::path& results_h5, const std::filesystem::path& html_out,
                       const HtmlReportOptions& options) {
  const auto context = fmt::format("HTML report '{}' from '{}'", html_out.string(), results_h5.string());
  try {
    const std::string html = render(results_h5, options);
    TempFile file(html_out);
    file.write_all(html);
    file.commit();
  } catch (const std::exception& e) {
    throw std::runtime_error(fmt::format("{}: {}", context, e.what()));
  }
}

}  // namespace sibsim::output
