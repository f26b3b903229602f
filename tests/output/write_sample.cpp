// Writes the synthetic run to <dir>/results.h5 and <dir>/csv/ for check_results.py (a ctest
// fixture: output_write_sample runs before output_python_readback).
#include <cstdio>
#include <exception>
#include <filesystem>

#include "sibsim/output/csv_writer.hpp"
#include "synthetic_results.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    const auto run = sibsim::output::testing::make_synthetic_run();
    sibsim::output::testing::write_synthetic(run, dir / "results.h5");
    sibsim::output::export_csv(dir / "results.h5", dir / "csv");
    std::printf("wrote %s and %s\n", (dir / "results.h5").c_str(), (dir / "csv").c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "output_write_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
