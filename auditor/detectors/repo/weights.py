"""Pre-trained models: the paper's own trained weights, freely downloadable.

A weight release is a link (or a URL, hub id or file) to a *model artefact* whose context is the
repository's own models:

- the artefact: a Hugging Face model repository (not a dataset, space or doc page), a file in a
  framework's checkpoint format (``.pt``, ``.ckpt``, ``.safetensors``, ``.h5``, TensorFlow
  ``.index``/``.meta``/``.data-*``, ...), or a file host, cloud bucket or lab server that holds
  files (Google Drive, Dropbox, OneDrive, Baidu, Zenodo, figshare, ``gs://``, S3, Azure blob,
  ``dl.fbaipublicfiles.com``, university file servers, GitHub release assets, ...);
- the context: the link's text, its line, the headings it sits under or its table column speak
  of models, checkpoints or weights (or, for a hub model id, the id belongs to the repository's
  owner); data, results files and third-party base models (ImageNet backbones, ``bert-base``,
  a model the work starts from) are not the paper's weights.

Also counted: committed checkpoints (not small files under examples/, utils/, data or test
folders), Git LFS pointers to them, ``hubconf.py``, download scripts, and checkpoint URLs in the
code that the README's usage runs (a ``load_model(name)`` table of URLs).
"""

from __future__ import annotations

import posixpath
import re
from functools import cached_property

from pydantic import BaseModel, ConfigDict

from auditor.detectors import Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import TEST_DIRS, VENDOR
from auditor.facts.entries import launched
from auditor.facts.evidence import command_lines, doc_ev, fetch_lines, file_ev, first, link_ev
from auditor.facts.markdown import Document, Link
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.reach import imported_modules, module_index
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence
from auditor.sources.links import parse_url

FILE_HOSTS = re.compile(
    r"(^|\.)(drive\.google\.com|docs\.google\.com|dropbox\.com|dropboxusercontent\.com|"
    r"zenodo\.org|figshare\.com|onedrive\.live\.com|1drv\.ms|sharepoint\.com|pan\.baidu\.com|"
    r"yun\.baidu\.com|amazonaws\.com|storage\.googleapis\.com|storage\.cloud\.google\.com|"
    r"box\.com|mega\.nz|mega\.co\.nz|cloud\.tsinghua\.edu\.cn|disk\.yandex\.\w+|yadi\.sk|"
    r"dl\.fbaipublicfiles\.com|mediafire\.com|osf\.io|weiyun\.com|jbox\.sjtu\.edu\.cn|"
    r"tfhub\.dev|modelscope\.cn|kaggle\.com|wandb\.ai|azureedge\.net|blob\.core\.windows\.net|"
    r"cloudfront\.net|openaipublic\.\w+|bit\.ly|goo\.gl|tinyurl\.com|ngc\.nvidia\.com|"
    r"r2\.dev|backblazeb2\.com|digitaloceanspaces\.com)$",
    re.I,
)
# a lab or university file server: a host under .edu / .ac.<cc> / .edu.<cc> with a file path
LAB_HOST = re.compile(r"(^|\.)[\w-]+\.(edu|ac\.[a-z]{2}|edu\.[a-z]{2})$", re.I)
BUCKET_SCHEME = ("gs://", "s3://", "az://", "hf://")
WEIGHT_EXT = re.compile(
    r"\.(pth|pt|th|ckpt|h5|hdf5|keras|pb|onnx|pkl|pickle|npz|bin|t7|caffemodel|params|"
    r"safetensors|weights|msgpack|joblib|gguf|tflite|mlmodel|engine|pdparams|index|meta|"
    r"data-\d+-of-\d+)$|"
    # a checkpoint saved or packed in an archive: checkpoint_0099.pth.tar, model.ckpt.zip
    r"\.(pth|pt|ckpt|h5|pkl|params|safetensors|pdparams)\.(tar|zip|gz|tar\.gz|tgz)$",
    re.I,
)
NOT_A_MODEL_FILE = re.compile(r"\.(log|md|html?|pdf|png|jpe?g|gif|svg|ipynb|py)$", re.I)
ARCHIVE_EXT = re.compile(r"\.(zip|tar|tar\.gz|tgz|tar\.bz2|7z|rar)$", re.I)
DATA_FILE = re.compile(r"\.(csv|tsv|jsonl?|parquet|arrow|txt|npy|mat|h5ad|xlsx?|wav|mp4)\b", re.I)
MODEL_WORDS = re.compile(
    r"pre-?trained|pretrain|checkpoints?|ckpts?|\bweights?\b(?!\s*(?:&|and)\s*biases)|model ?zoo|\bmodels?\b|"
    r"snapshot|trained (networks?|agents?|policies|on)\b|\.pth\b|\.ckpt\b|\.pt\b|\.h5\b|"
    r"\bsafetensors\b",
    re.I,
)
# "pretraining dataset", "pre-training corpus": data named for the training it feeds
_TRAINING_DATA = re.compile(
    r"\b(pre-?train(ing|ed)?|training|fine-?tuning)\s+(data ?sets?|data|corpus|corpora)\b", re.I
)


