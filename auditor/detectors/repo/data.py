"""Data availability: can the data the experiments use be obtained?

Obtainable, as the labelling rules say: the dataset is committed (data files the code or the
README's commands refer to, or a data folder of them); code or a script downloads it (URLs of
data files or data hosts in the code, dataset libraries and hubs, ``download=True``, download
scripts, DVC); the README links to it; or the README tells how to obtain a named dataset and
point the code at it. A README that says a dataset is unreleased, private or on request makes
it partial beside obtainable data and a fail without. Code that needs data (data options,
dataset readers, absolute local paths) with none of the above fails. Where nothing needs
external data (simulators, synthetic data, sampling from a released model, libraries) or there
is no code at all: not applicable."""

from __future__ import annotations

import posixpath
import re

from auditor.detectors import NoParams, Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import VENDOR, in_scope
from auditor.facts.entries import entry_points
from auditor.facts.evidence import (
    call_ev,
    command_lines,
    doc_ev,
    fetch_lines,
    file_ev,
    first,
    link_ev,
)
from auditor.facts.markdown import Document
from auditor.facts.python_src import Call, PyInfo
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

# -- what marks a dataset -------------------------------------------------------------------
DATA_EXT = re.compile(
    r"\.(csv|tsv|mat|npy|npz|hdf5|h5|pkl|pickle|rdata|rda|rds|parquet|arrow|feather|"
    r"tfrecords?|jsonl|adjlist|edgelist|edges|graphml|gml|arff|libsvm|svmlight|xlsx?|nii|"
    r"nii\.gz|txt\.gz|csv\.gz|json\.gz|zip|tar|tar\.gz|tgz|lmdb|dat)$",
    re.I,
)
LOOSE_DATA_EXT = re.compile(r"\.(json|txt|png|jpe?g|wav|flac|pdb|xyz|sdf|obj|ply|fasta|fa)$", re.I)
DATA_DIR = re.compile(r"(^|/)(data|dataset|datasets|corpus|corpora|Data|benchmarks?)/", re.I)
# example inputs of a demo are not the experiments' datasets
NOT_DATA_DIR = re.compile(
    r"(^|/)(tests?|results?|outputs?|logs?|runs|figures?|plots?|checkpoints?|models?|weights|"
    r"examples?|demos?|tutorials?|notebooks?|"
    r"pretrained\w*|docs?|assets|static|images?/(readme|docs?)|configs?)/",
    re.I,
)
WEIGHTS = re.compile(r"\.(pth?|th|ckpt|bin|safetensors|onnx|pb|params|caffemodel|t7)\b|"
                     r"model|weight|checkpoint|ckpt|pretrain", re.I)  # fmt: skip
DATA_HOSTS = re.compile(
    r"kaggle\.com/(c|competitions|datasets)|zenodo\.org|figshare\.com|huggingface\.co/datasets|"
    r"archive\.ics\.uci\.edu|image-net\.org|cocodataset\.org|cs\.toronto\.edu/~kriz|"
    r"yann\.lecun\.com/exdb|physionet\.org|openml\.org|data\.mendeley\.com|dataverse|osf\.io|"
    r"tensorflow\.org/datasets|paperswithcode\.com/dataset|gluebenchmark\.com|"
    r"rajpurkar\.github\.io|statmt\.org|cityscapes-dataset|grouplens\.org|snap\.stanford\.edu|"
    r"ogb\.stanford\.edu|weatherbench|opendatalab\.com|cvlibs\.net|nuscenes\.org|waymo\.com/open|"
    r"ldc\.upenn\.edu|commoncrawl\.org|//data\.\w+\.(org|edu|gov)",
    re.I,
)
FILE_HOSTS = re.compile(
    r"drive\.google\.com|docs\.google\.com|dropbox\.com|onedrive|1drv\.ms|sharepoint\.com|"
    r"storage\.googleapis\.com|amazonaws\.com|blob\.core\.windows\.net|box\.com|baidu\.com|"
    r"github\.com/[^/]+/[^/]+/(releases|raw|blob)|\.edu/|\.ac\.\w+/",
    re.I,
)
DATA_WORD = re.compile(r"\b(data|dataset|datasets|corpus|corpora|benchmark|split|annotations?)\b|"
                       r"train(ing)?[_ -]?(set|data)|test[_ -]?set", re.I)  # fmt: skip
