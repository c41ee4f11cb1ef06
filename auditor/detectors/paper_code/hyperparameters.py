"""Do the released configs use the hyperparameters the paper reports?

Each setting the paper states with a value is compared with the values the code gives the same
canonical setting (numbers normalised: ``3e-4`` = ``0.0003``, ``1k`` = 1000, ``10%`` = 0.1;
optimizers and schedules by family). ``match``: some config, command or default carries the
paper's value (the row says which). A difference is an accusation, so ``differs`` needs an
unambiguous code value: every value the code gives that setting agrees, all are readable, and a
per-device batch size counts only with its GPU count. Otherwise the row is ``unclear`` (the code
has other values, none equal) or ``paper only`` (the code has none).

A paper sentence that names a model, dataset or variant ("for SPIN-H we set the batch size to
6", "on Cityscapes") is about the configs, scripts and commands named the same way
(``spin_h.yaml``, ``cityscapes_1024x1024.py``, ``--config imputation/spin_h.yaml``): a match
cites that experiment's value first, and when no code carries the paper's value, the configs
and commands of that experiment alone may decide ``differs``.
"""

from __future__ import annotations

import math
import re
import shlex
from dataclasses import dataclass

from auditor.detectors import Outcome, detector, run_detector
from auditor.detectors.paper.reporting import paper_guard
from auditor.detectors.paper_code.links import linked_folder
from auditor.facts import Facts
from auditor.facts.paper.settings import PaperSetting, paper_settings
from auditor.facts.settings import CodeSetting, code_settings
from auditor.models import Evidence, Status

COMPARED = (
    "learning_rate", "batch_size", "batch_size_per_device", "epochs", "steps", "optimizer",
    "momentum", "beta1", "beta2",
    "weight_decay", "dropout", "warmup_steps", "warmup_ratio", "warmup_epochs", "lr_schedule",
    "grad_clip", "label_smoothing", "max_seq_len", "runs",
)  # fmt: skip
CODE_ONLY = ("learning_rate", "batch_size", "epochs", "steps", "optimizer", "weight_decay")
MAX_ROWS = 40


@dataclass(frozen=True)
class Row:
    setting: str
    status: str  # match | differs | unclear | paper only | code only
    paper: PaperSetting | None
    code: CodeSetting | None
    others: tuple[str, ...] = ()  # other code values, for unclear rows
    experiment: str = ""  # the paper's name for the experiment the code value is linked by

    def as_dict(self) -> dict[str, object]:
        p, c = self.paper, self.code
        return {
            "setting": self.setting,
            "status": self.status,
            "paper_value": p.value if p else None,
            "paper_page": p.page if p else None,
            "paper_quote": p.quote if p else None,
            "paper_scope": (p.scope or None) if p else None,
            "code_value": c.value if c else None,
            "code_path": c.path if c else None,
            "code_line": c.line if c else None,
            "code_key": c.key if c else None,
            "code_scope": c.scope if c else None,
            "others": list(self.others),
            "experiment": self.experiment or None,
        }


def _same(p: PaperSetting, c: CodeSetting) -> bool:
    if p.setting in ("optimizer", "lr_schedule"):
        return c.name is not None and c.name.lower() == p.value.lower()
    if c.number is None:
        return False
    if p.is_range:
        assert p.low is not None and p.high is not None
        return p.low * (1 - 1e-9) <= c.number <= p.high * (1 + 1e-9)
    return p.number is not None and math.isclose(p.number, c.number, rel_tol=1e-6, abs_tol=1e-12)


def _comparable(c: CodeSetting) -> bool:
    if c.setting in ("optimizer", "lr_schedule"):
        return c.name is not None
    return c.number is not None


def _differs(p: PaperSetting, cands: list[CodeSetting], names: set[str]) -> bool:
    """The code value is unambiguous for this setting, and not the paper's. An optimizer or
    schedule counts only when the paper names one (several are per-experiment, or prose about
    other work)."""
    if p.is_range or not cands or any(not c.resolvable for c in cands):
        return False
    if p.setting in ("optimizer", "lr_schedule") and len(names) > 1:
        return False
    if not all(_comparable(c) for c in cands):
        return False
    values = {c.name if c.name else c.number for c in cands}
    return len(values) == 1


def _tier(cands: list[CodeSetting]) -> list[CodeSetting]:
    """The values that decide for an experiment: configs and commands, else script defaults
    (a config or command overrides a default)."""
    level = [c for c in cands if c.experiment_level]
    return level or cands


