// The SIB's sections of a run report (report_sections.hpp): the scenario's facts, the key answers,
// enrolment and caseload over time and the recruitment funnel. How the results vary and dropout
// are in report_outcomes.cpp.
#include "sib_report_sections.hpp"

#include <fmt/core.h>

#include <exception>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "report_context.hpp"
#include "sib_outputs.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/sib_model.hpp"
#include "sibsim/models/sib/vocabulary.hpp"
#include "sibsim/scenarios/document.hpp"

namespace sibsim::models::sib {

namespace report_detail {

namespace {

using namespace output::report;

}  // namespace

Facts read_facts(const output::RunReportData& d) {
  Facts f;
  const std::string& yaml = d.meta.run.scenario_yaml_resolved;
  if (!yaml.empty()) {
    try {
      f.params = load_sib_scenario(scenarios::Document::from_string(yaml, "<results file>"));
    } catch (const std::exception&) {
      // A scenario of another program version: the sections that need its facts are left out.
    }
  }
  if (!f.params) return f;
  const SibParams& p = *f.params;
  f.target = p.recruitment.target_starters;
  const engine::Date end = engine::from_clock(p.recruitment.end);
  f.end_day = engine::to_days(end);
  f.end_iso = engine::to_string(end);

  // The lines for the median number of starters (or the target, without a summary), when the
  // headline metric is extra work-months with an ambition (the chart they are drawn on).
  const auto* s = d.stat("started");
  if (has_work_month_lines(p.payment)) f.lines = payment_lines(p.payment, s != nullptr ? s->p50 : f.target);
  return f;
}

std::string futures_note(const output::RunReportData& d) {
  return words()("futures_note", {{"n", format_number(static_cast<double>(d.runs()), 0)}});
}

bool has_words(std::string_view id) {
  static const std::set<std::string, std::less<>> ids = [] {
    const auto all = words().ids();
    return std::set<std::string, std::less<>>(all.begin(), all.end());
  }();
  return ids.contains(id);
}

}  // namespace report_detail

namespace {

using namespace output::report;
using output::ReportPage;
using output::RunReportData;
using report_detail::Facts;
using report_detail::words;

std::string series_name(std::string_view prefix) {
  for (const auto& f : series_families())
    if (f.prefix == prefix) return f.name;
  return "";
}

// --- Key answers ---------------------------------------------------------------------------------

void add_key_answers(const RunReportData& d, const Facts& f, ReportPage& page) {
  const std::string target = num(f.target);
  std::vector<std::string> items;
  if (const auto* s = d.stat("started")) {
    items.push_back(
        words()("answer.started",
                {{"median", num(s->p50)}, {"range", range(s->p5, s->p95, "")}, {"target", target}}));
  } else {
    for (const auto& st : d.funnel.stages)
      if (st.name == "started")
        items.push_back(words()("answer.started_funnel", {{"median", num(st.median)}, {"target", target}}));
  }
  if (const auto* s = d.stat("reached_target")) {
    // The end of recruitment as the scenario gives it (YYYY-MM-DD) in English, in words in Dutch.
    std::string date;
    if (f.end_day)
      date = nowrap(current_language() == Language::en ? html_escape(f.end_iso)
                                                       : format_date(*f.end_day, false));
    items.push_back(words()("answer.reached_target", {{"chance", format_probability(s->mean)},
                                                      {"target", target},
                                                      {"has_date", !date.empty()},
                                                      {"date", date}}));
  }
  // The shorthand's terms in words; a contract of metrics is described by its KPIs.
  const PaymentParams* pay =
      f.params && f.params->payment.threshold_share && f.params->payment.ambition_per_participant
          ? &f.params->payment
          : nullptr;
  const std::string ambition = pay != nullptr ? num(*pay->ambition_per_participant) : std::string();
  if (const auto* s = d.stat("success_threshold_reached")) {
    items.push_back(words()("answer.threshold",
                            {{"chance", format_probability(s->mean)},
                             {"terms", pay != nullptr},
                             {"share", pay != nullptr ? share_of(*pay->threshold_share, 1) : std::string()},
                             {"ambition", ambition}}));
    // The same threshold on the true extra work-months: how much of the chance is the
    // evaluation's noise and bias rather than the programme (issue 16).
    if (const auto* t = d.stat("success_threshold_reached_true"))
      items.back() += words()("answer.threshold_true",
                              {{"chance", format_probability(t->mean)},
                               // The headline metric's outcome: extra work-months, or another effect.
                               {"work", !f.params || contract_metrics(f.params->payment).front().outcome ==
                                                         MetricOutcome::work_months}});
    items.back() += assumption_tag(d.meta.run, "success_threshold_reached");
  }
  if (const auto* s = d.stat("full_ambition_reached")) {
    items.push_back(words()(
        "answer.ambition",
        {{"chance", format_probability(s->mean)}, {"terms", pay != nullptr}, {"ambition", ambition}}));
    items.back() += assumption_tag(d.meta.run, "full_ambition_reached");
  }
  if (const auto* s = d.stat("payout_total")) {
    const std::string money = d.unit("payout_total");  // the scenario's currency
    items.push_back(
        words()("answer.payout", {{"median", val(s->p50, money)}, {"range", range(s->p5, s->p95, money)}}));
    items.back() += assumption_tag(d.meta.run, "payout_total");
  }
  if (const auto* s = d.stat("investor_irr")) {
    const std::string unit = d.unit("investor_irr");
    items.push_back(
        words()("answer.irr", {{"median", val(s->p50, unit)}, {"range", range(s->p5, s->p95, unit)}}));
    items.back() += assumption_tag(d.meta.run, "investor_irr");
  }
  if (const auto* loss = d.stat("investor_loss")) {
    const auto* total = d.stat("investor_total_loss");
    items.push_back(words()("answer.loss", {{"chance", format_probability(loss->mean)},
                                            {"total", total != nullptr},
                                            {"total_chance", total ? format_probability(total->mean) : ""}}));
    items.back() += assumption_tag(d.meta.run, "investor_loss");
  }
  page.add_html(kPartKeyAnswers, answers_html(items, report_detail::futures_note(d)));
}

// --- Enrolment and caseload over time -----------------------------------------------------------------

/// The scenario's words (vocabulary.hpp) in a text of the report's language.
std::string in_scenario_words(const Facts& f, std::string_view text) {
  return in_words(text, f.params ? f.params->vocabulary : Vocabulary{},
                  current_language() == Language::nl ? "nl" : "en");
}

/// " {site_staff} approach ... until the end of recruitment on ... ." (HTML; "" without the scenario):
/// the recruitment effort's schedule, so a what-if that moves the end of recruitment shows how
/// long each step of extra staff runs.
std::string recruitment_effort_sentence(const Facts& f) {
  if (!f.params || f.params->recruitment.approach_probability.empty() || !f.end_day) return "";
  const RecruitmentParams& r = f.params->recruitment;
  std::vector<std::string> steps;
  for (const Step& step : r.approach_probability) {
    if (step.from >= r.end) break;  // a step after recruitment changes nothing
    steps.push_back(
        words()("enrolment.effort_step",
                {{"chance", format_kpi_value(step.value, "fraction")},
                 {"date", nowrap(format_date(engine::to_days(engine::from_clock(step.from)), false))}}));
  }
  std::string list;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i > 0) list += i + 1 == steps.size() ? words()("list.and") : ", ";
    list += steps[i];
  }
  if (steps.empty()) return "";
  return in_scenario_words(
      f, words()("enrolment.effort", {{"steps", list}, {"end", nowrap(format_date(*f.end_day, false))}}));
}

