#!/usr/bin/env bash
# Installs the Debian packages sibsim needs to build, test and report, and nothing that is
# already there. Idempotent and quiet when all is installed. Run as root (or with sudo).
#   scripts/install-deps.sh           build + test dependencies
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PKGS=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost-dev libboost-random-dev libtbb-dev libyaml-cpp-dev
  libhdf5-dev hdf5-tools catch2 libopenmpi-dev openmpi-bin
  libbenchmark-dev librandom123-dev libcli11-dev libfmt-dev
  python3 python3-h5py python3-pandas python3-numpy python3-tables
  libjs-vega chromium
  libcpp-httplib-dev nlohmann-json3-dev   # sibsim studio (web server, JSON), report text catalogues
  libkainjow-mustache-dev        # report wording as mustache templates
  clang-format                   # make format-check
  clang-tidy                     # scripts/clang-tidy.sh (CI)
  clang libclang-rt-14-dev       # scripts/fuzz.sh: clang++ 14, libFuzzer + ASan/UBSan runtimes
)

need=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
((${#need[@]} == 0)) && exit 0

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${#need[@]} package(s): ${need[*]}" >&2
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-deps: done" >&2
