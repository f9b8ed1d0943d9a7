"""The CI report formats: SARIF, GitHub workflow commands, GitLab Code Quality, JUnit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from speclint import __version__, docs
from speclint.catalog import Catalog
from speclint.checks import RULES
from speclint.engine import FileResult, check_bytes
from speclint.model import Diagnostic, Severity
from speclint.report import github, gitlab, json_report, junit, sarif, text
from speclint.spec import Context

DATA = Path(__file__).resolve().parent / "data"
MARKER = "SECRETMARK"

# errors, warnings and secrets: a plain-text password and a hidden parameter's default
SPEC = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: demand-forecast
    summary: Nightly demand forecast for every store
  release:
    version: 1.0.0
  config:
    steps:
      train:
        command: python -m forecast.train
        imageDetails: {id: 2301, versionId: 7}
        colour: blue
        resources:
          instanceTypeId: "@param:instance_typo"
        parameters:
          env:
            DB_PASSWORD: Winter2024-SECRETMARK
parameters:
  build:
    - name: instance_type
      type: number
      defaultValue: 21
    - name: instance_type
      type: number
      defaultValue: 22
  run:
    - name: api_key
      type: string
      hideValue: true
      defaultValue: zz-SECRETMARK-zz
      options:
        - title: Sandbox
          value: sandbox-key
"""

# an info: a block id that the (empty) catalog does not list
APP = """\
body:
  version: 1
  kind: app
  metadata:
    name: supply-chain
    title: Supply Chain
    summary: Supplier feeds
  release:
    version: 1.0.0
    notes: First release
  config:
    - id: 4d2b8e6f-0a1c-4f3e-9b5d-7e9f1a3c5b70
      release:
        version: 2.0.0
"""

SPEC_FILE = "specs/forecast.yaml"
APP_FILE = "apps/supply chain.yaml"  # a space, to be percent-encoded in SARIF

UNKNOWN_KEY = 'unknown key "colour" in step "train"'
UNDEFINED = 'parameter "instance_typo" is not declared; did you mean "instance_type"?'
PLAIN_SECRET = (
    'environment variable "DB_PASSWORD" holds a credential in plain text; put it in '
    'a secret and list it in the step\'s "parameters.secrets" instead'
)
UNUSED = 'build parameter "instance_type" is declared but never referenced'
DUPLICATE = (
    'build parameter "instance_type" is declared twice; first declared at line {line}'
)
NOT_IN_OPTIONS = (
    'the default value of parameter "api_key" is (hidden), which is not one of its '
    "options: (hidden)"
)
NOT_IN_CATALOG = (
    'block spec "4d2b8e6f-0a1c-4f3e-9b5d-7e9f1a3c5b70" is not in the catalog '
    "catalog.yaml; checks that need its spec file were skipped"
)


def check(spec: str = SPEC, app: str = APP) -> list[FileResult]:
    context = Context(catalog=Catalog(Path("catalog.yaml"), {}))
    return [
        check_bytes(spec.encode(), SPEC_FILE),
        check_bytes(app.encode(), APP_FILE, context=context),
        FileResult("specs/notes.yaml", skipped=True),  # found in a folder, not Press
    ]


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    return check()


def test_the_sample_gives_every_severity(results: list[FileResult]) -> None:
    found = [
        (d.line, d.column, d.severity, d.rule) for r in results for d in r.diagnostics
    ]
    assert found == [
        (14, 9, Severity.WARNING, "unknown-key"),
        (16, 27, Severity.ERROR, "param-undefined"),
        (19, 26, Severity.WARNING, "secret-in-plain-text"),
        (22, 7, Severity.WARNING, "param-unused"),
        (25, 13, Severity.ERROR, "param-duplicate"),
        (32, 21, Severity.ERROR, "param-default-not-in-options"),
        (12, 11, Severity.INFO, "catalog-missing"),
    ]


# --- SARIF -----------------------------------------------------------------------


def _sarif(results: Sequence[FileResult]) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(results))
    return log


def test_sarif_validates_against_the_official_schema(results: list[FileResult]) -> None:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    Draft4Validator.check_schema(schema)
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    log = _sarif(results)
    assert [e.message for e in validator.iter_errors(log)] == []
    # and the validator does reject a broken log, so the pass above means something
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(log)