/// " A start is counted from ..." (""  without the scenario): when a starter counts as started, so
/// that the enrolment curve and the target are read against the right day.
std::string start_rule_sentence(const Facts& f) {
  if (!f.params) return "";
  return in_scenario_words(
      f, words()(f.params->programme.starts_at == StartRule::intake ? "enrolment.counted_intake"
                                                                    : "enrolment.counted_contact"));
}

void add_enrolment(const RunReportData& d, const Facts& f, ReportPage& page) {
  const std::string name = series_name(kEnrolmentSeriesPrefix);
  const auto* s = d.timeseries(name);
  if (s == nullptr) return;
  page.mark_shown(series_part(name));
  FanOptions o;
  o.intro = words()("enrolment.intro");
  o.y_title = words()("enrolment.y_title");
  o.description = words()("enrolment.description");
  o.target = f.target;
  o.target_label = words()("target_label", {{"n", num(f.target)}});
  o.target_legend = words()("target_legend", {{"n", num(f.target)}});
  o.deadline_day = f.end_day;
  o.deadline_label = words()("end_of_recruitment");
  o.noun = words()("enrolment.noun");
  o.observed = d.observed_on(name);
  const auto fan = fan_chart(*s, page, o);
  if (fan.html.empty()) return;
  page.add_section("enrolment", words()("enrolment.title"),
                   fan.html + "<p class=\"sentence\">" + fan.sentence + start_rule_sentence(f) +
                       recruitment_effort_sentence(f) + "</p>\n");
}

