"""The engine: resolve inputs, build facts, run checklists, score. One broken check never
kills an audit: a detector crash becomes an ``error`` finding."""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from auditor.checklists import (
    ChecklistSpec,
    get_checklists,
    installed_checklists,
    parse_checklist,
)
from auditor.detectors import run_detector
from auditor.errors import InputError
from auditor.facts import Facts
from auditor.facts.authors import AuthorsFile, read_authors_config
from auditor.facts.repo import RepoFacts
from auditor.guard import LimitExceeded, out_of_memory
from auditor.limits import DEFAULT_LIMITS, Limits
from auditor.models import (
    AuthorsConfig,
    ChecklistResult,
    Finding,
    LinkCheck,
    Report,
    Subject,
    ToolInfo,
)
from auditor.scoring import apply_waivers, score
from auditor.sources.links import LinkOptions
from auditor.sources.repo import resolve_repo
from auditor.version import __version__

log = logging.getLogger(__name__)


def run_checklist(spec: ChecklistSpec, facts: Facts) -> ChecklistResult:
    findings = []
    for check in spec.checks:
        try:
            out = run_detector(check.detector, facts, check.params)
        except Exception as exc:  # a detector bug must not kill the audit
            if isinstance(exc, LimitExceeded) or out_of_memory(exc):
                raise  # the whole audit is over its time or memory bound, not just this check
            log.warning("check %s (%s) crashed: %s", check.id, check.detector, exc)
            log.debug("traceback of the crash", exc_info=True)
            findings.append(
                Finding(
                    check=check.id,
                    title=check.title,
                    status="error",
                    summary=f"the check crashed: {type(exc).__name__}: {str(exc)[:200]}",
                    advisory=check.advisory,
                    weight=check.weight,
                    advice="This is a bug in auditor; please report it with the input.",
                    why=check.why,
                    fix=check.fix,
                )  # fmt: skip
            )
            continue
        advice = None
        if out.status not in ("pass", "not_applicable"):
            advice = " ".join(x for x in (out.advice, check.fix) if x)
        findings.append(
            Finding(
                check=check.id,
                title=check.title,
                status=out.status,
                summary=out.summary,
                evidence=tuple(dict.fromkeys(out.evidence)),  # the same quote once
                advice=advice,
                searched=out.searched,
                advisory=check.advisory,
                weight=check.weight,
                details=out.details,
                why=check.why,
                fix=check.fix,
            )  # fmt: skip
        )
    got, total = score(findings)
    return ChecklistResult(
        id=spec.id, title=spec.title, version=spec.version, source_url=spec.source_url,
        score=got, max_score=total, findings=tuple(findings),
    )  # fmt: skip


