#pragma once
// The words of the SIB's report sections (models/sib/text/report.json, embedded at build time;
// sibsim/output/report/words.hpp says how a catalogue works).

#include "sibsim/output/report/words.hpp"

namespace sibsim::models::sib {

/// text/report.json, parsed on first use.
const output::report::Words& sib_report_words();

}  // namespace sibsim::models::sib
