#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every translator comment in the C sources reaches the template.

xgettext copies a comment into po/bounce.pot only when it ends right
before the line that contains the message's string. A comment above a
`return`, an `if` or the first line of a call whose string starts on the
next line is dropped without a warning, and translators never see it.

Also check that a printf format without letters, such as "%s %s", has
a context (C_()) wherever it is used in more than one place. xgettext
merges the uses into one entry with one translation, although joining
two sentences and joining the parts of a progress line may need
different words or punctuation in another language. Date formats such
as "%-d %b %Y" are not printf formats and mean the same at each use.

    test-translator-comments.py SOURCE_DIR XGETTEXT
"""

import pathlib
import re
import subprocess
import sys
import tempfile

# The keywords of meson's i18n "glib" preset, which po/meson.build uses.
KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3"]
COMMENT = re.compile(r"/\*\s*((?:TRANSLATORS|Translators):[^\n]*?)\s*(?:\*/|\n)")
# A printf directive, such as %s, %2$s, %-10u or xgettext's %<PRId64>.
DIRECTIVE = re.compile(r"%(?:<\w+>|(?:\d+\$)?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                       r"(?:hh|h|ll|l|L|z|j|t|q)?[a-zA-Z%])")


def find_shared_letterless(template_text):
    """Return the printf msgids without letters and context used in several places."""
    shared = []
    for entry in template_text.split("\n\n"):
        lines = entry.splitlines()
        references = [reference for line in lines if line.startswith("#: ")
                      for reference in line[3:].split()]
        has_context = any(line.startswith("msgctxt ") for line in lines)
        is_printf = any(line.startswith("#, ") and "c-format" in line.split(", ") for line in lines)
        msgid = ""
        in_msgid = False
        for line in lines:
            if line.startswith("msgid "):
                in_msgid = True
                msgid = line[len("msgid "):].strip('"')
            elif in_msgid and line.startswith('"'):
                msgid += line.strip('"')
            else:
                in_msgid = False
        text = DIRECTIVE.sub("", msgid)
        if msgid and is_printf and not any(character.isalpha() for character in text) \
                and not has_context and len(references) > 1:
            shared.append(f"“{msgid}” ({', '.join(references)})")
    return shared


def main():
    source_dir = pathlib.Path(sys.argv[1])
    xgettext = sys.argv[2]
    sources = []
    for line in (source_dir / "po" / "POTFILES.in").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.endswith((".c", ".h")) and not line.startswith("#"):
            sources.append(line)

    with tempfile.TemporaryDirectory() as folder:
        template = pathlib.Path(folder) / "bounce.pot"
        subprocess.run([xgettext, "--from-code=UTF-8", "--add-comments", "--language=C",
                        "--directory", str(source_dir), "--output", str(template)]
                       + [f"--keyword={keyword}" for keyword in KEYWORDS] + sources,
                       check=True)
        template_text = template.read_text(encoding="utf-8")
        extracted = {line[3:].strip() for line in template_text.splitlines()
                     if line.startswith("#. ")}

    failures = []
    for source in sources:
        text = (source_dir / source).read_text(encoding="utf-8")
        for match in COMMENT.finditer(text):
            if match.group(1) not in extracted:
                line = text.count("\n", 0, match.start()) + 1
                failures.append(f"{source}:{line}: “{match.group(1)}” does not reach the template")

    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print("Move each comment to the line right before the line with the string, "
              "inside the call if need be.", file=sys.stderr)
        return 1

    shared = find_shared_letterless(template_text)
    for message in shared:
        print(f"{message} has no context but several uses", file=sys.stderr)
    if shared:
        print("Give each use its own context with C_() or NC_(), and a translator comment.",
              file=sys.stderr)
        return 1
    print(f"every translator comment in {len(sources)} files reaches the template")
    return 0


if __name__ == "__main__":
    sys.exit(main())
