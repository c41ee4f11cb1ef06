"""Checklists are data: TOML files validated at load time."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

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


ENV_PATH = "AUDITOR_CHECKLIST_PATH"
MAX_CHECKLIST_BYTES = 1024 * 1024


def shipped_dirs() -> list[Path]:
    """Installed wheel: auditor/checklists; source checkout: <root>/checklists."""
    here = Path(__file__).resolve().parent
    return [p for p in (here / "checklists", here.parent / "checklists") if p.is_dir()]


def extra_dirs() -> list[Path]:
    """Folders named in AUDITOR_CHECKLIST_PATH (os.pathsep-separated), in order."""
    raw = os.environ.get(ENV_PATH, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def checklist_dirs() -> list[Path]:
    """Where checklists are loaded from: the shipped ones, then AUDITOR_CHECKLIST_PATH."""
    return shipped_dirs() + [p for p in extra_dirs() if p.is_dir()]


def looks_like_path(name: str) -> bool:
    """``--checklist`` takes an installed id or a path to a TOML file."""
    return name.endswith(".toml") or "/" in name or os.sep in name


def parse_checklist(text: str, where: str, stem: str, detectors: bool = True) -> ChecklistSpec:
    """Validate a checklist's TOML text; ``where`` names it in errors (a path). With
    ``detectors=False`` the detector names and params are left to ``check_detectors`` (which
    imports every detector: a batch has its fork server do that)."""
    try:
        spec = ChecklistSpec.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0:3]
        raise InputError(f"{where}: invalid checklist: {' '.join(first)}") from exc
    if spec.id != stem:
        raise InputError(f"{where}: checklist id {spec.id!r} must match the file name")
    seen: set[str] = set()
    for check in spec.checks:
        if check.id in seen:
            raise InputError(f"{where}: check {check.id!r}: duplicate check id")
        seen.add(check.id)
    if detectors:
        check_detectors(spec, where)
    return spec


def check_detectors(spec: ChecklistSpec, where: str) -> None:
    """Every check names a known detector with valid params."""
    from auditor.detectors import DETECTORS, validate_params

    for check in spec.checks:
        at = f"{where}: check {check.id!r}"
        if check.detector not in DETECTORS:
            raise InputError(f"{at}: unknown detector {check.detector!r}")
        problem = validate_params(check.detector, check.params)
        if problem:
            raise InputError(f"{at}: bad params for {check.detector!r}: {problem}")


def load_checklist_file(path: Path, detectors: bool = True) -> ChecklistSpec:
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(f"{path}: cannot read checklist: {exc.strerror or exc}") from exc
    spec = _load_file(path.resolve(), st.st_mtime_ns, st.st_size)
    if detectors:
        _check_file(path.resolve(), st.st_mtime_ns, st.st_size)
    return spec


@lru_cache(maxsize=64)
def _check_file(path: Path, _mtime: int, size: int) -> None:
    check_detectors(_load_file(path, _mtime, size), str(path))


@lru_cache(maxsize=64)
def _load_file(path: Path, _mtime: int, size: int) -> ChecklistSpec:
    if size > MAX_CHECKLIST_BYTES:
        raise InputError(f"{path}: checklist over {MAX_CHECKLIST_BYTES // 1024} KiB")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read checklist: {exc}") from exc
    return parse_checklist(text, str(path), path.stem, detectors=False)


def installed_checklists(detectors: bool = True) -> tuple[ChecklistSpec, ...]:
    specs = [load_checklist_file(p, detectors) for p in checklist_files().values()]
    return tuple(sorted(specs, key=lambda c: (c.order, c.id)))


def checklist_files() -> dict[str, Path]:
    """Checklist id (the file's stem) -> file. The installed copy wins over the checkout, and
    the shipped ones over AUDITOR_CHECKLIST_PATH (an id is never silently replaced)."""
    found: dict[str, Path] = {}
    for d in checklist_dirs():
        for path in sorted(d.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def checklist_folders() -> list[tuple[Path, str, list[str], list[str]]]:
    """For ``auditor checklists --paths``: (folder, origin, ids loaded, ids shadowed)."""
    shipped = shipped_dirs()
    files = checklist_files()
    out = []
    for d in shipped + extra_dirs():
        origin = "shipped" if d in shipped else ENV_PATH
        ids = sorted(p.stem for p in d.glob("*.toml")) if d.is_dir() else []
        used = [i for i in ids if files.get(i, Path()).parent == d]
        out.append((d, origin if d.is_dir() else f"{origin} (missing)", used,
                    [i for i in ids if i not in used]))  # fmt: skip
    return out


def load_checklist(checklist_id: str, detectors: bool = True) -> ChecklistSpec:
    if looks_like_path(checklist_id):
        path = Path(checklist_id).expanduser()
        if not path.is_file():
            raise InputError(f"checklist file not found: {checklist_id}")
        return load_checklist_file(path, detectors)
    files = checklist_files()
    if checklist_id not in files:
        known = ", ".join(sorted(files))
        raise InputError(f"unknown checklist {checklist_id!r} (installed: {known})")
    return load_checklist_file(files[checklist_id], detectors)


def get_checklists(ids: list[str] | None = None, detectors: bool = True) -> list[ChecklistSpec]:
    """The named checklists (installed ids or TOML paths; only those files are loaded), or
    every default one. Two checklists with one id is an error. ``detectors=False``: see
    ``parse_checklist``."""
    if not ids:
        return [c for c in installed_checklists(detectors) if c.default]
    specs = [load_checklist(cid, detectors) for cid in dict.fromkeys(ids)]
    seen: dict[str, str] = {}
    for name, spec in zip(dict.fromkeys(ids), specs, strict=True):
        if spec.id in seen and seen[spec.id] != name:
            raise InputError(f"two checklists with id {spec.id!r}: {seen[spec.id]} and {name}")
        seen[spec.id] = name
    return list({s.id: s for s in specs}.values())
