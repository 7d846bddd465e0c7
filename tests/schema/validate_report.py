#!/usr/bin/env python3
"""Validate pinprobe JSON output against its schema under schema/: the check report
(report-v1.schema.json, SPEC section 5, with the cross-field rules below), and the JSON of
scep, device, explain, cert and pins show (scep-v1, device-v1, explain-v1, cert, pins-show).

usage: validate_report.py SCHEMA REPORT              exit 0 when REPORT is valid, 1 when not
       validate_report.py SCHEMA REPORT --mutations  exit 0 when every broken variant of the
                                                     (valid) check REPORT is rejected, 1 otherwise

Uses the jsonschema module (Debian: python3-jsonschema). When it is missing the script exits
77 (CTest's SKIP_RETURN_CODE) locally, and fails with CI=true, where a missing prerequisite
must fail.
"""
import copy
import json
import os
import sys

SKIP = 77


def load_validator(schema_path):
    try:
        import jsonschema
    except ImportError:
        message = "python3 jsonschema module not installed (apt install python3-jsonschema)"
        if os.environ.get("CI") == "true":
            print("error: " + message, file=sys.stderr)
            sys.exit(1)
        print("skip: " + message, file=sys.stderr)
        sys.exit(SKIP)
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)  # the schema itself must be a valid JSON Schema
    return cls(schema)


def invariant_errors(report):
    """Cross-field rules a JSON Schema cannot say."""
    errors = []
    summary, targets = report.get("summary", {}), report.get("targets", [])
    if summary.get("targets") != len(targets):
        errors.append("summary.targets is %r but there are %d targets"
                      % (summary.get("targets"), len(targets)))
    counts = {"pass": 0, "warn": 0, "fail": 0}
    for t in targets:
        if t.get("verdict") in counts:
            counts[t["verdict"]] += 1
    for key, value in counts.items():
        if summary.get(key) != value:
            errors.append("summary.%s is %r but %d targets have verdict %s"
                          % (key, summary.get(key), value, key))
    order = {"pass": 0, "info": 0, "warn": 1, "fail": 2}
    for where, items in (("targets", targets), ("revocation", report.get("revocation", []))):
        for i, item in enumerate(items):
            worst = max((order.get(f.get("severity"), 0) for f in item.get("findings", [])),
                        default=0)
            expected = ["pass", "warn", "fail"][worst]
            if item.get("verdict") != expected:
                errors.append("%s[%d].verdict is %r but its worst finding says %r"
                              % (where, i, item.get("verdict"), expected))
    verdicts = [item.get("verdict") for item in targets + report.get("revocation", [])]
    run = ["pass", "warn", "fail"][max((order.get(v, 0) for v in verdicts), default=0)]
    if report.get("verdict") != run:
        errors.append("verdict is %r but the worst entry says %r" % (report.get("verdict"), run))
    return errors


def problems(validator, report):
    out = ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
           for e in sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))]
    if not out and isinstance(report, dict) and report.get("schema") == "pinprobe.report/v1":
        out = invariant_errors(report)
    return out


def set_path(doc, path, value):
    for key in path[:-1]:
        doc = doc[key]
    if value is DELETE:
        del doc[path[-1]]
    else:
        doc[path[-1]] = value


DELETE = object()

# Each mutation breaks one rule of the contract; the validator must reject every one.
MUTATIONS = [
    ("top-level verdict missing", ["verdict"], DELETE),
    ("verdict outside pass/warn/fail", ["verdict"], "error"),
    ("wrong schema id", ["schema"], "pinprobe.report/v2"),
    ("unknown top-level key", ["surprise"], 1),
    ("summary count negative", ["summary", "pass"], -1),
    ("summary disagrees with targets", ["summary", "targets"], 99),
    ("started_at not RFC 3339 UTC", ["started_at"], "23/11/2026 09:00"),
    ("lower-case finding code", ["targets", 0, "findings", 0, "code"], "tls_ok"),
    ("finding code with a dash", ["targets", 0, "findings", 0, "code"], "TLS-OK"),
    ("unknown severity", ["targets", 0, "findings", 0, "severity"], "critical"),
    ("finding without remediation", ["targets", 0, "findings", 0, "remediation"], DELETE),
    ("evidence value not a string", ["targets", 0, "findings", 0, "evidence", "n"], 3),
    ("target port out of range", ["targets", 0, "port"], 70000),
    ("target host missing", ["targets", 0, "host"], DELETE),
    ("dns status unknown", ["targets", 0, "dns", "status"], "resolved"),
    ("address family 5", ["targets", 0, "dns", "addresses", 0, "family"], 5),
    ("lower-case thumbprint", ["targets", 0, "tls", "chain", 0, "sha1_thumbprint"],
     "d5bc298984c44609399b894b7645de6dbe2642ac"),
    ("spki pin not base64 of 32 bytes", ["targets", 0, "tls", "chain", 0, "spki_pin"], "abc="),
    ("matched role unknown", ["targets", 0, "tls", "judgment", "matched_role"], "anchor"),
    ("revocation kind outside crl/ocsp/ca_issuers", ["revocation", 0, "kind"], "ldap"),
    ("revocation source outside chain/config", ["revocation", 0, "source"], "network"),
    ("http status not a number", ["revocation", 0, "http", "status"], "403"),
    ("skipped entry without reason", ["skipped", 0, "reason"], DELETE),
]


def check_mutations(validator, report):
    if problems(validator, report):
        print("the base report must be valid before mutating it", file=sys.stderr)
        return 1
    failed = 0
    for name, path, value in MUTATIONS:
        broken = copy.deepcopy(report)
        try:
            set_path(broken, path, value)
        except (KeyError, IndexError, TypeError):
            print("FAIL %s: path %r not in the report (make the sample richer)" % (name, path))
            failed += 1
            continue
        if problems(validator, broken):
            print("ok   rejected: %s" % name)
        else:
            print("FAIL accepted: %s" % name)
            failed += 1
    print("%d of %d broken reports rejected" % (len(MUTATIONS) - failed, len(MUTATIONS)))
    return 1 if failed else 0


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--mutations"):
        print(__doc__, file=sys.stderr)
        return 2
    validator = load_validator(argv[1])
    with open(argv[2], encoding="utf-8") as f:
        report = json.load(f)
    if len(argv) == 4:
        return check_mutations(validator, report)
    found = problems(validator, report)
    for p in found:
        print("%s: %s" % (argv[2], p))
    if not found:
        print("%s: valid against %s" % (argv[2], os.path.basename(argv[1])))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
