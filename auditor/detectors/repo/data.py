"""Data availability: download scripts, README dataset links, DVC files, dataset-library
names with download enabled; absolute local paths with no instructions fail."""

from __future__ import annotations

import re

from auditor.detectors import NoParams, Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import in_scope
from auditor.facts.evidence import call_ev, command_lines, doc_ev, file_ev, first, link_ev
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

DOWNLOAD_SCRIPT = re.compile(
    r"(^|/)(download|get|fetch|prepare|prep|make|setup|build)[_-]?\w*(data|dataset|datasets|corpus|"
    r"corpora|glue|squad|imagenet|cifar|coco)\w*\.(sh|py|bash)$|(^|/)download\w*\.(sh|py|bash)$",
    re.I,
)
FETCH_CMD = re.compile(r"\b(wget|curl|gdown|aria2c|kaggle\s+(datasets|competitions)\s+download|"
                       r"huggingface-cli\s+download|gsutil\s+cp|aws\s+s3\s+cp|azcopy|rsync)\b|urlretrieve|"
                       r"download_url|download_and_extract|snapshot_download|hf_hub_download", re.I)  # fmt: skip
DATA_HOSTS = re.compile(
    r"(kaggle\.com|zenodo\.org|figshare\.com|huggingface\.co/datasets|drive\.google\.com|"
    r"dropbox\.com|archive\.ics\.uci\.edu|image-net\.org|cocodataset\.org|cs\.toronto\.edu/~kriz|"
    r"yann\.lecun\.com|physionet\.org|openml\.org|data\.mendeley\.com|dataverse|osf\.io|"
    r"tensorflow\.org/datasets|paperswithcode\.com/dataset|storage\.googleapis\.com|amazonaws\.com|"
    r"gluebenchmark\.com|rajpurkar\.github\.io|nlp\.stanford\.edu|statmt\.org|cityscapes-dataset|"
    r"grouplens\.org|snap\.stanford\.edu|ogb\.stanford\.edu|linqs|github\.com/.*/(data|dataset))",
    re.I,
)
DATA_HEADING = re.compile(r"data|dataset|corpus|download|prepar|benchmark", re.I)
DATA_LIB = re.compile(
    r"^datasets\.load_dataset$|^tensorflow_datasets\.(load|builder)$|^tfds\.load$|"
    r"^torchvision\.datasets\.\w+$|^(tensorflow\.)?keras\.datasets\.\w+\.load_data$|"
    r"^sklearn\.datasets\.(fetch|load)_\w+$|^torch_geometric\.datasets\.\w+$|^torchtext\.datasets\.\w+$|"
    r"^ogb\.\w+\.\w+Dataset$|^torchaudio\.datasets\.\w+$|^openml\.datasets\.get_dataset$|"
    r"^dgl\.data\.\w+$|^gym\.make$|^gymnasium\.make$",
)
DATA_IMPORT = re.compile(
    r"^sklearn\.datasets\.(load|fetch)_\w+$|^(tensorflow\.)?keras\.datasets\.\w+$"
)
ABS_PATH = re.compile(
    r"^(/(home|Users|data|mnt|scratch|nfs|export|media|storage|data\d|datasets|work|gpfs|"
    r"lustre|fs|share|shared|ssd|hdd|raid|projects|usr/local/data)/[^\s]+|[A-Za-z]:\\\\?[^\s]+)$"
)


def _lib_evidence(repo: RepoFacts) -> list[Evidence]:
    out = []
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for c in info.calls:
            if not DATA_LIB.search(c.name):
                continue
            kw = dict(c.kwargs)
            if c.name.startswith("torchvision.datasets") and kw.get("download") not in (
                "True",
                "?",
            ):
                continue  # torchvision datasets read local files unless download=True
            out.append(call_ev(info, c))
        for mod in sorted(info.imports):
            if DATA_IMPORT.search(mod):
                line = next(
                    (
                        i
                        for i, ln in enumerate(info.lines, 1)
                        if "import" in ln and mod.rsplit(".", 1)[-1] in ln
                    ),
                    None,
                )
                out.append(
                    file_ev(info.path, line, info.line_text(line) if line else f"import {mod}")
                )
    return out


