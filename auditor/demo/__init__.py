"""The bundled example: a small ML project written for the demo (and an example paper)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_inputs() -> tuple[str, str | None]:
    base = Path(str(resources.files("auditor.demo")))
    paper = base / "example_paper.pdf"
    return str(base / "example_project"), (str(paper) if paper.is_file() else None)
