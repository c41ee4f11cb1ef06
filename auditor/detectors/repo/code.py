"""Training and evaluation code: scripts by name, loops and metrics in code, CLI modes,
and README commands."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import (
    EVAL_NAME,
    TEST_DIRS,
    TRAIN_NAME,
    candidate,
    code_evidence,
)
from auditor.facts.evidence import command_lines, doc_ev, file_ev, first
from auditor.facts.repo import RepoFacts
from auditor.facts.scripts import runnable
from auditor.models import Evidence

TRAIN_CMD = re.compile(r"train|fine-?tune|fit\b|learn", re.I)
EVAL_CMD = re.compile(r"eval|test|infer|predict|valid|benchmark|reproduce|score|demo|metric", re.I)


class CodeParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["training", "evaluation"] = "training"


def _readme_commands(repo: RepoFacts, pattern: re.Pattern[str]) -> list[Evidence]:
    out = []
    for doc in repo.readme_docs:
        for line, cmd, _h in command_lines(doc):
            if pattern.search(cmd) and not re.search(
                r"\b(pip|conda|apt|git\s+clone|wget|curl)\b", cmd
            ):
                out.append(doc_ev(doc, line, cmd))
    return out


DL_FRAMEWORKS = {
    "torch",
    "tensorflow",
    "keras",
    "jax",
    "flax",
    "mxnet",
    "chainer",
    "theano",
    "paddle",
}
EXPERIMENT_SCRIPT = re.compile(
    r"(^|/)(exp|experiment|run|main|cmp|compare|simulat|fit|learn|demo|reproduce)[^/]*"
    r"\.(py|ipynb|jl|m|r|sh)$",
    re.I,
)


@detector("code_presence", CodeParams)
def code_presence(facts: Facts, kind: str) -> Outcome:
    repo = facts.repo
    assert repo is not None
    found = code_evidence(repo, kind)
    named, patterns, flags = found.named, found.patterns, found.flags
    readme = _readme_commands(repo, TRAIN_CMD if kind == "training" else EVAL_CMD)
    name_re = TRAIN_NAME if kind == "training" else EVAL_NAME
    other = [
        file_ev(p, None, f"script named for {kind}")
        for p in repo.other_code_paths()
        if name_re.search(p)
    ]
    searched = (
        f"file names ({'train*, *trainer*, finetune*' if kind == 'training' else 'eval*, test*, inference*, predict*'}), "
        f"{'optimizer steps, backward(), fit(), trainer calls' if kind == 'training' else 'metric computations, evaluate() calls'} "
        f"in {len(repo.python_paths)} Python files and {len(repo.notebook_paths)} notebooks, "
        f"CLI flags, and README commands"
    )
    details: dict[str, object] = {"scripts": [e.path for e in named][:20]}
    run_named = [e for e in named if kind == "training" or (e.path and runnable(repo, e.path))]
    if kind == "training" and not run_named and not patterns:
        run_named = _fit_scripts(repo)
    if kind == "training":
        # training loops usually live in a trainer module that a main script calls
        has_script = any(runnable(repo, p) for p in repo.python_paths + repo.notebook_paths)
        run_patterns = patterns if has_script else []
    else:
        run_patterns = [e for e in patterns if e.path and runnable(repo, e.path)]
    strong = readme + run_named + flags + run_patterns + other
    if strong:
        what = []
        if run_named or other:
            first_script = (run_named + other)[0].path
            what.append(f"{len(run_named) + len(other)} {kind} script(s) such as {first_script}")
        if readme:
            what.append("README commands")
        if run_patterns:
            what.append(f"{kind} code in {len(run_patterns)} runnable file(s)")
        if flags:
            what.append("CLI flags")
        advice = None if readme else f"Document the exact {kind} command in the README."
        ev = readme[:2] + run_named[:3] + other[:1] + run_patterns[:3] + flags[:2]
        return Outcome(
            "pass", f"{kind} code found: " + ", ".join(what), first(ev), details=details,
            advice=advice,
        )  # fmt: skip
    if named or patterns:
        return Outcome(
            "partial",
            f"{kind} code found only in library modules, with no script or command that runs it",
            first(named + patterns), searched, details=details,
            advice=f"Add the {kind} script (or entry point) and its command to the README.",
        )  # fmt: skip
    return Outcome("fail", f"no {kind} code found", (), searched, details=details)


def _fit_scripts(repo: RepoFacts) -> list[Evidence]:
    """Without a deep-learning framework, the experiment scripts that run a method (a sampler,
    a bandit, a solver) are the way to fit the paper's models."""
    if any(info.roots() & DL_FRAMEWORKS for info in repo.sources):
        return []
    return [
        file_ev(p, None, "experiment script (no deep-learning framework is used)")
        for p in repo.paths
        if EXPERIMENT_SCRIPT.search(p)
        and candidate(p)
        and not TEST_DIRS.search(p)
        and runnable(repo, p)
    ]