def has_model_words(text: str) -> bool:
    """Model words in the text, not counting data named for training ("AMPS pretraining
    dataset")."""
    return bool(MODEL_WORDS.search(_TRAINING_DATA.sub(" data ", text)))


RELEASE_WORDS = re.compile(
    r"\b(release[sd]?|releasing|publish(ed|ing)?|provid(e|es|ed|ing)|available|our)\b|"
    r"\bcan be (downloaded|found|obtained|accessed)\b",  # "The pretrained StyleTTS can be downloaded at"
    re.I,
)
# a release verb strong enough to outweigh a third-party cue in the same sentence
RELEASE_VERB = re.compile(
    r"\b(we (release|publish|provide|share|open-?source)|released|publish(ed|ing))\b|"
    r"\bour (own )?(pre-?trained|trained|fine-?tuned|released|final|best)\b",  # "Our pre-trained ResNet-50 models"
    re.I,
)
LINK_LABEL = re.compile(
    r"^\s*(models?|weights?|checkpoints?|ckpts?|download|link|here|pth|params|hf|🤗|"
    r"hugging ?face|google ?drive|gdrive|baidu|onedrive|dropbox|zenodo)\s*$",
    re.I,
)
DATA_WORDS = re.compile(
    r"\b(data ?sets?|data|corpus|corpora|annotations?|images|features?|embeddings?|"
    r"benchmarks?|splits?|samples|videos|logs?|results?|predictions?|outputs?)\b",
    re.I,
)
PROMISE = re.compile(
    r"(coming soon|will be (released|available|made available|uploaded|provided|published)|"
    r"to be released|available (up)?on request|upon request|\bTBD\b|\bTODO\b|not (yet )?(be )?released|"
    r"will release|plan to release|release .{0,30}soon)",
    re.I,
)
THIRD_PARTY = re.compile(
    r"imagenet[-_ ]?pre-?trained|\bresnet|\bvgg|bert-base|roberta-base|\bglove\b|word2vec|"
    r"backbones?\b|fasttext|inception|\bclip\b|base models?\b|initiali[sz]ed? (from|with)|"
    r"fine-?tuned? from|(starts?|started|starting|built|based|builds) (from|on)|teacher|"
    r"original (authors?|repo)|"
    r"third[- ]party|official (release|weights|checkpoints?) of",
    re.I,
)
HF_NOT_MODEL = (
    "/datasets", "/spaces", "/docs", "/transformers", "/papers", "/blog", "/learn", "/join",
    "/login", "/pricing", "/settings", "/models", "/tasks", "/organizations",
)  # fmt: skip
PYTORCH_HUB_HOSTS = re.compile(r"(^|\.)(download\.pytorch\.org|pytorch\.org)$", re.I)
WEIGHT_DIRS = re.compile(
    r"(^|/)(checkpoints?|ckpts?|weights?|pretrained(_models?)?|saved_models?|trained_models?|"
    r"snapshots?|models?)/",
    re.I,
)
NOT_MODEL_DIRS = re.compile(
    r"(^|/)(examples?|utils?|tools?|data|datasets?|inputs?|assets?|tests?|test_data|testing|"
    r"fixtures?|samples?|demo|resources?|third_party|thirdparty|vendor|external)/",
    re.I,
)
FROM_PRETRAINED = re.compile(
    r"(?:from_pretrained|hf_hub_download|snapshot_download|load_model|pipeline)\s*\(\s*"
    r"(?:[\w]+\s*=\s*)?[\"']([\w.-]+)/([\w.-]+)[\"']"
)
IMPORT_LINE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", re.M)


class WeightsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    min_weight_bytes: int = 100_000


# -- links in the README and its one-hop documents ---------------------------------------------
def _parse(url: str) -> tuple[str, str, str]:
    """(scheme, host, path) with bucket schemes kept as the scheme."""
    low = url.strip()
    for scheme in BUCKET_SCHEME:
        if low.lower().startswith(scheme):
            rest = low[len(scheme) :]
            host, _, path = rest.partition("/")
            return scheme, host.lower(), "/" + path
    parsed = parse_url(low if "://" in low else "https://" + low)
    if parsed is None:  # a placeholder such as "https://[host]/model.pt"
        return "", "", ""
    return parsed.scheme.lower(), parsed.netloc.lower().split(":")[0], parsed.path


