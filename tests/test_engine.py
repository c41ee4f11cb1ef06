"""Engine behaviour: crash isolation, memoised detector outcomes, scoring."""

from __future__ import annotations

import pytest

from auditor import detectors
from auditor.checklists import ChecklistSpec
from auditor.detectors import NoParams, Outcome, Registered, run_detector
from auditor.engine import run_checklist
from auditor.facts import Facts


@pytest.fixture
def fake_detectors(monkeypatch):
    calls = {"ok": 0}

    def ok(facts):
        calls["ok"] += 1
        return Outcome("pass", "fine")

    def boom(facts):
        raise ValueError("unexpected README shape")

    table = dict(detectors.DETECTORS)
    table["t_ok"] = Registered(ok, NoParams)
    table["t_boom"] = Registered(boom, NoParams)
    monkeypatch.setattr(detectors, "DETECTORS", table)
    return calls


def _spec(*dets: str) -> ChecklistSpec:
    checks = [
        {"id": f"c{i}", "title": d, "why": "w", "fix": "f", "detector": d}
        for i, d in enumerate(dets)
    ]
    return ChecklistSpec.model_validate(
        {"id": "t-list", "title": "T", "version": "1", "checks": checks}
    )


def test_a_crashing_detector_becomes_an_error_finding(fake_detectors):
    result = run_checklist(_spec("t_ok", "t_boom", "t_ok"), Facts())
    statuses = [f.status for f in result.findings]
    assert statuses == ["pass", "error", "pass"]
    assert "ValueError: unexpected README shape" in result.findings[1].summary
    assert (result.score, result.max_score) == (2, 3)


def test_outcomes_are_computed_once_per_facts(fake_detectors):
    facts = Facts()
    first = run_detector("t_ok", facts, {})
    again = run_detector("t_ok", facts, {})
    assert first is again
    assert fake_detectors["ok"] == 1
    run_detector("t_ok", Facts(), {})
    assert fake_detectors["ok"] == 2


def test_the_same_evidence_is_shown_once(monkeypatch):
    from auditor.models import Evidence

    quote = Evidence(kind="paper", page=1, excerpt="We train with Adam at lr 0.001")
    other = Evidence(kind="paper", page=2, excerpt="batch size 32")

    def repeats(facts):
        return Outcome("pass", "found", (quote, quote, other, quote))

    table = dict(detectors.DETECTORS)
    table["t_rep"] = Registered(repeats, NoParams)
    monkeypatch.setattr(detectors, "DETECTORS", table)
    finding = run_checklist(_spec("t_rep"), Facts()).findings[0]
    assert finding.evidence == (quote, other)