# -- which experiment a value is for ----------------------------------------------------------
_WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*")
# capitalised or upper-case words that name no experiment (hardware, optimizers, the paper's
# own furniture)
NOT_NAMES = frozenset(
    "gpu gpus cpu cpus tpu tpus nvidia a100 v100 h100 a6000 rtx fp16 bf16 fp32 sgd adam adamw "
    "lamb lars lion rmsprop adagrad lr relu gelu table tables fig figure figures appendix "
    "section sec eq eqs equation algorithm we our ours the in for on with and to of this these "
    "following however then each all both pytorch tensorflow jax python cuda github hugging "
    "face huggingface".split()
)  # fmt: skip
# path parts that name no experiment
GENERIC_PARTS = frozenset(
    "config configs conf cfg cfgs default defaults base train training test eval evaluate "
    "evaluation main run runs script scripts exp exps experiment experiments src lib utils util "
    "tools common yaml yml json toml py sh model models data dataset datasets local readme "
    "python torchrun accelerate launch deepspeed bash output outputs ckpt checkpoints logs "
    "options args params hparams settings".split()
)  # fmt: skip


def _norm(word: str) -> str:
    return re.sub(r"[^a-z0-9]", "", word.lower())


def paper_names(text: str) -> frozenset[str]:
    """The names of models, datasets and variants in a sentence: words with two capitals or a
    capital and a digit (SPIN-H, AQI-36, GPT-2, ImageNet), and capitalised words inside it
    (Cityscapes), normalised (``spinh``, ``aqi36``)."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group(0)
        caps = sum(ch.isupper() for ch in word)
        inner = word[0].isupper() and not re.search(r"(?:^|[.:;!?]\s*)$", text[: m.start()])
        if caps >= 2 or (caps and any(ch.isdigit() for ch in word)) or inner:
            name = _norm(word)
            if len(name) >= 3 and not name.isdigit() and name not in NOT_NAMES:
                out.add(name)
    return frozenset(out)


def _path_names(path: str, strong: dict[str, int]) -> None:
    parts = [p for p in path.split("/") if p]
    for i, part in enumerate(parts):
        stem = part.rsplit(".", 1)[0] if i == len(parts) - 1 else part
        whole = _norm(stem)
        if len(whole) >= 3 and whole not in GENERIC_PARTS:
            strong[whole] = max(strong.get(whole, 0), 2 if i == len(parts) - 1 else 1)
        for piece in re.split(r"[-_.]", stem):
            name = _norm(piece)
            if len(name) >= 3 and name not in GENERIC_PARTS and not name.isdigit():
                strong[name] = max(strong.get(name, 0), 1)


def code_names(c: CodeSetting) -> dict[str, int]:
    """Names of the experiment a code value belongs to, with a strength: 2 for a config or
    script file's own name (``spin_h`` of ``spin_h.yaml``) or a value in its command, 1 for a
    part of one or a folder."""
    strong: dict[str, int] = {}
    if not (c.kind == "command" and c.path.lower().endswith((".md", ".rst", ".txt"))):
        _path_names(c.path, strong)
    if c.command:
        try:
            words = shlex.split(c.command, comments=True)
        except ValueError:
            words = c.command.split()
        for w in words:
            if not w.startswith("-") and "=" not in w:
                _path_names(w, strong)
            elif "=" in w:
                _path_names(w.split("=", 1)[1], strong)
    return strong


def _linked(
    p: PaperSetting, cands: list[CodeSetting], known: dict[CodeSetting, dict[str, int]]
) -> tuple[list[CodeSetting], str]:
    """The code values of the experiment the paper's sentence names (the strongest link);
    ``known`` holds each code value's names once worked out, for the other paper settings."""
    text = p.scope or p.quote
    names = paper_names(text)
    if not names or not cands:
        return [], ""
    scored = []
    for c in cands:
        own = known.get(c)
        if own is None:
            own = known[c] = code_names(c)
        hit = max(((own[n], n) for n in names if n in own), default=(0, ""))
        scored.append((hit, c))
    best = max(h for h, _ in scored)
    if best[0] == 0:
        return [], ""
    word = next((m.group(0) for m in _WORD.finditer(text) if _norm(m.group(0)) == best[1]), "")
    return [c for h, c in scored if h[0] == best[0]], word or best[1]


def _align_one(
    p: PaperSetting, cands: list[CodeSetting], names: set[str],
    known: dict[CodeSetting, dict[str, int]],
) -> Row:  # fmt: skip
    hits = [c for c in cands if _same(p, c)]
    linked, via = _linked(p, cands, known)
    if hits:
        own = [c for c in hits if c in linked]
        return Row(p.setting, "match", p, (own or hits)[0], experiment=via if own else "")
    if not cands:
        return Row(p.setting, "paper only", p, None)
    decisive = _tier(cands)
    if _differs(p, decisive, names):
        return Row(p.setting, "differs", p, decisive[0])
    level = [c for c in linked if c.experiment_level]
    if level and _differs(p, level, names):
        return Row(p.setting, "differs", p, level[0], experiment=via)
    others = tuple(sorted({c.value for c in cands}))[:6]
    return Row(p.setting, "unclear", p, None, others)


