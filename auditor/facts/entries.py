"""Entry points: the files someone runs to train, evaluate or demo, most telling first. Beyond
the training and evaluation code the completeness checks find: scripts a
README, a shell script or a launcher string runs (``python path/x.py``, ``python -m pkg.mod``,
``torchrun x.py``), plain top-level scripts no other module imports, and which runnable-looking
files are really library modules (imported by others, inside a package).

Nothing is executed: commands are read as text and matched to repository paths.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from auditor.facts.code import (
    EVAL_NAME,
    TRAIN_NAME,
    VENDOR,
    code_evidence,
    in_scope,
    is_test_module,
)
from auditor.facts.python_src import PyInfo
from auditor.facts.reach import module_index
from auditor.facts.repo import DOC_EXT, RepoFacts
from auditor.facts.scripts import DECLARATIVE, calls_of, self_test_main, top_level_script

MAX_COMMAND_FILES = 60  # shell scripts and READMEs read for commands
MAX_COMMAND_CHARS = 200_000  # per file
_LAUNCHER = re.compile(
    r"(?:^|[\s;&|(`'\"=])(?:\S*/)?(python[\d.]*|pythonw|torchrun|accelerate\s+launch|deepspeed|"
    r"horovodrun|ipython)(?=\s)"
)
_MODULE = re.compile(r"\s-m\s+([A-Za-z_][\w.]*)")
_SCRIPT = re.compile(r"(?<![\w.])([\w./${}~-]*[\w-]\.py)\b")
_BARE = re.compile(r"\s+(?:-u\s+)?(?!-)([\w./${}~-]*[A-Za-z_][\w-]*)(?=\s|$)")
_README = re.compile(r"(^|/)readme[^/]*\.(md|rst|txt|markdown)$|(^|/)readme$", re.I)
DEMO_NAME = re.compile(
    r"(^|/)[^/]*(demo|example|visuali[sz]|plot|draw|figure|download|show_)[^/]*\.(py|ipynb)$"
    r"|(^|/)(vis|viz)[_.][^/]*$",
    re.I,
)


def joined_lines(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with its first line number."""
    out: list[tuple[int, str]] = []
    buf, start = "", 0
    for i, raw in enumerate(text[:MAX_COMMAND_CHARS].splitlines(), 1):
        line = raw.rstrip()
        if not buf:
            start = i
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        out.append((start, buf + line))
        buf = ""
    if buf:
        out.append((start, buf))
    return out


def parse_command(line: str) -> tuple[str, str] | None:
    """``("module", "pkg.mod")`` or ``("script", "path/x.py")`` for a line that runs Python."""
    m = _LAUNCHER.search(line)
    if m is None or line.lstrip().startswith(("#", "pip ", "conda ")):
        return None
    rest = line[m.end() :]
    mod = _MODULE.match(rest) or _MODULE.search(rest.split(".py", 1)[0])
    if mod and not mod.group(1).startswith(("torch.distributed", "pip", "venv", "http")):
        return ("module", mod.group(1))
    script = _SCRIPT.search(rest)
    if script:
        return ("script", script.group(1))
    bare = _BARE.match(rest)  # python deepMedicRun -model ...: a script without .py
    if bare:
        return ("script", bare.group(1))
    return None


def _clean(token: str) -> str:
    token = re.sub(r"^.*(\}|\$\w+)/", "", token)  # ${repo}/bin/x.py -> bin/x.py
    while token.startswith("./"):
        token = token[2:]
    return token.lstrip("/")


def resolve_script(repo: RepoFacts, token: str, near: str) -> str | None:
    """A repository .py path for a command's script token, relative to the file the command is
    in, the repository root, or a unique path ending."""
    token = _clean(token)
    if not token:
        return None
    paths = set(repo.python_paths)
    folder = posixpath.dirname(near)
    for cand in (posixpath.normpath(posixpath.join(folder, token)), posixpath.normpath(token)):
        if cand in paths:
            return cand
    tail = "/" + token.lstrip("./")
    if not token.endswith(".py"):  # an extensionless script that starts with a Python shebang
        paths = {p for p in repo.paths if ("/" + p).endswith(tail) and _python_shebang(repo, p)}
    ends = sorted((p for p in paths if ("/" + p).endswith(tail)), key=lambda p: (p.count("/"), p))
    if ends:
        same = [p for p in ends if p.startswith(folder + "/")] if folder else []
        return (same or ends)[0]
    return None


def _python_shebang(repo: RepoFacts, path: str) -> bool:
    """An extensionless file whose first line runs Python (``#!/usr/bin/env python``)."""
    if "." in path.rsplit("/", 1)[-1]:
        return False
    head = (repo.text(path) or "")[:200]
    return head.startswith("#!") and "python" in head.split("\n", 1)[0]