DATA_HEADING = re.compile(r"data|dataset|corpus|corpora|download|prepar|benchmark", re.I)
FETCH_CMD = re.compile(r"\b(wget|curl|gdown|aria2c|kaggle\s+(datasets|competitions)\s+download|"
                       r"huggingface-cli\s+download|gsutil\s+(-m\s+)?cp|aws\s+s3\s+(cp|sync)|azcopy|"
                       r"rsync|git\s+clone|git\s+lfs\s+pull)\b|urlretrieve|download_url|"
                       r"download_and_extract|snapshot_download|hf_hub_download", re.I)  # fmt: skip
DOWNLOAD_SCRIPT = re.compile(
    r"(^|/)(download|get|fetch|prepare|prep|make|setup|build)[_-]?\w*(data|dataset|datasets|"
    r"corpus|corpora|glue|squad|imagenet|cifar|coco)\w*\.(sh|py|bash)$|"
    r"(^|/)download\w*\.(sh|py|bash)$",
    re.I,
)
DATA_LIB = re.compile(
    r"^datasets\.load_dataset$|^tensorflow_datasets\.(load|builder)$|^tfds\.load$|"
    r"^torchvision\.datasets\.\w+$|^(tensorflow\.)?keras\.datasets\.\w+\.load_data$|"
    r"^sklearn\.datasets\.(fetch|load)_\w+$|^torch_geometric\.datasets\.\w+$|"
    r"^torchtext\.datasets\.\w+$|^ogb\.\w+\.\w+Dataset$|^torchaudio\.datasets\.\w+$|"
    r"^openml\.(datasets\.get_dataset|study\.get_suite|tasks\.get_task)$|^dgl\.data\.\w+$|"
    r"^folktables\.|^pandas\.read_\w+$|^wilds\.get_dataset$|^medmnist\.|^huggingface_hub\.\w+$|"
    # offline-RL dataset libraries download the logged experience they serve
    r"^d4rl\.(qlearning_dataset|sequence_dataset)$|^minari\.(load_dataset|download_dataset)$"
)
_LOCAL_ONLY = re.compile(r"^torchvision\.datasets\.(ImageFolder|DatasetFolder|VisionDataset)$")
DATA_IMPORT = re.compile(
    r"^sklearn\.datasets\.(load|fetch)_\w+$|^(tensorflow\.)?keras\.datasets\.\w+$"
)
_HUB_DATASET = re.compile(r"^[\w-]{2,40}/[\w.-]{2,80}$")
SIMULATORS = re.compile(
    r"^(gym|gymnasium|gymnax|brax|dm_control|mujoco|mujoco_py|pybullet|procgen|minatar|"
    r"jumanji|pettingzoo|atari_py|ale_py|vizdoom|habitat|isaacgym|metaworld|robosuite|"
    r"minigrid|crafter|smac|dmlab)\b"
)
READERS = re.compile(
    r"^(pandas\.read_\w+|numpy\.(load|loadtxt|genfromtxt|fromfile)|scipy\.io\.loadmat|h5py\.File|"
    r"torchvision\.datasets\.(ImageFolder|DatasetFolder)|tensorflow\.data\.TFRecordDataset|"
    r"datasets\.load_from_disk|nibabel\.load|SimpleITK\.ReadImage)$"
)
DATA_OPTION = re.compile(
    r"^-{1,2}(data|dataset|datasets|corpus|data[_-]?(dir|path|root|folder|file|set)|"
    r"dataset[_-]?(dir|path|root|name)|(train|training|test|val|valid|eval)[_-]?(data|file|set|"
    r"dir|path|root|files)|input[_-]?(dir|data|path)|root|data[_-]?roots?|img[_-]?dir|"
    r"image[_-]?(dir|root))$",
    re.I,
)
CONFIG_DATA_KEY = re.compile(
    r"^\s*['\"]?(data_root|data_dir|data_path|dataset_path|dataset_dir|image_root|ann_root|"
    r"train_file|training_files|train_data|data_files|dataset_name|dataset_mixer|data_prefix)"
    r"['\"]?\s*[:=]\s*(.+)$",
    re.I,
)
UNAVAILABLE = re.compile(
    r"not (yet )?(be )?(publicly |openly )?(available|released|provided|shared|public)|"
    r"(available|provided) (up)?on (reasonable )?request|upon request|proprietary|"
    r"(private|internal|in-house|confidential|clinical) (data|dataset|datasets|corpus|collection)|"
    r"cannot (be )?(release|share|distribut|publish|made public)|can ?not (release|share)|"
    r"(unable|not able) to (release|share)|no longer (be )?available|"
    r"(data|dataset|datasets|corpus) (is|are|will be) (coming soon|released soon|released later)|"
    r"due to (privacy|licen[cs]|copyright|confidential)",
    re.I,
)
# support for further datasets promised for later ("More supported datasets are coming soon"):
# says nothing against the data the documented experiments use
MORE_LATER = re.compile(
    r"\b(more|other|additional|further|new)\b[\w\s-]{0,20}\b(data|datasets?|corpus|corpora|"
    r"benchmarks?)\b[^.]{0,40}\b(coming soon|released soon|released later|to be added|"
    r"will be (added|supported|released))",
    re.I,
)
# a sentence that says where its datasets are: "The used datasets ... are hosted by the paper
# authors [here](...)", "the data can be downloaded from [...]"
HOSTED_AT = re.compile(
    r"\b(data|dataset|datasets|corpus|corpora|benchmarks?)\b[^.]{0,80}\b(are|is|can be)\s+"
    r"(hosted|available|downloaded|found|obtained)\b",
    re.I,
)
INSTRUCTION = re.compile(
    r"\b(download|prepare|place|put|extract|unzip|organi[sz]e|symlink|link|store|copy|obtain|"
    r"request access|sign up|register|fill)\b.{0,100}\b(data|dataset|datasets|corpus|split|"
    r"annotations)\b|\b(data|dataset|datasets|corpus)\b.{0,100}\b(download|prepare|place|put|"
    r"extract|unzip|organi[sz]e|symlink|link|obtain|folder|directory|structure|layout|path)\b|"
    r"--data[_-]?(path|dir|root)\b|\b(data_root|data_dir|data_path|image_root|ann_root)\b",
    re.I,
)
OWN_DATA = re.compile(r"\byour own\b|\bcustom (data|dataset)", re.I)
PAPER_LINK = re.compile(r"doi\.org|arxiv\.org|openreview\.net|aclanthology|proceedings\.|"
                        r"papers\.nips|openaccess\.thecvf|ieeexplore|dl\.acm\.org|springer", re.I)  # fmt: skip