def artefact(url: str) -> str | None:
    """What kind of model artefact a URL may point at: ``"hub"`` (a Hugging Face model
    repository), ``"file"`` (a checkpoint-format file), ``"host"`` (a file host, bucket or lab
    server that needs a model context) or None (a web page, code, a paper)."""
    scheme, host, path = _parse(url)
    low = path.lower()
    if NOT_A_MODEL_FILE.search(low):
        return None  # a training log, a page or a figure beside the checkpoints
    if scheme in BUCKET_SCHEME:
        return "file" if WEIGHT_EXT.search(low) else "host"
    if scheme not in ("http", "https") or not host:
        return None
    if not low.strip("/"):
        return None  # a site's home page ("https://wandb.ai", "https://zenodo.org") holds no file
    if "/whl/" in low or low.endswith(".whl") or PYTORCH_HUB_HOSTS.search(host):
        return None
    if host in ("huggingface.co", "www.huggingface.co", "hf.co"):
        parts = [p for p in low.split("/") if p]
        if low.startswith(HF_NOT_MODEL) or len(parts) < 2:
            return "host" if low.startswith("/collections") else None
        return "hub"
    if host.endswith(("github.com", "githubusercontent.com")):
        if "/releases" in low:
            return "file" if WEIGHT_EXT.search(low) else "host"
        return "file" if WEIGHT_EXT.search(low) else None
    if WEIGHT_EXT.search(low):
        return "file"
    if host == "console.cloud.google.com" and low.startswith("/storage"):
        return "host"
    if FILE_HOSTS.search(host):
        if "kaggle.com" in host and "/models" not in low:
            return None
        return "host"
    if LAB_HOST.search(host) and (ARCHIVE_EXT.search(low) or "/~" in low or "download" in low):
        return "host"
    return None


def _column(doc: Document, link: Link) -> str:
    """The header of the table column a link sits in ("" outside a pipe table)."""
    table = doc.table_at(link.line)
    if table is None:
        return ""
    i = link.line - table.line - 2
    if 0 <= i < len(table.rows):
        row = table.rows[i]
        for j, cell in enumerate(row):
            if link.text and link.text in cell and j < len(table.header):
                return table.header[j] + " | " + " ".join(table.header)
    return " ".join(table.header)


def _is_data_path(url: str) -> bool:
    """A URL into a data folder or to a data file; a file named for a model
    (``.../dataset/pretrain_vqa_model.pth``) is still a model."""
    _s, _h, path = _parse(url)
    name = path.rsplit("/", 1)[-1]
    if WEIGHT_EXT.search(name) and re.search(r"model|ckpt|checkpoint|weight|pretrain", name, re.I):
        return False
    return (
        bool(re.search(r"/(datasets?|data|corpus|annotations?)/", path, re.I))
        or bool(DATA_FILE.search(path))
        or bool(DATA_RELEASE.search(path))
    )


# a GitHub release whose tag names data (".../releases/tag/data-v0.6.0", ".../download/dataset/")
DATA_RELEASE = re.compile(r"/releases/(tag|download)/[^/]*\b(data|datasets?|corpus)\b", re.I)
# a checkpoint pre-trained on ImageNet-21k / -22k: the base model others start from
BASE_CHECKPOINT_URL = re.compile(r"imagenet[-_]?2[12]k", re.I)
# the README says the paper's trained weights are not shared
NOT_SHARED = re.compile(
    r"\b(can'?t|cannot|can not|unable to|not able to|won'?t|will not|do not|don'?t)\s+"
    r"(share|release|provide|publish|upload|make public)\b[^.,;]{0,40}"
    r"\b(weights|models?|checkpoints?|ckpts?)\b",
    re.I,
)


STRONG_HEADING = re.compile(
    r"pre-?trained|checkpoints?|\bweights\b|model ?zoo|(trained|released|our|provided|"
    r"download(ing)?( the)?) models?|^\W*models?\W*$",
    re.I,
)


