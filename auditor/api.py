"""The public Python API: audit, read back and render reports from a script or a notebook.

    import auditor
    report = auditor.audit(repo="https://github.com/org/repo", at="2020-04-01")
    print(report.checklists[0].score)
    html = auditor.render(report, "html")
    same = auditor.load_report("reports/repo/report.json")

Everything here is re-exported by ``auditor`` itself (lazily, so ``import auditor`` stays light).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from auditor.engine import audit as _engine_audit
from auditor.guard import time_limit
from auditor.limits import DEFAULT_LIMITS, Limits
from auditor.models import Report
from auditor.output import read_report
from auditor.renderers import RENDERERS
from auditor.sources.links import LinkOptions


def audit(
    repo: str | Path | None = None,
    paper: str | Path | None = None,
    *,
    ref: str | None = None,
    at: str | None = None,
    checklists: Sequence[str] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    paper_cache: str | Path | None = None,
    use_paper_cache: bool = True,
    authors_config: bool = False,
    waivers: bool = True,
    check_links: bool = False,
) -> Report:
    """Audit a repository and/or a paper and return the frozen :class:`Report`.

    ``repo`` is a git URL, a local folder, a bare git dir or a zip/tar supplement; ``paper`` a
    PDF path, an http(s) URL or an arXiv id. ``ref`` (branch, tag, commit) or ``at``
    (``YYYY-MM-DD``: the last commit on or before that day) pins the repository; ``checklists``
    names the checklists to run (default: every default checklist whose inputs are given).
    Nothing from the inputs is executed. The whole audit is bounded by ``limits`` (its time
    limit applies when called from the main thread).

    ``authors_config=True`` reads the repository's own ``[tool.auditor]`` / ``.auditor.toml``
    (paper, checklists, fail-under, waivers; ``waivers=False`` leaves the waivers out, as
    ``--no-waivers`` does); ``check_links=True`` resolves the links the evidence cites over the
    network (as ``--check-links`` does).

    Raises :class:`auditor.InputError` for inputs that cannot be read, fetched or pinned, and
    for an audit that exceeds its limits (a subclass, ``LimitExceeded``); any other exception
    is a bug in auditor.
    """
    with time_limit(limits.audit_timeout):
        return _engine_audit(
            str(repo) if repo is not None else None,
            str(paper) if paper is not None else None,
            ref=ref,
            at=at,
            checklists=list(checklists) if checklists else None,
            limits=limits,
            paper_cache=Path(paper_cache) if paper_cache else None,
            use_paper_cache=use_paper_cache,
            authors_config=authors_config,
            waivers=waivers,
            check_links=LinkOptions() if check_links else None,
        )


def load_report(path: str | Path) -> Report:
    """Read a ``report.json`` back into a :class:`Report`.

    Raises :class:`auditor.InputError` when the file cannot be read, is not JSON, carries a
    ``schema_version`` this version of auditor does not know, or does not match the schema.
    """
    return read_report(path)


def render(report: Report, fmt: str = "html") -> str:
    """Render a report as ``"html"`` (self-contained page), ``"md"`` or ``"json"``.

    Raises :class:`ValueError` for an unknown format.
    """
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        known = ", ".join(sorted(RENDERERS))
        raise ValueError(f"unknown format {fmt!r} (known: {known})") from None
    return renderer(report)