/// The counsellors' capacity (FTE x caseload per FTE, CounsellorParams) in effect on one of the
/// series' dates, and from which of them.
struct CapacityStep {
  std::int64_t from_day = 0;  ///< the first date of the series it holds on
  double fte = 0, slots = 0;
};

/// The caseload series' dates (days since 1970-01-01; nullopt where a date does not parse).
std::vector<std::optional<std::int64_t>> series_days(const output::TimeSeries& s) {
  std::vector<std::optional<std::int64_t>> days;
  if (const auto* dates = std::get_if<std::vector<std::string>>(&s.time))
    for (const auto& iso : *dates) days.push_back(parse_iso_date(iso));
  return days;
}

/// The capacity over the series' dates: the step in effect on the first date, then each change.
/// Empty without the scenario, without counsellors or without dates.
std::vector<CapacityStep> capacity_steps(const Facts& f,
                                         const std::vector<std::optional<std::int64_t>>& days) {
  std::vector<CapacityStep> steps;
  if (!f.params || f.params->counsellors.fte.empty()) return steps;
  const auto& c = f.params->counsellors;
  for (const auto& day : days) {
    if (!day) continue;
    const double fte = counsellor_fte(*f.params, static_cast<double>(*day));
    if (steps.empty() || steps.back().fte != fte) steps.push_back({*day, fte, fte * c.caseload_per_fte});
  }
  return steps;
}

/// " The counsellors' capacity ... ." and how often the caseload is above it (HTML; "" without
/// capacity steps).
std::string capacity_sentence(const output::TimeSeries& s, const Facts& f,
                              const std::vector<std::optional<std::int64_t>>& days,
                              const std::vector<CapacityStep>& steps) {
  if (steps.empty()) return "";
  std::string list;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (i > 0) list += i + 1 == steps.size() ? words()("list.and") : ", ";
    list += words()("caseload.capacity_step", {{"slots", num(steps[i].slots)},
                                               {"date", nowrap(format_date(steps[i].from_day, false))},
                                               {"fte", num(steps[i].fte)}});
  }
  std::string out = words()("caseload.capacity",
                            {{"per_fte", num(f.params->counsellors.caseload_per_fte)}, {"steps", list}});
  // Months whose median (or 95th percentile) is above the capacity of that date.
  std::size_t months = 0, median_over = 0, p95_over = 0;
  std::optional<std::int64_t> first_over;
  for (std::size_t i = 0; i < days.size() && i < s.bands.size(); ++i) {
    if (!days[i]) continue;
    const double capacity =
        counsellor_fte(*f.params, static_cast<double>(*days[i])) * f.params->counsellors.caseload_per_fte;
    ++months;
    if (s.bands[i].p50 > capacity) {
      ++median_over;
      if (!first_over) first_over = days[i];
    }
    if (s.bands[i].p95 > capacity) ++p95_over;
  }
  const std::string n_months = format_number(static_cast<double>(months), 0);
  if (median_over > 0) {
    out += words()("caseload.over", {{"n", format_number(static_cast<double>(median_over), 0)},
                                     {"months", n_months},
                                     {"date", nowrap(format_date(*first_over, false))}});
  } else {
    out += words()("caseload.within", {{"p95", p95_over > 0},
                                       {"n", format_number(static_cast<double>(p95_over), 0)},
                                       {"months", n_months}});
  }
  return out;
}

void add_caseload(const RunReportData& d, const Facts& f, ReportPage& page) {
  const std::string name = series_name(kCaseloadSeriesPrefix);
  const auto* s = d.timeseries(name);
  if (s == nullptr) return;
  page.mark_shown(series_part(name));
  const auto days = series_days(*s);
  const auto steps = capacity_steps(f, days);
  FanOptions o;
  o.intro = words()("caseload.intro");
  o.y_title = words()("caseload.y_title");
  o.description = words()("caseload.description");
  o.deadline_day = f.end_day;
  o.deadline_label = words()("end_of_recruitment");
  // The capacity as a line when it holds throughout, as steps when it changes.
  if (steps.size() > 1) {
    FanOptions::Line line;
    line.legend =
        words()("caseload.capacity_steps_legend", {{"per_fte", num(f.params->counsellors.caseload_per_fte)}});
    line.step = true;
    for (const CapacityStep& st : steps) line.points.emplace_back(st.from_day, st.slots);
    o.lines.push_back(std::move(line));
  } else if (steps.size() == 1 && steps.front().slots > 0) {
    o.target = steps.front().slots;
    o.target_label = words()("caseload.capacity_label", {{"n", plain(num(steps.front().slots))}});
    o.target_legend =
        words()("caseload.capacity_legend", {{"n", num(steps.front().slots)},
                                             {"fte", num(steps.front().fte)},
                                             {"per_fte", num(f.params->counsellors.caseload_per_fte)}});
  }
  const auto fan = fan_chart(*s, page, o);
  if (fan.html.empty()) return;
  std::size_t peak = 0;
  for (std::size_t i = 1; i < fan.points.size(); ++i)
    if (fan.points[i].band.p50 > fan.points[peak].band.p50) peak = i;
  const auto& p = fan.points[peak];
  const std::string sentence = words()("caseload.peak", {{"peak", val(p.band.p50, s->unit)},
                                                         {"date", p.label},
                                                         {"range", range(p.band.p5, p.band.p95, s->unit)}}) +
                               capacity_sentence(*s, f, days, steps);
  page.add_section("caseload", words()("caseload.title"),
                   fan.html + "<p class=\"sentence\">" + sentence + "</p>\n");
}

