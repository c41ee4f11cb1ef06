"""Hyperparameters recorded: config files (YAML, JSON, Hydra, gin, TOML, Python configs) or CLI
defaults with values, and README commands that say which config reproduces which result."""

from __future__ import annotations

import json
import re
import tomllib

from auditor.detectors import NoParams, Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import in_scope
from auditor.facts.evidence import command_lines, doc_ev, file_ev, first
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

HYPER_FLAG = re.compile(
    r"^-{1,2}(lr|learning[_-]?rate|batch[_-]?size|bs|epochs?|n[_-]?epochs|num[_-]?epochs|"
    r"max[_-]?epochs|weight[_-]?decay|wd|momentum|dropout|warmup[_-]?\w*|max[_-]?steps|"
    r"num[_-]?train[_-]?epochs|train[_-]?batch[_-]?size|per[_-]?device[_-]?train[_-]?batch[_-]?size|"
    r"hidden[_-]?(size|dim)|num[_-]?layers|gamma|beta\d?|temperature|optimi[sz]er|lr[_-]?\w+)$",
    re.I,
)


HYPER_KEY = re.compile(
    r"^(lr|base_lr|learning_rate|init_lr|max_lr|batch_size|train_batch_size|batchsize|bs|"
    r"samples_per_gpu|epochs?|n_epochs|num_epochs|max_epochs|total_epochs|max_iters?|"
    r"weight_decay|wd|momentum|dropout\w*|warmup\w*|max_steps|num_train_epochs|optimizer|optim|"
    r"lr_schedule\w*|scheduler|gamma|seed|hidden_(size|dim)|num_layers|temperature|label_smoothing|"
    r"grad_clip\w*|clip_grad\w*|betas?|eps|iterations|num_steps|train_steps|"
    r"per_device_train_batch_size|gradient_accumulation_steps)$",
    re.I,
)
CONFIG_EXT = (".yaml", ".yml", ".json", ".toml", ".gin", ".cfg", ".ini", ".jsonnet", ".conf")
NOT_CONFIG = re.compile(
    r"(^|/)(\.github|\.circleci|\.gitlab|\.vscode|\.idea|node_modules)/|"
    r"(^|/)(environment[\w.-]*\.ya?ml|conda[\w.-]*\.ya?ml|package(-lock)?\.json|tsconfig\.json|"
    r"\.pre-commit[\w.-]*|codecov\.ya?ml|\.readthedocs\.ya?ml|mkdocs\.ya?ml|_config\.yml|"
    r"pyproject\.toml|setup\.cfg|tox\.ini|\.travis\.yml|docker-compose[\w.-]*|dvc\.lock|"
    r"\.?flake8|mypy\.ini|pytest\.ini|[\w.-]*\.ipynb|citation\.cff)$",
    re.I,
)
CONFIG_DIR = re.compile(
    r"(^|/)(configs?|conf|cfgs?|hparams|hyperparams?|experiments?|settings)/", re.I
)
CONFIG_CALL = re.compile(
    r"^hydra\.main$|^gin\.parse_config\w*$|^gin\.configurable$|OmegaConf\.load$|^ml_collections\."
)
CONFIG_REF = re.compile(
    r"(--?(config|cfg|config[_-]file|config[_-]path|config[_-]name|gin[_-]file|gin_config|c)[= ]+\S+|"
    r"\S+\.(ya?ml|gin|json|toml)\b|\bconfigs?/\S+|\+?experiment=\S+)",
    re.I,
)
MAX_CONFIG_FILES = 400
MAX_CONFIG_CHARS = 256_000  # JSON / TOML beyond this is data


def _yaml_keys(text: str) -> list[tuple[str, int]]:
    """Minimal YAML reading: mapping keys with their line (PyYAML is not a dependency)."""
    return [
        (m.group(1), n)
        for n, raw in enumerate(text.splitlines()[:5000], start=1)
        for m in [re.match(r"^\s*-?\s*([A-Za-z_][\w.-]*)\s*:\s*\S", raw)]
        if m
    ]


def _json_keys(obj: object, out: set[str], depth: int = 0) -> None:
    if depth > 20:
        return
    if isinstance(obj, dict):
        for k, v in list(obj.items())[:2000]:
            out.add(str(k))
            _json_keys(v, out, depth + 1)
    elif isinstance(obj, list):
        for v in obj[:200]:
            _json_keys(v, out, depth + 1)


def _keys(path: str, text: str) -> list[tuple[str, int]]:
    low = path.lower()
    lines = text.splitlines()

    def line_of(key: str) -> int:
        return next((i for i, ln in enumerate(lines[:5000], 1) if key in ln), 1)

    if low.endswith((".json", ".toml")):
        if len(text) > MAX_CONFIG_CHARS:
            return []  # a vocabulary, an annotation file or a results dump, not a config
        found: set[str] = set()
        try:
            _json_keys(json.loads(text) if low.endswith(".json") else tomllib.loads(text), found)
        except (ValueError, RecursionError, tomllib.TOMLDecodeError):
            return []
        return [(k, line_of(k)) for k in sorted(found) if HYPER_KEY.match(k)]
    if low.endswith((".gin", ".cfg", ".ini", ".conf", ".py", ".jsonnet")):
        pat = re.compile(
            r"^\s*(?:[\w.]+\.)?([A-Za-z_]\w*)\s*[=:]\s*\S|\b([A-Za-z_]\w*)\s*=\s*[\d\[{'\"(]"
        )
        return [
            (m.group(1) or m.group(2), n)
            for n, raw in enumerate(lines[:5000], start=1)
            for m in pat.finditer(raw)
        ]
    return _yaml_keys(text)


