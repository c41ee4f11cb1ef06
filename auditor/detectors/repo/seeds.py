"""Seeds: which random number generators the judged entry points use, and which of them they
seed, directly or through a helper they call.

Judged, as the labelling rules say: the training entry points; where nothing trains, the
evaluation entry points; where neither exists, any runnable entry point (demos last). Several
judged entry points combine: all seeded is a pass, none a fail, anything between partial.
Scripts in R, Julia and Lua are judged beside the Python ones."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Literal

from auditor.detectors import NoParams, Outcome, detector
from auditor.detectors.repo.code import is_speed_benchmark
from auditor.detectors.repo.rng import (
    FAMILIES,
    LABEL,
    LANG_INCLUDE,
    canon,
    classify,
    language_of,
    script_events,
    star_seeder,
)
from auditor.facts import Facts
from auditor.facts.code import DATA_PREP, EVAL_NAME, TRAIN_CALL, TRAIN_NAME, in_scope
from auditor.facts.entries import DEMO_NAME, Entry, entry_points, launch_options
from auditor.facts.evidence import evidence_line, file_ev, first
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.reach import class_index, follow, module_index, reach
from auditor.facts.repo import RepoFacts
from auditor.facts.scripts import calls_of
from auditor.models import Evidence

SEED_FLAG = re.compile(r"^-{0,2}(random[_-]?|manual[_-]?|rng[_-]?|global[_-]?)?seed$", re.I)
Event = tuple[PyInfo | None, Call | None, str, str, int]  # (file, call, via, path, line)
MAX_SCRIPTS = 40  # R / Julia / Lua scripts examined
MAX_CLASSES = 120  # repository classes whose methods are read for one entry point


@dataclass
class EntryRng:
    entry: Entry
    role: str = "other"  # "train", "eval", "other" or "demo"
    uses: dict[str, Event] = field(default_factory=dict)  # draws from the global generators
    inits: dict[str, Event] = field(default_factory=dict)  # model construction (initialisers)
    seeds: dict[str, Event] = field(default_factory=dict)  # the global generators seeded
    gens: dict[str, Event] = field(default_factory=dict)  # own generator objects, seeded
    unseeded_gens: dict[str, Event] = field(default_factory=dict)  # ... and unseeded
    voided: list[tuple[Event, str]] = field(default_factory=list)  # seeds that do not apply
    option: tuple[PyInfo, int, str | None] | None = None
    main_only: bool = False
    dispatcher: bool = False  # only builds the class its config names (hydra.utils.get_class)

    @property
    def used(self) -> dict[str, Event]:
        """Random calls; default initialisers count only where the weights are trained."""
        extra = self.inits if self.role == "train" else {}
        found = (self.unseeded_gens, self.uses, extra, self.gens)
        return {f: v for f in FAMILIES for v in [next((d[f] for d in found if f in d), None)] if v}

    @property
    def missing(self) -> list[str]:
        """Families drawn from unseeded: the global generator without a seed (an own generator
        object does not need it), or a generator object made without one."""
        glob = self.inits if self.role == "train" else {}
        return [
            f
            for f in self.used
            if f in self.unseeded_gens or ((f in self.uses or f in glob) and f not in self.seeds)
        ]

    @property
    def seeded(self) -> list[str]:
        """Families seeded: of those drawn, the ones with a seed; for a run whose draws happen
        in the library it hands over to (``library_draws``), the ones it seeds."""
        if self.library_draws:
            return list(self.seeds)
        return [f for f in self.used if f not in self.missing]

    def seed_of(self, fam: str) -> Event:
        return self.seeds.get(fam) or self.gens[fam]

    @property
    def library_draws(self) -> bool:
        """A training run that seeds the global generators itself but makes no random call we
        recognise: its draws happen in the training library it hands over to (a GraphGym or
        other framework loop after ``seed_everything(cfg.seed)``), so the seeding is judged."""
        return bool(self.seeds) and not self.used and self.role in ("train", "experiment")


# -- Python entry points ------------------------------------------------------------------------
def _hf_trainers(repo: RepoFacts) -> set[str]:
    """Repository classes that subclass a Hugging Face / TRL trainer (which seeds at start)."""
    return repo.memo(("seeds_hf_trainers",), lambda: _find_hf_trainers(repo))


_CLASS_LINE = re.compile(r"^\s*class\s+(\w+)\s*\(([^)]*)\)")


def _find_hf_trainers(repo: RepoFacts) -> set[str]:
    out: set[str] = set()
    for info in repo.sources:
        for name, (lo, _hi) in info.classes.items():
            m = _CLASS_LINE.match(info.lines[lo - 1] if lo <= len(info.lines) else "")
            for base in m.group(2).split(",") if m else []:
                head = base.strip().split(".")[0]
                full = info.aliases.get(head, head)
                if re.match(r"^(transformers|trl)\b.*Trainer$", full + base.strip()[len(head) :]):
                    out.add(name)
    return out


def _third_party(repo: RepoFacts, name: str) -> bool:
    root = name.split(".", 1)[0]
    return root not in module_index(repo)


# building the class a config names: the run happens in that class (a Hydra workspace)
DISPATCH = re.compile(r"^hydra\.utils\.(get_class|get_method|instantiate|call)$")
# a model server or web front end (a controller balancing requests across workers, a Gradio
# app): an interactive demo, not an experiment
SERVING = re.compile(
    r"(^|/)(serve|serving|server|webui|web_ui)/|"
    r"(^|/)[^/]*(gradio|server|webui|web_ui|streamlit)[^/]*\.py$",
    re.I,
)
# a script that reads what the runs wrote and tabulates it (collect_results.py,
# aggregate_scores.py, make_tables.py): no experiment of its own
RESULTS_READER = re.compile(
    r"(^|/)(collect|aggregate|gather|summari[sz]e|parse|tabulate|print|merge|compile)_"
    r"(results?|scores?|runs|logs|metrics|tables?)\.py$|(^|/)make_tables?\.py$",
    re.I,
)
# a script named as the main program or an experiment runner: judged beside training
EXPERIMENT_NAME = re.compile(r"^(main|run|exp|experiments?)([_-][\w-]*)?\.(py|ipynb)$", re.I)
_NOT_EXPERIMENT = re.compile(r"eval|test|infer|predict|demo|vis|plot|download", re.I)
# a gradient alone (guidance, attacks, saliency) or a bare .update/.train is no training step
_NOT_A_STEP = re.compile(r"(\.update|\.train|backward|GradientTape|grad)$")
# libraries whose ``fit``/``step``/``update`` are not a model being trained
_NOT_TRAINING = re.compile(r"^(PIL|cv2|matplotlib|scipy|skimage|imageio|pandas|math|tqdm)\.")


_SCORING_NAME = re.compile(
    r"(^|[_\-.])(eval|evaluate|evaluation|test|testing|inference|infer|predict|prediction|"
    r"validate|validation)([_\-.][^/]*)?\.(py|ipynb)$",
    re.I,
)


def _named_to_score(path: str) -> bool:
    base = path.rsplit("/", 1)[-1]
    return bool(_SCORING_NAME.search(base)) and not TRAIN_NAME.search(path)


def _role(
    entry: Entry, calls: list[tuple[PyInfo, Call, str]], trainers: set[str] | None = None
) -> str:
    """What an entry point does; ``trainers`` are repository subclasses of a Hugging Face /
    TRL trainer, whose construction is a training run."""
    path = entry.path
    if DEMO_NAME.search(path) or SERVING.search(path) or RESULTS_READER.search(path):
        return "demo"
    base = path.rsplit("/", 1)[-1]
    if TRAIN_NAME.search(path) and not DATA_PREP.search(base):
        return "train"
    for _src, call, _via in calls:
        name = call.name
        if trainers and name.rsplit(".", 1)[-1] in trainers:
            return "train"
        if TRAIN_CALL.search(name) and not _NOT_A_STEP.search(name):
            if not _NOT_TRAINING.search(name):
                return "train"
    if EXPERIMENT_NAME.search(base) and not _NOT_EXPERIMENT.search(base):
        return "experiment"
    if EVAL_NAME.search(path) or entry.kind == "evaluation":
        return "eval"
    return "other"


def analyse_entry(repo: RepoFacts, entry: Entry) -> EntryRng | None:
    info = repo.python(entry.path)
    if info is None:
        return None
    reached = reach(repo, info)
    calls = _running(repo, reached.calls, {m.path for m in reached.modules} | {info.path})
    trainers = _hf_trainers(repo)
    given = launch_options(repo, entry)
    out = EntryRng(entry, _role(entry, calls, trainers))
    if out.role == "train" and _named_to_score(entry.path):
        # a script named for scoring trains only where it runs a training step itself or through
        # the helpers it calls, not because a model class it builds has a training method
        out.role = _role(entry, reached.calls, trainers)
    modules = reached.modules + [info]
    sites = _call_sites(calls)
    local: Event | None = None
    drawn: list[tuple[str, str, Event]] = []
    fallbacks: dict[str, Event] = {}
    for src, raw, via in calls:
        name = star_seeder(src, canon(raw.name))
        call = raw if name == raw.name else replace(raw, name=name)  # most names are canonical
        ev: Event = (src, call, via, src.path, call.line)
        events = classify(src, call, _third_party(repo, call.name))
        if call.name.rsplit(".", 1)[-1] in trainers:
            events += [(f, "seed") for f in ("python", "numpy", "torch")]
        for fam, what in events:
            if what.startswith(("gen_from:", "seed_from:")):
                drawn.append((fam, what, ev))  # decided once the entry's seeds are known
                continue
            if what == "gen_unseeded" and _state_set(src, call.line):
                what = "gen"  # made unseeded, then given a saved state
            if what == "gen_unseeded" and _fallback(src, call.line):
                fallbacks.setdefault(fam, ev)  # decided once the entry's own generators are known
                continue
            if what in ("use", "init", "gen", "gen_unseeded"):
                kind = {"use": out.uses, "init": out.inits, "gen": out.gens}
                kind.get(what, out.unseeded_gens).setdefault(fam, ev)
            elif what == "local":
                local = local or ev
            elif fam not in out.seeds:
                why = _applies(repo, modules, sites, src, call, given)
                if why is None:
                    out.seeds[fam] = ev
                else:
                    out.voided.append((ev, why))
    for fam, ev in fallbacks.items():  # used when no generator is passed in: see _fallback
        if fam not in out.gens:
            out.unseeded_gens.setdefault(fam, ev)
    for fam, what, ev in drawn:  # a seed drawn from another generator, seeded or not
        event, source = what.split(":", 1)
        seeded = source in out.seeds or source == "object"  # an object: judged where made
        if event == "seed_from" and seeded:
            out.seeds.setdefault(fam, ev)
        elif event == "gen_from":
            (out.gens if seeded else out.unseeded_gens).setdefault(fam, ev)
    own_calls = [c.name for src, c, _via in calls if src is info]
    if any(DISPATCH.search(n) for n in own_calls) and not (out.uses or out.seeds or out.gens):
        out.dispatcher = True  # runs the class its config names, which does the drawing
    if out.role == "train":
        _framework_init(out, modules)
    if "jax" in out.used and "jax" not in out.seeds:
        _jaxline_keys(out, modules)
    if local is not None and not out.uses:
        # calls seeded by their own random_state= are the only randomness: judged as seeded;
        # beside unseeded generators they do not make a run reproducible, so they are not counted
        out.uses["sklearn"] = out.seeds["sklearn"] = local
    if "sklearn" in out.uses and "numpy" in out.seeds:
        out.seeds.setdefault("sklearn", out.seeds["numpy"])  # random_state=None: NumPy's RNG
    out.option = _seed_option(info)
    drawn_seeded = [f for f in out.used if f not in out.missing]  # library draws aside
    own = [v[1] for fam in drawn_seeded for v in [out.seed_of(fam)] if v[0] is info and v[1]]
    out.main_only = bool(own) and all(c.in_main for c in own)
    return out


_FRAMEWORKS = ("torch", "tensorflow", "jax")


def _framework_init(out: EntryRng, modules: list[PyInfo]) -> None:
    """A model trained from scratch starts from random weights drawn from its framework's
    generator: where an entry point trains, the framework it imports is in use. Where the model
    is seen built in one framework, another that is only imported (TensorFlow read for
    ``tf.train.load_checkpoint`` in a PyTorch project, torch's ``Dataset`` class in a JAX
    project) builds nothing. Nor does torch imported only for its data utilities (``from
    torch.utils.data import Dataset``): that module builds no model."""
    built = [fw for fw in _FRAMEWORKS if fw in out.inits]
    for fw in _FRAMEWORKS:
        if fw in out.inits or fw in out.uses or any(b != fw for b in built):
            continue
        for mod in modules:
            if fw in mod.roots() and not _data_utilities_only(mod, fw):
                line = next(
                    (i for i, t in enumerate(mod.lines, 1) if re.search(rf"\b{fw}\b", t)), 1
                )
                out.inits[fw] = (None, None, "", mod.path, line)
                break


def _data_utilities_only(mod: PyInfo, fw: str) -> bool:
    own = [m for m in mod.imports if m.split(".")[0] == fw]
    return fw == "torch" and bool(own) and all(m.startswith("torch.utils.data") for m in own)


def _jaxline_keys(out: EntryRng, modules: list[PyInfo]) -> None:
    """A jaxline experiment draws from the keys jaxline hands its ``step`` and ``evaluate``,
    made from the experiment config's ``random_seed`` (default 42): its JAX PRNG is seeded by
    the framework, as a Hugging Face ``Trainer``'s generators are by its ``seed``."""
    if "jax" in out.unseeded_gens:
        return
    users = [m for m in modules if "jaxline" in m.roots()]
    if not users:
        return
    for mod in modules:  # the config line that sets the seed, else where jaxline comes in
        line = next((i for i, t in enumerate(mod.lines, 1) if _RANDOM_SEED.search(t)), 0)
        if line:
            out.seeds["jax"] = (None, None, "", mod.path, line)
            return
    mod = users[0]
    line = next((i for i, t in enumerate(mod.lines, 1) if "jaxline" in t), 1)
    out.seeds["jax"] = (None, None, "", mod.path, line)


