"""Which calls use a random number generator and which seed one, by family (Python random,
NumPy, PyTorch, TensorFlow, JAX, scikit-learn style ``random_state``), and the same for the
scripts of other languages (R, Julia, Lua torch), read as text.

A *use* is a random call the repository's own code makes (a draw, a shuffle, a random
augmentation, an explicit initialiser). Building a model from framework layers is an *init*:
the framework's default initialisers draw from its RNG, which matters only where those
weights are then trained. Calls are the dotted names the Python facts give (import aliases
resolved); nothing runs.
"""

from __future__ import annotations

import re

from auditor.facts.python_src import Call, PyInfo

FAMILIES = (
    "python",
    "numpy",
    "torch",
    "tensorflow",
    "jax",
    "sklearn",
    "r",
    "julia",
    "lua",
    "matlab",
)
LABEL = {
    "python": "Python random",
    "numpy": "NumPy",
    "torch": "PyTorch",
    "tensorflow": "TensorFlow",
    "jax": "JAX PRNG",
    "sklearn": "scikit-learn",
    "r": "R",
    "julia": "Julia",
    "lua": "Lua torch",
    "matlab": "MATLAB",
}
PYTHON_SIDE = ("python", "numpy", "torch", "tensorflow")

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
        r"multinomial|normal|poisson)$|^torch\.nn\.(init\.(?!(constant|zeros|ones|eye|dirac)_?$|"
        r"calculate_gain$)\w+|functional\.(gumbel_softmax|"
        r"rrelu))$|^torch\.utils\.data\.(RandomSampler|random_split|"
        r"SubsetRandomSampler|WeightedRandomSampler)$|^torch\.distributions\.|"
        r"^torchvision\.transforms\.(v2\.)?Random\w+$"
    ),
    "tensorflow": re.compile(
        r"^(tensorflow|keras)\.(.*\.)?(random_\w+|truncated_normal|shuffle|"
        r"random_crop|random_flip_\w+)$|^tensorflow\.(compat\.v1\.)?random\.(?!set_seed$|"
        r"set_random_seed$|Generator$)\w+$"
    ),
    "jax": re.compile(r"^jax\.random\.\w+$|^haiku\.PRNGSequence$"),
    "sklearn": re.compile(
        r"^sklearn\..*\.(train_test_split|\w*Forest\w*|KMeans|MiniBatchKMeans|\w*Boosting\w*|"
        r"ExtraTrees\w*|SGD\w*|MLP\w*|TSNE|ShuffleSplit|StratifiedShuffleSplit|shuffle|resample|"
        r"RandomizedSearchCV|DecisionTree\w*|GaussianMixture|Bagging\w*|IsolationForest|make_\w+|"
        r"KFold|StratifiedKFold|GroupShuffleSplit|RandomTreesEmbedding)$"
    ),
}
# model construction: default initialisers and dropout draw from the framework's RNG, which
# matters only where the model is trained (dropout is off at inference)
INITS: dict[str, re.Pattern[str]] = {
    "torch": re.compile(
        r"^torch\.nn\.[A-Z]\w*$|^torchvision\.models\.\w+$|^torch\.nn\.functional\.dropout\w*$"
    ),
    "tensorflow": re.compile(
        r"^(tensorflow|keras)\.(.*\.)?(layers\.[A-Z]\w*|get_variable|\w+_initializer|Variable|"
        r"Sequential|Model|dense|conv[123]d\w*|dropout)$"
    ),
}
# in-place tensor sampling methods (x.normal_(), w.data.uniform_()) in files that import torch
_TORCH_METHOD = re.compile(r"\.(uniform_|normal_|bernoulli_|random_|exponential_|cauchy_)$")
_DATALOADER = re.compile(r"(^torch\.utils\.data\.|^|\.)DataLoader$")
# a tf.data pipeline's .shuffle(buffer) on a dataset object, in a file that imports TensorFlow
_DATASET_SHUFFLE = re.compile(r"^(?!random\.|numpy\.)[\w.()]*\.shuffle$")
_NP_GENERATOR = re.compile(r"^numpy\.random\.(default_rng|RandomState|Generator)$")
_PY_GENERATOR = re.compile(r"^random\.Random$")
# seeding call -> families it seeds
SEEDERS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r"^random\.seed$"), ("python",)),
    (re.compile(r"^numpy\.random\.seed$"), ("numpy",)),
    (re.compile(r"^torch\.(random\.)?manual_seed$"), ("torch",)),
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
        ("python", "numpy", "torch"),
    ),
    (
        re.compile(r"^(transformers|accelerate)(\.\w+)*\.set_seed$"),
        ("python", "numpy", "torch", "tensorflow"),
    ),
    (
        re.compile(
            r"^(mmcv|mmengine|mmdet)(\.\w+)*\.set_random_seed$|^detectron2(\.\w+)*\.seed_all_rng$|"
            r"^stable_baselines3(\.\w+)*\.set_random_seed$|^ignite(\.\w+)*\.manual_seed$|"
            r"^allennlp(\.\w+)*\.prepare_environment$|^timm(\.\w+)*\.random_seed$"
        ),
        ("python", "numpy", "torch"),
    ),
    (re.compile(r"^fairseq(\.\w+)*\.set_torch_seed$"), ("torch",)),
]
# a third-party function named for seeding (zero.improve_reproducibility, utils.set_seed of a
# pip package, a package's own random.seed such as delu.random.seed): it seeds the Python-side
# generators; repository helpers are followed instead
SEED_HELPER = re.compile(
    r"\.(set_?(global_?|random_?|all_?|torch_?)?seeds?|seed_?(everything|all|all_rng|torch)|"
    r"random\.seed|fix_?(random_?)?seeds?|init_?seeds?|setup_?seeds?|improve_reproducibility|"
    r"make_deterministic|set_determinism|seeding)$",
    re.I,
)
# Trainers that seed Python random, NumPy and torch from their arguments' seed (default 42)
HF_TRAINER = re.compile(r"^(transformers|trl)(\.\w+)*\.\w*Trainer$")
# LightningCLI(seed_everything_default=42) calls seed_everything(42) before the run (its
# default, True, draws a fresh seed each run, and None or False seeds nothing)
LIGHTNING_CLI = re.compile(r"^(pytorch_lightning|lightning)(\.\w+)*\.LightningCLI$")
JAX_KEY = re.compile(r"^jax\.random\.(PRNGKey|key)$|^haiku\.PRNGSequence$")
_CONVENTIONAL = {
    "np": "numpy",
    "tf": "tensorflow",
    "jnp": "jax.numpy",
    "nn": "torch.nn",
    "F": "torch.nn.functional",
}
# a seed drawn from the clock, the OS or the RNG's own state is no fixed seed
_CLOCK_RE = r"\btime\b|\btime\.|datetime|urandom|uuid|SystemRandom|secrets\.|get_state\("
_CLOCK = re.compile(_CLOCK_RE)
_ENTROPY = re.compile(_CLOCK_RE + r"|initial_seed\(|randint\(|randrange\(|getrandbits\(|random\(\)")
# the first argument's name, also when subscripted (``random.seed(epoch_seeds[epoch])``: the
# list is judged where it is assigned)
_FIRST_ARG = re.compile(r"\(\s*(?:\w+\s*=\s*)?([A-Za-z_][\w.]*)(?:\[[^\[\]()]*\])?\s*[,)]")


