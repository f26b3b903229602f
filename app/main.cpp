#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "sibsim/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sibsim: Monte Carlo simulation of Social Impact Bond recruitment and outcomes"};
  app.set_version_flag("--version", std::string("sibsim ") + sibsim::kVersion + " (" + sibsim::kGitCommit + ")");
  CLI11_PARSE(app, argc, argv);
  return 0;
}