_RANDOM_SEED = re.compile(r"""(?<![\w.])['"]?random_seed['"]?\s*[=:,]\s*\d""")


_FALLBACK_GUARD = re.compile(r"^\s*if\s+(?:not\s+(\w+)|(\w+)\s+is\s+None)\s*:\s*(#.*)?$")


def _fallback(src: PyInfo, line: int) -> bool:
    """The generator made on this line is a fallback for one the caller did not pass:
    ``rng = rng or Random()``, or ``rng = Random()`` under ``if not rng:`` / ``if rng is None:``.
    Where the entry point makes a seeded generator of the same family, that is the one passed
    in, and the fallback is not counted."""
    text = src.line_text(line)
    m = re.match(r"^\s*(\w+)\s*=\s*(.*)$", text)
    if m is None:
        return False
    name, rhs = m.group(1), m.group(2)
    if re.match(rf"{re.escape(name)}\s+or\b", rhs):
        return True
    for prev in reversed(src.lines[max(0, line - 4) : line - 1]):
        if not prev.strip():
            continue
        g = _FALLBACK_GUARD.match(prev)
        return g is not None and name in (g.group(1), g.group(2))
    return False


def _state_set(src: PyInfo, line: int) -> bool:
    """The generator made on this line is given a state or seed on the next few lines."""
    after = "\n".join(src.lines[line : line + 3])
    return bool(re.search(r"\.(bit_generator\.state\s*=|set_state\(|seed\(\s*\w)", after))