_ROOTS = {
    "random", "numpy", "torch", "torchvision", "tensorflow", "keras", "jax", "haiku", "sklearn",
    "pytorch_lightning", "lightning", "lightning_fabric", "transformers", "accelerate", "mmcv",
    "mmengine", "mmdet", "detectron2", "stable_baselines3", "ignite", "allennlp", "fairseq", "trl",
}  # fmt: skip
_TAIL = re.compile(r"_$|DataLoader$|\.shuffle$|seed\w*$|reproducib\w*$|determinis\w*$")


def canon(name: str) -> str:
    """Conventional aliases left unresolved (star imports, notebooks split across cells)."""
    head, dot, rest = name.partition(".")
    return _CONVENTIONAL[head] + dot + rest if head in _CONVENTIONAL and dot else name


def star_seeder(info: PyInfo, name: str) -> str:
    """A bare name that a star import brings from a library with a known seeding helper
    (``from timm.utils import *`` ... ``random_seed(args.seed)``): its full name; else the name."""
    if "." in name or "*" not in info.aliases:  # no star import in the file
        return name
    for imp in info.imports:
        if imp.endswith(".*"):
            full = imp[:-1] + name
            if any(pat.search(full) for pat, _fams in SEEDERS):
                return full
    return name


def real_seed(info: PyInfo, call: Call) -> bool:
    """A seed with a value: not ``random.seed()``, ``seed(None)``, a clock, OS-entropy or
    RNG-state seed, nor a variable assigned from one earlier in the same file."""
    if not call.args and not call.kwargs:
        return False
    if call.args and call.args[0] == "None":
        return False
    kw = dict(call.kwargs)
    if not call.args and any(kw.get(k) == "None" for k in ("seed", "random_state", "a", "x")):
        return False  # RandomState(seed=None), random.seed(a=None): entropy, not a seed
    text = info.line_text(call.line)
    if _ENTROPY.search(text):
        return False
    m = _FIRST_ARG.search(text)
    named = (call.args and call.args[0] == "?") or (
        not call.args and any(kw.get(k) == "?" for k in ("seed", "random_state", "a", "x"))
    )  # set_seed(seed) and set_seed(seed=seed) alike
    if m and named:
        return _fixed_value(info, m.group(1), call.line)
    return True


