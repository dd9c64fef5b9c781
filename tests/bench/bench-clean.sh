#!/usr/bin/env bash
# Times `bounce-cli clean` on a generated 1,000,000-row contact file (about
# 100 MB) and 100,000 bounce messages in one mbox, and compares it with
# Miller removing the same addresses from the same file, by a join and by a
# filter. Each command runs BENCH_RUNS times (default 3). Each run prints
# its wall-clock time, CPU time (user plus system), peak RSS and the load
# average of the last minute before it started. The script asserts
# nothing about time.
#
# Usage: tests/bench/bench-clean.sh [BUILD_DIR]   (default: ./build)
# Needs: python3, /usr/bin/time (Debian package "time"), mlr (package "miller").
# Data goes to tests/bench/out/ (git-ignored) and is reused on later runs;
# delete that folder to generate it again.

set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${1:-$SOURCE_DIR/build}
CLI=$BUILD_DIR/app/cli/bounce-cli
OUT=$SOURCE_DIR/tests/bench/out/clean
ROWS=${BENCH_ROWS:-1000000}
BOUNCES=${BENCH_BOUNCES:-100000}
RUNS=${BENCH_RUNS:-3}

for tool in python3 /usr/bin/time mlr bc; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench-clean: $tool is missing; install python3, time, miller and bc" >&2
    exit 1
  fi
done
if [ ! -x "$CLI" ]; then
  echo "bench-clean: $CLI not found; build first (meson setup $BUILD_DIR && ninja -C $BUILD_DIR)" >&2
  exit 1
fi

mkdir -p "$OUT"

# Contacts: fictional people at example.com/.net/.org, quoted fields with
# commas and doubled quotes, CRLF endings as Excel writes them.
# Bounces: every 10th contact gets one DSN (RFC 3464): half of them hard
# (5.1.1), 40% soft (4.2.2), 10% spam complaints (ARF, RFC 5965).
# remove.csv lists the addresses the default policy removes, for Miller.
if [ ! -f "$OUT/done-$ROWS-$BOUNCES" ]; then
  rm -f "$OUT"/done-*
  echo "Generating $ROWS contacts and $BOUNCES bounces in $OUT ..."
  python3 - "$OUT" "$ROWS" "$BOUNCES" <<'PY'
import random
import sys

out, rows, bounces = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
first = ["Jane", "Bob", "Carla", "Dan", "Ella", "Finn", "Gina", "Hugo", "Iris", "Jonas",
         "Kara", "Liam", "Mona", "Nils", "Olga", "Paul", "Rosa", "Sven", "Tara", "Umar"]
last = ["Doe", "Stone", "Mendes", "Okafor", "Berg", "Moss", "Rossi", "Lind", "Novak", "Haddad",
        "Kim", "Silva", "Weber", "Dubois", "Ivanova", "Tanaka", "Moreau", "Costa", "Nagy", "Olsen"]
