#!/usr/bin/python3
"""Validates JSON scan reports against docs/report.schema.json: every golden report, plus any
files named on the command line. Exits 1 on the first invalid report."""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parents[2]
schema = json.loads((root / "docs" / "report.schema.json").read_text())
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

reports = sorted((root / "tests" / "golden").glob("**/*.json")) + [pathlib.Path(p) for p in sys.argv[1:]]
if not reports:
    sys.exit("no reports to validate")
for report in reports:
    errors = sorted(validator.iter_errors(json.loads(report.read_text())), key=lambda e: list(e.path))
    for error in errors:
        print(f"{report}: {'/'.join(map(str, error.path))}: {error.message}")
    if errors:
        sys.exit(1)
print(f"{len(reports)} reports valid")
