"""Service blocks: web-app-only settings on an api, and the health check address."""

from __future__ import annotations

import re
from collections.abc import Iterator

from speclint.checks.formats import has_ref, is_http_url, shown
from speclint.model import Hit
from speclint.spec import Spec

WEB_APP_ONLY = ("sessionStickiness", "scaleToZero")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def option_web_app_only(spec: Spec) -> Iterator[Hit]:
    config = spec.config
    if not spec.is_block_spec or not spec.is_service or not isinstance(config, dict):
        return
    if config.get("serviceType") != "api":
        return
    for key in config:
        # false is what an api does anyway; a reference or a wrong type is judged
        # elsewhere
        if key in WEB_APP_ONLY and config[key] is True:
            yield Hit(
                (*spec.config_path, key),
                f'"{key}: true" applies only to web-app services; this service\'s '
                'serviceType is "api"',
                on_key=True,
            )


def health_check_url_invalid(spec: Spec) -> Iterator[Hit]:
    config = spec.config
    if not spec.is_block_spec or not spec.is_service or not isinstance(config, dict):
        return
    url = config.get("healthCheckURL")
    if not isinstance(url, str) or not url or has_ref(url):
        return  # empty: taken as not set (the field is optional)
    if url.startswith("/") and not any(c.isspace() for c in url):
        return
    if is_http_url(url):
        return
    hint = ""
    if not _SCHEME.match(url) and not any(c.isspace() for c in url):
        hint = f"; did you mean {shown('/' + url.lstrip('./'))}?"
    yield Hit(
        (*spec.config_path, "healthCheckURL"),
        f'"healthCheckURL" is {shown(url)}; expected a path starting with "/" (like '
        f'"/health") or an http(s) URL{hint}',
    )