ABS_PATH = re.compile(
    r"^(/(home|Users|data|mnt|scratch|nfs|export|media|storage|data\d|datasets|work|gpfs|"
    r"lustre|fs|share|shared|ssd|hdd|raid|projects|usr/local/data)/[^\s]+|[A-Za-z]:[\\/][^\s]+)$"
)
URL = re.compile(r"(?:https?|ftp)://[^\s'\"<>)\]]+|(?:gs|s3)://[^\s'\"<>)\]]+")
CONFIG_EXT = (".yaml", ".yml", ".json", ".gin", ".toml", ".cfg", ".ini", ".conf")
MAX_FILES = 4000
MAX_TEXTS = 400


# -- obtainable ------------------------------------------------------------------------------
# the Planetoid split files of the citation graphs (ind.cora.x, ind.pubmed.test.index)
PLANETOID = re.compile(r"(^|/)ind\.\w+\.(x|y|tx|ty|allx|ally|graph|test\.index)$")


def _data_file(path: str) -> bool:
    if PLANETOID.search(path):
        return True
    if DATA_EXT.search(path):
        return not WEIGHTS.search(path.rsplit("/", 1)[-1]) or bool(DATA_DIR.search(path))
    return bool(LOOSE_DATA_EXT.search(path) and DATA_DIR.search(path))