def resolve_module_cmd(repo: RepoFacts, name: str) -> str | None:
    rel = name.replace(".", "/")
    for cand in (rel + ".py", rel + "/__main__.py"):
        if cand in set(repo.python_paths):
            return cand
    tail = "/" + rel + ".py"
    ends = sorted((p for p in repo.python_paths if p.endswith(tail)), key=len)
    return ends[0] if ends else None


def _command_sources(repo: RepoFacts) -> list[tuple[str, str]]:
    """(path, text) of shell scripts, READMEs (anywhere) and the README's linked docs."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    docs = [d.path for d in repo.readme_docs]
    readmes = [p for p in repo.paths if _README.search(p)]
    for p in list(repo.shell_scripts) + docs + sorted(readmes, key=lambda p: p.count("/")):
        if p in seen or len(out) >= MAX_COMMAND_FILES:
            continue
        seen.add(p)
        text = repo.text(p)
        if text:
            out.append((p, text))
    return out


def launched(repo: RepoFacts) -> dict[str, str]:
    """Python files that a shell script, README or launcher string runs -> "where:line"
    (computed once per repository; do not change the mapping)."""
    return repo.memo(("launched",), lambda: _launched(repo))


def _launched(repo: RepoFacts) -> dict[str, str]:
    out: dict[str, str] = {}
    for path, text in _command_sources(repo):
        for line_no, line in joined_lines(text):
            _add(repo, out, parse_command(line), path, f"{path}:{line_no}")
    return out | _launched_by_strings(repo, out)


# ``--name=value`` / ``--name value`` in a command (a value never starts with a dash, but may
# be a negative number)
_OPTION = re.compile(
    r"(?<![\w-])--?([A-Za-z][\w.-]*)(?:=|\s+)(\"[^\"]*\"|'[^']*'|-\d[\w.]*|[^\s\"'-]\S*)"
)


def launch_options(repo: RepoFacts, entry: Entry) -> dict[str, str]:
    """The options the shell or README command that launches an entry point sets, by option
    name with dashes as underscores (``python train.py --seed="0"`` -> ``{"seed": "0"}``);
    empty for entries not launched from such a command."""
    path, _, line = entry.via.rpartition(":")
    if entry.kind != "launched" or not line.isdigit() or path.endswith((".py", ".ipynb")):
        return {}
    text = repo.text(path) or ""
    command = next((cmd for no, cmd in joined_lines(text) if no == int(line)), "")
    out: dict[str, str] = {}
    for name, value in _OPTION.findall(command[:MAX_COMMAND_CHARS]):
        out.setdefault(name.replace("-", "_"), value.strip("\"'"))
    return out


def mentioned(repo: RepoFacts) -> dict[str, str]:
    """Python files a README names outside a command ("the driver files are exp1.py, ...")
    -> "where:line"; the caller keeps only runnable scripts."""
    out: dict[str, str] = {}
    for path, text in _command_sources(repo):
        if not _README.search(path) and path not in {d.path for d in repo.readme_docs}:
            continue
        for line_no, line in enumerate(text[:MAX_COMMAND_CHARS].splitlines(), 1):
            for token in _SCRIPT.findall(line):
                _add(repo, out, ("script", token), path, f"{path}:{line_no}")
    return out


def _launched_by_strings(repo: RepoFacts, out: dict[str, str]) -> dict[str, str]:
    out = dict(out)
    for info in repo.sources:  # os.system("python x.py ...") / subprocess strings
        for s, line_no in info.strings:
            if "python" in s and len(s) < 500:
                _add(repo, out, parse_command(s), info.path, f"{info.path}:{line_no}")
    return out


def _add(
    repo: RepoFacts, out: dict[str, str], cmd: tuple[str, str] | None, near: str, where: str
) -> None:
    if cmd is None:
        return
    kind, name = cmd
    target = (
        resolve_module_cmd(repo, name) if kind == "module" else resolve_script(repo, name, near)
    )
    if target is not None and target != near:
        out.setdefault(target, where)


def imported_paths(repo: RepoFacts, index: dict[str, list[str]]) -> set[str]:
    """Repo modules some other repo module imports (dotted names resolved as for following
    imports: longest known prefix, same folder first)."""
    out: set[str] = set()
    memo: dict[tuple[str, str], tuple[str, ...]] = {}
    for info in repo.sources:
        folder = posixpath.dirname(info.path)
        for name in info.imports:
            key = (name, folder)
            if key not in memo:
                memo[key] = _resolve(index, name, folder)
            out.update(c for c in memo[key] if c != info.path)
    return out


def _resolve(index: dict[str, list[str]], name: str, folder: str) -> tuple[str, ...]:
    parts = name.strip(".").split(".")
    for k in range(len(parts), 0, -1):
        cands = index.get(".".join(parts[:k]))
        if cands:
            if len(cands) == 1:
                return (cands[0],)
            same = [
                c for c in cands if c.startswith(folder + "/") and "/" not in c[len(folder) + 1 :]
            ]
            return (
                tuple(same) if same else tuple(sorted(cands, key=lambda c: (c.count("/"), c))[:1])
            )
    return ()


def is_library(repo: RepoFacts, path: str, imported: set[str]) -> bool:
    """Imported by another module and either inside a package or not named for a task: its
    ``__main__`` block (if any) is a self-test, not how the paper's numbers were made."""
    if path not in imported:
        return False
    in_package = posixpath.join(posixpath.dirname(path), "__init__.py") in set(repo.python_paths)
    return in_package or not (TRAIN_NAME.search(path) or EVAL_NAME.search(path))


