#!/usr/bin/env bash
# Builds the libFuzzer programs of tests/fuzz with clang, AddressSanitizer
# and UndefinedBehaviorSanitizer into build-fuzz/ and runs each for
# SECONDS seconds (default 60), one after another.
#
# Usage: build-aux/fuzz.sh [SECONDS] [TARGET...]
#   TARGET is parser, mbox, csv, address or explain; default all five.
#
# A target's corpus grows in build-fuzz/corpus/TARGET and starts from the
# inputs the core suite replays (its seed files in tests/data and its
# saved inputs in tests/data/fuzz/TARGET). A crash, a leak, an input that
# takes over 10 seconds or a failed check stops the target and saves the
# input in build-fuzz/artifacts/TARGET/. To keep it fixed: reproduce it
# with build-fuzz/tests/fuzz/fuzz-TARGET FILE, fix the bug, and copy the
# file to tests/data/fuzz/TARGET/. Logs are in build-fuzz/logs/.
#
# BOUNCE_FUZZ_SEED=N fixes libFuzzer's random seed, so that a run is the
# same run on any machine but for where the time limit cuts it: CI sets
# it, so that a failure there can be replayed here by running the same
# seed for longer. Without it, each run explores from a new seed.
#
# Prints one line per target (with the failed check and the input in
# hexadecimal when one fails), then "N passed, N failed" as its last line.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

# shellcheck source=setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(parser mbox csv address explain)
fi

if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
  echo "fuzz.sh: SECONDS must be a whole number above 0, not “$seconds”" >&2
  exit 2
fi

BOUNCE_PACKAGES+=("${BOUNCE_FUZZ_PACKAGES[@]}")
bounce_install_packages || { echo "0 passed, 1 failed"; exit 1; }

fuzz_dir=${BOUNCE_FUZZ_BUILD_DIR:-$BOUNCE_SOURCE_DIR/build-fuzz}
if [ ! -f "$fuzz_dir/build.ninja" ]; then
  CC=clang meson setup "$fuzz_dir" "$BOUNCE_SOURCE_DIR" -Dfuzzing=true -Dgui=false \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || { echo "0 passed, 1 failed"; exit 1; }
fi
if ! meson compile -C "$fuzz_dir" fuzz >"$fuzz_dir/compile.log" 2>&1; then
  echo "The fuzz build failed; see $fuzz_dir/compile.log." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The seed inputs of each target are the arguments of its replay test, so
# the suite and the fuzzer start from the same files.
seeds_of () {
  meson introspect --tests "$fuzz_dir" | python3 -c '
import json, sys
for test in json.load(sys.stdin):
    if test["name"] == "fuzz-" + sys.argv[1]:
        print("\n".join(test["cmd"][1:]))
' "$1"
}

mkdir -p "$fuzz_dir/logs"
passed=0
failed=0
for target in "${targets[@]}"; do
  program=$fuzz_dir/tests/fuzz/fuzz-$target
  corpus=$fuzz_dir/corpus/$target
  artifacts=$fuzz_dir/artifacts/$target
  log=$fuzz_dir/logs/$target.log
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  inputs=()

  if [ -n "${BOUNCE_FUZZ_SEED:-}" ]; then
    options+=(-seed="$BOUNCE_FUZZ_SEED")
  fi

  if [ ! -x "$program" ]; then
    echo "fuzz-$target: no such target (parser, mbox, csv, address or explain)"
    failed=$((failed + 1))
    continue
  fi
  mkdir -p "$corpus" "$artifacts"

  # libFuzzer reads folders of inputs; a seed that is a file is copied in.
  while IFS= read -r seed; do
    [ -n "$seed" ] || continue
    if [ -d "$seed" ]; then
      inputs+=("$seed")
    elif [ -f "$seed" ]; then
      cp "$seed" "$corpus/seed-$(basename "$seed")"
    fi
  done < <(seeds_of "$target")

  # explain writes its usage errors to standard error for every input.
  if [ "$target" = explain ]; then
    options+=(-close_fd_mask=2)
  fi

  # The targets write their files into a folder of their own, on tmpfs
  # when there is one, because the CSV target writes and syncs two files
  # per input (on a 2-core virtual machine: 85 inputs a second on tmpfs,
  # 24 on disk).
  tmp_root=${TMPDIR:-/tmp}
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    tmp_root=/dev/shm
  fi
  work=$(mktemp -d "$tmp_root/bounce-fuzz-$target-XXXXXX")
  TMPDIR=$work ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$program" "${options[@]}" "$corpus" "${inputs[@]}" >"$log" 2>&1
  status=$?
  rm -rf "$work"

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  if [ "$status" -eq 0 ]; then
    echo "fuzz-$target: ${runs:-0} inputs in ${seconds} s, no failure ($(find "$corpus" -type f | wc -l) in the corpus)"
    passed=$((passed + 1))
  else
    echo "fuzz-$target: FAILED after ${runs:-?} inputs; see $log and $artifacts/"
    # The log and the input stay on the machine that ran it: print what
    # is needed to replay it elsewhere.
    grep -m 8 -E 'ERROR|assertion|Assertion|runtime error|WARNING|^#[0-9]+ .* in [a-z_]*(check|LLVMFuzzer)' "$log" | sed 's/^/  /'
    newest=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
    if [ -n "$newest" ]; then
      echo "  input $newest, $(stat -c %s "$artifacts/$newest") bytes, in hexadecimal:"
      od -An -v -tx1 "$artifacts/$newest" | head -n 64 | sed 's/^/  /'
    fi
    failed=$((failed + 1))
  fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
