#!/usr/bin/python3
"""Validates the YAML files of the source tree against the JSON Schemas of docs/schemas.

Every YAML file under rules/, samples/ and tests/ (and the fuzz corpora of the manifest, rule and
waivers/config parsers) is of one kind, told by its name and place and, where it has one, by its
`# yaml-language-server: $schema=...` first line (which must then agree). Each file lethe accepts
must validate. Each file lethe refuses is listed in REFUSED with what its schema must say:
`structural` (an unknown key, a wrong type, a missing key, a value outside an enum or a grammar:
the schema rejects it too), `semantic` (what only lethe can check, such as an expression's types
or a dataset's name: the schema accepts it) or `unreadable` (not YAML that lethe reads). A file
no rule of this script places, or a listed file that is not there, fails the check, and so does
a case whose verdict moves. The bundled files (rules/, samples/) must name their schema.

YAML is read as yaml-language-server reads it (YAML 1.2's core schema: 2026-01-31 is a string,
yes is a string, 0o17 and 0x1f are numbers; keys become strings). lethe's reader, yaml-cpp, keeps
every scalar's text: the schemas accept a number or a boolean wherever lethe reads a text.

Usage: yaml_schemas.py [SOURCE_DIR]; lists every mismatch, then exits 1 if there was one."""
import json
import pathlib
import re
import sys

import jsonschema
import yaml

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
schemas_dir = root / "docs" / "schemas"
KINDS = ["manifest", "rule", "rule-test", "waivers", "config", "pack-schema"]

