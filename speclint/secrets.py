"""Values speclint judges secret, and masking them in everything it prints.

Secret: the values of ``hideValue`` parameters (defaults and options), and literal
strings under keys that name credentials (password, token, secret, api key, ...).
"""

from __future__ import annotations

import functools
import itertools
import math
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
_MIN = 3
_PIECE = 4  # the shortest piece of a folded secret masked on its own  # shorter values are masked only where a message quotes them whole


_NOT_SECRET_AFTER = frozenset(
    {
        "url",
        "uri",
        "endpoint",
        "host",
        "hostname",
        "port",
        "name",
        "names",
        "id",
        "file",
        "path",
        "dir",
        "ttl",
        "expiry",
        "expires",
        "expiration",
        "lifetime",
        "timeout",
        "type",
        "length",
        "header",
        "region",
        "enabled",
        "version",
        "scope",
        "scopes",
        "audience",
        "issuer",
        "field",
        "mode",
    }
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PREFIXED: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?<![A-Za-z0-9])(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{40,})"),
        "a GitHub token",
    ),
    (re.compile(r"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"), "an AWS key"),
    (re.compile(r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}"), "a Slack token"),
    (re.compile(r"(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}"), "a GitLab token"),
    (re.compile(r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}"), "a Google API key"),
    (re.compile(r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}"), "an npm token"),
    (
        re.compile(
            r"(?<![A-Za-z0-9])(sk-[A-Za-z0-9_-]{20,}|[sr]k_(live|test)_\w{16,})"
        ),
        "an API secret key",
    ),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (
        re.compile(r"(?<![\w-])eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*"),
        "a JSON web token",
    ),
    (
        re.compile(
            r"(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\s/:@]{1,256}:(?![$@{])[^\s/@]{1,256}@"
        ),
        "a password inside a URL",
    ),
    (
        re.compile(r"(?i)(bearer|basic|token)\s+[\w.~+/=-]{16,}"),
        "an authorization credential",
    ),
)
_TOKEN_CHARS = re.compile(r"[\w+/=.~-]{20,}")


def names_credential(key: object) -> bool:
    """The key names a credential: a credential word that is a whole word of the key."""
    if not isinstance(key, str) or CREDENTIAL_KEY.search(key) is None:
        return False
    for match in CREDENTIAL_KEY.finditer(key):
        start, end = match.span()
        if end < len(key) and key[end] in "sS" and _boundary(key, end + 1):
            end += 1
        if not (_boundary(key, start) and _boundary(key, end)):
            continue
        after = [w.lower() for w in _WORD.findall(key[end:])]
        if not any(word in _NOT_SECRET_AFTER for word in after):
            return True
    return False


def _boundary(key: str, index: int) -> bool:
    if index <= 0 or index >= len(key):
        return True
    before, here = key[index - 1], key[index]
    if not before.isalnum() or not here.isalnum():
        return True
    if before.isdigit() != here.isdigit():
        return True
    return before.islower() and here.isupper()


def _entropy(text: str) -> float:
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _class(char: str) -> int:
    if char.isdigit():
        return 0
    if char.isupper():
        return 1
    if char.islower():
        return 2
    return 3


def _random_looking(text: str) -> bool:
    """A long token mixing lower and upper case letters and digits, without words."""
    if not _TOKEN_CHARS.fullmatch(text):
        return False
    if sum(c.isdigit() for c in text) < 2:
        return False
    if sum(c.isupper() for c in text) < 2 or sum(c.islower() for c in text) < 2:
        return False
    alnum = [_class(c) for c in text if c.isalnum()]
    switches = sum(a != b for a, b in itertools.pairwise(alnum))
    return switches >= 0.45 * (len(alnum) - 1) and _entropy(text) >= 3.5


#: the shortest text any credential pattern matches ("a://b:c@" is the shortest)
_SHORTEST = 8
_LONGEST = 16_384


def looks_like_credential(text: str) -> str | None:
    """What kind of credential ``text`` looks like by itself, or None."""
    if len(text) < _SHORTEST:
        return None
    if len(text) > _LONGEST:  # no credential is that long; a megabyte value is data
        return None
    for pattern, what in _PREFIXED:
        if pattern.search(text):
            return what
    if _random_looking(text):
        return "a random token"
    return None


#: Keys and texts up to this long are judged once per process and remembered (the
#: same key names, parameter types and option values come back in every file); the
#: bounds keep the memory a long-running server spends on it small.
_MEMO_LONGEST = 256
_MEMO_SIZE = 4096


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _names_credential_memo(key: str) -> bool:
    return names_credential(key)


@functools.lru_cache(maxsize=_MEMO_SIZE)
def _looks_memo(text: str) -> str | None:
    return looks_like_credential(text)


def _names(key: object) -> bool:
    """``names_credential``, remembered for short keys."""
    if not isinstance(key, str):
        return False
    if len(key) > _MEMO_LONGEST:
        return names_credential(key)
    return _names_credential_memo(key)


def _looks(text: str) -> str | None:
    """``looks_like_credential``, remembered for short texts."""
    if len(text) < _SHORTEST:
        return None  # no pattern is that short: cheaper than a lookup
    if len(text) > _MEMO_LONGEST:
        return looks_like_credential(text)
    return _looks_memo(text)


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
                if isinstance(value, str):
                    # nearly every value is neither: the reference test comes last
                    secret = _names(key) or _looks(value)
                    if secret and params.whole_ref(value) is None:
                        found.add(value)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    if _names(key):
                        found.add(str(value))
                elif key in _NAMES_OF_SECRETS and isinstance(value, dict):
                    # values here name secrets stored in Press (headers.secrets, auth
                    # fields); only a value that looks like a credential itself is one
                    found.update(
                        v for v in value.values() if isinstance(v, str) and _looks(v)
                    )
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, (dict, list)):
                    stack.append(item)
                elif isinstance(item, str) and _looks(item):
                    found.add(item)
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


#: keys whose mapping values are the names of secrets kept in Press, not secrets
_NAMES_OF_SECRETS = frozenset({"secrets", "auth"})


def mask(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ****.

    A secret is replaced where it stands as a whole (not inside a longer word: a secret
    ``token`` leaves ``npm_token`` alone); short ones only where a message quotes them.
    """
    for secret in sorted(secrets, key=len, reverse=True):
        if secret not in text:
            pieces = (
                secret.split()
            )  # a value folded over lines, or written with escapes
            if len(pieces) > 1:
                text = mask(text, [p for p in pieces if len(p) >= _PIECE])
            continue
        if len(secret) < _MIN:
            text = text.replace(f'"{secret}"', f'"{MASK}"')
            continue
        before = r"(?<![\w])" if secret[:1].isalnum() or secret[:1] == "_" else ""
        after = r"(?![\w])" if secret[-1:].isalnum() or secret[-1:] == "_" else ""
        text = re.sub(before + re.escape(secret) + after, MASK, text)
    return text
