"""Shared reading for the code-reproducibility detectors: entry points, the repo modules and
helper functions an entry point reaches (by name, across files), and small text helpers.

Nothing here executes code: modules are matched by dotted path, functions by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditor.detectors.code import EVAL_NAME, TEST_DIRS, TRAIN_NAME, VENDOR, _code_evidence
from auditor.detectors.repro_entries import imported_paths, is_library, launched, mentioned
from auditor.detectors.scripts import calls_of, top_level_script
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.repo import RepoFacts

MAX_ENTRIES = 25  # entry points examined per repository
MAX_MODULES = 40  # repo modules followed from one entry point (imports)
MAX_HELPER_DEPTH = 3  # helper calls followed from one entry point
_CACHE_ATTR = "_repro_cache"


def cache(repo: RepoFacts) -> dict[str, object]:
    """A per-repository scratch cache shared by the reproducibility detectors."""
    store = getattr(repo, _CACHE_ATTR, None)
    if store is None:
        store = {}
        setattr(repo, _CACHE_ATTR, store)
    return store


def in_scope(path: str) -> bool:
    """Not vendored code, not tests."""
    return not VENDOR.search(path) and not TEST_DIRS.search(path)


@dataclass(frozen=True)
class Entry:
    path: str
    kind: str  # "launched", "training", "evaluation" or "other"
    via: str = ""  # for launched entries: the command's "path:line"


ORDER = {"launched": 0, "training": 1, "evaluation": 2, "other": 3}


def entry_points(repo: RepoFacts) -> list[Entry]:
    """Entry points, most telling first: Python files a README / shell script / launcher string
    runs; training then evaluation files as the completeness checklist finds them (scripts named
    for the task, then files with training/evaluation code or flags); other runnable scripts
    (``__main__`` guard, main/run/exp names, plain top-level scripts). Library modules (imported
    by others, in a package or not named for a task) are left out unless launched."""
    store = cache(repo)
    if "entries" in store:
        return store["entries"]  # type: ignore[return-value]
    out: dict[str, Entry] = {}
    imported = imported_paths(repo, module_index(repo))
    for p, where in launched(repo).items():
        if in_scope(p) and repo.python(p) is not None:
            out[p] = Entry(p, "launched", where)
    for p, where in mentioned(repo).items():  # named in a README: only runnable scripts
        info = repo.python(p)
        if p not in out and info is not None and in_scope(p) and _script(repo, info, imported):
            out[p] = Entry(p, "launched", where)
    for kind in ("training", "evaluation"):
        named, patterns, flags = _code_evidence(repo, kind)
        for ev in named + flags + patterns:
            p = ev.path or ""
            if p.endswith((".py", ".ipynb")) and in_scope(p) and p not in out:
                info = repo.python(p)
                if info is None or not _runnable(info):
                    continue
                out[p] = Entry(p, kind)
    for info in repo.sources:  # other runnable scripts
        p = info.path
        if p not in out and in_scope(p):
            if info.main_line is not None or SCRIPT_NAME.search(p) or top_level_script(info):
                out[p] = Entry(p, "other")
    kept = [
        e for e in out.values() if e.kind == "launched" or not is_library(repo, e.path, imported)
    ]
    entries = sorted(kept or out.values(), key=lambda e: (ORDER[e.kind], e.path.count("/"), e.path))
    store["entries"] = entries[:MAX_ENTRIES]
    return store["entries"]  # type: ignore[return-value]


def _script(repo: RepoFacts, info: PyInfo, imported: set[str]) -> bool:
    runnable = info.main_line is not None or top_level_script(info)
    return runnable and not is_library(repo, info.path, imported)


SCRIPT_NAME = re.compile(r"(^|/)(main|run|exp|experiment)[\w-]*\.py$|\.ipynb$", re.I)
_DECLARATIVE = re.compile(r"(getLogger|compile|namedtuple|TypeVar|register\w*|dataclass|field)$")


def _runnable(info: PyInfo) -> bool:
    """A script (``__main__`` guard or top-level statements) or a notebook, not a library."""
    if info.main_line is not None or info.cell_of_line is not None:
        return True
    if not (TRAIN_NAME.search(info.path) or EVAL_NAME.search(info.path)):
        return False
    top = [c for c in calls_of(info) if c.func is None and not _DECLARATIVE.search(c.name)]
    return len(top) >= 1


# -- modules and helpers -----------------------------------------------------------------------
def module_index(repo: RepoFacts) -> dict[str, list[str]]:
    """Dotted-name suffixes ("pkg.mod", "mod") -> Python paths."""
    store = cache(repo)
    if "modules" not in store:
        index: dict[str, list[str]] = {}
        for p in repo.python_paths:
            parts = p[:-3].split("/")
            if parts[-1] == "__init__":
                parts = parts[:-1]
            for k in range(1, min(4, len(parts)) + 1):
                index.setdefault(".".join(parts[-k:]), []).append(p)
        store["modules"] = index
    return store["modules"]  # type: ignore[return-value]


def function_index(repo: RepoFacts) -> dict[str, list[str]]:
    """Function name -> paths of the in-scope sources that define it."""
    store = cache(repo)
    if "functions" not in store:
        index: dict[str, list[str]] = {}
        for info in repo.sources:
            if VENDOR.search(info.path):
                continue
            for name in info.functions:
                if not name.startswith("__"):
                    index.setdefault(name, []).append(info.path)
        store["functions"] = index
    return store["functions"]  # type: ignore[return-value]


def _resolve_module(index: dict[str, list[str]], name: str, near: str) -> str | None:
    parts = name.strip(".").split(".")
    folder = near.rsplit("/", 1)[0] if "/" in near else ""
    for k in range(len(parts), 0, -1):
        cands = index.get(".".join(parts[:k]))
        if cands:
            same = [c for c in cands if c.startswith(folder)] if folder else cands
            return sorted(same or cands, key=lambda c: (c.count("/"), c))[0]
    return None


def imported_modules(repo: RepoFacts, info: PyInfo) -> list[PyInfo]:
    """Repo modules an entry imports, directly or through other repo modules (bounded)."""
    index = module_index(repo)
    seen = {info.path}
    order: list[PyInfo] = []
    queue = [info]
    while queue and len(order) < MAX_MODULES:
        cur = queue.pop(0)
        for name in sorted(cur.imports):
            target = _resolve_module(index, name, cur.path)
            if target is None or target in seen:
                continue
            seen.add(target)
            mod = repo.python(target)
            if mod is not None:
                order.append(mod)
                queue.append(mod)
    return order


@dataclass
class Reach:
    """What one entry point reaches: the calls it makes and those of the helpers it calls."""

    entry: PyInfo
    modules: list[PyInfo]
    calls: list[tuple[PyInfo, Call, str]] = field(default_factory=list)  # (file, call, via)


MAX_HELPERS = 200


def calls_by_func(repo: RepoFacts, info: PyInfo) -> dict[str | None, list[Call]]:
    store = cache(repo).setdefault("by_func", {})
    assert isinstance(store, dict)
    if info.path not in store:
        out: dict[str | None, list[Call]] = {}
        for c in calls_of(info):
            out.setdefault(c.func, []).append(c)
        store[info.path] = out
    return store[info.path]  # type: ignore[no-any-return]


def class_index(repo: RepoFacts) -> dict[str, list[str]]:
    """Class name -> paths of the in-scope sources that define it."""
    store = cache(repo)
    if "classes" not in store:
        index: dict[str, list[str]] = {}
        for info in repo.sources:
            if not VENDOR.search(info.path):
                for name in info.classes:
                    index.setdefault(name, []).append(info.path)
        store["classes"] = index
    return store["classes"]  # type: ignore[return-value]


_SELF = {"self", "cls", "super()"}


def _helper_paths(
    repo: RepoFacts, call: Call, src: PyInfo, local: set[str], index: dict[str, list[str]]
) -> list[str]:
    """Repo files defining the function (or class) a call names: a bare name (defined in the
    same file, an imported repo module, or anywhere); ``module.func`` where ``module`` is in the
    repo; ``self.method()`` in the same file (or a local base class); ``obj.method()`` where
    ``obj`` is not a module: the method in the entry's own or imported repo modules."""
    prefix, _, name = call.name.rpartition(".")
    paths = index.get(name)
    if not paths:
        return []
    if not prefix:
        return [p for p in paths if p in local] or paths[:2]
    if prefix in _SELF:
        return [src.path] if src.path in paths else [p for p in paths if p in local][:2]
    target = _resolve_module(module_index(repo), prefix, src.path)
    if target is not None:
        return [target] if target in paths else []
    if prefix.split(".")[0] in src.aliases:  # a third-party module: not ours
        return []
    return [p for p in paths if p in local][:2]


