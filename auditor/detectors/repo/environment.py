"""Pinned environment: do the ML-critical packages have exact versions?

Sources, as the labelling rules say: manifests anywhere in the tree (pip requirements, conda
environments, setuptools and pyproject files, Pipfiles, lock files, Docker build files, Cog
build specs, Julia and R manifests, install scripts, git submodules) and the README's setup,
requirements and installation sections with the in-repo documents they link to (install
commands anywhere in them). A version in descriptive prose elsewhere is ignored.

ML-critical: the deep-learning framework the code imports (named or not), and, where they are
named, its companion libraries, NumPy, scikit-learn when it is the modelling library, and
CUDA / cuDNN. A package the repository never names (NumPy arriving with the framework) is not
held against it. Any source with an exact version pins a package; a looser one elsewhere does
not cancel it. All exact: pass; some versioned (exact or only constrained): partial; none:
fail; no code: not applicable."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from auditor.detectors import NoParams, Outcome, detector
from auditor.detectors.repo.dependencies import find_manifests, is_conda_env
from auditor.facts import Facts
from auditor.facts.code import DATA_PREP, VENDOR, in_scope
from auditor.facts.entries import entry_points
from auditor.facts.evidence import doc_ev, file_ev, first
from auditor.facts.markdown import Document
from auditor.facts.python_src import PyInfo
from auditor.facts.reach import imported_modules
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence, Status

EXACT, LOOSE, BARE = "exact", "constrained", "unversioned"
_ORDER = {EXACT: 0, LOOSE: 1, BARE: 2}


@dataclass(frozen=True)
class Package:
    label: str
    dists: tuple[str, ...]  # distribution names in manifests (lower case, "-" for "_")
    prose: str | None = None  # how the README's setup prose names it (regex), None: not at all


PACKAGES: dict[str, Package] = {
    "torch": Package("torch", ("torch", "pytorch", "pytorch-gpu", "pytorch-cpu"), r"py[Tt]orch|torch|PyTorch|Pytorch|PYTORCH"),
    "torchvision": Package("torchvision", ("torchvision",), r"torchvision"),
    "tensorflow": Package("tensorflow", ("tensorflow", "tensorflow-gpu", "tensorflow-cpu", "tf-nightly", "tensorflow-macos", "tensorflow-intel", "tf-nightly-gpu"), r"[Tt]ensor[Ff]low(?:[-_ ]?[Gg][Pp][Uu])?|TENSORFLOW"),
    "jax": Package("jax", ("jax", "jaxlib"), r"JAX|[Jj]ax(?:lib)?"),
    "flax": Package("flax", ("flax",), r"[Ff]lax"),
    "keras": Package("keras", ("keras",), r"[Kk]eras"),
    "theano": Package("theano", ("theano",), r"[Tt]heano"),
    "mxnet": Package("mxnet", ("mxnet", "mxnet-cu92", "mxnet-cu100", "mxnet-cu101", "mxnet-cu102", "mxnet-cu110", "mxnet-cu112"), r"MXNet|mxnet"),
    "paddle": Package("paddlepaddle", ("paddlepaddle", "paddlepaddle-gpu"), r"[Pp]addle[Pp]addle"),
    "chainer": Package("chainer", ("chainer",), r"[Cc]hainer"),
    "caffe": Package("caffe", ("caffe",), r"[Cc]affe"),
    "flux": Package("Flux", ("flux",), None),
    "luatorch": Package("Lua torch", ("torch7",), r"[Tt]orch7"),
    "timm": Package("timm", ("timm",), r"timm"),
    "transformers": Package("transformers", ("transformers", "pytorch-transformers", "pytorch-pretrained-bert"), r"[Tt]ransformers"),
    "datasets": Package("datasets", ("datasets",), None),
    "tfds": Package("tensorflow-datasets", ("tensorflow-datasets", "tfds-nightly"), r"tensorflow[-_]datasets"),
    "tfhub": Package("tensorflow-hub", ("tensorflow-hub",), r"tensorflow[-_]hub"),
    "tfp": Package("tensorflow-probability", ("tensorflow-probability",), r"tensorflow[-_]probability"),
    "lightning": Package("pytorch-lightning", ("pytorch-lightning", "lightning"), r"[Pp]y[Tt]orch[- ][Ll]ightning"),
    "numpy": Package("numpy", ("numpy",), r"[Nn]um[Pp]y"),
    "sklearn": Package("scikit-learn", ("scikit-learn", "sklearn"), r"[Ss]cikit[- ][Ll]earn|sklearn"),
    "cuda": Package("CUDA", ("cudatoolkit", "cuda", "pytorch-cuda", "cuda-toolkit", "cuda-version"), r"CUDA|[Cc]uda(?:toolkit)?"),
    "cudnn": Package("cuDNN", ("cudnn",), r"cu[Dd][Nn][Nn]|CUDNN"),
}  # fmt: skip
# import root -> framework key
FRAMEWORKS = {
    "torch": "torch", "tensorflow": "tensorflow", "jax": "jax", "theano": "theano",
    "mxnet": "mxnet", "paddle": "paddle", "chainer": "chainer", "caffe": "caffe", "keras": "keras",
}  # fmt: skip
_BY_DIST = {d: key for key, pkg in PACKAGES.items() for d in pkg.dists}
_OPS = r"===|==|~=|>=|<=|!=|>|<|=|\^|~"
_DIST_TOKEN = re.compile(
    r"(?<![\w./:-])(?:[\w-]+::)?([A-Za-z][\w.-]*?)(?:\[[^\]]*\])?\s*"
    r"(?:(" + _OPS + r")\s*([0-9][\w.*+-]*))?(?![\w.-])"
)
# TOML / YAML key-value versions: Poetry's torch = "^1.7", Cog's cuda: "11.1"
_POETRY = re.compile(r"^\s*\"?([A-Za-z][\w.-]*)\"?\s*[=:]\s*[\"']([\^~>=<]*)\s*([0-9][\w.*]*)[\"']")
_WHEEL = re.compile(r"/(torch|torchvision|tensorflow[\w-]*|jax|jaxlib)-(\d[\w.+]*)-")
_CU_TAG = re.compile(r"\+cu(\d{2,3})\b")
_INSTALL = re.compile(
    r"\b(pip3?\s+install|conda\s+(?:env\s+create|create|install)|mamba\s+install|uv\s+pip\s+"
    r"install|poetry\s+add|python[\d.]*\s+-m\s+pip\s+install)\b",
    re.I,
)
SETUP_HEADING = re.compile(
    r"requirement|dependenc|install|setup|set up|set-up|environment|prerequisite|preliminar|"
    r"software|"
    r"get(?:ting)? started|quick ?start|preparation|tested|system|versions?\b",
    re.I,
)
SETUP_DOC = re.compile(
    r"(^|/)(install|setup|requirements?|environment|getting_started)[^/]*$", re.I
)
PY_STATED = re.compile(
    r"(?<![\w-])python(?:_requires|_version|-requires)?\s*(?:version\s*)?[:=<>~!^\s\"'v]*\s*"
    r"[23]\.\d+|requires-python|FROM\s+python:\s*[23]\.\d",
    re.I,
)
LOCK_FILES = ("poetry.lock", "pipfile.lock", "conda-lock.yml", "uv.lock", "pdm.lock", "renv.lock")
_MANIFEST_NAME = re.compile(
    r"^(requirements?[\w.-]*\.(txt|in|pip)|(environment|env|conda)[\w.-]*\.ya?ml|setup\.py|"
    r"setup\.cfg|pyproject\.toml|pipfile|cog\.yaml|manifest\.toml|project\.toml|description|"
    r"dockerfile[\w.-]*|[\w.-]+\.dockerfile|" + "|".join(re.escape(f) for f in LOCK_FILES) + r")$",
    re.I,
)
MAX_SOURCES = 80
MAX_LINES = 5000


@dataclass(frozen=True)
class Pin:
    package: str  # a PACKAGES key, or a distribution name outside them
    state: str
    path: str
    line: int
    text: str


# -- reading versions ---------------------------------------------------------------------------
def _state(key: str, op: str | None, version: str) -> str:
    """exact / constrained / unversioned for one requirement: ``==`` is exact, a conda ``=``
    needs x.y.z (x.y for CUDA), a wildcard or any other operator only constrains."""
    if not op:
        return BARE
    if "*" in version or not re.match(r"\d", version):
        return LOOSE
    if op in ("==", "==="):
        return EXACT
    if op == "=":
        parts = len(re.findall(r"\d+", version.split("+")[0]))
        return EXACT if parts >= (2 if key in ("cuda", "cudnn") else 3) else LOOSE
    return LOOSE


# a VCS requirement; a commit hash or a release tag fixes its version, a branch does not
_VCS = re.compile(
    r"(?:(?<![\w.-])([A-Za-z][\w.-]*)\s*@\s*)?(?:git\+)?(?:https?|ssh|git)://\S+?/([\w.-]+?)"
    r"(?:\.git)?@([\w.-]+?)(?=[#\s]|$)(?:#egg=([\w.-]+))?"
)
_FIXED_REF = re.compile(r"[0-9a-f]{7,40}|v?\d+(\.\d+)+", re.I)
_MATH_OPS = str.maketrans({"≥": ">=", "≤": "<=", "≧": ">=", "≦": "<=", "＞": ">", "＜": "<"})


def scan_requirements(line: str) -> list[tuple[str, str]]:
    """(package key or distribution, state) for the requirements named on a manifest line."""
    code = re.split(r"(?<!\S)#", line, maxsplit=1)[0].translate(_MATH_OPS)
    out: list[tuple[str, str]] = []
    for m in _WHEEL.finditer(code):
        out.append((_BY_DIST.get(m.group(1).lower(), m.group(1).lower()), EXACT))
    out += [("cuda", EXACT) for _m in _CU_TAG.finditer(code)]
    poetry = _POETRY.match(code)
    key = _BY_DIST.get(poetry.group(1).lower().replace("_", "-")) if poetry else None
    if poetry and key:
        return out + [(key, EXACT if (poetry.group(2) or "==") == "==" else LOOSE)]
    for m in _VCS.finditer(code):  # name @ git+https://host/org/repo.git@<commit or tag>
        dist = (m.group(1) or m.group(4) or m.group(2)).lower().replace("_", "-")
        key = _BY_DIST.get(dist)
        if key is not None:
            out.append((key, EXACT if _FIXED_REF.fullmatch(m.group(3)) else BARE))
    code = _VCS.sub(" ", code)
    for m in _DIST_TOKEN.finditer(code):
        dist = m.group(1).lower().replace("_", "-")
        key = _BY_DIST.get(dist)
        if key is None:
            continue
        out.append((key, _state(key, m.group(2), m.group(3) or "")))
    return out


def _prose_pattern(key: str) -> re.Pattern[str] | None:
    pkg = PACKAGES[key]
    if pkg.prose is None:
        return None
    return re.compile(
        rf"(?<![\w./@#-])(?:{pkg.prose})(?![\w-])"
        r"(?:(?P<pre>[\s:=v>~<(`*,'\"-]*(?:version)?[\s:=v>~<(`*'\"]*)"
        r"(?P<ver>\d+(?:\.(?:\d+|x|\*))*)(?P<tail>\s*\+|\.x|\s*(?:or|and)\s+(?:later|higher|"
        r"above|newer|up)|\s*-\s*\d)?)?"
    )


_PROSE = {key: pat for key in PACKAGES if (pat := _prose_pattern(key)) is not None}


def scan_prose(line: str) -> list[tuple[str, str]]:
    """(package key, state) for packages a setup section's sentence names, with or without a
    version: 'PyTorch 1.10.1' is exact, 'PyTorch >= 1.8', 'CUDA 11 or later' and a bare major
    version only constrain."""
    out = []
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [PyTorch](https://...) 1.10.1
    line = line.translate(_MATH_OPS)  # PyTorch ≥ 1.4
    for key, pat in _PROSE.items():
        for m in pat.finditer(line):
            ver = m.group("ver")
            if ver is None:
                out.append((key, BARE))
                continue
            pre, tail = m.group("pre") or "", m.group("tail")
            loose = re.search(r"[<>~]", pre) or tail or re.search(r"[x*]", ver)
            out.append((key, LOOSE if loose or "." not in ver else EXACT))
            break
    return out


# -- sources ------------------------------------------------------------------------------------
def manifest_paths(repo: RepoFacts) -> list[str]:
    """Manifest files anywhere in the tree (vendored and documentation folders left out)."""
    paths = [m.path for m in find_manifests(repo)]
    seen = set(paths)
    for p in repo.paths:
        if p not in seen and _MANIFEST_NAME.match(p.rsplit("/", 1)[-1]) and not VENDOR.search(p):
            paths.append(p)
            seen.add(p)
    return sorted(paths, key=lambda p: (p.count("/"), p))[:MAX_SOURCES]


def _manifest_pins(repo: RepoFacts, path: str) -> list[Pin]:
    text = repo.text(path) or ""
    low = path.rsplit("/", 1)[-1].lower()
    if low in ("manifest.toml", "uv.lock", "poetry.lock", "pdm.lock"):
        return _toml_lock_pins(path, text)
    if low in ("pipfile.lock", "renv.lock"):
        return _json_lock_pins(path, text)
    if low.startswith("dockerfile") or low.endswith(".dockerfile"):
        return _docker_pins(path, text)
    listing = bool(
        re.match(
            r"^(requirements?[\w.-]*\.(txt|in|pip)|(environment|env|conda)[\w.-]*\.ya?ml)$", low
        )
    ) or is_conda_env(path, text)
    pins = []
    lines = text.splitlines()[:MAX_LINES]
    keep = (
        _setup_py_lines(text) if low == "setup.py"
        else _setup_cfg_lines(text) if low == "setup.cfg"
        else None
    )  # fmt: skip
    for n, raw in enumerate(lines, 1):
        if keep is not None and n not in keep:
            continue  # find_packages(exclude=("datasets", ...)) names no requirement
        found = scan_requirements(raw)
        if listing and not found:  # one requirement a line: other packages, for repos with no
            found = _other_requirement(raw)  # critical one (judged on what they declare)
        pins += [Pin(k, s, path, n, raw.strip()) for k, s in found]
    return pins


_SETUP_KEYS = re.compile(r"\b(?:install_requires|extras_require|setup_requires|requires)\s*=\s*")
_OPEN = {"[": "]", "{": "}", "(": ")"}


def _setup_py_lines(text: str) -> set[int]:
    """Line numbers of a setup.py's requirement lists: ``install_requires=[...]`` (and extras),
    or the list a name there was assigned (``REQUIRED = [...]``; ``install_requires=REQUIRED``).
    A call (``get_requirements()``) reads a requirements file, which is scanned on its own."""
    spans: list[tuple[int, int]] = []
    for m in _SETUP_KEYS.finditer(text):
        start = m.end()
        if text[start : start + 1] in _OPEN:
            spans.append(_bracketed(text, start))
            continue
        name = re.match(r"[A-Za-z_]\w*(?!\s*\()", text[start:])
        if name:
            assign = re.search(rf"^\s*{re.escape(name.group(0))}\s*=\s*(?=[\[{{(])", text, re.M)
            if assign:
                spans.append(_bracketed(text, assign.end()))
    lines: set[int] = set()
    for lo, hi in spans:
        first = text.count("\n", 0, lo) + 1
        lines.update(range(first, first + text.count("\n", lo, hi) + 1))
    return lines


def _setup_cfg_lines(text: str) -> set[int]:
    """Line numbers of a setup.cfg's requirements: ``install_requires`` (and the other
    ``*_requires``) of [options] with their continuation lines, and [options.extras_require];
    tool sections (isort's ``known_third_party = numpy,...``) name no requirement."""
    lines: set[int] = set()
    section, inside = "", False
    for n, raw in enumerate(text.splitlines()[:MAX_LINES], 1):
        stripped = raw.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section, inside = stripped[1:-1].strip().lower(), False
            continue
        if section == "options.extras_require":
            lines.add(n)
            continue
        if section != "options":
            continue
        if raw[:1].isspace() and inside:  # a continuation line of the current key
            lines.add(n)
            continue
        inside = bool(re.match(r"(install|setup|tests)_requires\s*=", stripped))
        if inside:
            lines.add(n)
    return lines


def _bracketed(text: str, start: int) -> tuple[int, int]:
    """The span from the bracket at ``start`` to its match (or 20,000 characters on)."""
    close, depth = _OPEN[text[start]], 0
    for i in range(start, min(len(text), start + 20_000)):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _OPEN.values():
            depth -= 1
            if depth == 0 and ch == close:
                return start, i + 1
    return start, min(len(text), start + 20_000)


_REQ_LINE = re.compile(
    r"^\s*(?:-\s+)?([A-Za-z][\w.-]*)(?:\[[^\]]*\])?\s*(?:("
    + _OPS
    + r")\s*([0-9][\w.*+-]*))?\s*(?:[,;#].*)?$"
)


def _other_requirement(raw: str) -> list[tuple[str, str]]:
    m = _REQ_LINE.match(raw)
    if m is None or m.group(1).lower() in ("python", "pip", "name", "channels", "dependencies"):
        return []
    dist = m.group(1).lower().replace("_", "-")
    return [(dist, _state(dist, m.group(2), m.group(3) or ""))]


def _toml_lock_pins(path: str, text: str) -> list[Pin]:
    """Every package of a Julia Manifest.toml / uv / poetry / pdm lock has its exact version."""
    pins, name, where = [], None, 0
    for n, raw in enumerate(text.splitlines()[: MAX_LINES * 10], 1):
        head = re.match(r"^\s*\[\[(?:package\.)?([\w.-]+)\]\]", raw) or re.match(
            r'^\s*name\s*=\s*"([\w.-]+)"', raw
        )
        if head and head.group(1) not in ("package", "deps"):
            name, where = head.group(1), n
            continue
        ver = re.match(r'^\s*version\s*=\s*"([^"]+)"', raw)
        if ver and name:
            key = _BY_DIST.get(name.lower().replace("_", "-"), name.lower())
            pins.append(Pin(key, EXACT, path, where, f"{name} {ver.group(1)}"))
            name = None
    return pins


def _json_lock_pins(path: str, text: str) -> list[Pin]:
    try:
        data = json.loads(text)
    except ValueError:
        return []
    pkgs: dict[str, object] = {}
    if isinstance(data, dict):
        for section in ("default", "develop", "Packages"):
            if isinstance(data.get(section), dict):
                pkgs.update(data[section])
    out = []
    for name, spec in list(pkgs.items())[:2000]:
        ver = spec.get("version") or spec.get("Version") if isinstance(spec, dict) else None
        if isinstance(ver, str):
            key = _BY_DIST.get(name.lower().replace("_", "-"), name.lower())
            out.append(Pin(key, EXACT, path, 1, f"{name} {ver.lstrip('=')}"))
    return out


_FROM = re.compile(
    r"^\s*FROM\s+(?:--\S+\s+)*(\S+?)(?::(\S+))?(?:@sha256:\S+)?(\s+AS\s+\S+)?\s*$", re.I
)
_ARG = re.compile(r"^\s*ARG\s+(\w+)\s*=\s*[\"']?([^\"'\s]+)")


def _docker_pins(path: str, text: str) -> list[Pin]:
    """Framework and CUDA base images with versioned tags (pytorch/pytorch:1.4-cuda10.1-cudnn7,
    nvidia/cuda:11.6.2-cudnn8), ARG defaults substituted; RUN install lines as manifests."""
    pins: list[Pin] = []
    args: dict[str, str] = {}
    for n, raw in enumerate(text.splitlines()[:MAX_LINES], 1):
        arg = _ARG.match(raw)
        if arg:
            args[arg.group(1)] = arg.group(2)
        line = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), raw)
        m = _FROM.match(line)
        if m:
            pins += [Pin(k, s, path, n, raw.strip()) for k, s in _image(m.group(1), m.group(2))]
        elif re.match(r"^\s*(RUN|&&)|^\s+\S", line) and _INSTALL.search(line):
            pins += [Pin(k, s, path, n, raw.strip()) for k, s in scan_requirements(line)]
    return pins