class _Lines:
    """What each line of a document says (model, data, release, third-party words), searched
    once per line however many links it holds: a hostile line of thousands of links stays
    linear."""

    def __init__(self, doc: Document, own_orgs: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.own_orgs = own_orgs  # hub organisations that are the repository's own
        self._memo: dict[int, tuple[str, bool, bool, bool, bool]] = {}

    @cached_property
    def not_shared(self) -> bool:
        """The document says the paper's trained weights are not shared (read when a link
        first asks)."""
        return any(
            NOT_SHARED.search(t) and not t.lstrip().startswith("<!--") for t in self.doc.lines
        )

    def para(self, line: int) -> tuple[str, bool, bool, bool, bool]:
        """(text, model words, data words without model words, release words, third party)
        for a line with the lines of its paragraph just above it ("Download trained weights
        (" / "[google drive](...)"); table rows and headings stand alone."""
        if line not in self._memo:
            text = _paragraph(self.doc, line)
            model = has_model_words(text)
            data = bool(DATA_WORDS.search(text) or DATA_FILE.search(text)) and not model
            self._memo[line] = (
                text, model, data, bool(RELEASE_WORDS.search(text)),
                bool(THIRD_PARTY.search(text)),
            )  # fmt: skip
        return self._memo[line]


# a line whose sentence runs on into the lines below it ("We provide the [download link] to" /
# "  - 4 pretrained models ...")
_RUNS_ON = re.compile(r"(:|\b(to|of|for|from|with|including|containing|contains))\s*$", re.I)


def _paragraph(doc: Document, line: int) -> str:
    if not 0 < line <= len(doc.lines):
        return ""
    block = doc.block_at(line)
    if block is not None:
        return _block_lines(doc, line, block.line)
    out = [doc.lines[line - 1]]
    if out[0].lstrip().startswith("|"):
        return out[0]
    for k in range(line - 2, max(line - 5, 0) - 1, -1):
        prev = doc.lines[k]
        if not _in_block(prev):
            break
        out.insert(0, prev)
    if _RUNS_ON.search(out[-1]):
        for nxt in doc.lines[line : line + 4]:
            if not _in_block(nxt):
                break
            out.append(nxt)
    return " ".join(out)


def _block_lines(doc: Document, line: int, fence: int) -> str:
    """A code block's line with the lines just above it in the block, comments included: in a
    shell block ``# You can download our pretrained GPS-deep`` is the prose of the ``wget``
    below it, not a heading."""
    return " ".join([*_lines_above(doc, line, fence), doc.lines[line - 1].strip()])


def _lines_above(doc: Document, line: int, fence: int, comments_only: bool = False) -> list[str]:
    """Up to three lines right above a line of a code block, back to a blank line or the fence,
    shell comments read as prose; with ``comments_only``, only the comment lines next to it."""
    out: list[str] = []
    for k in range(line - 2, max(line - 5, fence) - 1, -1):
        text = doc.lines[k].strip()
        if comments_only and (not text.startswith("#") or text.startswith("#!")):
            break
        if not text or text.startswith("```"):
            break
        out.insert(0, text.lstrip("#").strip() if text.startswith("#") else text)
    return out


def _in_block(text: str) -> bool:
    """A line of the same paragraph or list: not blank, not a heading, table row or fence."""
    return bool(text.strip()) and not text.lstrip().startswith(("#", "|", "```"))


# hub organisations of widely used base models: a README link to one is a base model or a
# baseline, not the authors' release, unless a sentence says it is released there
BASE_MODEL_ORGS = frozenset({
    "meta-llama", "huggyllama", "decapoda-research", "mistralai", "google-bert",
    "openai-community", "bigscience", "eleutherai", "tiiuae", "qwen", "deepseek-ai",
    "stabilityai", "runwayml", "compvis", "lmsys", "sentence-transformers", "timm",
})  # fmt: skip


def _base_model(link: Link, own_orgs: frozenset[str] = frozenset()) -> bool:
    """A hub link into a base-model organisation that is not the repository's own."""
    _s, host, path = _parse(link.url)
    if host not in ("huggingface.co", "www.huggingface.co", "hf.co"):
        return False
    org = path.strip("/").split("/", 1)[0].lower()
    return org in BASE_MODEL_ORGS and org not in own_orgs


def link_is_weights(lines: _Lines, link: Link) -> bool:
    """A README link to the repository's own trained weights: a model artefact (see
    ``artefact``) whose text, line, headings or table column speak of models, and neither
    data nor a third-party base model."""
    if link.image or not link.url:
        return False
    kind = artefact(link.url)
    if kind is None or _is_data_path(link.url):
        return False
    doc = lines.doc
    _line, line_model, line_data, line_release, line_third = lines.para(link.line)
    text = link.text or ""
    nearest = doc.heading_at(link.line) or ""
    column = _column(doc, link)
    own = column.split(" | ", 1)[0] if " | " in column else ""
    own_models = bool(own) and bool(MODEL_WORDS.search(own)) and not DATA_WORDS.search(own)
    if (
        own_models and not THIRD_PARTY.search(own + " " + text)
        and not _base_model(link, lines.own_orgs)
    ):  # fmt: skip
        return True  # the row's checkpoint column; its other cells may name teachers, backbones
    third = THIRD_PARTY.search(text) or line_third or BASE_CHECKPOINT_URL.search(link.url)
    if third and not RELEASE_VERB.search(_line):
        return False  # an architecture or a base model, unless the paragraph releases it
    if lines.not_shared and not RELEASE_VERB.search(_line):
        return False  # "I can't share our trained model weights": what is linked is an input
    if kind in ("hub", "file") and RELEASE_VERB.search(_line):
        return True  # "We release [Model-7b](https://huggingface.co/org/model)"
    if _base_model(link, lines.own_orgs):
        return False
    if own_models:
        return True  # in the table's "Model" / "Checkpoint" column, whatever else the row holds
    text_model = has_model_words(text)
    if line_data or (DATA_WORDS.search(text) and not text_model):
        return False
    if text_model:
        return True
    model_column = bool(MODEL_WORDS.search(column))
    if (
        DATA_WORDS.search(nearest) and not MODEL_WORDS.search(nearest) and not model_column
        and not has_model_words(doc.line(link.line))
    ):  # fmt: skip
        return False  # under a data heading, unless the link's own line speaks of models
    path = doc.heading_path(link.line)
    strong_heading = any(STRONG_HEADING.search(h) for h in path)
    if kind in ("hub", "file"):
        return (
            bool(LINK_LABEL.match(text))
            or line_model
            or model_column
            or any(MODEL_WORDS.search(h) for h in path)
        )
    # a file host needs a model context beyond the host itself
    return (
        strong_heading
        or model_column
        or (line_model and (line_release or bool(LINK_LABEL.match(text))))
        or _download_models_from(_line, link)
    )


# "download all pretrained weight files from <link>": the sentence leading to the link asks
# for the models to be fetched from it
_DOWNLOAD_MODELS = re.compile(
    r"\bdownload(?:ed|ing|s)?\s+(?:(?:the|all|our|these|both)\s+)*(?:pre-?trained\s+|trained\s+)?"
    r"(?:model\s+)?(?:weights?|checkpoints?|models?)(?:\s+files?)?\s+(?:from|at|here|via)\W*$",
    re.I,
)


def _download_models_from(paragraph: str, link: Link) -> bool:
    """The words right before the link say to download the models from it."""
    at = paragraph.find(link.url)
    if at < 0 and link.text:
        at = paragraph.find(f"[{link.text}]")
    return at > 0 and bool(_DOWNLOAD_MODELS.search(paragraph[:at]))


# a ticked task-list item ("- [x] Release the pre-trained models") is done, not promised
_DONE_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[xX✓✔]\]\s")


