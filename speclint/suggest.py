"""'Did you mean' suggestions, shared by every layer."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[object]) -> str:
    """'; did you mean "x"?' for the closest choice, or an empty string."""
    options = [c for c in choices if isinstance(c, str)]
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f'; did you mean "{lowered[word.lower()]}"?'
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""
