#!/usr/bin/env python3
# Writes the scan benchmark's inputs: COUNT copies of the messages under
# SAMPLES as a Maildir (OUT/maildir/cur/) and as one mbox (OUT/all.mbox).
#
# Usage: make-scan-corpus.py SAMPLES OUT COUNT

import os
import re
import sys

samples, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])

messages = []
for folder, subfolders, files in os.walk(samples):
    subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
    for name in sorted(files):
        if name.startswith(".") or name.endswith(".msf"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        # Only single messages: skip mbox files and anything without headers.
        if data.startswith(b"From ") or not re.match(rb"[!-9;-~]+:", data):
            continue
        messages.append(data)

if not messages:
    sys.exit(f"make-scan-corpus: no message files in {samples}")

cur = os.path.join(out, "maildir", "cur")
for sub in ("cur", "new", "tmp"):
    os.makedirs(os.path.join(out, "maildir", sub), exist_ok=True)

# mboxrd quoting: every line that starts with ">*From " gets one more ">".
quote = re.compile(rb"^(>*From )", re.MULTILINE)

with open(os.path.join(out, "all.mbox"), "wb") as mbox:
    for i in range(count):
        data = messages[i % len(messages)]
        name = f"{1736158200 + i}.M{i}P{i % 65536}.bench:2,S"
        with open(os.path.join(cur, name), "wb") as f:
            f.write(data)

        body = data.replace(b"\r\n", b"\n")
        mbox.write(b"From MAILER-DAEMON Mon Jan  6 10:11:00 2025\n")
        mbox.write(quote.sub(rb">\1", body))
        if not body.endswith(b"\n"):
            mbox.write(b"\n")
        mbox.write(b"\n")

print(f"{count} messages from {len(messages)} samples")
