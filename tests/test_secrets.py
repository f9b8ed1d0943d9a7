"""Secrets never printed: hidden parameters, credential-named keys, tokens by their look.

Every secret below holds the marker ``MKR``. ``check`` in every report format (to the
terminal and to ``--output``), the baseline and the result cache, and ``render`` in
YAML and JSON with and without ``--explain``, and their error messages, must not
contain it; ``render --show-secrets`` shows exactly the ones the output holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run

MARK = "MKR"

SPEC = """\
# Marker secrets in every place speclint must keep out of its output.
body:
  version: 1
  kind: workflow
  metadata:
    name: marker-feed
    summary: Pulls the supplier feed with secrets it must never print
  release:
    version: 1.0.0
  config:
    images:
      feed:
        context: .
        dockerfile: Dockerfile
        version: 1.0.0
        buildArguments:
          GIT_TOKEN: MKR-git-token-01
    steps:
      pull:
        imageRef: feed
        command: "@param:feed_cmd"
        parameters:
          env:
            DB_PASSWORD: MKR-db-password-02
            apiKey: MKR-api-key-03
            NOTE: ghp_MKR4abcdefghijklmnopqrstuvwxyz0123
            ACCOUNT: "@param:account"
            REGION: "@param:region_key"
      notify:
        type: http
        parents: [pull]
        method: post
        url: https://erp.example/api/orders
        payload: '{"source": "peak"}'
        auth:
          type: basic
          username: svc
          password: MKR-auth-password-05
parameters:
  build:
    - name: feed_cmd
      type: string
      hideValue: true
      defaultValue: MKR-default-06
      options:
        - {title: Default, value: MKR-default-06}
        - {title: Fast, value: MKR-option-07}
    - name: account
      type: string
      hideValue: true
      required: true
    - name: region_key
      type: string
      hideValue: true
      defaultValue: MKR-bad-default-08
      options:
        - {title: Only, value: MKR-option-09}
  run:
    - name: reconcile
      type: string
      hideValue: true
      defaultValue: MKR-run-default-10
"""

VALUES = """\
parameters:
  build:
    account: MKR-values-11
    region_key: MKR-option-09
  run:
    reconcile: MKR-values-run-12
"""

SPEC_ID = "0bddb4c6-40c5-45c3-b477-fceb2c051609"

DEPLOYMENT = f"""\
body:
  metadata:
    name: marker-feed-prod
    summary: Production
  parameters:
    build:
      account: MKR-deployed-14
      region_key: MKR-option-09
    run:
      reconcile: MKR-deployed-run-15
  spec:
    id: {SPEC_ID}
    release:
      version: 1.0.0
