// The rules of output_files.hpp: which output paths are refused, temporaries, the write fault
// seam (every write of a results file failing in turn), stale temporaries, signal-time clean-up.

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>

#include "sibsim/output/csv_writer.hpp"
#include "sibsim/output/output_files.hpp"
#include "sibsim/output/results_writer.hpp"
#include "sibsim/output/temp_file.hpp"
#include "synthetic_results.hpp"
#include "test_dir.hpp"

using Catch::Matchers::Contains;
using sibsim::output::check_output_path;
using sibsim::output::IoError;
using sibsim::output::OutputRefused;
using sibsim::output::TempFile;
using sibsim::output::testing::TestDir;

namespace {

void write_text(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

}  // namespace

TEST_CASE("output paths: only a regular file or a new name in an existing folder", "[output][safety]") {
  const TestDir dir("outpaths");
  write_text(dir / "input.yaml", "name: x\n");
  write_text(dir / "old.h5", "old");
  CHECK_NOTHROW(check_output_path(dir / "new.h5"));
  CHECK_NOTHROW(check_output_path(dir / "old.h5"));
  std::filesystem::create_symlink(dir / "old.h5", dir / "link.h5");
  CHECK_THROWS_WITH(check_output_path(dir / "link.h5"), Contains("symbolic link"));
  REQUIRE(::mkfifo((dir / "fifo.h5").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(check_output_path(dir / "fifo.h5"), Contains("a FIFO"));
  CHECK_THROWS_AS(check_output_path(dir.path()), OutputRefused);
  CHECK_THROWS_WITH(check_output_path(dir / "missing" / "x.h5"), Contains("No such file or directory"));
  // An input, by its name, a hard link or another spelling: never an output.
  sibsim::output::protect_input(dir / "input.yaml");
  std::filesystem::create_hard_link(dir / "input.yaml", dir / "hard.yaml");
  CHECK_THROWS_WITH(check_output_path(dir / "input.yaml"), Contains("input of this command"));
  CHECK_THROWS_WITH(check_output_path(dir / "hard.yaml"), Contains("input of this command"));
  CHECK_THROWS_AS(check_output_path(dir / "." / "input.yaml"), OutputRefused);
  sibsim::output::clear_protected_inputs();
  CHECK_NOTHROW(check_output_path(dir / "input.yaml"));
}

TEST_CASE("a final name turned into a symlink meanwhile is not replaced at commit", "[output][safety]") {
  const TestDir dir("swap");
  write_text(dir / "victim", "keep");
  {
    TempFile f(dir / "out.csv");
    f.write_all("a,b\r\n");
    std::filesystem::create_symlink(dir / "victim", dir / "out.csv");
    CHECK_THROWS_AS(f.commit(), OutputRefused);
  }
  CHECK(std::filesystem::is_symlink(dir / "out.csv"));
  CHECK(read_text(dir / "victim") == "keep");
  CHECK(dir.entries() == std::vector<std::string>{"out.csv", "victim"});  // no temporary left
}

TEST_CASE("each failing write of a results file: IoError, no temporary, the old file kept",
          "[output][safety]") {
  const TestDir dir("faults");
  const auto path = dir / "results.h5";
  const auto run = sibsim::output::testing::make_synthetic_run();
  write_text(path, "the earlier results");
  int failures = 0;
  for (std::uint64_t n = 1; n < 200; ++n) {
    sibsim::output::fail_nth_write_for_testing(n);
    try {
      sibsim::output::testing::write_synthetic(run, path);
      break;  // the n-th write is after the last one: the file was written
    } catch (const IoError& e) {
      ++failures;
      CHECK_THAT(e.what(), Contains("results.h5") && Contains("No space left on device"));
      CHECK(read_text(path) == "the earlier results");
      CHECK(dir.entries() == std::vector<std::string>{"results.h5"});
    }
  }
  sibsim::output::fail_nth_write_for_testing(0);
  CHECK(failures > 5);
  CHECK(read_text(path) != "the earlier results");  // finally written
}

TEST_CASE("a failing CSV write: IoError naming the file, no temporary", "[output][safety]") {
  const TestDir dir("csvfault");
  sibsim::output::fail_nth_write_for_testing(1);
  sibsim::output::Table t;
  t.columns.push_back({"x", "", "", std::vector<double>{1, 2}});
  CHECK_THROWS_WITH(sibsim::output::write_table_csv(dir / "t.csv", t), Contains("t.csv"));
  sibsim::output::fail_nth_write_for_testing(0);
  CHECK(dir.entries().empty());
}

TEST_CASE("stale temporaries: a dead process's go, a live one's and others stay", "[output][safety]") {
  const TestDir dir("stale");
  const std::string dead = std::to_string(dead_pid());
  const std::string live = std::to_string(::getpid());
  for (const std::string& n : {"r.h5.tmp-" + dead, "r.h5.tmp-" + dead + "-0a1b", "r.h5.tmp-" + live + "-0a1b",
                               "r.h5.tmp-x" + dead, "q.h5.tmp-" + dead, "a.csv.tmp-" + dead + "-1"})
    write_text(dir / n, "x");
  CHECK(sibsim::output::remove_stale_temporaries(dir / "r.h5") == 2);
  CHECK(sibsim::output::remove_stale_temporaries_in(dir.path(), ".csv") == 1);
  CHECK(dir.entries() ==
        std::vector<std::string>{"q.h5.tmp-" + dead, "r.h5.tmp-" + live + "-0a1b", "r.h5.tmp-x" + dead});
}

TEST_CASE("on a signal every open temporary is deleted", "[output][safety]") {
  const TestDir dir("signal");
  TempFile f(dir / "out.html");
  REQUIRE(std::filesystem::exists(f.temp_path()));
  sibsim::output::remove_temporaries_now();
  CHECK(dir.entries().empty());
}
