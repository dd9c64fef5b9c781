#!/usr/bin/env bash
# Measures `bounce-cli scan --json` on N copies of the sample bounce
# messages: once as a Maildir of N files and once as one mbox of N
# messages. Prints messages per second, peak RSS and the machine.
#
# Usage: tests/bench/bench-scan.sh [N] [THREADS]
#   N        number of messages (default 100000)
#   THREADS  passed to --threads (default 0: one per core)
# Environment:
#   BOUNCE_CLI  the program to measure (default: build/app/cli/bounce-cli)
#   BENCH_OUT   work folder (default: tests/bench/out/scan, git-ignored)
#
# The copies are written just before each run, so the figures are for
# files in the page cache, not for a cold disk.

set -euo pipefail

source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
count=${1:-100000}
threads=${2:-0}
cli=${BOUNCE_CLI:-$source_dir/build/app/cli/bounce-cli}
out=${BENCH_OUT:-$source_dir/tests/bench/out/scan}

if ! [[ $count =~ ^[0-9]+$ ]] || [ "$count" -eq 0 ]; then
  echo "bench-scan: N must be a positive number, not “$count”" >&2
  exit 2
fi

if [ ! -x "$cli" ]; then
  echo "bench-scan: $cli not found. Build first (meson setup build && ninja -C build) or set BOUNCE_CLI." >&2
  exit 1
fi

if [ ! -x /usr/bin/time ]; then
  echo "bench-scan: /usr/bin/time is missing. Install it with: apt-get install time" >&2
  exit 1
fi

# The first folder that contains messages: the app's samples, then the test
# fixtures.
samples=""
for candidate in "$source_dir/data/samples/bounces" \
                 "$source_dir/tests/data/messages/input" \
                 "$source_dir/tests/data/sources/folder"; do
  if [ -d "$candidate" ] && [ -n "$(find "$candidate" -type f ! -name '.*' -print -quit)" ]; then
    samples=$candidate
    break
  fi
done

if [ -z "$samples" ]; then
  echo "bench-scan: no sample messages found" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"

echo "Writing $count copies of the messages in ${samples#"$source_dir"/} to $out"
python3 "$source_dir/tests/bench/make-scan-corpus.py" "$samples" "$out" "$count"

# Runs one scan under /usr/bin/time -v and prints its figures.
run_scan () {
  local label=$1
  local path=$2
  local result="$out/$label.jsonl"
  local timing="$out/$label.time"

  /usr/bin/time -v "$cli" scan --json --no-history --threads "$threads" "$path" >"$result" 2>"$timing"

  local wall rss records user system
  wall=$(awk -F': ' '/Elapsed \(wall clock\) time/ { print $2 }' "$timing")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
  user=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$timing")
  system=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$timing")
  records=$(wc -l <"$result")

  # Elapsed time is printed as [h:]m:ss.ss.
  local seconds
  seconds=$(awk -v t="$wall" 'BEGIN { n = split(t, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }')

  # CPU time (user + system) is less sensitive than wall time to other
  # programs running on the machine. Divided over the cores, it estimates
  # the rate on a machine whose cores are all free for the scan.
  awk -v label="$label" -v n="$count" -v s="$seconds" -v rss="$rss" -v records="$records" \
      -v cpu="$(awk -v u="$user" -v k="$system" 'BEGIN { print u + k }')" -v cores="$(nproc)" \
    'BEGIN { printf "%-8s %8d messages  %7.2f s  %7.0f messages/s  CPU %7.2f s (%.0f messages/s on %d free cores)  peak RSS %6.1f MB  %d records\n",
             label, n, s, (s > 0 ? n / s : 0), cpu, (cpu > 0 ? n * cores / cpu : 0), cores, rss / 1024, records }'
}

echo
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "Command: $cli scan --json --no-history --threads $threads PATH > RESULT"
echo "Load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
run_scan maildir "$out/maildir"
run_scan mbox "$out/all.mbox"