"""

FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit"]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPECLINT_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "spec.yaml").write_text(SPEC)
    (folder / "values.yaml").write_text(VALUES)
    (folder / "prod.yaml").write_text(DEPLOYMENT)
    (folder / "catalog.yaml").write_text(f"specs:\n  {SPEC_ID}: spec.yaml\n")
    return folder


def _no_marker(*texts: str) -> None:
    for text in texts:
        assert MARK not in text, text


def _files_below(folder: Path) -> str:
    return "".join(
        p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file()
    )


# -- check --------------------------------------------------------------------------------


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_check_prints_no_secret(workdir: Path, fmt: str, to_file: bool) -> None:
    extra = ["--output", "../report.out"] if to_file else []
    result = run(["check", "--format", fmt, *extra, "spec.yaml"], cwd=workdir)
    assert result.code == 1, result.stderr
    written = (workdir.parent / "report.out").read_text() if to_file else ""
    assert "param-default-not-in-options" in result.stdout + written
    assert "secret-in-plain-text" in result.stdout + written
    _no_marker(result.stdout, result.stderr, written)


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_of_a_deployment_against_its_spec_prints_no_secret(
    workdir: Path, fmt: str
) -> None:
    (workdir / "prod.yaml").write_text(
        DEPLOYMENT.replace("region_key: MKR-option-09", "region_key: MKR-wrong-16")
    )
    args = ["--catalog", "catalog.yaml", "--no-source", "prod.yaml"]
    result = run(["check", "--format", fmt, *args], cwd=workdir)
    assert result.code == 1
    assert "(hidden)" in result.stdout
    _no_marker(result.stdout, result.stderr)


def test_baseline_and_cache_hold_no_secret(workdir: Path) -> None:
    cache = workdir.parent / "cache"
    for args in (
        ["--baseline", "../baseline.json", "--update-baseline"],
        ["--baseline", "../baseline.json"],
        [],
    ):
        result = run(["check", *args, "spec.yaml"], cwd=workdir)
        _no_marker(result.stdout, result.stderr)
    assert (
        "param-default-not-in-options" in (workdir.parent / "baseline.json").read_text()
    )
    _no_marker((workdir.parent / "baseline.json").read_text())
    assert any(cache.rglob("*.json")), "nothing was cached"
    _no_marker(_files_below(cache))


# -- render -------------------------------------------------------------------------------


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize(
    "given",
    [
        ["--values", "values.yaml"],
        ["--values", "values.yaml", "--set", "account=MKR-set-17"],
        ["--set", "account=MKR-set-17", "--set", "run.reconcile=MKR-set-18"],
    ],
    ids=["values", "values-and-set", "set"],
)
def test_render_prints_no_secret(
    workdir: Path, given: list[str], fmt: str, explain: bool
) -> None:
    args = ["render", "spec.yaml", *given, "--format", fmt]
    args += ["--explain"] if explain else []
    result = run(args, cwd=workdir)
    assert result.code == 0, result.stderr
    assert "****" in result.stdout
    _no_marker(result.stdout, result.stderr)
    run([*args, "-o", "../rendered.out"], cwd=workdir)
    _no_marker((workdir.parent / "rendered.out").read_text())


def test_show_secrets_shows_exactly_what_the_output_holds(workdir: Path) -> None:
    result = run(
        ["render", "spec.yaml", "--values", "values.yaml", "--show-secrets"],
        cwd=workdir,
    )
    assert result.code == 0, result.stderr
    shown = {word for word in result.stdout.split() if MARK in word}
    assert shown == {
        "MKR-git-token-01",
        "MKR-db-password-02",
        "MKR-api-key-03",
        "ghp_MKR4abcdefghijklmnopqrstuvwxyz0123",
        "MKR-auth-password-05",
        "MKR-default-06",
        "MKR-values-11",
        "MKR-option-09",
        "MKR-values-run-12",
    }


WRONG = {
    "set-not-in-options": ["--set", "feed_cmd=MKR-wrong-20"],
    "set-wrong-section": ["--set", "run.account=MKR-wrong-21"],
    "set-unknown-name": ["--set", "acount=MKR-wrong-22"],
    "values-not-in-options": ["--values", "wrong.yaml"],
}

WRONG_VALUES = """\
parameters:
  build:
    feed_cmd: MKR-wrong-24
    account: [MKR-wrong-25]
    region_key: {MKR-key-26: MKR-wrong-26}
  run:
    reconcile: 27
    unknown_secret_token: MKR-wrong-28
"""


@pytest.mark.parametrize("case", sorted(WRONG))
def test_render_errors_print_no_secret(workdir: Path, case: str) -> None:
    (workdir / "wrong.yaml").write_text(WRONG_VALUES)
    args = ["render", "spec.yaml", "--values", "values.yaml", *WRONG[case]]
    result = run([*args, "--explain"], cwd=workdir)
    assert result.code == 1
    assert result.stdout == ""
    assert result.stderr
    _no_marker(result.stderr)


def test_error_on_a_hidden_value_says_hidden(workdir: Path) -> None:
    (workdir / "wrong.yaml").write_text(WRONG_VALUES)
    result = run(["render", "spec.yaml", "--values", "wrong.yaml"], cwd=workdir)
    assert result.stderr.splitlines()[0] == (
        'wrong.yaml:3:15: error: the value of build parameter "feed_cmd" is (hidden), '
        "which is not one of its options: (hidden), (hidden) [param-value-not-in-options]"
    )


# -- leaks found at d87eccf (each with its minimal input) -------------------------------------

BLOCK = """\
body:
  version: 1
  kind: workflow
  metadata:
    name: leak
    summary: Minimal
  release:
    version: 1.0.0
  config:
    steps:
      run:
        command: python -m leak
        image: {context: ., dockerfile: Dockerfile, version: 1.0.0}
