"""Determinism settings, experiment tracking, demos and the licence."""

from __future__ import annotations

import re

from auditor.detectors import NoParams, Outcome, detector
from auditor.facts import Facts
from auditor.facts.code import in_scope
from auditor.facts.evidence import call_ev, file_ev, first, link_ev
from auditor.facts.repo import RepoFacts
from auditor.models import Evidence

GPU_FRAMEWORKS = {"torch": "PyTorch", "tensorflow": "TensorFlow", "jax": "JAX"}
DETERMINISM: dict[str, re.Pattern[str]] = {
    "torch": re.compile(
        r"use_deterministic_algorithms\s*\(\s*True|cudnn\.deterministic\s*=\s*True|"
        r"CUBLAS_WORKSPACE_CONFIG|set_deterministic\s*\(\s*True|deterministic\s*=\s*True"
    ),
    "tensorflow": re.compile(r"enable_op_determinism|TF_DETERMINISTIC_OPS|TF_CUDNN_DETERMINISTIC"),
    "jax": re.compile(r"xla_gpu_deterministic_ops|xla_gpu_deterministic_reductions"),
}
BENCHMARK_OFF = re.compile(r"cudnn\.benchmark\s*=\s*False")


def _framework_files(repo: RepoFacts) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for root in sorted(info.roots() & GPU_FRAMEWORKS.keys()):  # stable order in reports
            out.setdefault(root, []).append(info.path)
    return out


def _grep(repo: RepoFacts, paths: list[str], pattern: re.Pattern[str]) -> list[Evidence]:
    out = []
    for p in paths:
        info = repo.python(p)
        text = repo.text(p)
        if not text or info is None or not pattern.search(text):
            continue
        for n, raw in enumerate(info.lines, start=1):
            if pattern.search(raw) and not raw.lstrip().startswith("#"):
                out.append(file_ev(p, None if info.cell_of_line is not None else n, raw.strip()))
                break
    return out


