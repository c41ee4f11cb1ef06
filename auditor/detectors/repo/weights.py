"""Pre-trained models: the paper's own weights, freely downloadable."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.facts import Facts
from auditor.facts.evidence import doc_ev, file_ev, first, link_ev
from auditor.facts.markdown import Document, Link
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

WEIGHT_HOSTS = re.compile(
    r"(^|\.)(drive\.google\.com|docs\.google\.com|dropbox\.com|dropboxusercontent\.com|"
    r"huggingface\.co|hf\.co|zenodo\.org|figshare\.com|onedrive\.live\.com|1drv\.ms|"
    r"sharepoint\.com|pan\.baidu\.com|yun\.baidu\.com|amazonaws\.com|storage\.googleapis\.com|"
    r"box\.com|mega\.nz|mega\.co\.nz|cloud\.tsinghua\.edu\.cn|disk\.yandex\.\w+|yadi\.sk|"
    r"download\.pytorch\.org|dl\.fbaipublicfiles\.com|mediafire\.com|osf\.io|"
    r"weiyun\.com|jbox\.sjtu\.edu\.cn|tfhub\.dev|modelscope\.cn|kaggle\.com|wandb\.ai|"
    r"azureedge\.net|blob\.core\.windows\.net|cloudfront\.net|github\.com|githubusercontent\.com|"
    r"bit\.ly|goo\.gl|tinyurl\.com)$",
    re.I,
)
WEIGHT_EXT = re.compile(
    r"\.(pth|pt|ckpt|h5|hdf5|pb|onnx|pkl|pickle|npz|npy|bin|t7|caffemodel|params|mat|tar|tar\.gz|"
    r"tgz|zip|7z|safetensors|weights|model|joblib|msgpack|index|meta|data-\d+-of-\d+)$",
    re.I,
)
MODEL_WORDS = re.compile(
    r"pre-?trained|pretrain|checkpoint|ckpt|weights?\b|trained (models?|networks?|agents?)|"
    r"model zoo|(our|the|final|best|released) models?|models? (files?|parameters|weights)|"
    r"snapshot|\.pth\b|\.ckpt\b|\.pt\b|\.h5\b",
    re.I,
)
MODEL_HEADING = re.compile(
    r"pre-?trained|checkpoints?|weights|model zoo|(trained|released|our|provided|download(ing)?"
    r"( the)?) models?|^models?$|results?",
    re.I,
)
LINK_LABEL = re.compile(
    r"^\s*(models?|weights?|checkpoints?|ckpt|download|link|here|pth|params)\s*$", re.I
)
DATA_WORDS = re.compile(
    r"\b(data ?sets?|data|corpus|corpora|annotations?|images|features?|embeddings?)\b", re.I
)
PROMISE = re.compile(
    r"(coming soon|will be (released|available|made available|uploaded|provided|published)|"
    r"to be released|available (up)?on request|upon request|\bTBD\b|\bTODO\b|not (yet )?(be )?released|"
    r"will release|plan to release|release .{0,30}soon)",
    re.I,
)
THIRD_PARTY = re.compile(
    r"imagenet[-_ ]pretrained|resnet|vgg|bert-base|glove|word2vec|backbone|fasttext", re.I
)
WEIGHT_DIRS = re.compile(
    r"(^|/)(checkpoints?|ckpts?|weights?|pretrained|models?|saved_models?|trained_models?|snapshots?)/",
    re.I,
)


class WeightsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_weight_bytes: int = 100_000


def _model_lines(doc: Document) -> set[int]:
    """Lines that speak of models/weights, searched once per document (a README line can hold
    thousands of links; searching it again for each would be quadratic)."""
    return {n for n, text in enumerate(doc.lines, start=1) if MODEL_WORDS.search(text)}


def _link_is_weights(doc: Document, link: Link, model_lines: set[int]) -> bool:
    if link.image or not link.url:
        return False
    parsed = urlparse(link.url if "://" in link.url else "https://" + link.url)
    host = parsed.netloc.lower()
    path = parsed.path.lower()
    in_context = link.line in model_lines or bool(MODEL_WORDS.search(link.text))
    heading = link.heading or ""
    if WEIGHT_EXT.search(path) and not re.search(r"\.(zip|tar|tgz|tar\.gz|7z|npy|mat)$", path):
        return not DATA_WORDS.search(link.text) or in_context
    if not WEIGHT_HOSTS.search(host) or "/whl/" in path or path.endswith(".whl"):
        return False
    if re.search(r"\bdata(sets?)?\b|corpus", heading, re.I) and not MODEL_WORDS.search(heading):
        return False
    if "kaggle.com" in host and "/models" not in path:
        return False
    if host.endswith(("github.com", "githubusercontent.com")):
        if "/releases" not in path and not WEIGHT_EXT.search(path):
            return False
    if "huggingface.co" in host or host == "hf.co":
        if path.startswith(("/datasets", "/spaces", "/docs", "/transformers", "/papers")):
            return False
    modelish = (
        in_context
        or MODEL_HEADING.search(heading)
        or (LINK_LABEL.match(link.text) and re.search(r"model|result", heading, re.I))
    )
    if not modelish:
        return False
    if DATA_WORDS.search(link.text) and not MODEL_WORDS.search(link.text):
        return False
    return True


def _promises(doc: Document) -> list[Evidence]:
    out = []
    for n, text in enumerate(doc.lines, start=1):
        if (
            PROMISE.search(text)
            and MODEL_WORDS.search(text)
            and not DATA_WORDS.search(text.replace("model", ""))
        ):
            out.append(doc_ev(doc, n))
    return out


def _weight_files(repo: RepoFacts, min_bytes: int) -> list[Evidence]:
    out = []
    for e in repo.files:
        name = e.path.lower()
        if not re.search(
            r"\.(pth|pt|ckpt|h5|hdf5|pb|onnx|caffemodel|t7|safetensors|npz|pkl|params|bin|weights)$",
            name,
        ):
            continue
        if re.search(r"(^|/)(data|datasets?|inputs?)/", e.path, re.I):
            continue
        if e.size >= min_bytes or (0 <= e.size < 400 and _is_lfs(repo, e.path)) or (e.size < 0):
            if (
                name.endswith((".pkl", ".npz", ".bin"))
                and not WEIGHT_DIRS.search(e.path)
                and not re.search(r"model|weight|ckpt|checkpoint", name)
            ):
                continue
            out.append(
                file_ev(
                    e.path,
                    None,
                    f"committed weight file ({e.size:,} bytes)"
                    if e.size >= 0
                    else "weight file (not downloaded)",
                )
            )
    return out


def _is_lfs(repo: RepoFacts, path: str) -> bool:
    text = repo.text(path) or ""
    return text.startswith("version https://git-lfs.github.com/spec/")


def _download_scripts(repo: RepoFacts) -> list[Evidence]:
    out = []
    for p in repo.paths:
        low = p.lower()
        if not low.endswith((".sh", ".py", ".bash")) or p.count("/") > 3:
            continue
        base = low.rsplit("/", 1)[-1]
        if not re.search(r"download|fetch|get_|pretrain|weights|models?|ckpt|checkpoint", base):
            continue
        if low.endswith(".py") and not base.startswith(("download", "fetch", "get_")):
            continue
        if re.search(r"data|cifar|mnist|imagenet|glove|corpus|audio|text|images", base):
            continue
        text = repo.text(p) or ""
        for n, line in enumerate(text.splitlines()[:400], start=1):
            if (
                re.search(
                    r"wget|curl|urlretrieve|gdown|download|hf_hub_download|requests\.get", line
                )
                and (
                    WEIGHT_EXT.search(line.split("?")[0].rstrip("'\" )"))
                    or re.search(r"model|weight|ckpt|checkpoint|pretrain", line, re.I)
                )
                and not DATA_WORDS.search(line)
            ):
                out.append(file_ev(p, n, line.strip()))
                break
    return out


@detector("pretrained_models", WeightsParams)
def pretrained_models(facts: Facts, min_weight_bytes: int) -> Outcome:
    repo = facts.repo
    assert repo is not None
    links: list[Evidence] = []
    promises: list[Evidence] = []
    for doc in repo.readme_docs:
        model_lines = _model_lines(doc)
        links += [link_ev(doc, lk) for lk in doc.links if _link_is_weights(doc, lk, model_lines)]
        promises += _promises(doc)
    files = _weight_files(repo, min_weight_bytes)
    hub = [
        file_ev(p, None, "torch.hub entry point") for p in repo.paths if p.lower() == "hubconf.py"
    ]
    scripts = _download_scripts(repo)
    searched = (
        "README and linked docs for links to weight hosts (Google Drive, Hugging Face, GitHub "
        "releases, Zenodo, Dropbox, ...) near model/checkpoint words or headings, committed "
        "weight files and Git LFS pointers, hubconf.py, and weight download scripts"
    )
    found = links + files + hub + scripts
    if found:
        parts = []
        if links:
            parts.append(f"{len(links)} weight link(s) in the README/docs")
        if files:
            parts.append(f"{len(files)} committed weight file(s)")
        if hub:
            parts.append("hubconf.py")
        if scripts:
            parts.append("a weight download script")
        return Outcome("pass", "pre-trained weights available: " + ", ".join(parts), first(found))
    if promises:
        quote = promises[0].excerpt or ""
        return Outcome(
            "fail", f"weights are only promised: {quote[:120]!r}", first(promises), searched
        )
    return Outcome("fail", "no pre-trained weights found", (), searched)
