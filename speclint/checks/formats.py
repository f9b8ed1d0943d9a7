"""Small judgements of text the workflow vocabulary shares: JSON, emails, URLs."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from speclint import params

#: name@domain with a dotted domain; no spaces, no second "@", no empty labels
_EMAIL = re.compile(r"[^\s@]+@[^\s@.]+(\.[^\s@.]+)+")


def shown(value: str, limit: int = 40) -> str:
    """``value`` in double quotes for a message, shortened when long."""
    text = value if len(value) <= limit else value[: limit - 3] + "..."
    return json.dumps(text, ensure_ascii=False)


def is_ref(value: Any) -> bool:
    """A whole ``@param:NAME`` value, which the server fills in at deployment."""
    return params.whole_ref(value) is not None


def has_ref(value: Any) -> bool:
    """A string with ``@param:`` anywhere: a whole reference is judged where its value
    is given, and one inside a longer string is left to param-embedded."""
    return isinstance(value, str) and "@param:" in value


def json_problem(text: str) -> str | None:
    """Why ``text`` is not valid JSON (never quoting it: it may hold a secret)."""
    try:
        json.loads(text, parse_constant=_reject)
    except ValueError as error:
        if not isinstance(error, json.JSONDecodeError):
            return str(error)
        reason = error.msg[:1].lower() + error.msg[1:]
        where = f"at line {error.lineno}, column {error.colno}"
        found = error.doc[error.pos : error.pos + 1]
        if not found:
            return f"{reason} {where} (the text ends there)"
        hint = "; JSON strings take double quotes" if found == "'" else ""
        return f"{reason} {where} (found {json.dumps(found)}){hint}"
    return None


def _reject(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def is_email(text: str) -> bool:
    return _EMAIL.fullmatch(text) is not None


def is_http_url(text: str) -> bool:
    """An absolute http or https URL with a host, and no spaces."""
    if any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
