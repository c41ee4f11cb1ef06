"""Python sources and notebooks read with ``ast`` (never imported or executed)."""

from __future__ import annotations

import ast
import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Call:
    name: str  # dotted, with import aliases resolved: "numpy.random.seed", "model.fit"
    line: int
    func: str | None  # enclosing function, None at module level
    in_main: bool  # under ``if __name__ == "__main__"``
    args: tuple[str, ...] = ()  # literal positional args (repr), "?" for non-literals
    kwargs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CliArg:
    flags: tuple[str, ...]
    default: str | None
    line: int


@dataclass
class PyInfo:
    path: str
    lines: list[str]
    imports: set[str] = field(default_factory=set)  # full module names imported
    # the roots of the modules imported outside any function (``import torch`` at the top, not
    # ``def load_tf_weights(): import tensorflow``)
    top_roots: set[str] = field(default_factory=set)
    # packages whose modules are imported by a name built at run time from a literal prefix:
    # importlib.import_module("flearn.trainers.%s" % args.optimizer) -> "flearn.trainers"
    dynamic_imports: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    functions: dict[str, int] = field(default_factory=dict)
    classes: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (first, last line)
    main_line: int | None = None
    cli_args: list[CliArg] = field(default_factory=list)
    strings: list[tuple[str, int]] = field(default_factory=list)
    error: str | None = None
    cell_of_line: list[int] | None = None  # notebooks: cell index per joined line

    def roots(self) -> set[str]:
        return {m.split(".")[0] for m in self.imports}

    def line_text(self, line: int) -> str:
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].strip()[:200]
        return ""

    def call_text(self, line: int, lines: int = 3) -> str:
        """The text of a call that starts on ``line``, over up to ``lines`` lines (stripped,
        joined by spaces)."""
        return " ".join(self.line_text(n) for n in range(line, line + lines))

    def calls_named(self, pattern: re.Pattern[str]) -> list[Call]:
        return [c for c in self.calls if pattern.search(c.name)]


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        inner = _dotted(node.func)
        if inner is None:
            return None
        parts.append(inner + "()")
    else:
        return None
    return ".".join(reversed(parts))


def _literal(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return repr(node.value)[:80]
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        return "-" + repr(node.operand.value)[:80]
    return "?"


def _is_main_guard(node: ast.If) -> bool:
    t = node.test
    return (
        isinstance(t, ast.Compare)
        and isinstance(t.left, ast.Name)
        and t.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in t.comparators)
    )


#: fields that never hold a node worth visiting (contexts, names, flags)
_SCALAR_FIELDS = frozenset(
    {"ctx", "id", "attr", "arg", "name", "kind", "type_comment", "level", "module",
     "conversion", "is_async", "op", "ops"}
)  # fmt: skip
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}
MAX_DEPTH = 300  # nesting beyond this is not analysed (the old visitor's recursion bound)


class _TooDeep(Exception):
    pass


def _child_fields(cls: type) -> tuple[str, ...]:
    got = _CHILD_FIELDS.get(cls)
    if got is None:
        fields: tuple[str, ...] = getattr(cls, "_fields", ())
        got = _CHILD_FIELDS[cls] = tuple(f for f in fields if f not in _SCALAR_FIELDS)
    return got


def _callees(node: ast.AST) -> list[ast.AST]:
    """What a call calls: both branches of ``(A if cond else B)(...)``, else the callee."""
    if isinstance(node, ast.IfExp):
        return _callees(node.body) + _callees(node.orelse)
    return [node]


# (function, variable) -> the literal starts of the strings assigned to it while parsing a file
Prefixes = dict[tuple[str | None, str], set[str]]


def _record_call(
    info: PyInfo, node: ast.Call, func: str | None, in_main: bool, prefixes: Prefixes
) -> None:
    for callee in _callees(node.func)[:4]:
        _record_callee(info, node, _dotted(callee), func, in_main, prefixes)


