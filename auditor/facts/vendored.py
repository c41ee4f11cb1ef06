"""Third-party projects copied into a repository's tree.

A sub-folder is a vendored copy of another project when all of these hold:

- it is a Python distribution of its own: ``setup.py``, ``setup.cfg`` or ``pyproject.toml``
  directly inside it;
- it carries its own licence file (or a symlink to one, ``LICENSE.txt -> doc/LICENSE.txt``),
  and that licence is someone else's: another licence text than the root's, or another
  copyright holder (``guided_diffusion/LICENSE``, "Copyright (c) 2021 OpenAI", in a repository
  whose root licence names its authors);
- the root README never points into it except to install it (``pip install -e
  env/SE3Transformer``, ``cd env/SE3Transformer`` then ``python setup.py install``), and no
  command of the README or of a shell script runs a file of it (``python cm_train.py`` for
  ``code/cm_train.py``; the copy's own scripts do not count): code that is run or documented
  is part of the release.

A Python package copied without its distribution files counts the same way: a sub-folder
whose ``__init__.py`` opens with a licence statement of another family than the root licence
("# Ultralytics YOLO, AGPL-3.0 license" in an Apache-2.0 repository) and sets a release
``__version__``, under the same README and command conditions.

Its files are then left out of the audited inventory: the upstream project's training
scripts, tests and data readers are not the paper's.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.sources.tree import Tree

MANIFESTS = ("setup.py", "setup.cfg", "pyproject.toml")
LICENCE_FILE = re.compile(r"^(licen[cs]e|copying)([.-][\w.-]*)?$", re.I)
MAX_DEPTH = 3  # folders deeper than this are not considered
MAX_CANDIDATES = 20
_HOLDER = re.compile(
    r"copyright\s*(?:\(c\)|©)?\s*(?:\d{4}(?:\s*[-,–]\s*\d{4})*)?\s*,?\s*(?:by\s+)?([A-Za-z][^\n]{2,80})",
    re.I,
)
_PLACEHOLDER = re.compile(r"\[|\bnotice\b|\bholders?\b|\bowner\b|\byyyy\b|<", re.I)
_INSTALL = re.compile(
    r"\bpip3?\s+install\b|\bsetup\.py\s+(install|develop)\b|\bconda\s+develop\b|\buv\s+pip\b", re.I
)
_CD = re.compile(r"^\s*(?:\$\s*)?cd\s+(\S+)")


_FAMILY = (
    ("agpl", re.compile(r"\bAGPL|GNU Affero", re.I)),
    ("lgpl", re.compile(r"\bLGPL|GNU Lesser", re.I)),
    ("gpl", re.compile(r"\bGPL|GNU General Public", re.I)),
    ("apache", re.compile(r"\bApache\b", re.I)),
    ("mit", re.compile(r"\bMIT\b")),
    ("bsd", re.compile(r"\bBSD\b")),
    ("mpl", re.compile(r"\bMPL\b|Mozilla Public", re.I)),
    ("cc", re.compile(r"\bCC[- ]BY|Creative Commons", re.I)),
)
_VERSION = re.compile(r"^__version__\s*=\s*['\"]\d+\.\d+[\w.+-]*['\"]", re.M)


def family(text: str) -> str | None:
    """The licence family a licence text or a header statement names ("agpl", "apache")."""
    return next((name for name, pat in _FAMILY if pat.search(text)), None)


def _package_copy(init: str, root_licence: str | None) -> bool:
    """An ``__init__.py`` of a copied release: a header comment naming a licence of another
    family than the root's, and a release ``__version__``."""
    header = "\n".join(ln for ln in init[:3000].splitlines()[:15] if ln.lstrip().startswith("#"))
    if not re.search(r"licen[cs]e", header, re.I) or not _VERSION.search(init[:20_000]):
        return False
    theirs = family(header)
    mine = family(root_licence[:600]) if root_licence else None
    return theirs is not None and theirs != mine


def holder(text: str) -> str | None:
    """The copyright holder a licence names ("openai"), not the template's placeholder."""
    for m in _HOLDER.finditer(text[:20_000]):
        name = m.group(1)
        if _PLACEHOLDER.search(name):
            continue
        words = re.sub(r"[^a-z ]+", " ", name.lower()).split()
        if words:
            return " ".join(words[:4])
    return None


def _shape(text: str) -> str:
    """A licence's kind, read off its opening words (copyright lines and years removed)."""
    body = re.sub(r"(?im)^.*copyright.*$", " ", text[:3000])
    return " ".join(re.sub(r"[^a-z]+", " ", body.lower()).split()[:12])


def _foreign(sub: str, root: str | None) -> bool:
    if root is None:
        return True  # the root licenses nothing: a licence inside the folder is its own project's
    mine, theirs = holder(root), holder(sub)
    if mine and theirs:
        return mine != theirs
    return _shape(sub) != _shape(root)


def _mention(folder: str) -> re.Pattern[str]:
    """Where a README points at the folder: its path (``env/SE3Transformer``, ``guided/``,
    ``./guided``), a code span or link target naming it, or ``cd`` into it; a word in prose
    ("we find that transformers can learn") is no pointer to a ``transformers/`` copy."""
    f = re.escape(folder)
    if "/" in folder:
        return re.compile(rf"(?<![\w.-]){f}(?![\w-])")
    return re.compile(rf"(?<![\w.-]){f}/|\./{f}(?![\w-])|`{f}/?`|\]\({f}/?\)|\bcd\s+{f}(?![\w/.-])")