def _image(image: str, tag: str | None) -> list[tuple[str, str]]:
    if not tag or tag == "latest" or not re.match(r"\d", tag):
        return []
    low = image.lower()
    out = []
    for word, key in (("pytorch", "torch"), ("tensorflow", "tensorflow"), ("jax", "jax")):
        if word in low.rsplit("/", 1)[-1]:
            out.append((key, EXACT))
    if "cuda" in low or re.search(r"cuda\d", tag):
        out.append(("cuda", EXACT))
    if "cudnn" in tag:
        out.append(("cudnn", EXACT))
    return out


def _script_pins(repo: RepoFacts) -> list[Pin]:
    """Install lines (pip / conda) of the repository's shell scripts."""
    pins = []
    for p in repo.shell_scripts[:MAX_SOURCES]:
        if VENDOR.search(p):
            continue
        for n, raw in enumerate((repo.text(p) or "").splitlines()[:MAX_LINES], 1):
            if _INSTALL.search(raw):
                pins += [Pin(k, s, p, n, raw.strip()) for k, s in scan_requirements(raw)]
    return pins


def _submodule_pins(repo: RepoFacts) -> list[Pin]:
    """A git submodule holding a critical package's source fixes it at a commit."""
    text = repo.text(".gitmodules") if ".gitmodules" in repo.paths else None
    pins = []
    for n, raw in enumerate((text or "").splitlines(), 1):
        m = re.match(r"^\s*url\s*=\s*\S*/([\w.-]+?)(?:\.git)?\s*$", raw)
        key = _BY_DIST.get(m.group(1).lower()) if m else None
        if key:
            pins.append(Pin(key, EXACT, ".gitmodules", n, raw.strip()))
    return pins