def _record_callee(
    info: PyInfo,
    node: ast.Call,
    name: str | None,
    func: str | None,
    in_main: bool,
    prefixes: Prefixes,
) -> None:
    if not name:
        return
    head, _, rest = name.partition(".")
    if head in info.aliases:
        name = info.aliases[head] + ("." + rest if rest else "")
    args = tuple(_literal(a) for a in node.args[:4])
    kwargs = tuple((k.arg, _literal(k.value)) for k in node.keywords if k.arg)[:12]
    info.calls.append(Call(name, node.lineno, func, in_main, args, kwargs))
    if name in _DYNAMIC_IMPORT and node.args:
        arg = node.args[0]
        if isinstance(arg, ast.Name):  # every value the name was given (if/else branches)
            got = prefixes.get((func, arg.id)) or prefixes.get((None, arg.id))
            starts = sorted(got or ())
        else:
            starts = [_literal_prefix(arg) or ""]
        for prefix in starts[:8]:
            package = prefix.rpartition(".")[0]
            if package and _DOTTED.fullmatch(package):
                info.dynamic_imports.add(package)
    if name.endswith("add_argument") or name.endswith(("click.option", "DEFINE_string")):
        flags = tuple(
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        )
        info.cli_args.append(CliArg(flags, dict(kwargs).get("default"), node.lineno))


_DYNAMIC_IMPORT = frozenset({"importlib.import_module", "__import__"})
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


def _literal_prefix(node: ast.AST) -> str | None:
    """The literal start of a string built at run time: ``"pkg.sub.%s" % x``,
    ``"%s.%s.%s" % ("pkg", "sub", x)``, ``f"pkg.sub.{x}"``, ``"pkg.sub." + x``."""
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
        return None
    if not isinstance(node, ast.BinOp) or not isinstance(node.left, ast.Constant):
        return None
    left = node.left.value
    if not isinstance(left, str):
        return None
    if isinstance(node.op, ast.Add):
        return left
    if not isinstance(node.op, ast.Mod):
        return None
    head, sep, _ = left.partition("%")
    if not sep:
        return left
    values = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
    out = head
    for part, value in zip(left.split("%s")[1:], values, strict=False):
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
            return out
        out += value.value + part.split("%", 1)[0]
        if "%" in part:
            return out
    return out


def _record_prefix(prefixes: Prefixes, node: ast.Assign, func: str | None) -> None:
    """``name = <string with a literal start>``: kept for a later import_module(name)."""
    if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        prefix = _literal_prefix(node.value)
        if prefix and "." in prefix:
            prefixes.setdefault((func, node.targets[0].id), set()).add(prefix)


def _record_import(info: PyInfo, node: ast.Import | ast.ImportFrom) -> None:
    if isinstance(node, ast.Import):
        for a in node.names:
            info.imports.add(a.name)
            info.aliases[a.asname or a.name.split(".")[0]] = (
                a.name if a.asname else a.name.split(".")[0]
            )
        return
    mod = ("." * node.level) + (node.module or "")
    if node.module:
        info.imports.add(node.module)
    for a in node.names:
        info.aliases[a.asname or a.name] = f"{mod}.{a.name}" if mod else a.name
        if node.module:
            info.imports.add(f"{node.module}.{a.name}")


def _record_top_import(info: PyInfo, node: ast.Import | ast.ImportFrom) -> None:
    if isinstance(node, ast.Import):
        info.top_roots.update(a.name.split(".")[0] for a in node.names)
    elif node.module and not node.level:
        info.top_roots.add(node.module.split(".")[0])


def _record_fstring(info: PyInfo, node: ast.JoinedStr) -> None:
    """An f-string as one string, ``{}`` (with its format spec) for each value:
    ``f"acc {a:.2f}"`` -> ``"acc {:.2f}"`` (its literal parts are recorded too)."""
    parts = []
    for v in node.values:
        if isinstance(v, ast.Constant) and isinstance(v.value, str):
            parts.append(v.value)
        elif isinstance(v, ast.FormattedValue):
            spec = v.format_spec
            text = "".join(
                str(c.value) for c in getattr(spec, "values", []) if isinstance(c, ast.Constant)
            )
            parts.append("{:" + text + "}" if text else "{}")
    joined = "".join(parts)
    if 4 <= len(joined) <= 2000:
        info.strings.append((joined, node.lineno))


_BUILT = (ast.BinOp, ast.JoinedStr)  # string values a module name may be built from
_LEAVES = (ast.Name, ast.Load, ast.Store, ast.Del)  # nothing under them is recorded


