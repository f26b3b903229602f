// Property (issue 13, classes 5 and 6): whatever the scenario loader accepts runs, bounded.
// A generator with a fixed seed mutates the shipped scenarios (values at the edges of the ranges,
// zeros, huge and tiny numbers, all-zero and resized vectors, extreme dates, swapped min/max
// pairs, empty lists) and requires for every mutant: either the loader refuses it with
// ValidationErrors, or its expected work is within the cap and one replication runs without an
// exception, without an infinite KPI, with every funnel count defined, within seconds.

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "sib_test_support.hpp"
#include "sibsim/engine/date.hpp"
#include "sibsim/models/model_plugin.hpp"
#include "sibsim/models/sib/population.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"

using namespace sibsim;
using namespace sibsim::models::sib;

namespace {

constexpr std::uint64_t kGeneratorSeed = 20261205;
constexpr int kMutants = 600;
// Mutants that draw more detainees than this are checked against the cap but not run (a
// replication of the cap's 1e7 takes seconds; the test must stay fast).
constexpr double kRunAtMost = 3e5;
constexpr double kSecondsPerReplication = 10;

struct Leaf {
  std::string path;
  std::string value;     // scalar text ("" for a list of scalars)
  std::size_t size = 0;  // elements of a list of scalars
  bool scalar_list = false;
  bool sequence = false;  // any list (for "[]")
};

void collect(const YAML::Node& n, const std::string& path, std::vector<Leaf>& out) {
  if (n.IsMap()) {
    for (const auto& kv : n) {
      const std::string key = kv.first.as<std::string>();
      collect(kv.second, path.empty() ? key : path + "." + key, out);
    }
  } else if (n.IsSequence()) {
    bool scalars = true;
    for (const auto& e : n) scalars = scalars && e.IsScalar();
    out.push_back({path, "", n.size(), scalars, true});
    if (!scalars)
      for (std::size_t i = 0; i < n.size(); ++i) collect(n[i], path + "[" + std::to_string(i) + "]", out);
  } else if (n.IsScalar()) {
    out.push_back({path, n.Scalar(), 0, false, false});
  }
}

bool is_date(const std::string& s) { return s.size() == 10 && engine::parse_date(s).has_value(); }

bool is_number(const std::string& s) {
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : rng_(seed) {}

  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  double uniform(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng_); }

  /// A number at an edge: the schema's range limits, zero, tiny and huge, or the original scaled.
  std::string number(const std::string& original) {
    static const char* kEdges[] = {
        "0",   "-0.0", "-1",  "1e-300", "1e-9", "0.1",   "0.5",    "0.99",  "1",        "2",        "24",
        "60",  "100",  "101", "120",    "365",  "520",   "1000",   "1001",  "1200",     "3650",     "10000",
        "1e5", "1e6",  "1e7", "1e9",    "1e12", "1e300", "-1e300", "-0.99", "0.999999", "1.000001", "5e-324"};
    switch (pick(3)) {
      case 0:
        return kEdges[pick(std::size(kEdges))];
      case 1: {
        const double v = is_number(original) ? std::strtod(original.c_str(), nullptr) : 1.0;
        return fmt_double(v * std::pow(10.0, uniform(-4, 4)));
      }
      default:
        return std::to_string(static_cast<long long>(pick(200)));  // integers
    }
  }

  std::string date(const std::string& original) {
    static const char* kEdges[] = {"1900-01-01", "1971-12-31", "1972-01-01", "1999-12-31", "2016-05-01",
                                   "2017-08-01", "2040-01-01", "2190-12-31", "2191-01-01", "2200-12-31"};
    if (pick(2) == 0) return kEdges[pick(std::size(kEdges))];
    const engine::Date d = engine::parse_date(original).value_or(engine::Date{2016, 5, 1});
    const double day = static_cast<double>(engine::to_days(d)) + std::round(uniform(-4000, 4000));
    engine::Date m = engine::from_clock(day);
    if (m.year < 1900 || m.year > 2200) m = d;
    return engine::to_string(m);
  }

  std::string vector(const Leaf& leaf) {
    std::size_t n = leaf.size;
    if (pick(5) == 0) n = pick(2) == 0 ? (n > 0 ? n - 1 : 0) : n + 1;  // wrong length
    const int mode = static_cast<int>(pick(4));
    std::string s = "[";
    for (std::size_t i = 0; i < n; ++i) {
      if (i) s += ", ";
      switch (mode) {
        case 0:
          s += "0";
          break;  // all zero
        case 1:
          s += i == 0 ? "1" : "0";
          break;  // one category only
        case 2:
          s += number("1");
          break;  // edges
        default:
          s += fmt_double(uniform(0, 1));
          break;  // plausible
      }
    }
    return s + "]";
  }