# a data folder inside an example folder (examples/heat/data/u.npy): that example's dataset
EXAMPLE_DATA = re.compile(r"(^|/)examples?/(?:[^/]+/)*(data|datasets?)/", re.I)
_EXAMPLES = re.compile(r"(^|/)examples?/", re.I)


def _example_dataset(path: str) -> bool:
    """In a data folder of an example folder, and in no other folder that holds no datasets."""
    return bool(EXAMPLE_DATA.search(path)) and not NOT_DATA_DIR.search(_EXAMPLES.sub("/", path))


def committed(repo: RepoFacts, texts: list[tuple[str, str]]) -> list[Evidence]:
    """Data files in the tree that the code, configs, scripts or README refer to (by name or
    folder), or that sit in a data folder; listed-but-absent large files count. Files inside a
    Python package (lookup tables beside the modules) are assets, not datasets. Example inputs
    of a demo are not datasets, but a data folder inside an example folder whose files the code
    names by name is that example's dataset (scientific-ML repositories whose experiments are
    their examples)."""
    packages = {posixpath.dirname(p) for p in repo.python_paths if p.endswith("/__init__.py")}
    files = [
        p for p in repo.paths[:MAX_FILES]
        if _data_file(p) and not VENDOR.search(p)
        and (not NOT_DATA_DIR.search(p) or _example_dataset(p))
        and posixpath.dirname(p) not in packages
    ]  # fmt: skip
    if not files:
        return []
    words: set[str] = set()
    for _p, text in texts:
        words.update(re.findall(r"[\w.-]+", text))
    out = []
    for p in files:
        base = p.rsplit("/", 1)[-1]
        folder = posixpath.basename(posixpath.dirname(p))
        named = base in words
        in_folder = bool(DATA_DIR.search(p)) and folder in words and not _EXAMPLES.search(p)
        if named or in_folder:
            out.append(
                file_ev(
                    p, None, f"committed data file{' (referred to in the code)' if named else ''}"
                )
            )
        if len(out) >= 6:
            break
    return out


def _code_texts(repo: RepoFacts) -> list[tuple[str, str]]:
    """(path, text) of the code, configs and scripts (in scope, bounded), and the README docs."""
    out = []
    paths = [p for p in repo.python_paths + repo.notebook_paths if in_scope(p)]
    paths += [p for p in repo.other_code_paths() if in_scope(p)]
    paths += [p for p in repo.shell_scripts if in_scope(p)]
    paths += [p for p in repo.paths if p.lower().endswith(CONFIG_EXT) and in_scope(p)][:150]
    for p in paths[:MAX_TEXTS]:
        info = repo.python(p) if p.endswith(".ipynb") else None
        text = "\n".join(info.lines) if info is not None else repo.text(p)  # notebooks: code
        if text:
            out.append((p, text[:200_000]))
    out += [(d.path, "\n".join(d.lines)) for d in repo.readme_docs]
    return out