def _collect(info: PyInfo, tree: ast.AST) -> None:
    """One pass over the tree, in the order of the ``ast.NodeVisitor`` it replaces (pre-order,
    fields in order): imports, calls (aliases as known at that point), definitions, the main
    guard, CLI arguments and string constants. One frame per level, no generic dispatch."""
    strings, functions, classes, fields_of = (
        info.strings,
        info.functions,
        info.classes,
        _CHILD_FIELDS,
    )
    AST, leaves = ast.AST, _LEAVES
    prefixes: Prefixes = {}  # for import_module(name) of a name assigned a built string

    def visit(node: ast.AST, func: str | None, in_main: bool, depth: int) -> None:
        cls = node.__class__
        if cls is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if value.__class__ is str and 4 <= len(value) <= 2000:
                strings.append((value, node.lineno))  # type: ignore[attr-defined]
            return
        if cls is ast.Import or cls is ast.ImportFrom:
            _record_import(info, node)  # type: ignore[arg-type]
            if func is None:
                _record_top_import(info, node)  # type: ignore[arg-type]
            return
        if depth >= MAX_DEPTH:
            raise _TooDeep
        depth += 1
        if cls is ast.Call:
            _record_call(info, node, func, in_main, prefixes)  # type: ignore[arg-type]
        elif cls is ast.Assign and node.value.__class__ in _BUILT:  # type: ignore[attr-defined]
            _record_prefix(prefixes, node, func)  # type: ignore[arg-type]
        elif cls is ast.JoinedStr:
            _record_fstring(info, node)  # type: ignore[arg-type]
        elif cls is ast.FunctionDef or cls is ast.AsyncFunctionDef:
            functions.setdefault(node.name, node.lineno)  # type: ignore[attr-defined]
            func = node.name  # type: ignore[attr-defined]
        elif cls is ast.ClassDef:
            end = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
            classes.setdefault(node.name, (node.lineno, end))  # type: ignore[attr-defined]
        elif cls is ast.If and func is None and _is_main_guard(node):  # type: ignore[arg-type]
            info.main_line = node.lineno  # type: ignore[attr-defined]
            for child in node.body:  # type: ignore[attr-defined]
                visit(child, func, True, depth)
            for child in node.orelse:  # type: ignore[attr-defined]
                visit(child, func, in_main, depth)
            return  # the test is not visited, as before
        for name in fields_of.get(cls) or _child_fields(cls):
            value = getattr(node, name, None)
            if value.__class__ is list:
                for child in value:
                    if child.__class__ not in leaves and isinstance(child, AST):
                        visit(child, func, in_main, depth)
            elif value.__class__ not in leaves and isinstance(value, AST):
                visit(value, func, in_main, depth)

    visit(tree, None, False, 0)


def parse_python(path: str, source: str) -> PyInfo:
    info = PyInfo(path, source.splitlines())
    with _no_gc():  # a syntax tree has no cycles: the collector would only rescan the heap
        try:
            tree = ast.parse(source, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError) as exc:
            info.error = f"{type(exc).__name__}: {exc}"[:200]
            _fallback_imports(info, source)
            return info
        try:
            _collect(info, tree)
        except (_TooDeep, RecursionError):
            info.error = "too deeply nested to analyse"
        del tree
    return info


@contextmanager
def _no_gc() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_IMPORT_RE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.M)


def _fallback_imports(info: PyInfo, source: str) -> None:
    """Python 2 files and broken files still tell what they import."""
    for m in _IMPORT_RE.finditer(source[:500_000]):
        info.imports.add(m.group(1) or m.group(2))


def parse_notebook(path: str, raw: str) -> PyInfo:
    """Code cells joined (IPython magics and shell lines commented out); markdown kept aside."""
    try:
        nb = json.loads(raw)
        cells = nb.get("cells") if isinstance(nb, dict) else None
        if cells is None and isinstance(nb, dict):  # nbformat 3
            cells = [c for ws in nb.get("worksheets", []) for c in ws.get("cells", [])]
    except (ValueError, RecursionError, AttributeError):
        info = PyInfo(path, [])
        info.error = "not a valid notebook (JSON)"
        return info
    lines: list[str] = []
    cell_of: list[int] = []
    for idx, cell in enumerate(cells or []):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        src = cell.get("source", cell.get("input", ""))
        text = "".join(src) if isinstance(src, list) else str(src)
        for ln in text.splitlines():
            stripped = ln.lstrip()
            if stripped.startswith(("%", "!", "?")):
                ln = "# " + ln
            lines.append(ln)
            cell_of.append(idx + 1)
    info = parse_python(path, "\n".join(lines))
    info.cell_of_line = cell_of
    return info