def test_sarif_run_and_results(results: list[FileResult]) -> None:
    log = _sarif(results)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "speclint"
    assert run["tool"]["driver"]["version"] == __version__
    index = {rule.id: i for i, rule in enumerate(RULES)}
    spec_uri = {"uri": "specs/forecast.yaml", "uriBaseId": "%SRCROOT%"}
    app_uri = {"uri": "apps/supply%20chain.yaml", "uriBaseId": "%SRCROOT%"}
    expected = [
        ("unknown-key", "warning", UNKNOWN_KEY, spec_uri, 14, 9),
        ("param-undefined", "error", UNDEFINED, spec_uri, 16, 27),
        ("secret-in-plain-text", "warning", PLAIN_SECRET, spec_uri, 19, 26),
        ("param-unused", "warning", UNUSED, spec_uri, 22, 7),
        ("param-duplicate", "error", DUPLICATE.format(line=22), spec_uri, 25, 13),
        ("param-default-not-in-options", "error", NOT_IN_OPTIONS, spec_uri, 32, 21),
        ("catalog-missing", "note", NOT_IN_CATALOG, app_uri, 12, 11),
    ]
    fingerprints = [r["partialFingerprints"]["speclint/v1"] for r in run["results"]]
    assert run["results"] == [
        {
            "ruleId": rule,
            "ruleIndex": index[rule],
            "level": level,
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": uri,
                        "region": {"startLine": line, "startColumn": column},
                    }
                }
            ],
            "partialFingerprints": {"speclint/v1": fingerprint},
        }
        for (rule, level, message, uri, line, column), fingerprint in zip(
            expected, fingerprints, strict=True
        )
    ]
    for fingerprint in fingerprints:
        digest, _, occurrence = fingerprint.partition(":")
        assert len(digest) == 64 and int(digest, 16) >= 0 and occurrence == "1"
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_lists_every_rule_with_its_page(results: list[FileResult]) -> None:
    rules = _sarif(results)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.id for rule in RULES]
    levels = {
        Severity.ERROR: "error",
        Severity.WARNING: "warning",
        Severity.INFO: "note",
    }
    for entry, rule in zip(rules, RULES, strict=True):
        page = docs.page(rule.id)
        assert page is not None
        assert entry["shortDescription"] == {"text": rule.summary}
        assert entry["help"] == {"text": page, "markdown": page}
        assert entry["defaultConfiguration"] == {"level": levels[rule.severity]}
        assert entry["fullDescription"]["text"]
    unused = rules[[rule.id for rule in RULES].index("param-unused")]
    assert unused["fullDescription"]["text"].startswith(
        "A build parameter exists to be substituted into a block's `config` at "
        "deployment. One that no"
    )


def test_sarif_absolute_paths_are_file_uris() -> None:
    assert sarif.artifact_location("/srv/specs/a b.yaml") == {
        "uri": "file:///srv/specs/a%20b.yaml"
    }
    assert sarif.artifact_location("specs/a.yaml") == {
        "uri": "specs/a.yaml",
        "uriBaseId": "%SRCROOT%",
    }


# --- fingerprints ----------------------------------------------------------------


def _gitlab_prints(results: Sequence[FileResult]) -> list[str]:
    return [issue["fingerprint"] for issue in json.loads(gitlab.render(results))]


def _sarif_prints(results: Sequence[FileResult]) -> list[str]:
    return [
        r["partialFingerprints"]["speclint/v1"]
        for r in _sarif(results)["runs"][0]["results"]
    ]


def test_fingerprints_stay_when_findings_move_down(results: list[FileResult]) -> None:
    moved = check(
        "# three lines of comment\n# pushed in above\n# the whole spec\n" + SPEC,
        "\n\n\n" + APP,
    )
    lines = [d.line for r in results for d in r.diagnostics]
    assert [d.line for r in moved for d in r.diagnostics] == [n + 3 for n in lines]
    # the message that names a line changed too, and still keeps its fingerprint
    assert DUPLICATE.format(line=25) in [d.message for d in moved[0].diagnostics]
    assert _sarif_prints(moved) == _sarif_prints(results)
    assert _gitlab_prints(moved) == _gitlab_prints(results)
    assert _gitlab_prints(results) == _sarif_prints(results)


