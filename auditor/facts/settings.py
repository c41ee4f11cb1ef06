"""Training settings the code states, each with its file and line: config files (YAML, JSON,
TOML, INI; Hydra defaults lists and OmegaConf ``${...}`` interpolation followed statically),
Python literals (config modules, dicts, ``dict(...)``, attribute and dataclass fields,
argparse / click defaults, keyword arguments such as ``TrainingArguments(...)`` and
optimizer constructors), and flags in README commands and shell scripts (``--lr 3e-4``,
``trainer.max_epochs=100``, ``LR=3e-4``). Nothing is executed or imported; a value that cannot
be read statically is kept as "not resolvable".

Keys are mapped to canonical settings by synonyms (``lr`` / ``learning_rate`` / ``base_lr``;
``per_device_train_batch_size`` and ``samples_per_gpu`` are per-device batch sizes; epochs and
steps are kept apart).
"""

from __future__ import annotations

import ast
import json
import posixpath
import re
import shlex
import tomllib
from dataclasses import dataclass, replace

from auditor.facts.entries import joined_lines
from auditor.facts.paper.settings import parse_number
from auditor.facts.repo import RepoFacts

SYNONYMS: dict[str, tuple[str, ...]] = {
    "learning_rate": ("lr", "learning_rate", "base_lr", "init_lr", "initial_lr", "lr0",
                      "learningrate", "peak_lr", "max_lr", "lr_init"),
    "batch_size": ("batch_size", "batchsize", "bs", "train_batch_size", "global_batch_size",
                   "total_batch_size", "effective_batch_size", "train_bs", "mini_batch_size",
                   "minibatch_size", "batch_size_train"),
    "batch_size_per_device": ("per_device_train_batch_size", "samples_per_gpu",
                              "batch_size_per_gpu", "micro_batch_size", "per_gpu_batch_size",
                              "train_micro_batch_size_per_gpu", "imgs_per_gpu",
                              "per_gpu_train_batch_size", "batch_size_per_device"),
    "grad_accum": ("gradient_accumulation_steps", "grad_accum", "grad_accum_steps",
                   "accumulate_grad_batches", "accum_iter", "accumulation_steps",
                   "gradient_accumulation", "grad_accumulation_steps"),
    "n_gpus": ("n_gpus", "num_gpus", "ngpus", "n_gpu", "nproc_per_node", "num_devices"),
    "epochs": ("epochs", "epoch", "n_epochs", "num_epochs", "max_epochs", "total_epochs",
               "num_train_epochs", "train_epochs", "nepochs", "nepoch", "max_epoch", "n_epoch",
               "num_epoch", "epoch_num"),
    "steps": ("max_steps", "max_iters", "max_iter", "num_steps", "train_steps", "total_steps",
              "iterations", "n_iters", "num_iters", "num_iterations", "training_steps",
              "total_iters", "train_iters", "n_steps", "num_train_steps", "max_iterations",
              "total_iterations", "niter", "n_iter",
              # reinforcement learning's environment steps (not a diffusion model's timesteps)
              "total_timesteps", "total_training_timesteps", "max_timesteps", "num_env_steps",
              "total_env_steps"),
    "optimizer": ("optimizer", "optim", "opt", "optimizer_name", "optimizer_type", "optimiser",
                  "optim_class", "optimizer_class", "opt_class", "optimizer_cls", "optim_cls"),
    "momentum": ("momentum",),
    "beta1": ("beta1", "adam_beta1", "b1"),
    "beta2": ("beta2", "adam_beta2", "b2"),
    "betas": ("betas", "adam_betas"),
    "weight_decay": ("weight_decay", "wd", "l2", "l2_reg", "weight_decay_rate",
                     "l2_regularization"),
    "dropout": ("dropout", "dropout_rate", "dropout_prob", "drop_rate", "dropout_p",
                "p_dropout", "dropout_ratio"),
    "warmup_steps": ("warmup_steps", "num_warmup_steps", "warmup_iters", "warmup_iter",
                     "n_warmup_steps", "warmup_updates", "lr_warmup_steps"),
    "warmup_ratio": ("warmup_ratio", "warmup_proportion", "warmup_fraction", "warmup_frac"),
    "warmup_epochs": ("warmup_epochs", "warmup_epoch", "lr_warmup_epochs"),
    "lr_schedule": ("lr_scheduler", "lr_scheduler_type", "scheduler", "lr_schedule", "lr_policy",
                    "lr_decay_type", "decay_type", "scheduler_type", "sched", "lr_sched",
                    "scheduler_name", "decay"),
    "grad_clip": ("max_grad_norm", "grad_clip", "clip_grad_norm", "gradient_clip_val",
                  "clip_grad", "clip_norm", "grad_norm_clip", "gradient_clipping"),
    "label_smoothing": ("label_smoothing", "label_smoothing_factor", "label_smooth"),
    "max_seq_len": ("max_seq_length", "max_seq_len", "max_len", "block_size", "seq_len",
                    "seq_length", "context_length", "model_max_length", "max_source_length",
                    "cutoff_len", "max_length"),
    "runs": ("runs", "n_runs", "num_runs", "num_seeds", "n_seeds", "repeats", "n_repeats",
             "num_repeats", "num_trials", "n_trials", "nruns"),
}  # fmt: skip
CANONICAL = {syn: name for name, syns in SYNONYMS.items() for syn in syns}
NAME_SETTINGS = {"optimizer", "lr_schedule"}
# "optimizer: {type: AdamW}", "lr_config = dict(policy='poly')"
NAME_FIELDS = {"type", "name", "_target_", "class_path", "cls", "policy", "class", "optim"}
SCHEDULE_PARENTS = {"lr_config", "scheduler", "lr_scheduler", "schedule", "lr_schedule"}
OPTIMIZER_FAMILIES = (
    ("adamw", "AdamW"), ("adafactor", "Adafactor"), ("adagrad", "Adagrad"),
    ("adadelta", "Adadelta"), ("adam", "Adam"), ("sgd", "SGD"), ("rmsprop", "RMSprop"),
    ("lamb", "LAMB"), ("lars", "LARS"), ("lion", "Lion"), ("muon", "Muon"),
)  # fmt: skip
SCHEDULE_FAMILIES = (
    ("cos", "cosine"), ("onecycle", "onecycle"), ("one_cycle", "onecycle"), ("poly", "poly"),
    ("linear", "linear"), ("multistep", "step"), ("multi_step", "step"), ("step", "step"),
    ("exp", "exponential"), ("constant", "constant"), ("cycl", "cyclic"), ("clr", "cyclic"),
)  # fmt: skip