@detector("code_determinism", NoParams)
def code_determinism(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    used = _framework_files(repo)
    searched = (
        "torch.use_deterministic_algorithms, cudnn.deterministic/benchmark, "
        "CUBLAS_WORKSPACE_CONFIG, TensorFlow op determinism (TF_DETERMINISTIC_OPS, "
        "enable_op_determinism) and XLA deterministic flags, in the code and shell scripts"
    )
    if not used:
        return Outcome(
            "not_applicable", "no GPU framework (PyTorch, TensorFlow, JAX) is used", (), searched
        )
    scripts = list(repo.shell_scripts)
    set_for: dict[str, list[Evidence]] = {}
    for root, paths in used.items():
        hits = _grep(repo, paths + scripts, DETERMINISM[root])
        if hits:
            set_for[root] = hits
    bench = _grep(repo, used.get("torch", []), BENCHMARK_OFF)
    names = ", ".join(GPU_FRAMEWORKS[r] for r in used)
    details: dict[str, object] = {"frameworks": sorted(used), "deterministic": sorted(set_for)}
    ev = [e for hits in set_for.values() for e in hits[:2]] + bench[:1]
    if len(set_for) == len(used):
        return Outcome(
            "pass", f"deterministic kernels requested for {names}", first(ev), details=details
        )
    if set_for or bench:
        missing = ", ".join(GPU_FRAMEWORKS[r] for r in used if r not in set_for)
        return Outcome("partial", f"deterministic settings only partly present (none for {missing})",
                       first(ev), searched, details=details)  # fmt: skip
    return Outcome(
        "fail", f"{names} used with no deterministic-kernel setting", (), searched, details=details
    )


TRACKERS = {
    "mlflow": "MLflow",
    "wandb": "Weights & Biases",
    "tensorboard": "TensorBoard",
    "tensorboardX": "TensorBoard",
    "torch.utils.tensorboard": "TensorBoard",
    "aim": "Aim",
    "sacred": "Sacred",
    "neptune": "Neptune",
    "comet_ml": "Comet",
    "clearml": "ClearML",
    "dvclive": "DVCLive",
    "visdom": "Visdom",
}
TRACK_CALL = re.compile(
    r"^(tensorflow\.summary\.\w+|tensorflow\.compat\.v1\.summary\.\w+|\w+\.add_scalars?|"
    r"pytorch_lightning\.loggers\.\w+|lightning\.pytorch\.loggers\.\w+|"
    r"tensorflow\.keras\.callbacks\.TensorBoard|keras\.callbacks\.TensorBoard)$"
)
CONFIG_LOG = re.compile(r"log_params?$|wandb\.config|\.add_hparams$|wandb\.init$|log_hyperparams$")


@detector("code_experiment_tracking", NoParams)
def code_experiment_tracking(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    found: dict[str, Evidence] = {}
    config_logged: list[Evidence] = []
    for info in repo.sources:
        if not in_scope(info.path):
            continue
        for mod in sorted(info.imports):  # a set: sorted, so reports do not vary by hash seed
            name = TRACKERS.get(mod) or TRACKERS.get(mod.split(".")[0])
            if name and name not in found:
                line = next(
                    (
                        i
                        for i, ln in enumerate(info.lines, 1)
                        if mod.split(".")[0] in ln and "import" in ln
                    ),
                    None,
                )
                found[name] = file_ev(
                    info.path, line, info.line_text(line) if line else f"import {mod}"
                )
        for c in info.calls:
            if TRACK_CALL.search(c.name) and "TensorBoard" not in found:
                found["TensorBoard"] = call_ev(info, c)
            if CONFIG_LOG.search(c.name) and len(config_logged) < 2:
                config_logged.append(call_ev(info, c))
    searched = "imports and calls of MLflow, W&B, TensorBoard (incl. tf.summary), Aim, Sacred, Neptune, Comet, ClearML, DVCLive, Visdom"
    details: dict[str, object] = {"trackers": sorted(found), "config_logged": bool(config_logged)}
    if found:
        extra = "; the run config is logged too" if config_logged else ""
        return Outcome("pass", f"experiment tracking with {', '.join(sorted(found))}{extra}",
                       first(list(found.values()) + config_logged), details=details)  # fmt: skip
    return Outcome("fail", "no experiment tracker found", (), searched, details=details)


DEMO_HOSTS = re.compile(
    r"colab\.research\.google\.com|mybinder\.org|huggingface\.co/spaces|hf\.space|replicate\.com|"
    r"gradio\.app|streamlit\.app|kaggle\.com/code|deepnote\.com|paperspace",
    re.I,
)
DEMO_FILE = re.compile(r"(^|/)(demo|app|gradio_app|streamlit_app|playground)\w*\.py$", re.I)


@detector("code_demo", NoParams)
def code_demo(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    links = [
        link_ev(d, ln) for d in repo.readme_docs for ln in d.links if DEMO_HOSTS.search(ln.url)
    ]
    apps = []
    for info in repo.sources:
        if in_scope(info.path) and info.roots() & {"gradio", "streamlit"}:
            apps.append(file_ev(info.path, None, "Gradio/Streamlit app"))
    notebooks = [file_ev(p, None, "notebook") for p in repo.notebook_paths if in_scope(p)]
    files = [
        file_ev(p, None, "demo script")
        for p in repo.python_paths
        if DEMO_FILE.search(p) and in_scope(p)
    ]
    ev = links + apps + notebooks + files
    details: dict[str, object] = {
        "links": len(links),
        "apps": len(apps),
        "notebooks": len(notebooks),
        "demo_scripts": len(files),
    }
    if ev:
        kinds = [k for k, v in (("hosted demo link", links), ("Gradio/Streamlit app", apps),
                                ("notebook", notebooks), ("demo script", files)) if v]  # fmt: skip
        return Outcome(
            "pass", "a way to try the model: " + ", ".join(kinds), first(ev), details=details
        )
    searched = "README links to Colab/Binder/Hugging Face Spaces/Replicate, Gradio/Streamlit apps, notebooks, demo*.py/app.py"
    return Outcome(
        "fail", "no demo, notebook or hosted demo link found", (), searched, details=details
    )


SPDX = [
    ("Apache-2.0", re.compile(r"Apache License,?\s+Version 2\.0|Apache-2\.0", re.I)),
    ("AGPL-3.0-only", re.compile(r"GNU AFFERO GENERAL PUBLIC LICENSE", re.I)),
    ("LGPL-3.0-only", re.compile(r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("LGPL-2.1-only", re.compile(r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1", re.I)),
    ("GPL-3.0-only", re.compile(r"GNU GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("GPL-2.0-only", re.compile(r"GNU GENERAL PUBLIC LICENSE\s+Version 2", re.I)),
    ("MPL-2.0", re.compile(r"Mozilla Public License,?\s+(Version|v\.?)\s*2\.0", re.I)),
    ("EPL-2.0", re.compile(r"Eclipse Public License\s*-?\s*v(ersion)?\s*2\.0", re.I)),
    ("CC-BY-NC-ND-4.0", re.compile(r"Attribution-NonCommercial-NoDerivatives 4\.0", re.I)),
    ("CC-BY-NC-SA-4.0", re.compile(r"Attribution-NonCommercial-ShareAlike 4\.0", re.I)),
    ("CC-BY-NC-4.0", re.compile(r"Attribution-NonCommercial 4\.0", re.I)),
    ("CC-BY-SA-4.0", re.compile(r"Attribution-ShareAlike 4\.0", re.I)),
    ("CC-BY-4.0", re.compile(r"Creative Commons Attribution 4\.0|CC BY 4\.0", re.I)),
    ("CC0-1.0", re.compile(r"CC0 1\.0|Creative Commons Zero|CC0 1\.0 Universal", re.I)),
    ("Unlicense", re.compile(r"This is free and unencumbered software", re.I)),
    ("BSL-1.0", re.compile(r"Boost Software License", re.I)),
    ("WTFPL", re.compile(r"DO WHAT THE F\w* YOU WANT TO PUBLIC LICENSE", re.I)),
    (
        "Zlib",
        re.compile(r"This software is provided 'as-is', without any express or implied", re.I),
    ),
    (
        "BSD-3-Clause-Clear",
        re.compile(
            r"The Clear BSD License|NO EXPRESS OR IMPLIED LICENSES TO ANY PARTY'S PATENT", re.I
        ),
    ),
    ("BSD-3-Clause", re.compile(r"Neither the name of|names of (its|the) contributors may", re.I)),
    ("BSD-2-Clause", re.compile(r"Redistributions in binary form must reproduce", re.I)),
    (
        "ISC",
        re.compile(r"Permission to use, copy, modify, and(/or)? distribute this software", re.I),
    ),
    ("MIT", re.compile(r"Permission is hereby granted, free of charge", re.I)),
]
# a permissive text with restrictions added is a custom licence, not the standard one
ALTERED = re.compile(
    r"non-?commercial|research purposes only|(academic|research) (use|purposes) only|"
    r"not (be )?used for (any )?commercial|modified (MIT|BSD) licen[cs]e|"
    r"for evaluation purposes only",
    re.I,
)
_PERMISSIVE = (
    "MIT",
    "ISC",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "Zlib",
    "BSL-1.0",
)
_BODY = {"MIT": 1600, "ISC": 1200, "BSD-2-Clause": 1800, "BSD-3-Clause": 2200}  # chars + title
# LICENSE, LICENCE.md, COPYING, LICENSE-MIT, MIT-LICENSE.txt, UNLICENSE: whatever it is called
LICENSE_FILE = re.compile(
    r"^(?!.*\.(py|sh|js|ts|ipynb|json|ya?ml|toml|cfg|png|jpe?g|svg|html)$)"
    r"([\w.-]+[-_.])?(licen[cs]e|copying|unlicense)([-_.][\w.-]+)?$",
    re.I,
)


# a licence file named for what is not the code (DATA_LICENSE, LICENSE-MODEL, WEIGHTS_LICENSE):
# the code's licence is another file beside it, when there is one
_NOT_CODE_LICENCE = re.compile(r"(^|[-_.])(data|datasets?|models?|weights?)([-_.]|$)", re.I)


def identify_license(text: str) -> str | None:
    """The SPDX id of a licence text; None for a custom or altered one."""
    m = re.search(r"SPDX-License-Identifier:\s*([\w.+-]+)", text)
    if m:
        return m.group(1)
    head = text[:20000]
    spdx = next((spdx for spdx, pat in SPDX if pat.search(head)), None)
    if spdx in _PERMISSIVE and ALTERED.search(head[: _BODY.get(spdx, 2500)]):
        return None  # the licence's own body carries a restriction (notices appended later do not)
    return spdx


@detector("code_license", NoParams)
def code_license(facts: Facts) -> Outcome:
    repo = facts.repo
    assert repo is not None
    files = [p for p in repo.paths if "/" not in p and LICENSE_FILE.match(p)]
    files.sort(key=lambda p: bool(_NOT_CODE_LICENCE.search(p)))  # DATA_LICENSE after LICENSE
    searched = (
        "a licence file at the root of the tree (LICENSE, LICENCE, COPYING, ... whatever it is "
        "called); licence files in sub-folders, licence fields in setup.py/pyproject.toml and "
        "a README licence section are reported but are no licence for the code"
    )
    if files:
        ids = [(p, identify_license(repo.text(p) or "")) for p in files]
        known = [(p, i) for p, i in ids if i]
        p, spdx = known[0] if known else ids[0]
        text = (repo.text(p) or "").strip().splitlines()
        ev = (file_ev(p, 1, text[0] if text else "(empty)"),)
        if spdx:
            return Outcome(
                "pass", f"licence file {p} ({spdx})", ev, details={"spdx": spdx, "files": files}
            )
        return Outcome("pass", f"licence file {p} (a custom or altered licence: not a standard SPDX text)",
                       ev, details={"spdx": None, "files": files})  # fmt: skip
    other = _named_elsewhere(repo)
    what = "; ".join(e.excerpt or e.path or "" for e in other[:2])
    summary = "no licence file at the root" + (
        f" (only named elsewhere: {what[:160]})" if other else ""
    )
    return Outcome("fail", summary, first(other), searched, details={"spdx": None, "files": []})


def _named_elsewhere(repo: RepoFacts) -> list[Evidence]:
    out = [
        file_ev(p, 1, "licence file in a sub-folder")
        for p in repo.paths
        if "/" in p and LICENSE_FILE.match(p.rsplit("/", 1)[-1])
    ][:2]
    for meta in ("setup.py", "pyproject.toml", "setup.cfg"):
        meta_text = (repo.text(meta) if meta in repo.paths else None) or ""
        m = re.search(r"^\s*license\s*[=:]\s*(.+)$", meta_text, re.M | re.I)
        if m:
            out.append(file_ev(meta, meta_text[: m.start()].count("\n") + 2, m.group(0).strip()))
    for doc in repo.readme_docs[:1]:
        for h in doc.headings:
            if re.search(r"licen[cs]e", h.text, re.I):
                out.append(file_ev(doc.path, h.line, h.text))
    return out