def test_fingerprints_change_with_the_finding(results: list[FileResult]) -> None:
    changed = check(SPEC.replace("colour: blue", "colour: red"))
    before, after = _sarif_prints(results), _sarif_prints(changed)
    assert before[0] != after[0]  # the unknown key's own line changed
    assert before[1:] == after[1:]


def test_secret_values_are_no_fingerprint_input(results: list[FileResult]) -> None:
    other = check(
        SPEC.replace("Winter2024-SECRETMARK", "Summer1999-OTHERMARK").replace(
            "zz-SECRETMARK-zz", "yy-OTHERMARK-yy"
        )
    )
    assert _sarif_prints(other) == _sarif_prints(results)


def test_same_finding_twice_gets_distinct_fingerprints() -> None:
    second_step = (
        "      score:\n"
        "        command: python -m forecast.score\n"
        "        imageDetails: {id: 2301, versionId: 7}\n"
        "        resources:\n"
        '          instanceTypeId: "@param:instance_typo"\n'
    )
    twice = SPEC.replace("parameters:\n  build:", second_step + "parameters:\n  build:")
    results = check(twice)
    messages = [d.message for d in results[0].diagnostics]
    assert messages.count(UNDEFINED) == 2
    prints = _gitlab_prints(results)
    first, second = (
        p for p, m in zip(prints, messages, strict=False) if m == UNDEFINED
    )
    assert first.split(":")[0] == second.split(":")[0]
    assert (first[-2:], second[-2:]) == (":1", ":2")


# --- secrets ---------------------------------------------------------------------

FORMATTERS: dict[str, Callable[[Sequence[FileResult]], str]] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}


@pytest.mark.parametrize("name", sorted(FORMATTERS))
def test_no_format_prints_a_secret(name: str, results: list[FileResult]) -> None:
    assert results[0].secrets == {
        "Winter2024-SECRETMARK",
        "zz-SECRETMARK-zz",
        "sandbox-key",
    }
    output = FORMATTERS[name](results)
    assert MARKER not in output
    assert "sandbox-key" not in output
    assert FORMATTERS[name](check()) == output  # deterministic


# --- GitHub ----------------------------------------------------------------------


def test_github_workflow_commands(results: list[FileResult]) -> None:
    spec = "file=specs/forecast.yaml"
    assert github.render(results).splitlines() == [
        f"::warning {spec},line=14,col=9,title=unknown-key::{UNKNOWN_KEY}",
        f"::error {spec},line=16,col=27,title=param-undefined::{UNDEFINED}",
        f"::warning {spec},line=19,col=26,title=secret-in-plain-text::{PLAIN_SECRET}",
        f"::warning {spec},line=22,col=7,title=param-unused::{UNUSED}",
        f"::error {spec},line=25,col=13,title=param-duplicate::"
        + DUPLICATE.format(line=22),
        f"::error {spec},line=32,col=21,title=param-default-not-in-options::"
        + NOT_IN_OPTIONS,
        "::notice file=apps/supply chain.yaml,line=12,col=11,title=catalog-missing::"
        + NOT_IN_CATALOG,
    ]


def test_github_escapes_as_the_actions_toolkit_does() -> None:
    d = Diagnostic(
        "dir,odd/a:b%.yaml",
        3,
        5,
        Severity.ERROR,
        "value-bound",
        'share "120%" is over 100%, a bound\nsecond line\r',
    )
    assert github.render([FileResult(d.file, [d])]) == (
        "::error file=dir%2Codd/a%3Ab%25.yaml,line=3,col=5,title=value-bound"
        '::share "120%25" is over 100%25, a bound%0Asecond line%0D\n'
    )


# --- GitLab ----------------------------------------------------------------------


