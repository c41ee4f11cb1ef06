"""Seeds: which random number generators each training / evaluation entry point uses, and
which of them it seeds, directly or through a helper it calls."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from auditor.detectors import NoParams, Outcome, detector
from auditor.detectors.common import file_ev, first
from auditor.detectors.repro_common import Entry, entry_points, evidence_line, reach
from auditor.facts import Facts
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

FAMILIES = ("python", "numpy", "torch", "cuda", "tensorflow", "jax", "sklearn")
LABEL = {
    "python": "Python random",
    "numpy": "NumPy",
    "torch": "PyTorch",
    "cuda": "PyTorch CUDA",
    "tensorflow": "TensorFlow",
    "jax": "JAX PRNG",
    "sklearn": "scikit-learn",
}

_PY_RANDOM = (
    r"random|randint|randrange|choice|choices|shuffle|sample|uniform|gauss|normalvariate|"
    r"betavariate|expovariate|getrandbits|triangular|lognormvariate|gammavariate"
)
USES: dict[str, re.Pattern[str]] = {
    "python": re.compile(rf"^random\.({_PY_RANDOM})$"),
    "numpy": re.compile(
        r"^numpy\.random\.(?!seed$|get_state$|set_state$|RandomState$|default_rng$|Generator$|"
        r"SeedSequence$|PCG64$|MT19937$)\w+$"
    ),
    "torch": re.compile(
        r"^torch\.(rand|randn|randint|randperm|rand_like|randn_like|randint_like|bernoulli|"
        r"multinomial|normal|poisson)$|^torch\.nn\.(init\.\w+|[A-Z]\w*|functional\.(dropout\w*|"
        r"gumbel_softmax|rrelu))$|^torch\.utils\.data\.(RandomSampler|random_split|"
        r"SubsetRandomSampler|WeightedRandomSampler)$|^torch\.distributions\.|"
        r"^torchvision\.transforms\.(v2\.)?Random\w+$"
    ),
    "cuda": re.compile(
        r"\.cuda$|^torch\.cuda\.(is_available|set_device|device_count)$|^torch\.nn\.DataParallel$|"
        r"^torch\.nn\.parallel\.DistributedDataParallel$"
    ),
    "tensorflow": re.compile(
        r"^(tensorflow|keras)\.(.*\.)?(random\w*|[A-Z]\w*|dropout|get_variable|truncated_normal|"
        r"\w+_initializer|shuffle)$"
    ),
    "jax": re.compile(r"^jax\.random\.\w+$|^haiku\.PRNGSequence$"),
    "sklearn": re.compile(
        r"^sklearn\..*\.(train_test_split|\w*Forest\w*|KMeans|MiniBatchKMeans|\w*Boosting\w*|"
        r"ExtraTrees\w*|SGD\w*|MLP\w*|TSNE|ShuffleSplit|StratifiedShuffleSplit|shuffle|resample|"
        r"RandomizedSearchCV|DecisionTree\w*|GaussianMixture|Bagging\w*|IsolationForest|make_\w+|"
        r"KFold|StratifiedKFold|GroupShuffleSplit|RandomTreesEmbedding)$"
    ),
}
# seeding call -> families it seeds
SEEDERS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^random\.seed$"), ("python",)),
    (re.compile(r"^numpy\.random\.seed$"), ("numpy",)),
    (re.compile(r"^torch\.(random\.)?manual_seed$"), ("torch", "cuda")),
    (re.compile(r"^torch\.cuda\.manual_seed(_all)?$"), ("cuda",)),
    (
        re.compile(
            r"^tensorflow\.(random\.set_seed|set_random_seed|compat\.v1\.set_random_seed|"
            r"compat\.v1\.random\.set_random_seed|random\.set_random_seed)$"
        ),
        ("tensorflow",),
    ),
    (
        re.compile(r"^(tensorflow\.)?keras\.utils\.set_random_seed$"),
        ("python", "numpy", "tensorflow"),
    ),
    (
        re.compile(r"^(pytorch_lightning|lightning|lightning_fabric)(\.\w+)*\.seed_everything$"),
        ("python", "numpy", "torch", "cuda"),
    ),
    (
        re.compile(r"^(transformers|accelerate)(\.\w+)*\.set_seed$"),
        ("python", "numpy", "torch", "cuda", "tensorflow"),
    ),
    (
        re.compile(
            r"^(mmcv|mmengine|mmdet)(\.\w+)*\.set_random_seed$|^detectron2(\.\w+)*\.seed_all_rng$|"
            r"^stable_baselines3(\.\w+)*\.set_random_seed$|^ignite(\.\w+)*\.manual_seed$|"
            r"^allennlp(\.\w+)*\.prepare_environment$"
        ),
        ("python", "numpy", "torch", "cuda"),
    ),
    (re.compile(r"^fairseq(\.\w+)*\.set_torch_seed$"), ("torch", "cuda")),
]
JAX_KEY = re.compile(r"^jax\.random\.(PRNGKey|key)$|^haiku\.PRNGSequence$")
SEED_FLAG = re.compile(r"^-{0,2}(random[_-]?|manual[_-]?|rng[_-]?|global[_-]?)?seed$", re.I)
_CONVENTIONAL = {
    "np": "numpy",
    "tf": "tensorflow",
    "jnp": "jax.numpy",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
}


def canon(name: str) -> str:
    """Conventional aliases left unresolved (star imports, notebooks split across cells)."""
    head, dot, rest = name.partition(".")
    return _CONVENTIONAL[head] + dot + rest if head in _CONVENTIONAL and dot else name


_UNSEEDED_ARG = re.compile(r"\btime\b|\btime\.|datetime|os\.urandom|uuid")


@dataclass
class EntryRng:
    entry: Entry
    uses: dict[str, tuple[PyInfo, Call, str]] = field(default_factory=dict)
    seeds: dict[str, tuple[PyInfo, Call, str]] = field(default_factory=dict)
    option: tuple[PyInfo, int, str | None] | None = None
    main_only: bool = False

    @property
    def missing(self) -> list[str]:
        return [f for f in FAMILIES if f in self.uses and f not in self.seeds]

    @property
    def seeded(self) -> list[str]:
        return [f for f in FAMILIES if f in self.uses and f in self.seeds]


def _real_seed(info: PyInfo, call: Call) -> bool:
    """A seed with a value: not ``random.seed()``, ``seed(None)`` or a clock-based seed."""
    if not call.args and not call.kwargs:
        return False
    if call.args and call.args[0] == "None":
        return False
    return not _UNSEEDED_ARG.search(info.line_text(call.line))


def _sklearn_seeded(call: Call) -> bool:
    kw = dict(call.kwargs)
    if re.search(r"\.(KFold|StratifiedKFold)$", call.name) and kw.get("shuffle") != "True":
        return True  # no shuffling, no randomness
    return "random_state" in kw and kw["random_state"] != "None"


def analyse_entry(repo: RepoFacts, entry: Entry) -> EntryRng | None:
    info = repo.python(entry.path)
    if info is None:
        return None
    out = EntryRng(entry)
    reached = reach(repo, info)
    # seeds count only where they run; RNG use counts anywhere in the repo modules imported
    used_only = [
        (m, c, f"in {m.path}") for m in reached.modules for c in m.calls if c.func is not None
    ]
    for src, raw, via in reached.calls + used_only:
        call = replace(raw, name=canon(raw.name))
        for fam, pat in USES.items():
            if fam in out.uses or not pat.search(call.name):
                continue
            if fam == "sklearn" and _sklearn_seeded(call):
                continue
            if fam == "cuda" and not src.roots() & {"torch", "torchvision"}:
                continue
            out.uses[fam] = (src, call, via)
        if via.startswith("in "):
            continue
        if re.search(r"^numpy\.random\.(default_rng|RandomState)$", call.name):
            key = "seeds" if _real_seed(src, call) else "uses"
            getattr(out, key).setdefault("numpy", (src, call, via))
        if JAX_KEY.search(call.name) and _real_seed(src, call):
            out.seeds.setdefault("jax", (src, call, via))
        for pat, fams in SEEDERS:
            if pat.search(call.name) and _real_seed(src, call):
                for fam in fams:
                    out.seeds.setdefault(fam, (src, call, via))
    if "sklearn" in out.uses and "numpy" in out.seeds:
        out.seeds["sklearn"] = out.seeds["numpy"]  # random_state=None draws from NumPy's global RNG
    if "cuda" in out.uses and "torch" not in out.uses:
        out.uses["torch"] = out.uses["cuda"]
    out.option = _seed_option(info)
    own = [c for fam in out.seeded for (s, c, _v) in [out.seeds[fam]] if s is info]
    out.main_only = bool(own) and all(c.in_main for c in own)
    return out


def _seed_option(info: PyInfo) -> tuple[PyInfo, int, str | None] | None:
    for arg in info.cli_args:
        if any(SEED_FLAG.match(f) for f in arg.flags if f.startswith("-")):
            return (info, arg.line, arg.default)
    for c in info.calls:
        if c.name.endswith(("DEFINE_integer", "DEFINE_int")) and c.args:
            if SEED_FLAG.match(c.args[0].strip("'\"")):
                return (
                    info,
                    c.line,
                    c.args[1] if len(c.args) > 1 else dict(c.kwargs).get("default"),
                )
    return None


def _ev(item: tuple[PyInfo, Call, str], note: str) -> Evidence:
    src, call, via = item
    text = evidence_line(src, call.line)
    suffix = f" ({note}{', via ' + via if via else ''})"
    line = None if src.cell_of_line is not None else call.line
    return file_ev(src.path, line, text[: 200 - len(suffix)] + suffix)


def _describe(r: EntryRng) -> str:
    parts = []
    if r.seeded:
        parts.append("seeds " + ", ".join(LABEL[f] for f in r.seeded))
    if r.missing:
        parts.append("does not seed " + ", ".join(LABEL[f] for f in r.missing))
    if not r.uses:
        parts.append("uses no random number generator we recognise")
    return f"{r.entry.path}: " + "; ".join(parts)


@detector("code_seeds", NoParams)
def code_seeds(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    entries = entry_points(repo)
    searched = (
        "training/evaluation entry points (as found by the completeness checklist), the repo "
        "modules they import and the helper functions they call, for Python random, NumPy, "
        "PyTorch/CUDA, TensorFlow, JAX PRNG keys, scikit-learn random_state and seed options"
    )
    results = [r for r in (analyse_entry(repo, e) for e in entries) if r is not None]
    judged = [r for r in results if r.entry.kind == "training" and r.uses] or [
        r for r in results if r.uses
    ]
    details: dict[str, object] = {"entry_points": [_detail(r) for r in results]}
    if not results:
        return Outcome(
            "not_applicable",
            "no training or evaluation entry point found",
            (),
            searched,
            details=details,
        )
    if not judged:
        return Outcome(
            "not_applicable", f"the {len(results)} entry point(s) use no random number generator we recognise",
            (), searched, details=details,
        )  # fmt: skip
    evidence: list[Evidence] = []
    for r in judged:
        evidence += [_ev(r.seeds[f], f"seeds {LABEL[f]}") for f in r.seeded]
        evidence += [_ev(r.uses[f], f"{LABEL[f]} used, not seeded") for f in r.missing]
        if r.option is not None:
            info, line, default = r.option
            evidence.append(
                file_ev(info.path, line, f"{info.line_text(line)} (seed option, default {default})")
            )
    full = [r for r in judged if not r.missing]
    none = [r for r in judged if not r.seeded]
    lines = "; ".join(_describe(r) for r in judged[:4])
    more = f" (+{len(judged) - 4} more)" if len(judged) > 4 else ""
    advice = _advice(judged)
    if len(full) == len(judged):
        note = (
            ' (set under `if __name__ == "__main__"` only)'
            if any(r.main_only for r in judged)
            else ""
        )
        return Outcome(
            "pass",
            f"every RNG in use is seeded{note}: {lines}{more}",
            first(evidence),
            details=details,
        )
    status = "fail" if len(none) == len(judged) else "partial"
    return Outcome(status, f"{len(full)} of {len(judged)} entry point(s) seed every RNG they use: {lines}{more}",
                   first(evidence, 8), searched, advice=advice, details=details)  # fmt: skip


def _advice(judged: list[EntryRng]) -> str:
    missing = sorted({f for r in judged for f in r.missing}, key=FAMILIES.index)
    calls = {
        "python": "random.seed(seed)",
        "numpy": "np.random.seed(seed)",
        "torch": "torch.manual_seed(seed)",
        "cuda": "torch.cuda.manual_seed_all(seed)",
        "tensorflow": "tf.random.set_seed(seed)",
        "jax": "jax.random.PRNGKey(seed)",
        "sklearn": "random_state=seed",
    }
    return (
        "Seed "
        + ", ".join(f"{LABEL[f]} ({calls[f]})" for f in missing)
        + " from one --seed option."
    )


def _detail(r: EntryRng) -> dict[str, object]:
    def where(item: tuple[PyInfo, Call, str]) -> str:
        return f"{item[0].path}:{item[1].line}"

    return {
        "path": r.entry.path,
        "kind": r.entry.kind,
        "uses": {f: where(v) for f, v in r.uses.items()},
        "seeded": {f: where(v) for f, v in r.seeds.items() if f in r.uses},
        "missing": r.missing,
        "seed_option": None if r.option is None else {"line": r.option[1], "default": r.option[2]},
        "seeded_only_under_main": r.main_only,
    }