def _call_sites(calls: list[tuple[PyInfo, Call, str]]) -> dict[str, list[tuple[PyInfo, Call]]]:
    out: dict[str, list[tuple[PyInfo, Call]]] = {}
    for src, call, _via in calls:
        out.setdefault(call.name.rsplit(".", 1)[-1], []).append((src, call))
    return out


def _applies(
    repo: RepoFacts,
    modules: list[PyInfo],
    sites: dict[str, list[tuple[PyInfo, Call]]],
    src: PyInfo,
    call: Call,
    given: dict[str, str],
    depth: int = 0,
) -> str | None:
    """Why a seeding call does not run in a default run, or None: see ``_void``; or it sits in
    a function that is never called or called only where ``_void`` holds (a helper called
    under ``if args.seed is not None``). Methods run through their framework: not followed.
    ``given``: the options the command launching the entry point sets (``--seed=0``)."""
    why = _void(repo, modules, src, call, given)
    if why is not None or call.func is None or depth >= 4 or _in_class(src, call.line):
        return why
    if _falls_back_to_a_number(src, call.func, call.line):
        return None  # seed_all(None) seeds with 1: "if not seed: seed = 1"
    callers = [(s, c) for s, c in sites.get(call.func, []) if c.func != call.func][:8]
    if not callers:
        return None if _referenced(src, call.func) else f"in {call.func}(), which nothing calls"
    reasons = [_applies(repo, modules, sites, s, c, given, depth + 1) for s, c in callers]
    return reasons[0] if all(reasons) else None


