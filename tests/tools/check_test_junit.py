#!/usr/bin/python3
"""Parses the JUnit report of `lethe test` on the rule-test fixture packs and checks that every
count attribute agrees with the testcases under it. Usage: check_test_junit.py LETHE_BINARY SOURCE_DIR"""
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

lethe, source = sys.argv[1], sys.argv[2]
packs = ["tests/fixtures/rule-tests/" + pack for pack in ("passing", "failing", "broken")]
run = subprocess.run([lethe, "test", "--format", "junit", *packs], cwd=source, capture_output=True, text=True)
root = ElementTree.fromstring(run.stdout)


def check(label, actual, expected):
    print(f"{'ok  ' if actual == expected else 'FAIL'} {label}: {actual} (expected {expected})")
    return actual == expected


def counts(cases):
    return {"tests": str(len(cases)),
            "failures": str(sum(c.find("failure") is not None for c in cases)),
            "errors": str(sum(c.find("error") is not None for c in cases))}


suites = root.findall("testsuite")
cases = root.findall("./testsuite/testcase")
results = [
    check("exit code (a case could not run)", run.returncode, 2),
    check("root", root.tag, "testsuites"),
    check("suite counts", [{k: s.get(k) for k in ("tests", "failures", "errors")} for s in suites],
          [counts(s.findall("testcase")) for s in suites]),
    check("run counts", {k: root.get(k) for k in ("tests", "failures", "errors")}, counts(cases)),
    check("one testsuite per test file", len({s.get("name") for s in suites}), len(suites)),
    check("every suite is a test file", all(s.get("name").endswith(".test.yaml") for s in suites), True),
    check("every testcase has a classname, a name and a file",
          all(c.get("classname") and c.get("name") and c.get("file") for c in cases), True),
    check("failures and errors have a message and text",
          all(e.get("message") and e.text for c in cases for e in c if e.tag in ("failure", "error")), True),
    check("the untested rule fails", [c.get("classname") for c in cases if c.get("name") == "no test file"],
          ["t.untested"]),
    check("the failure text is the text format's block",
          root.find("./testsuite/testcase[@name='expects another reason']/failure").text,
          "FAIL tests/fixtures/rule-tests/failing/in-force.test.yaml:7: t.in-force: expects another reason\n"
          "  expected reason: in force from 2023-01-01\n"
          "  reason:          in force from 2024-01-01\n"),
    check("the same report twice", subprocess.run([lethe, "test", "--format", "junit", *packs], cwd=source,
                                                  capture_output=True, text=True).stdout == run.stdout, True),
]
sys.exit(0 if all(results) else 1)
