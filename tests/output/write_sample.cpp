// Writes the synthetic run to <dir>/results.h5 and <dir>/csv/ for check_results.py, and a file of
// each other kind (compare.h5, sweep-grid.h5, sweep-sensitivity.h5, feasibility.h5) for
// check_tables.py (a ctest fixture: output_write_sample runs before output_python_readback and
// output_python_tables).
#include <cstdio>
#include <exception>
#include <filesystem>

#include "sibsim/output/csv_writer.hpp"
#include "synthetic_results.hpp"
#include "synthetic_study_results.hpp"

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
    using namespace sibsim::output::testing;
    write_compare(dir / "compare.h5");
    write_sweep(dir / "sweep-grid.h5", SweepShape::grid);
    write_sweep(dir / "sweep-sensitivity.h5", SweepShape::sensitivity);
    write_feasibility(dir / "feasibility.h5", FeasibilityShape::found_date);
    std::printf("wrote %s, %s and the study files\n", (dir / "results.h5").c_str(), (dir / "csv").c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "output_write_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
