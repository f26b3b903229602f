// The SIB's sections of a run report (report_sections.hpp): the scenario's facts, the key answers,
// enrolment and caseload over time and the recruitment funnel. How the results vary and dropout
// are in report_outcomes.cpp.
#include "sib_report_sections.hpp"

#include <fmt/core.h>

#include <exception>
#include <string>
#include <vector>

#include "report_context.hpp"
#include "sib_outputs.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/models/sib/sib_model.hpp"
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

  // The lines for the median number of starters (or the target, without a summary).
  const auto* s = d.stat("started");
  f.lines = payment_lines(p.payment, s != nullptr ? s->p50 : f.target);
  return f;
}

std::string futures_note(const output::RunReportData& d) {
  return fmt::format(
      "Each figure summarises {} simulated futures of this scenario. A 90&nbsp;% interval holds the middle "
      "90&nbsp;% of them: in 5&nbsp;% of the futures the value is lower, in 5&nbsp;% higher.",
      format_number(static_cast<double>(d.runs()), 0));
}

}  // namespace report_detail

namespace {

using namespace output::report;
using output::ReportPage;
using output::RunReportData;
using report_detail::Facts;

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
        fmt::format("Median <strong>{}</strong> starters (90&nbsp;% interval {}) against a target of "
                    "<strong>{}</strong>, counting everyone who starts, also after the end of recruitment.",
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
                    f.end_iso.empty() ? "" : " (" + nowrap(html_escape(f.end_iso)) + ")"));
  }
  const PaymentParams* pay = f.params ? &f.params->payment : nullptr;
  if (const auto* s = d.stat("success_threshold_reached")) {
    items.push_back(fmt::format(
        "<strong>{}</strong> chance the success threshold{} is reached.", format_probability(s->mean),
        pay != nullptr ? fmt::format(" ({} of the ambition of {} extra work-months per starter)",
                                     share_of(pay->threshold_share, 1), num(pay->ambition_per_participant))
                       : std::string()));
  }
  if (const auto* s = d.stat("full_ambition_reached")) {
    items.push_back(fmt::format(
        "<strong>{}</strong> chance the full ambition{} is reached.", format_probability(s->mean),
        pay != nullptr
            ? fmt::format(" ({} extra work-months per starter)", num(pay->ambition_per_participant))
            : std::string()));
  }
  if (const auto* s = d.stat("payout_total")) {
    items.push_back(fmt::format("Median outcome payment <strong>{}</strong> (90&nbsp;% interval {}).",
                                val(s->p50, "EUR"), range(s->p5, s->p95, "EUR")));
  }
  if (const auto* s = d.stat("investor_irr")) {
    const std::string unit = d.unit("investor_irr");
    items.push_back(fmt::format(
        "Median investor return <strong>{}</strong> a year (90&nbsp;% interval {}; a total loss counts as "
        "\u2212100&nbsp;%).",
        val(s->p50, unit), range(s->p5, s->p95, unit)));
  }
  if (const auto* loss = d.stat("investor_loss")) {
    const auto* total = d.stat("investor_total_loss");
    items.push_back(fmt::format("<strong>{}</strong> chance the investors lose money{}.",
                                format_probability(loss->mean),
                                total ? fmt::format(" (<strong>{}</strong> that they get nothing back)",
                                                    format_probability(total->mean))
                                      : std::string()));
  }
  page.add_html(kPartKeyAnswers, answers_html(items, report_detail::futures_note(d)));
}

// --- Enrolment and caseload over time -----------------------------------------------------------------

void add_enrolment(const RunReportData& d, const Facts& f, ReportPage& page) {
  const std::string name = series_name(kEnrolmentSeriesPrefix);
  const auto* s = d.timeseries(name);
  if (s == nullptr) return;
  page.mark_shown(series_part(name));
  FanOptions o;
  o.intro = "How many people have started the programme over time. ";
  o.y_title = "People who have started (cumulative)";
  o.description =
      "Cumulative number of starters over time: median, middle 50 % and middle 90 % of the simulated "
      "futures, with the target and the end of recruitment.";
  o.target = f.target;
  o.target_label = "Target " + num(f.target);
  o.target_legend = "Target (" + num(f.target) + ")";
  o.deadline_day = f.end_day;
  o.deadline_label = "End of recruitment";
  o.noun = " starters";
  const auto fan = fan_chart(*s, page, o);
  if (fan.html.empty()) return;
  page.add_section("enrolment", "Enrolment over time",
                   fan.html + "<p class=\"sentence\">" + fan.sentence + "</p>\n");
}

void add_caseload(const RunReportData& d, const Facts& f, ReportPage& page) {
  const std::string name = series_name(kCaseloadSeriesPrefix);
  const auto* s = d.timeseries(name);
  if (s == nullptr) return;
  page.mark_shown(series_part(name));
  FanOptions o;
  o.intro = "How many participants the counsellors support at a time (phases 1\u20133 of the programme). ";
  o.y_title = "Participants in phases 1\u20133";
  o.description =
      "Counsellor caseload over time (participants in phases 1-3): median, middle 50 % and middle 90 % of "
      "the simulated futures.";
  o.deadline_day = f.end_day;
  o.deadline_label = "End of recruitment";
  const auto fan = fan_chart(*s, page, o);
  if (fan.html.empty()) return;
  std::size_t peak = 0;
  for (std::size_t i = 1; i < fan.points.size(); ++i)
    if (fan.points[i].band.p50 > fan.points[peak].band.p50) peak = i;
  const auto& p = fan.points[peak];
  const std::string sentence = fmt::format(
      "The median caseload peaks at <strong>{}</strong> participants on {} (90&nbsp;% interval {}).",
      val(p.band.p50, s->unit), p.label, range(p.band.p5, p.band.p95, s->unit));
  page.add_section("caseload", "Counsellor caseload",
                   fan.html + "<p class=\"sentence\">" + sentence + "</p>\n");
}

// --- Recruitment funnel -------------------------------------------------------------------------------

void add_funnel(const RunReportData& d, ReportPage& page) {
  FunnelOptions o;
  o.noun = "people";
  o.stages_heading = "Where people are lost";
  o.stages_intro =
      "Each blue bar is the median number of people who reached a stage; each red bar shows how many were "
      "lost before the next stage.";
  o.stages_description =
      "Recruitment funnel: the median number of people at each stage and how many were lost between stages.";
  o.reasons_heading = "Why people did not start";
  o.reasons_intro = "Reasons of non-start, most frequent first, coloured by category.";
  o.reasons_description = "Reasons why eligible people did not start, by category (median counts).";
  o.category_order = {"criteria", "motivation", "unknown"};  // the DJI data's categories (outcome.hpp)
  const std::string body = funnel_html(d.funnel, page, o);
  if (body.empty()) return;
  page.mark_shown(kPartFunnel);
  page.add_section("funnel", "Recruitment funnel", body);
}

}  // namespace

void SibReportSections::add_sections(const RunReportData& d, ReportPage& page) const {
  const Facts f = report_detail::read_facts(d);
  auto& h = page.header();
  h.kicker = "Social Impact Bond &middot; simulation report";
  if (h.lead.empty() && f.params) h.lead = f.params->description;
  add_key_answers(d, f, page);
  add_enrolment(d, f, page);
  add_caseload(d, f, page);
  add_funnel(d, page);
  report_detail::add_distributions(d, f, page);
  report_detail::add_dropout(d, page);
}

}  // namespace sibsim::models::sib
