// Test-only: writes a minimal calibration results file (kind "calibration", /parameters with
// path and kind, /posterior with one column per parameter, weight and distance) for
// posterior_test.py, until files from `sibsim calibrate` can be used instead.
//   make_posterior OUT MODEL KIND PARAM[:integer],... WEIGHT:V1,V2,... [WEIGHT:V1,V2,...]...

#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "sibsim/output/results_writer.hpp"

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, sep);) out.push_back(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fputs("usage: make_posterior OUT MODEL KIND PARAM[:integer],... WEIGHT:V1,V2,... ...\n", stderr);
    return 2;
  }
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    sibsim::output::RunMeta meta;
    meta.kind = args[2];
    meta.model = args[1];
    meta.scenario_name = "make_posterior";
    std::vector<std::string> paths, kinds;
    for (const std::string& p : split(args[3], ',')) {
      const auto colon = p.find(':');
      paths.push_back(p.substr(0, colon));
      kinds.push_back(colon == std::string::npos ? "number" : p.substr(colon + 1));
    }
    std::vector<std::vector<double>> columns(paths.size());
    std::vector<double> weights;
    for (std::size_t i = 4; i < args.size(); ++i) {
      const auto colon = args[i].find(':');
      weights.push_back(std::stod(args[i].substr(0, colon)));
      const std::vector<std::string> v = split(args[i].substr(colon + 1), ',');
      for (std::size_t j = 0; j < paths.size(); ++j) columns[j].push_back(std::stod(v.at(j)));
    }
    sibsim::output::ResultsWriter w(args[0], meta);
    sibsim::output::Table params;
    params.columns = {{"path", "", "", paths}, {"kind", "", "", kinds}};
    w.write_table("/parameters", params);
    sibsim::output::Table post;
    for (std::size_t j = 0; j < paths.size(); ++j) post.columns.push_back({paths[j], "", "", columns[j]});
    post.columns.push_back({"weight", "", "", weights});
    post.columns.push_back({"distance", "", "", std::vector<double>(weights.size(), 0.0)});
    w.write_table("/posterior", post);
    w.commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_posterior: %s\n", e.what());
    return 1;
  }
  return 0;
}