  std::vector<scenarios::Override> mutate(const std::vector<Leaf>& leaves) {
    std::vector<Leaf> vectors;
    for (const Leaf& l : leaves)
      if (l.scalar_list) vectors.push_back(l);
    std::vector<scenarios::Override> ov;
    const std::size_t count = 1 + pick(3);
    for (std::size_t k = 0; k < count; ++k) {
      // A third of the mutations hit a vector (category shares, multipliers by group), the
      // scalars are many more.
      const Leaf& leaf = pick(3) == 0 ? vectors[pick(vectors.size())] : leaves[pick(leaves.size())];
      if (leaf.path == "model" || leaf.path == "name" || leaf.path == "extends") continue;
      std::string value;
      if (leaf.sequence && pick(8) == 0) {
        value = "[]";
      } else if (leaf.scalar_list) {
        value = vector(leaf);
      } else if (leaf.sequence) {
        continue;
      } else if (leaf.value == "true" || leaf.value == "false") {
        value = leaf.value == "true" ? "false" : "true";
      } else if (is_date(leaf.value)) {
        value = date(leaf.value);
      } else if (is_number(leaf.value)) {
        value = number(leaf.value);
      } else if (leaf.value.empty() || leaf.value == "~" || leaf.value == "null") {
        value = pick(2) == 0 ? date("2016-05-01") : number("1");  // an absent date set (stop, dropped_from)
      } else {
        continue;  // names, descriptions, choices
      }
      ov.push_back({leaf.path, value, scenarios::Location{"mutant", 0, 0}});
    }
    // A min/max (start/end) pair swapped.
    if (pick(6) == 0) {
      static const std::pair<const char*, const char*> kPairs[] = {
          {"population.list_delay_days.min", "population.list_delay_days.max"},
          {"programme.phase1_min_weeks", "programme.phase1_max_weeks"},
          {"recruitment.start", "recruitment.end"},
          {"prisons[0].start", "prisons[0].stop"}};
      const auto& [a, b] = kPairs[pick(std::size(kPairs))];
      const auto find = [&](const std::string& p) -> std::string {
        for (const Leaf& l : leaves)
          if (l.path == p) return l.value;
        return "";
      };
      const std::string va = find(a), vb = find(b);
      if (!va.empty() && !vb.empty() && va != "~" && vb != "~") {
        ov.push_back({a, vb, scenarios::Location{"mutant", 0, 0}});
        ov.push_back({b, va, scenarios::Location{"mutant", 0, 0}});
      }
    }
    return ov;
  }

 private:
  static std::string fmt_double(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
  }
  std::mt19937_64 rng_;
};

std::string describe(const std::vector<scenarios::Override>& ov) {
  std::string s;
  for (const auto& o : ov) s += o.key_path + " = " + o.yaml_value + "; ";
  return s;
}

}  // namespace

TEST_CASE("property: every scenario the loader accepts runs one replication, bounded", "[models][property]") {
  const char* kBases[] = {"wnd-2016-actual.yaml", "wnd-2016-plan.yaml", "wnd-all-pis-from-start.yaml",
                          "wnd-recruit-24-months.yaml"};
  struct Base {
    scenarios::Document doc;
    std::vector<Leaf> leaves;
  };
  std::vector<Base> bases;
  for (const char* f : kBases) {
    const scenarios::Document doc = scenarios::Document::from_file(test::scenario_path(f));
    std::vector<Leaf> leaves;
    collect(YAML::Load(sib_scenario_yaml(load_sib_scenario(doc))), "", leaves);
    REQUIRE(leaves.size() > 100);  // every key of the resolved scenario
    bases.push_back({doc, std::move(leaves)});
  }

  Mutator gen(kGeneratorSeed);
  int refused = 0, ran = 0, too_big_to_run = 0;
  for (int i = 0; i < kMutants; ++i) {
    const Base& base = bases[gen.pick(bases.size())];
    const std::vector<scenarios::Override> ov = gen.mutate(base.leaves);
    INFO("mutant " << i << ": " << describe(ov));
    SibParams params;
    try {
      params = load_sib_scenario(base.doc.with_overrides(ov));
    } catch (const scenarios::ValidationErrors&) {
      ++refused;
      continue;
    }
    // Bounded work: the expected detainees of a replication are within the cap.
    const double arrivals = expected_arrivals(params);
    REQUIRE(std::isfinite(arrivals));
    REQUIRE(arrivals <= 1e7);
    if (arrivals > kRunAtMost) {
      ++too_big_to_run;
      continue;
    }
    const SibModel model(params);
    const std::vector<engine::KpiInfo> kpis = model.kpis();
    std::vector<double> row(kpis.size());
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE_NOTHROW(model.run_replication(1, 0, row));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(seconds < kSecondsPerReplication);
    for (std::size_t k = 0; k < kpis.size(); ++k) {
      INFO("KPI " << kpis[k].name << " = " << row[k]);
      REQUIRE_FALSE(std::isinf(row[k]));
      if (models::in_group(kpis[k], "funnel_stage")) REQUIRE_FALSE(std::isnan(row[k]));
    }
    ++ran;
  }
  WARN("mutants: " << refused << " refused, " << ran << " ran, " << too_big_to_run << " too big to run");
  // The generator reaches both sides of the property.
  CHECK(refused > kMutants / 10);
  CHECK(ran > kMutants / 10);
}
