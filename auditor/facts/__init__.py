"""Facts: everything detectors may read, parsed once and cached."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.facts.paper import PaperFacts
    from auditor.facts.repo import RepoFacts


@dataclass
class Facts:
    repo: RepoFacts | None = None
    paper: PaperFacts | None = None
