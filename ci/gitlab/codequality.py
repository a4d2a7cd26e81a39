#!/usr/bin/env python3
"""Converts a lethe JSON report (`--report json=FILE`) to a GitLab Code Quality report.

GitLab reads a JSON array of Code Climate issues (artifacts:reports:codequality) and shows them
in merge requests, new and fixed ones against the target branch by their fingerprint:

    [{"description", "check_name", "fingerprint", "severity",
      "location": {"path", "lines": {"begin"}}, ...}]

Usage: codequality.py LETHE.json [OUTPUT.json] [--root DIR]

- severity: lethe's info, low, medium, high, critical are GitLab's info, minor, major,
  critical, blocker;
- location.path: the export's path as lethe was given it, joined with the finding's file
  (relative to the export), so that it is a path of the repository when lethe ran at its root;
  an absolute path under --root (default: the current folder, $CI_PROJECT_DIR in a job) is made
  relative to it. A file of a database export (a postgresql:// URL) is kept as it is;
- fingerprint: lethe's own (rule, dataset and key: stable across runs and row order), made
  unique when two findings share one (a duplicate key), since GitLab counts an issue once per
  fingerprint;
- waived findings are left out: they are reviewed exceptions, which fail nothing, and Code
  Quality has no way to show an issue as accepted. The baseline's fixed findings are left out
  too: GitLab finds fixed issues itself, by comparing with the target branch's report.

Python's standard library only (no jsonschema, no yaml): the converter runs in the job's image.
Exit 0 when written, 2 when the input is not a lethe JSON report.
"""

import hashlib
import json
import os
import posixpath
import sys

SEVERITIES = {
    "info": "info",
    "low": "minor",
    "medium": "major",
    "high": "critical",
    "critical": "blocker",
}


def repository_path(export_path, file, root):
    """The finding's file as a path of the repository (or as lethe wrote it)."""
    if "://" in file:
        return file
    path = posixpath.normpath(posixpath.join(export_path.replace(os.sep, "/"), file))
    if posixpath.isabs(path):
        root = posixpath.normpath(os.path.abspath(root).replace(os.sep, "/"))
        if path == root or path.startswith(root.rstrip("/") + "/"):
            path = posixpath.relpath(path, root)
    return path


def issue_body(finding):
    """The issue's longer text: the rule's title and its citations, in Markdown."""
    lines = [f"**{finding['rule']}**: {finding.get('title', '')}"]
    if finding.get("dataset"):
        lines.append(f"Dataset `{finding['dataset']}`, key `{finding.get('key')}`.")
    for citation in finding.get("citations") or []:
        lines.append(f"- {citation}")
    return "\n\n".join(lines)


def convert(report, root):
    """The Code Quality issues of a lethe JSON report."""
    if not isinstance(report, dict) or not isinstance(report.get("findings"), list):
        raise ValueError("not a lethe JSON report: no findings array")
    export = report.get("export") or {}
    export_path = (export.get("path") or "") if isinstance(export, dict) else ""
    issues = []
    seen = {}
    for finding in report["findings"]:
        if finding.get("status") == "waived":
            continue
        severity = SEVERITIES.get(finding.get("severity"))
        if severity is None:
            raise ValueError(f"finding of {finding.get('rule')}: unknown severity {finding.get('severity')!r}")
        location = finding.get("location") or {}
        fingerprint = finding.get("fingerprint") or hashlib.md5(
            json.dumps([finding.get("rule"), finding.get("dataset"), finding.get("key")]).encode()
        ).hexdigest()
        count = seen.get(fingerprint, 0)
        seen[fingerprint] = count + 1
        if count:
            fingerprint = hashlib.md5(f"{fingerprint}:{count}".encode()).hexdigest()
        issues.append(
            {
                "type": "issue",
                "description": finding.get("message") or finding.get("title") or finding["rule"],
                "check_name": finding["rule"],
                "categories": ["Security"],
                "content": {"body": issue_body(finding)},
                "fingerprint": fingerprint,
                "severity": severity,
                "location": {
                    "path": repository_path(export_path, location.get("file") or "", root),
                    "lines": {"begin": max(1, int(location.get("line") or 1))},
                },
            }
        )
    return issues


def main(argv):
    root = os.getcwd()
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--root" and i + 1 < len(argv):
            root = argv[i + 1]
            i += 2
            continue
        args.append(argv[i])
        i += 1
    if len(args) not in (1, 2) or args[0].startswith("-"):
        print("usage: codequality.py LETHE.json [OUTPUT.json] [--root DIR]", file=sys.stderr)
        return 2
    try:
        with open(args[0], encoding="utf-8") as f:
            issues = convert(json.load(f), root)
    except (OSError, ValueError, TypeError, KeyError) as error:
        print(f"codequality.py: {args[0]}: {error}", file=sys.stderr)
        return 2
    text = json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
    if len(args) == 2:
        with open(args[1], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
