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
    found: dict[str, ChecklistSpec] = {}
    for d in checklist_dirs():
        for path in sorted(d.glob("*.toml")):
            spec = load_checklist_file(path)
            found.setdefault(spec.id, spec)
    return tuple(found.values())


def get_checklists(ids: list[str] | None = None) -> list[ChecklistSpec]:
    all_specs = {c.id: c for c in installed_checklists()}
    if not ids:
        return [c for c in all_specs.values() if c.default]
    out = []
    for cid in ids:
        if cid not in all_specs:
            known = ", ".join(sorted(all_specs))
            raise InputError(f"unknown checklist {cid!r} (installed: {known})")
        out.append(all_specs[cid])
    return out
