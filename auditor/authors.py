"""The authors' configuration applied to an audit: the checklists and paper it names, and its
waivers, attached to findings after the checks ran (statuses, evidence and scores unchanged)."""

from __future__ import annotations

from pathlib import Path

from auditor.checklists import ChecklistSpec, get_checklists, installed_checklists, parse_checklist
from auditor.errors import InputError
from auditor.facts.authors import AuthorsFile
from auditor.facts.repo import RepoFacts
from auditor.limits import Limits
from auditor.models import AuthorsConfig, ChecklistResult
from auditor.scoring import apply_waivers


def configured_checklists(
    config: AuthorsFile | None, repo: RepoFacts | None
) -> list[ChecklistSpec]:
    """The configuration's checklists (installed ids, or TOML files in the repository), else
    every default checklist."""
    if config is None or not config.settings.checklists:
        return get_checklists(None)
    specs = []
    for name in config.settings.checklists:
        if not name.endswith(".toml"):
            specs += get_checklists([name])
            continue
        text = repo.text(name) if repo is not None else None
        if text is None:
            raise InputError(f"{config.path}: checklists: {name!r} is not a file in the repository")
        stem = name.rsplit("/", 1)[-1].removesuffix(".toml")
        specs.append(parse_checklist(text, f"{config.path}: {name}", stem))
    return list({s.id: s for s in specs}.values())


def config_paper(
    config: AuthorsFile, repo: RepoFacts | None, workdir: Path, limits: Limits
) -> tuple[str, str | None]:
    """(what to load, the source to report): an arXiv id as it is, or a PDF in the repository
    copied (bounded) into the private work folder."""
    name = config.settings.paper or ""
    if config.settings.arxiv_paper() or repo is None:
        return name, None
    entry = next((e for e in repo.files if e.path == name), None)
    if entry is None:
        raise InputError(f"{config.path}: paper: {name!r} is not a file in the repository")
    if entry.size > limits.max_download_bytes:
        raise InputError(f"{config.path}: paper: {name!r} is over --max-download-mb")
    data = repo.tree.read_bytes(name, limits.max_download_bytes)
    if data is None:
        raise InputError(f"{config.path}: paper: {name!r} cannot be read")
    target = workdir / "paper-from-repository.pdf"
    target.write_bytes(data)
    return str(target), name


def waive(
    results: list[ChecklistResult], specs: list[ChecklistSpec], config: AuthorsFile, apply: bool
) -> tuple[list[ChecklistResult], AuthorsConfig, list[str]]:
    """Check the waivers name real checks, then attach them (unless ``apply`` is False)."""
    rules = config.settings.waive
    known = {(c.id, k.id) for c in (*installed_checklists(), *specs) for k in c.checks}
    for key in rules:
        cl, _, check = key.rpartition(".")
        if not any(k == check and (not cl or c == cl) for c, k in known):
            where = (
                config.path if config.path == ".auditor.toml" else f"{config.path} [tool.auditor]"
            )
            raise InputError(f"{where}: waive.{key}: no such check")
    info = AuthorsConfig(
        path=config.path, fail_under=config.settings.fail_under, waivers=len(rules),
        waivers_applied=apply,
    )  # fmt: skip
    if not rules:
        return results, info, []
    if not apply:
        note = f"{len(rules)} waiver(s) in {config.path} not applied (--no-waivers): "
        return results, info, [note + ", ".join(rules)]
    return list(apply_waivers(results, rules, config.path)), info, []