CONFIG_EXT = (".yaml", ".yml", ".json", ".toml", ".ini", ".cfg")
SKIP_PATH = re.compile(
    r"(^|/)(\.github|\.circleci|\.gitlab|\.vscode|\.idea|node_modules|site-packages|tests?|"
    r"third_party|thirdparty|vendor|external|docs?)/|(^|/)(environment[\w.-]*\.ya?ml|"
    r"conda[\w.-]*\.ya?ml|package(-lock)?\.json|tsconfig\.json|\.pre-commit[\w.-]*|"
    r"codecov\.ya?ml|\.readthedocs\.ya?ml|mkdocs\.ya?ml|_config\.yml|pyproject\.toml|"
    r"setup\.cfg|tox\.ini|\.travis\.yml|docker-compose[\w.-]*|citation\.cff|\.?flake8|"
    r"mypy\.ini|pytest\.ini|trainer_state\.json|[\w.-]*log[\w.-]*\.json|vocab[\w.-]*\.json|"
    r"tokenizer[\w.-]*\.json)$|(^|/)test_[^/]*\.py$|_test\.py$|conftest\.py$",
    re.I,
)
CONFIG_DIR = re.compile(r"(^|/)(\w*configs?|conf|cfgs?|hparams|hyperparams?|settings)/", re.I)
MAX_FILES = 3000
MAX_CONFIG_BYTES = 300_000
KEY_HINT = re.compile(
    r"lr|learning_rate|batch|epoch|iter|steps|optim|momentum|beta|decay|dropout|warmup|"
    r"sched|clip|smooth|seq_len|max_len|runs|seeds|Adam|SGD",
    re.I,
)


