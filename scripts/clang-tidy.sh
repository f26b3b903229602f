#!/usr/bin/env bash
# Runs clang-tidy (configuration: .clang-tidy) on every project source file in engine/, models/,
# scenarios/, output/, study/ and app/ (not tests or benchmarks), using the release build's
# compile_commands.json. Exits non-zero on any finding. Usage: bash scripts/clang-tidy.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build/release}
if [[ ! -f $BUILD_DIR/compile_commands.json ]]; then
  cmake --preset release >/dev/null
  BUILD_DIR=build/release
fi
# Generated headers (version.hpp) must exist before clang-tidy parses the sources.
cmake --build "$BUILD_DIR" --target sibsim_engine >/dev/null
mapfile -t files < <(git ls-files 'engine/*.cpp' 'models/*.cpp' 'scenarios/*.cpp' 'output/*.cpp' 'study/*.cpp' 'app/*.cpp')
echo "clang-tidy: ${#files[@]} files, $(nproc) jobs"
start=$(date +%s)
# run-clang-tidy runs the files in parallel and exits non-zero if any has a finding.
run-clang-tidy -quiet -p "$BUILD_DIR" -j "$(nproc)" "${files[@]/#/$PWD/}" 2>&1 | sed "s/\x1b\[[0-9;]*m//g" >"$BUILD_DIR/clang-tidy.log" || {
  grep -E "warning:|error:" "$BUILD_DIR/clang-tidy.log" | sort -u | head -100
  echo "clang-tidy: findings (full log: $BUILD_DIR/clang-tidy.log)"
  exit 1
}
echo "clang-tidy: no findings ($(($(date +%s) - start)) s)"