def _inner_calls(repo: RepoFacts, path: str, name: str, is_class: bool) -> list[Call]:
    """Calls inside function ``name`` of a file, or inside ``__init__`` of class ``name``."""
    helper = repo.python(path)
    if helper is None:
        return []
    by_func = calls_by_func(repo, helper)
    if not is_class:
        return by_func.get(name, [])
    lo, hi = helper.classes.get(name, (0, -1))
    return [c for c in by_func.get("__init__", []) if lo <= c.line <= hi]


def reach(repo: RepoFacts, info: PyInfo) -> Reach:
    """The entry's own calls, module-level calls of the repo modules it imports (not those
    under their ``__main__`` guard, which do not run on import), and the calls inside repo
    functions, methods and class constructors it calls by name, followed up to
    MAX_HELPER_DEPTH levels."""
    modules = imported_modules(repo, info)
    out = Reach(info, modules)
    own = calls_of(info)
    out.calls += [(info, c, "") for c in own]
    frontier = [(info, c) for c in own]
    for mod in modules:
        top = [c for c in calls_by_func(repo, mod).get(None, []) if not c.in_main]
        out.calls += [(mod, c, f"import of {mod.path}") for c in top]
        frontier += [(mod, c) for c in top]
    local = {m.path for m in modules} | {info.path}
    done: set[tuple[str, str]] = set()
    funcs, classes = function_index(repo), class_index(repo)
    for _depth in range(MAX_HELPER_DEPTH):
        nxt = []
        for src, call in frontier:
            name = call.name.rsplit(".", 1)[-1]
            for is_class, index in ((False, funcs), (True, classes)):
                for p in _helper_paths(repo, call, src, local, index):
                    if (p, name) in done or len(done) >= MAX_HELPERS:
                        continue
                    done.add((p, name))
                    inner = _inner_calls(repo, p, name, is_class)
                    label = f"{name}() in {p}" if not is_class else f"{name}.__init__ in {p}"
                    out.calls += [(repo.python(p), c, label) for c in inner]  # type: ignore[misc]
                    nxt += [(repo.python(p), c) for c in inner]
        frontier = nxt  # type: ignore[assignment]
        if not frontier:
            break
    return out


def evidence_line(info: PyInfo, line: int) -> str:
    text = info.line_text(line)
    if info.cell_of_line is not None and 0 < line <= len(info.cell_of_line):
        return f"[cell {info.cell_of_line[line - 1]}] {text}"
    return text


HYPER_FLAG = re.compile(
    r"^-{1,2}(lr|learning[_-]?rate|batch[_-]?size|bs|epochs?|n[_-]?epochs|num[_-]?epochs|"
    r"max[_-]?epochs|weight[_-]?decay|wd|momentum|dropout|warmup[_-]?\w*|max[_-]?steps|"
    r"num[_-]?train[_-]?epochs|train[_-]?batch[_-]?size|per[_-]?device[_-]?train[_-]?batch[_-]?size|"
    r"hidden[_-]?(size|dim)|num[_-]?layers|gamma|beta\d?|temperature|optimi[sz]er|lr[_-]?\w+)$",
    re.I,
)
