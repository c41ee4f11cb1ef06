"""Case folders: each tests/cases/<check>/<status>-<variant>/ is committed to a real git repo
in tmp_path, audited, and the check's status must match the folder's prefix.

A case whose verdict depends on who owns the repository has an ``ORIGIN`` file (``owner/name``):
it is built at tmp_path/<owner>/<name>, as a checkout of github.com/<owner>/<name> would sit
(tests/test_cases_origin.py audits the same cases as clones with that ``origin`` remote)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES, build_git_repo, case_files

from auditor.checklists import installed_checklists, load_checklist_file
from auditor.engine import audit
from auditor.models import Report

CHECKLIST = "ml-code-completeness"
CHECKLISTS = Path(__file__).resolve().parents[1] / "checklists"
# code-reproducibility checks judged from case folders here (their ids may share a folder with a
# paper check's paper.txt cases: a folder holding paper.txt belongs to tests/test_paper_cases.py)
REPRO = "code-reproducibility"
REPRO_CASES = {"seeds", "environment_pinned", "data_availability", "license"}
STATUSES = {"pass": "pass", "partial": "partial", "fail": "fail", "na": "not_applicable"}

# Detector gaps found on realistic cases: kept as strict xfails so a fix shows up as XPASS.
KNOWN_DETECTOR_GAPS: dict[str, str] = {}

# Checks whose behaviour is tested elsewhere: (checklist id, check id or "*") -> where.
TESTED_ELSEWHERE: dict[tuple[str, str], str] = {
    ("paper-reporting", "*"): "tests/test_paper_cases.py (paper.txt case folders)",
    ("paper-code", "*"): "tests/test_paper_cases.py (paper.txt + README case folders)",
    (REPRO, "determinism"): "tests/test_repro_seeds.py",
    (REPRO, "hyperparameter_config"): "tests/test_repro_checks.py",
    (REPRO, "experiment_tracking"): "tests/test_repro_checks.py",
    (REPRO, "demo"): "tests/test_repro_checks.py",
}


def _my_checks() -> set[str]:
    """Read at collection time straight from our file, so another checklist being edited
    cannot break collection (the meta-test below still loads them all)."""
    spec = load_checklist_file(CHECKLISTS / f"{CHECKLIST}.toml")
    return {c.id for c in spec.checks}


def _case_dirs() -> list[Path]:
    """Repository case folders of this checklist and of the code-reproducibility checks above
    (other checklists keep theirs beside them)."""
    mine = _my_checks() | REPRO_CASES
    return sorted(
        p
        for p in CASES.glob("*/*")
        if p.is_dir() and p.parent.name in mine and not (p / "paper.txt").exists()
    )


def _checklist_of(check: str) -> str:
    return REPRO if check in REPRO_CASES else CHECKLIST


def _params() -> list[object]:
    return _params_of(_case_dirs())


def origin(case: Path) -> tuple[str, str] | None:
    """(owner, name) from a case's ORIGIN file, if it has one."""
    f = case / "ORIGIN"
    if not f.is_file():
        return None
    owner, name = f.read_text().strip().split("/")
    return owner, name


def _files(case: Path) -> dict[str, bytes]:
    """Case files; ``dot-name`` stands for ``.name`` (so the fixture does not act on this repo)."""
    out = {}
    for rel, data in case_files(case).items():
        if rel == "ORIGIN":
            continue
        parts = [("." + p[4:]) if p.startswith("dot-") else p for p in rel.split("/")]
        out["/".join(parts)] = data
    return out


def _params_of(cases: list[Path]) -> list[object]:
    out = []
    for case in cases:
        key = f"{case.parent.name}/{case.name}"
        marks = []
        if key in KNOWN_DETECTOR_GAPS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_DETECTOR_GAPS[key]))
        out.append(pytest.param(case, id=key, marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
def test_case(case: Path, tmp_path: Path) -> None:
    owned = origin(case)
    repo_dir = tmp_path / owned[0] / owned[1] if owned else tmp_path / case.name
    build_git_repo(repo_dir, _files(case), dates=("2020-03-01",))
    assert_verdict(case, audit(str(repo_dir), checklists=[_checklist_of(case.parent.name)]))


def assert_verdict(case: Path, report: Report) -> None:
    """The check named by the case's parent folder has the status its name starts with."""
    check = case.parent.name
    prefix = case.name.split("-", 1)[0]
    assert prefix in STATUSES, (
        f"case folder {case.name} must start with pass-, partial-, fail- or na-"
    )
    expected = STATUSES[prefix]
    result = report.checklist(_checklist_of(check))
    assert result is not None
    finding = next(f for f in result.findings if f.check == check)
    assert finding.status == expected, f"{finding.status}: {finding.summary}"
    assert report.subject.repo is not None and report.subject.repo.commit
    if expected == "pass":
        assert finding.evidence, "a pass must carry evidence"
    else:
        assert finding.searched or finding.evidence, "a fail must say what was searched"


def _checks_with_cases() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for case in sorted(p for p in CASES.glob("*/*") if p.is_dir()):
        if case.parent.name.startswith("_"):  # _base: files shared by the case folders
            continue
        if (case / "paper.txt").exists() and case.parent.name in REPRO_CASES:
            continue  # a paper check's case that shares the folder name
        found.setdefault(case.parent.name, set()).add(STATUSES.get(case.name.split("-", 1)[0], "?"))
    return found


def test_every_check_has_pass_and_fail_cases() -> None:
    found = _checks_with_cases()
    missing = []
    for spec in installed_checklists():
        for check in spec.checks:
            if (spec.id, check.id) in TESTED_ELSEWHERE or (spec.id, "*") in TESTED_ELSEWHERE:
                continue
            kinds = found.get(check.id, set())
            if not {"pass", "fail"} <= kinds:
                missing.append(f"{spec.id}/{check.id} has {sorted(kinds) or 'no'} cases")
    assert not missing, (
        "checks without pass-* and fail-* case folders (add them under tests/cases/<check>/ "
        "or allow-list them in TESTED_ELSEWHERE): " + "; ".join(missing)
    )


def test_case_folders_name_real_checks() -> None:
    known = {c.id for spec in installed_checklists() for c in spec.checks}
    stray = sorted(name for name in _checks_with_cases() if name not in known)
    assert not stray, f"case folders for unknown checks: {stray}"
