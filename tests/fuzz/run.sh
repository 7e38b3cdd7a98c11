#!/usr/bin/env bash
# Runs every libFuzzer target (or those named) for a bounded time, each on a temporary copy of its
# committed seed corpus (tests/fuzz/corpus/<target>), so the committed corpus never changes. Exits
# non-zero when any target crashes, leaks, times out or fails one of its checks; the input that did
# it is kept in $PAYDESK_FUZZ_ARTIFACTS (default build/fuzz/artifacts) and its path printed.
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]        (default 20 s, every target)
#
# Build the targets first: cmake --preset fuzz && cmake --build --preset fuzz
# Environment: PAYDESK_FUZZ_BUILD (default build/fuzz), PAYDESK_FUZZ_ARTIFACTS, PAYDESK_FUZZ_ARGS
# (extra libFuzzer flags, e.g. "-runs=10000000").
set -euo pipefail

cd "$(dirname "$0")/../.."
seconds="${1:-20}"
shift || true
build="${PAYDESK_FUZZ_BUILD:-build/fuzz}"
artifacts="${PAYDESK_FUZZ_ARTIFACTS:-$build/artifacts}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in tests/fuzz/corpus/fuzz_*/; do targets+=("$(basename "$dir")"); done
fi

mkdir -p "$artifacts"
if command -v llvm-symbolizer >/dev/null; then export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer)"; fi
# Sanitizer findings must fail the run, never just print.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
for target in "${targets[@]}"; do
  binary="$build/tests/fuzz/$target"
  if [ ! -x "$binary" ]; then
    echo "fuzz: $binary is not built" >&2
    failed+=("$target")
    continue
  fi
  corpus="$(mktemp -d)"
  log="$artifacts/$target.log"
  cp -R "tests/fuzz/corpus/$target/." "$corpus/"
  # Per-target flags: tests/fuzz/<target>.options, one per line.
  options=()
  if [ -f "tests/fuzz/$target.options" ]; then
    while read -r flag; do
      case "$flag" in '' | '#'*) ;; *) options+=("$flag") ;; esac
    done <"tests/fuzz/$target.options"
  fi
  start=$(date +%s)
  # -timeout: one input taking this long is a hang; the HTTP target's own deadlines are far below it.
  # shellcheck disable=SC2086
  if "$binary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$artifacts/$target-" "${options[@]}" ${PAYDESK_FUZZ_ARGS:-} "$corpus" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$target")
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  echo "fuzz: $target $status: ${runs:-?} executions, ${speed:-?}/s, ${cov:-cov: ?}, $(($(date +%s) - start)) s"
  if [ "$status" = FAILED ]; then
    grep -E 'ERROR:|check failed|fuzz_[A-Za-z]+: |SUMMARY|Test unit written|runtime error' "$log" | head -20 >&2 || true
    echo "fuzz: full log: $log" >&2
  fi
  rm -rf "$corpus"
done

passed=$((${#targets[@]} - ${#failed[@]}))
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]}" >&2
  echo "fuzz: ${passed} passed, ${#failed[@]} failed"
  exit 1
fi
echo "fuzz: ${passed} passed, 0 failed"
