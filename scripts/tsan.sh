#!/usr/bin/env bash
# ThreadSanitizer run of the engine's tests (ctest -L engine: the parallel Monte Carlo runner and
# what it uses) against a TSan-instrumented libtbb. Debian's libtbb is not instrumented and
# floods TSan with false positives, and suppressions would hide real races too
# (/work/shared/design/toolchain.md, pitfall P15). So this builds libtbb from Debian's own source
# package with TBB_SANITIZE=thread (same version, headers and soname as libtbb-dev) once, keeps
# it in build/tsan-tbb/, and swaps it in with LD_LIBRARY_PATH.
#   scripts/tsan.sh          needs root (or sudo) the first time: enables deb-src, apt-get source
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TBB_DIR=$ROOT/build/tsan-tbb
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"

bash scripts/install-deps.sh

tbb_lib() { find "$TBB_DIR/build" -name 'libtbb.so.12' -print -quit 2>/dev/null; }
if [[ -z "$(tbb_lib)" ]]; then
  if ! compgen -G "$TBB_DIR/src/onetbb-*/CMakeLists.txt" >/dev/null; then
    if ! grep -rqs '^Types: deb-src' /etc/apt/sources.list.d/; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
        $SUDO tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
    fi
    $SUDO apt-get update -qq
    mkdir -p "$TBB_DIR/src"
    (cd "$TBB_DIR/src" && apt-get source -qq onetbb >/dev/null)
  fi
  src=$(compgen -G "$TBB_DIR/src/onetbb-*/CMakeLists.txt" | head -n1)
  cmake -S "$(dirname "$src")" -B "$TBB_DIR/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTBB_SANITIZE=thread -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF \
    -DCMAKE_CXX_FLAGS=-Wno-tsan >/dev/null  # GCC: TSan does not model TBB's atomic_thread_fence
  cmake --build "$TBB_DIR/build" --target tbb
fi
TBB_LIB_DIR=$(dirname "$(tbb_lib)")

test -f build/tsan/build.ninja || cmake --preset tsan >/dev/null
cmake --build build/tsan --target engine_tests

# halt_on_error: the first report fails the test. Open MPI is not used by these tests (P15's
# btl_tcp report would need OMPI_MCA_btl=self,vader).
export LD_LIBRARY_PATH=$TBB_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
# Check that the instrumented libtbb is the one loaded, not Debian's.
ldd build/tsan/tests/engine/engine_tests | grep -q "$TBB_LIB_DIR/libtbb.so.12" ||
  { echo "tsan: engine_tests does not load $TBB_LIB_DIR/libtbb.so.12" >&2; exit 1; }
ctest --test-dir build/tsan -L engine --output-on-failure --no-tests=error -j "$(nproc)"