validators = {}
for kind in KINDS:
    schema = json.loads((schemas_dir / f"{kind}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    for key in ("$id", "title", "description"):
        if key not in schema:
            sys.exit(f"docs/schemas/{kind}.schema.json: no {key}")
    validators[kind] = jsonschema.Draft202012Validator(schema)


# YAML 1.2's core schema, as yaml-language-server reads it (PyYAML's own is YAML 1.1's).
class CoreLoader(yaml.SafeLoader):
    pass


CoreLoader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]:
    CoreLoader.add_implicit_resolver(tag, re.compile(pattern), first)


def core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def core_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


CoreLoader.add_constructor("tag:yaml.org,2002:int", core_int)
CoreLoader.add_constructor("tag:yaml.org,2002:float", core_float)
CoreLoader.add_constructor("tag:yaml.org,2002:bool", lambda loader, node: loader.construct_scalar(node).lower() == "true")

# A value that aliases make larger than this ("billion laughs") is cut to its first item at each
# level, keeping its shape: schemas check types and keys, and a message would print it whole.
MAX_EXPANDED = 10000


def to_json(value):
    """The YAML value as JSON: keys as strings, shared (aliased) values kept shared."""
    sizes, converted = {}, {}

    def size(v):
        if not isinstance(v, (list, dict)):
            return 1
        if id(v) not in sizes:
            sizes[id(v)] = 0  # a recursive alias counts once
            children = v.values() if isinstance(v, dict) else v
            sizes[id(v)] = min(1 + sum(size(c) for c in children), 10 * MAX_EXPANDED)
        return sizes[id(v)]

    def key(k):
        if isinstance(k, bool):
            return "true" if k else "false"
        return "null" if k is None else str(k)

    def convert(v):
        if not isinstance(v, (list, dict)):
            return v
        if id(v) in converted:
            return converted[id(v)]
        big = size(v) > MAX_EXPANDED
        if isinstance(v, dict):
            out = {}
            converted[id(v)] = out
            for k, item in v.items():
                out[key(k)] = convert(item)
        else:
            out = []
            converted[id(v)] = out
            out.extend(convert(item) for item in (v[:1] if big else v))
        return out

    return convert(value)


def semantic(reason):
    return ("semantic", reason)


def structural(reason):
    return ("structural", reason)


def unreadable(reason):
    return ("unreadable", reason)


# Every file lethe refuses, by path and kind, and what its schema must say.
INVALID_RULES = "tests/rules/invalid/"
REFUSED = {
    (INVALID_RULES + "01-unknown-field.yaml", "rule"): semantic("a field the dataset lacks"),
    (INVALID_RULES + "02-unknown-alias.yaml", "rule"): semantic("an alias never bound"),
    (INVALID_RULES + "03-unknown-dataset-from.yaml", "rule"): semantic("from names no dataset"),
    (INVALID_RULES + "04-unknown-dataset-exists.yaml", "rule"): semantic("exists() names no dataset"),
    (INVALID_RULES + "05-unknown-param.yaml", "rule"): semantic("a name that is no parameter"),
    (INVALID_RULES + "06-timestamp-vs-string.yaml", "rule"): semantic("a comparison's types"),
    (INVALID_RULES + "07-duration-as-value.yaml", "rule"): semantic("a duration's use"),
    (INVALID_RULES + "08-duration-alone-compare.yaml", "rule"): semantic("a duration's use"),
    (INVALID_RULES + "09-where-not-boolean.yaml", "rule"): semantic("where's type"),
    (INVALID_RULES + "10-compare-with-null.yaml", "rule"): semantic("= null"),
    (INVALID_RULES + "11-missing-id.yaml", "rule"): structural("no id"),
    (INVALID_RULES + "12-missing-severity.yaml", "rule"): structural("no severity"),
    (INVALID_RULES + "13-missing-from.yaml", "rule"): structural("no from"),
    (INVALID_RULES + "14-missing-where.yaml", "rule"): structural("no where"),
    (INVALID_RULES + "15-unknown-key.yaml", "rule"): structural("unknown key wher"),
    (INVALID_RULES + "16-bad-severity.yaml", "rule"): structural("severity outside the enum"),
    (INVALID_RULES + "17-bad-id.yaml", "rule"): structural("an id outside the id grammar"),
    (INVALID_RULES + "18-from-without-alias.yaml", "rule"): structural("from without an alias"),
    (INVALID_RULES + "19-unterminated-string.yaml", "rule"): semantic("an expression's syntax"),
    (INVALID_RULES + "20-double-quoted-string.yaml", "rule"): semantic("an expression's syntax"),
    (INVALID_RULES + "21-missing-paren.yaml", "rule"): semantic("an expression's syntax"),
    (INVALID_RULES + "22-chained-comparison.yaml", "rule"): semantic("an expression's syntax"),
    (INVALID_RULES + "23-unknown-function.yaml", "rule"): semantic("an unknown function"),
    (INVALID_RULES + "24-bad-timestamp-literal.yaml", "rule"): semantic("a timestamp literal in where"),
    (INVALID_RULES + "25-in-type-mismatch.yaml", "rule"): semantic("in's types"),
    (INVALID_RULES + "26-duration-of-string.yaml", "rule"): semantic("a duration's argument"),
    (INVALID_RULES + "27-arith-on-strings.yaml", "rule"): semantic("+'s types"),
    (INVALID_RULES + "28-alias-reused.yaml", "rule"): semantic("an alias bound twice"),
    (INVALID_RULES + "29-alias-alone.yaml", "rule"): semantic("an alias without a field"),
    (INVALID_RULES + "30-list-param-outside-in.yaml", "rule"): semantic("a list parameter's use"),
    (INVALID_RULES + "31-not-on-string.yaml", "rule"): semantic("not's type"),
    (INVALID_RULES + "32-message-unknown-field.yaml", "rule"): semantic("a message field the dataset lacks"),
    (INVALID_RULES + "33-message-other-alias.yaml", "rule"): semantic("a message alias of a not exists"),
    (INVALID_RULES + "34-message-unterminated.yaml", "rule"): semantic("a message template's syntax"),
    (INVALID_RULES + "35-bad-applies-from.yaml", "rule"): structural("applies_from outside ISO 8601"),
    (INVALID_RULES + "36-param-list-mixed.yaml", "rule"): semantic("a list parameter of two types"),
    (INVALID_RULES + "37-boolean-ordering.yaml", "rule"): semantic("< on booleans"),
    (INVALID_RULES + "38-invalid-yaml.yaml", "rule"): unreadable("an unclosed flow sequence"),
    (INVALID_RULES + "39-lower-of-timestamp.yaml", "rule"): semantic("lower()'s type"),
    (INVALID_RULES + "40-coalesce-mixed.yaml", "rule"): semantic("coalesce()'s types"),
    (INVALID_RULES + "41-deep-field-error-in-block.yaml", "rule"): semantic("a field the dataset lacks"),
    (INVALID_RULES + "42-between-mixed-types.yaml", "rule"): semantic("between's types"),
    (INVALID_RULES + "43-between-null-end.yaml", "rule"): semantic("between null"),
    (INVALID_RULES + "44-like-of-timestamp.yaml", "rule"): semantic("like's type"),
    (INVALID_RULES + "45-like-pattern-field.yaml", "rule"): semantic("like's pattern"),
    (INVALID_RULES + "46-like-long-escape.yaml", "rule"): semantic("like's escape"),
    (INVALID_RULES + "47-count-where-not-boolean.yaml", "rule"): semantic("count()'s where type"),
    (INVALID_RULES + "48-count-unknown-dataset.yaml", "rule"): semantic("count() names no dataset"),
    (INVALID_RULES + "49-count-compared-with-string.yaml", "rule"): semantic("a comparison's types"),
    (INVALID_RULES + "50-count-distinct-null.yaml", "rule"): semantic("count(distinct null)"),
    (INVALID_RULES + "51-count-reused-alias.yaml", "rule"): semantic("an alias bound twice"),
    (INVALID_RULES + "52-substr-from-zero.yaml", "rule"): semantic("substr()'s start"),
    (INVALID_RULES + "53-length-of-boolean.yaml", "rule"): semantic("length()'s type"),
    (INVALID_RULES + "54-upper-of-integer.yaml", "rule"): semantic("upper()'s type"),
    (INVALID_RULES + "55-message-count-alias.yaml", "rule"): semantic("a message alias of a count"),
    (INVALID_RULES + "56-message-nested-alias.yaml", "rule"): semantic("a message alias of a nested exists"),
    (INVALID_RULES + "57-message-unknown-related-field.yaml", "rule"): semantic("a message field the dataset lacks"),
    (INVALID_RULES + "58-message-alias-twice.yaml", "rule"): semantic("an alias of two exists()"),
    (INVALID_RULES + "59-between-operator-typo.yaml", "rule"): semantic("an expression's syntax"),
    (INVALID_RULES + "60-matches-invalid.yaml", "rule"): semantic("a regular expression"),
    (INVALID_RULES + "61-matches-unicode-class.yaml", "rule"): semantic("a regular expression"),
    (INVALID_RULES + "62-like-trailing-escape.yaml", "rule"): semantic("a like pattern"),
    (INVALID_RULES + "63-matches-count-too-large.yaml", "rule"): semantic("a regular expression"),
    (INVALID_RULES + "64-param-pattern-invalid.yaml", "rule"): semantic("a parameter's regular expression"),
    ("tests/hostile/manifest-absolute-path/export/lethe.yaml", "manifest"): structural("an absolute path"),
    ("tests/hostile/manifest-parent-path/export/lethe.yaml", "manifest"): structural("a path with .."),
    ("tests/hostile/manifest-alias-bomb/export/lethe.yaml", "manifest"): structural("name is a list"),
    ("tests/hostile/manifest-deep-nesting/export/lethe.yaml", "manifest"): unreadable("nested 5,000 deep"),
    ("tests/hostile/rule-alias-bomb/rules/bomb.yaml", "rule"): structural("a tag is a list"),
    ("tests/hostile/waivers-alias-bomb/waivers.yaml", "waivers"): structural("reason is a list"),
    ("tests/fixtures/rule-tests/exports/bad-manifest/lethe.yaml", "manifest"): structural("unknown key colums"),
    ("tests/fixtures/rule-tests/broken/missing.test.yaml", "rule-test"): semantic("no such fixture export"),
    # The fuzz target reads each input both as a waivers file and as a config file.
    ("tests/fuzz/corpus/waivers_config/config", "waivers"): structural("config keys, no waivers"),
    ("tests/fuzz/corpus/waivers_config/waivers", "config"): structural("waivers is a list, not a path"),
    ("tests/fuzz/corpus/waivers_config/regression-short-text-moved", "waivers"): structural("a waiver that is null"),
    ("tests/fuzz/corpus/waivers_config/regression-short-text-moved", "config"): structural("waivers is a list, not a path"),
}

# Harness files, not read by lethe: the hostile cases' descriptions.
NOT_LETHE = re.compile(r"^tests/hostile/[^/]+/case\.yaml$")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


def kinds_of(relative):
    """The kinds a file is read as, from its name and place."""
    name = relative.rsplit("/", 1)[-1]
    if relative.startswith("tests/fuzz/corpus/"):
        corpus = relative.split("/")[3]
        return {"manifest": ["manifest"], "rule": ["rule"], "waivers_config": ["waivers", "config"]}.get(corpus)
    if not name.endswith(".yaml"):
        return None
    if name.endswith(".test.yaml"):
        return ["rule-test"]
    if name == "schema.yaml":
        return ["pack-schema"]
    if name in ("lethe.yaml", "auditor-manifest.yaml"):
        return ["manifest"]
    if name == "waivers.yaml":
        return ["waivers"]
    if name == "lethe.config.yaml":
        return ["config"]
    # Any other YAML file in a rule pack (the folders rules are read from) is a rule.
    if re.match(r"^(rules/|samples/[^/]+/rules/|tests/fixtures/[^/]+/rules/|tests/fixtures/rule-tests/"
                r"[^/]+/[^/]+$|tests/rules/invalid/|tests/hostile/[^/]+/rules/)", relative):
        return ["rule"]
    return None


files = sorted(p for folder in ("rules", "samples", "tests") for p in (root / folder).rglob("*")
               if p.is_file() and (p.suffix in (".yaml", ".yml") or "tests/fuzz/corpus/" in p.as_posix()))
problems = []
validated = {kind: 0 for kind in KINDS}
verdicts = {"structural": 0, "semantic": 0, "unreadable": 0}
seen = set()
for path in files:
    relative = path.relative_to(root).as_posix()
    if NOT_LETHE.match(relative):
        continue
    kinds = kinds_of(relative)
    if relative.startswith("tests/fuzz/corpus/") and kinds is None:
        continue  # the corpora of the other fuzz targets (CSV, JSON, archives, timestamps)
    if kinds is None:
        problems.append(f"{relative}: no kind: name it, or place it, as a file lethe reads")
        continue
    text = path.read_text(encoding="utf-8", errors="replace")
    first = text.split("\n", 1)[0]
    modeline = MODELINE.match(first)
    if modeline:
        target = (path.parent / modeline.group(1)).resolve()
        expected = [(schemas_dir / f"{kind}.schema.json").resolve() for kind in kinds]
        if target not in expected:
            problems.append(f"{relative}: its $schema is {modeline.group(1)}, not the {kinds[0]} schema")
    elif relative.startswith(("rules/", "samples/")):
        problems.append(f"{relative}: the first line is not # yaml-language-server: $schema=...")
    try:
        document = to_json(yaml.load(text, Loader=CoreLoader))
        load_error = None
    except (yaml.YAMLError, RecursionError) as error:
        document, load_error = None, str(error).split("\n")[0]
    for kind in kinds:
        seen.add((relative, kind))
        expected, why = REFUSED.get((relative, kind), ("valid", ""))
        if load_error is not None:
            if expected != "unreadable":
                problems.append(f"{relative} ({kind}): not YAML: {load_error}")
            else:
                verdicts[expected] += 1
            continue
        errors = sorted(validators[kind].iter_errors(document), key=lambda e: list(e.absolute_path))
        if expected in ("valid", "semantic") and errors:
            where = "/".join(map(str, errors[0].absolute_path)) or "(root)"
            message = errors[0].message
            message = message if len(message) < 300 else message[:300] + "..."
            problems.append(f"{relative} ({kind}): {'lethe accepts it' if expected == 'valid' else why + ', which only lethe checks'}"
                            f", but the schema rejects it: {where}: {message}")
        elif expected in ("structural", "unreadable") and not errors:
            problems.append(f"{relative} ({kind}): lethe refuses it ({why}), but the schema accepts it")
        elif expected == "valid":
            validated[kind] += 1
        else:
            verdicts[expected] += 1
for relative, kind in sorted(set(REFUSED) - seen):
    problems.append(f"{relative} ({kind}): listed in REFUSED, but not found as a {kind} file")

for problem in problems:
    print(problem)
print("validated: " + ", ".join(f"{count} {kind}" for kind, count in validated.items()))
print(f"refused by lethe: {verdicts['structural']} rejected by the schema too (structural), "
      f"{verdicts['semantic']} accepted by it (semantic), {verdicts['unreadable']} not YAML")
if problems:
    sys.exit(1)
