#!/usr/bin/env bash
# Installs what Bounce needs, builds it, cleans the bundled sample contacts
# with the bundled sample bounces, and opens the desktop app when there is
# a display. Pass --cli to skip the app.
set -euo pipefail

# Check the arguments before the long install and build: a mistyped
# "--CLI" or "-cli" would otherwise build everything and open the app.
cli_only=no
for argument in "$@"; do
  case "$argument" in
    --cli) cli_only=yes ;;
    -h|--help)
      echo "Usage: $0 [--cli]"
      echo "Installs what Bounce needs, builds it into build/, scans and cleans the bundled samples,"
      echo "and then opens the desktop app when there is a display. --cli skips the app."
      exit 0 ;;
    *)
      echo "$0: unknown argument '$argument'. Usage: $0 [--cli]" >&2
      exit 2 ;;
  esac
done

# shellcheck source=setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

bounce_install_packages
bounce_build

cli="$BOUNCE_BUILD_DIR/app/cli/bounce-cli"
# The translations built in the build folder, in place of the install
# prefix's.
export BOUNCE_LOCALEDIR="$BOUNCE_BUILD_DIR/po"
samples="$BOUNCE_SOURCE_DIR/data/samples"
output="$BOUNCE_BUILD_DIR/contacts-cleaned.csv"

# --no-history: the sample addresses are strangers, so their bounces stay
# out of the history file and the suppression list of real campaigns.
echo
echo "== Bounces in the sample folder =="
"$cli" scan --no-history "$samples/bounces"

echo
echo "== Cleaning the sample contact list =="
"$cli" clean --no-history --contacts "$samples/contacts.csv" --bounces "$samples/bounces" \
  --output "$output" --removed "$BOUNCE_BUILD_DIR/contacts-removed.csv"
echo "Cleaned list: $output"

if [ "$cli_only" = no ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  app="$BOUNCE_BUILD_DIR/app/gui/bounce"
  if [ -x "$app" ]; then
    echo
    echo "Starting the app…"
    GSETTINGS_SCHEMA_DIR="$BOUNCE_BUILD_DIR/data" exec "$app"
  fi
fi