def config_files(repo: RepoFacts) -> list[tuple[str, list[tuple[str, int]]]]:
    """(path, hyperparameter keys with lines) for config files holding >= 2 hyperparameters."""
    cands = [
        p
        for p in repo.paths
        if in_scope(p)
        and not NOT_CONFIG.search(p)
        and (p.lower().endswith(CONFIG_EXT) or (p.endswith(".py") and CONFIG_DIR.search(p)))
    ]
    cands.sort(key=lambda p: (not CONFIG_DIR.search(p), p.count("/"), p))
    out = []
    for p in cands[:MAX_CONFIG_FILES]:
        text = repo.text(p)
        if not text:
            continue
        hyper = [(k, n) for k, n in _keys(p, text) if HYPER_KEY.match(k)]
        if len({k.lower() for k, _ in hyper}) >= 2:
            out.append((p, hyper))
    return out


def cli_defaults(repo: RepoFacts) -> list[Evidence]:
    out = []
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for arg in info.cli_args:
            if any(HYPER_FLAG.match(f) for f in arg.flags) and arg.default not in (
                None,
                "None",
                "?",
            ):
                out.append(file_ev(info.path, arg.line, info.line_text(arg.line)))
        for c in info.calls:
            if re.search(r"\.DEFINE_(float|integer|int|string|enum)$", c.name) and len(c.args) > 1:
                if HYPER_FLAG.match("--" + c.args[0].strip("'\"")) and c.args[1] not in (
                    "None",
                    "?",
                ):
                    out.append(file_ev(info.path, c.line, info.line_text(c.line)))
    return out


def framework_configs(repo: RepoFacts) -> list[Evidence]:
    return [
        file_ev(info.path, c.line, info.line_text(c.line))
        for info in repo.sources
        if in_scope(info.path)
        for c in info.calls
        if CONFIG_CALL.search(c.name)
    ]


def readme_mapping(repo: RepoFacts, configs: set[str]) -> list[Evidence]:
    """README commands naming a config or hyperparameter flags, and links to config files."""
    out = []
    for doc in repo.readme_docs:
        for line, cmd, _h in command_lines(doc):
            if re.search(r"\b(pip|conda|apt|git\s+clone|wget|curl)\b", cmd):
                continue
            flags = re.findall(r"(?<!\S)(--?[\w-]+)[= ]\S", cmd)
            if CONFIG_REF.search(cmd) or any(HYPER_FLAG.match(f) for f in flags):
                out.append(doc_ev(doc, line, cmd))
        for link in doc.links:
            target = repo.resolve_link(doc.path, link.url)
            if target and target in configs:
                out.append(doc_ev(doc, link.line))
    return out


@detector("code_hyperparameter_config", NoParams)
def code_hyperparameter_config(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    configs = config_files(repo)
    defaults = cli_defaults(repo)
    frameworks = framework_configs(repo)
    mapping = readme_mapping(repo, {p for p, _ in configs})
    searched = (
        "config files (YAML, JSON, TOML, gin, INI, Python configs under configs/) with "
        "hyperparameter keys, Hydra/gin/OmegaConf use, argparse/click/absl defaults for "
        "hyperparameter flags, and README commands naming a config or hyperparameters"
    )
    cfg_ev = [
        file_ev(p, keys[0][1], ", ".join(sorted({k for k, _ in keys}))[:150]) for p, keys in configs
    ]
    recorded = cfg_ev + frameworks[:1] + defaults
    details: dict[str, object] = {
        "config_files": [p for p, _ in configs][:30],
        "cli_defaults": len(defaults),
        "readme_commands": len(mapping),
    }
    what = []
    if configs:
        what.append(f"{len(configs)} config file(s) with hyperparameters such as {configs[0][0]}")
    if frameworks:
        what.append(f"config framework in {frameworks[0].path}")
    if defaults:
        what.append(f"{len(defaults)} hyperparameter CLI default(s)")
    if recorded and mapping:
        return Outcome("pass", "; ".join(what) + "; the README says which command/config to run",
                       first(cfg_ev[:2] + frameworks[:1] + defaults[:2] + mapping[:2]), details=details)  # fmt: skip
    if recorded:
        return Outcome("partial", "; ".join(what) + "; but no README command names a config or hyperparameters",
                       first(recorded), searched, details=details,
                       advice="Say in the README which config or command reproduces each reported result.")  # fmt: skip
    if mapping:
        return Outcome("partial", "the README gives commands with hyperparameters, but no config files or CLI defaults record them",
                       first(mapping), searched, details=details)  # fmt: skip
    return Outcome(
        "fail",
        "no config files or CLI defaults recording training hyperparameters",
        (),
        searched,
        details=details,
    )
