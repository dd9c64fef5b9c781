#!/usr/bin/env bash
# Installs what Bounce needs, builds it and runs the whole test suite: the
# core and CLI suites directly, the GUI suite under Xvfb. Pass --sanitize to
# also build with AddressSanitizer and UndefinedBehaviorSanitizer into
# build-sanitize and run the core and CLI suites there. Pass --valgrind to
# also run the core and CLI suites under Valgrind's memcheck in
# build-valgrind (tests/run-valgrind.sh). Pass --fuzz SECONDS to also
# run each libFuzzer target of tests/fuzz for SECONDS seconds
# (build-aux/fuzz.sh, which builds with clang into build-fuzz); each
# target counts as one test.
# Prints "N passed, N failed" as its last line.
set -uo pipefail

# shellcheck source=setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

sanitize=false
valgrind=false
fuzz_seconds=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize=true ;;
    --valgrind) valgrind=true ;;
    --fuzz)
      fuzz_seconds=${2:-}
      shift
      if ! [[ "$fuzz_seconds" =~ ^[0-9]+$ ]] || [ "$fuzz_seconds" -eq 0 ]; then
        echo "test.sh: --fuzz takes the seconds to run each fuzz target, such as --fuzz 30" >&2
        exit 2
      fi
      ;;
  esac
  shift
done

bounce_install_packages || exit 1
bounce_build || { echo "0 passed, 1 failed"; exit 1; }

passed=0
failed=0

# Adds the counts of one meson test run from its JSON log (testlog, or
# the log name given second).
count_results () {
  local log="$1/meson-logs/${2:-testlog}.json"
  local counts
  [ -f "$log" ] || return 0
  counts=$(python3 - "$log" <<'PY'
import json, sys
ok = bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.strip():
        continue
    result = json.loads(line).get("result")
    if result in ("OK", "EXPECTEDFAIL"):
        ok += 1
    elif result in ("FAIL", "ERROR", "TIMEOUT", "UNEXPECTEDPASS"):
        bad += 1
print(ok, bad)
PY
)
  passed=$((passed + ${counts% *}))
  failed=$((failed + ${counts#* }))
}

run_suites () {
  local build_dir="$1"
  shift
  meson test -C "$build_dir" --print-errorlogs "$@"
  count_results "$build_dir"
}

run_suites "$BOUNCE_BUILD_DIR" --no-suite gui
if [ -f "$BOUNCE_BUILD_DIR/app/gui/bounce" ]; then
  # The GUI tests need a display; xvfb-run gives each run its own.
  xvfb-run -a -s "-screen 0 1280x800x24" meson test -C "$BOUNCE_BUILD_DIR" --print-errorlogs --suite gui
  count_results "$BOUNCE_BUILD_DIR"
fi

if $sanitize; then
  sanitize_dir="$BOUNCE_SOURCE_DIR/build-sanitize"
  if [ ! -f "$sanitize_dir/build.ninja" ]; then
    meson setup "$sanitize_dir" "$BOUNCE_SOURCE_DIR" -Db_sanitize=address,undefined \
      -Db_lundef=false -Dgui=false >/dev/null
  fi
  if meson compile -C "$sanitize_dir" >/dev/null; then
    # Sanitized code runs several times slower, so each test gets longer.
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      run_suites "$sanitize_dir" --no-suite gui --no-suite bench --no-suite corpus --timeout-multiplier 4
  else
    echo "The sanitizer build failed." >&2
    failed=$((failed + 1))
  fi
fi

if $valgrind; then
  valgrind_dir="$BOUNCE_SOURCE_DIR/build-valgrind"
  failed_before=$failed
  bash "$BOUNCE_SOURCE_DIR/tests/run-valgrind.sh" "$valgrind_dir"
  valgrind_status=$?
  count_results "$valgrind_dir" testlog-memcheck
  # A memcheck report on a program whose test still passed counts once.
  if [ "$valgrind_status" -ne 0 ] && [ "$failed" -eq "$failed_before" ]; then
    failed=$((failed + 1))
  fi
fi

if [ "$fuzz_seconds" -gt 0 ]; then
  fuzz_output=$(bash "$BOUNCE_SOURCE_DIR/build-aux/fuzz.sh" "$fuzz_seconds")
  echo "$fuzz_output"
  fuzz_counts=$(echo "$fuzz_output" | tail -n 1 | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
  if [ -n "$fuzz_counts" ]; then
    passed=$((passed + ${fuzz_counts% *}))
    failed=$((failed + ${fuzz_counts#* }))
  else
    failed=$((failed + 1))
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
