"""Pinned environment: exact versions for the ML-critical packages the code imports, a stated
Python version, and an environment capture (lock file, conda env with versions, pinned image)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.detectors import NoParams, Outcome, detector
from auditor.detectors.repo.dependencies import find_manifests
from auditor.facts import Facts
from auditor.facts.code import in_scope
from auditor.facts.evidence import doc_ev, file_ev, first
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence, Status

# import root -> (display name, distribution names that provide it)
CRITICAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "torch": ("torch", ("torch", "pytorch", "pytorch-gpu", "pytorch-cpu")),
    "torchvision": ("torchvision", ("torchvision",)),
    "tensorflow": (
        "tensorflow",
        ("tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly", "tensorflow-macos"),
    ),
    "keras": ("keras", ("keras",)),
    "jax": ("jax", ("jax",)),
    "flax": ("flax", ("flax",)),
    "numpy": ("numpy", ("numpy",)),
    "transformers": (
        "transformers",
        ("transformers", "pytorch-transformers", "pytorch-pretrained-bert"),
    ),
    "sklearn": ("scikit-learn", ("scikit-learn", "sklearn")),
    "mxnet": (
        "mxnet",
        ("mxnet", "mxnet-cu101", "mxnet-cu102", "mxnet-cu92", "mxnet-cu100", "mxnet-cu110"),
    ),
    "paddle": ("paddlepaddle", ("paddlepaddle", "paddlepaddle-gpu")),
    "pytorch_lightning": ("pytorch-lightning", ("pytorch-lightning", "pytorch_lightning")),
    "chainer": ("chainer", ("chainer",)),
    "theano": ("theano", ("theano",)),
    "cupy": ("cupy", ("cupy",)),
    "dgl": ("dgl", ("dgl", "dgl-cu101", "dgl-cu102", "dgl-cu110")),
    "torch_geometric": ("torch-geometric", ("torch-geometric", "torch_geometric")),
    "timm": ("timm", ("timm",)),
}
EXACT, LOOSE, BARE = "exact", "loose", "unversioned"
_OPS = r"(===|==|~=|>=|<=|!=|>|<|=)"
_IMAGE_PIN = re.compile(r"^\s*FROM\s+(\S+?)(?::(\S+)|@sha256:\S+)?(\s+AS\s+\S+)?\s*$", re.I)
PY_STATED = re.compile(
    r"(?<![\w-])python(?:_requires|_version|-requires)?\s*(?:version\s*)?[:=<>~!^\s\"'v]*\s*[23]\.\d+|"
    r"requires-python|FROM\s+python:\s*[23]\.\d",
    re.I,
)
CUDA_STATED = re.compile(
    r"\bcuda(?:toolkit)?\s*[:=v\s-]*\s*\d+(\.\d+)?|nvidia/cuda:\d|cu\d{2,3}\b", re.I
)
LOOSE_TAIL = re.compile(r"\s*(\+|\)?\s*or (later|higher|above|newer)|and (later|above))", re.I)
LOCK_FILES = (
    "poetry.lock",
    "pipfile.lock",
    "conda-lock.yml",
    "uv.lock",
    "pdm.lock",
    "requirements.lock",
)


@dataclass(frozen=True)
class Pin:
    package: str
    state: str  # exact / loose / unversioned / readme
    path: str
    line: int
    text: str


def _norm(line: str) -> str:
    line = line.split("#", 1)[0]
    return re.sub(r"\s*" + _OPS + r"\s*", r"\1", line)


def _scan_line(line: str, names: dict[str, str]) -> list[tuple[str, str]]:
    """(distribution key, state) for the critical packages named on one manifest line."""
    out = []
    for m in re.finditer(r"/(torch|torchvision|tensorflow[\w-]*|jax|jaxlib)-(\d[\w.+]*)-", line):
        key = names.get(m.group(1).lower())
        if key:
            out.append((key, EXACT))
    norm = _norm(line)
    for m in re.finditer(
        r"(?<![\w./-])([A-Za-z][\w.-]*)(?:\[[^\]]*\])?(?:"
        + _OPS
        + r"([^\s,;'\"]*))?(?:[\s\"',]+\"?([\^~*]?\d[\w.*]*|\*)\"?)?",
        norm,
    ):
        key = names.get(m.group(1).lower())
        if not key:
            continue
        op, ver, poetry = m.group(2), m.group(3) or "", m.group(4)
        if op == "=" and not ver and poetry:  # TOML (Poetry/Pipfile): name = "1.7.1" or "^1.7"
            op = None
        if op in ("==", "===", "=") and re.match(r"\d", ver):
            out.append((key, EXACT))
        elif op:
            out.append((key, LOOSE))
        elif poetry and poetry != "*":
            out.append((key, EXACT if re.match(r"\d", poetry) else LOOSE))
        else:
            out.append((key, BARE))
    return out


def _image_pins(path: str, text: str, names: dict[str, str]) -> tuple[list[Pin], list[Evidence]]:
    """Framework images (pytorch/pytorch:1.4-cuda10.1...) pin their framework; a tagged,
    non-latest base image is an environment capture."""
    pins, capture = [], []
    for n, raw in enumerate(text.splitlines(), start=1):
        m = _IMAGE_PIN.match(raw)
        if not m:
            continue
        image, tag = m.group(1).lower(), m.group(2)
        pinned = ("@sha256:" in raw) or (
            tag is not None and tag != "latest" and re.search(r"\d", tag)
        )
        if pinned:
            capture.append(file_ev(path, n, raw.strip()))
            for frame in ("pytorch", "tensorflow", "jax"):
                if frame in image:
                    pins.append(
                        Pin(
                            names.get("torch" if frame == "pytorch" else frame, frame),
                            EXACT,
                            path,
                            n,
                            raw.strip(),
                        )
                    )
    return pins, capture


def _names(used: list[str]) -> dict[str, str]:
    return {dist: root for root in used for dist in CRITICAL[root][1]}


def used_critical(repo: RepoFacts) -> list[str]:
    roots: set[str] = set()
    for info in repo.sources:
        if in_scope(info.path):
            roots |= info.roots()
    if "tensorflow" in roots:
        roots.discard("keras")
    return [r for r in CRITICAL if r in roots]


def collect(
    repo: RepoFacts, used: list[str]
) -> tuple[list[Pin], list[Evidence], list[Evidence], list[Evidence]]:
    """(pins, python-version evidence, environment-capture evidence, CUDA evidence)."""
    names = _names(used)
    pins: list[Pin] = []
    py_ev: list[Evidence] = []
    capture: list[Evidence] = []
    cuda: list[Evidence] = []
    paths = [m.path for m in find_manifests(repo)]
    paths += [
        p for p in repo.paths if p.rsplit("/", 1)[-1].lower() in LOCK_FILES and p not in paths
    ]
    paths += [p for p in repo.paths if p.rsplit("/", 1)[-1] in (".python-version", "runtime.txt")]
    for path in paths:
        text = repo.text(path) or ""
        low = path.rsplit("/", 1)[-1].lower()
        if low in LOCK_FILES:
            capture.append(file_ev(path, None, "lock file"))
        if low.startswith("dockerfile") or low.endswith(".dockerfile"):
            more, cap = _image_pins(path, text, names)
            pins += more
            capture += cap
        conda_versions = 0
        for n, raw in enumerate(text.splitlines()[:5000], start=1):
            if low in (".python-version", "runtime.txt") or PY_STATED.search(raw):
                py_ev.append(file_ev(path, n, raw.strip()))
            for key, state in _scan_line(raw, names):
                pins.append(Pin(key, state, path, n, raw.strip()))
            if CUDA_STATED.search(raw):
                cuda.append(file_ev(path, n, raw.strip()))
            if re.match(r"^\s+-\s+[\w.-]+=+\d", raw):
                conda_versions += 1
        if conda_versions and re.match(r"^(environment|env|conda)[\w.-]*\.ya?ml$", low):
            capture.append(
                file_ev(path, None, f"conda environment with {conda_versions} versioned packages")
            )
    return pins, py_ev, capture, cuda


def readme_versions(repo: RepoFacts, used: list[str]) -> tuple[list[Pin], list[Evidence]]:
    pins, py_ev = [], []
    words = {root: CRITICAL[root][1] + (("pytorch",) if root == "torch" else ()) for root in used}
    for doc in repo.readme_docs:
        for n, raw in enumerate(doc.lines, start=1):
            if PY_STATED.search(raw):
                py_ev.append(doc_ev(doc, n))
            for root, names in words.items():
                alt = "|".join(re.escape(x) for x in names)
                m = re.search(
                    rf"(?<![\w-])({alt})(?![\w-])([\s:=v>~<(`-]*)\d+\.\d+[\w.]*(.{{0,14}})",
                    raw,
                    re.I,
                )
                if m and not (">" in m.group(2) or LOOSE_TAIL.match(m.group(3))):
                    pins.append(Pin(root, "readme", doc.path, n, raw.strip()))
    return pins, py_ev


def _best(pins: list[Pin], root: str) -> Pin | None:
    order = {EXACT: 0, "readme": 1, LOOSE: 2, BARE: 3}
    mine = [p for p in pins if p.package == root]
    return min(mine, key=lambda p: order[p.state]) if mine else None


@detector("code_environment_pinned", NoParams)
def code_environment_pinned(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    used = used_critical(repo)
    searched = (
        "requirements*.txt, environment*.yml, setup.py/cfg, pyproject.toml, Pipfile, lock files, "
        "Dockerfiles (base image tags), .python-version/runtime.txt and the README, for the "
        "ML-critical packages the code imports"
    )
    if not used:
        return Outcome(
            "not_applicable",
            "the code imports no ML-critical package (torch, tensorflow, jax, numpy, ...)",
            (),
            searched,
        )
    pins, py_ev, capture, cuda_ev = collect(repo, used)
    readme_pins, readme_py = readme_versions(repo, used)
    # a README version ("tested with PyTorch 1.1") beats a manifest entry that has none
    best = {root: _best(pins + readme_pins, root) for root in used}
    exact = [r for r in used if best[r] is not None and best[r].state == EXACT]  # type: ignore[union-attr]
    readme = [r for r in used if best[r] is not None and best[r].state == "readme"]  # type: ignore[union-attr]
    loose = [r for r in used if r not in exact and r not in readme and best[r] is not None]
    missing = [r for r in used if best[r] is None]
    cuda = bool(cuda_ev) or any(CUDA_STATED.search(p.text) for p in readme_pins)
    python = py_ev or readme_py
    details: dict[str, object] = {
        "packages": {CRITICAL[r][0]: (best[r].state if best[r] else "not listed") for r in used},  # type: ignore[union-attr]
        "python_version_stated": bool(python),
        "environment_capture": [e.path for e in capture],
        "cuda_stated": cuda,
    }
    ev = [
        file_ev(pin.path, pin.line, f"{pin.text} ({pin.state})")
        for r in used
        if (pin := best[r]) is not None
    ]  # type: ignore[union-attr]
    ev = ev[:4] + python[:1] + capture[:1]
    label = lambda rs: ", ".join(CRITICAL[r][0] for r in rs)  # noqa: E731
    gaps = []
    if loose:
        gaps.append(f"no exact version for {label(loose)}")
    if readme:
        gaps.append(f"versions of {label(readme)} only stated in the README")
    if missing:
        gaps.append(f"{label(missing)} not listed")
    if not python:
        gaps.append("Python version not stated")
    if not capture:
        gaps.append("no lock file, versioned conda env or pinned base image")
    if not cuda and used and set(used) & {"torch", "tensorflow", "jax", "mxnet", "cupy"}:
        gaps.append("CUDA version not stated")
    if len(exact) == len(used) and python:
        summary = f"exact versions for {label(exact)}; Python version stated"
        if gaps:
            summary += " (" + "; ".join(gaps) + ")"
        return Outcome("pass", summary, first(ev), details=details)
    status: Status = "partial" if exact or readme else "fail"
    pinned = f"exact versions for {label(exact)}; " if exact else ""
    return Outcome(status, pinned + "; ".join(gaps), first(ev), searched, details=details)