def _promises(doc: Document) -> list[Evidence]:
    out = []
    for n, text in enumerate(doc.lines, start=1):
        if (
            PROMISE.search(text)
            and not _DONE_ITEM.match(text)
            and MODEL_WORDS.search(text)
            and not DATA_WORDS.search(text.replace("model", ""))
        ):
            out.append(doc_ev(doc, n))
    return out


# -- committed checkpoints -------------------------------------------------------------------
CKPT_FILE = re.compile(
    r"\.(pth|pt|th|ckpt|h5|hdf5|keras|pb|onnx|caffemodel|t7|safetensors|npz|pkl|params|bin|"
    r"weights|msgpack|gguf|pdparams|tflite|bson|jld2?|jls)$|\.ckpt[^/]*\.(index|meta|data-\d+-of-\d+)$|"
    r"\.(pth|pt|ckpt)\.(tar|zip|gz)$|"
    r"(^|/)[^/]*\.(index|data-\d+-of-\d+)$",
    re.I,
)


def _weight_files(repo: RepoFacts, min_bytes: int) -> list[Evidence]:
    """Checkpoints in the tree: framework formats in a checkpoint folder or large enough to be
    a model; small files under examples/, utils/, data or test folders are lookup tables,
    demo models or datasets."""
    out = []
    paths = set(repo.paths)
    for e in repo.files:
        name = e.path.lower()
        if not CKPT_FILE.search(name) or VENDOR.search(e.path):
            continue
        tf_ckpt = bool(re.search(r"\.(index|meta|data-\d+-of-\d+)$", name))
        if tf_ckpt and not (
            ".ckpt" in name
            or re.search(r"(^|/)(model|variables)[^/]*$", name)
            or _tf_checkpoint_pair(e.path, paths)
        ):
            continue
        in_weight_dir = bool(WEIGHT_DIRS.search(e.path))
        if NOT_MODEL_DIRS.search(e.path) and not in_weight_dir:
            continue
        # general serialisation formats (Python pickles, NumPy archives, Julia's BSON, JLD2 and
        # Serialization files) hold data as often as models
        generic = name.endswith(
            (".pkl", ".npz", ".bin", ".index", ".bson", ".jld", ".jld2", ".jls")
        )
        if (
            generic
            and not in_weight_dir
            and not re.search(r"model|weight|ckpt|checkpoint|param", name)
        ):
            continue
        lfs = 0 <= e.size < 400 and _is_lfs(repo, e.path)
        if e.size >= min_bytes or lfs or e.size < 0 or (tf_ckpt and in_weight_dir):
            what = (
                "weight file (listed, content not fetched)" if e.size < 0
                else "Git LFS pointer to a weight file" if lfs
                else f"committed weight file ({e.size:,} bytes)"
            )  # fmt: skip
            out.append(file_ev(e.path, None, what))
    return out


_TF_PART = re.compile(r"\.(index|meta|data-\d+-of-\d+)$")


def _tf_checkpoint_pair(path: str, paths: set[str]) -> bool:
    """A TensorFlow checkpoint saved with a step (``name-100.index`` beside
    ``name-100.data-00000-of-00001``): an index next to its data shard, whatever the name."""
    stem = _TF_PART.sub("", path)
    return f"{stem}.index" in paths and any(
        f"{stem}.data-00000-of-{n:05d}" in paths for n in range(1, 9)
    )


def _is_lfs(repo: RepoFacts, path: str) -> bool:
    text = repo.text(path) or ""
    return text.startswith("version https://git-lfs.github.com/spec/")


# -- download scripts and checkpoint URLs in the code the README runs -------------------------
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
            # a data download script counts for the checkpoint URLs it also holds
            # ('...-pino-140k': 'https://.../checkpoints/Re500-PINO-140000.pt')
            ckpt = _checkpoint_url_line(repo.text(p) or "")
            if ckpt:
                out.append(file_ev(p, ckpt[0], ckpt[1]))
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


# narrower than WEIGHT_DIRS: inside a data download script only a plain checkpoint folder counts
_CKPT_SEGMENT = re.compile(
    r"/(?:checkpoints?|ckpts?|weights|pretrained(?:_models?)?|models?)/", re.I
)


def _checkpoint_url_line(text: str) -> tuple[int, str] | None:
    """The first line holding a URL to a checkpoint file in a checkpoint folder
    (``https://host/project/checkpoints/run-140000.pt``), not a data file."""
    for n, line in enumerate(text.splitlines()[:400], start=1):
        for url in CONFIG_URL.findall(line):
            path = url.split("?")[0]
            if WEIGHT_EXT.search(path) and _CKPT_SEGMENT.search(path) and not _is_data_path(path):
                return n, line.strip()
    return None


