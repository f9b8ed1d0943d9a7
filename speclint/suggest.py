"""'Did you mean' suggestions, shared by every layer (difflib is imported when needed)."""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, choices: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The closest choice, if any is close enough (a list of at most one)."""
    import difflib

    return difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[object]) -> str:
    """'; did you mean "x"?' for the closest choice, or an empty string."""
    options = [c for c in choices if isinstance(c, str)]
    lowered = {c.lower(): c for c in options}
    if word.lower() in lowered and lowered[word.lower()] != word:
        return f'; did you mean "{lowered[word.lower()]}"?'
    close = close_matches(word, options)
    return f'; did you mean "{close[0]}"?' if close else ""
