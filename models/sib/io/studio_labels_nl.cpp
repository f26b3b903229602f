// Dutch labels of the SIB's KPIs and series for `sibsim studio` and the Dutch reports
// (ModelPlugin::labels): name -> label, and "name:description" -> description (the reports' key
// figures; the studio looks labels up by name only). The English words are the KPI catalogue's
// (models/sib/src/kpi_catalogue.cpp) and sib_model.cpp's for the families.

#include "studio_levers.hpp"

namespace sibsim::models::sib {

std::vector<std::pair<std::string, std::string>> sib_labels(std::string_view lang) {
  if (lang != "nl") return {};
  return {
      {"eligible", "geschikte gedetineerden"},
      {"approached", "benaderd"},
      {"interviewed", "intakegesprekken"},
      {"selected", "geselecteerd"},
      {"started", "deelnemers (gestart)"},
      {"started_by_deadline", "gestart voor de einddatum"},
      {"reached_target", "kans het doel te halen"},
      {"days_to_target", "dagen tot het doel"},
      {"participation_rate", "deelnamegraad"},
      {"starters_meet_handbook_share", "aandeel deelnemers volgens het handboek"},
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
      {"investor_multiple", "terugbetaling per geïnvesteerde euro"},
      {"investor_irr", "rendement investeerders per jaar"},
      {"investor_loss", "kans op verlies voor de investeerders"},
      {"investor_total_loss", "kans op totaal verlies voor de investeerders"},
      {"government_net", "netto resultaat overheid"},
      {"cumulative_starters", "cumulatief aantal deelnemers"},
      {"caseload", "caseload trajectbegeleiders"},
      {"employed", "deelnemers aan het werk"},
      // Descriptions (the reports' key figures).
      {"eligible:description", "gedetineerden op de lijsten van DJI van de deelnemende PI's"},
      {"approached:description", "kreeg een eerste gesprek of een flyer van medewerkers van de PI"},
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
      {"participation_rate:description", "deelnemers per geschikte gedetineerde"},
      {"starters_meet_handbook_share:description",
       "deelnemers die voldoen aan de inclusiecriteria van het handboek"},
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
      {"investor_multiple:description", "ontvangsten van de investeerders per geïnvesteerde euro"},
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
}

}  // namespace sibsim::models::sib
