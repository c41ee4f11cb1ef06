"""Paper checks on the case folders tests/cases/<check>/{pass,fail}-*/.

A folder holds ``paper.txt`` (raw page texts separated by form feeds), and for the paper-code
cross-checks ``README.md`` and ``repo_url.txt``, or a whole small repository in ``repo/``
(read as a local folder, as ``auditor audit --repo`` would). ``expected.txt`` names the exact
status when it is not simply the folder's prefix (``pass-*``, ``partial-*``, ``fail-*``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from auditor.checklists import load_checklist_file
from auditor.detectors import run_detector
from auditor.facts import Facts
from auditor.facts.markdown import Document
from auditor.facts.paper import paper_from_pages
from auditor.facts.repo import RepoFacts
from auditor.limits import Limits
from auditor.sources.repo import resolve_repo

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(__file__).parent / "cases"
SPECS = {
    c.id: c
    for name in ("paper-reporting", "paper-code")
    for c in load_checklist_file(ROOT / "checklists" / f"{name}.toml").checks
}


@dataclass
class FakeRepo:
    """The two RepoFacts attributes the cross-checks read."""

    readme_docs: list[Document] = field(default_factory=list)
    source_urls: tuple[str, ...] = ()


def _facts(folder: Path, workdir: Path) -> Facts:
    paper = paper_from_pages((folder / "paper.txt").read_text(encoding="utf-8").split("\f"))
    if (folder / "repo").is_dir():
        resolved = resolve_repo(str(folder / "repo"), workdir, Limits())
        return Facts(repo=RepoFacts(resolved.tree, Limits()), paper=paper)
    repo = None
    if (folder / "README.md").exists() or (folder / "repo_url.txt").exists():
        readme = folder / "README.md"
        docs = [Document("README.md", readme.read_text().splitlines())] if readme.exists() else []
        url = folder / "repo_url.txt"
        repo = FakeRepo(docs, tuple(url.read_text().split()) if url.exists() else ())
    return Facts(repo=repo, paper=paper)  # type: ignore[arg-type]


def _cases() -> list[tuple[str, Path]]:
    return sorted(
        (check.name, case)
        for check in CASES.iterdir()
        if check.name in SPECS
        for case in check.iterdir()
        if case.is_dir() and (case / "paper.txt").exists()  # others: repository cases
    )


@pytest.mark.parametrize(("check", "folder"), _cases(), ids=lambda v: getattr(v, "name", v))
def test_case(check: str, folder: Path, tmp_path: Path) -> None:
    spec = SPECS[check]
    outcome = run_detector(spec.detector, _facts(folder, tmp_path), spec.params)
    expected_file = folder / "expected.txt"
    if expected_file.exists():
        expected = expected_file.read_text().strip()
    else:
        expected = folder.name.split("-", 1)[0]
    assert outcome.status == expected, outcome.summary
    assert outcome.summary
    if outcome.status in ("fail", "partial") and check not in ("venue_checklist",):
        assert outcome.searched or outcome.evidence
    for ev in outcome.evidence:
        if ev.kind == "paper":
            assert ev.page and ev.page >= 1 and ev.excerpt


def test_every_paper_check_has_pass_and_fail_cases() -> None:
    for check in SPECS:
        names = [p.name for p in (CASES / check).iterdir()]
        assert any(n.startswith("pass-") for n in names), check
        assert any(n.startswith("fail-") for n in names), check
