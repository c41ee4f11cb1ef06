"""Case folders whose verdict depends on who owns the repository (an ``ORIGIN`` file), audited
the second way a real repository comes: a clone in a folder of any name whose ``origin``
remote is github.com/<owner>/<name>. (tests/test_cases.py audits them at tmp_path/<owner>/<name>,
as a checkout sits.) Also: a README in the shape of the Papers With Code template scores 5/5."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES, build_git_repo
from test_cases import CHECKLIST, _checklist_of, _files, _params_of, assert_verdict, origin

from auditor.engine import audit

ORIGIN_CASES = sorted(
    p.parent for p in CASES.glob("*/*/ORIGIN") if not p.parent.parent.name.startswith("_")
)
OWNED_PASSES = [c for c in ORIGIN_CASES if c.name.startswith("pass-")]


def test_origin_cases_exist() -> None:
    names = {f"{c.parent.name}/{c.name.split('-', 1)[0]}" for c in ORIGIN_CASES}
    assert {"pretrained_models/pass", "pretrained_models/fail"} <= names, names


@pytest.mark.parametrize("case", _params_of(ORIGIN_CASES))
def test_case_as_clone_with_origin_remote(case: Path, tmp_path: Path) -> None:
    owned = origin(case)
    assert owned is not None
    repo_dir = tmp_path / "checkout"  # the folder's name says nothing about the owner
    repo = build_git_repo(repo_dir, _files(case), dates=("2020-03-01",))
    repo.create_remote("origin", f"https://github.com/{owned[0]}/{owned[1]}.git")
    assert_verdict(case, audit(str(repo_dir), checklists=[_checklist_of(case.parent.name)]))


@pytest.mark.parametrize("case", OWNED_PASSES, ids=lambda c: f"{c.parent.name}/{c.name}")
def test_case_elsewhere_is_not_owned(case: Path, tmp_path: Path) -> None:
    """The same files under another owner: a pass that rests on ownership must not carry over
    (the hub ids and absolute links belong to someone else)."""
    repo_dir = tmp_path / "someone-else" / "copy"
    build_git_repo(repo_dir, _files(case), dates=("2020-03-01",))
    checklist = _checklist_of(case.parent.name)
    report = audit(str(repo_dir), checklists=[checklist])
    result = report.checklist(checklist)
    assert result is not None
    finding = next(f for f in result.findings if f.check == case.parent.name)
    # a completeness item then fails; a code item may have nothing left to judge (n/a)
    allowed = {"fail"} if checklist == CHECKLIST else {"fail", "partial", "not_applicable"}
    assert finding.status in allowed, f"{finding.status}: {finding.summary}"


# ------------------------------------------------------------- the checklist's own template
TEMPLATE = CASES / "results" / "pass-template-readme"


def test_template_readme_scores_full(tmp_path: Path) -> None:
    """A README with the template's sections and its fence info strings (setup / train / eval)
    beside an ordinary train.py, eval.py and a pinned requirements.txt scores 5/5."""
    repo_dir = tmp_path / "template-repo"
    build_git_repo(repo_dir, _files(TEMPLATE), dates=("2020-03-01",))
    report = audit(str(repo_dir), checklists=[CHECKLIST])
    result = report.checklist(CHECKLIST)
    assert result is not None
    statuses = {f.check: f.status for f in result.findings}
    assert statuses == dict.fromkeys(statuses, "pass"), statuses
    assert len(statuses) == 5
    assert (result.score, result.max_score) == (5, 5)
    results = next(f for f in result.findings if f.check == "results")
    fenced = [e for e in results.evidence if e.excerpt and e.excerpt.startswith("python ")]
    assert fenced, "the results pass must rest on the train/eval fences"