DOWNLOAD_CMD = re.compile(
    r"\b(download\w*|gdown|wget|curl|huggingface-cli|hf\s+download|gsutil|aws\s+s3|azcopy|"
    r"git\s+lfs|git\s+clone\s+https://huggingface\.co)\b",
    re.I,
)


HUB_ID = re.compile(r"(?<![\w./-])([\w.-]+)/[\w.-]+(?![\w/.-])")


def _readme_downloads(repo: RepoFacts) -> list[Evidence]:
    """README commands that fetch a model (``bash scripts/download.sh <id> model.zip``,
    ``huggingface-cli download org/model``, ``wget .../model.ckpt``, ``gdown <id> -O
    checkpoints/final.pth``), read with the comment lines above them in their code block."""
    out = []
    own = frozenset(_owners(repo))
    for doc in repo.readme_docs:
        found = [(line, cmd) for line, cmd, _heading in command_lines(doc) + fetch_lines(doc)]
        for line, cmd in dict(found).items():
            if not DOWNLOAD_CMD.search(cmd) or re.search(r"\bpip\b|\bconda\b", cmd):
                continue
            words = re.sub(r"https?://\S+", " ", cmd)
            block = doc.block_at(line)
            comment = " ".join(_lines_above(doc, line, block.line, True)) if block else ""
            if any(
                m.group(1).lower() in BASE_MODEL_ORGS and m.group(1).lower() not in own
                for m in HUB_ID.finditer(words)
            ):
                continue  # fetches a base model (meta-llama/Llama-2-7b-hf)
            context = f"{words} {comment}"
            model = has_model_words(context) or WEIGHT_EXT.search(cmd.split("?")[0])
            if (
                model
                and not (DATA_WORDS.search(context) and not has_model_words(context))
                and not THIRD_PARTY.search(f"{cmd} {comment}")
            ):
                out.append(doc_ev(doc, line, cmd))
    return out


def _usage_files(repo: RepoFacts) -> list[str]:
    """Python files the README's usage leads to: modules its code blocks import and scripts its
    commands (or shell scripts) run."""
    index = module_index(repo)
    paths: list[str] = []
    imported: list[str] = []
    for doc in repo.readme_docs:
        for block in doc.code_blocks:
            for m in IMPORT_LINE.finditer(block.text[:20_000]):
                name = (m.group(1) or m.group(2) or "").split(".")
                for k in range(len(name), 0, -1):
                    hit = index.get(".".join(name[:k]))
                    if hit:
                        paths += sorted(hit, key=lambda p: (p.count("/"), p))[:2]
                        break
    paths += list(launched(repo))
    for p in paths[:20]:  # and the repository modules those import (a package's __init__
        info = repo.python(p)  # re-exporting load_model from its zoo module)
        if info is not None:
            imported += [m.path for m in imported_modules(repo, info)[:10]]
    paths += imported
    return [p for p in dict.fromkeys(paths) if not VENDOR.search(p) and not TEST_DIRS.search(p)][
        :80
    ]


def _code_urls(repo: RepoFacts) -> list[Evidence]:
    """Checkpoint URLs in the code the README runs (``_MODELS = {"base": "https://.../base.pt"}``)
    and in the modules those files import from the same folder."""
    out: list[Evidence] = []
    files = _usage_files(repo)
    seen: set[str] = set()
    for p in files:
        info = repo.python(p)
        if info is None:
            continue
        for s, line in info.strings:
            url = s.strip()
            if not re.match(r"^(https?|gs|s3)://\S+$", url) or url in seen:
                continue
            kind = artefact(url)
            if kind is None or _is_data_path(url) or THIRD_PARTY.search(url):
                continue
            if kind == "host" and not (
                MODEL_WORDS.search(url + " " + info.line_text(line))
                or _model_identifier(info.line_text(line))
            ):
                continue
            if _data_identifier(info.line_text(line)) or _DATA_MODULE.search(p):
                continue  # TRAIN_URL = ".../ihdp_npci_1-100.train.npz" in datasets/: data
            seen.add(url)
            out.append(file_ev(p, line, info.line_text(line)))
    return out


_STRING = re.compile(r"""(?:[rbuf]{0,2})(?:'[^']*'|"[^"]*")""", re.I)
_IDENT_MODEL = re.compile(r"model|weight|ckpt|checkpoint|pretrain", re.I)
_IDENT_DATA = re.compile(r"data|dataset|corpus|annotation|image|video|config|cfg", re.I)


def _identifiers(code: str) -> list[str]:
    """The names of a code line, outside its string literals."""
    return re.findall(r"[A-Za-z_]\w*", _STRING.sub(" ", code))


def _model_identifier(code: str) -> bool:
    """A code line whose identifiers name a model file (``modelurl = '...'``,
    ``CHECKPOINT_LINKS[...]``), outside its string literals, and no data or config."""
    names = _identifiers(code)
    return any(_IDENT_MODEL.search(n) for n in names) and not any(
        _IDENT_DATA.search(n) for n in names
    )