def audit(
    repo: str | None = None,
    paper: str | None = None,
    *,
    ref: str | None = None,
    at: str | None = None,
    checklists: list[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    http_session: Any = None,
    paper_cache: Path | None = None,
    use_paper_cache: bool = True,
    authors_config: bool = False,
    waivers: bool = True,
    check_links: LinkOptions | None = None,
) -> Report:
    """Audit a repository and/or a paper. Raises InputError for inputs that cannot be read.

    ``authors_config`` reads the audited repository's own configuration (paper, checklists,
    fail-under, waivers; ``waivers=False`` leaves the waivers out); ``check_links`` resolves
    every link the evidence cites over the network (with ``http_session``, if given)."""
    if not repo and not paper:
        raise InputError("nothing to audit: give --repo and/or --paper")
    specs = get_checklists(checklists) if checklists else None
    timings: dict[str, float] = {}
    warnings: list[str] = []
    config = None
    links: tuple[LinkCheck, ...] = ()
    with tempfile.TemporaryDirectory(prefix="auditor-") as tmp:
        workdir = Path(tmp)
        facts = Facts()
        subject_repo = subject_paper = None
        if repo:
            t0 = time.perf_counter()
            resolved = resolve_repo(repo, workdir, limits, ref=ref, at=at)
            urls = tuple(dict.fromkeys((repo, *resolved.source_urls)))
            facts.repo = RepoFacts(resolved.tree, limits, urls)
            subject_repo = resolved.subject
            warnings += resolved.warnings
            config = read_authors_config(resolved.tree) if authors_config else None
            timings["repo_source"] = time.perf_counter() - t0
        if specs is None:
            specs = configured_checklists(config, facts.repo)
        paper_from_repo = None
        if not paper and config and config.settings.paper:
            paper, paper_from_repo = config_paper(config, facts.repo, workdir, limits)
        if paper:
            t0 = time.perf_counter()
            subject_paper, facts.paper, notes = _load_paper(
                paper, workdir, limits, http_session, paper_cache if use_paper_cache else False
            )
            if paper_from_repo:
                subject_paper = subject_paper.model_copy(update={"source": paper_from_repo})
            warnings += notes
            timings["paper_source"] = time.perf_counter() - t0
        available = {k for k, v in (("repo", facts.repo), ("paper", facts.paper)) if v is not None}
        results = []
        for spec in specs:
            if not set(spec.requires) <= available:
                continue
            t0 = time.perf_counter()
            results.append(run_checklist(spec, facts))
            timings[f"checklist:{spec.id}"] = time.perf_counter() - t0
    if check_links is not None:
        t0 = time.perf_counter()
        results, links, notes = verify_links(results, specs, check_links, http_session)
        warnings += notes
        timings["links"] = time.perf_counter() - t0
    info = None
    if config is not None:
        results, info, notes = waive(results, specs, config, waivers)
        warnings += notes
    return Report(
        tool=ToolInfo(version=__version__),
        created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        subject=Subject(repo=subject_repo, paper=subject_paper),
        checklists=tuple(results),
        warnings=tuple(warnings),
        timings={k: round(v, 4) for k, v in timings.items()},
        links_checked=check_links is not None,
        links=links,
        config=info,
    )


# -- the authors' configuration --------------------------------------------------------------
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


# -- live links ------------------------------------------------------------------------------
def verify_links(
    results: list[ChecklistResult], specs: list[ChecklistSpec], opts: LinkOptions, session: Any
) -> tuple[list[ChecklistResult], tuple[LinkCheck, ...], list[str]]:
    """Resolve every http(s) link the evidence cites; a dead weight link turns a passing
    pre-trained-models finding into ``partial`` with the dead URL as evidence."""
    from auditor.sources.links import check_links

    cited: dict[str, list[str]] = {}
    for cl in results:
        for f in cl.findings:
            for ev in f.evidence:
                if ev.url and ev.url.lower().startswith(("http://", "https://")):
                    cited.setdefault(ev.url, []).append(f"{cl.id}/{f.check}")
    checked = check_links(list(cited), opts, session)
    notes = []
    if len(cited) > len(checked):
        notes.append(f"{len(cited) - len(checked)} cited link(s) over the limit were not checked")
    links = tuple(
        checked[u].model_copy(update={"checks": tuple(dict.fromkeys(cited[u]))})
        for u in cited if u in checked
    )  # fmt: skip
    weights = {(s.id, c.id) for s in specs for c in s.checks if c.detector in WEIGHT_DETECTORS}
    dead = {lk.url: lk for lk in links if lk.state == "dead"}
    out = []
    for cl in results:
        findings = tuple(
            _dead_weights(f, dead) if (cl.id, f.check) in weights else f for f in cl.findings
        )
        got, total = score(findings)
        out.append(cl.model_copy(update={"findings": findings, "score": got, "max_score": total}))
    return out, links, notes


WEIGHT_DETECTORS = ("pretrained_models",)


def _dead_weights(f: Finding, dead: dict[str, LinkCheck]) -> Finding:
    gone = [ev for ev in f.evidence if ev.url in dead]
    if f.status != "pass" or not gone:
        return f
    marks = tuple(
        ev.model_copy(update={"excerpt": f"dead link (HTTP {dead[ev.url or ''].http_status})"})
        for ev in gone
    )
    summary = f"{f.summary}; but {len(gone)} weight link(s) are dead"
    return f.model_copy(
        update={"status": "partial", "summary": summary, "evidence": marks + f.evidence,
                "advice": f"Replace the dead link(s). {f.fix or ''}".strip()}
    )  # fmt: skip


def _load_paper(spec: str, workdir: Path, limits: Limits, session: Any, cache: Path | None | bool):  # type: ignore[no-untyped-def]
    from auditor.facts.paper import load_paper
    from auditor.sources.paper import resolve_paper

    resolved = resolve_paper(
        spec, workdir, limits, session=session,
        cache_dir=cache if isinstance(cache, Path) else None, use_cache=cache is not False,
    )  # fmt: skip
    pf = load_paper(resolved.path, limits, source=spec)
    subject = resolved.subject.model_copy(
        update={"sha256": pf.sha256, "pages": pf.pages, "title": pf.title, "engine": pf.engine}
    )
    notes = list(pf.notes)
    if not pf.has_text_layer and not any("text layer" in n for n in notes):
        notes.append("the paper has no text layer (scanned?); paper checks are unknown")
    return subject, pf, notes
