"""Literals: credential heuristics, and credentials never quoted back."""

from __future__ import annotations

from pathlib import Path

import pytest

from speclint import secrets
from speclint.checks import literals
from speclint.engine import check_bytes
from speclint.kinds import detect
from speclint.load import load_text
from speclint.spec import Spec
from tests.helpers import ROOT, run

SECRET_CASES = sorted(
    p
    for p in (ROOT / "fixtures" / "lint" / "secret-in-plain-text").iterdir()
    if p.suffix in (".yaml", ".json")
)


def _spec(path: Path) -> Spec:
    doc = load_text(path.read_text(), path.name)
    detected = detect(doc.data, None)
    assert detected is not None
    return Spec(doc, detected)


def _flagged_values(spec: Spec) -> list[str]:
    values = [spec.get(hit.path) for hit in literals.secret_in_plain_text(spec)]
    assert all(isinstance(v, str) for v in values)
    return [str(v) for v in values]


@pytest.mark.parametrize("case", SECRET_CASES, ids=lambda p: p.name)
def test_secret_messages_never_repeat_the_value(case: Path) -> None:
    spec = _spec(case)
    flagged = _flagged_values(spec)
    messages = [hit.message for hit in literals.secret_in_plain_text(spec)]
    for value in flagged:
        assert all(value not in message for message in messages)
    relative = str(case.relative_to(ROOT))
    for output_format in ("text", "json"):
        result = run(["check", "--no-source", "--format", output_format, relative])
        for value in flagged:
            assert value not in result.stdout


def test_failing_cases_flag_something_and_near_miss_flags_nothing() -> None:
    counts = {p.name: len(_flagged_values(_spec(p))) for p in SECRET_CASES}
    assert counts.pop("secrets-by-name.yaml") == 0
    assert all(n > 0 for n in counts.values()), counts


@pytest.mark.parametrize(
    "key",
    [
        "GIT_TOKEN",
        "npm_token",
        "githubToken",
        "dbPassword",
        "X-API-Key",
        "CLIENT_SECRET",
        "AWS_SECRET_ACCESS_KEY",
        "PRIVATE_KEY",
        "SSH_PASSPHRASE",
        "DB_PASSWORDS",
    ],
)
def test_credential_key_names(key: str) -> None:
    assert secrets.names_credential(key)


@pytest.mark.parametrize(
    "key",
    [
        "TOKEN_URL",
        "SECRET_NAME",
        "PASSWORD_FILE",
        "BYPASS_CACHE",
        "PASSTHROUGH",
        "COMPASS_URL",
        "TOKEN_TTL",
        "ACCESS_KEY_ID",
        "SECRETS_MANAGER_REGION",
        "LOG_LEVEL",
    ],
)
def test_names_that_are_not_credentials(key: str) -> None:
    assert not secrets.names_credential(key)


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("ghp_" + "a1B2c3D4e5" * 4, "a GitHub token"),
        ("AKIA" + "EXAMPLE0EXAMPLE0", "an AWS key"),
        ("xoxb-0000-EXAMPLE-not-a-real-token", "a Slack token"),
        ("postgres://app:pa55word@db.example/prod", "a password inside a URL"),
        ("Bearer 8gTq2LmZx7Wp4RkN9vYc3HbJ", "an authorization credential"),
        ("aZ3kP9qL2mX7vB4nR8tYw1", "a random token"),
    ],
)
def test_values_that_look_like_credentials(value: str, kind: str) -> None:
    assert secrets.looks_like_credential(value) == kind


@pytest.mark.parametrize(
    "value",
    [
        "3a6c1d2e-8f47-4b59-9e0d-7c2b1a4f6e83",
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
        "MyApplicationName2024Version",
        "demand-forecast-GB-2024Q1-v3",
        "PyTorch2.1.0-CUDA12.1-cuDNN8",
        "https://erp.acme-retail.example/api/v3",
        "redis://:${REDIS_PASSWORD}@cache:6379",
        "STAGE.FORECAST_HOLIDAYS",
        "sk-learn",
        "python -m acme_forecast.features",
    ],
)
def test_values_that_do_not_look_like_credentials(value: str) -> None:
    assert secrets.looks_like_credential(value) is None


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("v2.1.0", "2.1.0"),
        ("1.2", "1.2.0"),
        ("01.02.03", "1.2.3"),
        ("V1.0.0-beta", "1.0.0-beta"),
        ("latest", None),
        ("1.0.0.0", None),
    ],
)
def test_version_suggestions(text: str, suggestion: str | None) -> None:
    assert literals._suggest(text) == suggestion


def test_quoted_and_tagged_keys_are_not_surprises() -> None:
    text = (
        "body:\n  parameters:\n    run:\n      regions:\n"
        '        "NO": nb\n        !!str "on": x\n        off: y\n'
    )
    result = check_bytes(text.encode(), "patch.yaml")
    found = [d for d in result.diagnostics if d.rule == "yaml-implicit-type"]
    assert [(d.line, d.message) for d in found] == [
        (
            7,
            'key "off" is read by YAML as the boolean false, so the key is "false"; '
            'quote it ("off") to keep the text',
        )
    ]
