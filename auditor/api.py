"""The public Python API: audit, read back and render reports from a script or a notebook.

    import auditor
    report = auditor.audit(repo="https://github.com/org/repo", at="2020-04-01")
    print(report.checklists[0].score)
    html = auditor.render(report, "html")
    same = auditor.load_report("reports/repo/report.json")

Everything here is re-exported by ``auditor`` itself (lazily, so ``import auditor`` stays light).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor.engine import audit as _engine_audit
from auditor.errors import InputError
from auditor.guard import time_limit
from auditor.limits import DEFAULT_LIMITS, Limits
from auditor.models import SCHEMA_VERSION, Report
from auditor.renderers import RENDERERS


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
) -> Report:
    """Audit a repository and/or a paper and return the frozen :class:`Report`.

    ``repo`` is a git URL, a local folder, a bare git dir or a zip/tar supplement; ``paper`` a
    PDF path, an http(s) URL or an arXiv id. ``ref`` (branch, tag, commit) or ``at``
    (``YYYY-MM-DD``: the last commit on or before that day) pins the repository; ``checklists``
    names the checklists to run (default: every default checklist whose inputs are given).
    Nothing from the inputs is executed. The whole audit is bounded by ``limits`` (its time
    limit applies when called from the main thread).

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
        )


def load_report(path: str | Path) -> Report:
    """Read a ``report.json`` back into a :class:`Report`.

    Raises :class:`auditor.InputError` when the file cannot be read, is not JSON, carries a
    ``schema_version`` this version of auditor does not know, or does not match the schema.
    """
    p = Path(path)
    try:
        data: Any = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read {p}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{p} is not a JSON report: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(f"{p} is not a JSON report (top level is not an object)")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{p} has schema_version {version!r}; this auditor reads version {SCHEMA_VERSION}"
        )
    from pydantic import ValidationError

    try:
        return Report.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(map(str, first["loc"]))
        raise InputError(f"{p} does not match the report schema: {where}: {first['msg']}") from None


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
