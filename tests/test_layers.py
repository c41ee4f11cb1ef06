"""The package's imports go one way and have no cycles (read with ``ast``, nothing imported).

front ends (cli, serve, api) -> batch -> engine (engine, scoring, checklists, output) ->
renderers (models only) / detectors -> facts -> sources -> base (models, errors, limits, guard,
version). Nothing imports a front end; ``renderers`` imports only ``models``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "auditor"

FRONT_ENDS = {"cli", "serve", "api", "__main__"}
RANK = {
    "cli": 9, "serve": 9, "api": 9, "__main__": 10,
    "batch": 7,
    "engine": 6, "scoring": 6, "checklists": 6, "output": 6, "authors": 6, "livelinks": 6,
    "renderers": 5,
    "detectors": 4,
    "facts": 3,
    "sources": 2,
    "models": 1, "errors": 1, "limits": 1, "guard": 1, "version": 1, "digest": 1,
    "demo": 0,
}  # fmt: skip
RENDER_MAY_IMPORT = {"renderers", "models"}
# a front end that starts another: ``auditor serve`` is a CLI command (imported lazily there)
LAUNCHES = {("cli", "serve")}


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(
    tree: ast.AST, module: str, is_package: bool
) -> list[tuple[str, tuple[str, ...], int]]:
    """(module, names imported from it, line) for every import outside ``if TYPE_CHECKING:``,
    including imports inside functions; relative imports resolved."""
    out: list[tuple[str, tuple[str, ...], int]] = []
    skip: set[int] = set()
    for node in ast.walk(tree):
        if _type_checking(node):
            skip.update(id(n) for n in ast.walk(node) if n is not node)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = module.split(".") if is_package else module.split(".")[:-1]
                pkg = pkg[: len(pkg) - node.level + 1]
                base = ".".join(pkg + ([base] if base else []))
            out.append((base, tuple(a.name for a in node.names), node.lineno))
    return out


def scan(root: Path) -> dict[str, list[tuple[str, int]]]:
    """Module name -> the auditor modules it imports. ``from pkg import sub`` is an import of
    the submodule ``pkg.sub`` where that module exists, of ``pkg`` otherwise."""
    files = {_module_name(root, p): p for p in root.rglob("*.py")}
    graph: dict[str, list[tuple[str, int]]] = {}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges: list[tuple[str, int]] = []
        for base, names, line in _imports(tree, name, path.name == "__init__.py"):
            subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in files]
            edges += [(m, line) for m in subs]
            if len(subs) < len(names) or not names:
                edges.append((base, line))
        graph[name] = [(m, ln) for m, ln in edges if m in files and m != name]
    return graph


def part(module: str) -> str:
    bits = module.split(".")
    return bits[1] if len(bits) > 1 else ""


def violations(graph: dict[str, list[tuple[str, int]]]) -> list[str]:
    out = []
    for mod, imports in sorted(graph.items()):
        src = part(mod)
        for target, line in imports:
            dst = part(target)
            if src == "demo" or mod.startswith("auditor.demo."):
                continue
            if dst == "":
                if src != "":  # the package facade (``from auditor import x``) is a front end
                    out.append(f"{mod}:{line} imports the package facade 'auditor'")
                continue
            if src == "":
                continue  # the facade itself may name anything
            if dst not in RANK or src not in RANK:
                out.append(f"{mod}:{line}: part {dst if dst not in RANK else src!r} has no layer")
                continue
            if src == dst:
                continue
            # python -m auditor runs the CLI; the CLI launches serve
            if dst in FRONT_ENDS and src != "__main__" and (src, dst) not in LAUNCHES:
                out.append(f"{mod}:{line} imports front end {target}")
            elif src == "renderers" and dst not in RENDER_MAY_IMPORT:
                out.append(f"{mod}:{line}: renderers import {target} (only models allowed)")
            elif RANK[dst] > RANK[src]:  # parts of one layer may share (cycles are caught below)
                out.append(f"{mod}:{line} imports {target} against the flow ({src} -> {dst})")
    return out


def cycles(graph: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """Import cycles between modules (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w, _ in graph.get(v, []):
            # a package's __init__ is imported by its own submodules' import statements; an
            # edge to the parent package alone is not a cycle unless the package imports back
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_imports_go_one_way():
    assert violations(scan(PACKAGE)) == []


def test_no_import_cycles():
    assert cycles(scan(PACKAGE)) == []


def test_every_part_has_a_layer():
    parts = {part(m) for m in scan(PACKAGE)} - {""}
    assert parts <= set(RANK), sorted(parts - set(RANK))


# -- the checker itself can fail ------------------------------------------------------------
def _fake(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "auditor"
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"facts/__init__.py": "", "facts/repo.py": "from auditor.cli import main\n",
          "cli/__init__.py": "main = 1\n"}, "imports front end"),
        ({"sources/__init__.py": "", "sources/x.py": "import auditor.detectors.y\n",
          "detectors/__init__.py": "", "detectors/y.py": ""}, "against the flow"),
        ({"renderers/__init__.py": "", "renderers/h.py": "from auditor.engine import audit\n",
          "engine.py": ""}, "only models allowed"),
        ({"sources/__init__.py": "", "sources/a.py": "from auditor.facts import repo\n",
          "facts/__init__.py": "", "facts/repo.py": ""}, "against the flow"),
        ({"facts/__init__.py": "", "facts/a.py": "from auditor import __version__\n",
          "__init__.py": "__version__ = '1'\n"}, "package facade"),
        ({"batch/__init__.py": "", "batch/r.py": "def f():\n    from auditor.serve import app\n",
          "serve/__init__.py": "", "serve/app.py": ""}, "imports front end"),
        ({"serve/__init__.py": "", "serve/app.py": "from auditor.cli import main\n",
          "cli/__init__.py": "main = 1\n"}, "imports front end"),
    ],
)  # fmt: skip
def test_checker_flags_wrong_way_imports(tmp_path, files, expected):
    found = violations(scan(_fake(tmp_path, files)))
    assert any(expected in v for v in found), found


def test_checker_accepts_submodule_imports_and_type_checking_imports(tmp_path):
    root = _fake(tmp_path, {
        "facts/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                             "    from auditor.engine import audit\n",
        "engine.py": "", "version.py": "", "__init__.py": "from auditor.version import v\n",
        "facts/v.py": "from auditor import version\n",
    })  # fmt: skip
    assert violations(scan(root)) == []


def test_checker_finds_cycles(tmp_path):
    root = _fake(tmp_path, {
        "facts/__init__.py": "", "facts/a.py": "from auditor.facts import b\n",
        "facts/b.py": "import auditor.facts.a\n",
    })  # fmt: skip
    assert cycles(scan(root)) == [["auditor.facts.a", "auditor.facts.b"]]