@dataclass(frozen=True)
class CodeSetting:
    """One value the code gives a training setting."""

    setting: str  # canonical name
    key: str  # as written (dotted for nested configs, the flag for commands)
    value: str  # as written, or "not resolvable: ..."
    number: float | None  # numeric value; None for names and unresolvable values
    path: str
    line: int | None
    kind: str  # config | python | argparse | command | shell | derived
    scope: str = ""  # the config file, command or script the value belongs to
    resolvable: bool = True
    name: str | None = None  # optimizer / schedule family for name settings
    command: str = ""  # for a value from a command: the command line it is on

    @property
    def experiment_level(self) -> bool:
        """A config file or a command someone runs, rather than a script's default."""
        return self.kind in ("config", "command", "shell", "derived") or bool(
            CONFIG_DIR.search(self.path)
        )


def canonical(key: str) -> str | None:
    """The canonical setting for a dotted key or flag (``--lr``, ``optimizer.lr``)."""
    parts = [p for p in re.split(r"[./]", key.strip().lstrip("-+").lower().replace("-", "_")) if p]
    if not parts:
        return None
    last = parts[-1]
    parent = parts[-2] if len(parts) > 1 else ""
    if last in NAME_FIELDS and parent:
        if CANONICAL.get(parent) == "optimizer":
            return "optimizer"
        if parent in SCHEDULE_PARENTS or CANONICAL.get(parent) == "lr_schedule":
            return "lr_schedule"
        return None
    if parent in SCHEDULE_PARENTS and last in ("min_lr", "warmup_ratio"):
        return CANONICAL.get(last) if last == "warmup_ratio" else None
    return CANONICAL.get(last)


def family(setting: str, value: str) -> str | None:
    low = value.lower().rsplit(".", 1)[-1].replace("-", "_")
    table = OPTIMIZER_FAMILIES if setting == "optimizer" else SCHEDULE_FAMILIES
    for needle, fam in table:
        if needle in low:
            return fam
    return None


def _make(key: str, raw: object, path: str, line: int | None, kind: str, scope: str
          ) -> list[CodeSetting]:  # fmt: skip
    setting = canonical(key)
    if setting is None and isinstance(raw, (list, tuple)) and SEEDS_KEY.search(key):
        setting, raw = "runs", len(raw)  # seeds: [0, 1, 2] -> 3 runs
    if setting is None:
        return []
    if setting == "betas":
        return _betas(key, raw, path, line, kind, scope)
    if isinstance(raw, bool) or raw is None:
        return []
    text = raw if isinstance(raw, str) else repr(raw)
    if isinstance(raw, _Unresolved):
        return [CodeSetting(setting, key, f"not resolvable: {raw.text}"[:120], None, path, line,
                            kind, scope, resolvable=False)]  # fmt: skip
    if setting in NAME_SETTINGS:
        if not isinstance(raw, str) or not raw.strip():
            return []
        fam = family(setting, raw)
        if setting == "lr_schedule" and key.lower().lstrip("-").endswith("decay") and fam is None:
            return []
        return [CodeSetting(setting, key, raw[:80], None, path, line, kind, scope, name=fam)]
    if isinstance(raw, (list, tuple)):
        return []
    number = raw if isinstance(raw, (int, float)) else parse_number(str(raw))
    if number is not None and number <= 0 and setting in COUNTS:
        return []  # max_epochs=-1 ("no limit"), epoch = 0 (a loop counter): no setting value
    if number is None:
        if isinstance(raw, str) and ("${" in raw or raw.startswith("$")):
            return [CodeSetting(setting, key, f"not resolvable: {raw}"[:120], None, path, line,
                                kind, scope, resolvable=False)]  # fmt: skip
        return []
    return [CodeSetting(setting, key, text[:80], float(number), path, line, kind, scope)]


def _betas(key: str, raw: object, path: str, line: int | None, kind: str, scope: str
           ) -> list[CodeSetting]:  # fmt: skip
    if isinstance(raw, str):
        nums = [parse_number(x) for x in re.findall(r"[\d.eE-]+", raw)]
    elif isinstance(raw, (list, tuple)):
        nums = [float(x) if isinstance(x, (int, float)) else None for x in raw]
    else:
        return []
    if len(nums) != 2 or None in nums:
        return []
    return [
        CodeSetting(name, key, repr(v), v, path, line, kind, scope)
        for name, v in zip(("beta1", "beta2"), nums, strict=True)
        if v is not None
    ]


