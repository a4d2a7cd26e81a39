#!/usr/bin/python3
"""Parses the JUnit report of the scan fixture and checks its counts against the rule outcomes.
Usage: check_junit.py LETHE_BINARY SOURCE_DIR"""
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

lethe, source = sys.argv[1], sys.argv[2]


def junit(*extra):
    run = subprocess.run([lethe, "scan", "tests/fixtures/scan/export", "--rules", "tests/fixtures/scan/rules",
                          "--as-of", "2026-11-01", "--format", "junit", *extra],
                         cwd=source, capture_output=True, text=True)
    return ElementTree.fromstring(run.stdout)


def check(label, actual, expected):
    print(f"{'ok  ' if actual == expected else 'FAIL'} {label}: {actual} (expected {expected})")
    return actual == expected


root = junit()
suites = root.findall("testsuite")
cases = root.findall("./testsuite/testcase")
ok = all([
    check("testsuites", [s.get("name") for s in suites], ["rules"]),
    check("testcases", len(cases), 7),
    check("tests attribute", root.get("tests"), "7"),
    # t.inactive-child-profile and t.voice-after-request; t.transcript-text's info findings do not fail.
    check("failures", sorted(c.get("name") for c in cases if c.find("failure") is not None),
          ["t.inactive-child-profile", "t.voice-after-request"]),
    check("failures attribute", root.get("failures"), "2"),
    check("skipped", sorted(c.get("name") for c in cases if c.find("skipped") is not None), ["t.future", "t.videos"]),
    check("errors", sorted(c.get("name") for c in cases if c.find("error") is not None), ["t.needs-consent"]),
    check("failure text lists the findings",
          [line.split(" ")[0] for line in
           root.find("./testsuite/testcase[@name='t.voice-after-request']/failure").text.strip().splitlines()],
          ["voice_recordings.csv:2", "voice_recordings.csv:3"]),
    check("failures with --fail-on info", junit("--fail-on", "info").get("failures"), "3"),
    check("failures with --fail-on never", junit("--fail-on", "never").get("failures"), "0"),
])
sys.exit(0 if ok else 1)
