// `sibsim new`'s template of a new SIB (models/sib/text/new-sib.yaml): it validates and runs as
// it is, and it names every scenario key the model has, so a new key cannot be left out of it
// unnoticed (a key set in the file, or named in a comment where setting it would be an error in
// the template's design, such as a randomised trial's allocation ratio).

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>

#include "sib_test_support.hpp"
#include "sibsim/models/sib/scenario.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

/// Every key path of a YAML tree, as help-config names them ("a.b", "list[].key").
void key_paths(const YAML::Node& node, const std::string& prefix, std::set<std::string>& out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      const std::string key =
          prefix.empty() ? kv.first.as<std::string>() : prefix + "." + kv.first.as<std::string>();
      out.insert(key);
      key_paths(kv.second, key, out);
    }
  } else if (node.IsSequence()) {
    for (const auto& item : node) key_paths(item, prefix + "[]", out);
  }
}

std::string comments(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (const auto hash = line.find('#'); hash != std::string::npos) out += line.substr(hash) + "\n";
  return out;
}

}  // namespace

TEST_CASE("new SIB template: validates, runs and names the scenario", "[models][template]") {
  const std::string text = sib_scenario_template("probation-sib");
  CHECK(text.find("{{name}}") == std::string::npos);
  const SibParams p = load_sib_scenario(scenarios::Document::from_string(text, "probation-sib.yaml"));
  CHECK(p.name == "probation-sib");
  const SibModel m(p);
  const test::Samples s = test::sample(m, 1, 20);
  // The made-up SIB the template describes: about 600 eligible persons, some of whom start.
  const double eligible = test::mean(s["eligible"]);
  INFO("eligible " << eligible);
  CHECK(eligible > 450);
  CHECK(eligible < 750);
  CHECK(test::mean(s["started"]) > 10);
}

TEST_CASE("new SIB template: every scenario key is in it", "[models][template]") {
  const std::string text = sib_scenario_template("t");
  std::set<std::string> set;
  key_paths(YAML::Load(text), "", set);
  const std::string notes = comments(text);
  for (const std::string& key : sib_scenario_keys()) {
    const std::string last = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    INFO("key " << key);
    CHECK((set.count(key) > 0 || notes.find(last) != std::string::npos));
  }
}