cities = ["Springfield", "Riverton", "Lakeside", "Hillview", "Fairport", "Oakdale"]
domains = ["example.com", "example.net", "example.org"]
step = max(rows // bounces, 1) if bounces else 0

def address(i):
    return "%s.%s.%d@%s" % (first[i % 20].lower(), last[(i // 20) % 20].lower(), i, domains[i % 3])

with open(out + "/contacts.csv", "w", newline="") as f:
    f.write('Email Address,First Name,Last Name,Company,City,Phone,Signup Date,Member Rating,Notes\r\n')
    for i in range(rows):
        fn, ln = first[i % 20], last[(i // 20) % 20]
        note = rng.choice(['', '', '"Met at the fair, liked the ""spring"" offer"', 'VIP', '"Call after 5, not before"'])
        f.write('%s,%s,%s,"%s & Co, Ltd",%s,+1-555-%04d,2023-%02d-%02d,%d,%s\r\n'
                % (address(i), fn, ln, ln, cities[i % 6], i % 10000,
                   1 + i % 12, 1 + i % 28, i % 5, note))

dsn = """From MAILER-DAEMON Mon May  6 10:00:00 2024\r
Return-Path: <>\r
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r
To: bounces+{verp}@sender.example.net\r
Subject: Undelivered Mail Returned to Sender\r
Date: Mon, 06 May 2024 10:00:00 +0000\r
Message-ID: <dsn-{n}@mx.example.org>\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status; boundary="B{n}"\r
\r
--B{n}\r
Content-Type: text/plain\r
\r
Your message could not be delivered to <{rcpt}>.\r
\r
--B{n}\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mx.example.org\r
\r
Final-Recipient: rfc822; {rcpt}\r
Action: failed\r
Status: {status}\r
Diagnostic-Code: smtp; {code} {status} <{rcpt}>: {text}\r
\r
--B{n}\r
Content-Type: text/rfc822-headers\r
\r
From: News <news@sender.example.net>\r
To: {rcpt}\r
Subject: Spring newsletter\r
Message-ID: <campaign-1@sender.example.net>\r
\r
--B{n}--\r
\r
"""
arf = """From fbl@isp.example.org Tue May  7 09:00:00 2024\r
From: Feedback Loop <fbl@isp.example.org>\r
To: abuse@sender.example.net\r
Subject: Abuse report\r
Date: Tue, 07 May 2024 09:00:00 +0000\r
Message-ID: <arf-{n}@isp.example.org>\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=feedback-report; boundary="A{n}"\r
\r
--A{n}\r
Content-Type: text/plain\r
\r
This is an abuse report.\r
\r
--A{n}\r
Content-Type: message/feedback-report\r
\r
Feedback-Type: abuse\r
User-Agent: ExampleFBL/1.0\r
Version: 1\r
Original-Rcpt-To: <{rcpt}>\r
\r
--A{n}\r
Content-Type: message/rfc822\r
\r
From: News <news@sender.example.net>\r
To: {rcpt}\r
Subject: Spring newsletter\r
\r
Hello.\r
\r
--A{n}--\r
\r
"""
with open(out + "/bounces.mbox", "w", newline="") as mbox, open(out + "/remove.csv", "w") as remove:
    remove.write("Email Address\n")
    for n in range(bounces):
        i = (n * step) % rows
        rcpt = address(i)
        kind = n % 10
        if kind < 5:
            mbox.write(dsn.format(n=n, rcpt=rcpt, verp=rcpt.replace("@", "="), status="5.1.1", code="550",
                                  text="Recipient address rejected: User unknown"))
            remove.write(rcpt + "\n")
        elif kind < 9:
            mbox.write(dsn.format(n=n, rcpt=rcpt, verp=rcpt.replace("@", "="), status="4.2.2", code="452",
                                  text="Mailbox full"))
        else:
            mbox.write(arf.format(n=n, rcpt=rcpt))
            remove.write(rcpt + "\n")
PY
  # A small mbox (the first 1,000 messages) for timing the CSV side with
  # almost no parsing.
  awk '/^From /{n++} n<=1000' "$OUT/bounces.mbox" > "$OUT/bounces-1000.mbox"
  touch "$OUT/done-$ROWS-$BOUNCES"
fi

# The Miller filter program: the addresses to remove as a map, then a
# test of the first field of each row. Made next to remove.csv.
if [ ! -f "$OUT/remove.mlr" ] || [ "$OUT/remove.csv" -nt "$OUT/remove.mlr" ]; then
  python3 - "$OUT" <<'PY'
import json
import sys

out = sys.argv[1]
with open(out + "/remove.csv") as f:
    addresses = [line.strip() for line in f][1:]
with open(out + "/remove.mlr", "w") as f:
    f.write("begin { @r = %s }\n" % json.dumps({a: 1 for a in addresses if a}))
    f.write("!haskey(@r, $[[[1]]])\n")
PY
fi

SIZE=$(stat -c %s "$OUT/contacts.csv")

# Runs a command RUNS times under /usr/bin/time -v. Each run prints the
# seconds of wall-clock and CPU time, the peak RSS and the load average
# of the last minute when it started. stdout.txt keeps the output of the
# last run.
measure () {
  local label=$1
  shift
  for run in $(seq 1 "$RUNS"); do
    measure_once "$label" "$@"
  done
}

measure_once () {
  local label=$1
  shift
  local load previous=
  # The files named by --output and --removed are deleted first, as the
  # shell truncates Miller's output file before its timed run starts.
  # Replacing a 100 MB file frees its pages and blocks, which took 20 to
  # 40 ms of bounce-cli's time on ext4.
  for arg in "$@"; do
    if [ "$previous" = --output ] || [ "$previous" = --removed ]; then
      rm -f "$arg"
    fi
    previous=$arg
  done
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v -o "$OUT/time.txt" "$@" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt" || {
    echo "bench-clean: $label failed:" >&2
    cat "$OUT/stderr.txt" >&2
    exit 1
  }
  local elapsed cpu rss
  elapsed=$(awk -F': ' '/Elapsed/ {print $2}' "$OUT/time.txt" |
            awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {print sum}' "$OUT/time.txt")
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$OUT/time.txt")
  printf '%-46s %7.2f s wall %7.2f s CPU %8.1f MB peak RSS   load %s\n' "$label" \
    "$elapsed" "$cpu" "$(echo "$rss / 1024" | bc -l)" "$load"
}

echo "Contact file: $(wc -l < "$OUT/contacts.csv") lines, $((SIZE / 1000000)) MB; bounces: $BOUNCES messages in one mbox ($(($(stat -c %s "$OUT/bounces.mbox") / 1000000)) MB)"
echo "Machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo

# Warm the page cache so every run reads from memory.
cat "$OUT/contacts.csv" "$OUT/bounces.mbox" > /dev/null

measure "bounce-cli clean (100,000 bounces)" \
  "$CLI" clean --no-history --contacts "$OUT/contacts.csv" --bounces "$OUT/bounces.mbox" \
               --output "$OUT/cleaned.csv" --removed "$OUT/removed.csv"
KEPT=$(( $(wc -l < "$OUT/cleaned.csv") - 1 ))
REMOVED=$(( $(wc -l < "$OUT/removed.csv") - 1 ))

# The repeat case: a first clean records the 100,000 messages in a new
# history database, and each later clean with that database takes their
# records from it instead of parsing them again. Timed: the later ones.
rm -f "$OUT"/history.db*
measure_once "clean with history, first (records 100,000)" \
  "$CLI" clean --db "$OUT/history.db" --contacts "$OUT/contacts.csv" --bounces "$OUT/bounces.mbox" \
               --output "$OUT/cleaned-history.csv"
measure "clean with history, again (100,000 from it)" \
  "$CLI" clean --db "$OUT/history.db" --contacts "$OUT/contacts.csv" --bounces "$OUT/bounces.mbox" \
               --output "$OUT/cleaned-history.csv"
if ! cmp -s "$OUT/cleaned.csv" "$OUT/cleaned-history.csv"; then
  echo "bench-clean: the clean with history wrote another file than the one without" >&2
  exit 1
fi
rm -f "$OUT"/history.db*

measure "bounce-cli scan --json (parsing alone)" "$CLI" scan --json --no-history "$OUT/bounces.mbox"
measure "bounce-cli contacts (loading the CSV alone)" "$CLI" contacts --no-history "$OUT/contacts.csv"
measure "bounce-cli clean (1,000 bounces: CSV side)" \
  "$CLI" clean --no-history --contacts "$OUT/contacts.csv" --bounces "$OUT/bounces-1000.mbox" \
               --output "$OUT/cleaned-1000.csv"
measure "the same with --no-checks" \
  "$CLI" clean --no-history --no-checks --contacts "$OUT/contacts.csv" --bounces "$OUT/bounces-1000.mbox" \
               --output "$OUT/cleaned-1000.csv"
MILLER="Miller $(mlr --version | awk '{print $2}')"
measure "mlr join (same removals, $MILLER)" \
  mlr --csv join --np --ur -j "Email Address" -f "$OUT/remove.csv" "$OUT/contacts.csv"
cp "$OUT/stdout.txt" "$OUT/cleaned-mlr.csv"
MLR_KEPT=$(( $(mlr --icsv --ojson count "$OUT/cleaned-mlr.csv" | awk -F': ' '/count/ {print $2+0}') ))
measure "mlr filter (same removals, $MILLER)" \
  mlr --csv filter -f "$OUT/remove.mlr" "$OUT/contacts.csv"
cp "$OUT/stdout.txt" "$OUT/cleaned-mlr-filter.csv"
MLR_FILTER_KEPT=$(( $(mlr --icsv --ojson count "$OUT/cleaned-mlr-filter.csv" | awk -F': ' '/count/ {print $2+0}') ))

echo
echo "bounce-cli kept $KEPT rows and removed $REMOVED; Miller kept $MLR_KEPT rows (join) and $MLR_FILTER_KEPT (filter)."
if [ "$KEPT" -ne "$MLR_KEPT" ] || [ "$KEPT" -ne "$MLR_FILTER_KEPT" ]; then
  echo "bench-clean: the tools kept different row counts" >&2
  exit 1
fi
echo "Peak RSS target: under $((2 * SIZE / 1000000)) MB (twice the contact file)."
