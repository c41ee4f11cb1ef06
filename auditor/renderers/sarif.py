"""SARIF 2.1.0 (``report.sarif``) for code scanning: one rule per check, one result per
finding that did not pass. Waived findings carry an external, accepted suppression with the
authors' reason, so code scanning shows them as dismissed rather than hiding them."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import quote, urlparse

from auditor.models import ChecklistResult, Evidence, Finding, Report

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFO_URI = "https://github.com/auditor-dev/auditor"
LEVEL = {"fail": "error", "partial": "warning", "unknown": "note", "error": "note"}
SKIP = ("pass", "not_applicable")
README = re.compile(r"^readme(\.\w+)?$", re.I)


def _http(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parsed = urlparse(url.strip())
    except ValueError:
        return None
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def _rule(cl: ChecklistResult, f: Finding) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": f"{cl.id}/{f.check}",
        "name": "".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", f.check) if w),
        "shortDescription": {"text": f.title},
        "fullDescription": {"text": f.why or f.title},
        "help": {"text": f.fix or f.advice or f.title},
        "defaultConfiguration": {"level": "note" if f.advisory else "error"},
        "properties": {"checklist": cl.id, "advisory": f.advisory, "weight": f.weight},
    }
    uri = _http(cl.source_url)
    if uri:
        rule["helpUri"] = uri
    return rule


def _uri(path: str) -> str:
    return quote(path.lstrip("/"), safe="/")


def _location(ev: Evidence) -> dict[str, Any]:
    phys: dict[str, Any] = {
        "artifactLocation": {"uri": _uri(ev.path or ""), "uriBaseId": "%SRCROOT%"}
    }
    if ev.line and ev.line > 0:
        phys["region"] = {"startLine": ev.line}
    return {"physicalLocation": phys}


def _readme(report: Report) -> str:
    """The repository's README as seen in the evidence: the place a finding with no file of its
    own (e.g. 'no pre-trained weights found') is shown, since code scanning needs a location."""
    for cl in report.checklists:
        for f in cl.findings:
            for ev in f.evidence:
                if ev.path and "/" not in ev.path and README.match(ev.path):
                    return ev.path
    return "README.md"


def fingerprint(cl: ChecklistResult, f: Finding) -> str:
    """Stable across commits: the checklist and check, not lines or wording that move."""
    return hashlib.sha256(f"{cl.id}/{f.check}".encode()).hexdigest()[:32]


def _message(f: Finding) -> str:
    summary = f.summary.rstrip()
    parts = [
        f"{f.title}: {f.status}. {summary}" + ("" if summary.endswith((".", "!", "?")) else ".")
    ]
    if f.searched and f.status == "fail":
        parts.append(f"Searched: {f.searched}.")
    if f.advice:
        parts.append(f"How to fix: {f.advice}")
    if f.waiver:
        parts.append(f"Waived by the authors ({f.waiver.source}): {f.waiver.reason}")
    return " ".join(parts)


def _result(cl: ChecklistResult, f: Finding, index: int, fallback: str) -> dict[str, Any]:
    files = [ev for ev in f.evidence if ev.path]
    locations = [_location(ev) for ev in files[:10]] or [
        _location(Evidence(kind="file", path=fallback))
    ]
    result: dict[str, Any] = {
        "ruleId": f"{cl.id}/{f.check}",
        "ruleIndex": index,
        "level": "note" if f.advisory else LEVEL.get(f.status, "note"),
        "kind": "fail",
        "message": {"text": _message(f)},
        "locations": locations,
        "partialFingerprints": {"auditorCheck/v1": fingerprint(cl, f)},
        "properties": {"status": f.status, "checklist": cl.id, "waived": f.waiver is not None},
    }
    urls = [ev.url for ev in f.evidence if _http(ev.url)]
    if urls:
        result["properties"]["urls"] = urls[:10]
    if f.waiver:
        result["suppressions"] = [
            {"kind": "external", "status": "accepted", "justification": f.waiver.reason}
        ]
    return result


def _subject(report: Report) -> dict[str, Any]:
    props: dict[str, Any] = {
        "scores": {cl.id: [cl.score, cl.max_score] for cl in report.checklists},
        "linksChecked": report.links_checked,
    }
    if report.subject.repo:
        props["repo"] = report.subject.repo.source
        props["commit"] = report.subject.repo.commit
    if report.subject.paper:
        props["paper"] = report.subject.paper.source
    return props


def render_sarif(report: Report) -> str:
    rules: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    fallback = _readme(report)
    for cl in report.checklists:
        for f in cl.findings:
            rules.append(_rule(cl, f))
            if f.status not in SKIP:
                results.append(_result(cl, f, len(rules) - 1, fallback))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "auditor", "version": report.tool.version,
                "informationUri": INFO_URI, "rules": rules,
            }
        },
        "automationDetails": {"id": "auditor/" + "+".join(cl.id for cl in report.checklists)},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "the audited repository"}}},
        "results": results,
        "invocations": [
            {"executionSuccessful": True,
             "toolExecutionNotifications": [{"message": {"text": w}, "level": "note"}
                                            for w in report.warnings]}
        ],
        "properties": _subject(report),
    }  # fmt: skip
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
