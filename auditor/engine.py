"""The engine: resolve inputs, build facts, run checklists, score. One broken check never
kills an audit: a detector crash becomes an ``error`` finding."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from auditor.authors import config_paper, configured_checklists, waive
from auditor.checklists import ChecklistSpec, get_checklists
from auditor.detectors import run_detector
from auditor.digest import kept_digests
from auditor.errors import InputError
from auditor.facts import Facts
from auditor.facts.authors import AuthorsFile, read_authors_config
from auditor.facts.repo import RepoFacts
from auditor.guard import LimitExceeded, out_of_memory
from auditor.limits import DEFAULT_LIMITS, Limits
from auditor.livelinks import verify_links
from auditor.models import (
    ChecklistResult,
    Finding,
    LinkCheck,
    Report,
    RepoSubject,
    Subject,
    ToolInfo,
)
from auditor.scoring import score
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
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Audit a repository and/or a paper. Raises InputError for inputs that cannot be read.

    ``progress`` is told each stage as it starts ("fetching code", "reading paper",
    "checking", "checking links"), for a front end that shows where an audit is.

    ``authors_config`` reads the audited repository's own configuration (paper, checklists,
    fail-under, waivers; ``waivers=False`` leaves the waivers out); ``check_links`` resolves
    every link the evidence cites over the network (with ``http_session``, if given)."""
    if not repo and not paper:
        raise InputError("nothing to audit: give --repo and/or --paper")
    specs = get_checklists(checklists) if checklists else None
    log_ = _Log(progress)
    config = subject_repo = subject_paper = None
    with tempfile.TemporaryDirectory(prefix="auditor-") as tmp:
        workdir = Path(tmp)
        facts = Facts()
        if repo:
            with log_.timed("repo_source"):
                subject_repo, config = _open_repo(
                    repo, facts, workdir, limits, ref, at, authors_config, log_
                )
        specs = specs or configured_checklists(config, facts.repo)
        source = None
        if not paper and config and config.settings.paper:
            paper, source = config_paper(config, facts.repo, workdir, limits)
        if paper:
            with log_.timed("paper_source"):
                subject_paper, facts.paper, notes = _load_paper(
                    paper, workdir, limits, http_session, paper_cache if use_paper_cache else False
                )
            if source:
                subject_paper = subject_paper.model_copy(update={"source": source})
            log_.warnings += notes
        results = _run_checklists(specs, facts, log_)
        if facts.repo is not None:  # objects found unreadable while the checks read them
            log_.warnings += facts.repo.tree.read_notes()
    links: tuple[LinkCheck, ...] = ()
    if check_links is not None:
        with log_.timed("links"):
            results, links, notes = verify_links(results, specs, check_links, http_session)
        log_.warnings += notes
    info = None
    if config is not None:
        results, info, notes = waive(results, specs, config, waivers)
        log_.warnings += notes
    return Report(
        tool=ToolInfo(version=__version__),
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        subject=Subject(repo=subject_repo, paper=subject_paper),
        checklists=tuple(results),
        warnings=tuple(log_.warnings),
        timings={k: round(v, 4) for k, v in log_.timings.items()},
        links_checked=check_links is not None,
        links=links,
        config=info,
    )


# what a front end may show while an audit runs, by timing name
STAGES = {
    "repo_source": "fetching code",
    "paper_source": "reading paper",
    "checklist": "checking",
    "links": "checking links",
}


@dataclass
class _Log:
    """What one audit accumulates besides findings: notes for the report and timings."""

    progress: Callable[[str], None] | None = None
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    stage: str = ""

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        stage = STAGES.get(name.split(":", 1)[0], "")
        if self.progress is not None and stage and stage != self.stage:
            self.stage = stage
            self.progress(stage)
        t0 = time.perf_counter()
        yield
        self.timings[name] = time.perf_counter() - t0


def _open_repo(
    repo: str, facts: Facts, workdir: Path, limits: Limits, ref: str | None, at: str | None,
    authors_config: bool, log_: _Log,
) -> tuple[RepoSubject, AuthorsFile | None]:  # fmt: skip
    resolved = resolve_repo(repo, workdir, limits, ref=ref, at=at)
    urls = tuple(dict.fromkeys((repo, *resolved.source_urls)))
    facts.repo = RepoFacts(resolved.tree, limits, urls)
    log_.warnings += resolved.warnings
    config = read_authors_config(resolved.tree) if authors_config else None
    return resolved.subject, config


def _run_checklists(specs: list[ChecklistSpec], facts: Facts, log_: _Log) -> list[ChecklistResult]:
    available = {k for k, v in (("repo", facts.repo), ("paper", facts.paper)) if v is not None}
    results = []
    for spec in specs:
        if set(spec.requires) <= available:
            with log_.timed(f"checklist:{spec.id}"):
                results.append(run_checklist(spec, facts))
    return results


def _load_paper(spec: str, workdir: Path, limits: Limits, session: Any, cache: Path | None | bool):  # type: ignore[no-untyped-def]
    from auditor.facts.paper import load_paper
    from auditor.sources.paper import resolve_paper

    with kept_digests():  # the subject and the facts hash the same PDF once
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
