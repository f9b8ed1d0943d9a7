"""Workflow watchers: one target each, real email addresses, a webhook URL and payload."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from speclint.checks.formats import (
    has_ref,
    is_email,
    is_http_url,
    is_ref,
    json_problem,
    shown,
)
from speclint.model import Hit, Path
from speclint.spec import Spec

_TARGETS = ("user", "webhook", "email")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _watchers(spec: Spec) -> Iterator[tuple[int, Path, dict[str, Any]]]:
    """(1-based number, path, mapping) of each watcher of a workflow block."""
    return spec.workflow_items("watchers")


def kind_invalid(spec: Spec) -> Iterator[Hit]:
    for number, path, item in _watchers(spec):
        present = [key for key in item if key in _TARGETS and item[key] is not None]
        if not present:
            yield Hit(
                path,
                f"watcher {number} notifies no one; give one of "
                + ", ".join(f'"{t}"' for t in _TARGETS),
            )
        elif len(present) > 1:
            names = ", ".join(f'"{t}"' for t in present)
            yield Hit(
                (*path, present[1]),
                f"watcher {number} has {len(present)} targets ({names}); keep exactly "
                "one and add another watcher for the others",
                on_key=True,
            )


def _recipients(path: Path, email: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """Each recipient with its path: ``recipients: {to: [...]}`` or a plain list."""
    recipients = email.get("recipients")
    base: Path = (*path, "email", "recipients")
    if isinstance(recipients, dict):
        recipients = recipients.get("to")
        base = (*base, "to")
    if isinstance(recipients, list):
        for index, address in enumerate(recipients):
            yield (*base, index), address


def email_invalid(spec: Spec) -> Iterator[Hit]:
    for number, path, item in _watchers(spec):
        user = item.get("user")
        if isinstance(user, str) and not has_ref(user) and not is_email(user):
            yield Hit(
                (*path, "user"),
                f"watcher {number} notifies user {shown(user)}, which is not an email "
                f"address; expected name@domain{_several(user, 'one user per watcher')}",
            )
        email = item.get("email")
        if not isinstance(email, dict):
            continue
        for where, address in _recipients(path, email):
            if (
                isinstance(address, str)
                and not has_ref(address)
                and not is_email(address)
            ):
                yield Hit(
                    where,
                    f"recipient {shown(address)} of watcher {number} is not an email "
                    f"address; expected name@domain{_several(address, 'one address per item')}",
                )


def _several(text: str, fix: str) -> str:
    """A hint when one string holds several addresses."""
    parts = [p for p in re.split(r"[\s,;]+", text) if p]
    if len(parts) > 1 and all(is_email(p) for p in parts):
        return f", {fix}"
    return ""


def _webhook(spec: Spec) -> Iterator[tuple[int, Path, dict[str, Any]]]:
    for number, path, item in _watchers(spec):
        webhook = item.get("webhook")
        if isinstance(webhook, dict):
            yield number, (*path, "webhook"), webhook


def url_invalid(spec: Spec) -> Iterator[Hit]:
    for number, path, webhook in _webhook(spec):
        url = webhook.get("url")
        if not isinstance(url, str) or has_ref(url) or is_http_url(url):
            continue
        hint = ""
        host = url.split("/", 1)[0]
        one_slash = re.match(r"(https?):/(?!/)", url, re.IGNORECASE)
        if one_slash:
            hint = f'; write "{one_slash.group(1)}://" with two slashes'
        elif not _SCHEME.match(url) and "." in host and is_http_url("https://" + url):
            hint = '; it needs "https://" in front'
        yield Hit(
            (*path, "url"),
            f"webhook url {shown(url, 60)} of watcher {number} is not an http(s) URL; "
            f"expected https://host/path{hint}",
        )


def payload_not_json(spec: Spec) -> Iterator[Hit]:
    for number, path, webhook in _webhook(spec):
        payload = webhook.get("payload")
        if not isinstance(payload, str) or not payload.strip() or is_ref(payload):
            continue
        reason = json_problem(payload)
        if reason is not None:
            yield Hit(
                (*path, "payload"),
                f"the webhook payload of watcher {number} is not valid JSON: {reason}",
            )