def _falls_back_to_a_number(src: PyInfo, func: str, line: int) -> bool:
    """The seeding function gives its seed a number when none is passed, above the call:
    ``if not seed: seed = 1``, ``if seed is None:`` / ``seed = 0``, ``seed = seed or 42``."""
    start = src.functions.get(func)
    if start is None or start >= line:
        return False
    body = "\n".join(src.lines[start : line - 1][:60])
    for var in set(re.findall(r"(?m)^\s*if\s+(?:not\s+(\w+)|(\w+)\s+is\s+None)\s*:", body)):
        name = var[0] or var[1]
        guard = (
            rf"if\s+(?:not\s+{name}|{name}\s+is\s+None)\s*:\s*(?:#[^\n]*)?\n?\s*{name}\s*=\s*\d+"
        )
        if _SWITCH.search(name) and re.search(guard, body):
            return True
    return bool(re.search(r"(?m)^\s*(\w*seed\w*)\s*=\s*\1\s+or\s+\d+\s*$", body))


def _in_class(info: PyInfo, line: int) -> bool:
    return any(lo <= line <= hi for lo, hi in info.classes.values())


def _referenced(info: PyInfo, func: str) -> bool:
    """The function's name appears beyond its definition (passed as a callback, registered)."""
    word = re.compile(rf"(?<![\w.]){re.escape(func)}\b")
    return any(word.search(t) and not re.match(r"\s*(async\s+)?def\s", t) for t in info.lines)


