// Dutch labels of the SIB's KPIs and series for `sibsim studio` (ModelPlugin::labels). The
// English labels are the KPI catalogue's (models/sib/src/kpi_catalogue.cpp).

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
      {"extra_work_months_true", "extra werkmaanden (werkelijk)"},
      {"extra_work_months_measured", "extra werkmaanden (gemeten)"},
      {"extra_work_months_true_per_starter", "extra werkmaanden per deelnemer"},
      {"success_threshold_reached", "kans op de succesdrempel"},
      {"full_ambition_reached", "kans op de volledige ambitie"},
      {"payout_total", "totale uitbetaling"},
      {"investor_multiple", "terugbetaling per geïnvesteerde euro"},
      {"investor_irr", "rendement investeerders per jaar"},
      {"government_net", "netto resultaat overheid"},
      {"cumulative_starters", "cumulatief aantal deelnemers"},
      {"caseload", "caseload trajectbegeleiders"},
      {"employed", "deelnemers aan het werk"},
  };
}

}  // namespace sibsim::models::sib
