"""Which calls use a random number generator and which seed one, by family (Python random,
NumPy, PyTorch, PyTorch CUDA, TensorFlow, JAX, scikit-learn style ``random_state``).

Calls are the dotted names the Python facts give (import aliases resolved); nothing runs.
"""

from __future__ import annotations

import re

from auditor.facts.python_src import Call, PyInfo

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
        r"\w+_initializer|shuffle)$|^tensorflow\.(compat\.v1\.)?random\.\w+$"
    ),
    "jax": re.compile(r"^jax\.random\.\w+$|^haiku\.PRNGSequence$"),
    "sklearn": re.compile(
        r"^sklearn\..*\.(train_test_split|\w*Forest\w*|KMeans|MiniBatchKMeans|\w*Boosting\w*|"
        r"ExtraTrees\w*|SGD\w*|MLP\w*|TSNE|ShuffleSplit|StratifiedShuffleSplit|shuffle|resample|"
        r"RandomizedSearchCV|DecisionTree\w*|GaussianMixture|Bagging\w*|IsolationForest|make_\w+|"
        r"KFold|StratifiedKFold|GroupShuffleSplit|RandomTreesEmbedding)$"
    ),
}
# in-place tensor sampling methods (x.normal_(), w.data.uniform_()) in files that import torch
_TORCH_METHOD = re.compile(r"\.(uniform_|normal_|bernoulli_|random_|exponential_|cauchy_)$")
_DATALOADER = re.compile(r"(^torch\.utils\.data\.|^|\.)DataLoader$")
_NP_GENERATOR = re.compile(r"^numpy\.random\.(default_rng|RandomState|Generator)$")
_PY_GENERATOR = re.compile(r"^random\.Random$")
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
_CONVENTIONAL = {
    "np": "numpy",
    "tf": "tensorflow",
    "jnp": "jax.numpy",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
}
_ENTROPY = re.compile(r"\btime\b|\btime\.|datetime|urandom|uuid|SystemRandom|secrets\.")
_FIRST_ARG = re.compile(r"\(\s*(?:\w+\s*=\s*)?([A-Za-z_][\w.]*)\s*[,)]")


_ROOTS = {
    "random", "numpy", "torch", "torchvision", "tensorflow", "keras", "jax", "haiku", "sklearn",
    "pytorch_lightning", "lightning", "lightning_fabric", "transformers", "accelerate", "mmcv",
    "mmengine", "mmdet", "detectron2", "stable_baselines3", "ignite", "allennlp", "fairseq",
}  # fmt: skip
_TAIL = re.compile(r"\.cuda$|_$|DataLoader$")


def canon(name: str) -> str:
    """Conventional aliases left unresolved (star imports, notebooks split across cells)."""
    head, dot, rest = name.partition(".")
    return _CONVENTIONAL[head] + dot + rest if head in _CONVENTIONAL and dot else name


def real_seed(info: PyInfo, call: Call) -> bool:
    """A seed with a value: not ``random.seed()``, ``seed(None)``, a clock or OS-entropy seed,
    nor a variable assigned from one earlier in the same file."""
    if not call.args and not call.kwargs:
        return False
    if call.args and call.args[0] == "None":
        return False
    text = info.line_text(call.line)
    if _ENTROPY.search(text):
        return False
    m = _FIRST_ARG.search(text)
    if m and call.args and call.args[0] == "?":
        assign = re.compile(rf"^\s*{re.escape(m.group(1))}\s*=(?!=)(.*)$")
        for prev in reversed(info.lines[max(0, call.line - 200) : call.line - 1]):
            hit = assign.match(prev)
            if hit:
                return not _ENTROPY.search(hit.group(1))
    return True


def _random_state(call: Call) -> str | None:
    return dict(call.kwargs).get("random_state")


def classify(src: PyInfo, call: Call) -> list[tuple[str, str]]:
    """(family, "use" | "seed" | "local") events of one call (name already canonical); "local"
    is a call seeded by its own ``random_state=``: it seeds nothing else."""
    name = call.name
    out: list[tuple[str, str]] = []
    kw = dict(call.kwargs)
    if name.split(".", 1)[0] not in _ROOTS and "random_state" not in kw and not _TAIL.search(name):
        return out  # fast path: most calls touch no RNG library
    for fam, pat in USES.items():
        if not pat.search(name):
            continue
        if fam == "cuda" and not src.roots() & {"torch", "torchvision"}:
            continue
        if fam == "sklearn" and re.search(r"\.(KFold|StratifiedKFold)$", name):
            if kw.get("shuffle") != "True":
                continue  # no shuffling, no randomness
        if fam == "sklearn" and kw.get("random_state") not in (None, "None"):
            continue  # seeded by its own random_state= ("local" below)
        out.append((fam, "use"))
    if "torch" in src.roots():
        if _TORCH_METHOD.search(name) or (_DATALOADER.search(name) and kw.get("shuffle") == "True"):
            out.append(("torch", "use"))
    state = _random_state(call)
    if state is not None and state != "None":  # any estimator / splitter given random_state=
        out.append(("sklearn", "local"))
    elif state == "None":
        out.append(("sklearn", "use"))
    for pattern, fam in ((_NP_GENERATOR, "numpy"), (_PY_GENERATOR, "python")):
        if pattern.search(name):  # a generator object is made to be drawn from
            out.append((fam, "use"))
            if real_seed(src, call):
                out.append((fam, "seed"))
    if JAX_KEY.search(name) and real_seed(src, call):
        out.append(("jax", "seed"))
    for pat, fams in SEEDERS:
        if pat.search(name) and real_seed(src, call):
            out += [(fam, "seed") for fam in fams]
    return out
