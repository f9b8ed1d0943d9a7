"""Values speclint judges secret, and masking them in everything it prints.

Secret: the values of ``hideValue`` parameters (defaults and options), and literal
strings under keys that name credentials (password, token, secret, api key, ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from speclint import params

MASK = "****"
CREDENTIAL_KEY = re.compile(
    r"pass(word|wd|phrase)?|secret|token|api[_-]?key|private[_-]?key|credential|"
    r"access[_-]?key|bearer|auth[_-]?key",
    re.IGNORECASE,
)
_MIN = 3  # shorter values are masked only where a message quotes them whole


def is_credential_key(key: object) -> bool:
    return isinstance(key, str) and CREDENTIAL_KEY.search(key) is not None


def collect(data: Any, hidden_values: Iterable[Any] = ()) -> frozenset[str]:
    """Literal strings under credential-named keys in ``data``, plus hidden values."""
    found: set[str] = set()
    for value in hidden_values:
        found.update(_strings(value))
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and is_credential_key(key):
                    if params.whole_ref(value) is None:
                        found.add(value)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    found.discard("")
    return frozenset(found)


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ****."""
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) >= _MIN:
            text = text.replace(secret, MASK)
        else:
            text = text.replace(f'"{secret}"', f'"{MASK}"')
    return text
