"""Training and evaluation code.

Training is code that fits the paper's model: a script named for training, README training
commands that run a script the tree has, training flags, or an entry point that reaches an
optimizer step, ``backward()``, ``fit`` or a trainer call (through the repository modules and
helpers it calls); without a deep-learning framework, the experiment scripts that run the
method; training written in another language (Julia, MATLAB, R, Lua).

Evaluation is code that measures a trained model: an entry point (script or notebook) that
computes a metric, directly or through the helpers it calls; evaluation/test scripts and
README commands (not unit tests, not demos, sampling or single-example inference); ``--eval``
style flags. Evaluation that only sits in library modules nothing runs does not count.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import (
    DATA_PREP,
    EVAL_NAME,
    LOSS_FN,
    MEASURE_PATH,
    METRIC_FN,
    REPORTED_METRIC,
    TRAIN_CALL,
    TRAIN_NAME,
    code_evidence,
    in_scope,
    is_test_module,
)
from auditor.facts.entries import entry_points, in_repo_scope, launched, resolve_script
from auditor.facts.evidence import call_ev, command_lines, doc_ev, file_ev, first
from auditor.facts.python_src import PyInfo
from auditor.facts.reach import reach
from auditor.facts.repo import RepoFacts
from auditor.facts.scripts import calls_of, runnable
from auditor.models import Evidence

TRAIN_CMD = re.compile(r"train|fine-?tune|fit\b|learn", re.I)
EVAL_CMD = re.compile(r"eval|test|valid|benchmark|reproduce|score|metric", re.I)
NOT_A_RUN = re.compile(
    r"\b(pip3?|conda|apt(-get)?|git\s+clone|wget|curl|gdown|docker)\b|download", re.I
)
UNIT_TEST = re.compile(
    r"\b(pytest|unittest|nose2?|tox)\b|(^|[\s/])test_\w*\.py|_tests?\.py|(^|[\s/])tests?/|"
    r"unit_?tests?",
    re.I,
)
# names of scripts that show or sample rather than measure
SHOW_NAME = re.compile(
    r"demo|sample|sampling|example|infer|inference|predict|generat|visuali[sz]|plot|draw|show|"
    r"app\b|gradio|streamlit|serve|interactive",
    re.I,
)
SCRIPT_TOKEN = re.compile(r"(?<![\w.])([\w./${}~-]*[\w-]\.(?:py|sh|lua|jl|m|r|R|ipynb))\b")
OTHER_TRAIN = re.compile(
    r"\bFlux\.train!|\btrain!\s*\(|Flux\.Optimise|\bwithgradient\s*\(|\bgradient\s*\(\s*\(?\s*\w*\s*->|"
    r"\btrainNetwork\s*\(|\btrain\s*\(\s*net\b|\bfitcsvm\s*\(|\bfitrgp\s*\(|:backward\s*\(|"
    r"optim\.\w+\s*\(|\b(glmnet|randomForest|xgb\.train|lgb\.train|keras_model_sequential)\s*\(",
)
OTHER_EVAL = re.compile(
    r"\b(accuracy|rmse|mse|mae|auc|roc|f1|ece|calibration|coverage|confusionmat|perfcurve|"
    r"classification_error|logloss|brier)\w*\s*\(",
    re.I,
)
OTHER_EXT = (".jl", ".m", ".r", ".lua")


class CodeParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Literal["training", "evaluation"] = "training"


_TEST_RUNNER = re.compile(
    r"\b(pytest|unittest|nose2?|tox)\b|unit_?tests?|(^|[\s/])tests?/|\bmake\s+(tests?|check)\b",
    re.I,
)


def runs_unit_tests(repo: RepoFacts, cmd: str, near: str) -> bool:
    """A command that runs unit tests: a test runner, a tests/ folder, or a ``test_*.py`` /
    ``*_test.py`` file that is a test module (imports pytest/unittest or defines ``test_``
    functions or ``Test`` classes). ``python test_3d.py --dataset LA`` with none of those is an
    evaluation script, as ML repositories often name them."""
    if _TEST_RUNNER.search(cmd):
        return True
    if not UNIT_TEST.search(cmd):
        return False
    for token in SCRIPT_TOKEN.findall(cmd):
        if re.search(rf"{TEST_SCRIPT}|_tests?\.py$", token):
            info = _script_info(repo, token, near)
            if info is None or is_test_module(info):
                return True
    return False


TEST_SCRIPT = r"(^|/)test_\w*\.py$"


def _script_info(repo: RepoFacts, token: str, near: str) -> PyInfo | None:
    """The parsed Python file a command's script token runs, if the tree has it."""
    path = resolve_script(repo, token, near)
    return repo.python(path) if path else None