def downloads_in_code(repo: RepoFacts, texts: list[tuple[str, str]]) -> list[Evidence]:
    """URLs of data files or data hosts in the code, configs and scripts (not model weights),
    public-bucket data paths, and Hugging Face dataset ids in configs."""
    out = []
    docs = {d.path for d in repo.readme_docs}
    for path, text in texts:
        if path in docs:
            continue
        config = path.lower().endswith(CONFIG_EXT)
        for n, line in enumerate(text.splitlines()[:20_000], 1):
            # every URL has "://" (a cheap test before the URL pattern), a dataset key a config
            hit = ("://" in line and _data_url(line)) or (config and _hub_dataset_key(path, line))
            if hit:
                out.append(file_ev(path, n, line.strip()[:200]))
                break
        if len(out) >= 6:
            break
    return out


def _data_url(line: str) -> bool:
    for url in URL.findall(line):
        if WEIGHTS.search(url) and not DATA_WORD.search(url):
            continue
        if url.startswith(("gs://", "s3://")):
            if DATA_WORD.search(url) or re.search(r"tfrecord|\.csv|\.json", url, re.I):
                return True
            continue
        if DATA_HOSTS.search(url) or DATA_EXT.search(url.split("?", 1)[0]):
            return True
        if FILE_HOSTS.search(url) and DATA_WORD.search(line):
            return True
    return False


def _hub_dataset_key(path: str, line: str) -> bool:
    """``dataset_mixer: org/name`` / ``dataset_name: org/name`` in a config file."""
    if not path.lower().endswith(CONFIG_EXT):
        return False
    m = CONFIG_DATA_KEY.match(line)
    value = m.group(2).strip().strip("'\"{} ") if m else ""
    return bool(_HUB_DATASET.match(value.split(":")[0].strip().strip("'\"")))


def library_calls(repo: RepoFacts) -> list[Evidence]:
    """Dataset libraries and hubs (load_dataset, tfds, torchvision with download=True, keras and
    scikit-learn datasets, OpenML, PyG, folktables, pandas reading a URL) and any
    ``download=True``."""
    out = []
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        d4rl = "d4rl" in info.roots()
        for c in info.calls:
            kw = dict(c.kwargs)
            if kw.get("download") == "True" or (DATA_LIB.search(c.name) and _fetches(info, c, kw)):
                out.append(call_ev(info, c))
                break
            if d4rl and c.name.endswith(".get_dataset"):  # a D4RL environment's logged data
                out.append(call_ev(info, c))
                break
        for mod in sorted(info.imports):
            if DATA_IMPORT.search(mod):
                out.append(file_ev(info.path, None, f"import {mod}"))
                break
        if len(out) >= 6:
            break
    return out


def _local_dataset(info: PyInfo, call: Call) -> bool:
    return bool(DATA_LIB.search(call.name)) and not _fetches(info, call, dict(call.kwargs))


def _fetches(info: PyInfo, call: Call, kw: dict[str, str]) -> bool:
    name = call.name
    if _LOCAL_ONLY.search(name):
        return False
    if name.startswith("torchvision.datasets"):
        return kw.get("download") in ("True", "?")  # local files unless download=True
    if name.startswith("pandas.read_"):
        return bool(call.args and URL.search(call.args[0]))
    if name == "datasets.load_dataset":
        first_arg = call.args[0].strip("'\"") if call.args else ""
        return first_arg not in ("json", "csv", "text", "parquet", "imagefolder", "audiofolder")
    return True


METADATA_HOSTS = re.compile(
    r"://(metadata\.google\.internal|169\.254\.169\.254|metadata\.azure)", re.I
)


def _reads_a_value(raw: str, fetch: re.Match[str]) -> bool:
    """A fetch (``FETCH_CMD``'s match in ``raw``) that reads a value rather than downloading
    data: inside a command substitution (``$(curl -s ...)``) or from a cloud instance's
    metadata service."""
    return "$(" in raw[: fetch.start()] or bool(METADATA_HOSTS.search(raw))


