#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that each translated bounce-cli warning starts its sentence alike.

Every message of bounce-cli after its "bounce-cli COMMAND: " and
"warning: " prefix is a sentence that starts with a capital letter, or
with a number or a placeholder. A translation that starts one warning in
lower case and the next in upper case reads as two programs.

    test-po-warnings.py SOURCE_DIR
"""

import pathlib
import re
import sys

# The colon after the command and after "warning", with the space some
# languages put before it.
SEPARATOR = re.compile(r"\s?:\s")


def read_entries(path):
    """Yield (msgid, [msgstr, ...]) for each entry of the PO file at @path."""
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif current is not None and line.startswith('"'):
                fields[current] += line[1:-1]
        if "msgid" in fields:
            yield fields["msgid"], [value for key, value in fields.items() if key.startswith("msgstr")]


def main():
    source_dir = pathlib.Path(sys.argv[1])
    failures = []
    checked = 0
    for po in sorted((source_dir / "po").glob("*.po")):
        for msgid, translations in read_entries(po):
            if not msgid.startswith("bounce-cli ") or ": warning: " not in msgid:
                continue
            for translation in translations:
                parts = SEPARATOR.split(translation, maxsplit=2)
                if not translation or len(parts) < 3:
                    continue
                checked += 1
                first = parts[2][:1]
                if not (first.isupper() or first.isdigit() or first == "%"):
                    failures.append(f"{po.name}: “{translation[:60]}…” starts its sentence in lower case")

    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print("Start the sentence after the translation of “warning:” with a capital letter.",
              file=sys.stderr)
        return 1
    if checked == 0:
        print("no translated warning found; the check read nothing", file=sys.stderr)
        return 1
    print(f"{checked} translated warnings start their sentence with a capital letter or a number")
    return 0


if __name__ == "__main__":
    sys.exit(main())