# settings that count something: a value of zero or below is a sentinel, not a setting
COUNTS = frozenset(
    ("epochs", "steps", "batch_size", "batch_size_per_device", "max_seq_len", "runs",
     "warmup_steps", "grad_accum", "n_gpus")
)  # fmt: skip
SEEDS_KEY = re.compile(r"(?:^|[._-])seeds(?:_to_run|_list)?$|^random_seeds$", re.I)


class _Unresolved:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


# -- YAML (a small reader: block mappings, scalar lists, flow lists, comments) -------------
_YAML_KEY = re.compile(r"^([^\s:#'\"][^:#]*?|'[^']*'|\"[^\"]*\")\s*:(?:\s+(.*))?$")


def _strip_comment(line: str) -> str:
    out, quote = [], ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            break
        out.append(ch)
    return "".join(out).rstrip()


def _scalar(text: str) -> object:
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "'\"":
        return t[1:-1]
    if t.startswith("[") and t.endswith("]"):
        return [_scalar(x) for x in t[1:-1].split(",") if x.strip()]
    low = t.lower()
    if low in ("true", "false", "yes", "no", "null", "~", "none"):
        return None if low in ("null", "~", "none") else low in ("true", "yes")
    try:
        return int(t)
    except ValueError:
        pass
    try:
        return float(t)
    except ValueError:
        return t