def readme_pins(repo: RepoFacts) -> tuple[list[Pin], int]:
    """Pins from the README documents: install commands anywhere in them, and packages named
    in setup / requirements / installation sections. Also how many such sections exist."""
    pins: list[Pin] = []
    sections = 0
    for doc in repo.readme_docs:
        setup = _setup_lines(doc)
        sections += bool(setup)
        for n, raw in enumerate(doc.lines, 1):
            if _INSTALL.search(raw):
                pins += [Pin(k, s, doc.path, n, raw.strip()) for k, s in scan_requirements(raw)]
            elif n in setup:
                found = scan_requirements(raw) if re.search(r"==|>=|~=", raw) else []
                found += scan_prose(raw)
                pins += [Pin(k, s, doc.path, n, raw.strip()) for k, s in found]
    return pins, sections


def _setup_lines(doc: Document) -> set[int]:
    if SETUP_DOC.search(posixpath.basename(doc.path).rsplit(".", 1)[0]):
        return set(range(1, len(doc.lines) + 1))  # an installation document as a whole
    out: set[int] = set()
    for _h, start, end in doc.section_text(SETUP_HEADING):
        out.update(range(start, end + 1))
    return out


# -- the check ----------------------------------------------------------------------------------
def used_frameworks(repo: RepoFacts) -> list[str]:
    """Deep-learning frameworks the repository's own code imports (Python, Julia, Lua): those
    of its entry points and the modules they import, or of any file where none imports one."""
    modules = _entry_modules(repo)
    # a script that builds or converts the data (data_gen/tfrecord_to_h5.py importing
    # TensorFlow beside a JAX model) is not code the model runs on, unless nothing else is
    found = _framework_roots([e for m in modules if not prepares_data(m[0].path) for e in m])
    if not found:
        found = _framework_roots([e for m in modules for e in m])
    if not found:
        found = _framework_roots([i for i in repo.sources if in_scope(i.path)])
    if "tensorflow" in found:
        found.discard("keras")  # tf.keras
    for p in repo.other_code_paths()[:MAX_SOURCES]:
        text = (repo.text(p) or "")[:100_000] if in_scope(p) else ""
        if p.lower().endswith(".jl") and re.search(r"^\s*(using|import)\s+.*\bFlux\b", text, re.M):
            found.add("flux")
        if p.lower().endswith(".lua") and re.search(r"require\s*\(?\s*['\"](torch|nn)['\"]", text):
            found.add("luatorch")
    return [k for k in PACKAGES if k in found]


