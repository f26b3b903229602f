#!/usr/bin/env bash
# Fuzzes the scenario loader (tests/fuzz/scenario_fuzzer.cpp) with libFuzzer + ASan + UBSan for a
# bounded time. Exits non-zero when the fuzzer finds a crash, a hang, a leak or an exception other
# than ValidationErrors; the input is then in build/fuzz/findings/ (crash-*, timeout-*, ...):
# copy it to tests/data/fuzz-regressions/ (tests/scenarios/fuzz_regressions_test.cpp loads it).
#   scripts/fuzz.sh [SECONDS]     default 60
# Seeds: the shipped scenarios/*.yaml and tests/data/bad-scenarios/*.yaml, copied at run time
# into build/fuzz/corpus/ (which then keeps what the fuzzer learned between runs, not in git).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-60}
[[ $SECONDS_TO_RUN =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }

bash scripts/install-deps.sh
test -f build/fuzz/build.ninja || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

BIN=build/fuzz/tests/fuzz/scenario_fuzzer
CORPUS=build/fuzz/corpus
FINDINGS=build/fuzz/findings
mkdir -p "$CORPUS" "$FINDINGS"
# Seeds. The fuzzer loads its input as if it were scenarios/fuzz-input.yaml, so the bad
# scenarios' `extends: ../../../scenarios/X` is rewritten to `extends: X` to reach the same base.
for f in scenarios/*.yaml; do cp "$f" "$CORPUS/seed-$(basename "$f")"; done
for f in tests/data/bad-scenarios/*.yaml tests/data/degenerate/*.yaml; do
  sed 's#^extends: \(\.\./\)*scenarios/#extends: #' "$f" >"$CORPUS/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done

# -timeout: one input taking longer is a finding (the loader must refuse runaway input fast).
# -rss_limit_mb: the loader's limits should keep memory far below this.
# stdin from /dev/null: an input saying `extends: /dev/stdin` must not wait for a terminal.
status=0
"$BIN" "$CORPUS" -max_total_time="$SECONDS_TO_RUN" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$FINDINGS/" -print_final_stats=1 </dev/null 2>build/fuzz/fuzz.log || status=$?
tail -n 25 build/fuzz/fuzz.log
if ((status != 0)); then
  echo "fuzz: FINDING (exit $status); input(s) in $FINDINGS/, full log build/fuzz/fuzz.log" >&2
  ls -l "$FINDINGS" >&2
  exit 1
fi
echo "fuzz: no crash in ${SECONDS_TO_RUN} s"