def _only_installed(folder: str, readme: str) -> bool:
    """The README names the folder nowhere, or only to install it."""
    lines = readme.splitlines()
    mention = _mention(folder)
    for k, line in enumerate(lines):
        if not mention.search(line):
            continue
        if _INSTALL.search(line):
            continue
        cd = _CD.match(line)
        if (
            cd
            and cd.group(1).rstrip("/") == folder
            and any(_INSTALL.search(nxt) for nxt in lines[k + 1 : k + 4])
        ):
            continue
        return False
    return True


_RUN_PY = re.compile(r"\bpython[\d.]*\s+(?:-\w+\s+)*([\w./+-]+\.py)\b")
MAX_SCRIPTS = 60


def _run_names(
    all_paths: list[str], text: Callable[[str], str | None], readme: str
) -> dict[str, set[str]]:
    """The Python files (as written: a path or a bare name) that the README ("") and each of
    the first ``MAX_SCRIPTS`` shell scripts (by path) run."""
    scripts = [p for p in all_paths if p.lower().endswith((".sh", ".bash"))][:MAX_SCRIPTS]
    out: dict[str, set[str]] = {}
    for where, src in [("", readme)] + [(p, text(p) or "") for p in scripts]:
        names = {m.group(1) for m in _RUN_PY.finditer(src[:200_000])}
        out[where] = {n for n in names if n.rsplit("/", 1)[-1] != "setup.py"}  # not running
    return out


def _runs_its_code(folder: str, ran: set[str], all_paths: list[str]) -> bool:
    """A command of the repository runs a file of the folder: by its path, or by a name that only
    a file inside the folder has (``mpiexec python cm_train.py`` for ``code/cm_train.py``)."""
    prefix = folder + "/"
    inside = {p for p in all_paths if p.startswith(prefix) and p.endswith(".py")}
    outside = {p.rsplit("/", 1)[-1] for p in all_paths if p.endswith(".py") and p not in inside}
    for name in ran:
        if name.lstrip("./").startswith(prefix):
            return True
        base = name.rsplit("/", 1)[-1]
        if base not in outside and any(p.endswith("/" + base) for p in inside):
            return True
    return False


MAX_LINKS = 50  # symlinked licence files resolved


def licence_links(tree: Tree, regular: Iterable[str]) -> dict[str, str]:
    """Symlinks named like a licence file -> the regular file of the tree they point at (the
    link's target read as text, resolved against its folder; never followed on disk)."""
    files = set(regular)
    out: dict[str, str] = {}
    links = [e.path for e in tree.entries if e.symlink]
    for path in [p for p in links if LICENCE_FILE.match(p.rsplit("/", 1)[-1])][:MAX_LINKS]:
        target = tree.link_target(path)
        if not target or target.startswith("/"):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target.strip()))
        if resolved in files:
            out[path] = resolved
    return out


def vendored_dirs(
    paths: Iterable[str],
    text: Callable[[str], str | None],
    readme: str | None,
    links: dict[str, str] | None = None,
) -> tuple[str, ...]:
    """Folders of ``paths`` that hold a vendored third-party project (see the module doc);
    ``links`` maps symlinked licence files to the files they point at."""
    all_paths = list(paths)
    links = links or {}
    ran: dict[str, set[str]] | None = None
    root_licences = [p for p in all_paths if "/" not in p and LICENCE_FILE.match(p)]
    root_text = text(root_licences[0]) if root_licences else None
    folders = sorted(
        {p.rsplit("/", 1)[0] for p in all_paths if "/" in p and p.rsplit("/", 1)[1] in MANIFESTS}
    )
    packages = sorted(
        p.rsplit("/", 1)[0]
        for p in all_paths
        if p.endswith("/__init__.py") and 0 < p.count("/") <= MAX_DEPTH
        and not any(p.startswith(f + "/") for f in folders)
    )  # fmt: skip

    def left_alone(folder: str) -> bool:
        """The README points into the folder only to install it, and no command of the
        repository runs a file of it (the copy's own scripts running its own files say nothing
        about the release)."""
        nonlocal ran
        if not _only_installed(folder, readme or ""):
            return False
        if ran is None:
            ran = _run_names(all_paths, text, readme or "")
        prefix = folder + "/"
        outside = {n for where, names in ran.items() if not where.startswith(prefix) for n in names}
        return not _runs_its_code(folder, outside, all_paths)

    out: list[str] = []
    for folder in packages[:MAX_CANDIDATES]:
        if any(folder.startswith(v + "/") for v in out):
            continue
        if _package_copy(text(folder + "/__init__.py") or "", root_text) and left_alone(folder):
            out.append(folder)
    for folder in folders[:MAX_CANDIDATES]:
        if folder.count("/") >= MAX_DEPTH or any(folder.startswith(v + "/") for v in out):
            continue
        prefix = folder + "/"
        licences = [
            p
            for p in [*all_paths, *links]
            if p.startswith(prefix)
            and "/" not in p[len(prefix) :]
            and LICENCE_FILE.match(p[len(prefix) :])
        ]
        if not licences:  # (the folder holds a manifest: that is how it was found)
            continue
        sub_text = text(links.get(licences[0], licences[0]))
        if sub_text and _foreign(sub_text, root_text) and left_alone(folder):
            out.append(folder)
    return tuple(out)
