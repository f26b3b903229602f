#!/usr/bin/env bash
# Runs every benchmark program and stores the figures in benchmarks/results/ (quoted by
# RESULTS.md). Usage: benchmarks/run_all.sh [build-dir]   (default build/release)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:-build/release}"
B="$build/benchmarks"
out="$here/results"
mkdir -p "$out"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git -C "$here" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "compiler: $(c++ --version | head -1)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
"$B/bench_kernel" --benchmark_min_time=0.5 --benchmark_out="$out/bench_kernel.json" --benchmark_out_format=json
"$B/bench_rng" --benchmark_min_time=0.5 --benchmark_out="$out/bench_rng.json" --benchmark_out_format=json
"$B/bench_runner" --benchmark_min_time=2 --benchmark_out="$out/bench_runner.json" --benchmark_out_format=json
for kpis in 20 200; do
  for n in 1000 100000; do "$B/bench_memory" "$n" "$kpis"; done
done | tee "$out/bench_memory.txt"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"