"""


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_token_in_a_list_is_masked(tmp_path: Path, fmt: str) -> None:
    """A token-looking value is a secret wherever it stands, a list item too."""
    token = "ghp_MKR0abcdefghijklmnopqrstuvwxyz0123"
    (tmp_path / "spec.yaml").write_text(
        BLOCK.replace(
            "command: python -m leak", f"command: x\n        parents: [{token}]"
        )
    )
    result = run(["check", "--format", fmt, "spec.yaml"], cwd=tmp_path)
    assert "step-ref-undefined" in result.stdout
    _no_marker(result.stdout, result.stderr)


@pytest.mark.parametrize(
    "written",
    ["MKR-first-part\n              MKR-second-part", '"MKR-esc\\x61ped"'],
    ids=["multi-line", "escaped"],
)
def test_source_line_masks_a_secret_written_differently(
    tmp_path: Path, written: str
) -> None:
    """The source line under a finding masks a secret however it is written: over two
    lines, or with an escape."""
    spec = BLOCK.replace(
        "command: python -m leak",
        f"command: x\n        parameters:\n          env:\n            DB_PASSWORD: {written}",
    )
    (tmp_path / "spec.yaml").write_text(spec)
    result = run(["check", "spec.yaml"], cwd=tmp_path)
    assert "secret-in-plain-text" in result.stdout
    _no_marker(result.stdout, result.stderr)


def test_source_line_masks_a_hidden_value_given_in_a_deployment(workdir: Path) -> None:
    """A hidden value given in a deployment: (hidden) in the message, and masked in
    the source line under it."""
    (workdir / "prod.yaml").write_text(
        DEPLOYMENT.replace("region_key: MKR-option-09", "region_key: MKR-wrong-16")
    )
    result = run(["check", "--catalog", "catalog.yaml", "prod.yaml"], cwd=workdir)
    assert "(hidden)" in result.stdout
    _no_marker(result.stdout, result.stderr)


def test_render_masks_a_number_under_a_credential_key(tmp_path: Path) -> None:
    spec = BLOCK.replace(
        "command: python -m leak",
        "command: x\n        parameters:\n          env:\n            DB_PASSWORD: 918273645501",
    )
    (tmp_path / "spec.yaml").write_text(spec)
    result = run(["render", "spec.yaml"], cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert "918273645501" not in result.stdout


def test_malformed_set_for_a_hidden_parameter_is_not_echoed(workdir: Path) -> None:
    result = run(
        ["render", "spec.yaml", "--values", "values.yaml", "--set", "account:MKR-23"],
        cwd=workdir,
    )
    assert result.code == 1
    assert "[param-value-invalid]" in result.stderr
    _no_marker(result.stderr)


def test_a_misspelt_hide_value_still_hides(tmp_path: Path) -> None:
    """Any hideValue but false (a quoted "true" too) hides the value."""
    spec = BLOCK.replace("command: python -m leak", 'command: "@param:pw"') + (
        "parameters:\n  build:\n    - name: pw\n      type: string\n"
        '      hideValue: "true"\n      defaultValue: MKR-quoted-true\n'
    )
    (tmp_path / "spec.yaml").write_text(spec)
    result = run(["render", "spec.yaml"], cwd=tmp_path)
    assert result.code == 0, result.stderr
    _no_marker(result.stdout, result.stderr)
