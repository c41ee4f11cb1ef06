"""Python sources and notebooks read with ``ast`` (never imported or executed)."""

from __future__ import annotations

import ast
import json
import re
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


class _Visitor(ast.NodeVisitor):
    def __init__(self, info: PyInfo) -> None:
        self.info = info
        self.func: list[str] = []
        self.in_main = False

    def visit_Import(self, node: ast.Import) -> None:
        for a in node.names:
            self.info.imports.add(a.name)
            self.info.aliases[a.asname or a.name.split(".")[0]] = (
                a.name if a.asname else a.name.split(".")[0]
            )

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod = ("." * node.level) + (node.module or "")
        if node.module:
            self.info.imports.add(node.module)
        for a in node.names:
            self.info.aliases[a.asname or a.name] = f"{mod}.{a.name}" if mod else a.name
            if node.module:
                self.info.imports.add(f"{node.module}.{a.name}")

    def _visit_def(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.info.functions.setdefault(node.name, node.lineno)
        self.func.append(node.name)
        self.generic_visit(node)
        self.func.pop()

    visit_FunctionDef = _visit_def
    visit_AsyncFunctionDef = _visit_def

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        end = getattr(node, "end_lineno", None) or node.lineno
        self.info.classes.setdefault(node.name, (node.lineno, end))
        self.generic_visit(node)

    def visit_If(self, node: ast.If) -> None:
        if _is_main_guard(node) and not self.func:
            self.info.main_line = node.lineno
            was = self.in_main
            self.in_main = True
            for child in node.body:
                self.visit(child)
            self.in_main = was
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        if name:
            head, _, rest = name.partition(".")
            if head in self.info.aliases:
                name = self.info.aliases[head] + ("." + rest if rest else "")
            args = tuple(_literal(a) for a in node.args[:4])
            kwargs = tuple((k.arg, _literal(k.value)) for k in node.keywords if k.arg)[:12]
            func = self.func[-1] if self.func else None
            self.info.calls.append(Call(name, node.lineno, func, self.in_main, args, kwargs))
            if name.endswith("add_argument") or name.endswith(("click.option", "DEFINE_string")):
                flags = tuple(
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                )
                default = dict(kwargs).get("default")
                self.info.cli_args.append(CliArg(flags, default, node.lineno))
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        """An f-string as one string, ``{}`` (with its format spec) for each value:
        ``f"acc {a:.2f}"`` -> ``"acc {:.2f}"``."""
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
            self.info.strings.append((joined, node.lineno))
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and 4 <= len(node.value) <= 2000:
            self.info.strings.append((node.value, node.lineno))


def parse_python(path: str, source: str) -> PyInfo:
    info = PyInfo(path, source.splitlines())
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError, SystemError) as exc:
        info.error = f"{type(exc).__name__}: {exc}"[:200]
        _fallback_imports(info, source)
        return info
    try:
        _Visitor(info).visit(tree)
    except RecursionError:
        info.error = "too deeply nested to analyse"
    return info


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