def _abs_paths(repo: RepoFacts) -> list[Evidence]:
    out = []
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for s, line in info.strings:
            if len(s) < 200 and ABS_PATH.match(s.strip()) and not s.startswith("/usr/bin"):
                out.append(file_ev(info.path, line, info.line_text(line)))
    return out


def _readme_evidence(repo: RepoFacts) -> list[Evidence]:
    out: list[Evidence] = []
    for doc in repo.readme_docs:
        for link in doc.links:
            if link.image:
                continue
            host = DATA_HOSTS.search(link.url)
            under_data = bool(link.heading and DATA_HEADING.search(link.heading))
            named = re.search(r"data|corpus|benchmark", link.text or "", re.I)
            if (host and (under_data or named)) or (
                under_data and named and link.url.startswith("http")
            ):
                out.append(link_ev(doc, link))
        for line, cmd, heading in command_lines(doc):
            if FETCH_CMD.search(cmd) or re.search(r"download|prepare_data|get_data", cmd, re.I):
                if heading is None or DATA_HEADING.search(heading) or re.search(r"data", cmd, re.I):
                    out.append(doc_ev(doc, line, cmd))
    return out


def _scripts(repo: RepoFacts) -> list[Evidence]:
    out = [file_ev(p, None, "download script") for p in repo.paths if DOWNLOAD_SCRIPT.search(p)]
    out += [
        file_ev(p, None, "DVC-tracked data")
        for p in repo.paths
        if p.endswith(".dvc") or p.rsplit("/", 1)[-1] in ("dvc.yaml", ".dvc/config")
    ]
    for p in repo.shell_scripts:
        text = repo.text(p) or ""
        for n, raw in enumerate(text.splitlines()[:2000], start=1):
            if FETCH_CMD.search(raw) and not re.search(
                r"\.(pth|pt|ckpt|h5|bin|whl)\b|pip\s+install", raw
            ):
                out.append(file_ev(p, n, raw.strip()))
                break
    return out


@detector("code_data_availability", NoParams)
def code_data_availability(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    scripts = _scripts(repo)
    readme = _readme_evidence(repo)
    libs = _lib_evidence(repo)
    abs_paths = _abs_paths(repo)
    searched = (
        "download scripts and DVC files, shell scripts fetching data (wget/curl/gdown), README "
        "dataset links and download commands (with their heading), dataset libraries "
        "(load_dataset, tfds, torchvision download=True, keras/sklearn datasets), and absolute "
        "local paths in the code"
    )
    details: dict[str, object] = {
        "download_scripts": [e.path for e in scripts][:10],
        "readme_links": len(readme),
        "dataset_library_calls": len(libs),
        "absolute_paths": [f"{e.path}:{e.line}" for e in abs_paths][:10],
    }
    found = readme + scripts + libs
    if found:
        what = []
        if readme:
            what.append(f"{len(readme)} README dataset link(s)/command(s)")
        if scripts:
            what.append(f"download script(s)/DVC such as {scripts[0].path}")
        if libs:
            what.append(f"dataset library calls such as {libs[0].excerpt}")
        summary = "data can be obtained: " + "; ".join(what)
        if abs_paths:
            summary += f" (but {len(abs_paths)} absolute local path(s) in the code)"
            return Outcome("partial", summary, first(found[:4] + abs_paths[:2]), searched,
                           advice="Replace absolute local paths with command-line options or relative paths.",
                           details=details)  # fmt: skip
        return Outcome("pass", summary, first(found), details=details)
    if abs_paths:
        return Outcome("fail", f"the code reads absolute local paths such as {abs_paths[0].excerpt} and nothing says how to obtain the data",
                       first(abs_paths), searched, details=details)  # fmt: skip
    return Outcome(
        "fail",
        "no download script, dataset link or dataset-library call found",
        (),
        searched,
        details=details,
    )
