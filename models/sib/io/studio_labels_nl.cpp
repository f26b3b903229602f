// Dutch labels of the SIB's KPIs and series for `sibsim studio` and the Dutch reports
// (ModelPlugin::labels): name -> label, and "name:description" -> description (the reports' key
// figures; the studio looks labels up by name only). The English words are the KPI catalogue's
// (models/sib/src/kpi_catalogue.cpp) and sib_model.cpp's for the families.

#include <fmt/core.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report_words.hpp"
#include "sibsim/models/sib/declared.hpp"
#include "sibsim/models/sib/funnel.hpp"
#include "sibsim/models/sib/outcome.hpp"
#include "sibsim/models/sib/params.hpp"
#include "sibsim/models/sib/payment.hpp"
#include "sibsim/models/sib/vocabulary.hpp"
#include "studio_levers.hpp"

namespace sibsim::models::sib {

namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

/// A KPI's Dutch label and description.
void add(Labels& out, const std::string& name, std::string label, std::string description) {
  out.emplace_back(name, std::move(label));
  out.emplace_back(name + ":description", std::move(description));
}

/// The Dutch text `id` of the report's catalogue (text/report.json).
std::string nl(const std::string& id) { return sib_report_words().in(output::report::Language::nl, id); }

/// Starters' characteristics (kFlagNames) as a Dutch phrase after "deelnemers", and its opposite.
struct FlagWords {
  std::string_view name, with, without;
};
constexpr FlagWords kFlags[] = {
    {"no_partner", "zonder partner", "met een partner"},
    {"children", "met kinderen", "zonder kinderen"},
    {"low_education", "met een lage opleiding", "zonder lage opleiding"},
    {"debts", "met schulden", "zonder schulden"},
    {"unstable_housing", "zonder stabiele huisvesting", "met stabiele huisvesting"},
    {"hard_drugs", "die harddrugs gebruiken", "die geen harddrugs gebruiken"},
    {"psychiatric", "met psychiatrische problemen", "zonder psychiatrische problemen"},
    {"low_self_reliance", "met een lage zelfredzaamheid", "zonder lage zelfredzaamheid"},
    {"social_isolation", "met risico op sociaal isolement", "zonder risico op sociaal isolement"},
    {"poor_worker_skills", "met zwakke werknemersvaardigheden", "zonder zwakke werknemersvaardigheden"},
    {"never_paid_job", "die nooit betaald werk hadden", "die ooit betaald werk hadden"},
    {"poor_dutch", "die slecht Nederlands spreken", "die goed Nederlands spreken"},
    {"born_abroad", "die in het buitenland geboren zijn", "die in Nederland geboren zijn"},
    {"phone_known", "met een bekend telefoonnummer", "zonder bekend telefoonnummer"},
    {"no_bsn", "zonder burgerservicenummer (BSN)", "met een burgerservicenummer (BSN)"},
    {"no_residence_prospect", "zonder uitzicht op een verblijfsvergunning",
     "met uitzicht op een verblijfsvergunning"},
    {"persistent_offender", "die veelpleger (top-600) zijn", "die geen veelpleger zijn"},
    {"unfit_for_work", "die arbeidsongeschikt zijn", "die niet arbeidsongeschikt zijn"},
    {"ladder_step1", "op trede 1 van de participatieladder", "boven trede 1 van de participatieladder"},
    {"no_work_motivation", "zonder basismotivatie om te werken", "met basismotivatie om te werken"},
    {"plus", "in het plusprogramma", "in het basisprogramma"},
};
const FlagWords* flag_words(std::string_view name) {
  for (const auto& f : kFlags)
    if (f.name == name) return &f;
  return nullptr;
}

/// The KPI families sib_model.cpp names by pattern: reasons of non-start, the starters' profile,
/// dropout by reason and risk factor, and the arms' work, re-offending and benefits.
void add_families(Labels& out, const Vocabulary& vocabulary) {
  constexpr std::pair<std::string_view, std::string_view> kCategories[] = {{"criteria", "criteria"},
                                                                           {"motivation", "motivatie"},
                                                                           {"unknown", "onbekend"},
                                                                           {"evaluation", "evaluatie"}};
  for (const auto& [name, dutch] : kCategories) {
    add(out, "nonstart_" + std::string(name) + "_share", "aandeel niet-starters: reden " + std::string(dutch),
        "aandeel van de niet-starters met een reden in de categorie " + std::string(dutch));
  }
  for (const OutcomeInfo& oi : kOutcomeInfo) {
    if (oi.category == ReasonCategory::none) continue;
    const std::string name = oi.name;
    const auto own = vocabulary.reasons_nl.find(name);
    const std::string reason = own != vocabulary.reasons_nl.end() ? own->second : nl("reason." + name);
    add(out, "reason_" + name, "niet gestart: " + reason, "niet-starters: " + reason);
    add(out, "reason_" + name + "_share", "aandeel niet gestart: " + reason,
        "aandeel van de niet-starters: " + reason);
  }
  for (const char* flag : kFlagNames) {
    if (const auto* w = flag_words(flag))
      add(out, "starters_" + std::string(flag) + "_share", "aandeel deelnemers " + std::string(w->with),
          "deelnemers " + std::string(w->with));
  }
  constexpr std::pair<std::string_view, std::string_view> kAges[] = {
      {"18_19", "18\u201319 jaar"}, {"20_30", "20\u201330 jaar"}, {"31_40", "31\u201340 jaar"},
      {"41_50", "41\u201350 jaar"}, {"51_64", "51\u201364 jaar"}, {"65_plus", "65 jaar en ouder"}};
  for (const char* age : kAgeGroupNames) {
    for (const auto& [name, dutch] : kAges)
      if (name == age)
        add(out, "starters_age_" + std::string(age) + "_share",
            "aandeel deelnemers van " + std::string(dutch), "deelnemers van " + std::string(dutch));
  }
  constexpr std::pair<std::string_view, std::string_view> kPotential[] = {
      {"low", "laag"}, {"reasonable", "redelijk"}, {"high", "hoog"}, {"very_high", "zeer hoog"}};
  for (const char* level : kWorkPotentialNames) {
    for (const auto& [name, dutch] : kPotential)
      if (name == level)
        add(out, "starters_work_potential_" + std::string(level) + "_share",
            "aandeel deelnemers met " + std::string(dutch) + " arbeidspotentieel",
            "deelnemers met " + std::string(dutch) + " arbeidspotentieel");
  }
  for (const char* reason : {"no_effort", "clinic", "custody", "other"}) {
    const std::string words = nl(std::string("dropout_reason.") + reason);
    add(out, std::string("dropout_") + reason + "_share", "aandeel van de uitval: " + words,
        "aandeel van de uitvallers: " + words);
  }
  for (const char* factor : kDropoutFactorNames) {
    const auto* w = flag_words(factor);
    if (w == nullptr) continue;
    add(out, "dropout_share_with_" + std::string(factor), "uitval bij deelnemers " + std::string(w->with),
        "aandeel uitvallers onder de deelnemers " + std::string(w->with));
    add(out, "dropout_share_without_" + std::string(factor),
        "uitval bij deelnemers " + std::string(w->without),
        "aandeel uitvallers onder de deelnemers " + std::string(w->without));
  }
  struct Arm {
    const char* name;
    const char* short_name;
    const char* doc;
  };
  constexpr Arm kArms[] = {{"programme", "programma", "deelnemers in het programma"},
                           {"care_as_usual", "gebruikelijke zorg",
                            "dezelfde deelnemers bij gebruikelijke zorg (het werkelijke alternatief)"},
                           {"control", "controlegroep", "de gematchte controlegroep (zoals gemeten)"}};
  for (const Arm& a : kArms) {
    const std::string sfx = std::string("_") + a.name, in = std::string(" (") + a.short_name + ")",
                      doc = std::string(" \u2013 ") + a.doc;
    add(out, "work_months_per_person" + sfx, "werkmaanden per persoon" + in,
        "maanden gewerkt (minstens 24 uur per week) in de meetperiode van 24 maanden" + doc);
    add(out, "durable_work_share" + sfx, "aandeel duurzaam werk" + in,
        "werkte (minstens 24 uur per week) minstens 18 van de 24 maanden" + doc);
    add(out, "temporary_work_share" + sfx, "aandeel tijdelijk werk" + in,
        "werkte (minstens 24 uur per week) 12 tot 17 van de 24 maanden" + doc);
    add(out, "employed_month_12_share" + sfx, "aandeel aan het werk na 12 maanden" + in,
        "aan het werk (in een baan van welke omvang ook) in de 12e maand na de start" + doc);
    add(out, "ever_employed_share" + sfx, "aandeel ooit aan het werk" + in,
        "had ergens in de meetperiode van 24 maanden een baan (van welke omvang ook)" + doc);
    add(out, "reoffended_share" + sfx, "aandeel recidive" + in, "recidiveerde binnen twee jaar" + doc);
    add(out, "benefits_share" + sfx, "aandeel met een uitkering" + in,
        "had na 24 maanden een uitkering" + doc);
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> sib_labels(std::string_view lang,
                                                            const Vocabulary& vocabulary) {
  if (lang != "nl") return {};
  Labels out = {
      {"eligible", "geschikte {persons}"},
      {"approached", "benaderd"},
      {"interviewed", "intakegesprekken"},
      {"selected", "geselecteerd"},
      {"started", "deelnemers (gestart)"},
      {"started_by_deadline", "gestart voor de einddatum"},
      {"reached_target", "kans het doel te halen"},
      {"days_to_target", "dagen tot het doel"},
      {"days_to_first_start", "dagen tot de eerste deelnemer"},
      {"participation_rate", "deelnamegraad"},
      {"starters_meet_handbook_share", "aandeel deelnemers volgens de werkpotentieelregel"},
      {"starters_addiction_true_share", "aandeel deelnemers met verslaving"},
      {"dropouts", "uitvallers"},
      {"dropout_share", "aandeel uitvallers"},
      {"dropout_no_effort", "uitval: geen inzet / komt niet opdagen / geen contact"},
      {"dropout_clinic", "uitval: langdurige opname in een verslavingskliniek"},
      {"dropout_custody", "uitval: terug in detentie"},
      {"dropout_other", "uitval: overig"},
      {"extra_work_months_true", "extra werkmaanden (werkelijk)"},
      {"extra_work_months_measured", "extra werkmaanden (gemeten)"},
      {"extra_work_months_true_per_starter", "extra werkmaanden per deelnemer"},
      {"success_threshold_reached", "kans op de succesdrempel"},
      {"full_ambition_reached", "kans op de volledige ambitie"},
      {"payout_total", "totale uitbetaling"},
      {"investor_multiple", "terugbetaling als veelvoud van de investering"},
      {"investor_irr", "rendement investeerders per jaar"},
      {"investor_loss", "kans op verlies voor de investeerders"},
      {"investor_total_loss", "kans op totaal verlies voor de investeerders"},
      {"government_net", "netto resultaat overheid"},
      {"cumulative_starters", "cumulatief aantal deelnemers"},
      {"caseload", "caseload trajectbegeleiders"},
      {"employed", "deelnemers aan het werk"},
      // Descriptions (the reports' key figures).
      {"eligible:description", "{persons} op de {referral_lists} van de deelnemende {sites}"},
      {"approached:description", "kreeg een eerste gesprek of een flyer van {site_staff}"},
      {"interviewed:description", "kwam tot het intakegesprek met de trajectbegeleider"},
      {"selected:description", "kwam door de intake en voldeed aan de selectiecriteria"},
      {"started:description",
       "nam na vrijlating contact op en startte met het programma, op enig moment (ook na het einde van de "
       "werving; zie started_by_deadline)"},
      {"started_by_deadline:description", "gestart vóór het einde van de werving"},
      {"reached_target:description",
       "1 als het streefaantal deelnemers vóór het einde van de werving gestart is"},
      {"days_to_target:description",
       "dagen vanaf de start van de werving tot het doel gehaald is (NaN: nooit)"},
      {"days_to_first_start:description",
       "dagen vanaf de start van de werving tot de eerste deelnemer startte (NaN: niemand)"},
      {"participation_rate:description", "deelnemers per geschikte {person}"},
      {"starters_meet_handbook_share:description",
       "deelnemers die voldoen aan de inclusieregel van de aanbieder over werkpotentieel"},
      {"starters_addiction_true_share:description",
       "deelnemers met een huidige of eerdere verslaving (werkelijk, niet zoals gemeld)"},
      {"dropouts:description", "deelnemers die uitvielen voordat ze het traject afrondden"},
      {"dropout_share:description", "uitvallers per deelnemer"},
      {"dropout_no_effort:description",
       "uitval: geen geloofwaardige inzet / komt niet meer opdagen / geen contact"},
      {"dropout_clinic:description", "uitval: langdurige opname in een verslavingskliniek"},
      {"dropout_custody:description", "uitval: terug in detentie (oude of nieuwe straf)"},
      {"dropout_other:description", "uitval: overig (kan geen 24 uur per week inzetten, ...)"},
      {"extra_work_months_true:description",
       "programma min dezelfde personen bij gebruikelijke zorg (werkelijk effect)"},
      {"extra_work_months_measured:description",
       "programma min de gematchte controlegroep (waarop het contract uitbetaalt)"},
      {"extra_work_months_true_per_starter:description", "werkelijke extra werkmaanden per deelnemer"},
      {"success_threshold_reached:description",
       "1 als de gemeten extra werkmaanden de succesdrempel voor uitbetaling halen"},
      {"full_ambition_reached:description", "1 als de gemeten extra werkmaanden de volledige ambitie halen"},
      {"payout_total:description", "totaal door de overheid aan de investeerders uitbetaald"},
      {"investor_multiple:description", "ontvangsten van de investeerders als veelvoud van hun investering"},
      {"investor_irr:description",
       "interne rentevoet (IRR) van de investeerders; een totaal verlies telt als -100 % (NaN: niets "
       "geïnvesteerd)"},
      {"investor_loss:description", "1 als de investeerders minder terugkrijgen dan ze investeerden"},
      {"investor_total_loss:description", "1 als de investeerders niets terugkrijgen"},
      {"government_net:description", "besparingen van de overheid min de uitbetaling"},
      {"cumulative_starters:description", "cumulatief aantal deelnemers op de eerste dag van elke maand"},
      {"caseload:description",
       "deelnemers in fase 1-3 (de caseload van de trajectbegeleiders) op de eerste dag van elke maand"},
      {"employed:description",
       "deelnemers aan het werk in elke maand (programmagroep, binnen hun meetperiode van 24 maanden)"},
  };
  // The other KPIs of the catalogue (kpi_catalogue.cpp), for the reports' tables.
  add(out, "nonstarters", "niet-starters",
      "geschikte {persons} die niet startten (zonder wie nog in de trechter zit)");
  add(out, "pending", "nog in de trechter", "nog in de trechter toen de simulatie eindigde");
  add(out, "starters_basic_share", "aandeel in het basisprogramma", "deelnemers in het basisprogramma");
  add(out, "starters_plus_share", "aandeel in het plusprogramma", "deelnemers in het plusprogramma");
  add(out, "starters_unrecorded_share", "aandeel met onbekend programma",
      "deelnemers van wie het programma niet is vastgelegd");
  add(out, "starters_female_share", "aandeel vrouwen", "deelnemers die vrouw zijn");
  add(out, "starters_addiction_reported_share", "aandeel met gemelde verslaving",
      "deelnemers die een huidige of eerdere verslaving melden");
  add(out, "starters_addiction_current_reported_share", "aandeel met gemelde huidige verslaving",
      "deelnemers die een huidige verslaving melden");
  add(out, "starters_psychiatric_reported_share", "aandeel met psychische klachten",
      "deelnemers met vastgelegde psychische klachten");
  add(out, "events", "gebeurtenissen", "verwerkte gebeurtenissen in de replicatie");
  add(out, "status_completed_share", "afgerond op de statusdatum",
      "op de statusdatum: actieve fasen afgerond (van wie gestart is)");
  add(out, "status_in_trajectory_share", "in een traject op de statusdatum",
      "op de statusdatum: nog in een traject");
  add(out, "status_dropped_out_share", "uitgevallen op de statusdatum", "op de statusdatum: uitgevallen");
  add(out, "employed_at_status_share", "aan het werk op de statusdatum",
      "deelnemers aan het werk op de statusdatum (programmagroep)");
  add(out, "sites_reaching_10pct", "{sites} met 10 % deelname",
      "{sites} waarvan de deelnemers minstens 10 % van de geschikte {persons} zijn (de verwachte deelname "
      "in een business case)");
  add(out, "evaluation_bias", "fout van de evaluatie (werkmaanden)",
      "gemeten min werkelijke extra werkmaanden: de fout van de evaluatie (ruis van de controlegroep, "
      "matching, selectie)");
  add(out, "matched_share", "controlepersonen per deelnemer",
      "omvang van de controlegroep per deelnemer: het aandeel deelnemers voor wie de evaluator een "
      "controlepersoon vond (twin, non_participants), de ingelote controlepersonen per deelnemer "
      "(randomised), 0 (baseline)");
  add(out, "success_threshold_reached_true", "succesdrempel op de werkelijke extra werkmaanden",
      "de werkelijke extra werkmaanden (programma tegenover dezelfde deelnemers bij gebruikelijke zorg) "
      "halen "
      "de betalingsdrempel: de kans zonder ruis en vertekening van de evaluatie");
  add(out, "dropout_after_work_share", "uitval na werk vinden",
      "van de uitvallers: het aandeel dat stopte nadat het werk had gevonden");
  add(out, "stable_job_share_at_status", "aandeel vaste baan op de statusdatum",
      "van de deelnemers aan het werk op de statusdatum: het aandeel met een vaste baan (direct contract)");
  add(out, "reduced_intensity_share", "aandeel met minder intensieve begeleiding",
      "deelnemers aangenomen boven de capaciteit van de trajectbegeleiders");
  add(out, "ambition_work_months", "ambitie (extra werkmaanden)",
      "de ambitie van het contract: extra werkmaanden per deelnemer \u00d7 aantal deelnemers");
  add(out, "payout_outcome", "uitbetaling voor werkmaanden", "uitbetaling voor gemeten extra werkmaanden");
  add(out, "payout_recidivism_bonus", "bonus voor minder recidive",
      "bonus voor een gemeten daling van de recidive");
  add(out, "government_savings", "besparingen van de overheid",
      "besparingen van de overheid door gemeten extra werk en minder recidive (kosten per eenheid "
      "aangenomen)");
  add_families(out, vocabulary);
  // The scenario's words ({sites}, {persons}, ...) in the texts above.
  for (auto& entry : out) entry.second = in_words(entry.second, vocabulary, "nl");
  return out;
}

std::vector<std::pair<std::string, std::string>> sib_metric_labels_nl(const PaymentParams& payment) {
  // The outcomes of payment metrics (kOutcomeMeasures' order), as Dutch phrases.
  static constexpr std::array<const char*, kOutcomeMeasures.size()> kOutcomeNl = {
      "werkmaanden",
      "duurzaam werk (18+ maanden)",
      "werk in een kwartaal",
      "werk in maand 12",
      "recidive",
      "dagen in detentie",
      "uitkering",
      "gestarte deelnemers"};
  Labels out;
  for (const PaymentMetric& m : contract_metrics(payment)) {
    const auto k = static_cast<std::size_t>(m.outcome);
    const bool less = kOutcomeMeasures[k].less_is_better;
    std::string what = kOutcomeNl[k];
    if (m.outcome == MetricOutcome::employed_quarter)
      what = fmt::format("werk in kwartaal {}", m.quarter.value_or(1));
    // The shorthand's payments have their own labels above.
    if (m.name != "outcome" && m.name != "recidivism_bonus")
      add(out, "payout_" + m.name, fmt::format("uitbetaling {}", m.name),
          fmt::format("betalingsmaatstaf {}: uitbetaling voor {}", m.name, what));
    const std::string direction = less ? "minder" : "meer";
    add(out, "metric_" + m.name + "_measured", fmt::format("{}: gemeten verschil", m.name),
        fmt::format("betalingsmaatstaf {}: {} {} dan de vergelijking, zoals gemeten", m.name, direction,
                    what));
    add(out, "metric_" + m.name + "_true", fmt::format("{}: werkelijk verschil", m.name),
        fmt::format(
            "betalingsmaatstaf {}: {} {} in het programma dan bij dezelfde deelnemers met gebruikelijke zorg",
            m.name, direction, what));
  }
  const std::size_t cohorts = payment.new_cohort_from.size() + 1;
  for (std::size_t c = 1; cohorts > 1 && c <= cohorts; ++c)
    add(out, fmt::format("payout_cohort_{}", c), fmt::format("uitbetaling cohort {}", c),
        fmt::format("uitbetaling voor de resultaten van cohort {}", c));
  if (cohorts > 1)
    add(out, "cohorts_reaching_threshold", "cohorten boven de drempel",
        "cohorten waarvan de eerste betalingsmaatstaf de drempel haalde");
  return out;
}

std::vector<std::pair<std::string, std::string>> sib_declared_labels_nl(const SibParams& params) {
  Labels out;
  const std::vector<Reason> reasons = reason_catalogue(params);
  for (std::size_t i = kOutcomeCount; i < reasons.size(); ++i) {
    const Reason& r = reasons[i];
    const std::string reason = r.label_nl.empty() ? r.label_en : r.label_nl;
    add(out, "reason_" + r.name, "niet gestart: " + reason, "niet-starters: " + reason);
    add(out, "reason_" + r.name + "_share", "aandeel niet gestart: " + reason,
        "aandeel van de niet-starters: " + reason);
  }
  for (const DeclaredAttribute& a : params.declared.attributes) {
    const std::string with = a.label_nl.empty() ? a.label_en : a.label_nl;
    add(out, "starters_" + a.name + "_share", "aandeel deelnemers: " + with, "deelnemers: " + with);
  }
  return out;
}

}  // namespace sibsim::models::sib