_IDENT_SPLIT = re.compile(r"(^|_)(train|test|val|valid|dev|eval)(_|$)|data", re.I)
_DATA_MODULE = re.compile(r"(^|/)(data|datasets?|dataloaders?)(/|\.py$)", re.I)


def _data_identifier(code: str) -> bool:
    """A code line whose identifiers name data or a data split (``TRAIN_URL``, ``data_url``)
    and no model file."""
    names = _identifiers(code)
    return any(_IDENT_SPLIT.search(n) for n in names) and not any(
        _IDENT_MODEL.search(n) for n in names
    )


CONFIG_ARG = re.compile(r"[\w./-]+\.(?:ya?ml|json|toml|cfg|gin)\b", re.I)
CONFIG_URL = re.compile(r"(?:https?|gs|s3)://[^\s'\"<>,)\]}]+")
MAX_CONFIGS = 30


def _config_urls(repo: RepoFacts) -> list[Evidence]:
    """Checkpoint files of the repository's own, named in a config file that a README command
    passes (``python render.py configs/cars_256_pretrained.yaml`` whose ``model_file:`` is
    ``https://.../giraffe/models/checkpoint_cars256.pt``): a checkpoint-format URL whose path
    names the repository or its owner. Other checkpoint URLs in configs (a backbone, a
    baseline's weights) are not the paper's."""
    names = _own_names(repo)
    if not names:
        return []
    configs: list[str] = []
    present = set(repo.paths)
    for doc in repo.readme_docs:
        for _line, cmd, _heading in command_lines(doc):
            for token in CONFIG_ARG.findall(cmd):
                path = token[2:] if token.startswith("./") else token
                if path in present and path not in configs:
                    configs.append(path)
    out: list[Evidence] = []
    for path in configs[:MAX_CONFIGS]:
        lines = (repo.text(path) or "").splitlines()[:5000]
        for n, line in enumerate(lines, 1):
            for url in CONFIG_URL.findall(line):
                if artefact(url) == "file" and _names_repo(url, names) and not _is_data_path(url):
                    out.append(file_ev(path, n, line.strip()[:200]))
                    break
    return out


def _own_names(repo: RepoFacts) -> set[str]:
    """The repository's owner and name, as its source URL or folder gives them (4+ letters)."""
    return {n for n in _owners(repo) | _repo_names(repo) if len(n) >= 4}


def _names_repo(url: str, names: set[str]) -> bool:
    """A path segment (or host label) of the URL is the repository's name or owner, alone or
    as the first word of it (``giraffe``, ``giraffe-models``)."""
    _scheme, host, path = _parse(url)
    parts = [p.lower() for p in path.split("/") if p] + host.split(".")
    return any(p == n or p.startswith((n + "-", n + "_")) for p in parts for n in names)


def _owners(repo: RepoFacts) -> set[str]:
    """Who the repository belongs to: the owner in its GitHub URL or the folder holding it."""
    out = set()
    for u in repo.source_urls:
        m = re.search(r"github\.com[/:]([\w.-]+)/[\w.-]+", u)
        if m:
            out.add(m.group(1).lower())
        elif "://" not in u:
            parent = posixpath.basename(posixpath.dirname(u.rstrip("/")))
            if parent:
                out.add(parent.lower())
    return out


def _repo_names(repo: RepoFacts) -> set[str]:
    """The repository's own name: the last part of its GitHub URL or of the folder holding it."""
    out = set()
    for u in repo.source_urls:
        m = re.search(r"github\.com[/:][\w.-]+/([\w.-]+?)(?:\.git)?/?$", u)
        name = m.group(1) if m else (posixpath.basename(u.rstrip("/")) if "://" not in u else "")
        if name:
            out.add(name.lower())
    return out


def _project_orgs(repo: RepoFacts) -> set[str]:
    """Hub organisations that are the repository's own: its owner, an organisation named
    after the repository itself (``LoftQ/...`` for ``<someone>/LoftQ``), or one the README
    links as the home of its models ("Our models are available on the [X hub](
    https://huggingface.co/X)")."""
    out = _owners(repo) | {n for n in _repo_names(repo) if len(n) >= 3}
    for doc in repo.readme_docs:
        for link in doc.links:
            m = HF_ORG_PAGE.match(link.url)
            if m is None or m.group(1).lower() in _HF_RESERVED:
                continue
            line = doc.line(link.line)
            if OUR_MODELS.search(line):
                out.add(m.group(1).lower())
    return out


HF_ORG_PAGE = re.compile(r"https?://(?:www\.)?(?:huggingface\.co|hf\.co)/([\w.-]+)/?$", re.I)
_HF_RESERVED = {p.strip("/") for p in HF_NOT_MODEL}
OUR_MODELS = re.compile(
    r"\bour (pre-?trained |trained |fine-?tuned |released )?(models?|checkpoints?|weights)\b|"
    r"\bwe (release|publish|provide|share)\b",
    re.I,
)


