#!/usr/bin/env python3
"""The CI integrations: the GitHub Action (action.yml, ci/github/run-lethe.sh) and the GitLab
CI template (ci/gitlab/lethe.gitlab-ci.yml, run-lethe.sh, codequality.py).

Runs the action's script as the runner would, with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
GITHUB_WORKSPACE and RUNNER_TEMP set and the inputs in the LETHE_* variables action.yml maps
them to, against the built lethe on copies of the bundled samples: a passing export, one with
42 findings, paths with spaces, invalid input, extra arguments, an export by URL (from a local
server). Runs the GitLab job's script on a sample and checks its Code Quality report, and checks
both YAML files' structure: what a runner would refuse or silently get wrong (a step without a
shell, an input used but not declared, a report GitLab would not find).

Usage: check_ci_integrations.py LETHE SOURCE_DIR
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

import yaml

lethe, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
action_script = os.path.join(source, "ci", "github", "run-lethe.sh")
gitlab_script = os.path.join(source, "ci", "gitlab", "run-lethe.sh")
converter = os.path.join(source, "ci", "gitlab", "codequality.py")
failures = 0


def check(description, ok, detail=""):
    global failures
    if ok:
        print(f"ok    {description}")
    else:
        failures += 1
        print(f"FAIL  {description}" + (f"\n      {detail}" if detail else ""), file=sys.stderr)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def outputs(path):
    """The step outputs of a GITHUB_OUTPUT file (NAME<<DELIMITER form, and NAME=VALUE)."""
    result = {}
    lines = read(path).split("\n") if os.path.exists(path) else []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = re.fullmatch(r"([A-Za-z_][\w-]*)<<(.+)", line)
        if match:
            end = lines.index(match.group(2), i + 1)
            result[match.group(1)] = "\n".join(lines[i + 1 : end])
            i = end + 1
            continue
        if "=" in line:
            name, value = line.split("=", 1)
            result[name] = value
        i += 1
    return result


class Runner:
    """A fresh workspace, runner temp folder, outputs and summary files, as a job has."""

    def __init__(self, root, name):
        self.dir = os.path.join(root, name)
        self.workspace = os.path.join(self.dir, "work space")
        self.temp = os.path.join(self.dir, "runner temp")
        os.makedirs(self.workspace)
        os.makedirs(self.temp)
        self.output = os.path.join(self.temp, "output")
        self.summary = os.path.join(self.temp, "step summary.md")

    def copy_sample(self, sample, dest=None):
        shutil.copytree(os.path.join(source, "samples", sample),
                        os.path.join(self.workspace, dest or os.path.join("samples", sample)))

    def env(self, **settings):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LETHE_", "GITHUB_", "INPUT_"))}
        env.update(GITHUB_WORKSPACE=self.workspace, RUNNER_TEMP=self.temp, GITHUB_OUTPUT=self.output,
                   GITHUB_STEP_SUMMARY=self.summary, GITHUB_ACTION_PATH=source, GITHUB_ACTIONS="true",
                   LETHE_BIN=lethe, LETHE_AS_OF="2026-11-01", LETHE_FAIL_ON="low")
        env.update(settings)
        return env

    def step(self, command, **settings):
        """Runs a subcommand of the action's script from the runner's folder (not the workspace)."""
        return subprocess.run([action_script, command], cwd=self.dir, env=self.env(**settings),
                              capture_output=True, text=True, timeout=120)

    def scan_and_gate(self, **settings):
        """The scan step, its outputs, and the gate step's result, as action.yml chains them."""
        scan = self.step("scan", **settings)
        out = outputs(self.output)
        gate = self.step("gate", LETHE_EXIT_CODE=out.get("exit-code", ""))
        return scan, out, gate

    def summary_text(self):
        return read(self.summary) if os.path.exists(self.summary) else ""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def valid_sarif(path):
    try:
        sarif = json.loads(read(path))
    except (OSError, ValueError):
        return False
    return sarif.get("version") == "2.1.0" and isinstance(sarif.get("runs"), list)