def yaml_leaves(text: str) -> list[tuple[str, object, int]]:
    """(dotted key, value, line) for every scalar leaf; scalar lists become Python lists."""
    out: list[tuple[str, object, int]] = []
    stack: list[tuple[int, str, int]] = []  # (indent, key, line)
    lists: dict[str, tuple[int, list[object]]] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw)
        s = line.strip()
        if not s or s in ("---", "...") or s.startswith("%"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if s.startswith("- ") or s == "-":
            item = s[1:].strip()
            while stack and stack[-1][0] > indent:
                stack.pop()
            parent = ".".join(k for _, k, _ in stack)
            m = _YAML_KEY.match(item)
            if m is None and parent:
                lists.setdefault(parent, (stack[-1][2], []))[1].append(_scalar(item))
            continue
        m = _YAML_KEY.match(s)
        if m is None:
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key, value = m.group(1).strip("'\""), (m.group(2) or "").strip()
        if value in ("", "|", ">", "|-", ">-") or value.startswith("&"):
            stack.append((indent, key, n))
            continue
        dotted = ".".join([*(k for _, k, _ in stack), key])
        out.append((dotted, _scalar(value), n))
    out.extend((k, items, line) for k, (line, items) in lists.items())
    return out


def _defaults(leaves: list[tuple[str, object, int]]) -> list[str]:
    """Hydra defaults list entries as config paths ("model/resnet"), self and overrides kept."""
    out: list[str] = []
    for key, value, _ in leaves:
        if key == "defaults" and isinstance(value, list):
            out.extend(str(v) for v in value if isinstance(v, str) and v != "_self_")
    return out


def _hydra_includes(repo: RepoFacts, path: str, text: str) -> list[tuple[str, str]]:
    """(group prefix, included file) for ``defaults: [- group: option]`` entries."""
    folder = posixpath.dirname(path)
    out = []
    for m in re.finditer(r"^\s*-\s+(?:override\s+)?/?([\w/.-]+)\s*:\s*([\w/.-]+)\s*$", text, re.M):
        group, option = m.group(1), m.group(2)
        cand = posixpath.join(folder, group, f"{option}.yaml")
        if cand in repo.paths:
            out.append((group.replace("/", "."), cand))
    return out


_INTERP = re.compile(r"^\$\{([\w.]+)\}$")


def _resolve(value: object, flat: dict[str, object]) -> object:
    """Follow a whole-value ``${a.b}`` interpolation inside the composed config, once or twice."""
    for _ in range(3):
        if not isinstance(value, str) or "${" not in value:
            return value
        m = _INTERP.match(value.strip())
        target = m.group(1) if m else None
        if target is None or target not in flat:
            return _Unresolved(value)
        value = flat[target]
    return _Unresolved(str(value))


def _yaml_settings(repo: RepoFacts, path: str, text: str) -> list[CodeSetting]:
    leaves = yaml_leaves(text)
    flat: dict[str, object] = {k: v for k, v, _ in leaves}
    out: list[CodeSetting] = []
    for group, inc in _hydra_includes(repo, path, text):
        inc_text = repo.text(inc) or ""
        if "@package _global_" in inc_text:
            group = ""
        for k, v, line in yaml_leaves(inc_text):
            key = f"{group}.{k}" if group else k
            flat.setdefault(key, v)
            out.extend(_make(key, v, inc, line, "config", path))
    for key, value, line in leaves:
        out.extend(_make(key, _resolve(value, flat), path, line, "config", path))
    return out


# -- JSON, TOML, INI -------------------------------------------------------------------------
def _walk(obj: object, prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    if isinstance(obj, dict):
        for k, v in list(obj.items())[:2000]:
            key = f"{prefix}.{k}" if prefix else str(k)
            if isinstance(v, dict):
                out.extend(_walk(v, key))
            else:
                out.append((key, v))
    return out


def _line_of(lines: list[str], key: str, start: int, pattern: str) -> int:
    last = key.rsplit(".", 1)[-1]
    pat = re.compile(pattern.format(re.escape(last)))
    for i in range(start, len(lines)):
        if pat.search(lines[i]):
            return i + 1
    for i in range(0, start):
        if pat.search(lines[i]):
            return i + 1
    return 1


def _structured_settings(path: str, text: str) -> list[CodeSetting]:
    low = path.lower()
    try:
        if low.endswith(".json"):
            data, pattern = json.loads(text), r'"{}"\s*:'
        else:
            data, pattern = tomllib.loads(text), r"^\s*[\"']?{}[\"']?\s*="
    except (ValueError, RecursionError):
        return []
    lines = text.splitlines()
    out: list[CodeSetting] = []
    pos = 0
    for key, value in _walk(data):
        if canonical(key) is None:
            continue
        line = _line_of(lines, key, pos, pattern)
        pos = line
        out.extend(_make(key, value, path, line, "config", path))
    return out


def _ini_settings(path: str, text: str) -> list[CodeSetting]:
    out: list[CodeSetting] = []
    for n, raw in enumerate(text.splitlines(), 1):
        m = re.match(r"^\s*([\w.-]+)\s*[=:]\s*([^#;]+?)\s*(?:[#;].*)?$", raw)
        if m:
            out.extend(_make(m.group(1), _scalar(m.group(2)), path, n, "config", path))
    return out


# -- Python ----------------------------------------------------------------------------------
def _lit(node: ast.AST) -> object:
    """A literal value (numbers, strings, tuples, lists, dicts, ``dict(...)``), else _Unresolved."""
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return {k.arg: _lit(k.value) for k in node.keywords if k.arg}
    if isinstance(node, ast.Attribute) and isinstance(node.value, (ast.Name, ast.Attribute)):
        return ast.unparse(node)  # torch.optim.Adam, SchedulerType.COSINE: a name
    return _Unresolved(ast.unparse(node)[:80])


def _flatten(key: str, value: object) -> list[tuple[str, object]]:
    if isinstance(value, dict):
        out: list[tuple[str, object]] = []
        for k, v in value.items():
            if isinstance(k, str):
                out.extend(_flatten(f"{key}.{k}" if key else k, v))
        return out
    return [(key, value)]


def _target_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return str(node.slice.value)
    return None


def _py_node(node: ast.AST, path: str) -> list[tuple[str, object, int, str]]:
    """(key, value, line, kind) found at one AST node."""
    line = getattr(node, "lineno", 0)
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None:
            return []
        value = _lit(node.value)
        if isinstance(value, _Unresolved):
            return []  # computed at run time ("batch_size = x.size(0)"): not a setting
        out: list[tuple[str, object, int, str]] = []
        for t in targets:
            name = _target_name(t)
            if name and (canonical(name) or isinstance(value, dict) or SEEDS_KEY.search(name)):
                out.extend((k, v, line, "python") for k, v in _flatten(name, value))
        return out
    if isinstance(node, ast.Dict):
        pairs = [
            (k.value, _lit(v), getattr(k, "lineno", line), "python")
            for k, v in zip(node.keys, node.values, strict=False)
            if isinstance(k, ast.Constant) and isinstance(k.value, str) and canonical(k.value)
            and not isinstance(v, ast.Dict)
        ]  # fmt: skip
        return [x for x in pairs if not isinstance(x[1], _Unresolved)]
    if isinstance(node, ast.Call):
        return _py_call(node, line)
    if isinstance(node, ast.For):
        return _epoch_loop(node, line)
    return []


EPOCH_VAR = re.compile(r"^(epoch|ep|epoch_idx|epoch_id|i_epoch|epoch_num|n_epoch)$", re.I)


def _epoch_loop(node: ast.For, line: int) -> list[tuple[str, object, int, str]]:
    """``for epoch in range(3):``: a training loop over a literal number of epochs."""
    it = node.iter
    if not (isinstance(node.target, ast.Name) and EPOCH_VAR.match(node.target.id)):
        return []
    if not (isinstance(it, ast.Call) and ast.unparse(it.func) == "range" and it.args):
        return []
    if len(it.args) > 2 or not all(isinstance(a, ast.Constant) for a in it.args):
        return []
    values = [a.value for a in it.args]  # type: ignore[attr-defined]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return []
    count = values[-1] - (values[0] if len(values) == 2 else 0)
    return [("epochs", count, line, "python")] if count > 0 else []


def _py_call(node: ast.Call, line: int) -> list[tuple[str, object, int, str]]:
    func = ast.unparse(node.func)[:80]
    tail = func.rsplit(".", 1)[-1]
    if tail in ("add_argument", "option", "DEFINE_float", "DEFINE_integer", "DEFINE_string"):
        flags = [a.value for a in node.args if isinstance(a, ast.Constant)
                 and isinstance(a.value, str)]  # fmt: skip
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        if tail.startswith("DEFINE") and len(node.args) >= 2:
            return [(str(flags[0]), _lit(node.args[1]), line, "argparse")] if flags else []
        if not flags or "default" not in kw:
            return []
        flag = max(flags, key=len)
        return [(flag, _lit(kw["default"]), line, "argparse")]
    out: list[tuple[str, object, int, str]] = []
    if family("optimizer", tail) and re.fullmatch(r"(?:Fused)?[A-Z][A-Za-z]*W?", tail):
        if tail.lower().rstrip("w") in (
            "adam",
            "sgd",
            "rmsprop",
            "adagrad",
            "adadelta",
            "adafactor",
            "lamb",
            "lars",
            "lion",
            "muon",
            "fusedadam",
        ):
            out.append(("optimizer", tail, line, "python"))  # fmt: skip
            # torch.optim's signature: Optimizer(params, lr, ...): AdamW(model.parameters(), 2e-5)
            if len(node.args) >= 2 and not any(k.arg == "lr" for k in node.keywords):
                lr = _lit(node.args[1])
                if isinstance(lr, (int, float)) and not isinstance(lr, bool):
                    out.append(("lr", lr, line, "python"))
    for k in node.keywords:
        if k.arg and canonical(k.arg) and not isinstance(k.value, ast.Dict):
            value = _lit(k.value)
            if not isinstance(value, _Unresolved):  # lr=args.lr is read at run time elsewhere
                out.append((k.arg, value, line, "python"))
    return out


ARG_LINE_RE = re.compile(
    r"add_argument\(\s*((?:['\"]-{1,2}[\w-]+['\"]\s*,\s*)+)[^#\n]*?\bdefault\s*=\s*"
    r"([-+]?[\d.]+(?:e[-+]?\d+)?|'[^']*'|\"[^\"]*\")",
    re.I,
)


def _python_text_settings(path: str, text: str) -> list[CodeSetting]:
    """argparse defaults read line by line, for a file ``ast`` cannot parse (bad indentation,
    Python 2)."""
    out: list[CodeSetting] = []
    for n, line in enumerate(text.splitlines(), 1):
        m = ARG_LINE_RE.search(line)
        if m:
            flags = re.findall(r"['\"](-{1,2}[\w-]+)['\"]", m.group(1))
            out.extend(_make(max(flags, key=len), _scalar(m.group(2)), path, n, "argparse", path))
            continue
        m = LITERAL_LINE_RE.match(line)
        if m and canonical(m.group(1)):
            out.extend(_make(m.group(1), _scalar(m.group(2)), path, n, "python", path))
    return out


# one setting per line, as a dict entry or an assignment of a literal: 'batch_size': 64,
# lr = 3e-4 (read line by line only where ``ast`` cannot parse the file)
LITERAL_LINE_RE = re.compile(
    r"""^\s*['"]?([A-Za-z_]\w*)['"]?\s*[:=]\s*([-+]?\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|"""
    r"""'[^'\n]*'|"[^"\n]*")\s*,?\s*(?:#.*)?$""",
    re.I,
)


def _python_settings(path: str, text: str) -> list[CodeSetting]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _python_text_settings(path, text)
    out: list[CodeSetting] = []
    for node in ast.walk(tree):
        for key, value, line, kind in _py_node(node, path):
            out.extend(_make(key, value, path, line, kind, path))
    return out


# -- commands (README code blocks, shell scripts) ----------------------------------------------
# a command that runs Python, or one of the repository's shell scripts that passes its flags on
# (``bin/train.sh --max-epochs 360`` where train.sh runs ``python -m pkg.cli train "$@"``)
PY_CMD = re.compile(r"\b(?:python[\d.]*|torchrun|accelerate|deepspeed|\w+\.py)\b|\w\.sh\s+-")
SHELL_ASSIGN = re.compile(r"^\s*(?:export\s+)?([A-Za-z_]\w*)=(\"[^\"]*\"|'[^']*'|\S+)\s*$")


def _tokens(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:
        return line.split()


def _command_settings(path: str, first: int, text: str, shorts: dict[str, str],
                      shell: bool) -> list[CodeSetting]:  # fmt: skip
    out: list[CodeSetting] = []
    env: dict[str, str] = {}
    for n, line in joined_lines(text):
        lineno = first + n - 1
        m = SHELL_ASSIGN.match(line)
        if m and shell:
            env[m.group(1)] = m.group(2).strip("'\"")
            out.extend(_make(m.group(1).lower(), m.group(2).strip("'\""), path, lineno, "shell",
                             path))  # fmt: skip
            continue
        if not PY_CMD.search(line):
            continue
        scope = f"{path}:{lineno}"
        for key, raw in _flags(_tokens(line), shorts):
            made = _make(key, _expand(raw, env), path, lineno, "command", scope)
            out.extend(replace(c, command=line.strip()[:300]) for c in made)
    return out


def _expand(value: str, env: dict[str, str]) -> object:
    if "$" not in value:
        return _scalar(value)
    m = re.fullmatch(r"\$\{?(\w+)\}?", value)
    if m and m.group(1) in env and "$" not in env[m.group(1)]:
        return _scalar(env[m.group(1)])
    return _Unresolved(value)


OVERRIDE_RE = re.compile(r"([A-Za-z_][\w.]*)=([^,=]+)")


def _flags(tokens: list[str], shorts: dict[str, str]) -> list[tuple[str, str]]:
    """(key, value) pairs: ``--lr 3e-4``, ``--lr=3e-4``, ``-e 60`` (via argparse), Hydra
    ``key=value`` and ``--override "epochs=1,lr=0.1"`` lists."""
    out: list[tuple[str, str]] = []
    for key, value in _plain_flags(tokens, shorts):
        pairs = OVERRIDE_RE.findall(value) if "=" in value else []
        out.extend(pairs if pairs else [(key, value)])
    return out


def _plain_flags(tokens: list[str], shorts: dict[str, str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i, tok in enumerate(tokens):
        if tok.startswith("--") and "=" in tok:
            key, _, value = tok.partition("=")
            out.append((key, value))
        elif tok.startswith("-") and len(tok) > 1 and not re.match(r"^-\d", tok):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt and not (nxt.startswith("-") and not re.match(r"^-\d", nxt)):
                key = tok if tok.startswith("--") else shorts.get(tok, "")
                if not key and re.fullmatch(r"-[A-Za-z]\w+", tok) and canonical(tok):
                    key = tok  # a single-dash long option (argparse's '-batch_size')
                if key:
                    out.append((key, nxt))
        elif re.match(r"^\+{0,2}[A-Za-z_][\w.]*=[^=]", tok):
            key, _, value = tok.lstrip("+").partition("=")
            out.append((key, value))
    return out


def _short_flags(found: list[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """``-e`` -> ``--epochs`` where every argparse declaration of ``-e`` agrees."""
    seen: dict[str, set[str]] = {}
    for _, flags in found:
        long = [f for f in flags if f.startswith("--")]
        for f in flags:
            if re.fullmatch(r"-\w", f) and long:
                seen.setdefault(f, set()).add(long[0])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


# -- the repository --------------------------------------------------------------------------
def _in_scope(path: str) -> bool:
    return not SKIP_PATH.search(path)


def _file_settings(repo: RepoFacts, path: str) -> list[CodeSetting]:
    low = path.lower()
    text = repo.text(path)
    if text is None or len(text) > MAX_CONFIG_BYTES or not KEY_HINT.search(text):
        return []
    if low.endswith((".yaml", ".yml")):
        return _yaml_settings(repo, path, text)
    if low.endswith((".json", ".toml")):
        return _structured_settings(path, text)
    if low.endswith((".ini", ".cfg")):
        return _ini_settings(path, text)
    return _python_settings(path, text)


def _shorts(repo: RepoFacts) -> dict[str, str]:
    found = [
        (info.path, arg.flags)
        for info in repo.sources
        if _in_scope(info.path)
        for arg in info.cli_args
    ]
    return _short_flags(found)


def _commands(repo: RepoFacts) -> list[CodeSetting]:
    shorts = _shorts(repo)
    out: list[CodeSetting] = []
    for doc in repo.readme_docs:
        for block in doc.code_blocks:
            info = block.info.split()[0].lower() if block.info else ""
            if info in ("", "bash", "sh", "shell", "console", "zsh", "text", "shell-session"):
                out.extend(_command_settings(doc.path, block.line + 1, block.text, shorts, False))
    for path in repo.shell_scripts:
        text = repo.text(path)
        if text is not None and _in_scope(path):
            out.extend(_command_settings(path, 1, text, shorts, True))
    return out


def _derived_batches(found: list[CodeSetting]) -> list[CodeSetting]:
    """Per-device batch x gradient accumulation (x GPUs when stated) in the same scope. A
    plain batch size beside a gradient accumulation of more than one step (a loader's
    ``batch_size=16`` and ``Accelerator(gradient_accumulation_steps=2)`` in one script) makes
    an effective batch too, but per process, so never one that decides a difference."""
    by_scope: dict[str, dict[str, CodeSetting]] = {}
    for c in found:
        if (
            c.setting in ("batch_size_per_device", "batch_size", "grad_accum", "n_gpus")
            and c.number
        ):
            by_scope.setdefault(c.scope, {}).setdefault(c.setting, c)
    out = []
    for scope, parts in by_scope.items():
        acc, gpus = parts.get("grad_accum"), parts.get("n_gpus")
        per = parts.get("batch_size_per_device")
        plain = per is None and acc is not None and (acc.number or 1) > 1
        if plain:
            per = parts.get("batch_size")
        if per is None or per.number is None or (acc is None and gpus is None):
            continue
        total = per.number * (acc.number if acc and acc.number else 1)
        total *= gpus.number if gpus and gpus.number else 1
        how = f"{per.key} {per.value}" + (f" x {acc.key} {acc.value}" if acc else "")
        how += f" x {gpus.key} {gpus.value}" if gpus else " (GPU count not stated)"
        out.append(CodeSetting("batch_size", "effective batch", how, total, per.path, per.line,
                               "derived", scope, resolvable=gpus is not None and not plain))  # fmt: skip
    return out


def code_settings(repo: RepoFacts) -> tuple[CodeSetting, ...]:
    """Every training setting the repository states, config files and commands first."""
    return repo.memo(("code_settings",), lambda: _code_settings(repo))


def _code_settings(repo: RepoFacts) -> tuple[CodeSetting, ...]:
    found: list[CodeSetting] = []
    files = [
        p
        for p in repo.paths
        if _in_scope(p) and (p.lower().endswith(CONFIG_EXT) or p.endswith(".py"))
    ]
    for path in files[:MAX_FILES]:
        found.extend(_file_settings(repo, path))
    found.extend(_commands(repo))
    found.extend(_derived_batches(found))
    seen: set[tuple[object, ...]] = set()
    out = []
    for c in found:
        key = (c.setting, c.path, c.line, c.value)
        if key not in seen:
            seen.add(key)
            out.append(c)
    out.sort(key=lambda c: (not c.experiment_level, c.setting, c.path, c.line or 0))
    return tuple(out)
