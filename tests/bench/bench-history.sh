#!/usr/bin/env bash
# Measures the history's parse cache: `bounce-cli scan --json --db` on a
# Maildir of N distinct messages, first into an empty history, then again
# over the unchanged folder, and once without history for reference.
# Prints wall-clock and CPU time, peak RSS, the rescan's speed-up and the
# database size, and checks that the three runs print the same records.
#
# Usage: tests/bench/bench-history.sh [N] [THREADS]
#   N        number of messages (default 100000)
#   THREADS  passed to --threads (default 0: one per core)
# Environment:
#   BOUNCE_CLI  the program to measure (default: build/app/cli/bounce-cli)
#   BENCH_OUT   work folder (default: tests/bench/out/history, git-ignored)
#
# Each message is a sample bounce with an "X-Bench-Copy: I" header put in
# front, so all N have different bytes and the first scan parses every
# one of them. The files are written just before the runs, so the figures
# are for files in the page cache, not for a cold disk.

set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
count=${1:-100000}
threads=${2:-0}
cli=${BOUNCE_CLI:-$source_dir/build/app/cli/bounce-cli}
out=${BENCH_OUT:-$source_dir/tests/bench/out/history}
samples=$source_dir/data/samples/bounces

if ! [[ $count =~ ^[0-9]+$ ]] || [ "$count" -eq 0 ]; then
  echo "bench-history: N must be a positive number, not “$count”" >&2
  exit 2
fi

if [ ! -x "$cli" ]; then
  echo "bench-history: $cli not found. Build first (meson setup build && ninja -C build) or set BOUNCE_CLI." >&2
  exit 1
fi

if [ ! -x /usr/bin/time ]; then
  echo "bench-history: /usr/bin/time is missing. Install it with: apt-get install time" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out/maildir/cur" "$out/maildir/new" "$out/maildir/tmp"

echo "Writing $count distinct messages made from ${samples#"$source_dir"/} to $out/maildir"
python3 - "$samples" "$out/maildir/cur" "$count" <<'EOF'
import os
import re
import sys

samples, cur, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
messages = []
for name in sorted(os.listdir(samples)):
    with open(os.path.join(samples, name), "rb") as f:
        data = f.read()
    # Single messages only: no mbox files, nothing without headers.
    if not name.startswith(".") and not data.startswith(b"From ") and re.match(rb"[!-9;-~]+:", data):
        messages.append(data)

for i in range(count):
    with open(os.path.join(cur, f"{1736158200 + i}.M{i}.bench:2,S"), "wb") as f:
        f.write(b"X-Bench-Copy: %d\n" % i)
        f.write(messages[i % len(messages)])
EOF

# A scan records a file's stat() data, which lets a rescan skip reading
# it, only when the file's ctime is at least 3 s older than the scan
# (two writes within one tick of the file system's clock look the same).
# Waiting that long makes the first scan record every file, as it would
# for a folder of bounces saved earlier.
sleep 3

# Runs one scan under /usr/bin/time -v; prints its figures and leaves the
# wall-clock seconds in $seconds.
run_scan () {
  local label=$1
  shift
  local result="$out/$label.jsonl"
  local timing="$out/$label.time"

  /usr/bin/time -v "$cli" scan --json --threads "$threads" "$@" "$out/maildir" >"$result" 2>"$timing"

  local wall rss user system
  wall=$(awk -F': ' '/Elapsed \(wall clock\) time/ { print $2 }' "$timing")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
  user=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$timing")
  system=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$timing")

  # Elapsed time is printed as [h:]m:ss.ss.
  seconds=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')
  cpu=$(awk -v u="$user" -v k="$system" 'BEGIN { print u + k }')

  printf "%-12s %7.2f s wall  %7.0f messages/s  CPU %7.2f s  peak RSS %6.1f MB  %d records\n" \
    "$label" "$seconds" "$(awk -v n="$count" -v s="$seconds" 'BEGIN { print (s > 0 ? n / s : 0) }')" \
    "$cpu" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')" "$(wc -l <"$result")"
}

echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "Command: $cli scan --json --threads $threads [--db DB | --no-history] $out/maildir > RESULT"
echo "Load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

run_scan no-history --no-history
run_scan first --db "$out/history.db"
first_seconds=$seconds
first_cpu=$cpu
run_scan rescan --db "$out/history.db"
rescan_seconds=$seconds
rescan_cpu=$cpu

echo
awk -v a="$first_seconds" -v b="$rescan_seconds" -v c="$first_cpu" -v d="$rescan_cpu" \
  'BEGIN { printf "Rescan speed-up: %.1fx wall clock, %.1fx CPU time\n", (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
echo "History database: $(du -k "$out/history.db" | cut -f1) KB"

if cmp -s "$out/first.jsonl" "$out/rescan.jsonl" && cmp -s "$out/no-history.jsonl" "$out/first.jsonl"; then
  echo "Records: the three runs printed the same lines"
else
  echo "bench-history: the runs printed different records; compare $out/*.jsonl" >&2
  exit 1
fi