def download_scripts(repo: RepoFacts) -> list[Evidence]:
    out = [
        file_ev(p, None, "download script")
        for p in repo.paths
        if DOWNLOAD_SCRIPT.search(p) and not WEIGHTS.search(p.rsplit("/", 1)[-1]) and in_scope(p)
    ][:3]
    out += [
        file_ev(p, None, "DVC-tracked data")
        for p in repo.paths
        if p.endswith(".dvc") or p.rsplit("/", 1)[-1] in ("dvc.yaml", ".dvc/config")
    ][:2]
    for p in repo.shell_scripts:
        if not in_scope(p) or WEIGHTS.search(p.rsplit("/", 1)[-1]):
            continue  # download_models.sh fetches weights
        for n, raw in enumerate((repo.text(p) or "").splitlines()[:2000], start=1):
            cmd = FETCH_CMD.search(raw)
            if cmd is None or not re.search(r"://|\$\{?\w|\b\w+\.\w+/", raw):
                continue
            if _reads_a_value(raw, cmd):
                continue
            if not WEIGHTS.search(raw) and not re.search(r"pip\s+install", raw):
                out.append(file_ev(p, n, raw.strip()))
                break
    return out


def readme_data(repo: RepoFacts) -> tuple[list[Evidence], list[Evidence]]:
    """(links and download commands, instructions) for data in the README documents."""
    links: list[Evidence] = []
    told: list[Evidence] = []
    for doc in repo.readme_docs:
        title = _title(doc)
        for link in doc.links:
            if link.image or not link.url.startswith(("http", "ftp", "gs:", "s3:")):
                continue
            under_data = link.heading != title and _data_heading(link.heading)
            named = DATA_WORD.search(link.text or "") or DATA_WORD.search(doc.line(link.line))
            data_host = DATA_HOSTS.search(link.url)
            if PAPER_LINK.search(link.url) or (
                WEIGHTS.search(link.url) and not DATA_WORD.search(link.url) and not data_host
            ):
                continue
            if (
                data_host
                or (FILE_HOSTS.search(link.url) and (under_data or named))
                or (under_data and named)
                or HOSTED_AT.search(doc.line(link.line))
                or _download_named(doc.line(link.line), link.text or "", link.url)
            ):
                links.append(link_ev(doc, link))
        for line, cmd, heading in command_lines(doc) + fetch_lines(doc):
            fetch = FETCH_CMD.search(cmd) or re.search(r"download|prepare_data|get_data", cmd, re.I)
            if fetch and not WEIGHTS.search(cmd):
                if _data_heading(heading) or DATA_WORD.search(cmd):
                    links.append(doc_ev(doc, line, cmd))
        told += _instructions(doc)
    return links, told


# "download [ImageNet](url)": the link is what the sentence tells the reader to download
_DOWNLOAD_LINK = r"\bdownload(?:ed)?\s+(?:it\s+)?(?:from\s+|at\s+)?(?:the\s+)?\[{text}\]\("
_NOT_DATA_LINK = re.compile(
    r"model|weight|checkpoint|ckpt|pre-?trained|code|repo|paper|install|pip|conda|docker", re.I
)
_CODE_HOST = re.compile(r"github\.com/[^/]+/[^/]+/?$|github\.com/[^/]+/[^/]+/(tree|blob)/", re.I)


def _download_named(line: str, text: str, url: str) -> bool:
    """The sentence tells the reader to download what the link names (not a model or code)."""
    if not text or _NOT_DATA_LINK.search(text) or _NOT_DATA_LINK.search(url):
        return False
    if _CODE_HOST.search(url) or WEIGHTS.search(url):
        return False
    return re.search(_DOWNLOAD_LINK.format(text=re.escape(text)), line, re.I) is not None


def _title(doc: Document) -> str | None:
    """The document's title: its first heading, when that is the only one at the top level
    (it names the project, "DrQ: Data regularized Q", and opens no section about data)."""
    if not doc.headings:
        return None
    first = doc.headings[0]
    if any(h.level <= first.level for h in doc.headings[1:]):
        return None
    return first.text