MAX_ENTRIES = 25  # entry points examined per repository


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
    return repo.memo(("entry_points",), lambda: _entry_points(repo))


def in_repo_scope(repo: RepoFacts, path: str) -> bool:
    """``in_scope``, except that a script named or placed like a test (``test_*.py``,
    ``*_test.py``, a ``tests/`` folder) that a README or shell script runs as a program (a
    ``__main__`` guard or command-line options) and that is no unit-test module is in scope:
    ``python test_SCIGAN.py --alpha 1.0`` trains and scores the model, and ``python
    tests/main.py --env ant --seed 0`` is how a paper's runs are launched. ML repositories often
    name or place their experiment scripts so.

    The same holds for a script in a ``third_party/`` or ``external/`` folder that the
    repository's own README or shell scripts (not the copy's) run as a program: ``python
    $PWD/third_party/run_classify.py`` in ``scripts/train_xnli.sh`` is how the paper's models are
    trained, and code that is run is part of the release."""
    if in_scope(path):
        return True
    if path.endswith("conftest.py"):
        return False
    where = launched(repo).get(path)
    if where is None:
        return False
    if VENDOR.search(path):
        source = where.rsplit(":", 1)[0]
        doc = source.lower().endswith(DOC_EXT)
        if source.endswith((".py", ".ipynb")) or (VENDOR.search(source) and not doc):
            return False
    info = repo.python(path)
    if info is None or is_test_module(info):
        return False
    return bool(info.cli_args) or info.main_line is not None  # run as a program, with options


def _entry_points(repo: RepoFacts) -> list[Entry]:
    out: dict[str, Entry] = {}
    imported = imported_paths(repo, module_index(repo))
    for p, where in launched(repo).items():
        if in_repo_scope(repo, p) and repo.python(p) is not None:
            out[p] = Entry(p, "launched", where)
    for p, where in mentioned(repo).items():  # named in a README: only runnable scripts
        info = repo.python(p)
        if (
            p not in out
            and info is not None
            and in_repo_scope(repo, p)
            and _script(repo, info, imported)
        ):
            out[p] = Entry(p, "launched", where)
    for kind in ("training", "evaluation"):
        found = code_evidence(repo, kind)
        for ev in found.named + found.flags + found.patterns:
            p = ev.path or ""
            if p.endswith((".py", ".ipynb")) and in_repo_scope(repo, p) and p not in out:
                info = repo.python(p)
                if info is None or not _runnable(info):
                    continue
                out[p] = Entry(p, kind)
    for info in repo.sources:  # other runnable scripts
        p = info.path
        if p not in out and in_repo_scope(repo, p):
            main = info.main_line is not None and not self_test_main(info)
            if main or SCRIPT_NAME.search(p) or top_level_script(info):
                out[p] = Entry(p, "other")
    kept = [
        e for e in out.values() if e.kind == "launched" or not is_library(repo, e.path, imported)
    ]
    entries = sorted(kept or out.values(), key=lambda e: (ORDER[e.kind], e.path.count("/"), e.path))
    return entries[:MAX_ENTRIES]


def _script(repo: RepoFacts, info: PyInfo, imported: set[str]) -> bool:
    runnable = (info.main_line is not None and not self_test_main(info)) or top_level_script(info)
    return runnable and not is_library(repo, info.path, imported)


SCRIPT_NAME = re.compile(r"(^|/)(main|run|exp|experiment)[\w-]*\.py$|\.ipynb$", re.I)


def _runnable(info: PyInfo) -> bool:
    """A script (``__main__`` guard or top-level statements) or a notebook, not a library."""
    if info.cell_of_line is not None:
        return True
    if info.main_line is not None:
        return not self_test_main(info)
    if not (TRAIN_NAME.search(info.path) or EVAL_NAME.search(info.path)):
        return False
    top = [c for c in calls_of(info) if c.func is None and not DECLARATIVE.search(c.name)]
    return len(top) >= 1
