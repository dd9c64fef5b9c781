#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check `bounce-cli scan --json` against the hand-made verdicts of the samples.

Usage: test-samples.py SOURCE_DIR

Runs $BOUNCE_CLI scan --json SOURCE_DIR/data/samples/bounces and compares
the records with SOURCE_DIR/data/samples/expected.tsv:

- every expected recipient is reported for its file (or mbox message) with
  the expected category, and with the expected status code where one is
  given;
- a file expected to be "not-bounce" yields only not-bounce records;
- no record names an unexpected recipient with a failure category (hard,
  soft, blocked, complaint), because a made-up recipient can remove a
  contact;
- every sample message is scanned.

It also checks that each contact named in expected.tsv is a row of
contacts.csv. Prints one line per mismatch and exits 1 when there is any.
"""
import csv
import json
import os
import re
import subprocess
import sys

FAILURES = {"hard", "soft", "blocked", "complaint"}
CATEGORIES = FAILURES | {"auto-reply", "delayed", "delivered", "unknown", "not-bounce"}


def normalize(address):
    """Lower-case the address and write its domain as IDNA ASCII."""
    address = address.strip().strip("<>").lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{local}@{domain}"


def contact_address(cell):
    """Return the bare address of a contact cell such as "Jane Doe <jane@example.com>"."""
    match = re.search(r"<([^<>]+)>", cell)
    return normalize(match.group(1) if match else cell)


def load_expected(path):
    rows = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 5:
                sys.exit(f"{path}:{number}: expected 5 tab-separated fields, found {len(fields)}")
            name, recipient, category, status, contact = fields
            if category not in CATEGORIES:
                sys.exit(f"{path}:{number}: unknown category “{category}”")
            rows.append(dict(key=name, recipient=normalize(recipient), category=category,
                             status=status, contact=contact, line=number))
    return rows


def mbox_envelopes(path):
    """Return the byte offsets of the "From " envelope lines of an mbox file."""
    offsets = []
    with open(path, "rb") as stream:
        data = stream.read()
    position = 0
    for line in data.splitlines(keepends=True):
        if line.startswith(b"From "):
            offsets.append(position)
        position += len(line)
    return offsets


def record_key(record, bounces_dir, envelopes):
    """Return expected.tsv's name for the message a record comes from: the
    file name, or "NAME#INDEX" for a message inside an mbox."""
    name = os.path.relpath(record.get("file", ""), bounces_dir)
    offset = record.get("offset")
    if name in envelopes and offset is not None:
        index = sum(1 for start in envelopes[name] if start <= offset) - 1
        return f"{name}#{index}"
    return name


def check_row(row, got):
    """List the mismatches between one expected.tsv row and the records of its message."""
    key = row["key"]
    if not got:
        return [f"{key}: no record at all (expected {row['category']})"]

    # An ordinary message has no recipient, so every record of it must be not-bounce.
    if row["category"] == "not-bounce" and not row["recipient"]:
        return [f"{key}: expected not-bounce, got {r.get('category')} for “{r.get('recipient', '')}”"
                for r in got if r.get("category") != "not-bounce"]

    matching = [r for r in got if normalize(r.get("recipient", "")) == row["recipient"]]
    if not matching:
        reported = ", ".join(f"{r.get('recipient') or '(none)'}={r.get('category')}" for r in got)
        return [f"{key}: {row['recipient']} not reported "
                f"(expected {row['category']}; records: {reported})"]

    problems = []
    for r in matching:
        if r.get("category") != row["category"]:
            problems.append(f"{key}: {row['recipient']}: expected {row['category']}, "
                            f"got {r.get('category')} (reason {r.get('reason')}, "
                            f"status {r.get('status') or 'none'})")
        elif row["status"] and r.get("status") != row["status"]:
            problems.append(f"{key}: {row['recipient']}: expected status {row['status']}, "
                            f"got {r.get('status') or 'none'}")
    return problems


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: test-samples.py SOURCE_DIR")
    source_dir = sys.argv[1]
    cli = os.environ.get("BOUNCE_CLI")
    if not cli:
        sys.exit("BOUNCE_CLI is not set: run this test through “meson test”")

    samples_dir = os.path.join(source_dir, "data", "samples")
    bounces_dir = os.path.join(samples_dir, "bounces")
    expected = load_expected(os.path.join(samples_dir, "expected.tsv"))
    mismatches = []

    # The fixture itself: every contact named must be a row of contacts.csv.
    with open(os.path.join(samples_dir, "contacts.csv"), encoding="utf-8", newline="") as stream:
        contacts = {contact_address(row["Email Address"]) for row in csv.DictReader(stream)}
    for row in expected:
        if row["contact"] and contact_address(row["contact"]) not in contacts:
            mismatches.append(f"expected.tsv:{row['line']}: contact {row['contact']} is not in contacts.csv")

    result = subprocess.run([cli, "scan", "--json", "--no-history", bounces_dir],
                            capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        print(result.stderr, end="")
        print(f"FAIL: {cli} scan exited with status {result.returncode}")
        return 1

    envelopes = {name: mbox_envelopes(os.path.join(bounces_dir, name))
                 for name in os.listdir(bounces_dir) if name.endswith(".mbox")}
    by_key = {}
    for number, line in enumerate(result.stdout.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            print(f"FAIL: output line {number} is not JSON ({error}): {line[:120]}")
            return 1
        key = record_key(record, bounces_dir, envelopes)
        by_key.setdefault(key, []).append(record)

    expected_keys = {row["key"] for row in expected}
    expected_pairs = {(row["key"], row["recipient"]) for row in expected}
    rows_failed = 0
    for row in expected:
        problems = check_row(row, by_key.get(row["key"], []))
        mismatches += problems
        rows_failed += 1 if problems else 0

    for key, records in sorted(by_key.items()):
        if key not in expected_keys:
            mismatches.append(f"{key}: not in expected.tsv "
                              f"({len(records)} record(s); add its verdict to expected.tsv)")
            continue
        for r in records:
            recipient = normalize(r.get("recipient", ""))
            if (key, recipient) not in expected_pairs and r.get("category") in FAILURES:
                mismatches.append(f"{key}: unexpected {r.get('category')} record for "
                                  f"“{r.get('recipient', '')}”")

    for mismatch in mismatches:
        print(f"MISMATCH {mismatch}")
    print(f"{len(expected) - rows_failed}/{len(expected)} expected verdicts matched; "
          f"{len(mismatches)} mismatch(es) in all")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