def _fixed_value(info: PyInfo, name: str, line: int) -> bool:
    """The variable's last assignment above ``line`` is neither entropy nor None (True when
    the file never assigns it)."""
    assign = re.compile(rf"^\s*{re.escape(name)}\s*=(?!=)(.*)$")
    for prev in reversed(info.lines[: line - 1]):  # module globals may sit far above
        hit = assign.match(prev)
        if hit:
            return not _ENTROPY.search(hit.group(1)) and hit.group(1).strip() != "None"
    return True


# the arguments a Hugging Face Trainer takes its seed from (TrainingArguments, SFTConfig, ...)
_TRAINER_ARGS = re.compile(r"^(transformers|trl)(\.\w+)*\.\w*(TrainingArguments|Config)$")
_SEED_KW = re.compile(r"(?<![\w.])seed\s*=\s*([A-Za-z_]\w*)\s*[,)]?")


def _drawn_trainer_seed(info: PyInfo) -> bool:
    """The file's Trainer arguments get ``seed=None`` or a seed variable last assigned from
    entropy or None (``seed = random.randint(0, 2**32)`` ... ``TrainingArguments(seed=seed)``):
    that Trainer seeds nothing fixed."""
    for call in info.calls_named(_TRAINER_ARGS):
        value = dict(call.kwargs).get("seed")
        if value == "None":
            return True
        if value != "?":
            continue
        last = min(call.line + 60, len(info.lines))
        found = ((at, _SEED_KW.search(info.line_text(at))) for at in range(call.line, last + 1))
        at, m = next(((at, m) for at, m in found if m), (0, None))
        if m is not None and not _fixed_value(info, m.group(1), at):
            return True
    return False


# a seed drawn from another generator: fixed exactly when that generator is seeded
# (np.random.RandomState(random.randint(0, 2**32 - 1)), np.random.seed(torch.initial_seed() % 2**32))
_DRAWN_FROM = (
    ("python", re.compile(r"(?<![\w.])random\.(randint|randrange|random|getrandbits)\(")),
    ("numpy", re.compile(r"\b(np|numpy)\.random\.(randint|random|rand|choice)\(")),
    ("torch", re.compile(r"\btorch\.(initial_seed|randint)\(")),
    # a draw from a generator object (self._rng.randint(...)): fixed exactly when that object
    # is, and the object is judged where it is made
    (
        "object",
        re.compile(
            r"(?<![\w.])(?:self\.)?\w*(?:rng|random_state|generator|prng)\w*\."
            r"(randint|integers|random|rand|choice|getrandbits|randrange)\(",
            re.I,
        ),
    ),  # fmt: skip
)


_DRAW_MODULES = {"random", "numpy", "numpy.random", "torch"}


def seed_source(info: PyInfo, call: Call) -> str | None:
    """The generator family a seed on this call's line is drawn from, if it is drawn from one
    (and from no clock or OS entropy)."""
    text = info.line_text(call.line)
    if _CLOCK.search(text):
        return None
    for alias, target in info.aliases.items():  # import random as random_mod
        if alias != target and target in _DRAW_MODULES and alias + "." in text:
            text = re.sub(rf"(?<![\w.]){re.escape(alias)}\.", target + ".", text)
    return next((fam for fam, pat in _DRAWN_FROM if pat.search(text)), None)


