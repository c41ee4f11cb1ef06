"""Which Python files are scripts someone runs, read from their parsed (or, for files ``ast``
cannot read, textual) calls. Shared by the completeness and reproducibility checks."""

from __future__ import annotations

import keyword
import re

from auditor.facts.python_src import Call, PyInfo
from auditor.facts.repo import RepoFacts

# module-level calls that define, configure or probe rather than act: a library module that
# builds a logger, checks which optional packages are installed (is_apex_available(), as
# Hugging Face-derived code does at import) or compares versions is not a script
DECLARATIVE = re.compile(
    r"(getLogger|get_logger|compile|namedtuple|TypeVar|register\w*|dataclass|field|"
    r"is_\w+_(available|enabled)|version\.parse|parse_version|dep_version_check|require_version|"
    r"filterwarnings|simplefilter|basicConfig|setLevel)$"
)
_NOT_SCRIPT = re.compile(r"(^|/)(setup|conf|conftest|__init__|__main__|version|_version)\.py$")


def top_level_script(info: PyInfo) -> bool:
    """A plain script: several statements run at module level (not only definitions)."""
    if _NOT_SCRIPT.search(info.path) or info.path.endswith(".ipynb"):
        return False
    top = [
        c
        for c in calls_of(info)
        if c.func is None and not DECLARATIVE.search(c.name) and not _in_class(info, c.line)
    ]
    return len(top) >= 3


def _in_class(info: PyInfo, line: int) -> bool:
    return any(lo <= line <= hi for lo, hi in info.classes.values())


# -- files ast could not read (Python 2, broken syntax) ---------------------------------------
_CALL_RE = re.compile(r"(?<![\w.])([A-Za-z_][\w.]*)\s*\((\s*\))?")
_ALIAS_RE = re.compile(r"^\s*import\s+([\w.]+)\s+as\s+(\w+)|^\s*from\s+([\w.]+)\s+import\s+(\w+)")
_DEFINES = re.compile(r"\b(?:def|class)\s+$")
_CONVENTIONAL = {"np": "numpy", "tf": "tensorflow", "nn": "torch.nn", "F": "torch.nn.functional"}


def calls_of(info: PyInfo) -> list[Call]:
    """The parsed calls, or for a file ``ast`` could not read, calls read from the text
    (module level when unindented; aliases from ``import x as y`` lines)."""
    if info.calls or info.error is None:
        return info.calls
    cached = info.__dict__.get("_text_calls")
    if cached is None:
        cached = _text_calls(info)
        info.__dict__["_text_calls"] = cached
    return cached  # type: ignore[no-any-return]


def _text_calls(info: PyInfo) -> list[Call]:
    aliases = dict(_CONVENTIONAL)
    out: list[Call] = []
    for i, line in enumerate(info.lines[:20_000], 1):
        m = _ALIAS_RE.match(line)
        if m:
            if m.group(1):
                aliases[m.group(2)] = m.group(1)
            else:
                aliases[m.group(4)] = f"{m.group(3)}.{m.group(4)}"
            continue
        code = line.split("#", 1)[0]
        func = None if code[:1] not in (" ", "\t") else "?"
        for c in _CALL_RE.finditer(code):
            if _DEFINES.search(code, 0, c.start()):  # "def f(" and "class C(" define, not call
                continue
            head, dot, rest = c.group(1).partition(".")
            name = aliases[head] + dot + rest if head in aliases else c.group(1)
            if name == "print" or keyword.iskeyword(name):
                continue
            args = () if c.group(2) else ("?",)
            out.append(Call(name, i, func, False, args))
    return out


_SELF_TEST = re.compile(r"^_?(self_?)?tests?(_\w*)?$")


def self_test_main(info: PyInfo) -> bool:
    """A ``__main__`` block that only runs the module's own test function."""
    calls = [c.name for c in info.calls if c.in_main]
    return any(_SELF_TEST.match(n) for n in calls) and all(
        _SELF_TEST.match(n) or n == "print" for n in calls
    )


def runnable(repo: RepoFacts, path: str) -> bool:
    """A script someone runs: a __main__ guard, script-style module code, a notebook, or a
    non-Python script. Library modules (definitions only) are not."""
    if not path.endswith(".py"):
        return True
    info = repo.python(path)
    if info is None:
        return False
    if info.main_line is not None and not self_test_main(info):
        return True
    if top_level_script(info):
        return True
    top = [c for c in calls_of(info) if c.func is None]
    return any(c.name in info.functions or c.name.endswith("parse_args") for c in top)
