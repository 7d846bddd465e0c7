#!/usr/bin/env python3
"""Assert that pinprobe's exit status is the one its JSON report implies (SPEC section 1).

usage: exit_status.py REPORT.json RC [--strict]

0 when no finding (of a target or a revocation entry) has severity fail (nor warn with
--strict), else 1. Exits 0 when RC is that status, 1 (naming both) when it is not. The
integration scripts call it after every `pinprobe check --format json`, so that no exit status
is accepted without being checked.
"""
import json
import sys


def implied_status(report, strict):
    failing = {"fail", "warn"} if strict else {"fail"}
    entries = report.get("targets", []) + report.get("revocation", [])
    return 1 if any(f["severity"] in failing for e in entries for f in e["findings"]) else 0


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--strict"):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        report = json.load(f)
    rc = int(argv[2])
    want = implied_status(report, len(argv) == 4)
    if rc != want:
        codes = [(f["code"], f["severity"]) for e in report.get("targets", []) +
                 report.get("revocation", []) for f in e["findings"]]
        print(f"pinprobe exited {rc}, but its findings imply {want}: {codes}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