def _unseeded_var(info: PyInfo, call: Call) -> bool:
    """``random_state=<name>`` where the name was assigned from a clock, OS-entropy or
    unseeded generator, directly or through one more assignment."""
    text = " ".join(info.lines[call.line - 1 : call.line + 5])  # a call may span lines
    m = re.search(r"random_state\s*=\s*([A-Za-z_]\w*)\b", text)
    if m is None:
        return False
    names, depth = [m.group(1)], 0
    while names and depth < 3:
        depth += 1
        name = names.pop()
        assign = re.compile(rf"^\s*{re.escape(name)}\s*=(?!=)(.*)$")
        rhs = next(
            (h.group(1) for prev in reversed(info.lines[max(0, call.line - 300) : call.line - 1])
             if (h := assign.match(prev))), None,
        )  # fmt: skip
        if rhs is None:
            return False
        if _ENTROPY.search(rhs) or re.search(r"(RandomState|default_rng)\(\s*\)", rhs):
            return True
        inner = re.search(r"(RandomState|default_rng|Random)\(\s*([A-Za-z_]\w*)\s*\)", rhs)
        if inner is None:
            return False
        names.append(inner.group(2))
    return False


def _random_state(call: Call) -> str | None:
    return dict(call.kwargs).get("random_state")


def classify(src: PyInfo, call: Call, third_party: bool = True) -> list[tuple[str, str]]:
    """(family, event) of one call (name already canonical). Events: "use" (a draw from the
    global generator), "init" (model construction), "seed" (the global generator seeded),
    "gen" / "gen_unseeded" (a generator object of its own, seeded or not: it neither needs
    nor gives the global seed), "local" (seeded by its own ``random_state=`` / ``seed=``).
    ``third_party``: the call's root is not a repository module (for named seed helpers)."""
    name = call.name
    out: list[tuple[str, str]] = []
    kw = dict(call.kwargs)
    if name.split(".", 1)[0] not in _ROOTS and "random_state" not in kw and not _TAIL.search(name):
        return out  # fast path: most calls touch no RNG library
    roots = src.roots()
    if name.startswith("random.") and "random" not in roots and "*" not in src.aliases:
        return out  # a local object named random (random = np.random.RandomState(seed))
    for fam, pat in USES.items():
        if not pat.search(name):
            continue
        if fam == "sklearn" and re.search(r"\.(KFold|StratifiedKFold)$", name):
            if kw.get("shuffle") != "True":
                continue  # no shuffling, no randomness
        if fam == "sklearn" and kw.get("random_state") not in (None, "None"):
            continue  # seeded by its own random_state= ("local" below)
        out.append((fam, "use"))
    for fam, pat in INITS.items():
        if pat.search(name):
            out.append((fam, "init"))
    if "torch" in roots:
        if _TORCH_METHOD.search(name) or (_DATALOADER.search(name) and kw.get("shuffle") == "True"):
            out.append(("torch", "use"))
    if "tensorflow" in roots and _DATASET_SHUFFLE.search(name) and not name.startswith("torch"):
        out.append(("tensorflow", "local" if kw.get("seed") not in (None, "None") else "use"))
    elif "datasets" in roots and _DATASET_SHUFFLE.search(name) and not name.startswith("torch"):
        # a Hugging Face dataset's .shuffle(seed=42) draws from a NumPy generator of its own made
        # from that seed; .shuffle() without one, from NumPy's global generator
        seeded = "seed" in kw and kw["seed"] != "None" and real_seed(src, call)
        out.append(("numpy", "gen" if seeded else "use"))
    state = _random_state(call)
    if state == "?" and _unseeded_var(src, call):
        state = "None"  # random_state=rng, an unseeded generator made earlier in the file
    if state is not None and state != "None":  # any estimator / splitter given random_state=
        out.append(("sklearn", "local"))
    elif state == "None":
        out.append(("sklearn", "use"))
    for pattern, fam in ((_NP_GENERATOR, "numpy"), (_PY_GENERATOR, "python")):
        if pattern.search(name):  # a generator object of its own, made to be drawn from
            if real_seed(src, call):
                out.append((fam, "gen"))
            else:
                source = seed_source(src, call)
                out.append((fam, f"gen_from:{source}" if source else "gen_unseeded"))
    if JAX_KEY.search(name) and real_seed(src, call):
        out.append(("jax", "seed"))
    known = False
    for pat, fams in SEEDERS:
        if pat.search(name):
            known = True
            if real_seed(src, call):
                out += [(fam, "seed") for fam in fams]
            elif source := seed_source(src, call):
                out += [(fam, f"seed_from:{source}") for fam in fams]
    if not known and third_party and SEED_HELPER.search(name) and real_seed(src, call):
        if name.split(".", 1)[0] in roots | set(src.aliases.values()):
            out += [(fam, "seed") for fam in PYTHON_SIDE]
    if HF_TRAINER.search(name) and kw.get("seed") != "None" and not _drawn_trainer_seed(src):
        out += [(fam, "seed") for fam in ("python", "numpy", "torch")]
    if LIGHTNING_CLI.search(name) and kw.get("seed_everything_default", "").isdigit():
        out += [(fam, "seed") for fam in ("python", "numpy", "torch")]
    return out


