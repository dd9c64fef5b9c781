#!/bin/sh
# Scores what `bounce-cli scan --json` reports on the shared corpus of real
# bounces and fails when a figure falls below tests/corpus-ratchet.txt.
# Exits 77 (skipped) when the corpus is not there.
#
# Usage: test-corpus.sh BOUNCE-CLI CORPUS-DIR RATCHET-FILE
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

cli=$1
corpus=$2
ratchet=$3

if [ ! -d "$corpus/sisimai" ] || [ ! -x "$corpus/../tools/score-corpus" ]; then
  echo "1..0 # SKIP corpus not found at $corpus"
  exit 77
fi

value () {
  awk -v key="$1" '$1 == key { print $2 }' "$ratchet"
}

min_recall=$(value min-recall)
min_hard=$(value min-hard)
max_false_hard=$(value max-false-hard)
min_status=$(value min-status)
min_category=$(value min-category)

scan=$(mktemp)
trap 'rm -f "$scan"' EXIT

"$cli" scan --json --no-history "$corpus/sisimai" > "$scan"

status=0
summary=$("$corpus/../tools/score-corpus" --min-recall "$min_recall" --min-hard "$min_hard" \
  "$corpus/sisimai.tsv" "$scan") || status=$?
echo "$summary"

false_hard=$(echo "$summary" | awk '$1 == "recall" { print $6 }')
if [ -z "$false_hard" ]; then
  echo "score-corpus printed no summary line" >&2
  exit 1
fi
if [ "$false_hard" -gt "$max_false_hard" ]; then
  echo "false hard verdicts: $false_hard, more than the $max_false_hard allowed by $ratchet" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "recall or hard agreement below $min_recall / $min_hard from $ratchet" >&2
fi

# "status code agreement: 307/318" and "category agreement: 403/434":
# the count before the slash.
agreeing () {
  echo "$summary" | awk -v label="$1" 'index($0, label ": ") == 1 { split($NF, part, "/"); print part[1] }'
}
status_agree=$(agreeing "status code agreement")
category_agree=$(agreeing "category agreement")
if [ -z "$status_agree" ] || [ -z "$category_agree" ]; then
  echo "score-corpus printed no status code or category agreement line" >&2
  exit 1
fi
if [ "$status_agree" -lt "$min_status" ]; then
  echo "status code agreement: $status_agree, fewer than the $min_status required by $ratchet" >&2
  status=1
fi
if [ "$category_agree" -lt "$min_category" ]; then
  echo "category agreement: $category_agree, fewer than the $min_category required by $ratchet" >&2
  status=1
fi

exit "$status"