def _running(
    repo: RepoFacts, reached: list[tuple[PyInfo, Call, str]], local: set[str]
) -> list[tuple[PyInfo, Call, str]]:
    """What runs: the reached calls, and the calls in every method of the repository classes
    they construct (a dataset's ``__getitem__``, a module's ``forward`` and ``training_step``
    run through the framework, never by name), with the repo functions those methods call."""
    out = list(reached)
    index = class_index(repo)
    seen: set[tuple[str, str]] = set()
    for _src, call, _via in reached:
        name = call.name.rsplit(".", 1)[-1]
        paths = index.get(name, [])
        for p in [q for q in paths if q in local][:2] or paths[:1]:
            mod = repo.python(p)
            if (p, name) in seen or mod is None or len(seen) >= MAX_CLASSES:
                continue
            seen.add((p, name))
            lo, hi = mod.classes[name]
            methods = [(mod, c, f"{name} in {p}") for c in calls_of(mod) if lo <= c.line <= hi]
            out += methods + follow(repo, [(m, c) for m, c, _ in methods], local | {p})
    # a call reached along several paths counts once, where it was first reached
    seen_calls: set[tuple[str, Call]] = set()
    unique = []
    for item in out:
        key = (item[0].path, item[1])
        if key not in seen_calls:
            seen_calls.add(key)
            unique.append(item)
    return unique


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


# -- seeds that do not apply: option defaults of None, seeding behind an unset switch ----------
_GUARD = re.compile(r"^\s*(?:el)?if\s+(.+?)\s*:\s*(#.*)?$")
_SWITCH = re.compile(r"seed|determinis|reproduc", re.I)
_ATTR_ARG = re.compile(r"\(\s*(?:seed\s*=\s*)?(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)\s*[+),\s]")


def _void(
    repo: RepoFacts, modules: list[PyInfo], src: PyInfo, call: Call, given: dict[str, str]
) -> str | None:
    """Why a seeding call does not seed a default run, or None: its value is an option whose
    default is None, or it sits under ``if <seed/deterministic switch>`` that is off by
    default; an option the launching command sets counts with that command's value."""

    def default(name: str) -> str | None:
        return given.get(name) or _default(repo, modules, name)

    text = src.line_text(call.line)
    for part in (text, *_assigned_from(src, call, text)):
        m = _ATTR_ARG.search(part)
        if m and _SWITCH.search(m.group(1)) and default(m.group(1)) == "None":
            return f"its value {m.group(1)} defaults to None"
        if m and _SWITCH.search(m.group(1)) and default(m.group(1)) == "drawn":
            return f"its value {m.group(1)} defaults to a number drawn at random at start-up"
    cond = _guard(src, call.line)
    if cond is None:
        return None
    neg = re.match(r"^not\s+", cond)
    body = cond[neg.end() :] if neg else cond
    gm = re.match(r"^([\w.\[\]'\"]+?)\s*(is\s+not\s+None|!=\s*None)?$", body)
    if gm is None:
        return None
    name = re.split(r"[.\[\]'\"]+", gm.group(1).strip("]'\""))[-1]
    if not _SWITCH.search(name):
        return None
    value = default(name)
    if value is None:
        return None
    if gm.group(2) and not neg and value == "None":
        return f"only if {name} is set (default None)"
    if not gm.group(2) and not neg and value in ("None", "False", "false", "0", "''", '""'):
        return f"only if {name} is on (default {value})"
    return None


_BARE_ARG = re.compile(r"\(\s*(?:seed\s*=\s*)?([A-Za-z_]\w*)\s*[,)]")


def _assigned_from(src: PyInfo, call: Call, text: str) -> list[str]:
    """The right-hand sides a bare seed variable was assigned from above the call, newest
    first, following ``seed = seed + rank`` back to ``seed = init_random_seed(args.seed)``."""
    m = _BARE_ARG.search(text)
    if m is None:
        return []
    name = m.group(1)
    assign = re.compile(rf"^\s*{re.escape(name)}\s*=(?!=)(.*)$")
    uses = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    out: list[str] = []
    for prev in reversed(src.lines[max(0, call.line - 200) : call.line - 1]):
        hit = assign.match(prev)
        if hit is None:
            continue
        out.append(hit.group(1))
        if len(out) >= 3 or not uses.search(hit.group(1)):
            break  # the value's origin: not a reassignment from itself
    return out