_DATA_GEN = re.compile(r"^data[_-]?(gen|generation|prep|preparation|processing|conversion)", re.I)


def prepares_data(path: str) -> bool:
    """A script in a data-preparation folder or named for one (``data_gen/``,
    ``preprocess/``, ``prepare_data.py``, ``download_dataset.py``)."""
    parts = path.split("/")
    return bool(DATA_PREP.search(parts[-1])) or any(
        DATA_PREP.search(p) or _DATA_GEN.search(p) for p in parts[:-1]
    )


def _entry_modules(repo: RepoFacts) -> list[list[PyInfo]]:
    out = []
    for entry in entry_points(repo):
        info = repo.python(entry.path)
        if info is not None:
            out.append([info, *imported_modules(repo, info)])
    return out


def _framework_roots(infos: list[PyInfo]) -> set[str]:
    """The frameworks these modules import. Where one is imported at the top of a module, a
    framework imported only inside functions (``def load_tf_weights(): import tensorflow``,
    a checkpoint converter) is not one the code runs on."""
    roots: set[str] = set()
    top: set[str] = set()
    for info in infos:
        roots |= info.roots()
        top |= info.top_roots
    found = {FRAMEWORKS[r] for r in roots if r in FRAMEWORKS}
    at_top = {FRAMEWORKS[r] for r in top if r in FRAMEWORKS}
    return at_top if at_top else found


