"""Scoring is a pure function of findings: the weighted count of passes."""

from __future__ import annotations

from collections.abc import Iterable

from auditor.models import Finding


def score(findings: Iterable[Finding]) -> tuple[int, int]:
    """Return ``(score, max_score)``; advisory findings never count."""
    got = 0
    total = 0
    for f in findings:
        if f.advisory:
            continue
        total += f.weight
        if f.status == "pass":
            got += f.weight
    return got, total