def test_gitlab_code_quality_report(results: list[FileResult]) -> None:
    issues = json.loads(gitlab.render(results))
    prints = _sarif_prints(results)
    expected = [
        (UNKNOWN_KEY, "unknown-key", "minor", SPEC_FILE, 14),
        (UNDEFINED, "param-undefined", "major", SPEC_FILE, 16),
        (PLAIN_SECRET, "secret-in-plain-text", "minor", SPEC_FILE, 19),
        (UNUSED, "param-unused", "minor", SPEC_FILE, 22),
        (DUPLICATE.format(line=22), "param-duplicate", "major", SPEC_FILE, 25),
        (NOT_IN_OPTIONS, "param-default-not-in-options", "major", SPEC_FILE, 32),
        (NOT_IN_CATALOG, "catalog-missing", "info", APP_FILE, 12),
    ]
    assert issues == [
        {
            "description": description,
            "check_name": rule,
            "fingerprint": fingerprint,
            "severity": severity,
            "location": {"path": path, "lines": {"begin": line}},
        }
        for (description, rule, severity, path, line), fingerprint in zip(
            expected, prints, strict=True
        )
    ]


def test_gitlab_report_of_nothing_is_an_empty_array() -> None:
    assert gitlab.render([]) == "[]\n"


# --- JUnit -----------------------------------------------------------------------


def test_junit_report(results: list[FileResult]) -> None:
    output = junit.render(results)
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(output)
    assert (root.tag, root.attrib) == (
        "testsuites",
        {"name": "speclint", "tests": "2", "failures": "1", "errors": "0"},
    )
    (suite,) = root
    assert (suite.tag, suite.attrib) == (
        "testsuite",
        {
            "name": "speclint",
            "tests": "2",
            "failures": "1",
            "errors": "0",
            "skipped": "0",
        },
    )
    spec_case, app_case = suite
    assert spec_case.attrib == {"name": SPEC_FILE, "classname": "speclint"}
    assert app_case.attrib == {"name": APP_FILE, "classname": "speclint"}

    def where(line: int, column: int, severity: str) -> str:
        return f"{SPEC_FILE}:{line}:{column}: {severity}: "

    assert [(e.tag, e.attrib, e.text) for e in spec_case] == [
        (
            "failure",
            {"message": f"{UNDEFINED} [param-undefined]", "type": "param-undefined"},
            where(16, 27, "error") + f"{UNDEFINED} [param-undefined]",
        ),
        (
            "failure",
            {
                "message": DUPLICATE.format(line=22) + " [param-duplicate]",
                "type": "param-duplicate",
            },
            where(25, 13, "error") + DUPLICATE.format(line=22) + " [param-duplicate]",
        ),
        (
            "failure",
            {
                "message": f"{NOT_IN_OPTIONS} [param-default-not-in-options]",
                "type": "param-default-not-in-options",
            },
            where(32, 21, "error") + f"{NOT_IN_OPTIONS} [param-default-not-in-options]",
        ),
        (
            "system-out",
            {},
            where(14, 9, "warning")
            + f"{UNKNOWN_KEY} [unknown-key]\n"
            + where(19, 26, "warning")
            + f"{PLAIN_SECRET} [secret-in-plain-text]\n"
            + where(22, 7, "warning")
            + f"{UNUSED} [param-unused]\n",
        ),
    ]
    assert [(e.tag, e.text) for e in app_case] == [
        ("system-out", f"{APP_FILE}:12:11: info: {NOT_IN_CATALOG} [catalog-missing]\n")
    ]


def test_junit_is_pretty_and_survives_control_characters() -> None:
    d = Diagnostic("a.yaml", 1, 1, Severity.ERROR, "syntax", 'bad "\x07" & <tag>')
    output = junit.render([FileResult("a.yaml", [d]), FileResult("b.yaml")])
    assert output == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="speclint" tests="2" failures="1" errors="0">\n'
        '  <testsuite name="speclint" tests="2" failures="1" errors="0" skipped="0">\n'
        '    <testcase name="a.yaml" classname="speclint">\n'
        '      <failure message="bad &quot;\ufffd&quot; &amp; &lt;tag&gt; [syntax]"'
        ' type="syntax">a.yaml:1:1: error: bad "\ufffd" &amp; &lt;tag&gt; [syntax]'
        "</failure>\n"
        "    </testcase>\n"
        '    <testcase name="b.yaml" classname="speclint" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )
    assert ET.fromstring(output).find("testsuite/testcase/failure") is not None
