"""Short quotes from a paper: an excerpt around a match, and a paper Evidence for a sentence."""

from __future__ import annotations

import re

from auditor.facts.paper import Sentence
from auditor.models import Evidence


def excerpt(text: str, start: int, end: int, width: int = 220) -> str:
    """A short quote around ``text[start:end]``, cut at word boundaries."""
    if len(text) <= width:
        return text
    pad = max(0, (width - (end - start)) // 2)
    a, b = max(0, start - pad), min(len(text), end + pad)
    a = text.rfind(" ", 0, a) + 1 if a > 0 else 0
    b2 = text.find(" ", b)
    b = len(text) if b2 < 0 else b2
    return ("..." if a > 0 else "") + text[a:b].strip() + ("..." if b < len(text) else "")


def quote(s: Sentence, m: re.Match[str]) -> Evidence:
    return Evidence(
        kind="paper",
        page=s.page,
        excerpt=excerpt(s.text, m.start(), m.end()),
        heading=s.section or None,
    )
