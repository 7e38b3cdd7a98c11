#!/usr/bin/env bash
# Paydesk from a fresh Debian 12 machine: install what is missing, build, then run or test.
#
#   scripts/paydesk.sh run    install + release build + start paydeskd (and the console when a display is available)
#   scripts/paydesk.sh test   install + format check + dev build (warnings are errors) + every test (unit in parallel, integration one by one)
#                             + a short paychaos run (faults under load, audited)
#                             + every fuzz target for a bounded time (clang build in build/fuzz)
#   scripts/paydesk.sh deps   install only
#
# Environment: PAYDESK_JOBS (build jobs, default 2), PAYDESK_LISTEN (default 127.0.0.1:8080),
# PAYDESK_DATA_DIR (default: per-user data folder), PAYDESK_FUZZ_SECONDS (per fuzz target in `test`,
# default 20), plus everything paydeskd --help lists.
set -euo pipefail

cd "$(dirname "$0")/.."
JOBS="${PAYDESK_JOBS:-2}"

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git curl
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  qt6-translations-l10n libgl-dev
  librdkafka-dev libmariadb-dev libhiredis-dev nlohmann-json3-dev libboost-dev libssl-dev
  libcli11-dev libhowardhinnant-date-dev
  mariadb-server-core mariadb-client-core redis-server prometheus
  xvfb xauth fonts-noto-cjk dpkg-dev file
  clang clang-format libclang-rt-14-dev llvm
  wrk linux-perf imagemagick x11-apps xdotool
)

install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "paydesk: all ${#PACKAGES[@]} Debian packages already installed"
    return
  fi
  echo "paydesk: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  # Package scripts must not start system-wide servers: Paydesk runs its own, privately.
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# After installing: every CMake package the build needs must be found; a missing one is named with
# the Debian package that provides it, before a long build starts.
verify_deps() {
  local dir
  dir="$(mktemp -d)"
  if ! cmake -S scripts/depcheck -B "$dir" >"$dir/log" 2>&1; then
    grep -E 'Debian package:|CMake Error' "$dir/log" >&2 || tail -20 "$dir/log" >&2
    echo "paydesk: missing build dependencies (full log: $dir/log)" >&2
    return 1
  fi
  rm -rf "$dir"
  echo "paydesk: every CMake package the build needs was found"
}

build() {
  local preset="$1"
  cmake --preset "$preset"
  cmake --build --preset "$preset" -j "$JOBS"
}

case "${1:-}" in
  deps)
    install_deps
    verify_deps
    ;;
  run)
    install_deps
    verify_deps
    build release
    listen="${PAYDESK_LISTEN:-127.0.0.1:8080}"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/release/app/paydesk/paydesk ]; then
      # No token on the command line: the console waits for this paydeskd and signs in with the
      # identities it writes into its data folder (PAYDESK_DATA_DIR, else the per-user folder).
      build/release/app/paydesk/paydesk --backend "http://${listen}" &
    fi
    echo "paydesk: starting paydeskd on ${listen} (Ctrl-C stops it and its local servers)"
    exec build/release/app/paydeskd/paydeskd --listen "$listen" "${@:2}"
    ;;
  test)
    install_deps
    verify_deps
    # Formatting first: seconds, and it fails before a build is spent (scripts/format-pending.txt).
    scripts/check-format.sh
    build dev
    # Unit tests need nothing running: in parallel. Integration tests start real servers: one at a time.
    ctest --test-dir build/dev -L unit -j "$JOBS" --output-on-failure --timeout 300
    ctest --test-dir build/dev -L integration -j 1 --output-on-failure --timeout 900
    # Faults under signed load, audited (RELIABILITY.md): kill -9 five times, a failing acquirer, a
    # full disk (tmpfs in a user namespace), redis-server and mariadbd killed, mariadbd hung 5 s;
    # any lost or duplicated acknowledged request, missing event or ledger problem fails the build.
    timeout 480 build/dev/app/paychaos/paychaos --scenario kill9 --cycles 5 --scenario acquirer --scenario disk-full \
      --scenario redis-kill --scenario mariadb-kill --scenario mariadb-stop --stop-seconds 5 \
      --load-seconds 4 --rate 100 --connections 8
    # The package must still assemble.
    (cd build/dev && cpack -G DEB >/dev/null && ls -1 ./*.deb)
    # Fuzzing (clang, ASan + UBSan): each target for a bounded time on a copy of its seed corpus.
    cmake --preset fuzz
    cmake --build --preset fuzz -j "$JOBS"
    tests/fuzz/run.sh "${PAYDESK_FUZZ_SECONDS:-20}"
    ;;
  *)
    sed -n '2,12p' "$0"
    exit 2
    ;;
esac