def _data_heading(heading: str | None) -> bool:
    """A heading about data ("Datasets", "Data preparation"), not a title that has the word."""
    if not heading or len(heading.split()) > 6 or OWN_DATA.search(heading):
        return False
    return bool(DATA_HEADING.search(heading)) and not re.search(
        r"pre-?trained|model|weight|checkpoint", heading, re.I
    )


def _instructions(doc: Document) -> list[Evidence]:
    """Lines telling how to obtain a dataset or point the code at it, in a data section."""
    out = []
    for h, start, end in doc.section_text(DATA_HEADING):
        if not _data_heading(h.text):
            continue
        for n in range(start + 1, min(end, start + 60) + 1):
            text = doc.line(n)
            if INSTRUCTION.search(text) and not (UNAVAILABLE.search(text) or OWN_DATA.search(text)):
                out.append(doc_ev(doc, n))
                break
    return out


# -- not obtainable, and whether data is needed at all --------------------------------------
# "we cannot provide the dataset. Please download it from [the official site](...)": a pointer
# to where the dataset is obtained, not a dataset withheld
_ELSEWHERE = re.compile(
    r"\b(download|obtain|get)\b[^.]{0,80}\b(from|at|via)\s+(the\s+)?(\[|<?https?://)", re.I
)


def unavailable(repo: RepoFacts) -> list[Evidence]:
    """README sentences saying a dataset is unreleased, private, proprietary or on request."""
    out = []
    for doc in repo.readme_docs:
        for n, text in enumerate(doc.lines, 1):
            if (
                UNAVAILABLE.search(text)
                and DATA_WORD.search(text)
                and not text.lstrip().startswith("<!--")
                and not _ELSEWHERE.search(text)
                and not MORE_LATER.search(text)
            ):
                out.append(doc_ev(doc, n))
    return out[:3]


def abs_paths(repo: RepoFacts) -> list[Evidence]:
    out = []
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for s, line in info.strings:
            if (
                len(s) < 200
                and ABS_PATH.match(s.strip())
                and not s.startswith(("/usr/bin", "/dev/", "/tmp"))
            ):
                out.append(file_ev(info.path, line, info.line_text(line)))
    return out


# scripts that read what the experiments wrote (logs, scores), not a dataset
RESULTS_SCRIPT = re.compile(
    r"(^|/)[^/]*(plot|visuali[sz]|figure|chart|analy[sz]|summar)[^/]*$|"
    r"(^|/)(scores|results|logs|curves)/[^/]*$",  # a script beside the scores it reads
    re.I,
)


def needs_data(repo: RepoFacts) -> list[Evidence]:
    """Signs the code reads a dataset: data options, config data keys, dataset readers in the
    entry points."""
    out = []
    entries = {e.path for e in entry_points(repo)}
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for arg in info.cli_args:
            if any(DATA_OPTION.match(f) for f in arg.flags):
                out.append(file_ev(info.path, arg.line, info.line_text(arg.line)))
                break
        if RESULTS_SCRIPT.search(info.path):
            continue  # a plotting or analysis script reads the experiments' outputs
        reader = next((c for c in info.calls if READERS.search(c.name)), None)
        if reader is not None and info.path in entries:
            out.append(call_ev(info, reader))
        local = next((c for c in info.calls if _local_dataset(info, c)), None)
        if local is not None:  # a dataset class reading files the user must supply
            out.append(call_ev(info, local))
        if len(out) >= 4:
            return out
    for p in repo.paths:
        if p.lower().endswith(CONFIG_EXT) and in_scope(p):
            for n, raw in enumerate((repo.text(p) or "").splitlines()[:500], 1):
                if CONFIG_DATA_KEY.match(raw):
                    return [*out, file_ev(p, n, raw.strip())]
    return out


def simulators(repo: RepoFacts) -> list[Evidence]:
    for info in repo.sources:
        if in_scope(info.path):
            sim = sorted(m for m in info.imports if SIMULATORS.match(m))
            if sim:
                return [file_ev(info.path, None, f"import {sim[0]} (simulated environments)")]
    return []