def _has_code(repo: RepoFacts) -> bool:
    return bool(repo.sources) or bool(repo.other_code_paths()) or bool(repo.shell_scripts)


def _best(pins: list[Pin], key: str) -> Pin | None:
    mine = [p for p in pins if p.package == key]
    return min(mine, key=lambda p: _ORDER[p.state]) if mine else None


def _critical(pins: list[Pin], frameworks: list[str]) -> list[str]:
    """The framework(s) the code imports, and the critical packages the sources name
    (frameworks only if imported; scikit-learn only where no deep-learning framework is)."""
    named = {p.package for p in pins if p.package in PACKAGES}
    versioned = {p.package for p in pins if p.state != BARE}
    out = set(frameworks)
    for key in named:
        if key in FRAMEWORKS.values() or key in ("flux", "luatorch"):
            continue  # a framework counts where the code imports it
        if key == "sklearn" and frameworks:
            continue
        if key in ("cuda", "cudnn") and key not in versioned:
            continue  # "results may vary with CUDA versions" is no instruction
        out.add(key)
    keys = [k for k in PACKAGES if k in out]
    if not frameworks:  # no deep-learning framework: the declared packages model the work
        keys += sorted({p.package for p in pins if p.package not in PACKAGES})
    return keys


@detector("code_environment_pinned", NoParams)
def code_environment_pinned(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    searched = (
        "manifests anywhere in the tree (requirements*.txt, environment*.yml, setup.py/cfg, "
        "pyproject.toml, Pipfile, lock files, Dockerfiles and base-image tags, cog.yaml, Julia "
        "Manifest.toml/Project.toml, R DESCRIPTION/renv.lock, install scripts, git submodules) "
        "and the README's setup/requirements/installation sections and linked documents"
    )
    if not _has_code(repo):
        return Outcome("not_applicable", "the repository has no code", (), searched)
    paths = manifest_paths(repo)
    pins = [pin for p in paths for pin in _manifest_pins(repo, p)]
    pins += _script_pins(repo) + _submodule_pins(repo)
    doc_pins, sections = readme_pins(repo)
    pins += doc_pins
    details = _details(repo, paths, pins, sections)
    if not paths and not sections and not doc_pins:
        return Outcome("fail", "no manifest and no setup or installation section", (), searched,
                       details=details)  # fmt: skip
    frameworks = used_frameworks(repo)
    keys = _critical(pins, frameworks)
    best = {k: _best(pins, k) for k in keys}
    state = {k: (b.state if b else "not listed") for k, b in best.items()}
    details["packages"] = {PACKAGES[k].label if k in PACKAGES else k: s for k, s in state.items()}
    exact = [k for k in keys if state[k] == EXACT]
    loose = [k for k in keys if state[k] == LOOSE]
    ev = [_pin_ev(repo, b) for k in keys if (b := best[k]) is not None]
    ev.sort(key=lambda e: 0 if "(exact)" in (e.excerpt or "") else 1)
    summary = _summary(keys, state)
    if keys and len(exact) == len(keys):
        return Outcome("pass", summary, first(ev), details=details)
    status: Status = "partial" if exact or loose else "fail"
    return Outcome(status, summary, first(ev), searched, details=details,
                   advice=_advice(keys, state))  # fmt: skip


def _label(keys: list[str]) -> str:
    return ", ".join(PACKAGES[k].label if k in PACKAGES else k for k in keys)


def _summary(keys: list[str], state: dict[str, str]) -> str:
    if not keys:
        return "no package is declared in the manifests or setup sections"
    parts = []
    for st, words in ((EXACT, "exact versions for"), (LOOSE, "only constraints for"),
                      (BARE, "no version for"), ("not listed", "not named anywhere:")):  # fmt: skip
        mine = [k for k in keys if state[k] == st]
        if mine:
            parts.append(f"{words} {_label(mine)}")
    return "; ".join(parts)


def _advice(keys: list[str], state: dict[str, str]) -> str:
    todo = [k for k in keys if state[k] != EXACT]
    return (
        f"Give exact versions (==) for {_label(todo) or 'the ML-critical packages'} in a "
        "requirements file, a conda environment.yml or a Dockerfile, or ship a lock file."
    )


def _pin_ev(repo: RepoFacts, pin: Pin) -> Evidence:
    doc = next((d for d in repo.readme_docs if d.path == pin.path), None)
    if doc is not None:
        return doc_ev(doc, pin.line, f"{pin.text[:180]} ({pin.state})")
    return file_ev(pin.path, pin.line, f"{pin.text[:180]} ({pin.state})")


def _details(
    repo: RepoFacts, paths: list[str], pins: list[Pin], sections: int
) -> dict[str, object]:
    capture = []
    for path in paths:
        low = path.rsplit("/", 1)[-1].lower()
        exact = sum(1 for p in pins if p.path == path and p.state == EXACT)
        conda = re.match(r"^(environment|env|conda)[\w.-]*\.ya?ml$", low)
        if low in LOCK_FILES or low == "manifest.toml" or (exact and conda):
            capture.append(path)  # a lock file, a Julia manifest, a versioned conda env
    python = any(PY_STATED.search(p.text) for p in pins) or any(
        PY_STATED.search(line) for d in repo.readme_docs[:3] for line in d.lines[:400]
    )
    return {
        "sources": paths[:20],
        "readme_setup_sections": sections,
        "environment_capture": capture,
        "python_version_stated": python,
        "cuda_stated": any(p.package == "cuda" for p in pins),
    }