def _guard(info: PyInfo, line: int) -> str | None:
    """The condition of the ``if`` the line sits directly under, if any."""
    target = info.lines[line - 1] if 0 < line <= len(info.lines) else ""
    indent = len(target) - len(target.lstrip())
    for prev in reversed(info.lines[max(0, line - 40) : line - 1]):
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        if len(prev) - len(prev.lstrip()) < indent:
            m = _GUARD.match(prev)
            return m.group(1).strip() if m else None
    return None


_CONFIG_EXT = (".yaml", ".yml")


def _default(repo: RepoFacts, modules: list[PyInfo], name: str) -> str | None:
    """The default of an option or config key: a CLI flag, a dataclass / class attribute, or
    a YAML config key of that name; None when nothing defines it."""
    flag = re.compile(rf"^-{{1,2}}{re.escape(name).replace('_', '[_-]')}$")
    for info in modules:
        for arg in info.cli_args:
            if any(flag.match(f) for f in arg.flags):
                if arg.default == "?" and _DRAWN_DEFAULT.search(info.call_text(arg.line)):
                    return "drawn"
                if arg.default is not None:
                    return arg.default
                store = "store_true" in info.line_text(arg.line)
                return "False" if store else "None"
        for c in info.calls:  # absl: flags.DEFINE_integer("seed", <default>, "help")
            if c.name.rsplit(".", 1)[-1].startswith("DEFINE_") and c.args[:1] == (repr(name),):
                value = c.args[1] if len(c.args) > 1 else dict(c.kwargs).get("default")
                if value == "?" and _DRAWN_DEFAULT.search(info.call_text(c.line)):
                    return "drawn"
                return value
    attr = re.compile(rf"^\s*{re.escape(name)}\s*(?::[^=]+)?=\s*([^#]+?)\s*(#.*)?$")
    for info in modules:
        for raw in info.lines:
            hit = attr.match(raw)
            # a parameter of a multi-line signature or call (``seed: int = None,``) is no default
            if hit and not raw.startswith((" " * 8, "\t\t")) and not hit.group(1).endswith(","):
                return hit.group(1).split(",")[0].strip()
    return _yaml_default(repo, name)


# an option default drawn at start-up from a generator or the clock: no fixed seed
_DRAWN_DEFAULT = re.compile(
    r"\brandom\.(?:choice|randint|rand|random|randrange|integers|getrandbits)\(|"
    r"(?<![\w.])randint\(|\btime\.time\(|\burandom\(|\buuid"
)


def _yaml_default(repo: RepoFacts, name: str) -> str | None:
    key = re.compile(rf"^\s*{re.escape(name)}\s*:\s*(\S+)")
    for p in repo.paths:
        if not p.lower().endswith(_CONFIG_EXT) or not in_scope(p):
            continue
        for raw in (repo.text(p) or "").splitlines()[:2000]:
            hit = key.match(raw)
            if hit:
                value = hit.group(1).strip("'\"")
                return {"null": "None", "~": "None", "false": "False", "true": "True"}.get(
                    value.lower(), value
                )
    return None


# -- scripts in other languages -----------------------------------------------------------------
def analyse_scripts(repo: RepoFacts) -> list[EntryRng]:
    """R, Julia, Lua and MATLAB scripts that no other script includes, each with the files it
    includes (``source``, ``include``, ``require``/``dofile``, MATLAB function files it calls
    by name)."""
    paths = [p for p in repo.paths if language_of(p) and in_scope(p)][: MAX_SCRIPTS * 4]
    if not paths:
        return []
    by_base: dict[str, list[str]] = {}
    for p in paths:
        by_base.setdefault(p.rsplit("/", 1)[-1].lower(), []).append(p)
    includes = {p: _includes(repo, p, by_base) for p in paths}
    included = {q for qs in includes.values() for q in qs}
    out = []
    for p in paths:
        if p in included or _library_script(repo, p):
            continue
        out.append(_script_rng(repo, p, includes))
        if len(out) >= MAX_SCRIPTS:
            break
    return out


def _includes(repo: RepoFacts, path: str, by_base: dict[str, list[str]]) -> list[str]:
    lang = language_of(path)
    assert lang is not None
    text = repo.text(path) or ""
    out = []
    seen: set[str] = set()
    for m in LANG_INCLUDE[lang].finditer(text[:200_000]):
        target = m.group(1)
        if lang == "lua" and not target.endswith(".lua"):
            target = target.replace(".", "/") + ".lua"
        if lang == "matlab":  # an identifier naming a function file of the tree
            target = target + ".m"
            if target.lower() not in by_base or target in seen:
                continue
            seen.add(target)
        base = target.rsplit("/", 1)[-1].lower()
        near = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
        cands = by_base.get(base, [])
        out += [near] if near in cands else cands[:1]
    return out


