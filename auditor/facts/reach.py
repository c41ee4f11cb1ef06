"""What an entry point reaches: the repository modules it imports and the repository functions,
methods and class constructors it calls (by name, across files), with the indexes behind them.

Nothing here executes code: modules are matched by dotted path, functions by name.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

from auditor.facts.code import VENDOR
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.repo import RepoFacts
from auditor.facts.scripts import calls_of

MAX_MODULES = 40  # repo modules followed from one entry point (imports)
MAX_HELPER_DEPTH = 5  # helper calls followed from one entry point


def module_index(repo: RepoFacts) -> dict[str, list[str]]:
    """Dotted-name suffixes ("pkg.mod", "mod") -> Python paths."""
    return repo.memo(("module_index",), lambda: _module_index(repo))


def _dotted(path: str) -> list[str]:
    """A Python path's module name parts: ``pkg/mod.py`` and ``pkg/mod/__init__.py`` -> pkg, mod."""
    parts = path[:-3].split("/")
    return parts[:-1] if parts[-1] == "__init__" else parts


def _module_index(repo: RepoFacts) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    dotted = [(p, _dotted(p)) for p in repo.python_paths]
    for p, parts in dotted:
        for k in range(1, min(4, len(parts)) + 1):
            index.setdefault(".".join(parts[-k:]), []).append(p)
    # a repository whose root is its package (``from alphatensor.benchmarking import utils`` in
    # the alphatensor repository, installed as that package): its name is a prefix too
    for name in root_package_names(repo):
        if name in index:
            continue  # a module or folder of that name: resolved as any other
        index[name] = [p for p, parts in dotted if not parts]  # the root __init__.py
        for p, parts in dotted:
            if parts:
                index.setdefault(".".join([name, *parts]), []).append(p)
    return index


def root_package_names(repo: RepoFacts) -> list[str]:
    """The repository's own name, from the URLs or path it was given by (``alphatensor``), when
    it can name a Python package."""
    out = []
    for url in repo.source_urls:
        base = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
        if base.isidentifier() and base not in out:
            out.append(base)
    return out


def function_index(repo: RepoFacts) -> dict[str, list[str]]:
    """Function name -> paths of the in-scope sources that define it."""
    return repo.memo(("function_index",), lambda: _function_index(repo))


def _function_index(repo: RepoFacts) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for info in repo.sources:
        if VENDOR.search(info.path):
            continue
        for name in info.functions:
            if not name.startswith("__"):
                index.setdefault(name, []).append(info.path)
    return index


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
        targets = [_resolve_module(index, name, cur.path) for name in sorted(cur.imports)]
        for package in sorted(cur.dynamic_imports):
            targets += package_modules(repo, package)
        for target in targets:
            if target is None or target in seen:
                continue
            seen.add(target)
            mod = repo.python(target)
            if mod is not None:
                order.append(mod)
                queue.append(mod)
    return order


MAX_DYNAMIC = 40  # modules of one package imported by a run-time name


def package_modules(repo: RepoFacts, package: str) -> list[str]:
    """The repository modules of a package that code imports by a name built at run time
    (``importlib.import_module("flearn.trainers.%s" % name)``): any of them may be the one."""

    def compute() -> list[str]:
        folder = package.replace(".", "/") + "/"
        hits = [p for p in repo.python_paths if p.startswith(folder) or f"/{folder}" in p]
        return sorted(hits, key=lambda p: (p.count("/"), p))[:MAX_DYNAMIC]

    return repo.memo(("package_modules", package), compute)  # asked once per importing module


@dataclass
class Reach:
    """What one entry point reaches: the calls it makes and those of the helpers it calls."""

    entry: PyInfo
    modules: list[PyInfo]
    calls: list[tuple[PyInfo, Call, str]] = field(default_factory=list)  # (file, call, via)


MAX_HELPERS = 200


def calls_by_func(repo: RepoFacts, info: PyInfo) -> dict[str | None, list[Call]]:
    """A file's calls grouped by the function they are in (None: module level)."""
    return repo.memo(("calls_by_func", info.path), lambda: _calls_by_func(info))


def _calls_by_func(info: PyInfo) -> dict[str | None, list[Call]]:
    out: dict[str | None, list[Call]] = {}
    for c in calls_of(info):
        out.setdefault(c.func, []).append(c)
    return out


def class_index(repo: RepoFacts) -> dict[str, list[str]]:
    """Class name -> paths of the in-scope sources that define it."""
    return repo.memo(("class_index",), lambda: _class_index(repo))