_LOADS_MODEL = re.compile(
    r"(load_state_dict|torch\.load|load_weights|load_model|load_checkpoint|from_pretrained|"
    r"restore|load_from_checkpoint)$"
)
_MODEL_FLAG = re.compile(r"model|ckpt|checkpoint|weights?|resume|pretrained", re.I)


_METRIC_NAMED = re.compile(
    r"(^|[_-])(acc|accuracy|metrics?|scores?|eval\w*|bleu|rouge|f1|map)([_.-])", re.I
)


def _smoke_test_run(repo: RepoFacts, cmd: str, near: str) -> bool:
    """A command that runs only ``test_*.py`` scripts none of which loads a model, takes a
    model/checkpoint option or reaches a metric: a set-up check, not an evaluation."""
    scripts = SCRIPT_TOKEN.findall(cmd)
    tokens = [t for t in scripts if re.search(TEST_SCRIPT, t)]
    if not tokens or len(tokens) != len(scripts):
        return False
    for token in tokens:
        info = _script_info(repo, token, near)
        if info is None:
            return False
        if any(_LOADS_MODEL.search(c.name) for c in info.calls):
            return False
        if any(_MODEL_FLAG.search(f) for a in info.cli_args for f in a.flags):
            return False
        if any(_is_metric_call(c.name) for _src, c, _v in reach(repo, info).calls):
            return False
    return True


def _runs_existing_script(repo: RepoFacts, cmd: str, near: str) -> bool:
    """A command that names a script runs one the tree has (the tree outranks the README)."""
    tokens = SCRIPT_TOKEN.findall(cmd)
    if not tokens:
        return True  # a module, a console entry point or a tool: nothing to check
    paths = set(repo.paths)
    for token in tokens:
        if token.endswith(".py") and resolve_script(repo, token, near):
            return True
        clean = token.lstrip("./")
        if clean in paths or any(p.endswith("/" + clean) for p in paths):
            return True
    return False


def purpose_words(cmd: str) -> str:
    """What a command says it does: its program, scripts, modules, subcommands and mode
    values, without data paths, placeholders (``[TRAIN_PATH]``, ``<data>``) or file flags
    (``--train_file``)."""
    cmd = re.sub(r"\[[^\]]*\]|<[^>]*>|\{[^}]*\}|\$\w+", " ", cmd)
    keep: list[str] = []
    for tok in cmd.split():
        tok = tok.strip("'\"`;")
        if keep and keep[-1] == "-m":
            keep.append(tok.rsplit(".", 1)[-1])
        elif re.search(r"\.(py|sh|jl|lua|m|r|ipynb)$", tok, re.I):
            keep.append(tok.rsplit("/", 1)[-1])
        elif "/" in tok or "." in tok or re.fullmatch(r"[A-Z][A-Z0-9_]{2,}(=\S*)?", tok):
            continue
        elif tok.startswith("-") and re.search(r"file|path|dir|data|split", tok, re.I):
            continue
        else:
            keep.append(tok.split("=", 1)[-1] if tok.startswith("-") else tok)
    return " ".join(keep)


# a heading that says what the commands under it are for ("Train Examples (CIFAR)", "Testing");
# "Pre-trained models" names no training run
TRAIN_HEADING = re.compile(r"\b(train(ing)?|fine-?tun(e|ing))\b", re.I)
EVAL_HEADING = re.compile(r"\b(eval(uat(e|ion|ing))?|test(ing)?|validat(e|ion|ing))\b", re.I)


SHOWING = re.compile(SHOW_NAME.pattern.replace("example|", ""), re.I)


def heading_purpose(kind: str, heading: str | None, said: str) -> bool:
    """The heading a command sits under names the command's purpose (``kind``), when the
    heading names no other purpose and the command's own words name none at all."""
    if not heading:
        return False
    mine, other = (
        (TRAIN_HEADING, EVAL_HEADING) if kind == "training" else (EVAL_HEADING, TRAIN_HEADING)
    )
    return (
        bool(mine.search(heading))
        and not other.search(heading)
        and not TRAIN_CMD.search(said)
        and not EVAL_CMD.search(said)
        and not SHOWING.search(f"{said} {heading}")  # "Train Examples" names training
    )


