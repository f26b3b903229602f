#!/usr/bin/env bash
# Fuzzes the scenario loader (tests/fuzz/scenario_fuzzer.cpp) and the sweep-file loader
# (tests/fuzz/sweep_fuzzer.cpp) with libFuzzer + ASan + UBSan, each for a bounded time. Exits
# non-zero when a fuzzer finds a crash, a hang, a leak or an exception other than
# ValidationErrors; the input is then in build/fuzz/findings/<fuzzer>-crash-*, -timeout-*, ...:
# copy a scenario to tests/data/fuzz-regressions/ (tests/scenarios/fuzz_regressions_test.cpp
# loads it); for a sweep file add a case to tests/study/sweep_spec_test.cpp.
#   scripts/fuzz.sh [SECONDS]     each fuzzer this long; default 60
# Seeds: the shipped scenarios and sweeps and the test corpora, copied at run time into
# build/fuzz/corpus/ and build/fuzz/sweep-corpus/ (which then keep what the fuzzers learned
# between runs; not in git).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
[[ $SECONDS_TO_RUN =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

bash scripts/install-deps.sh
test -f build/fuzz/build.ninja || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

FINDINGS=build/fuzz/findings
mkdir -p "$FINDINGS"

# Scenario loader. Seeds: the fuzzer loads its input as if it were scenarios/fuzz-input.yaml, so
# the bad scenarios' `extends: ../../../scenarios/X` is rewritten to `extends: X` to reach the same base.
CORPUS=build/fuzz/corpus
mkdir -p "$CORPUS"
for f in scenarios/*.yaml; do cp "$f" "$CORPUS/seed-$(basename "$f")"; done
for f in tests/data/bad-scenarios/*.yaml tests/data/degenerate/*.yaml; do
  sed 's#^extends: \(\.\./\)*scenarios/#extends: #' "$f" >"$CORPUS/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done

# Sweep-file loader. Its input is loaded as if it were scenarios/sweeps/fuzz-input.yaml: the
# shipped sweeps' `base: ../X` works as written, the test sweeps' `base: ../../../scenarios/X`
# becomes `base: ../X`.
SWEEP_CORPUS=build/fuzz/sweep-corpus
mkdir -p "$SWEEP_CORPUS"
for f in scenarios/sweeps/*.yaml; do cp "$f" "$SWEEP_CORPUS/seed-$(basename "$f")"; done
for f in tests/data/sweeps/*.yaml tests/data/bad-sweeps/*.yaml; do
  sed 's#^base: \(\.\./\)*scenarios/#base: ../#' "$f" >"$SWEEP_CORPUS/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done

# -timeout: one input taking longer is a finding (the loader must refuse runaway input fast).
# -rss_limit_mb: the loader's limits should keep memory far below this.
# stdin from /dev/null: an input saying `extends: /dev/stdin` must not wait for a terminal.
status=0
fuzz() {  # fuzz NAME CORPUS: SECONDS_TO_RUN of build/fuzz/tests/fuzz/NAME; status=1 on a finding
  local name=$1 corpus=$2 rc=0
  "build/fuzz/tests/fuzz/$name" "$corpus" -max_total_time="$SECONDS_TO_RUN" -timeout=20 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$FINDINGS/$name-" -print_final_stats=1 </dev/null \
    2>"build/fuzz/$name.log" || rc=$?
  tail -n 25 "build/fuzz/$name.log"
  if ((rc != 0)); then
    echo "fuzz: $name FINDING (exit $rc); input(s) in $FINDINGS/, full log build/fuzz/$name.log" >&2
    status=1
  fi
}
fuzz scenario_fuzzer "$CORPUS"
fuzz sweep_fuzzer "$SWEEP_CORPUS"
if ((status != 0)); then
  ls -l "$FINDINGS" >&2
  exit 1
fi
echo "fuzz: no crash in ${SECONDS_TO_RUN} s of each fuzzer"
