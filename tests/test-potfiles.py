#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every source file with translatable text.

xgettext reads only the files POTFILES.in names, so a message in a file
missing from it is never offered to translators and stays English in
every language. Also fails on entries whose file no longer exists.

    test-potfiles.py SOURCE_DIR
"""

import pathlib
import re
import sys

# gettext calls in C (glib/gi18n.h) and translatable properties in .ui files.
C_MARKERS = re.compile(r"\b(?:_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dgettext|g_dpgettext2)\s*\(")
UI_MARKER = re.compile(r'translatable="yes"')


def has_translatable_text(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".c", ".h"):
        return C_MARKERS.search(text) is not None
    return UI_MARKER.search(text) is not None


def main():
    source_dir = pathlib.Path(sys.argv[1])
    listed = set()
    for line in (source_dir / "po" / "POTFILES.in").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            listed.add(line)

    failures = []
    for entry in sorted(listed):
        if not (source_dir / entry).is_file():
            failures.append(f"po/POTFILES.in lists {entry}, which does not exist")

    candidates = [path for folder in ("app", "data")
                  for pattern in ("*.c", "*.h", "*.ui")
                  for path in (source_dir / folder).rglob(pattern)]
    for path in sorted(candidates):
        entry = path.relative_to(source_dir).as_posix()
        if entry not in listed and has_translatable_text(path):
            failures.append(f"{entry} has translatable text but is missing from po/POTFILES.in")

    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print("Add each file with translatable text to po/POTFILES.in, so "
              "`meson compile bounce-pot` extracts its messages.", file=sys.stderr)
        return 1
    print(f"po/POTFILES.in lists {len(listed)} files, every one with translatable text among them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
