"""Where an audit is: the engine names each stage as it starts, a worker sends the stages of
its entry to the runner, and a recorder that shows stages (the web app's job store) gets them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from auditor import engine
from auditor.batch.entries import Entry
from auditor.batch.runner import run_entries
from auditor.batch.worker import WorkerOptions
from auditor.demo import demo_inputs
from auditor.limits import DEFAULT_LIMITS


def test_the_engine_names_each_stage_once_in_order():
    repo, paper = demo_inputs()
    seen: list[str] = []
    engine.audit(repo, paper, progress=seen.append)
    assert seen == ["fetching code", "reading paper", "checking"]


class _Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, str]] = []
        self.results: dict[str, dict[str, Any]] = {}

    def record_stage(self, entry_id: str, stage: str) -> None:
        self.stages.append((entry_id, stage))

    def commit_batch(
        self, finished: list[tuple[str, dict[str, Any]]], started: list[Entry]
    ) -> None:
        self.results.update(finished)


def _run(tmp_path: Path, stages: bool) -> _Recorder:
    repo, paper = demo_inputs()
    wopts = WorkerOptions(
        out=tmp_path, checklists=None, checklist_versions=[], limits=DEFAULT_LIMITS,
        force=True, stages=stages,
    )  # fmt: skip
    rec = _Recorder()
    run_entries([Entry(id="demo", repo=repo, paper=paper)], wopts, rec, 1, 120, lambda s: None, {})
    return rec


def test_a_worker_reports_stages_to_a_recorder_that_shows_them(tmp_path):
    rec = _run(tmp_path, stages=True)
    assert rec.results["demo"]["status"] == "ok"
    assert rec.stages, "no stage reached the recorder"
    assert {s for _, s in rec.stages} <= {"fetching code", "reading paper", "checking"}
    assert all(eid == "demo" for eid, _ in rec.stages)


def test_batch_workers_send_no_stages_unless_asked(tmp_path):
    rec = _run(tmp_path, stages=False)
    assert rec.results["demo"]["status"] == "ok" and rec.stages == []