def _library_script(repo: RepoFacts, path: str) -> bool:
    """Package code rather than a script: a Julia ``module`` file, an R package's ``R/``, a
    MATLAB function or class file (its first statement is ``function`` / ``classdef``), or an
    Objective-C ``.m`` file."""
    if path.lower().endswith(".m"):
        head = (repo.text(path) or "")[:4000]
        if re.search(r"^\s*(#import|@interface|@implementation)\b", head, re.M):
            return True
        code = [
            ln.strip() for ln in head.splitlines() if ln.strip() and not ln.strip().startswith("%")
        ]
        return bool(code) and re.match(r"(function|classdef)\b", code[0]) is not None
    if path.lower().endswith(".jl"):
        head = (repo.text(path) or "")[:4000]
        return bool(re.search(r"^module\s+\w+", head, re.M))
    if path.lower().endswith(".r") and "/R/" in "/" + path:
        root = path.split("R/", 1)[0]
        return f"{root}DESCRIPTION" in repo.paths
    return False


def _reach(path: str, includes: dict[str, list[str]], depth: int = 3, most: int = 40) -> list[str]:
    """The script and what it includes, and what those include, a few levels deep (an R
    script sourcing a helper that sources another; a MATLAB script calling function files)."""
    out, frontier = [path], [path]
    for _ in range(depth):
        frontier = [q for p in frontier for q in includes.get(p, []) if q not in out]
        frontier = list(dict.fromkeys(frontier))
        out += frontier[: most - len(out)]
        if not frontier or len(out) >= most:
            break
    return out


def _script_rng(repo: RepoFacts, path: str, includes: dict[str, list[str]]) -> EntryRng:
    lang = language_of(path)
    assert lang is not None
    role = "train" if TRAIN_NAME.search(path) else "eval" if EVAL_NAME.search(path) else "other"
    out = EntryRng(Entry(path, "script"), "demo" if DEMO_NAME.search(path) else role)
    for p in _reach(path, includes):
        use, seed = script_events(lang, repo.text(p) or "")
        via = "" if p == path else path  # the script that reaches this file
        if use is not None:
            out.uses.setdefault(lang, (None, None, via, p, use))
        if seed is not None:
            out.seeds.setdefault(lang, (None, None, via, p, seed))
    return out


# -- the check ----------------------------------------------------------------------------------
def _ev(repo: RepoFacts, item: Event, note: str) -> Evidence:
    src, call, via, path, line = item
    if src is not None and call is not None:
        text = evidence_line(src, call.line)
        shown = None if src.cell_of_line is not None else call.line
    else:
        lines = (repo.text(path) or "").splitlines()
        text, shown = (lines[line - 1].strip() if 0 < line <= len(lines) else ""), line
    suffix = f" ({note}{', via ' + via if via else ''})"
    return file_ev(path, shown, text[: 200 - len(suffix)] + suffix)


def _describe(r: EntryRng) -> str:
    parts = []
    if r.seeded:
        note = " (no random call of its own; the libraries it runs draw)" if r.library_draws else ""
        parts.append("seeds " + ", ".join(LABEL[f] for f in r.seeded) + note)
    if r.missing:
        parts.append("does not seed " + ", ".join(LABEL[f] for f in r.missing))
    if not r.used and not r.library_draws:
        parts.append("makes no random call we recognise")
    return f"{r.entry.path}: " + "; ".join(parts)


SEARCHED = (
    "the training entry points (else evaluation, else other runnable ones), the repo modules "
    "they import and the helpers they call, for random calls of Python random, NumPy, "
    "PyTorch, TensorFlow (incl. tf.data shuffles), JAX keys, scikit-learn random_state, R, "
    "Julia, Lua torch and MATLAB, and for seeding calls, seed helpers, Hugging Face trainers' "
    "default seed and seed options"
)


