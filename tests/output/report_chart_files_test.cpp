// The chart specs embedded from output/charts/ (report_chart_files.hpp): each file, with its
// @name@ placeholders replaced by dummy values, is JSON; a whole spec (*.vg.json) has marks whose
// data, facets and scales are declared; every file in output/charts/ is embedded and listed, with
// each of its placeholders, in output/charts/README.md.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report_chart_files.hpp"

namespace {

using nlohmann::json;
using sibsim::output::detail::chart_file;
using sibsim::output::detail::kChartFiles;

const std::filesystem::path kChartDir =
    std::filesystem::path(SIBSIM_SCENARIO_DIR) / ".." / "output" / "charts";

bool is_spec(std::string_view name) { return name.ends_with(".vg.json"); }

std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  const std::string s(text);
  const std::regex re("@([a-z_0-9]+)@");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1].str();
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

// Replaces each @name@: inside a string by nothing, where an object member is expected (after
// '{' or ',' in an object) by a member "name": 0, elsewhere (a value) by 0.
std::string fill_dummies(std::string_view text) {
  std::string out;
  std::vector<char> stack;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '@') {
      const auto end = text.find('@', i + 1);
      REQUIRE(end != std::string_view::npos);
      const std::string name(text.substr(i + 1, end - i - 1));
      if (!in_string) {
        const auto prev = out.find_last_not_of(" \t\r\n");
        const char before = prev == std::string::npos ? '\0' : out[prev];
        const bool member = !stack.empty() && stack.back() == '{' && before != ':';
        if (member)
          out.append("\"").append(name).append("\": 0");
        else
          out += "0";
      }
      i = end;
      continue;
    }
    out += c;
    if (in_string) {
      if (c == '\\' && i + 1 < text.size())
        out += text[++i];
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      stack.push_back(c);
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    }
  }
  return out;
}

json parse_file(std::string_view text) {
  std::string filled = fill_dummies(text);
  // A snippet of object members ("format": ..., ...) is parsed inside braces.
  const auto first = filled.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && filled[first] == '"') filled = "{" + filled + "}";
  return json::parse(filled);
}

// Every value of `key` anywhere in `j` that is a string.
void collect(const json& j, const std::string& key, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == key && v.is_string()) out.insert(v.get<std::string>());
      collect(v, key, out);
    }
  } else if (j.is_array()) {
    for (const auto& v : j) collect(v, key, out);
  }
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("chart files: each parses as JSON with its placeholders filled", "[chart_files]") {
  for (const auto& f : kChartFiles) {
    INFO(f.name);
    const std::string_view text = chart_file(*f.text);
    REQUIRE(!text.empty());
    CHECK(text.back() != '\n');  // the file's final newline is not part of the template
    json j;
    REQUIRE_NOTHROW(j = parse_file(text));
    if (!is_spec(f.name)) CHECK_FALSE(j.contains("marks"));
  }
}

TEST_CASE("chart files: a spec has marks over declared data and scales", "[chart_files]") {
  const std::set<std::string> mark_types{"arc",  "area", "image", "group",  "line", "path",
                                         "rect", "rule", "shape", "symbol", "text", "trail"};
  int specs = 0;
  for (const auto& f : kChartFiles) {
    if (!is_spec(f.name)) continue;
    ++specs;
    INFO(f.name);
    const std::string_view text = chart_file(*f.text);
    // Every chart shares the look, the responsive width and a description for screen readers.
    for (const char* p : {"@config@", "@width@", "@description@"})
      CHECK(text.find(p) != std::string_view::npos);
    const json spec = parse_file(text);
    REQUIRE(spec.is_object());
    REQUIRE(spec.contains("marks"));
    REQUIRE(spec["marks"].is_array());
    CHECK(!spec["marks"].empty());
    for (const auto& m : spec["marks"])
      if (m.is_object()) CHECK(mark_types.count(m.value("type", std::string("?"))) == 1);
    // Data a mark or scale reads ("from": {"data": ...}, "domain": {"data": ...}) is declared,
    // as a data set or a facet.
    std::set<std::string> declared, used;
    for (const auto& d : spec.at("data"))
      if (d.is_object()) declared.insert(d.at("name").get<std::string>());
    std::set<std::string> facets;
    collect(spec, "name", facets);  // facet names (and others: harmless, they only widen)
    std::set<std::string> data_refs;
    collect(spec, "data", data_refs);
    for (const auto& d : data_refs) CHECK((declared.count(d) == 1 || facets.count(d) == 1));
    for (const auto& d : spec.at("data"))
      if (d.contains("source")) CHECK(declared.count(d["source"].get<std::string>()) == 1);
    // Scales a mark, axis or legend uses are declared.
    std::set<std::string> scales;
    // A scale given whole by a placeholder (e.g. @x_scale@) is the builder's: "x" by convention.
    for (const auto& s : spec.at("scales"))
      scales.insert(s.is_object() ? s.at("name").get<std::string>() : "x");
    std::set<std::string> scale_refs;
    collect(spec, "scale", scale_refs);
    for (const char* key : {"fill", "stroke", "size"})
      for (const auto& l : spec.value("legends", json::array()))
        if (l.is_object() && l.contains(key) && l[key].is_string())
          scale_refs.insert(l[key].get<std::string>());
    for (const auto& s : scale_refs) {
      INFO("scale " << s);
      CHECK(scales.count(s) == 1);
    }
    for (const auto& a : spec.value("axes", json::array()))
      CHECK(scales.count(a.at("scale").get<std::string>()) == 1);
  }
  CHECK(specs >= 13);
}

TEST_CASE("chart files: every file in output/charts is embedded and listed in its README", "[chart_files]") {
  REQUIRE(std::filesystem::is_directory(kChartDir));
  std::set<std::string> on_disk, embedded;
  for (const auto& e : std::filesystem::directory_iterator(kChartDir))
    if (e.path().extension() == ".json") on_disk.insert(e.path().filename().string());
  for (const auto& f : kChartFiles) {
    CHECK(embedded.insert(std::string(f.name)).second);  // no name twice
    INFO(f.name);
    // The embedded text is the file as it is now.
    CHECK(*f.text == read(kChartDir / std::string(f.name)));
  }
  CHECK(on_disk == embedded);

  const std::string readme = read(kChartDir / "README.md");
  for (const auto& f : kChartFiles) {
    INFO(f.name);
    std::string tag = "`";
    tag.append(f.name).append("`");
    const auto at = readme.find(tag);
    REQUIRE(at != std::string::npos);
    const auto line_end = readme.find('\n', at);
    const std::string line = readme.substr(at, line_end - at);
    for (const auto& p : placeholders(*f.text)) {
      INFO("placeholder @" << p << "@");
      std::string quoted = "`@";
      quoted.append(p).append("@`");
      CHECK(line.find(quoted) != std::string::npos);
    }
  }
}