def github_action(root):
    # A passing export: exit 0 all the way, every report written.
    runner = Runner(root, "compliant")
    runner.copy_sample("compliant-home")
    scan, out, gate = runner.scan_and_gate(LETHE_EXPORT="samples/compliant-home")
    check("compliant-home: the scan step succeeds", scan.returncode == 0, scan.stderr)
    check("compliant-home: exit-code=0", out.get("exit-code") == "0", out)
    check("compliant-home: findings=0", out.get("findings") == "0", out)
    sarif = out.get("sarif", "")
    check("compliant-home: the sarif output is the default lethe.sarif of the workspace",
          sarif == os.path.join(runner.workspace, "lethe.sarif"), sarif)
    check("compliant-home: the SARIF report is valid SARIF 2.1.0 JSON", valid_sarif(sarif))
    check("compliant-home: the json output is the JSON report",
          os.path.isfile(out.get("json", "")) and json.loads(read(out["json"]))["summary"]["exit_code"] == 0)
    check("compliant-home: the Markdown report is in the step summary",
          "Lethe audit: PASSED" in runner.summary_text(), runner.summary_text()[:300])
    check("compliant-home: the gate step exits 0", gate.returncode == 0, gate.stdout + gate.stderr)

    # 42 findings: the scan step still succeeds (the SARIF upload runs), the gate fails with 1.
    runner = Runner(root, "alexa")
    runner.copy_sample("alexa-household")
    scan, out, gate = runner.scan_and_gate(LETHE_EXPORT="samples/alexa-household")
    check("alexa-household: the scan step succeeds, for the upload after it", scan.returncode == 0, scan.stderr)
    check("alexa-household: exit-code=1", out.get("exit-code") == "1", out)
    check("alexa-household: findings=42", out.get("findings") == "42", out)
    check("alexa-household: the gate step exits 1", gate.returncode == 1, gate.stdout + gate.stderr)
    check("alexa-household: the gate says why, as an error annotation",
          "::error title=Lethe::exit 1: findings" in gate.stdout, gate.stdout)
    report = json.loads(read(out["json"])) if out.get("json") else {"rules": []}
    failed = [rule["id"] for rule in report["rules"] if rule["outcome"] == "failed"]
    summary = runner.summary_text()
    check("alexa-household: the summary says FAILED", "Lethe audit: FAILED" in summary)
    check(f"alexa-household: the summary names the {len(failed)} failed rules",
          failed and all(f"`{rule}`" in summary for rule in failed),
          [rule for rule in failed if f"`{rule}`" not in summary])
    check("alexa-household: the SARIF report is valid and has 42 results", valid_sarif(out["sarif"])
          and len(json.loads(read(out["sarif"]))["runs"][0]["results"]) == 42)
    check("alexa-household: SARIF locations are relative to the workspace (code scanning finds the files)",
          '"uri": "samples/alexa-household/"' in read(out["sarif"]).replace("\\/", "/")
          or "samples/alexa-household" in read(out["sarif"]))

    # Spaces everywhere: workspace, export, rules folder, report paths; rules one a line.
    runner = Runner(root, "spaces")
    runner.copy_sample("alexa-household", "my exports/alexa household")
    # Two of the bundled packs, one a line: alexa-household's ring finding is not among theirs.
    for pack, copy in [("amazon-alexa-order", "our rules/amazon pack"), ("coppa", "our rules/coppa pack")]:
        shutil.copytree(os.path.join(source, "rules", pack), os.path.join(runner.workspace, copy))
    scan, out, gate = runner.scan_and_gate(
        LETHE_EXPORT="my exports/alexa household", LETHE_RULES="our rules/amazon pack\n\nour rules/coppa pack\n",
        LETHE_SARIF="out dir/le the.sarif", LETHE_JSON="out dir/le the.json",
        LETHE_MARKDOWN="out dir/le the.md")
    check("spaces: the scan runs", scan.returncode == 0, scan.stderr)
    check("spaces: exit-code=1 and findings=41",
          (out.get("exit-code"), out.get("findings")) == ("1", "41"), f"{out}\n{scan.stderr}")
    check("spaces: the SARIF report is where asked, and valid",
          out.get("sarif") == os.path.join(runner.workspace, "out dir", "le the.sarif")
          and valid_sarif(out["sarif"]), out)
    check("spaces: the rules given were used",
          os.path.isfile(out.get("json", "")) and
          json.loads(read(out["json"]))["rule_sources"] == ["our rules/amazon pack", "our rules/coppa pack"],
          out.get("json"))
    check("spaces: the gate exits 1", gate.returncode == 1)

    # Invalid input: lethe's exit 2 and its message reach the log, an annotation and the summary.
    runner = Runner(root, "missing")
    scan, out, gate = runner.scan_and_gate(LETHE_EXPORT="no such export")
    check("missing export: the scan step runs to the end", scan.returncode == 0, scan.stderr)
    check("missing export: exit-code=2", out.get("exit-code") == "2", out)
    check("missing export: no sarif or json output (no upload of a stale file)",
          not out.get("sarif") and not out.get("json") and out.get("findings") == "", out)
    check("missing export: lethe's message is in the log", "no such export" in scan.stderr, scan.stderr)
    check("missing export: and in an error annotation",
          re.search(r"^::error title=Lethe: exit 2::.*no such export", scan.stdout, re.M), scan.stdout)
    check("missing export: and in the summary",
          "exit 2" in runner.summary_text() and "no such export" in runner.summary_text(),
          runner.summary_text())
    check("missing export: the gate exits 2", gate.returncode == 2)

    runner = Runner(root, "bad-fail-on")
    runner.copy_sample("compliant-home")
    scan, out, gate = runner.scan_and_gate(LETHE_EXPORT="samples/compliant-home", LETHE_FAIL_ON="bogus")
    check("fail-on bogus: exit-code=2 with lethe's message, gate exits 2",
          out.get("exit-code") == "2" and "bogus" in scan.stderr and gate.returncode == 2,
          f"{out}\n{scan.stderr}")

    # Extra arguments: quoting as xargs reads it, nothing expanded.
    runner = Runner(root, "args")
    runner.copy_sample("alexa-household")
    marker = "expanded"  # a file lethe would make in the workspace, were $(...) run
    scan, out, gate = runner.scan_and_gate(
        LETHE_EXPORT="samples/alexa-household",
        LETHE_ARGS=f"--select 'amazon.*' --param \"amazon.deletion-request-overdue.grace_days=30\""
                   f" --max-per-rule 1000 --report \"csv=$(touch {marker})x.csv\"")
    report = json.loads(read(out["json"])) if out.get("json") else {}
    check("args: quoted arguments reach lethe as one each",
          [s.get("pattern") for s in report.get("scope", {}).get("select", [])] == ["amazon.*"],
          f"{out}\n{scan.stderr}")
    check("args: nothing in them is expanded",
          not os.path.exists(os.path.join(runner.workspace, marker))
          and os.path.exists(os.path.join(runner.workspace, f"$(touch {marker})x.csv")), scan.stderr)
    runner = Runner(root, "args-unbalanced")
    scan = runner.step("scan", LETHE_EXPORT="samples/alexa-household", LETHE_ARGS="--select 'amazon.*")
    check("args: unbalanced quotes stop the step with exit 2 and say so",
          scan.returncode == 2 and "unbalanced quotes" in scan.stderr, scan.stderr)

    # An export given by URL: downloaded into RUNNER_TEMP under its own name (lethe tells an
    # archive by its extension), the query left out. A local server, nothing leaves the machine.
    served = os.path.join(root, "served")
    os.makedirs(served)
    home = os.path.join(source, "samples", "compliant-home")
    subprocess.run(["tar", "-C", home, "-czf", os.path.join(served, "home.tar.gz"), *sorted(os.listdir(home))],
                   check=True)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=served))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        runner = Runner(root, "url")
        scan, out, gate = runner.scan_and_gate(LETHE_EXPORT=f"{base}/home.tar.gz?token=abc")
        check("export URL: downloaded and audited, exit-code=0",
              out.get("exit-code") == "0" and gate.returncode == 0 and
              os.path.isfile(os.path.join(runner.temp, "lethe-export", "home.tar.gz")), f"{out}\n{scan.stderr}")
        runner = Runner(root, "url-404")
        scan = runner.step("scan", LETHE_EXPORT=f"{base}/missing.zip")
        check("export URL not found: exit 2, naming it",
              scan.returncode == 2 and "could not download" in scan.stderr, scan.stderr)
    finally:
        server.shutdown()

    # fail-on-new-only is a boolean; the gate refuses a missing exit code.
    runner = Runner(root, "bad-bool")
    scan = runner.step("scan", LETHE_EXPORT="x", LETHE_FAIL_ON_NEW_ONLY="maybe")
    check("fail-on-new-only maybe: exit 2, saying it must be true or false",
          scan.returncode == 2 and "true or false" in scan.stderr, scan.stderr)
    gate = runner.step("gate", LETHE_EXIT_CODE="")
    check("gate without an exit code: exit 2", gate.returncode == 2 and "did not run" in gate.stderr)
    install = runner.step("install", LETHE_BIN="", LETHE_DEB=os.path.join(runner.dir, "no.deb"))
    check("install of a .deb that is not there: exit 2, naming it",
          install.returncode == 2 and "no such .deb" in install.stderr, install.stderr)
    install = runner.step("install", LETHE_BIN=lethe)
    check("install with a lethe given: output lethe is it, no install",
          install.returncode == 0 and outputs(runner.output).get("lethe") == os.path.abspath(lethe),
          install.stderr)


