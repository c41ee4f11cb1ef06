"""Training and evaluation code: scripts by name, loops and metrics in code, CLI modes,
and README commands."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.detectors.common import call_ev, command_lines, doc_ev, file_ev, first
from auditor.detectors.scripts import calls_of, top_level_script
from auditor.facts import Facts
from auditor.facts.python_src import PyInfo
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

CODE_EXT = (".py", ".ipynb", ".sh", ".lua", ".m", ".r", ".jl", ".cpp", ".scala", ".java")
TEST_DIRS = re.compile(
    r"(^|/)(tests?|testing|unittests?)/|(^|/)test_[^/]*\.py$|_test\.py$|conftest\.py$"
)
VENDOR = re.compile(
    r"(^|/)(third_party|thirdparty|external|vendor|site-packages|\.github|docs?)/", re.I
)

TRAIN_NAME = re.compile(
    r"(^|[/_\-.])(train|training|trainer|finetune|fine_tune|pretrain|fit|learn|run_train|"
    r"main_train|optimi[sz]e)[^/]*\.(py|ipynb|sh|lua|m|r|jl)$",
    re.I,
)
EVAL_NAME = re.compile(
    r"(^|[/_\-.])(eval|evaluate|evaluation|test|testing|inference|infer|predict|prediction|"
    r"benchmark|validate|validation|score|metrics?|run_exp|experiments?|reproduce|demo)[^/]*"
    r"\.(py|ipynb|sh|lua|m|r|jl)$",
    re.I,
)
TRAIN_CALL = re.compile(
    r"(^|\.)(backward|minimize|apply_gradients|fit|fit_generator|train_on_batch|train_step)$|"
    r"(\.|^)(optimizer|optim|opt|trainer)\.step$|trainer\.(fit|train)$|(^|\.)Trainer$|"
    r"GradientTape$|(^|\.)(train|run_training|train_model|train_epoch)$|optax\.|"
    r"tf\.train\.\w+Optimizer$|torch\.optim\.\w+$|keras\.optimizers\.|jax\.(value_and_)?grad$|"
    r"\.update$"
)
EVAL_CALL = re.compile(
    r"(^|\.)(evaluate|eval|predict|predict_proba|test|inference|validate|score|"
    r"compute_metrics?|evaluate_model|run_eval|run_test)$|sklearn\.metrics\.|"
    r"(accuracy|f1|precision|recall|roc_auc|mean_squared_error|r2|bleu|rouge)(_score)?$|"
    r"no_grad$|(^|\.)metrics?\.|torchmetrics\.|evaluate\.load$|"
    r"(corpus_bleu|sentence_bleu|average_precision_score|confusion_matrix|classification_report)$"
)
# scripts that build or fetch data are not training or evaluation, whatever else the name says
DATA_PREP = re.compile(r"datasets?|preprocess|prepare|download|make_data|create_data", re.I)
METRIC_CALL = re.compile(
    r"metric|accuracy|f1|score|bleu|rouge|evaluat|confusion|precision|recall|auc|error", re.I
)
TRAIN_FLAG = re.compile(r"^--?(do[_-])?train(ing)?$|^--?mode$|^--?phase$|^--?is[_-]?train", re.I)
EVAL_FLAG = re.compile(
    r"^--?(do[_-])?(eval|evaluate|test|predict|inference|validate)(_only)?$|^--?mode$|^--?phase$",
    re.I,
)
TRAIN_CMD = re.compile(r"train|fine-?tune|fit\b|learn", re.I)
EVAL_CMD = re.compile(r"eval|test|infer|predict|valid|benchmark|reproduce|score|demo|metric", re.I)


class CodeParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["training", "evaluation"] = "training"


def _candidate(path: str) -> bool:
    return not VENDOR.search(path)


def _named(repo: RepoFacts, pattern: re.Pattern[str], exclude_tests: bool) -> list[str]:
    out = []
    for p in repo.paths:
        if not p.lower().endswith(CODE_EXT) or not _candidate(p):
            continue
        if exclude_tests and TEST_DIRS.search(p):
            continue
        if pattern.search(p) and not DATA_PREP.search(p.rsplit("/", 1)[-1]):
            out.append(p)
    out.sort(key=lambda p: (p.count("/"), len(p)))
    return out


def _calls(info: PyInfo, pattern: re.Pattern[str]) -> list:  # type: ignore[type-arg]
    return [c for c in info.calls if pattern.search(c.name)]


def _code_evidence(
    repo: RepoFacts, kind: str
) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(named scripts, code patterns, CLI flags) evidence, computed once per repository."""
    key = ("code_evidence", kind)
    if key not in repo.derived:
        repo.derived[key] = _find_code_evidence(repo, kind)
    return repo.derived[key]  # type: ignore[return-value]


def _find_code_evidence(
    repo: RepoFacts, kind: str
) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(named scripts, code patterns, CLI flags) evidence."""
    name_re, call_re, flag_re = (
        (TRAIN_NAME, TRAIN_CALL, TRAIN_FLAG)
        if kind == "training"
        else (EVAL_NAME, EVAL_CALL, EVAL_FLAG)
    )
    named = [
        file_ev(p, None, "script named for " + kind)
        for p in _named(repo, name_re, kind == "evaluation")
    ]
    patterns: list[Evidence] = []
    flags: list[Evidence] = []
    for info in repo.sources:
        if not _candidate(info.path) or TEST_DIRS.search(info.path):
            continue
        hits = _calls(info, call_re)
        if kind == "training":
            # a lone ``.update`` or ``.train`` is weak: require a gradient step or optimizer too
            strong = [c for c in hits if not re.search(r"(\.update|\.train)$", c.name)]
            if strong:
                patterns.append(call_ev(info, strong[0]))
        elif hits:
            # show the most telling call: a metric computation beats model.eval() / no_grad()
            best = min(hits, key=lambda c: (not METRIC_CALL.search(c.name), c.line))
            patterns.append(call_ev(info, best))
        for arg in info.cli_args:
            if any(flag_re.match(f) for f in arg.flags):
                if arg.flags and arg.flags[0].lstrip("-").lower() in ("mode", "phase"):
                    text = info.line_text(arg.line).lower()
                    want = (
                        "train"
                        if kind == "training"
                        else ("test", "eval", "val", "infer", "predict")
                    )
                    if not any(w in text for w in ([want] if isinstance(want, str) else want)):
                        continue
                flags.append(file_ev(info.path, arg.line, info.line_text(arg.line)))
    return named, patterns, flags


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


def runnable(repo: RepoFacts, path: str) -> bool:
    """A script someone runs: a __main__ guard, script-style module code, a notebook, or a
    non-Python script. Library modules (definitions only) are not."""
    if not path.endswith(".py"):
        return True
    info = repo.python(path)
    if info is None:
        return False
    if info.main_line is not None or top_level_script(info):
        return True
    top = [c for c in calls_of(info) if c.func is None]
    return any(c.name in info.functions or c.name.endswith("parse_args") for c in top)


@detector("code_presence", CodeParams)
def code_presence(facts: Facts, kind: str) -> Outcome:
    repo = facts.repo
    assert repo is not None
    named, patterns, flags = _code_evidence(repo, kind)
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
        and _candidate(p)
        and not TEST_DIRS.search(p)
        and runnable(repo, p)
    ]
