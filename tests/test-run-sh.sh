#!/bin/bash
# Runs build-aux/run.sh --cli, the README's first command, on the bundled
# samples and checks that it records nothing in the history: the sample
# addresses are strangers, and the README promises that sample data is
# never recorded. Package installation and the build are replaced by
# no-ops, and the script gets a build folder of its own that links to the
# built bounce-cli, so the test writes nothing outside a temporary folder.
#
# Usage: test-run-sh.sh SOURCE-DIR BOUNCE-CLI PO-BUILD-DIR
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -euo pipefail

source_dir=$1
cli=$2
po_dir=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/bounce-run-sh-XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/build-aux" "$work/build/app/cli"
cp "$source_dir/build-aux/run.sh" "$work/build-aux/run.sh"
ln -s "$cli" "$work/build/app/cli/bounce-cli"
ln -s "$po_dir" "$work/build/po"
cat > "$work/build-aux/setup.sh" <<SETUP
BOUNCE_SOURCE_DIR='$source_dir'
BOUNCE_BUILD_DIR='$work/build'
bounce_install_packages () { :; }
bounce_build () { :; }
SETUP

export XDG_DATA_HOME="$work/data"
echo "1..5"

if bash "$work/build-aux/run.sh" --cli > "$work/run.log" 2>&1; then
  echo "ok 1 run.sh --cli exits with status 0"
else
  sed 's/^/# /' "$work/run.log"
  echo "not ok 1 run.sh --cli exits with status 0"
fi

if [ -s "$work/build/contacts-cleaned.csv" ] && [ -s "$work/build/contacts-removed.csv" ]; then
  echo "ok 2 run.sh writes the cleaned and removed sample lists"
else
  echo "not ok 2 run.sh writes the cleaned and removed sample lists"
fi

written=$(find "$XDG_DATA_HOME" -type f 2>/dev/null || true)
if [ -z "$written" ]; then
  echo "ok 3 run.sh leaves the history untouched"
else
  echo "$written" | sed 's/^/# written: /'
  echo "not ok 3 run.sh leaves the history untouched"
fi

# Arguments are checked before the install and the build, so a mistyped
# one stops at once, without output files and without the app.
rm -f "$work/build/contacts-cleaned.csv"
status=0
bash "$work/build-aux/run.sh" --CLI > "$work/bad.log" 2>&1 || status=$?
if [ "$status" -eq 2 ] && grep -q "unknown argument '--CLI'" "$work/bad.log" && \
   [ ! -e "$work/build/contacts-cleaned.csv" ]; then
  echo "ok 4 run.sh rejects an unknown argument with status 2"
else
  sed 's/^/# /' "$work/bad.log"
  echo "not ok 4 run.sh rejects an unknown argument with status 2"
fi

if bash "$work/build-aux/run.sh" --help > "$work/help.log" 2>&1 && grep -q "Usage:" "$work/help.log" && \
   [ ! -e "$work/build/contacts-cleaned.csv" ]; then
  echo "ok 5 run.sh --help prints the usage and builds nothing"
else
  sed 's/^/# /' "$work/help.log"
  echo "not ok 5 run.sh --help prints the usage and builds nothing"
fi
