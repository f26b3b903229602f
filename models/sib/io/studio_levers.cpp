// The SIB's levers for `sibsim studio` (ModelPlugin::levers): what a steering group moves in a
// meeting (recruitment dates and target, each criterion and when it is dropped, each site's start
// and staff effort, extra recruitment staff, counsellors, phone coverage, the programme effect, the
// share of jobs at the contract's hours and the contract terms), in English and Dutch. The Dutch words follow
// the brief's sources (penitentiaire inrichting, trajectbegeleider, instroom, uitbetaling).

#include "studio_levers.hpp"

#include <fmt/core.h>

#include <array>
#include <utility>

#include "sibsim/models/sib/vocabulary.hpp"

namespace sibsim::models::sib {
namespace {

using Kind = Lever::Kind;

/// A lever of the scenario file at a fixed key path.
struct LeverEntry {
  const char* key;
  const char* label_en;
  const char* label_nl;
  const char* group;
  Kind kind;
  double min, max, step;
  const char* unit;
  const char* help_en;
  const char* help_nl;
  const char* default_value;  ///< when the key is absent from the file ("" = not set)
  bool optional;
  const char* mark;
};

// NOLINTBEGIN(cert-err58-cpp): constant tables
const LeverEntry kFixedLevers[] = {
    {"recruitment.start", "start of recruitment", "start van de werving", "recruitment", Kind::date, 0, 0, 0,
     "", "first day on which {sites} recruit", "eerste dag waarop de {sites} werven", "", false, ""},
    {"recruitment.end", "end of recruitment", "einde van de werving", "recruitment", Kind::date, 0, 0, 0, "",
     "first day without recruitment (the deadline for the target)",
     "eerste dag zonder werving (de einddatum voor het doel)", "", false, "deadline"},
    {"recruitment.target_starters", "target number of starters", "beoogd aantal deelnemers", "recruitment",
     Kind::integer, 1, 100000, 1, "persons", "starters the contract asks for",
     "aantal deelnemers dat het contract vraagt", "", false, "target"},
    {"recruitment.approach_probability[0].value", "approach chance ({site_staff})",
     "kans op benadering ({site_staff})", "staff", Kind::number, 0, 1, 0.01, "fraction",
     "chance that {site_staff} give an eligible {person} a first talk or flyer",
     "kans dat {site_staff} een {person} een eerste gesprek of folder geven", "", false, ""},
    {"recruitment.approach_probability[1].value", "approach chance after extra staff",
     "kans op benadering na extra personeel", "staff", Kind::number, 0, 1, 0.01, "fraction",
     "the same chance from the second step of the schedule (extra recruitment staff)",
     "dezelfde kans vanaf de tweede stap van het schema (extra wervingspersoneel)", "", false, ""},
    {"counsellors.fte[0].value", "counsellors (FTE)", "trajectbegeleiders (fte)", "staff", Kind::number, 0,
     100, 0.5, "FTE", "counsellors' full-time equivalents at the start",
     "fte trajectbegeleiders bij de start", "", false, ""},
    {"counsellors.wind_down.fte", "counsellors after the reduction (FTE)",
     "trajectbegeleiders na de afbouw (fte)", "staff", Kind::number, 0, 100, 0.5, "FTE",
     "counsellors' FTE from the wind-down after recruitment ends",
     "fte trajectbegeleiders vanaf de afbouw na het einde van de werving", "", false, ""},
    {"attributes.phone_known.prevalence", "phone number known", "telefoonnummer bekend", "programme",
     Kind::number, 0, 1, 0.01, "fraction", "share of {persons} whose phone number is known at release",
     "aandeel {persons} van wie bij vrijlating een telefoonnummer bekend is", "", false, ""},
    {"work.programme_effect", "programme effect on job finding", "effect van het programma op werk vinden",
     "programme", Kind::number, 0, 10, 0.05, "ratio", "job-finding rate in the programme / care as usual",
     "kans op werk in het programma / gebruikelijke zorg", "", false, ""},
    {"work.jobs.contract_hours_share", "jobs at the contract's hours (care as usual)",
     "banen van de vereiste omvang (gebruikelijke zorg)", "programme", Kind::number, 0, 1, 0.05, "fraction",
     "share of the jobs found under care as usual whose months count for the contract (WnD: 24 h/week or "
     "more); the payout hinges on it",
     "aandeel van de banen bij gebruikelijke zorg waarvan de maanden meetellen voor het contract (WnD: "
     "minstens 24 uur per week); de uitbetaling hangt er sterk van af",
     "", false, ""},
    {"work.jobs.contract_hours_share_in_programme", "jobs at the contract's hours (programme)",
     "banen van de vereiste omvang (programma)", "programme", Kind::number, 0, 1, 0.05, "fraction",
     "the same share for the jobs found while in the programme",
     "hetzelfde aandeel voor banen gevonden tijdens het programma", "", false, ""},
    {"payment.price_per_work_month", "price per extra work-month", "prijs per extra werkmaand", "contract",
     Kind::number, 0, 100000, 50, "EUR", "what the government pays per measured extra work-month",
     "wat de overheid per gemeten extra werkmaand betaalt", "", false, ""},
    {"payment.threshold_share", "success threshold", "succesdrempel", "contract", Kind::number, 0, 1, 0.05,
     "fraction", "share of the ambition below which nothing is paid",
     "aandeel van de ambitie waaronder niets wordt uitbetaald", "", false, ""},
    {"payment.cap", "payment cap", "maximale uitbetaling", "contract", Kind::number, 0, 1e9, 10000, "EUR",
     "most the government pays in all", "het meeste dat de overheid in totaal betaalt", "", false, ""},
};

/// The selection criteria of the scenario file (criteria.<name>).
struct CriterionEntry {
  const char* name;
  const char* label_en;
  const char* label_nl;
};
const CriterionEntry kCriteria[] = {
    {"no_bsn", "no citizen service number", "geen burgerservicenummer"},
    {"persistent_offender", "persistent offender", "veelpleger (ISD)"},
    {"age_over_65", "older than 65", "ouder dan 65"},
    {"no_residence_prospect", "no residence prospect", "geen verblijfsperspectief"},
    {"insufficient_dutch", "needs an interpreter", "tolk nodig"},
    {"unfit_for_work", "unfit for work", "arbeidsongeschikt"},
    {"no_work_motivation", "no motivation to work", "geen motivatie om te werken"},
    {"addiction_psychiatric", "addiction or psychiatric problems", "verslaving of psychiatrische problemen"},
    {"work_potential", "work-potential rule", "regel arbeidspotentieel"},
};

struct GroupEntry {
  const char* group;
  const char* en;
  const char* nl;
};
const GroupEntry kGroups[] = {
    {"recruitment", "Recruitment", "Werving"}, {"criteria", "Selection criteria", "Selectiecriteria"},
    {"sites", "{sites}", "{sites}"},           {"staff", "Staff", "Personeel"},
    {"programme", "Programme", "Programma"},   {"contract", "Contract", "Contract"},
};
// NOLINTEND(cert-err58-cpp)

std::string group_label(std::string_view group, bool dutch) {
  for (const GroupEntry& g : kGroups)
    if (group == g.group) return dutch ? g.nl : g.en;
  return std::string(group);
}

Lever make_lever(const scenarios::Document& doc, std::string key, std::string label, std::string group,
                 Kind kind, bool dutch) {
  Lever l;
  l.key = std::move(key);
  l.label = std::move(label);
  l.group_label = group_label(group, dutch);
  l.group = std::move(group);
  l.kind = kind;
  l.value = doc.scalar(l.key).value_or("");
  return l;
}

/// A number lever: its range, unit and help, and the value shown when the file does not set it.
struct NumberSpec {
  double min, max, step;
  const char* unit;
  const char* fallback;
};
Lever number_lever(const scenarios::Document& doc, std::string key, std::string label, std::string group,
                   const NumberSpec& spec, std::string help, bool dutch) {
  Lever l = make_lever(doc, std::move(key), std::move(label), std::move(group), Kind::number, dutch);
  if (l.value.empty()) l.value = spec.fallback;
  l.min = spec.min;
  l.max = spec.max;
  l.step = spec.step;
  l.unit = spec.unit;
  l.help = std::move(help);
  return l;
}

/// A built-in criterion on an attribute the scenario leaves out, and not given itself (its section
/// is then not in the scenario: load_sib_scenario).
bool left_out_with_its_attribute(const scenarios::Document& doc, std::string_view criterion) {
  for (const AttributeCriterion& ac : kAttributeCriteria)
    if (criterion == ac.key)
      return !doc.location(fmt::format("criteria.{}", ac.key)) &&
             !doc.location(fmt::format("attributes.{}", kFlagNames[static_cast<std::size_t>(ac.flag)]));
  return false;
}

/// The vocabulary a scenario file sets (defaults for what it does not), read from the file alone.
Vocabulary vocabulary_of(const scenarios::Document& doc) {
  Vocabulary v;
  for (auto [key, term] :
       {std::pair{"site", &v.site}, std::pair{"sites", &v.sites}, std::pair{"site_staff", &v.site_staff},
        std::pair{"person", &v.person}, std::pair{"persons", &v.persons},
        std::pair{"referral_lists", &v.referral_lists}}) {
    term->en = doc.scalar(fmt::format("vocabulary.{}.en", key)).value_or(term->en);
    term->nl = doc.scalar(fmt::format("vocabulary.{}.nl", key)).value_or(term->nl);
  }
  v.currency = doc.scalar("vocabulary.currency").value_or(v.currency);
  return v;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> sib_criteria(std::string_view lang) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const CriterionEntry& c : kCriteria) out.emplace_back(c.name, lang == "nl" ? c.label_nl : c.label_en);
  return out;
}

std::vector<Lever> sib_levers(const scenarios::Document& doc, std::string_view lang) {
  const bool dutch = lang == "nl";
  std::vector<Lever> levers;
  for (const LeverEntry& e : kFixedLevers) {
    // A schedule step the scenario does not have (one FTE step only) is no lever.
    if (!doc.location(e.key)) continue;
    Lever l = make_lever(doc, e.key, dutch ? e.label_nl : e.label_en, e.group, e.kind, dutch);
    if (l.value.empty()) l.value = e.default_value;
    l.min = e.min;
    l.max = e.max;
    l.step = e.step;
    l.unit = e.unit;
    l.help = dutch ? e.help_nl : e.help_en;
    l.optional = e.optional;
    l.mark = e.mark;
    levers.push_back(std::move(l));
  }
  for (const CriterionEntry& c : kCriteria) {
    const std::string base = fmt::format("criteria.{}", c.name);
    if (left_out_with_its_attribute(doc, c.name)) continue;
    Lever active =
        make_lever(doc, base + ".active", dutch ? c.label_nl : c.label_en, "criteria", Kind::boolean, dutch);
    if (active.value.empty()) active.value = "true";
    active.help = dutch ? "het criterium wordt toegepast" : "the criterion is applied";
    levers.push_back(std::move(active));
    Lever dropped = make_lever(
        doc, base + ".dropped_from",
        fmt::format("{} {}", dutch ? c.label_nl : c.label_en, dutch ? "- vervalt vanaf" : "- dropped from"),
        "criteria", Kind::date, dutch);
    dropped.optional = true;
    dropped.help = dutch ? "leeg: het criterium vervalt nooit" : "empty: never dropped";
    levers.push_back(std::move(dropped));
  }
  // The scenario's declared criteria (on or off, dropped from a date) and reasons (their chance).
  const auto label_of = [&](const std::string& key) {
    const std::string name = doc.scalar(key + ".name").value_or(key);
    if (dutch)
      if (auto nl = doc.scalar(key + ".label.nl"); nl && !nl->empty()) return *nl;
    return doc.scalar(key + ".label.en").value_or(name);
  };
  for (std::size_t i = 0; doc.location(fmt::format("declared.criteria[{}]", i)); ++i) {
    const std::string key = fmt::format("declared.criteria[{}]", i), label = label_of(key);
    Lever active = make_lever(doc, key + ".active", label, "criteria", Kind::boolean, dutch);
    if (active.value.empty()) active.value = "true";
    active.help = dutch ? "het criterium wordt toegepast" : "the criterion is applied";
    levers.push_back(std::move(active));
    Lever dropped = make_lever(doc, key + ".dropped_from",
                               fmt::format("{} {}", label, dutch ? "- vervalt vanaf" : "- dropped from"),
                               "criteria", Kind::date, dutch);
    dropped.optional = true;
    dropped.help = dutch ? "leeg: het criterium vervalt nooit" : "empty: never dropped";
    levers.push_back(std::move(dropped));
  }
  for (std::size_t i = 0; doc.location(fmt::format("declared.reasons[{}]", i)); ++i) {
    const std::string key = fmt::format("declared.reasons[{}]", i);
    levers.push_back(number_lever(doc, key + ".probability",
                                  fmt::format("{}: {}", label_of(key), dutch ? "kans" : "chance"),
                                  "recruitment", {0, 1, 0.01, "fraction", "0"},
                                  dutch ? "kans dat iemand in deze fase om deze reden afvalt"
                                        : "chance that a person at this stage is lost for this reason",
                                  dutch));
  }
  for (std::size_t i = 0; doc.location(fmt::format("prisons[{}]", i)); ++i) {
    const std::string key = fmt::format("prisons[{}]", i);
    const std::string name = doc.scalar(key + ".name").value_or(key);
    Lever start = make_lever(doc, key + ".start", fmt::format("{}: start", name), "sites", Kind::date, dutch);
    start.help = dutch ? "eerste dag waarop deze {site} werft" : "first day of recruitment in this {site}";
    levers.push_back(std::move(start));
    levers.push_back(number_lever(doc, key + ".approach_factor",
                                  fmt::format("{}: {}", name, dutch ? "inzet personeel" : "staff effort"),
                                  "sites", {0, 3, 0.05, "ratio", "1"},
                                  dutch ? "vermenigvuldigt de kans op benadering in deze {site}"
                                        : "multiplies the approach chance in this {site}",
                                  dutch));
  }
  // A contract written as payment metrics: each metric's price (unless it has tiers) and threshold.
  const std::string currency = vocabulary_of(doc).currency;
  for (std::size_t i = 0; doc.location(fmt::format("payment.metrics[{}]", i)); ++i) {
    const std::string key = fmt::format("payment.metrics[{}]", i);
    const std::string name = doc.scalar(key + ".name").value_or(key);
    if (!doc.location(key + ".tiers"))
      levers.push_back(number_lever(doc, key + ".price",
                                    fmt::format("{}: {}", name, dutch ? "prijs" : "price"), "contract",
                                    {0, 1e6, 10, currency.c_str(), "0"},
                                    dutch ? "wat de overheid per eenheid of procentpunt betaalt"
                                          : "what the government pays per unit or percentage point",
                                    dutch));
    levers.push_back(
        number_lever(doc, key + ".threshold", fmt::format("{}: {}", name, dutch ? "drempel" : "threshold"),
                     "contract", {0, 100, 0.1, "per participant", "0"},
                     dutch ? "verschil per deelnemer (of procentpunten) waaronder niets wordt betaald"
                           : "difference per participant (or points) below which nothing is paid",
                     dutch));
  }
  // The scenario's words for sites, their staff and eligible persons (vocabulary.hpp).
  const Vocabulary words = vocabulary_of(doc);
  for (Lever& l : levers) {
    l.label = in_words(l.label, words, lang);
    l.help = in_words(l.help, words, lang);
    l.group_label = in_words(l.group_label, words, lang);
  }
  return levers;
}

}  // namespace sibsim::models::sib