// --- Participants in work ------------------------------------------------------------------------

/// The arms the model compares (sib_model.cpp: work_months_per_person_<arm>), the programme first.
constexpr const char* kArms[] = {"programme", "control", "care_as_usual"};

/// "Participants in work": the programme's series (employed) as a fan chart, with the peak, then
/// the work-months per participant of the programme, the control group and care as usual (KPIs
/// work_months_per_person_<arm>) and, when the file has them, the series of the control group and
/// care as usual (employed_control, employed_care_as_usual) as fan charts of their own.
void add_employed(const RunReportData& d, const Facts& f, ReportPage& page) {
  const std::string name = series_name(kEmployedSeriesPrefix);
  const auto* s = d.timeseries(name);
  if (s == nullptr) return;
  FanOptions o;
  o.intro = words()("employed.intro");
  o.y_title = words()("employed.y_title");
  o.description = words()("employed.description");
  o.deadline_day = f.end_day;
  o.deadline_label = words()("end_of_recruitment");
  o.observed = d.observed_on(name);
  // The control group's median over the programme's fan: what the evaluation compares.
  const ControlSource design = f.params ? f.params->evaluation.control : ControlSource::twin;
  const bool randomised = design == ControlSource::randomised;
  const std::string control_name = name + "_control";
  if (const auto* control = d.timeseries(control_name);
      control != nullptr && design != ControlSource::baseline) {
    FanOptions::Line line;
    line.legend = words()(randomised ? "employed.control_line.randomised" : "employed.control_line");
    line.color = palette::kAmber;
    const auto days = series_days(*control);
    for (std::size_t i = 0; i < days.size() && i < control->bands.size(); ++i)
      if (days[i]) line.points.emplace_back(*days[i], control->bands[i].p50);
    o.lines.push_back(std::move(line));
    page.mark_shown(series_part(control_name));
  }
  const auto fan = fan_chart(*s, page, o);
  if (fan.html.empty()) return;
  page.mark_shown(series_part(name));
  std::size_t peak = 0;
  for (std::size_t i = 1; i < fan.points.size(); ++i)
    if (fan.points[i].band.p50 > fan.points[peak].band.p50) peak = i;
  const auto& p = fan.points[peak];
  std::string sentence = words()("employed.peak", {{"peak", val(p.band.p50, s->unit)},
                                                   {"date", p.label},
                                                   {"range", range(p.band.p5, p.band.p95, s->unit)}});
  // Work-months per participant in each arm (medians over the futures).
  const auto* programme = d.stat("work_months_per_person_programme");
  const auto* control =
      design == ControlSource::baseline ? nullptr : d.stat("work_months_per_person_control");
  const auto* usual = d.stat("work_months_per_person_care_as_usual");
  if (programme != nullptr && (control != nullptr || usual != nullptr)) {
    sentence +=
        words()("employed.arms",
                {{"programme", num(programme->p50)},
                 {"has_control", control != nullptr},
                 {"control", control ? num(control->p50) : ""},
                 {"group", words()(randomised ? "control_group.randomised" : "control_group.matched")},
                 {"has_usual", usual != nullptr},
                 {"usual", usual ? num(usual->p50) : ""}});
  }
  if (design == ControlSource::baseline && f.params)
    sentence += words()("employed.baseline",
                        {{"baseline", num(f.params->evaluation.baseline_work_months.value_or(0))}});
  std::string body = fan.html + "<p class=\"sentence\">" + sentence + "</p>\n";
  // Care as usual's series, when the file has it, as a fan of its own (the control group is the
  // line over the programme's fan).
  for (const char* arm : kArms) {
    if (std::string_view(arm) == "programme" || std::string_view(arm) == "control") continue;
    const std::string arm_name = name + "_" + arm;
    const auto* a = d.timeseries(arm_name);
    if (a == nullptr) continue;
    FanOptions ao;
    ao.heading = words()(std::string("employed.heading.") + arm);
    ao.intro = words()(std::string("employed.intro.") + arm);
    ao.y_title = words()("employed.y_title");
    ao.description = words()(std::string("employed.description.") + arm);
    ao.deadline_day = f.end_day;
    ao.deadline_label = words()("end_of_recruitment");
    const auto arm_fan = fan_chart(*a, page, ao);
    if (arm_fan.html.empty()) continue;
    page.mark_shown(series_part(arm_name));
    body += arm_fan.html + "<p class=\"sentence\">" + arm_fan.sentence + "</p>\n";
  }
  page.add_section("employed", words()("employed.title"), body);
}