# -- other languages, read as text --------------------------------------------------------------
_NUM_OR_NAME = r"\s*(?!NULL\b|nothing\b|nil\b)[\w.$\[\]\"'+*-]+"
LANG_EXT = {".r": "r", ".jl": "julia", ".lua": "lua", ".m": "matlab"}
LANG_SEEDS: dict[str, re.Pattern[str]] = {
    "r": re.compile(rf"\bset\.seed\s*\({_NUM_OR_NAME}"),
    "julia": re.compile(
        rf"\b(Random\.)?seed!\s*\((\w+\s*,\s*)?{_NUM_OR_NAME}|"
        rf"\b(MersenneTwister|StableRNG|Xoshiro)\s*\({_NUM_OR_NAME}"
    ),
    "lua": re.compile(
        rf"\b(torch\.manualSeed|cutorch\.manualSeed(All)?|math\.randomseed)\s*\(?{_NUM_OR_NAME}"
    ),
    # rng(42), rng(options.seed), rng('default') (a fixed seed); not rng('shuffle') (the clock)
    "matlab": re.compile(
        r"(?<![\w.])rng\s*\(\s*(?!['\"]shuffle)[\w.'\"]|"
        r"(?<![\w.])randn?\s*\(\s*['\"](seed|state|twister)['\"]\s*,|"
        r"\bRandStream\s*\([^)]*['\"]Seed['\"]\s*,\s*(?!['\"]shuffle)[\w.]"
    ),
}
LANG_USES: dict[str, re.Pattern[str]] = {
    "r": re.compile(
        r"(?<![\w.])(runif|rnorm|rbinom|rpois|rexp|rgamma|rbeta|rmultinom|rt|rchisq|sample|"
        r"sample\.int|randomForest|ranger|kmeans|createDataPartition|createFolds|"
        r"split_conformal|conformal\.pred\w*|cv\.glmnet|xgboost|train)\s*\("
    ),
    "julia": re.compile(
        r"(?<![\w.])(rand|randn|randperm|randsubseq|shuffle!?|sample|bitrand|randexp)\s*\(|"
        r"(?<![\w.])(Flux\.)?(train!|Dense|Chain|Conv|Dropout)\s*\("
    ),
    "lua": re.compile(
        r"\btorch\.(rand|randn|randperm|uniform|normal|bernoulli|random|multinomial)\s*\(|"
        r"\bmath\.random\s*\(|:(uniform|normal|bernoulli|random)\s*\(|\bnn\.[A-Z]\w*\s*\("
    ),
    "matlab": re.compile(
        r"(?<![\w.])(rand|randn|randi|randperm|randsample|datasample|normrnd|unifrnd|"
        r"cvpartition|crossvalind|trainNetwork|trainnet)\s*\("
    ),
}
LANG_INCLUDE: dict[str, re.Pattern[str]] = {
    "r": re.compile(r"\bsource\s*\(\s*[\"']([^\"']+)[\"']"),
    "julia": re.compile(r"\binclude\s*\(\s*(?:joinpath\([^)]*?)?\"([^\"]+)\""),
    "lua": re.compile(r"\b(?:dofile|require|paths\.dofile)\s*\(?\s*[\"']([^\"']+)[\"']"),
    # MATLAB finds a function by its file's name: a call names the file it runs
    "matlab": re.compile(r"(?<![\w.'\"])([A-Za-z]\w{0,62})\b(?!\s*=[^=])"),
}
LANG_COMMENT = {"r": "#", "julia": "#", "lua": "--", "matlab": "%"}


def language_of(path: str) -> str | None:
    low = path.lower()
    return next((lang for ext, lang in LANG_EXT.items() if low.endswith(ext)), None)


def script_events(lang: str, text: str) -> tuple[int | None, int | None]:
    """(first line of a random call, first line of a seeding call) of one script."""
    use = seed = None
    mark = LANG_COMMENT[lang]
    for n, raw in enumerate(text.splitlines()[:20_000], 1):
        code = raw.split(mark, 1)[0]
        if seed is None and LANG_SEEDS[lang].search(code):
            seed = n
        if use is None and LANG_USES[lang].search(code):
            use = n
        if use is not None and seed is not None:
            break
    return use, seed
