"""The cheap paths of yaml-implicit-type and of secrets.collect give what the full
judgement gives: keys written as YAML read them skip the regex, and credential
judgements remembered between files are the ones made afresh."""

from __future__ import annotations

from typing import Any

from speclint import secrets
from speclint.engine import check_bytes

#: keys in every form: plain, anchored, tagged, quoted, in a flow mapping, complex,
#: followed by a space or a tab, with a colon inside
KEYS = """\
body:
  parameters:
    run:
      regions:
        on: a
        &anchor off: b
        !!str yes: c
        "no": d
        flow: {y: 1, "n": 2, 0x1F: 3}
        ? 0755
        : e
        1:30: f
        name: g
        ~: i
        2024-01-01: j
        Nonsense : k
        1.10:\tl
        nothing:
        tokens: [1, 2]
        a:b: m
"""


def test_keys_yaml_converts_in_every_form() -> None:
    result = check_bytes(KEYS.encode(), "patch.yaml")
    found = [
        (d.line, d.column, d.message)
        for d in result.diagnostics
        if d.rule == "yaml-implicit-type"
    ]
    read_as = [
        (5, 9, '"on" is read by YAML as the boolean true, so the key is "true"'),
        (6, 9, '"off" is read by YAML as the boolean false, so the key is "false"'),
        (
            9,
            30,
            '"0x1F" is read by YAML as the number 31 (hexadecimal), so the key is "31"',
        ),
        (
            12,
            9,
            '"1:30" is read by YAML as the number 90 (base 60), so the key is "90"',
        ),
        (14, 9, '"~" is read by YAML as null, so the key is "null"'),
        (17, 9, '"1.10" is read by YAML as the number 1.1, so the key is "1.1"'),
    ]
    assert found == [
        (line, column, f"key {what}; quote it ({what.split()[0]}) to keep the text")
        for line, column, what in read_as
    ]


def _data() -> dict[str, Any]:
    long_token = "Zx9" * 100  # beyond what is remembered: judged every time
    return {
        "env": {
            "DB_PASSWORD": "hunter2",
            "PORT": 8080,
            "API_TOKEN": 12345,
            "TOKEN_URL": "https://auth.example/token",
            "GITHUB": "ghp_" + "a1B2" * 9,
            "REF": "@param:password",
            "LONG": long_token + "q7W",
            "SHORT": "abc",
        },
        "headers": {"secrets": {"Authorization": "api-key-name"}},
        "auth": {"token": "Bearer " + "k" * 20},
        "list": [
            "AKIA" + "B" * 16,
            "plain words here",
            7,
            ["nested", "sk-" + "x" * 24],
        ],
        1: "int key",
        "password": "",
    }


def _collected_afresh(data: Any) -> set[str]:
    """What collect finds, judged with the public functions and nothing remembered."""
    found: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else ((None, v) for v in node)
        for key, value in items:
            if isinstance(value, str):
                named = isinstance(node, dict) and secrets.names_credential(key)
                if (
                    (named or secrets.looks_like_credential(value))
                    and not value.startswith("@param:")
                    and key not in ("secrets", "auth")
                ):
                    found.add(value)
            elif isinstance(value, int) and secrets.names_credential(key):
                found.add(str(value))
            elif key in ("secrets", "auth") and isinstance(value, dict):
                found.update(
                    v
                    for v in value.values()
                    if isinstance(v, str) and secrets.looks_like_credential(v)
                )
            elif isinstance(value, (dict, list)):
                stack.append(value)
    found.discard("")
    return found


def test_remembered_judgements_are_the_fresh_ones() -> None:
    expected = _collected_afresh(_data())
    assert "hunter2" in expected
    assert "api-key-name" not in expected
    for _ in range(3):  # the first call judges, the next ones remember
        assert secrets.collect(_data()) == expected
    assert secrets.collect(_data(), hidden_values=[{"a": ["h1dden"]}]) == expected | {
        "h1dden"
    }
