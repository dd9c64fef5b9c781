#!/bin/sh
# Runs a test program in a D-Bus session of its own, with GNOME Keyring's
# secret service started and unlocked in a temporary folder, so the test
# stores passwords in a real keyring without touching the user's.
#
# Usage: run-with-keyring.sh PROGRAM [ARGUMENT...]
# Without dbus-run-session or gnome-keyring-daemon (Debian packages
# dbus-daemon and gnome-keyring), the program runs without a secret
# service, and the tests that need one skip.
#
# SPDX-License-Identifier: GPL-3.0-or-later

set -eu

if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  exec "$@"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/bounce-keyring-XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir -m 700 "$dir/data" "$dir/runtime" "$dir/home"

# The keyring files go to this folder; the test gives the app others.
status=0
XDG_DATA_HOME="$dir/data" XDG_RUNTIME_DIR="$dir/runtime" HOME="$dir/home" \
  dbus-run-session -- sh -c '
    # The unlock password only protects this throw-away keyring.
    printf %s "bounce-test-keyring" |
      gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
    exec "$@"' sh "$@" || status=$?
exit "$status"