OTHER_SCRIPTS = (".r", ".jl", ".m", ".lua")  # shell scripts count through what they launch


def _no_experiments(repo: RepoFacts) -> bool:
    """No entry point (scripts the README or a launcher runs, training/evaluation files, other
    runnable Python), no notebook and no script in another language: nothing here runs an
    experiment that could read a dataset."""
    if entry_points(repo) or repo.notebook_paths:
        return False
    return not any(p.lower().endswith(OTHER_SCRIPTS) and in_scope(p) for p in repo.paths)


def _has_code(repo: RepoFacts) -> bool:
    return bool(repo.sources) or bool(repo.other_code_paths())


SEARCHED = (
    "committed data files the code or README refers to, URLs of data in the code and configs, "
    "dataset libraries and hubs (load_dataset, tfds, torchvision download=True, OpenML, ...), "
    "download scripts, DVC, README dataset links, commands and instructions (one hop), "
    "statements that data is unreleased, and what the code reads (data options, readers, "
    "absolute local paths)"
)


@detector("code_data_availability", NoParams)
def code_data_availability(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    if not _has_code(repo):
        return Outcome("not_applicable", "the repository has no code", (), SEARCHED)
    texts = _code_texts(repo)
    links, told = readme_data(repo)
    found = {
        "README dataset link(s)/command(s)": links,
        "committed data": committed(repo, texts),
        "download code": downloads_in_code(repo, texts) + download_scripts(repo),
        "dataset library call(s)": library_calls(repo),
        "README instructions for a named dataset": told,
    }
    gone = unavailable(repo)
    local = abs_paths(repo)
    details: dict[str, object] = {k: len(v) for k, v in found.items()}
    details |= {
        "unavailable_statements": len(gone),
        "absolute_paths": [f"{e.path}:{e.line}" for e in local][:10],
    }
    obtainable = [e for v in found.values() for e in v]
    if obtainable and not (found["committed data"] or found["download code"]
                           or found["dataset library call(s)"]) and _no_experiments(repo):  # fmt: skip
        return Outcome(
            "not_applicable",
            "no experiments to need data: the repository has no training, evaluation or other "
            "runnable script, notebook or script in another language (a library, plugin or "
            "model-definition release); the README's data links are not the inputs of any "
            "experiment here",
            first(obtainable[:2]), SEARCHED, details=details,
        )  # fmt: skip
    if obtainable:
        kinds = "; ".join(f"{k} such as {_show(v[0])}" for k, v in found.items() if v)
        if gone:
            return Outcome("partial", f"some data can be obtained ({kinds}), but the README says some is not available: {_show(gone[0])}",
                           first(obtainable[:4] + gone[:2]), SEARCHED, details=details,
                           advice="Release or link every dataset the documented experiments use, or say how to obtain it.")  # fmt: skip
        return Outcome("pass", f"data can be obtained: {kinds}", first(obtainable), details=details)
    need = needs_data(repo)
    if gone or local or need:
        why = (f"the README says the data is not available: {_show(gone[0])}" if gone else
               f"the code reads data ({_show((local or need)[0])}) and nothing says how to obtain it")  # fmt: skip
        return Outcome("fail", why, first(gone + local + need), SEARCHED, details=details,
                       advice="Give a download script or dataset links in the README, use dataset libraries with download enabled, or commit small datasets; replace absolute local paths with options.")  # fmt: skip
    sims = simulators(repo)
    why = ("the code learns in simulated environments" if sims else
           "the code reads no dataset (no data options, readers or dataset libraries)")  # fmt: skip
    return Outcome(
        "not_applicable", f"no external data needed: {why}", first(sims), SEARCHED, details=details
    )


def _show(ev: Evidence) -> str:
    where = f"{ev.path}:{ev.line}" if ev.line else (ev.path or ev.url or "")
    text = (ev.excerpt or ev.url or "")[:80]
    return f"{where} {text}".strip()
