// `sibsim forecast` (study/src/forecast_command.cpp): the Gamma-Poisson update and its
// negative-binomial predictive reproduced by the SIB model's own simulation (issue 19's "done
// when"), and the strict reading of observed-data files (observed_recruitment.hpp).

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "observed_recruitment.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/engine/rng.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "site_posterior.hpp"
#include "test_plugins.hpp"

using namespace sibsim;
using namespace sibsim::study;

namespace {

double day(const char* iso) { return static_cast<double>(*engine::parse_days(iso)); }

std::filesystem::path write_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / ("sibsim-forecast-test-" + name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("the conjugate update: shape + observed, rate + exposure; fixed rates stay fixed", "[forecast]") {
  const GammaPosterior p = gamma_poisson_update(10.0, 75.0, 60.0);
  CHECK(p.shape == 70.0);
  CHECK(p.rate == 85.0);
  CHECK(p.mean() == Approx(70.0 / 85.0));
  CHECK(p.quantile(0.05) < p.mean());
  CHECK(p.quantile(0.95) > p.mean());
  CHECK(p.predictive_variance(30.0) == Approx(p.mean() * 30 + 70.0 * 900 / (85.0 * 85.0)));
  const GammaPosterior fixed = gamma_poisson_update(INFINITY, 75.0, 60.0);
  CHECK(fixed.fixed());
  CHECK(fixed.mean() == 1.0);
  CHECK(fixed.predictive_variance(30.0) == 30.0);  // Poisson
}

// The test: a PI that listed fewer than expected gets the posterior Gamma(k + N, k + E);
// the scenario with that posterior (the plug-in's overrides) must list, after the as-of date,
// a negative binomial count with the closed-form mean a F / b and variance a F / b + a F^2 / b^2.
TEST_CASE("the SIB model draws a PI's future listings from the negative-binomial predictive", "[forecast]") {
  const auto& plugin = test::test_plugins().default_plugin();
  const scenarios::Document doc = scenarios::Document::from_file(SIBSIM_SCENARIO_DIR "/wnd-2016-actual.yaml");
  const auto plan = plugin.load(doc);
  const auto sites = plan->recruitment_sites();
  REQUIRE(sites.has_value());
  REQUIRE(sites->counts.front() == "eligible");
  const std::size_t pi = 0;  // Dordrecht: recruits from the start to the end
  const double start = day("2016-05-01"), as_of = day("2017-02-01"), end = day("2017-08-01");
  const std::vector<double> edges{start, as_of, end};
  const auto exposure = plan->site_exposure(edges);
  REQUIRE(exposure.size() == sites->sites.size());
  const double past = exposure[pi][0], future = exposure[pi][1];
  REQUIRE(past > 50.0);
  REQUIRE(future > 20.0);
  // Observed: 30 % fewer than expected.
  const GammaPosterior post =
      gamma_poisson_update(sites->sites[pi].gamma_shape, past, std::round(0.7 * past));
  std::vector<double> shape(sites->sites.size(), INFINITY), rate(sites->sites.size(), INFINITY);
  shape[pi] = post.shape;
  rate[pi] = post.rate;
  const auto overrides = plan->site_rate_overrides(shape, rate);
  REQUIRE(overrides.size() == 2);  // that PI's inflow and Gamma shape; the others untouched
  const models::sib::SibParams params = models::sib::load_sib_scenario(doc.with_overrides(overrides));
  REQUIRE(params.prisons[pi].gamma_shape.has_value());

  const models::sib::PopulationGenerator population(params);
  constexpr int kReps = 20000;
  std::vector<models::sib::Person> persons;
  double sum = 0, sum2 = 0;
  for (int r = 0; r < kReps; ++r) {
    persons.clear();
    population.generate(engine::StreamFactory(99, static_cast<std::uint64_t>(r)), persons);
    double n = 0;
    for (const auto& p : persons) n += p.prison == pi && p.listed >= as_of && p.listed < end ? 1.0 : 0.0;
    sum += n;
    sum2 += n * n;
  }
  const double mean = sum / kReps;
  const double var = (sum2 - kReps * mean * mean) / (kReps - 1);
  const double want_mean = post.predictive_mean(future);
  const double want_var = post.predictive_variance(future);
  INFO("mean " << mean << " (closed form " << want_mean << "), variance " << var << " (closed form "
               << want_var << "), Poisson alone " << want_mean);
  // 4 standard errors of the mean; the sample variance within 8 % (its standard error is about
  // 1.1 % here: sqrt(2 / n) with the negative binomial's small excess kurtosis).
  CHECK(std::abs(mean - want_mean) < 4.0 * std::sqrt(want_var / kReps));
  CHECK(std::abs(var / want_var - 1.0) < 0.08);
  // The check can fail: a Poisson count without the posterior's spread is far outside it.
  CHECK(std::abs(want_mean / want_var - 1.0) > 0.2);
  // And the update moved the mean: the prior would list `future` on average.
  CHECK(std::abs(mean - future) > 4.0 * std::sqrt(want_var / kReps));
}

TEST_CASE("observed-data files are read strictly: every problem at its line and column", "[forecast]") {
  models::RecruitmentSites sites;
  sites.sites = {{"Dordrecht", 10.0}, {"Krimpen aan den IJssel", 10.0}};
  sites.counts = {"eligible", "approached", "selected", "started"};
  sites.target_count = "started";
  const std::int64_t as_of = engine::month_number(2016, 8);

  SECTION("a good file, quoted names and comments, optional columns left out") {
    const auto path = write_file("good.csv",
                                 "# recorded by the coordinator\n"
                                 "month,site,eligible,started\n"
                                 "2016-06,Dordrecht,12,0\n"
                                 "2016-07,\"Krimpen aan den IJssel\",9,1\n");
    const ObservedRecruitment obs = read_observed_recruitment(path.string(), sites, as_of);
    REQUIRE(obs.rows.size() == 2);
    CHECK(obs.rows[1].site == 1);
    CHECK(obs.rows[1].counts[3] == 1.0);
    CHECK(std::isnan(obs.rows[1].counts[1]));  // approached not given
    CHECK(obs.has_count == std::vector<bool>{true, false, false, true});
  }
  SECTION("every bad cell is reported, all at once") {
    const auto path = write_file("bad.csv",
                                 "month,site,eligible,started,aproached\n"
                                 "2016-13,Dordrecht,1,0,0\n");
    try {
      (void)read_observed_recruitment(path.string(), sites, as_of);
      FAIL("accepted");
    } catch (const scenarios::ValidationErrors& e) {
      const std::string what = e.what();
      CHECK(what.find("did you mean 'approached'") != std::string::npos);
      CHECK(e.errors().front().line == 1);
      CHECK(e.errors().front().column == 29);  // the column where "aproached" starts
    }
    const auto rows = write_file("rows.csv",
                                 "month,site,eligible,started\n"
                                 "2016-13,Dordrecht,1,0\n"
                                 "2016-06,Dordrect,1,0\n"
                                 "2016-06,Dordrecht,-1,0\n"
                                 "2016-06,Dordrecht,2.5,0\n"
                                 "2016-08,Dordrecht,1,0\n"
                                 "2016-07,Dordrecht,1\n");
    try {
      (void)read_observed_recruitment(rows.string(), sites, as_of);
      FAIL("accepted");
    } catch (const scenarios::ValidationErrors& e) {
      const std::string what = e.what();
      CHECK(e.errors().size() == 6);
      CHECK(what.find("'2016-13' is not a month") != std::string::npos);
      CHECK(what.find("did you mean 'Dordrecht'") != std::string::npos);
      CHECK(what.find("'-1' is not a count") != std::string::npos);
      CHECK(what.find("'2.5' is not a count") != std::string::npos);
      CHECK(what.find("not before the as-of date") != std::string::npos);
      CHECK(what.find("2 fields, but the header has 4") == std::string::npos);
      CHECK(what.find("3 fields, but the header has 4") != std::string::npos);
    }
  }
  SECTION("a site-month twice, a missing required column, running totals out of funnel order") {
    const auto twice = write_file(
        "twice.csv", "month,site,eligible,started\n2016-06,Dordrecht,1,0\n2016-06,Dordrecht,2,0\n");
    CHECK_THROWS_WITH(read_observed_recruitment(twice.string(), sites, as_of),
                      Catch::Contains("given twice (first on line 2)"));
    const auto no_target = write_file("notarget.csv", "month,site,eligible\n2016-06,Dordrecht,1\n");
    CHECK_THROWS_WITH(read_observed_recruitment(no_target.string(), sites, as_of),
                      Catch::Contains("no column 'started' (required)"));
    // 3 started by July out of 2 eligible: impossible (month by month it could look fine).
    const auto order = write_file(
        "order.csv", "month,site,eligible,started\n2016-06,Dordrecht,2,1\n2016-07,Dordrecht,0,2\n");
    CHECK_THROWS_WITH(read_observed_recruitment(order.string(), sites, as_of),
                      Catch::Contains("running totals must keep the funnel's order"));
  }
}

// The SIB's remedies (models/sib/io/forecast_remedies.cpp): every candidate loads, and each does
// what its label says from the as-of date on.
TEST_CASE("the SIB's remedies load and change what they say from the as-of date", "[forecast]") {
  const auto& plugin = test::test_plugins().default_plugin();
  const scenarios::Document doc = scenarios::Document::from_file(SIBSIM_SCENARIO_DIR "/wnd-2016-actual.yaml");
  const auto plan = plugin.load(doc);
  const double as_of = day("2017-02-01");
  const auto remedies = plan->remedies(as_of, "en");
  const auto find = [&](const std::string& name) -> const models::Remedy* {
    for (const auto& r : remedies)
      if (r.name == name) return &r;
    return nullptr;
  };
  const models::sib::SibParams base = models::sib::load_sib_scenario(doc);
  for (const auto& r : remedies) {
    REQUIRE(r.values.size() == r.overrides.size());
    for (const auto& o : r.overrides) CHECK_NOTHROW(plugin.load(doc.with_overrides(o)));
  }
  const models::Remedy* extend = find("extend");
  REQUIRE(extend != nullptr);
  CHECK(extend->moves_deadline);
  CHECK(extend->values.front() == "2017-09-01");  // a month past the end (2017-08-01)
  CHECK(extend->values.size() == 12);

  const models::Remedy* sites = find("extra_sites");
  REQUIRE(sites != nullptr);
  const auto with3 = models::sib::load_sib_scenario(doc.with_overrides(sites->overrides[2]));
  REQUIRE(with3.prisons.size() == base.prisons.size() + 3);
  for (std::size_t i = 0; i < base.prisons.size(); ++i) {  // the PIs there were are unchanged
    CHECK(with3.prisons[i].name == base.prisons[i].name);
    CHECK(with3.prisons[i].start == base.prisons[i].start);
    CHECK(with3.prisons[i].stop == base.prisons[i].stop);
    CHECK(with3.prisons[i].inflow_per_month == base.prisons[i].inflow_per_month);
    CHECK(with3.prisons[i].women == base.prisons[i].women);
  }
  CHECK(with3.prisons.back().start == as_of);
  std::vector<double> mens;  // a new PI takes the median men's PI's inflow
  for (const auto& pi : base.prisons)
    if (!pi.women) mens.push_back(pi.inflow_per_month);
  std::sort(mens.begin(), mens.end());
  CHECK(with3.prisons.back().inflow_per_month == Approx(mens[mens.size() / 2]));

  const models::Remedy* approach = find("approach");
  REQUIRE(approach != nullptr);
  const auto raised = models::sib::load_sib_scenario(doc.with_overrides(approach->overrides.front()));
  CHECK(models::sib::step_at(raised.recruitment.approach_probability, as_of - 1, 0) ==
        models::sib::step_at(base.recruitment.approach_probability, as_of - 1, 0));
  CHECK(models::sib::step_at(raised.recruitment.approach_probability, as_of, 0) ==
        Approx(models::sib::step_at(base.recruitment.approach_probability, as_of, 0) + 0.05));

  // Criteria already dropped before the as-of date (addiction, work potential) offer nothing.
  CHECK(find("drop_addiction_psychiatric") == nullptr);
  CHECK(find("drop_work_potential") == nullptr);
  const models::Remedy* motivation = find("drop_no_work_motivation");
  REQUIRE(motivation != nullptr);
  const auto dropped = models::sib::load_sib_scenario(doc.with_overrides(motivation->overrides.front()));
  CHECK(dropped.criteria.no_work_motivation.applies(as_of - 1));
  CHECK_FALSE(dropped.criteria.no_work_motivation.applies(as_of));
}
