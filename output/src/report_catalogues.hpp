#pragma once
// The reports' text catalogues (output/text/*.json, embedded at build time; report/words.hpp):
// one per report, plus the frame every page shares. Private to output/.

#include "sibsim/output/report/words.hpp"

namespace sibsim::output::detail {

const report::Words& page_words();         ///< text/page.json: header, footer, assumptions, shared phrases
const report::Words& run_words();          ///< text/run.json: the generic run report
const report::Words& chart_words();        ///< text/charts.json: the chart kit (fan, funnel, bars, spread)
const report::Words& compare_words();      ///< text/compare.json
const report::Words& sweep_words();        ///< text/sweep.json (with scenario discovery)
const report::Words& feasibility_words();  ///< text/feasibility.json
const report::Words& calibration_words();  ///< text/calibration.json
const report::Words& forecast_words();     ///< text/forecast.json

}  // namespace sibsim::output::detail
