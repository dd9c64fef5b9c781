#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs Bounce with `meson install` into a fresh prefix and checks that
# the installed programs start and find what was installed with them: the
# translations (run with LANGUAGE=de), the GSettings schema compiled after
# the install, the desktop file registered for CSV files, the icons and the
# metainfo.
#
#   test-install.sh SOURCE_DIR WORK_DIR VERSION
#
# WORK_DIR keeps the build folder between runs, so later runs rebuild only
# what changed; the prefix is removed and installed again every time. The
# app's own check runs under Xvfb and a private D-Bus session bus, so it
# needs no display and touches no running desktop.
set -euo pipefail

source_dir=$1
work_dir=$2
version=$3

build_dir=$work_dir/build
prefix=$work_dir/prefix
failures=0

fail () {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# Runs an installed program with the prefix first on PATH, the installed
# data dirs and an empty home, so nothing from the build tree or the user
# leaks in. GIO lists a desktop file only when its Exec program is on PATH.
run_installed () {
  env -u GSETTINGS_SCHEMA_DIR -u LC_ALL -u LC_MESSAGES \
    PATH="$prefix/bin:$PATH" \
    XDG_DATA_DIRS="$prefix/share:/usr/share" \
    XDG_DATA_HOME="$work_dir/home/data" \
    XDG_CONFIG_HOME="$work_dir/home/config" \
    XDG_CACHE_HOME="$work_dir/home/cache" \
    GSETTINGS_BACKEND=memory \
    "$@"
}

mkdir -p "$work_dir"
if [ ! -f "$build_dir/build.ninja" ]; then
  meson setup "$build_dir" "$source_dir" --prefix="$prefix" >"$work_dir/setup.log" \
    || { cat "$work_dir/setup.log"; exit 1; }
fi
rm -rf "$prefix" "$work_dir/home"
mkdir -p "$work_dir/home/data" "$work_dir/home/config" "$work_dir/home/cache"
# Two jobs, so this build leaves room for the tests that run beside it.
meson compile -C "$build_dir" -j 2 >"$work_dir/build.log" 2>&1 \
  || { cat "$work_dir/build.log"; exit 1; }
meson install -C "$build_dir" --no-rebuild >"$work_dir/install.log" 2>&1 \
  || { cat "$work_dir/install.log"; exit 1; }

# Everything the install should have put in place.
for path in \
    bin/bounce \
    bin/bounce-cli \
    share/glib-2.0/schemas/org.example.Bounce.gschema.xml \
    share/glib-2.0/schemas/gschemas.compiled \
    share/applications/org.example.Bounce.desktop \
    share/metainfo/org.example.Bounce.metainfo.xml \
    share/icons/hicolor/scalable/apps/org.example.Bounce.svg \
    share/icons/hicolor/symbolic/apps/org.example.Bounce-symbolic.svg \
    share/locale/de/LC_MESSAGES/bounce.mo \
    share/locale/fr/LC_MESSAGES/bounce.mo \
    share/locale/es/LC_MESSAGES/bounce.mo \
    share/bounce/samples/contacts.csv; do
  [ -f "$prefix/$path" ] || fail "meson install did not install $path"
done

# The versions.
output=$(run_installed "$prefix/bin/bounce" --version) || fail "bounce --version exited with $?"
[ "$output" = "bounce $version" ] || fail "bounce --version printed “$output”, expected “bounce $version”"
output=$(run_installed "$prefix/bin/bounce-cli" --version) || fail "bounce-cli --version exited with $?"
[ "$output" = "bounce-cli $version" ] || fail "bounce-cli --version printed “$output”, expected “bounce-cli $version”"

# The translations. gettext follows LANGUAGE whenever the locale is not
# plain C. C.UTF-8 exists on every Debian system, so German messages show
# without generating the de_DE locale.
output=$(LANGUAGE=de LANG=C.UTF-8 run_installed "$prefix/bin/bounce-cli" explain 5.1.1 --no-history) \
  || fail "bounce-cli explain 5.1.1 exited with $?"
for message in "Meaning:" "Bad destination mailbox address"; do
  # The German text as the installed catalogue has it.
  expected=$(TEXTDOMAINDIR="$prefix/share/locale" LANGUAGE=de LANG=C.UTF-8 gettext -d bounce "$message")
  if [ "$expected" = "$message" ]; then
    fail "the installed German catalogue does not translate “$message”"
  fi
  grep -qF "$expected" <<<"$output" \
    || fail "LANGUAGE=de bounce-cli explain 5.1.1 printed no “$expected”:"$'\n'"$output"
done
# A line pasted from a bounce is in English whatever the language of the
# program: its words still find their entry.
output=$(LANGUAGE=de LANG=C.UTF-8 run_installed "$prefix/bin/bounce-cli" explain \
           "452 4.2.2 Mailbox full" --no-history) \
  || fail "LANGUAGE=de bounce-cli explain \"452 4.2.2 Mailbox full\" exited with $?"
grep -q "^mailbox-full — " <<<"$output" \
  || fail "LANGUAGE=de bounce-cli explain listed no mailbox-full entry for an English line:"$'\n'"$output"
output=$(LANGUAGE= LANG=C.UTF-8 run_installed "$prefix/bin/bounce-cli" explain 5.1.1 --no-history) \
  || fail "bounce-cli explain 5.1.1 exited with $?"
grep -qF "Bad destination mailbox address" <<<"$output" \
  || fail "bounce-cli explain 5.1.1 without LANGUAGE is not in English:"$'\n'"$output"

# Translated labels are padded by characters, not bytes, so the values
# of a block line up also after a label with a letter such as "ü".
output=$(LANGUAGE=de LANG=C.UTF-8 run_installed "$prefix/bin/bounce-cli" clean --no-history \
           --contacts "$source_dir/tests/data/hygiene/contacts.csv" \
           --bounces "$source_dir/data/samples/bounces" --output "$work_dir/cleaned.csv" \
           --keep-invalid --remove-risky role) \
  || fail "LANGUAGE=de bounce-cli clean exited with $?"
misaligned=$(python3 -c '
import re, sys
columns = {}
for line in sys.stdin.read().splitlines():
    # "Zeilen gelesen:        32" and "  ungültige Adresse:   0": a label
    # ending in a colon, at no or two spaces of indent, then a number
    # alone or before a note in brackets.
    match = re.match(r"( {0,2})(\S.*?:) +(\d\S*)( \(|$)", line)
    if match:
        columns.setdefault(len(match.group(1)), {}).setdefault(match.start(3), []).append(line)
for indent, by_column in sorted(columns.items()):
    if len(by_column) > 1:
        for column, lines in sorted(by_column.items()):
            print(f"value at character {column + 1}: " + " | ".join(lines))
' <<<"$output")
[ -z "$misaligned" ] \
  || fail "LANGUAGE=de bounce-cli clean printed values out of line:"$'\n'"$misaligned"

# The schema is found through XDG_DATA_DIRS, compiled by the install.
run_installed gsettings get org.example.Bounce soft-bounce-limit >/dev/null \
  || fail "gsettings does not find the installed schema org.example.Bounce"

# "Open With": the desktop file registers Bounce for CSV files and folders,
# and update-desktop-database ran after the install.
for type in text/csv inode/directory; do
  output=$(run_installed gio mime "$type" 2>&1) || true
  grep -qF org.example.Bounce.desktop <<<"$output" \
    || fail "gio mime $type does not list org.example.Bounce.desktop:"$'\n'"$output"
done

# The app starts from the prefix, finds its schema and opens its window;
# then its app.quit action closes it over D-Bus and it exits cleanly.
if ! command -v xvfb-run >/dev/null || ! command -v dbus-run-session >/dev/null; then
  fail "xvfb-run and dbus-run-session are needed to start the installed app"
else
  cat >"$work_dir/start-app.sh" <<'EOF'
set -u
"$@" &
app=$!
# The window's actions appear on the bus once the window exists.
for _ in $(seq 600); do
  if gdbus introspect --session --dest org.example.Bounce \
       --object-path /org/example/Bounce/window/1 2>/dev/null | grep -q org.gtk.Actions; then
    break
  fi
  kill -0 "$app" 2>/dev/null || break
  sleep 0.1
done
if ! gdbus call --session --dest org.example.Bounce --object-path /org/example/Bounce \
       --method org.gtk.Actions.Activate quit '[]' '{}' >/dev/null; then
  echo "bounce showed no window on the bus" >&2
  kill "$app" 2>/dev/null
  wait "$app"
  exit 1
fi
wait "$app"
EOF
  run_installed xvfb-run -a -s "-screen 0 1024x768x24" \
    dbus-run-session -- bash "$work_dir/start-app.sh" env GDK_BACKEND=x11 GSK_RENDERER=cairo \
      NO_AT_BRIDGE=1 GTK_A11Y=none "$prefix/bin/bounce" >"$work_dir/app.log" 2>&1 \
    || fail "the installed bounce did not start and quit cleanly:"$'\n'"$(cat "$work_dir/app.log")"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "installed into $prefix: every check passed"
