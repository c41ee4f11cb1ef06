"""Checklists are data: TOML files validated at load time."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import tomllib
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.errors import InputError

Requirement = Literal["repo", "paper"]


class CheckSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    why: str
    fix: str
    detector: str
    weight: int = Field(default=1, ge=0)
    advisory: bool = False
    params: dict[str, object] = Field(default_factory=dict)


class ChecklistSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    version: str
    description: str = ""
    source_url: str | None = None
    requires: tuple[Requirement, ...] = ("repo",)
    default: bool = True
    order: int = 100  # report order; the first checklist is the one --fail-under scores
    checks: tuple[CheckSpec, ...]


def checklist_dirs() -> list[Path]:
    """Installed wheel: auditor/checklists; source checkout: <root>/checklists."""
    here = Path(__file__).resolve().parent
    return [p for p in (here / "checklists", here.parent / "checklists") if p.is_dir()]


def load_checklist_file(path: Path) -> ChecklistSpec:
    from auditor.detectors import DETECTORS, validate_params

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        spec = ChecklistSpec.model_validate(raw)
    except (tomllib.TOMLDecodeError, ValidationError, OSError) as exc:
        first = str(exc).splitlines()[0:3]
        raise InputError(f"{path}: invalid checklist: {' '.join(first)}") from exc
    if spec.id != path.stem:
        raise InputError(f"{path}: checklist id {spec.id!r} must match the file name")
    seen: set[str] = set()
    for check in spec.checks:
        where = f"{path}: check {check.id!r}"
        if check.id in seen:
            raise InputError(f"{where}: duplicate check id")
        seen.add(check.id)
        if check.detector not in DETECTORS:
            raise InputError(f"{where}: unknown detector {check.detector!r}")
        problem = validate_params(check.detector, check.params)
        if problem:
            raise InputError(f"{where}: bad params for {check.detector!r}: {problem}")
    return spec


@lru_cache(maxsize=1)
def installed_checklists() -> tuple[ChecklistSpec, ...]:
    specs = [load_checklist(cid) for cid in checklist_files()]
    return tuple(sorted(specs, key=lambda c: (c.order, c.id)))


def checklist_files() -> dict[str, Path]:
    """Checklist id (the file's stem) -> file; the installed copy wins over the checkout."""
    found: dict[str, Path] = {}
    for d in checklist_dirs():
        for path in sorted(d.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


@lru_cache(maxsize=32)
def load_checklist(checklist_id: str) -> ChecklistSpec:
    files = checklist_files()
    if checklist_id not in files:
        known = ", ".join(sorted(files))
        raise InputError(f"unknown checklist {checklist_id!r} (installed: {known})")
    return load_checklist_file(files[checklist_id])


def get_checklists(ids: list[str] | None = None) -> list[ChecklistSpec]:
    """The named checklists (only those files are loaded), or every default one."""
    if not ids:
        return [c for c in installed_checklists() if c.default]
    return [load_checklist(cid) for cid in dict.fromkeys(ids)]