def gitlab_job(root):
    work = os.path.join(root, "gitlab project")
    os.makedirs(os.path.join(work, "samples"))
    shutil.copytree(os.path.join(source, "samples", "alexa-household"),
                    os.path.join(work, "samples", "alexa-household"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LETHE_")}
    env.update(LETHE_BIN=lethe, LETHE_EXPORT="samples/alexa-household", LETHE_AS_OF="2026-11-01",
               LETHE_FAIL_ON="low", CI_PROJECT_DIR=work)
    job = subprocess.run([gitlab_script, "scan"], cwd=work, env=env, capture_output=True, text=True,
                         timeout=120)
    check("gitlab: the job fails with lethe's exit 1", job.returncode == 1, job.stdout + job.stderr)
    for name in ["lethe-junit.xml", "lethe.json", "lethe.sarif", "lethe.html", "gl-code-quality-report.json"]:
        check(f"gitlab: {name} is written", os.path.isfile(os.path.join(work, name)))
    report = json.loads(read(os.path.join(work, "lethe.json")))
    issues = json.loads(read(os.path.join(work, "gl-code-quality-report.json")))
    check("gitlab: the Code Quality report is an array of 42 issues",
          isinstance(issues, list) and len(issues) == 42, len(issues))
    required = all(isinstance(i.get("description"), str) and i["description"]
                   and isinstance(i.get("check_name"), str) and isinstance(i.get("fingerprint"), str)
                   and isinstance(i.get("location", {}).get("path"), str)
                   and isinstance(i["location"].get("lines", {}).get("begin"), int)
                   and i["location"]["lines"]["begin"] >= 1 for i in issues)
    check("gitlab: every issue has description, check_name, fingerprint, location.path, lines.begin", required)
    mapping = {"info": "info", "low": "minor", "medium": "major", "high": "critical", "critical": "blocker"}
    expected = {mapping[s]: n for s, n in report["summary"]["by_severity"].items() if n}
    got = {}
    for issue in issues:
        got[issue["severity"]] = got.get(issue["severity"], 0) + 1
    check("gitlab: severities map info/low/medium/high/critical to info/minor/major/critical/blocker",
          got == expected, f"{got} != {expected}")
    first = report["findings"][0]
    check("gitlab: an issue is its finding (rule, message, fingerprint)",
          (issues[0]["check_name"], issues[0]["description"], issues[0]["fingerprint"])
          == (first["rule"], first["message"], first["fingerprint"]))
    check("gitlab: paths are the project's files, lines those of the findings",
          all(os.path.isfile(os.path.join(work, i["location"]["path"])) for i in issues)
          and issues[0]["location"] == {"path": "samples/alexa-household/" + first["location"]["file"],
                                        "lines": {"begin": first["location"]["line"]}},
          issues[0]["location"])
    check("gitlab: fingerprints are unique", len({i["fingerprint"] for i in issues}) == len(issues))

    # Waived findings are left out, shared fingerprints made unique, an absolute export made
    # relative to --root.
    report["findings"][0]["status"] = "waived"
    report["findings"].append(dict(report["findings"][1]))
    report["export"]["path"] = os.path.join(work, "samples", "alexa-household")
    edited = os.path.join(root, "edited.json")
    with open(edited, "w", encoding="utf-8") as f:
        json.dump(report, f)
    run = subprocess.run([sys.executable, converter, edited, "--root", work], capture_output=True,
                         text=True, timeout=60)
    issues = json.loads(run.stdout) if run.returncode == 0 else []
    check("codequality.py: a waived finding is left out, a duplicate kept", len(issues) == 42, run.stderr)
    check("codequality.py: a shared fingerprint is made unique",
          len({i["fingerprint"] for i in issues}) == len(issues))
    check("codequality.py: an absolute export under --root gives relative paths",
          issues and all(i["location"]["path"].startswith("samples/alexa-household/") for i in issues),
          issues[:1])
    run = subprocess.run([sys.executable, converter, os.path.join(work, "lethe-junit.xml")],
                         capture_output=True, text=True, timeout=60)
    check("codequality.py: a file that is not a lethe JSON report: exit 2", run.returncode == 2, run.stderr)


def expressions(text):
    return re.findall(r"\$\{\{(.*?)\}\}", text)


def action_yaml():
    path = os.path.join(source, "action.yml")
    text = read(path)
    action = yaml.safe_load(text)
    check("action.yml: name and description", bool(action.get("name")) and bool(action.get("description")))
    inputs, outputs_ = action.get("inputs", {}), action.get("outputs", {})
    for name in ["export", "manifest", "rules", "as-of", "fail-on", "waivers", "baseline",
                 "fail-on-new-only", "config", "args", "sarif", "upload-sarif", "summary", "deb"]:
        check(f"action.yml: input {name} is declared with a description",
              name in inputs and bool(inputs[name].get("description")))
    check("action.yml: export is required", inputs.get("export", {}).get("required") is True)
    defaults = {"fail-on": "low", "sarif": "lethe.sarif", "upload-sarif": "true", "summary": "true"}
    for name, default in defaults.items():
        check(f"action.yml: {name} defaults to {default}", str(inputs.get(name, {}).get("default")) == default)
    for name in ["exit-code", "sarif", "json", "findings"]:
        check(f"action.yml: output {name} has a description and a value",
              name in outputs_ and outputs_[name].get("description") and outputs_[name].get("value"))
    runs = action.get("runs", {})
    check("action.yml: runs.using is composite", runs.get("using") == "composite")
    steps = runs.get("steps", [])
    ids = []
    for n, step in enumerate(steps):
        label = step.get("name", f"step {n + 1}")
        check(f"action.yml: step '{label}' has either run (with a shell) or uses",
              ("run" in step) != ("uses" in step) and ("run" not in step or step.get("shell")))
        for expression in expressions(yaml.safe_dump(step)):
            for used in re.findall(r"steps\.([\w-]+)\.", expression):
                check(f"action.yml: step '{label}' refers to an earlier step ({used})", used in ids)
        if "id" in step:
            ids.append(step["id"])
        for var in re.findall(r"\$GITHUB_ACTION_PATH/([\w./-]+)", step.get("run", "")):
            script = os.path.join(source, var)
            check(f"action.yml: {var} exists and is executable", os.access(script, os.X_OK))
    for expression in expressions(text):
        for used in re.findall(r"inputs\.([\w-]+)", expression):
            check(f"action.yml: inputs.{used} is declared", used in inputs)
        for step_id in re.findall(r"steps\.([\w-]+)\.", expression):
            check(f"action.yml: steps.{step_id} is a step", step_id in ids)
    upload = [s for s in steps if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    check("action.yml: SARIF goes up with codeql-action/upload-sarif@v3, always, with a category",
          len(upload) == 1 and upload[0]["uses"].endswith("@v3")
          and "always()" in str(upload[0].get("if")) and upload[0].get("with", {}).get("category"))
    # Every LETHE_* the scripts read is set by a step, and every one set is read.
    scripts = read(action_script) + read(os.path.join(source, "ci", "lethe-ci.sh"))
    read_vars = set(re.findall(r"\$\{?(LETHE_[A-Z_]+)", scripts))
    set_vars = {name for step in steps for name in step.get("env", {})}
    check("action.yml: the steps set every LETHE_* the scripts read", read_vars <= set_vars,
          sorted(read_vars - set_vars))
    check("action.yml: every LETHE_* a step sets is read", set_vars <= read_vars, sorted(set_vars - read_vars))


def gitlab_yaml():
    path = os.path.join(source, "ci", "gitlab", "lethe.gitlab-ci.yml")
    template = yaml.safe_load(read(path))
    job = template.get(".lethe-scan", {})
    check("gitlab template: the hidden job .lethe-scan", bool(job) and
          all(name.startswith(".") for name in template))
    check("gitlab template: image debian:12", job.get("image") == "debian:12")
    check("gitlab template: script is a list of strings",
          isinstance(job.get("script"), list) and all(isinstance(s, str) for s in job["script"]))
    artifacts = job.get("artifacts", {})
    check("gitlab template: artifacts when: always", artifacts.get("when") == "always")
    reports = artifacts.get("reports", {})
    check("gitlab template: reports junit lethe-junit.xml and codequality gl-code-quality-report.json",
          reports.get("junit") == "lethe-junit.xml"
          and reports.get("codequality") == "gl-code-quality-report.json")
    check("gitlab template: JSON, SARIF and HTML reports kept",
          {"lethe.json", "lethe.sarif", "lethe.html"} <= set(artifacts.get("paths", [])))
    variables = job.get("variables", {})
    check("gitlab template: variables are strings", all(isinstance(v, str) for v in variables.values()))
    scripts = read(gitlab_script) + read(os.path.join(source, "ci", "lethe-ci.sh"))
    read_vars = set(re.findall(r"\$\{?(LETHE_[A-Z_]+)", scripts))
    # Set by the job itself, or paths of the reports the artifacts name (the defaults are theirs).
    internal = {"LETHE_BIN", "LETHE_BUILD_DIR", "LETHE_JUNIT", "LETHE_JSON", "LETHE_SARIF", "LETHE_HTML",
                "LETHE_CODEQUALITY", "LETHE_SOURCE", "LETHE_GIT_URL", "LETHE_GIT_REF"}
    check("gitlab template: declares every setting the script reads",
          read_vars - internal <= set(variables), sorted(read_vars - internal - set(variables)))


with tempfile.TemporaryDirectory() as root:
    action_yaml()
    gitlab_yaml()
    github_action(root)
    gitlab_job(root)
print(f"{failures} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