def _class_index(repo: RepoFacts) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for info in repo.sources:
        if not VENDOR.search(info.path):
            for name in info.classes:
                index.setdefault(name, []).append(info.path)
    return index


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
    if _imported(call.name, src):  # ``module.func()``: the module the file imported
        target = _resolve_module(module_index(repo), prefix, src.path)
        if target is not None:
            return [target] if target in paths else _reexported(repo, target, name, paths)
        return []  # a third-party module: not ours
    # ``obj.method()``: a local object, even when a repo package has the same name
    # (``exp = Exp(args); exp.test()`` beside a package ``exp/``)
    return [p for p in paths if p in local][:2]


def _imported(name: str, src: PyInfo) -> bool:
    """Whether a call goes through a name the file imported. Call names carry their import
    aliases resolved (``np.mean`` is ``numpy.mean``, ``func`` from ``from pkg import func`` is
    ``pkg.func``), so such a name starts with an alias's target."""
    return any(name == v or name.startswith(v + ".") for v in src.aliases.values())


def _reexported(repo: RepoFacts, module: str, name: str, paths: list[str]) -> list[str]:
    """A package ``__init__`` that imports ``name`` from one of its modules, by name or with a
    star import (``from pet.modeling import *``): that module."""
    init = repo.python(module)
    if init is None:
        return []
    full = init.aliases.get(name)
    if full is not None:
        sources = [full.rsplit(".", 1)[0]] if "." in full.strip(".") else []
    else:  # star imports: the last is kept with its dots, the others by their absolute name
        star = init.aliases.get("*", "")
        sources = [star[:-2]] if star.endswith(".*") else []
        sources += [m[:-2] for m in sorted(init.imports) if m.endswith(".*")]
    for source in dict.fromkeys(sources):
        found = _module_file(repo, module, source, paths)
        if found:
            return found
    return []


def _module_file(repo: RepoFacts, module: str, source: str, paths: list[str]) -> list[str]:
    """The repo file of module ``source`` imported in ``module``, if it defines the name
    (is in ``paths``)."""
    if source.startswith("."):  # relative: from .train import main
        folder = posixpath.dirname(module)
        for _ in range(len(source) - len(source.lstrip(".")) - 1):
            folder = posixpath.dirname(folder)
        rel = posixpath.join(folder, *source.lstrip(".").split("."))
        cands = [rel + ".py", rel + "/__init__.py"]
        return [c for c in cands if c in paths and c != module][:1]
    target = _resolve_module(module_index(repo), source, module)
    return [target] if target in paths and target != module else []


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
    """What an entry point reaches, computed once per file (see ``_reach``)."""
    return repo.memo(("reach", info.path), lambda: _reach(repo, info))


def follow(
    repo: RepoFacts, frontier: list[tuple[PyInfo, Call]], local: set[str]
) -> list[tuple[PyInfo, Call, str]]:
    """The calls inside the repo functions, methods and class constructors that the
    ``frontier`` calls call by name (preferring definitions in the ``local`` files), followed
    up to MAX_HELPER_DEPTH levels and MAX_HELPERS definitions."""
    out: list[tuple[PyInfo, Call, str]] = []
    done: set[tuple[str, str]] = set()
    funcs, classes = function_index(repo), class_index(repo)
    resolved: dict[tuple[str, str, bool, tuple[str, ...]], list[str]] = repo.memo(
        ("helper_paths",), dict
    )
    for _depth in range(MAX_HELPER_DEPTH):
        nxt = []
        for src, call in frontier:
            name = call.name.rsplit(".", 1)[-1]
            for is_class, index in ((False, funcs), (True, classes)):
                defined = index.get(name)
                if not defined:
                    continue
                # the answer depends on ``local`` only through the defining files it holds
                key = (src.path, call.name, is_class, tuple(p for p in defined if p in local))
                paths = resolved.get(key)
                if paths is None:
                    paths = resolved[key] = _helper_paths(repo, call, src, local, index)
                for p in paths:
                    if (p, name) in done or len(done) >= MAX_HELPERS:
                        continue
                    done.add((p, name))
                    inner = _inner_calls(repo, p, name, is_class)
                    label = f"{name}() in {p}" if not is_class else f"{name}.__init__ in {p}"
                    out += [(repo.python(p), c, label) for c in inner]  # type: ignore[misc]
                    nxt += [(repo.python(p), c) for c in inner]
        frontier = nxt  # type: ignore[assignment]
        if not frontier:
            break
    return out


def _reach(repo: RepoFacts, info: PyInfo) -> Reach:
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
    out.calls += follow(repo, frontier, local)
    return out