@detector("code_seeds", NoParams)
def code_seeds(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    entries = [e for e in entry_points(repo) if not is_speed_benchmark(repo, e.path)]
    results = [r for r in (analyse_entry(repo, e) for e in entries) if r is not None]
    results += analyse_scripts(repo)
    pool = _judged_pool(results)
    judged = [r for r in pool if r.used or r.library_draws]
    details: dict[str, object] = {"entry_points": [_detail(r) for r in results]}
    if not results:
        return Outcome("not_applicable", "no training, evaluation or other runnable entry point found",
                       (), SEARCHED, details=details)  # fmt: skip
    if not judged:
        kinds = {"train": "training", "experiment": "training", "eval": "evaluation"}.get(
            pool[0].role, "runnable"
        )
        return Outcome("not_applicable", f"the {len(pool)} {kinds} entry point(s) make no random call we recognise",
                       (), SEARCHED, details=details)  # fmt: skip
    evidence = _evidence(repo, judged)
    full = [r for r in judged if not r.missing]
    none = [r for r in judged if not r.seeded]
    lines = "; ".join(_describe(r) for r in judged[:4])
    more = f" (+{len(judged) - 4} more)" if len(judged) > 4 else ""
    if len(full) == len(judged):
        note = (
            ' (set under `if __name__ == "__main__"` only)'
            if any(r.main_only for r in judged)
            else ""
        )
        return Outcome("pass", f"every RNG in use is seeded{note}: {lines}{more}", first(evidence),
                       details=details)  # fmt: skip
    status: Literal["fail", "partial"] = "fail" if len(none) == len(judged) else "partial"
    return Outcome(status, f"{len(full)} of {len(judged)} entry point(s) seed every RNG they use: {lines}{more}",
                   first(evidence, 8), SEARCHED, advice=_advice(judged), details=details)  # fmt: skip


def _evidence(repo: RepoFacts, judged: list[EntryRng]) -> list[Evidence]:
    out: list[Evidence] = []
    for r in judged:
        seeding: dict[tuple[str, int], tuple[Event, list[str]]] = {}
        for f in r.seeded:
            ev = r.seed_of(f)
            seeding.setdefault((ev[3], ev[4]), (ev, []))[1].append(LABEL[f])
        # one line that seeds several generators is cited once, naming all of them
        out += [_ev(repo, ev, "seeds " + ", ".join(fams)) for ev, fams in seeding.values()]
        out += [_ev(repo, r.used[f], f"{LABEL[f]} used, not seeded") for f in r.missing]
        out += [_ev(repo, item, f"seed does not apply: {why}") for item, why in r.voided[:1]]
        if r.option is not None:
            info, line, default = r.option
            out.append(
                file_ev(info.path, line, f"{info.line_text(line)} (seed option, default {default})")
            )
    return out


def _judged_pool(results: list[EntryRng]) -> list[EntryRng]:
    """The training entry points; else the evaluation ones; else any other runnable one;
    demos, examples and plotting scripts only when nothing else exists. Experiment runners
    (main/run/exp scripts) go with whichever is judged. Of each, those a README or launcher
    runs, if any. A dispatcher that only builds the class its config names and draws nothing
    itself is judged through those classes, where they are entry points too."""
    doers = [r for r in results if not r.dispatcher]
    if doers and len(doers) < len(results):
        results = doers
    for lead, roles in (("train", ("train", "experiment")), ("eval", ("eval", "experiment")),
                        ("experiment", ("experiment", "other")), ("other", ("other",))):  # fmt: skip
        if not any(r.role == lead for r in results):
            continue
        pool = [r for r in results if r.role in roles]
        documented = [r for r in pool if r.entry.kind in ("launched", "script")]
        if pool:
            return documented or pool  # what the README or a launcher runs, where it says
    return results


def _advice(judged: list[EntryRng]) -> str:
    missing = sorted({f for r in judged for f in r.missing}, key=FAMILIES.index)
    calls = {
        "python": "random.seed(seed)",
        "numpy": "np.random.seed(seed)",
        "torch": "torch.manual_seed(seed)",
        "tensorflow": "tf.random.set_seed(seed)",
        "jax": "jax.random.PRNGKey(seed)",
        "sklearn": "random_state=seed",
        "r": "set.seed(seed)",
        "julia": "Random.seed!(seed)",
        "lua": "torch.manualSeed(seed)",
        "matlab": "rng(seed)",
    }
    return (
        "Seed "
        + ", ".join(f"{LABEL[f]} ({calls[f]})" for f in missing)
        + " from one --seed option with a fixed default."
    )


def _detail(r: EntryRng) -> dict[str, object]:
    def where(item: Event) -> str:
        return f"{item[3]}:{item[4]}"

    return {
        "path": r.entry.path,
        "kind": r.entry.kind,
        "role": r.role,
        "launched_from": r.entry.via or None,
        "uses": {f: where(v) for f, v in r.used.items()},
        "seeded": {f: where(r.seed_of(f)) for f in r.seeded},
        "missing": r.missing,
        "seeds_not_applied": [f"{where(item)}: {why}" for item, why in r.voided[:3]],
        "seed_option": None if r.option is None else {"line": r.option[1], "default": r.option[2]},
        "seeded_only_under_main": r.main_only,
    }
