"""Live links after the checks ran (``--check-links``): resolve the links the evidence cites
(``sources/links.py``) and adjust verdicts here, never inside the detectors, which stay pure
and offline."""

from __future__ import annotations

from typing import Any

from auditor.checklists import ChecklistSpec
from auditor.models import ChecklistResult, Finding, LinkCheck
from auditor.scoring import score
from auditor.sources.links import LinkOptions


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
