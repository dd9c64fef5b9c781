#!/usr/bin/env bash
# Shared set-up for run.sh and test.sh: installs the Debian 12 packages
# Bounce needs (with apt-get when root, else prints the command to run)
# and builds into ./build. Sourced, not run.

BOUNCE_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BOUNCE_BUILD_DIR=${BOUNCE_BUILD_DIR:-$BOUNCE_SOURCE_DIR/build}

# Packages for building (libetpan, glib-networking, the certificate
# authorities and libsecret for reading mailboxes), for the mailbox
# tests' Dovecot server and certificate, for the GUI tests under Xvfb,
# for the desktop file, metainfo and schema checks, for the installation
# test (dbus-daemon gives the installed app a private session bus), for
# the benchmarks and for test.sh --valgrind.
BOUNCE_PACKAGES=(
  meson ninja-build pkg-config gcc gettext
  libglib2.0-dev libglib2.0-bin libglib2.0-data libgmime-3.0-dev libcsv-dev libsqlite3-dev nettle-dev
  libjson-glib-dev libgtk-4-dev libadwaita-1-dev
  libpsl-dev publicsuffix libcairo2-dev libpango1.0-dev
  libetpan-dev glib-networking ca-certificates libsecret-1-dev gnome-keyring dovecot-imapd openssl
  xvfb xauth imagemagick desktop-file-utils appstream dbus-daemon locales
  python3 miller time valgrind libmimalloc-dev
)

# Packages for build-aux/fuzz.sh (test.sh --fuzz) only: clang, which in
# Debian 12 brings the libFuzzer runtime along.
BOUNCE_FUZZ_PACKAGES=(clang)

bounce_missing_packages () {
  local missing=()
  local package
  for package in "${BOUNCE_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$package")
    fi
  done
  echo "${missing[@]}"
}

# Debian ships only C.UTF-8 until a locale is generated. These are the
# languages Bounce is translated into, plus two for the tests of digit
# grouping (tests/test-format.c, which skips a locale that is missing).
BOUNCE_LOCALES=(de_DE fr_FR es_ES en_US en_IN)

bounce_generate_locales () {
  local locale
  [ "$(id -u)" -eq 0 ] || return 0
  for locale in "${BOUNCE_LOCALES[@]}"; do
    if ! locale -a 2>/dev/null | grep -qix "$locale.utf8"; then
      localedef -i "$locale" -f UTF-8 "$locale.UTF-8" || return 1
    fi
  done
}

bounce_install_packages () {
  local missing
  missing=$(bounce_missing_packages)
  [ -z "$missing" ] && { bounce_generate_locales; return; }

  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || return 1
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing || return 1
    bounce_generate_locales || return 1
  else
    echo "These Debian packages are missing. Install them with:" >&2
    echo "  sudo apt-get install $missing" >&2
    return 1
  fi
}

bounce_build () {
  if [ ! -f "$BOUNCE_BUILD_DIR/build.ninja" ]; then
    meson setup "$BOUNCE_BUILD_DIR" "$BOUNCE_SOURCE_DIR" "$@" || return 1
  fi
  meson compile -C "$BOUNCE_BUILD_DIR" || return 1
}
