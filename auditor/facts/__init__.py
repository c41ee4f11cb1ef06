"""Facts: everything detectors may read, parsed once and cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.facts.paper import PaperFacts
    from auditor.facts.repo import RepoFacts


@dataclass
class Facts:
    repo: RepoFacts | None = None
    paper: PaperFacts | None = None
    # detector outcomes already computed on these facts (detectors are pure): a check that
    # needs another check's verdict, e.g. the venue checklist, reuses it instead of rerunning
    outcomes: dict[tuple[str, str], object] = field(default_factory=dict)