def _readme_commands(repo: RepoFacts, kind: str) -> list[Evidence]:
    pattern = TRAIN_CMD if kind == "training" else EVAL_CMD
    out = []
    for doc in repo.readme_docs:
        for line, cmd, heading in command_lines(doc):
            said = purpose_words(cmd)
            if heading_purpose(kind, heading, said):
                said = f"{said} {kind}"  # said by its heading
            if (
                not pattern.search(said)
                or NOT_A_RUN.search(cmd)
                or runs_unit_tests(repo, cmd, doc.path)
            ):
                continue
            if kind == "evaluation" and _smoke_test_run(repo, cmd, doc.path):
                continue  # python test_env.py: checks the set-up, evaluates no model
            if kind == "evaluation" and _speed_run(repo, cmd, doc.path):
                continue  # python benchmark.py --batch-size 64: measures speed, not quality
            scripts = [t.rsplit("/", 1)[-1] for t in SCRIPT_TOKEN.findall(cmd)]
            if any(DATA_PREP.search(t) for t in scripts):
                continue  # a script that builds or fetches data
            if kind == "training" and _test_script_with_training_flags(scripts):
                continue  # main_test.py --training_patch_size 48: a setting, not a run
            if (
                kind == "evaluation"
                and SHOW_NAME.search(cmd)
                and not EVAL_CMD.search(SHOW_NAME.sub(" ", cmd))
            ):
                continue
            if _runs_existing_script(repo, cmd, doc.path):
                out.append(doc_ev(doc, line, cmd))
    return out


_NOT_TRAINING_SCRIPT = re.compile(r"test|eval|infer|predict|demo|sample|sampling", re.I)


def _test_script_with_training_flags(scripts: list[str]) -> bool:
    """The command runs only scripts named for testing, evaluation or inference (none named
    for training), so "train" in it comes from a flag naming a setting of the trained model."""
    return bool(scripts) and all(
        _NOT_TRAINING_SCRIPT.search(t) and not TRAIN_CMD.search(t) for t in scripts
    )


def _is_training_call(name: str, path: str) -> bool:
    return _training_name(name) and not _measure_path(path)


# call names and paths repeat across files and detectors: each is matched once per process
@lru_cache(maxsize=65536)
def _training_name(name: str) -> bool:
    return bool(TRAIN_CALL.search(name)) and not re.search(r"(\.update|\.train)$", name)


@lru_cache(maxsize=16384)
def _measure_path(path: str) -> bool:
    return bool(MEASURE_PATH.search(path))


@lru_cache(maxsize=65536)
def _is_metric_call(name: str) -> bool:
    return bool(METRIC_FN.search(name)) and not LOSS_FN.search(name)


# a script named for measuring speed, not quality
SPEED_NAME = re.compile(
    r"(^|/)[^/]*(benchmark|speed|latency|throughput|profil|timing)[^/]*\.(py|ipynb)$", re.I
)
TIMING_CALL = re.compile(
    r"(^|\.)(perf_counter|perf_counter_ns|time|time_ns|monotonic|timeit|elapsed_time|"
    r"synchronize|Timer)$"
)
TIMING_WORDS = re.compile(r"\b(throughput|latency|runtime|fps|im/s|it/s|tokens/s|speed)\b", re.I)


def is_speed_benchmark(repo: RepoFacts, path: str) -> bool:
    """A script named for benchmarking speed that times what it runs (timer calls or
    throughput / latency output) and computes or reports no metric of a model's quality: its
    numbers are speeds, and neither an evaluation nor a seeded experiment."""
    if not SPEED_NAME.search(path):
        return False
    info = repo.python(path)
    if info is None:
        return False
    calls = [c for _src, c, _via in reach(repo, info).calls]
    if any(_is_metric_call(c.name) for c in calls):
        return False
    strings = [text for text, _line in info.strings]
    if any(REPORTED_METRIC.search(t) and not TIMING_WORDS.search(t) for t in strings):
        return False
    return any(TIMING_CALL.search(c.name) for c in calls) or any(
        TIMING_WORDS.search(t) for t in strings
    )


def _speed_run(repo: RepoFacts, cmd: str, near: str) -> bool:
    """A command whose Python scripts are all speed benchmarks (``is_speed_benchmark``)."""
    paths = [resolve_script(repo, t, near) for t in SCRIPT_TOKEN.findall(cmd)]
    found = [p for p in paths if p]
    return (
        bool(found) and len(found) == len(paths) and all(is_speed_benchmark(repo, p) for p in found)
    )


