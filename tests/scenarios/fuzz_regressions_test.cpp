// Inputs the fuzzer found (tests/data/fuzz-regressions/, see its README.md), loaded exactly as
// tests/fuzz/scenario_fuzzer.cpp loads them: parsed as if they were scenarios/fuzz-input.yaml and
// bound to the SIB schema. Each must load or be rejected with ValidationErrors; anything else
// (another exception, a crash, a sanitizer report under the asan preset) is a regression.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "data_dir.hpp"
#include "sibsim/models/sib/scenario.hpp"
#include "sibsim/scenarios/document.hpp"
#include "sibsim/scenarios/errors.hpp"
using sibsim::models::sib::load_sib_scenario;

using namespace sibsim::scenarios;

namespace {

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("fuzz regressions load or fail with ValidationErrors, never crash", "[scenarios][fuzz]") {
  const std::filesystem::path dir = std::filesystem::path(test::data_dir()) / "fuzz-regressions";
  const std::string as_if =
      (std::filesystem::path(test::data_dir()) / ".." / ".." / "scenarios" / "fuzz-input.yaml")
          .lexically_normal()
          .string();
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  REQUIRE_FALSE(files.empty());
  for (const auto& path : files) {
    DYNAMIC_SECTION(path.filename().string()) {
      const std::string text = read_bytes(path);
      try {
        const Document doc = Document::from_string(text, as_if);
        (void)load_sib_scenario(doc);
        SUCCEED("loaded");
      } catch (const ValidationErrors& e) {
        CHECK_FALSE(e.errors().empty());
      }
    }
  }
}
