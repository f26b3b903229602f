#pragma once
/// \file report.hpp
/// The report kit in one include, for a model's run-report sections (report_sections.hpp):
/// RunReportData (run_data.hpp), ReportPage (page.hpp), the ready-made fan chart, funnel and
/// histogram pieces (sections.hpp), the chart builders (charts.hpp) and the words and numbers
/// for people (text.hpp).

#include "sibsim/output/report/charts.hpp"
#include "sibsim/output/report/page.hpp"
#include "sibsim/output/report/run_data.hpp"
#include "sibsim/output/report/sections.hpp"
#include "sibsim/output/report/text.hpp"
#include "sibsim/output/report_sections.hpp"
