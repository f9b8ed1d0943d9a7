"""The command line: formats, exit codes, discovery, summary, masking, rules and explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from speclint.checks import RULES
from tests.helpers import BROKEN_SPEC, run

SPEC = BROKEN_SPEC


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "spec.yaml").write_text(SPEC)
    return tmp_path


def test_text_output_with_source_line_and_caret(workdir: Path) -> None:
    result = run(["check", "spec.yaml"], cwd=workdir)
    assert result.code == 1
    assert result.stdout == (
        'spec.yaml:12:18: error: parameter "load_cmnd" is not declared; '
        'did you mean "load_cmd"? [param-undefined]\n'
        ' 12 |         command: "@param:load_cmnd"\n'
        "    |                  ^\n"
        'spec.yaml:19:7: warning: build parameter "load_cmd" is declared but never '
        "referenced [param-unused]\n"
        " 19 |     - name: load_cmd\n"
        "    |       ^\n"
    )
    assert result.stderr == "1 error, 1 warning in 1 file\n"


def test_json_output_has_the_documented_keys(workdir: Path) -> None:
    result = run(["check", "--format", "json", "spec.yaml"], cwd=workdir)
    items = json.loads(result.stdout)
    assert [set(item) for item in items] == [
        {"file", "line", "column", "severity", "rule", "message"}
    ] * 2
    assert items[0]["line"] == 12 and items[0]["column"] == 18
    assert items[0]["rule"] == "param-undefined"


def test_warnings_alone_pass_unless_strict(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        SPEC.replace("load_cmnd", "load_cmd")
        + "    - name: debug\n      type: boolean\n"
    )
    assert run(["check", "spec.yaml"], cwd=tmp_path).code == 0
    assert run(["check", "--strict", "spec.yaml"], cwd=tmp_path).code == 1


def test_clean_file_exits_0_and_summarises(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC.replace("load_cmnd", "load_cmd"))
    result = run(["check", "spec.yaml"], cwd=tmp_path)
    assert (result.code, result.stdout, result.stderr) == (
        0,
        "",
        "0 errors, 0 warnings in 1 file\n",
    )


def test_directory_search_skips_other_yaml_and_counts_it(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "spec.yaml").write_text(SPEC.replace("load_cmnd", "load_cmd"))
    (tmp_path / "specs" / "compose.yml").write_text(
        "services:\n  web:\n    image: nginx\n"
    )
    (tmp_path / "specs" / "notes.txt").write_text("body: not yaml we look at\n")
    for skipped in (".git", "node_modules", ".venv"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "spec.yaml").write_text("body: [\n")
    result = run(["check", "."], cwd=tmp_path)
    assert result.code == 0, result.stdout
    assert (
        result.stderr
        == "0 errors, 0 warnings in 1 file; 1 file skipped (not Press files)\n"
    )


def test_broken_press_file_in_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("body:\n  kind: workflow\n  config: [\n")
    result = run(["check", "--no-source", "."], cwd=tmp_path)
    assert result.code == 1
    assert result.stdout.startswith("spec.yaml:3:12: error: could not parse YAML")


def test_named_non_press_file_gets_one_clear_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    result = run(["check", "--no-source", "compose.yml"], cwd=tmp_path)
    assert result.stdout == (
        "compose.yml:1:1: warning: not a Press spec or deployment file (no body: and no "
        "spec shape); use --kind KIND to check it as one [not-press-file]\n"
    )
    assert result.code == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "missing.yaml"], "no such file or directory: missing.yaml"),
        (
            ["check", "--catalog", "nope.yaml", "spec.yaml"],
            "cannot read catalog nope.yaml",
        ),
        (["check", "--bogus", "spec.yaml"], "No such option"),
        (["check", "--kind", "nonsense", "spec.yaml"], "Invalid value for '--kind'"),
        (["explain", "param-undefind"], 'did you mean "param-undefined"?'),
    ],
)
def test_usage_problems_exit_2_with_one_line(
    workdir: Path, args: list[str], fragment: str
) -> None:
    result = run(args, cwd=workdir)
    assert result.code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_content_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.yaml").write_text("body: {kind: workflow\n")
    result = run(["check", "--no-source", "a.yaml", "b.yaml"], cwd=tmp_path)
    assert result.code == 1
    assert "a.yaml:1:1: error: file contains NUL bytes" in result.stdout
    assert "b.yaml:1:22: error: could not parse YAML" in result.stdout


def test_internal_error_exits_3_and_other_files_are_still_checked(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from speclint import engine

    real = engine.check_bytes

    def flaky(raw: bytes, name: str, **kwargs: object) -> engine.FileResult:
        if name == "boom.yaml":
            raise RuntimeError("kaboom")
        return real(raw, name, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check_bytes", flaky)
    (workdir / "boom.yaml").write_text(SPEC)
    result = run(["check", "--no-source", "boom.yaml", "spec.yaml"], cwd=workdir)
    assert result.code == 3
    assert "spec.yaml:12:18: error" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        "speclint: internal error while checking boom.yaml: RuntimeError: kaboom; "
        "please report it (run with --debug for the traceback)"
    )
    assert "Traceback" not in result.stderr


def test_hidden_and_credential_values_are_masked(tmp_path: Path) -> None:
    spec = SPEC.replace("load_cmnd", "load_cmd") + (
        "    - name: db_password\n      type: number\n      hideValue: true\n"
        '      defaultValue: "s3cr3t-Val"\n'
    )
    spec = spec.replace(
        "          version: 0.0.1\n",
        "          version: 0.0.1\n          buildArguments:\n            API_TOKEN: tok-123456\n",
    )
    (tmp_path / "spec.yaml").write_text(spec)
    for fmt in ("text", "json"):
        result = run(["check", "--format", fmt, "spec.yaml"], cwd=tmp_path)
        assert "s3cr3t-Val" not in result.stdout + result.stderr
        assert "tok-123456" not in result.stdout + result.stderr
        assert "param-default-invalid" in result.stdout


def test_rules_lists_every_rule() -> None:
    result = run(["rules", "--format", "json"])
    assert [item["id"] for item in json.loads(result.stdout)] == [r.id for r in RULES]
    text = run(["rules"]).stdout.splitlines()
    assert len(text) == len(RULES)
    assert text[0].split()[:2] == ["syntax", "error"]


def test_explain_prints_the_page() -> None:
    result = run(["explain", "param-undefined"])
    assert result.code == 0
    assert result.stdout.startswith("# param-undefined\n")


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from speclint.console import colour

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colour(_Terminal()) is True
    assert colour(object()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert colour(_Terminal()) is False


def test_coloured_text_report(workdir: Path) -> None:
    from speclint.engine import check_bytes
    from speclint.report.text import Style, render

    result = check_bytes((workdir / "spec.yaml").read_bytes(), "spec.yaml")
    coloured = render([result], Style(colour=True))
    assert "\033[31m" in coloured and "\033[0m" in coloured
    assert "\033[" not in render([result], Style(colour=False))


def test_quiet_prints_findings_only(workdir: Path) -> None:
    result = run(["check", "-q", "spec.yaml"], cwd=workdir)
    assert result.stderr == ""
    assert " | " not in result.stdout
    assert result.stdout.count("\n") == 2