def _reached(repo: RepoFacts, kind: str) -> list[Evidence]:
    """Training steps or metric computations that a runnable entry point reaches: its own
    calls, the repository modules it imports and the helpers it calls (bounded)."""
    test = (
        (lambda c, p: _is_training_call(c.name, p))
        if kind == "training"
        else (lambda c, p: _is_metric_call(c.name))
    )
    out: list[Evidence] = []
    for entry in entry_points(repo):
        info = repo.python(entry.path)
        if info is None or not in_repo_scope(repo, entry.path) or not runnable(repo, entry.path):
            continue
        if kind == "training" and SHOW_NAME.search(entry.path.rsplit("/", 1)[-1]):
            continue  # a demo or sampling script that builds a model is not training it
        for src, call, _via in reach(repo, info).calls:
            if src is not None and in_repo_scope(repo, src.path) and test(call, src.path):
                ev = call_ev(src, call)
                note = f" (reached from {entry.path})" if src.path != entry.path else ""
                out.append(ev.model_copy(update={"excerpt": (ev.excerpt or "") + note}))
                break
    return out


def _direct(repo: RepoFacts, kind: str) -> list[Evidence]:
    """The same calls written in runnable files themselves (scripts, notebooks)."""
    out = []
    for info in repo.sources:
        if not in_repo_scope(repo, info.path) or not runnable(repo, info.path):
            continue
        if kind == "training" and SHOW_NAME.search(info.path.rsplit("/", 1)[-1]):
            continue
        for c in calls_of(info):
            hit = (
                _is_training_call(c.name, info.path)
                if kind == "training"
                else _is_metric_call(c.name)
            )
            if hit:
                out.append(call_ev(info, c))
                break
        else:
            if kind == "evaluation":  # a metric the script reports ("Test accuracy: ...")
                said = next((ln for s, ln in info.strings if REPORTED_METRIC.search(s)), None)
                if said is None:  # a rollout's success rate (stats = dict(Success_Rate=...))
                    said = next(
                        (n for n, t in enumerate(info.lines, 1) if _TASK_RATE.search(t)), None
                    )
                if said is not None:
                    out.append(file_ev(info.path, said, info.line_text(said)))
    return out


# the share of tasks an agent solves, computed in a script: RL and robotics evaluation
_TASK_RATE = re.compile(
    r"\b(?:success|win|solve|completion)[_ ]?rates?\b['\"]?\s*(?:=(?!=)|:)", re.I
)


def _other_languages(repo: RepoFacts, kind: str) -> list[Evidence]:
    """Julia, MATLAB, R and Lua code: files named for the task, or training / metric calls."""
    name_re = TRAIN_NAME if kind == "training" else EVAL_NAME
    text_re = OTHER_TRAIN if kind == "training" else OTHER_EVAL
    out: list[Evidence] = []
    for p in repo.other_code_paths():
        if not p.lower().endswith(OTHER_EXT) or not in_scope(p):
            continue
        base = p.rsplit("/", 1)[-1]
        if name_re.search(p) and not (kind == "evaluation" and SHOW_NAME.search(base)):
            out.append(file_ev(p, None, f"{kind} script ({p.rsplit('.', 1)[-1]})"))
            continue
        text = repo.text(p) or ""
        m = text_re.search(text[:200_000])
        if m:
            line = text[: m.start()].count("\n") + 1
            out.append(file_ev(p, line, text.splitlines()[line - 1].strip()[:200]))
        if len(out) >= 5:
            break
    return out


def _named_scripts(repo: RepoFacts, kind: str) -> list[Evidence]:
    found = code_evidence(repo, kind)
    out = []
    for ev in found.named:
        p = ev.path or ""
        base = p.rsplit("/", 1)[-1]
        if UNIT_TEST.search(p) or (kind == "evaluation" and SHOW_NAME.search(base)):
            continue
        if kind == "evaluation" and (not runnable(repo, p) or is_speed_benchmark(repo, p)):
            continue
        out.append(ev)
    if kind == "evaluation":  # python utils/test_acc.py --input_file ... in a launcher script
        have = {e.path for e in out}
        for p, where in launched(repo).items():
            if p in have or in_scope(p) or not in_repo_scope(repo, p) or not EVAL_NAME.search(p):
                continue
            base = p.rsplit("/", 1)[-1]
            if _smoke_test_run(repo, f"python {p}", "") and not _METRIC_NAMED.search(base):
                continue  # python test_env.py: checks the set-up; test_acc.py scores
            if not is_speed_benchmark(repo, p):
                out.append(file_ev(p, None, f"evaluation script run by {where}"))
    return out


