"""Self-contained HTML report: no external requests, everything from inputs autoescaped."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlparse

from jinja2 import Environment

from auditor.models import Evidence, Report, RepoSubject
from auditor.renderers.jinja import new_env

STATUS_LABEL = {
    "pass": "Pass", "partial": "Partial", "fail": "Fail",
    "not_applicable": "N/A", "unknown": "Unknown", "error": "Error",
}  # fmt: skip
_GH = re.compile(r"^(?:https?://|git@)github\.com[/:]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def safe_href(url: str | None) -> str | None:
    """Only http(s) links are clickable; javascript:, data:, file: and the rest stay text."""
    if not url:
        return None
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc:
        return url.strip()
    return None


def file_href(repo: RepoSubject | None, ev: Evidence) -> str | None:
    if repo is None or not repo.commit or not ev.path:
        return None
    m = _GH.match(repo.source.strip())
    if not m:
        return None
    anchor = f"#L{ev.line}" if ev.line else ""
    return (
        f"https://github.com/{m.group(1)}/{m.group(2)}/blob/{repo.commit}/{quote(ev.path)}{anchor}"
    )


@lru_cache(maxsize=1)
def _env() -> Environment:
    return new_env({"safe_href": safe_href}, {"STATUS_LABEL": STATUS_LABEL, "file_href": file_href})


def render_html(report: Report) -> str:
    return _env().get_template("report.html.j2").render(report=report, subject=report.subject)
