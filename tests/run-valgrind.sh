#!/usr/bin/env bash
# Runs the core and cli test suites under Valgrind's memcheck, with every
# bounce-cli the CLI tests start also under memcheck, and prints one line
# per program that had memory errors or definite leaks, then a summary.
# tests/valgrind.supp lists the library reports that are not Bounce's.
#
# Usage: tests/run-valgrind.sh [BUILD-DIR]
# BUILD-DIR defaults to build-valgrind beside this folder; it is set up
# (debug, without the GUI) when it does not exist. meson's log of the run
# is BUILD-DIR/meson-logs/testlog-memcheck.json.
# Exits 0 when every test passed and no program had an error.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -uo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-$source_dir/build-valgrind}
suppressions=$source_dir/tests/valgrind.supp

if ! command -v valgrind >/dev/null; then
  echo "valgrind was not found. Install the Debian package valgrind and run this again." >&2
  exit 1
fi

# memcheck replaces the C library's malloc, not mimalloc's, so the
# programs must use the former (see the allocator option).
if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" "$source_dir" -Dgui=false -Dbuildtype=debug -Dallocator=system >/dev/null || exit 1
else
  meson configure "$build_dir" -Dallocator=system >/dev/null || exit 1
fi
if ! meson compile -C "$build_dir" >/dev/null; then
  echo "The build in $build_dir failed. Run \"meson compile -C $build_dir\" to see the errors." >&2
  exit 1
fi

# Each program writes its own report here, so the summary can count them.
log_dir=$build_dir/meson-logs/valgrind
rm -rf "$log_dir"
mkdir -p "$log_dir"

# --errors-for-leak-kinds=definite: a block still reachable at exit, such
# as GLib's type data, is not a leak. A block that nothing points to is.
valgrind_options="--leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9
  --suppressions=$suppressions --num-callers=30"

# The CLI tests find the program through $BOUNCE_CLI: point it at a script
# that runs the real one under memcheck. Exit status 9 fails the test.
cli_wrapper=$log_dir/bounce-cli
cat > "$cli_wrapper" <<EOF
#!/bin/sh
exec valgrind $(echo $valgrind_options) --log-file="$log_dir/bounce-cli.%p.log" \\
  "$build_dir/app/cli/bounce-cli" "\$@"
EOF

# One test is skipped under memcheck. It still runs in the ordinary suites.
# - /cli-history/concurrent/two-processes: under memcheck (about 20 times
#   slower) each scan of 1500 messages locks the history for longer than
#   the 10-second wait. One scan then skips its update, and the row count
#   the test checks is short.
skip_tests="-s /cli-history/concurrent/two-processes"

# meson runs every test through this. Only our own programs go under
# memcheck: a Python or shell test runs as it is and reaches bounce-cli
# through $BOUNCE_CLI.
test_wrapper=$log_dir/memcheck
cat > "$test_wrapper" <<EOF
#!/bin/sh
BOUNCE_CLI="$cli_wrapper"
export BOUNCE_CLI
case "\$1" in
  "$build_dir"/*)
    exec valgrind $(echo $valgrind_options) --log-file="$log_dir/\$(basename "\$1").%p.log" "\$@" $skip_tests ;;
  *)
    exec "\$@" ;;
esac
EOF
chmod +x "$cli_wrapper" "$test_wrapper"

start=$(date +%s)
meson test -C "$build_dir" --suite core --suite cli --print-errorlogs \
  --wrapper "$test_wrapper" --timeout-multiplier 20 --logbase testlog
tests_status=$?
seconds=$(( $(date +%s) - start ))

# A report with errors ends in "ERROR SUMMARY: N errors" with N > 0.
runs=0
bad=0
for log in "$log_dir"/*.log; do
  [ -f "$log" ] || continue
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n 1)
  lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
  if [ -z "$errors" ]; then
    # No summary: the program was killed, or replaced by another program.
    continue
  fi
  runs=$((runs + 1))
  if [ "$errors" != "0" ]; then
    bad=$((bad + 1))
    echo "$log: $errors errors, ${lost:-0} bytes definitely lost"
  fi
done

echo "memcheck: $runs program runs checked, $bad with errors; tests $([ "$tests_status" -eq 0 ] && echo passed || echo failed) in ${seconds}s"
echo "Reports: $log_dir"
[ "$tests_status" -eq 0 ] && [ "$bad" -eq 0 ]