@detector("code_presence", CodeParams)
def code_presence(facts: Facts, kind: str) -> Outcome:
    repo = facts.repo
    assert repo is not None
    found = code_evidence(repo, kind)
    readme = _readme_commands(repo, kind)
    named = _named_scripts(repo, kind)
    flags = found.flags
    reached = _reached(repo, kind) + _direct(repo, kind)
    other = _other_languages(repo, kind)
    if kind == "training" and not named and not reached and not other:
        named = _fit_scripts(repo)
    searched = (
        f"scripts named for {kind}, "
        f"{'optimizer steps, backward(), fit(), trainer calls' if kind == 'training' else 'metric computations'} "
        f"reached from the entry points of {len(repo.python_paths)} Python files and "
        f"{len(repo.notebook_paths)} notebooks, CLI flags, README commands, and Julia/MATLAB/R/Lua code"
    )
    details: dict[str, object] = {"scripts": [e.path for e in named][:20]}
    # strongest first: a dedicated script or command before code inside a training loop
    ev = named[:3] + readme[:2] + reached[:3] + other[:2] + flags[:2]
    if ev:
        what = []
        if named:
            what.append(f"{len(named)} {kind} script(s) such as {named[0].path}")
        if readme:
            what.append("README commands")
        if reached:
            what.append(f"{kind} code run by {len(reached)} entry point(s)")
        if other:
            what.append(f"{kind} code in other languages ({other[0].path})")
        if flags:
            what.append("CLI flags")
        advice = None if readme else f"Document the exact {kind} command in the README."
        summary = f"{kind} code found: " + ", ".join(what)
        return Outcome("pass", summary, first(ev), details=details, advice=advice)
    library = found.patterns[:3]
    if library:
        return Outcome(
            "fail",
            f"{kind} code only in library modules that no script, notebook or command runs",
            first(library), searched, details=details,
            advice=f"Add the {kind} script (or entry point) and its command to the README.",
        )  # fmt: skip
    return Outcome("fail", f"no {kind} code found", (), searched, details=details)


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


# hosted-model clients: a script that prompts an API fits nothing
API_CLIENTS = {
    "openai",
    "anthropic",
    "cohere",
    "litellm",
    "google",
    "mistralai",
    "groq",
    "together",
}


def _fit_scripts(repo: RepoFacts) -> list[Evidence]:
    """Without a deep-learning framework, the experiment scripts that run a method (a sampler,
    a bandit, a solver) are the way to fit the paper's models; scripts that prompt a hosted
    model through its API client are not."""
    if any(info.roots() & DL_FRAMEWORKS for info in repo.sources):
        return []
    prompting = {i.path for i in repo.sources if i.roots() & API_CLIENTS}
    return [
        file_ev(p, None, "experiment script (no deep-learning framework is used)")
        for p in repo.paths
        if EXPERIMENT_SCRIPT.search(p)
        and in_scope(p)
        and p not in prompting
        and runnable(repo, p)
        and not _prompts_through_helpers(repo, p)
    ]


# a hosted model's client imported by a module the script runs (``from model import solver``,
# whose model.py imports openai), or a wrapper module named for it; Google's own client only,
# not google.protobuf and the like
_LLM_CLIENT_IMPORT = re.compile(
    r"^(cohere|litellm|mistralai|groq|together|vertexai)(\.|$)|^google\.(generativeai|genai)(\.|$)|"
    r"(^|\.)(openai|anthropic)(_api|_client)?(\.|$)"  # also wrappers: prompt_lib.backends.openai_api
)


# a hosted model's name as the engine a script prompts (ENGINE = "gpt-4")
HOSTED_MODEL = re.compile(
    r"(gpt-(4|3\.5)[\w.-]*|text-davinci-\d+|code-davinci-\d+|claude-[\w.-]+|gemini-[\w.-]+)",
    re.I,
)


def _prompts_through_helpers(repo: RepoFacts, path: str) -> bool:
    """The script prompts a hosted model: a module it runs imports the model's API client, or
    the script names a hosted model as its engine."""
    info = repo.python(path)
    if info is None:
        return False
    if any(HOSTED_MODEL.fullmatch(text.strip()) for text, _line in info.strings):
        return True
    return any(
        _LLM_CLIENT_IMPORT.search(name) for mod in reach(repo, info).modules for name in mod.imports
    )