// --- Recruitment funnel -------------------------------------------------------------------------------

/// The text `id` of the catalogue, or `fallback` if it has none.
std::string word_or(const std::string& id, std::string_view fallback) {
  return report_detail::has_words(id) ? words()(id) : std::string(fallback);
}

/// The funnel's stages and reasons in the report's language: the results file names a stage by
/// its KPI and a reason "<category>: <label>" in the scenario's English words (reason_catalogue). In
/// Dutch a reason is the scenario's Dutch label (vocabulary.reasons.nl or a declared label.nl), else
/// the catalogue's words for a built-in reason (with the scenario's {site}); a declared reason
/// without a Dutch label, or a name the catalogue does not know, stays as it is.
output::Funnel localised_funnel(const output::Funnel& funnel, const SibParams& params) {
  if (current_language() == Language::en) return funnel;
  const std::vector<Reason> reasons = reason_catalogue(params);
  output::Funnel out = funnel;
  for (auto& st : out.stages) st.name = word_or("stage." + st.name, st.name);
  for (auto& r : out.reasons) {
    const auto colon = r.name.find(": ");
    if (colon == std::string::npos) continue;
    const std::string category = r.name.substr(0, colon), label = r.name.substr(colon + 2);
    std::string dutch = label;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      if (label != reasons[i].label_en) continue;
      // The scenario's Dutch label; else the catalogue's for a built-in reason, the English for a declared
      // one.
      if (!reasons[i].label_nl.empty())
        dutch = reasons[i].label_nl;
      else if (i < kOutcomeCount)
        dutch = in_words(word_or("reason." + reasons[i].name, label), params.vocabulary, "nl");
    }
    r.name = word_or("category." + category, category);
    r.name += ": ";
    r.name += dutch;
  }
  return out;
}

void add_funnel(const RunReportData& d, const Facts& f, ReportPage& page) {
  FunnelOptions o;
  o.noun = words()("funnel.noun");
  o.stages_heading = words()("funnel.stages_heading");
  o.stages_intro = words()("funnel.stages_intro");
  o.stages_description = words()("funnel.stages_description");
  o.reasons_heading = words()("funnel.reasons_heading");
  o.reasons_intro = words()("funnel.reasons_intro");
  o.reasons_description = in_scenario_words(f, words()("funnel.reasons_description"));
  // The DJI data's categories (outcome.hpp), in the report's language as the reasons are named.
  for (const ReasonCategory cat : kReasonCategories) {
    const std::string c = category_name(cat);
    o.category_order.push_back(current_language() == Language::en ? c : word_or("category." + c, c));
  }
  static const SibParams kBuiltIn;  // a report without its scenario: the built-in reasons only
  const std::string body = funnel_html(localised_funnel(d.funnel, f.params ? *f.params : kBuiltIn), page, o);
  if (body.empty()) return;
  page.mark_shown(kPartFunnel);
  page.add_section("funnel", words()("funnel.title"), body);
}

}  // namespace

void SibReportSections::add_sections(const RunReportData& d, ReportPage& page) const {
  const Facts f = report_detail::read_facts(d);
  auto& h = page.header();
  h.kicker = words()("kicker");
  if (h.lead.empty() && f.params) h.lead = f.params->description;
  add_key_answers(d, f, page);
  add_enrolment(d, f, page);
  add_caseload(d, f, page);
  add_employed(d, f, page);
  add_funnel(d, f, page);
  report_detail::add_distributions(d, f, page);
  report_detail::add_dropout(d, page);
}

}  // namespace sibsim::models::sib
