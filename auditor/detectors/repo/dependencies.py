"""Dependencies: manifests that list packages, or README install instructions."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import TEST_FOLDER, candidate
from auditor.facts.evidence import doc_ev, file_ev, first
from auditor.facts.markdown import Document
from auditor.facts.repo import DOC_EXT, README_RE, RepoFacts
from auditor.models import Evidence


@dataclass(frozen=True)
class Manifest:
    path: str
    kind: str
    packages: tuple[tuple[str, int, str], ...]  # (name, line, raw line)
    pinned: int


_REQ_NAME = re.compile(r"^(?:requirements?|reqs|deps|dependencies)[\w.-]*\.(?:txt|in|pip)$", re.I)
_REQ_LINE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-\[\],]*)\s*(\(?[<>=!~].*)?$")
_PIN = re.compile(r"(==|===|~=|>=|<=|\b\d+\.\d+)")
KNOWN_PACKAGES = re.compile(
    r"\b(py)?torch(vision)?\b|tensorflow|\bkeras\b|\bjax\b|\bnumpy\b|\bscipy\b|scikit-learn|sklearn|"
    r"\bpandas\b|transformers|\bcuda\b|cudnn|\bmxnet\b|\bchainer\b|\btheano\b|\bcaffe\b|opencv|"
    r"\bgym\b|networkx|\bdgl\b|torch[-_]geometric|matplotlib|\bpython\s*[23](\.\d+)?|\btqdm\b|"
    r"\bnltk\b|\bspacy\b|\bgensim\b|\bh5py\b|\bpillow\b|\bjoblib\b|\bsympy\b|\bcupy\b|"
    r"\bpytorch[- ]lightning\b|\bfairseq\b|\ballennlp\b|\bhuggingface\b|\bxgboost\b|\blightgbm\b|"
    r"\btorchtext\b|\bseaborn\b|\bcython\b|\bmujoco\b|\bpyyaml\b|\bimageio\b|\bscikit-image\b",
    re.I,
)
INSTALL_CMD = re.compile(
    r"\b(pip3?\s+install|conda\s+(env\s+create|create|install)|poetry\s+install|pipenv\s+install|"
    r"python[\d.]*\s+setup\.py\s+(install|develop)|docker\s+(build|pull|run)|apt(-get)?\s+install|"
    r"install\.packages|Pkg\.add|luarocks\s+install|uv\s+(sync|pip))\b",
    re.I,
)
REQ_HEADING = re.compile(
    r"require|dependenc|install|setup|set up|environment|prerequisite|preliminar|software|"
    r"packages",
    re.I,
)
SETUP_HEADING = re.compile(
    r"requirement|dependenc|install|setup|set up|environment|prerequisite|get(?:ting)? started|"
    r"usage|how to run|quick ?start|preparation|software",
    re.I,
)


def _lines(text: str) -> list[str]:
    return text.splitlines()


def _requirements(path: str, text: str) -> Manifest:
    pkgs = []
    for n, raw in enumerate(_lines(text), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith(("-", "--")) and not line.startswith(("-e git", "-e http")):
            continue
        if line.startswith(("git+", "http", "-e ")) or _REQ_LINE.match(line):
            pkgs.append((line.split("==")[0].split(">")[0].split("<")[0][:60], n, raw.strip()))
    pinned = sum(1 for p in pkgs if _PIN.search(p[2]))
    return Manifest(path, "requirements", tuple(pkgs), pinned)


def _conda(path: str, text: str) -> Manifest:
    pkgs = []
    in_deps = False
    for n, raw in enumerate(_lines(text), start=1):
        if re.match(r"^dependencies\s*:", raw):
            in_deps = True
            continue
        if in_deps and re.match(r"^[^\s-]", raw):  # the next key (items may sit at column 0)
            in_deps = False
        m = re.match(r"^\s*-\s+([A-Za-z0-9_.\-]+.*)$", raw)
        if in_deps and m and not m.group(1).startswith("pip:"):
            pkgs.append((m.group(1).strip()[:60], n, raw.strip()))
    pinned = sum(1 for p in pkgs if re.search(r"[=<>]\s*\d", p[2]))
    return Manifest(path, "conda environment", tuple(pkgs), pinned)


def _setup_py(path: str, text: str) -> Manifest:
    pkgs = []
    m = re.search(r"install_requires\s*=\s*(\[[^\]]*\]|\w+)", text)
    if m:
        n = text[: m.start()].count("\n") + 1
        body = m.group(1)
        names = re.findall(r"['\"]([A-Za-z0-9][^'\"]*)['\"]", body)
        if names:
            pkgs = [(nm[:60], n, nm) for nm in names]
        elif not body.startswith("["):  # a variable, e.g. read from requirements.txt
            pkgs = [(body, n, text.splitlines()[n - 1].strip())]
    pinned = sum(1 for p in pkgs if _PIN.search(p[2]))
    return Manifest(path, "setup.py install_requires", tuple(pkgs), pinned)


def _setup_cfg(path: str, text: str) -> Manifest:
    pkgs = []
    grab = False
    for n, raw in enumerate(_lines(text), start=1):
        if re.match(r"^\s*install_requires\s*=", raw):
            grab = True
            rest = raw.split("=", 1)[1].strip()
            if rest:
                pkgs.append((rest[:60], n, rest))
            continue
        if grab:
            if raw.startswith((" ", "\t")) and raw.strip():
                pkgs.append((raw.strip()[:60], n, raw.strip()))
            elif raw.strip():
                grab = False
    pinned = sum(1 for p in pkgs if _PIN.search(p[2]))
    return Manifest(path, "setup.cfg install_requires", tuple(pkgs), pinned)


def _pyproject(path: str, text: str) -> Manifest:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return Manifest(path, "pyproject.toml", (), 0)
    names: list[str] = list(data.get("project", {}).get("dependencies", []) or [])
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {}) or {}
    names += [f"{k} {v}" for k, v in poetry.items() if k.lower() != "python"]
    lines = text.splitlines()
    pkgs = []
    for nm in names:
        key = str(nm).split()[0].split("=")[0].split(">")[0][:40]
        line = next((i for i, ln in enumerate(lines, 1) if key and key in ln), 1)
        pkgs.append((str(nm)[:60], line, str(nm)))
    pinned = sum(1 for p in pkgs if _PIN.search(p[2]))
    return Manifest(path, "pyproject.toml dependencies", tuple(pkgs), pinned)


def _generic(kind: str, pattern: re.Pattern[str]):  # type: ignore[no-untyped-def]
    def parse(path: str, text: str) -> Manifest:
        pkgs = [
            (m.group(0)[:60], n, raw.strip())
            for n, raw in enumerate(_lines(text), start=1)
            for m in [pattern.search(raw)]
            if m
        ]
        pinned = sum(1 for p in pkgs if _PIN.search(p[2]))
        return Manifest(path, kind, tuple(pkgs), pinned)

    return parse


_DOCKER = _generic(
    "Dockerfile", re.compile(r"^\s*(FROM\s+\S+|RUN\s+.*(pip|conda|apt-get|install).*)", re.I)
)
_SCRIPT = _generic("install script", INSTALL_CMD)
_PIPFILE = _generic("Pipfile", re.compile(r"^\s*[\"']?[A-Za-z0-9_.\-]+[\"']?\s*=\s*[\"'{*]"))
_R_DESC = _generic("R DESCRIPTION", re.compile(r"^(Imports|Depends)\s*:\s*\S+"))
_JULIA = _generic("Julia Project.toml", re.compile(r"^\s*\w+\s*=\s*\"[0-9a-f-]{36}\""))
_LOCK = _generic("lock file", re.compile(r"^\s*(name\s*=|\"[\w.-]+\"\s*:\s*\{|- name:|[\w.-]+==)"))


def _parser_for(path: str):  # type: ignore[no-untyped-def]
    name = path.rsplit("/", 1)[-1]
    low = name.lower()
    parent = path.rsplit("/", 2)[-2].lower() if "/" in path else ""
    if _REQ_NAME.match(low) or (
        parent in ("requirements", "requirement") and low.endswith((".txt", ".in"))
    ):
        return _requirements
    if re.match(r"^(environment|env|conda)[\w.-]*\.ya?ml$", low) or low.endswith(".conda.yml"):
        return _conda
    if low == "setup.py":
        return _setup_py
    if low == "setup.cfg":
        return _setup_cfg
    if low == "pyproject.toml":
        return _pyproject
    if low == "pipfile":
        return _PIPFILE
    if low.startswith("dockerfile") or low.endswith(".dockerfile"):
        return _DOCKER
    if low in (
        "pipfile.lock",
        "poetry.lock",
        "conda-lock.yml",
        "uv.lock",
        "renv.lock",
        "manifest.toml",
    ):
        return _LOCK
    if name == "DESCRIPTION":
        return _R_DESC
    if name == "Project.toml":
        return _JULIA
    if re.match(r"^(install|setup|env|environment|requirements?|prepare)[\w-]*\.(sh|bash)$", low):
        return _SCRIPT
    return None


_TOP_DEPENDENCIES = re.compile(r"^dependencies\s*:", re.M)
_TOP_CHANNELS = re.compile(r"^channels\s*:", re.M)
MAX_YAML_READ = 200  # YAML files read to find conda environments named otherwise


def is_conda_env(path: str, text: str) -> bool:
    """A YAML file in the shape of a conda environment (top-level ``channels:`` and
    ``dependencies:``), whatever its name: ``r3m/r3m_base.yaml``."""
    return (
        path.lower().endswith((".yml", ".yaml"))
        and bool(_TOP_DEPENDENCIES.search(text))
        and bool(_TOP_CHANNELS.search(text))
    )


def find_manifests(repo: RepoFacts) -> list[Manifest]:
    out = []
    yaml_read = 0
    for path in repo.paths:
        depth = path.count("/")
        parser = _parser_for(path)
        if depth > 3:
            continue
        if parser is None:
            if not path.lower().endswith((".yml", ".yaml")) or yaml_read >= MAX_YAML_READ:
                continue
            yaml_read += 1
            text = repo.text(path)
            if text is not None and is_conda_env(path, text):
                out.append(_conda(path, text))
            continue
        text = repo.text(path)
        if text is None:
            continue
        out.append(parser(path, text))
    out.sort(key=lambda m: (m.path.count("/"), m.path))
    return out


class DepsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_packages: int = 1


@detector("dependencies", DepsParams)
def dependencies(facts: Facts, min_packages: int) -> Outcome:
    repo = facts.repo
    assert repo is not None
    manifests = find_manifests(repo)
    good = [m for m in manifests if len(m.packages) >= min_packages]
    empty = [m for m in manifests if len(m.packages) < min_packages]
    evidence = []
    for m in good:
        name, line, raw = m.packages[0]
        evidence.append(file_ev(m.path, line, raw))
    readme_ev = _readme_instructions(repo)
    searched = (
        "requirements*.txt, environment*.yml, setup.py/setup.cfg, pyproject.toml, Pipfile, lock "
        "files, Dockerfile, R DESCRIPTION/renv.lock, Julia Project.toml, install scripts (up to 3 "
        "folders deep), and README install/requirements sections"
    )
    details: dict[str, object] = {
        "manifests": [
            {"path": m.path, "kind": m.kind, "packages": len(m.packages), "pinned": m.pinned}
            for m in manifests
        ]
    }
    if good:
        total = sum(len(m.packages) for m in good)
        pinned = sum(m.pinned for m in good)
        kinds = ", ".join(f"{m.path} ({len(m.packages)} entries)" for m in good[:3])
        pin_note = "all with versions" if pinned == total else f"{pinned} of {total} with versions"
        return Outcome(
            "pass", f"dependencies declared in {kinds}; {pin_note}",
            first(evidence + readme_ev), details=details,
        )  # fmt: skip
    if readme_ev:
        where = readme_ev[0].path
        which = "the README" if where in {d.path for d in repo.readme_docs} else where
        return Outcome(
            "pass", f"{which} gives environment set-up instructions naming packages or install commands",
            first(readme_ev), details=details,
            advice="Also add a manifest (requirements.txt or environment.yml) so tools can install it.",
        )  # fmt: skip
    if empty:
        ev = [file_ev(m.path, None, f"{m.kind}: no packages listed") for m in empty]
        return Outcome(
            "fail",
            f"{empty[0].path} exists but declares no packages",
            first(ev),
            searched,
            details=details,
        )
    return Outcome(
        "fail",
        "no dependency manifest and no README install instructions found",
        (),
        searched,
        details=details,
    )


REQ_LABEL = re.compile(
    r"^\W{0,6}(requirements?|dependenc(y|ies)|prerequisites?|install(ation)?|environment)"
    r"\W{0,4}\s*[:：]",
    re.I,
)
# a usage step telling the reader to install a named package: "Install PyTorch and ...",
# "Please install [apex](...)", "1. Install JAX" (an imperative at the start of a sentence)
INSTALL_STEP = re.compile(
    r"(?:^|[.:;!?]\s+)\W{0,6}(?:\d+[.)]\s*)?(?:please\s+|first,?\s+|then,?\s+)?install\b(?!ed|s)",
    re.I,
)
SELF_INSTALL = re.compile(r"install\s+(-e\s+)?\.?\s*[`'\"]*\s*$")


# MATLAB's packages are its toolboxes ("Financial Toolbox", "Deep Learning Toolbox")
MATLAB_TOOLBOX = re.compile(r"\b[A-Z][A-Za-z-]*(?: [A-Z][A-Za-z-]*)* Toolbox\b")


def _names_packages(text: str) -> bool:
    return MATLAB_TOOLBOX.search(text) is not None or any(
        not m.group(0).lower().startswith("python") for m in KNOWN_PACKAGES.finditer(text)
    )


_MAX_FOLDER_READMES = 30


def _folder_readmes(repo: RepoFacts) -> list[Document]:
    """The READMEs of the repository's sub-folders that the root README does not link to: set-up
    steps in a sub-project's own README ("pip install numpy torch tqdm" in ``ais/readme.md``)
    declare its environment all the same (the environment is looked for across the whole tree,
    not only within one hop of the root README). Vendored code's READMEs are not the
    repository's."""
    linked = {d.path for d in repo.readme_docs}
    paths = [
        p for p in repo.paths
        if "/" in p and p not in linked and README_RE.match(p.rsplit("/", 1)[-1])
        and p.lower().endswith(DOC_EXT) and candidate(p) and not TEST_FOLDER.search(p)
    ]  # fmt: skip
    paths.sort(key=lambda p: (p.count("/"), p))
    docs = (repo.document(p) for p in paths[:_MAX_FOLDER_READMES])
    return [d for d in docs if d is not None]


def _readme_instructions(repo: RepoFacts) -> list[Evidence]:
    """Install commands (in code blocks, inline code or list items), a requirements/installation
    section naming concrete packages, or a "Dependencies: ..." line naming them, in the root
    README and the documents it links to, then in sub-folders' own READMEs.

    Elsewhere, prose that mentions a framework ("tested with PyTorch 1.0" under "Usage") does
    not count.
    """
    evidence = []
    for doc in [*repo.readme_docs, *_folder_readmes(repo)]:
        for n, text in enumerate(doc.lines, start=1):
            if INSTALL_CMD.search(text) and not SELF_INSTALL.search(text):
                evidence.append(doc_ev(doc, n))
            elif REQ_LABEL.match(text) and _names_packages(text):
                evidence.append(doc_ev(doc, n))
            elif INSTALL_STEP.search(text) and _names_packages(text):
                evidence.append(doc_ev(doc, n))  # "Install PyTorch and download ImageNet ..."
        for _h, start, end in doc.section_text(REQ_HEADING):
            for n in range(start + 1, min(end, start + 60) + 1):
                if _names_packages(doc.lines[n - 1]):
                    evidence.append(doc_ev(doc, n))
    return evidence
