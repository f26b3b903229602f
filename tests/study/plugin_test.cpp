// The plug-in seam: a scenario's `model:` key selects its plug-in (the first registered without
// one), an unknown model is a located error with a did-you-mean, both plug-ins load and run, and
// the KPI catalogue's groups reach the workflows.

#include <catch2/catch.hpp>

#include <string>

#include "sibsim/models/model_plugin.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
#include "test_plugins.hpp"

using sibsim::models::kpis_in_group;
using sibsim::scenarios::Document;
using sibsim::scenarios::ValidationErrors;
using sibsim::study::test::test_plugins;

namespace {

const char* kMmc = R"(model: mmc
name: small-queue
mmc: {arrival_rate: 2.0, service_rate: 1.0, servers: 3, warmup_days: 20, run_length_days: 200}
)";

std::string scenario_dir() { return SIBSIM_SCENARIO_DIR; }

}  // namespace

TEST_CASE("a scenario without model: is the default (first) plug-in's") {
  const Document doc = Document::from_file(scenario_dir() + "/wnd-2016-actual.yaml");
  CHECK(test_plugins().for_document(doc).name() == "sib");
  const auto s = test_plugins().load(doc);
  CHECK(s->name() == "wnd-2016-actual");
  // The resolved YAML names the model, so it reloads through the same plug-in.
  const Document again = Document::from_string(s->resolved_yaml(), "<resolved>");
  CHECK(again.scalar("model") == std::optional<std::string>("sib"));
  CHECK(test_plugins().load(again)->resolved_yaml() == s->resolved_yaml());
}

TEST_CASE("model: mmc selects the M/M/c plug-in, and it runs") {
  const Document doc = Document::from_string(kMmc, "queue.yaml");
  const auto s = test_plugins().load(doc);
  CHECK(test_plugins().for_document(doc).name() == "mmc");
  CHECK(s->name() == "small-queue");
  const auto kpis = s->model().kpis();
  REQUIRE(kpis.size() == 4);
  std::vector<double> row(kpis.size());
  s->model().run_replication(1, 0, row);
  CHECK(row[1] > 0.3);  // utilisation near rho = 2/3
  CHECK(row[1] < 1.0);
  CHECK(kpis_in_group(kpis, sibsim::models::kGroupSteering).size() == 4);
}

TEST_CASE("an unknown model is an error at the model key, with a did-you-mean") {
  const Document doc = Document::from_string("model: mcc\nname: x\n", "typo.yaml");
  try {
    (void)test_plugins().for_document(doc);
    FAIL("no error");
  } catch (const ValidationErrors& e) {
    REQUIRE(e.errors().size() == 1);
    const auto& err = e.errors().front();
    CHECK(err.file == "typo.yaml");
    CHECK(err.line == 1);
    CHECK(err.key_path == "model");
    CHECK(err.message.find("unknown model 'mcc'") != std::string::npos);
    CHECK(err.message.find("did you mean 'mmc'?") != std::string::npos);
  }
}

TEST_CASE("a plug-in's own schema errors come through the registry") {
  const Document doc = Document::from_string("model: mmc\nname: q\nmmc: {arrival_rate: -1}\n", "bad.yaml");
  CHECK_THROWS_AS(test_plugins().load(doc), ValidationErrors);
}

TEST_CASE("the SIB catalogue gives every group the workflows use, and labels with them") {
  const auto s = test_plugins().load(Document::from_file(scenario_dir() + "/wnd-2016-actual.yaml"));
  const auto kpis = s->model().kpis();
  for (const auto group :
       {sibsim::models::kGroupHeadline, sibsim::models::kGroupSteering, sibsim::models::kGroupTradeOff}) {
    INFO(group);
    CHECK_FALSE(kpis_in_group(kpis, group).empty());
  }
  for (const auto& k : kpis) {
    INFO(k.name);
    if (!k.groups.empty()) CHECK_FALSE(k.label.empty());
  }
  // Every KPI a derived sweep measure needs is one the model has.
  for (const auto& m : test_plugins().find("sib")->derived_measures(
           Document::from_file(scenario_dir() + "/wnd-2016-actual.yaml"))) {
    INFO(m.name);
    const auto has = [&](const std::string& n) {
      return std::any_of(kpis.begin(), kpis.end(), [&](const auto& k) { return k.name == n; });
    };
    CHECK(has(m.kpi));
    if (!m.denominator.empty()) CHECK(has(m.denominator));
  }
}

TEST_CASE("the registry refuses two plug-ins of one name") {
  sibsim::models::PluginRegistry r;
  r.add(sibsim::models::make_mmc_plugin());
  CHECK_THROWS_AS(r.add(sibsim::models::make_mmc_plugin()), std::logic_error);
}