# a model id named in a README snippet: MODEL_ID = "org/name", --model_name_or_path org/name
MODEL_ID_IN_SNIPPET = re.compile(
    r"\b\w*model\w*\s*=\s*[\"']([\w.-]+)/([\w.-]+)[\"']|"
    r"--model(?:_name_or_path|_name|_path|_id)?[= ]+[\"']?([\w.-]+)/([\w.-]+)",
    re.I,
)


def _own_hub_ids(repo: RepoFacts) -> list[Evidence]:
    """``from_pretrained("<org>/<model>")`` (or a model id in a README snippet) in README
    snippets or the code, where the hub organisation is the repository's own (see
    ``_project_orgs``; a third-party base model does not count)."""
    owners = _project_orgs(repo)
    if not owners:
        return []
    out: list[Evidence] = []
    for doc in repo.readme_docs:
        for block in doc.code_blocks:
            text = block.text[:20_000]
            for m in [*FROM_PRETRAINED.finditer(text), *MODEL_ID_IN_SNIPPET.finditer(text)]:
                org = next(g for g in m.groups() if g is not None)
                if org.lower() in owners:
                    line = block.line + text[: m.start()].count("\n") + 1
                    out.append(doc_ev(doc, line, m.group(0)))
                    break
    for info in repo.sources:
        if VENDOR.search(info.path) or TEST_DIRS.search(info.path) or len(out) >= 6:
            continue
        for c in info.calls:
            if c.name.endswith(("from_pretrained", "hf_hub_download", "snapshot_download")):
                arg = c.args[0].strip("'\"") if c.args else ""
                org = arg.split("/")[0].lower() if arg.count("/") == 1 else ""
                if org in owners:
                    out.append(file_ev(info.path, c.line, info.line_text(c.line)))
                    break
                line = _hub_id_variable(info, c, owners)
                if line:
                    out.append(file_ev(info.path, line, info.line_text(line)))
                    break
    return out


_HUB_CALL_ARG = re.compile(
    r"(?:from_pretrained|hf_hub_download|snapshot_download)\(\s*"
    r"(?:(?:repo_id|pretrained_model_name_or_path)\s*=\s*)?([A-Za-z_]\w*)\s*[,)]"
)


def _hub_id_variable(info: PyInfo, call: Call, owners: set[str]) -> int:
    """The line that builds the hub id a loading call is given by name, when it is one of the
    repository's own (``name = f"<own-org>/model-{size}"`` ... ``from_pretrained(name)``,
    anywhere in the file, as a parameter passed on is assigned by its caller); else 0."""
    kw = dict(call.kwargs)
    if not (
        call.args[:1] == ("?",)
        or "?" in (kw.get("repo_id"), kw.get("pretrained_model_name_or_path"))
    ):
        return 0
    m = _HUB_CALL_ARG.search(info.call_text(call.line))
    if m is None:
        return 0
    built = re.compile(rf"^\s*{re.escape(m.group(1))}\s*=\s*[fF]?[\"']([\w.-]+)/[\w.{{}}-]+[\"']")
    for n, line in enumerate(info.lines, 1):
        hit = built.match(line)
        if hit and hit.group(1).lower() in owners:
            return n
    return 0


@detector("pretrained_models", WeightsParams)
def pretrained_models(facts: Facts, min_weight_bytes: int) -> Outcome:
    repo = facts.repo
    assert repo is not None
    links: list[Evidence] = []
    promises: list[Evidence] = []
    own = frozenset(_owners(repo))
    for doc in repo.readme_docs:
        lines = _Lines(doc, own)
        links += [link_ev(doc, lk) for lk in doc.links if link_is_weights(lines, lk)]
        promises += _promises(doc)
    files = _weight_files(repo, min_weight_bytes)
    hub = [
        file_ev(p, None, "torch.hub entry point") for p in repo.paths if p.lower() == "hubconf.py"
    ]
    scripts = _download_scripts(repo) + _readme_downloads(repo)
    code = _code_urls(repo) + _config_urls(repo)
    ids = _own_hub_ids(repo)
    searched = (
        "README and linked docs for links to model artefacts (Hugging Face models, checkpoint "
        "files, file hosts, cloud buckets, lab servers, GitHub releases) in a model/checkpoint "
        "context, committed checkpoints and Git LFS pointers, hubconf.py, weight download "
        "scripts, checkpoint URLs in the code the README runs, and the owner's hub model ids"
    )
    found = links + files + hub + scripts + code + ids
    if found:
        parts = []
        for items, what in (
            (links, "weight link(s) in the README/docs"), (files, "committed weight file(s)"),
            (hub, "hubconf.py"), (scripts, "weight download script(s) or command(s)"),
            (code, "checkpoint URL(s) in the code or configs the README runs"),
            (ids, "hub model id(s) of the repository's own organisation"),
        ):  # fmt: skip
            if items:
                parts.append(what if what == "hubconf.py" else f"{len(items)} {what}")
        return Outcome("pass", "pre-trained weights available: " + ", ".join(parts), first(found))
    if promises:
        quote = promises[0].excerpt or ""
        return Outcome(
            "fail", f"weights are only promised: {quote[:120]!r}", first(promises), searched
        )
    return Outcome("fail", "no pre-trained weights found", (), searched)
