"""Scoring is a pure function of findings: the weighted count of passes. The release gate
(``--fail-under``) leaves out the checks the authors waived."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from auditor.models import ChecklistResult, Finding, Waiver


def score(findings: Iterable[Finding]) -> tuple[int, int]:
    """Return ``(score, max_score)``; advisory findings never count."""
    got = 0
    total = 0
    for f in findings:
        if f.advisory:
            continue
        total += f.weight
        if f.status == "pass":
            got += f.weight
    return got, total


def waived_weight(findings: Iterable[Finding]) -> int:
    """Weight of the scored checks that did not pass and carry the authors' waiver."""
    return sum(f.weight for f in findings if f.waiver and not f.advisory and f.status != "pass")


def gate_passes(result: ChecklistResult, fail_under: int) -> bool:
    """The release gate: waived checks are left out, so each lowers the bar by its weight."""
    return result.score >= fail_under - waived_weight(result.findings)


def apply_waivers(
    results: Iterable[ChecklistResult], waive: Mapping[str, str], source: str
) -> tuple[ChecklistResult, ...]:
    """Attach the authors' waivers (``check`` or ``checklist.check`` -> reason) to findings.
    Statuses, evidence and scores are unchanged."""
    out = []
    for cl in results:
        findings = []
        for f in cl.findings:
            reason = waive.get(f"{cl.id}.{f.check}", waive.get(f.check))
            waiver = Waiver(reason=reason, source=source) if reason is not None else None
            findings.append(f.model_copy(update={"waiver": waiver}) if waiver else f)
        out.append(cl.model_copy(update={"findings": tuple(findings)}))
    return tuple(out)