def align(papers: tuple[PaperSetting, ...], codes: tuple[CodeSetting, ...]) -> list[Row]:
    by_setting: dict[str, list[CodeSetting]] = {}
    for c in codes:
        by_setting.setdefault(c.setting, []).append(c)
    named: dict[str, set[str]] = {}
    for p in papers:
        named.setdefault(p.setting, set()).add(p.value.lower())
    known: dict[CodeSetting, dict[str, int]] = {}
    rows = [
        _align_one(p, by_setting.get(p.setting, []), named[p.setting], known)
        for p in papers
        if p.setting in COMPARED
    ]
    stated = {p.setting for p in papers}
    for name in CODE_ONLY:
        level = [c for c in by_setting.get(name, []) if c.experiment_level and _comparable(c)]
        if name not in stated and level:
            rows.append(Row(name, "code only", None, level[0]))
    order = {"differs": 0, "unclear": 1, "paper only": 2, "match": 3, "code only": 4}
    return sorted(rows, key=lambda r: (order[r.status], COMPARED.index(r.setting)))


def _evidence(rows: list[Row]) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for r in rows[:4]:
        if r.paper is not None:
            out.append(Evidence(kind="paper", page=r.paper.page, excerpt=r.paper.quote[:220],
                                heading=r.paper.heading))  # fmt: skip
        if r.code is not None:
            out.append(Evidence(kind="file", path=r.code.path, line=r.code.line,
                                excerpt=f"{r.code.key}: {r.code.value}"[:200]))  # fmt: skip
    return tuple(out)


def _summary(rows: list[Row], counts: dict[str, int]) -> tuple[Status, str]:
    parts = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    differs = [r for r in rows if r.status == "differs"]
    if differs:
        r = differs[0]
        assert r.paper is not None and r.code is not None
        return "fail", (
            f"{len(differs)} setting(s) differ between paper and code, e.g. {r.setting}: "
            f"{r.paper.value} (page {r.paper.page}) vs {r.code.value} ({r.code.path}:"
            f"{r.code.line}). Rows: {parts}."
        )
    missing = [r for r in rows if r.status in ("unclear", "paper only")]
    if missing:
        names = ", ".join(sorted({r.setting for r in missing}))
        return "partial", f"No code value equal to the paper's for: {names}. Rows: {parts}."
    return "pass", f"Every setting the paper states with a value is found in the code ({parts})."


def _folders(paths: tuple[str, ...]) -> frozenset[str]:
    out: set[str] = set()
    for p in paths:
        parts = p.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(out)


def _paper_code(facts: Facts) -> tuple[tuple[CodeSetting, ...], str]:
    """The code settings of the paper's code: those under the folder its code link points
    into (a repository holding several projects), with the commands that run that folder's
    files; every setting when the link names no folder, or that folder states none."""
    repo, paper = facts.repo, facts.paper
    assert repo is not None and paper is not None
    codes = code_settings(repo)  # type: ignore[arg-type]
    folder = linked_folder(paper, tuple(getattr(repo, "source_urls", ())), _folders(repo.paths))
    if not folder:
        return codes, ""
    inside = tuple(
        c for c in codes
        if c.path.startswith(folder + "/") or (c.command and f"{folder}/" in c.command)
    )  # fmt: skip
    return (inside, folder) if inside else (codes, "")


@detector("hyperparameters_match")
def hyperparameters_match(facts: Facts) -> Outcome:
    guard = paper_guard(facts)
    if guard:
        return guard
    if facts.repo is None:
        return Outcome("not_applicable", "No repository was given.")
    assert facts.paper is not None
    paper_check = run_detector("paper_hyperparameters", facts, {})
    if paper_check.status == "not_applicable":
        return Outcome("not_applicable", paper_check.summary, evidence=paper_check.evidence)
    papers = paper_settings(facts.paper)
    if not any(p.setting in COMPARED for p in papers):
        return Outcome("not_applicable", "The paper states no training setting with a value.")
    codes, folder = _paper_code(facts)
    rows = align(papers, codes)
    counts = {k: sum(r.status == k for r in rows)
              for k in ("match", "differs", "unclear", "paper only", "code only")}  # fmt: skip
    status, summary = _summary(rows, counts)
    if folder:
        summary += f" Code read: {folder}/, the folder the paper's code link points into."
    searched = (
        "the paper's body and hyperparameter tables for learning rate, batch size, epochs, "
        "steps, optimizer, momentum, betas, weight decay, dropout, warm-up, schedule, gradient "
        "clipping, label smoothing, sequence length and runs; the code's YAML/JSON/TOML/INI "
        "configs, Python literals, argparse/click defaults, keyword arguments, README commands "
        "and shell scripts"
    )
    return Outcome(
        status,
        summary,
        evidence=_evidence(rows),
        searched=searched if status != "pass" else None,
        details={
            "rows": [r.as_dict() for r in rows[:MAX_ROWS]],
            "counts": counts,
            "folder": folder or None,
        },
    )
