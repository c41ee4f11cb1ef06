"""code-reproducibility: environment, configs, data, tracking, demo and licence checks, each
with a pass and a fail repo built in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_repro_seeds import TORCH_TRAIN, finding

TRAIN = {"train.py": TORCH_TRAIN + "\nmain(0)\n"}


# -- environment_pinned ---------------------------------------------------------------------
def test_env_pinned_requirements_and_python(tmp_path: Path) -> None:
    files = {
        **TRAIN,
        "requirements.txt": "torch==1.4.0\nnumpy == 1.18.1\ntqdm\n",
        "README.md": "# X\n\nTested with Python 3.7.\n",
    }
    f = finding(tmp_path, files, "environment_pinned")
    assert f.status == "pass", f.summary
    assert f.details["packages"] == {"torch": "exact", "numpy": "exact"}
    assert f.details["python_version_stated"] is True
    assert any(e.path == "requirements.txt" and e.line == 1 for e in f.evidence)


def test_env_conda_and_docker(tmp_path: Path) -> None:
    env = "name: x\ndependencies:\n  - python=3.8\n  - pytorch=1.7.1\n  - numpy=1.19.2\n  - cudatoolkit=10.2\n"
    f = finding(tmp_path / "a", {**TRAIN, "environment.yml": env}, "environment_pinned")
    assert f.status == "pass", f.summary
    assert f.details["environment_capture"] == ["environment.yml"]
    assert f.details["cuda_stated"] is True
    docker = "FROM pytorch/pytorch:1.4-cuda10.1-cudnn7-runtime\nRUN pip install numpy==1.18.0\n"
    g = finding(tmp_path / "b", {**TRAIN, "Dockerfile": docker}, "environment_pinned")
    assert g.status == "pass", g.summary  # no Python version needed
    two_part = env.replace("pytorch=1.7.1", "pytorch=1.7")  # conda =x.y matches any 1.7.*
    h = finding(tmp_path / "c", {**TRAIN, "environment.yml": two_part}, "environment_pinned")
    assert h.status == "partial" and "only constraints for torch" in h.summary, h.summary


def test_env_readme_setup_section_counts_prose_elsewhere_does_not(tmp_path: Path) -> None:
    files = {
        **TRAIN,
        "environment.yml": "name: x\ndependencies:\n  - pytorch\n  - numpy\n",
        "README.md": "# X\n\n## Setup\n\nWe used Python 3.5 and [PyTorch](https://pytorch.org) 1.1.0.\n",
    }
    f = finding(tmp_path / "a", files, "environment_pinned")
    assert f.status == "partial", f.summary  # numpy is named, without a version
    assert f.details["packages"] == {"torch": "exact", "numpy": "unversioned"}
    assert any(e.path == "README.md" and e.line == 5 for e in f.evidence)
    prose = {**files, "README.md": "# X\n\nOur networks were trained with PyTorch 1.1.0.\n"}
    g = finding(tmp_path / "b", prose, "environment_pinned")
    assert g.status == "fail", g.summary  # descriptive prose is not a setup section


def test_env_constraints_only_are_partial_no_versions_fail(tmp_path: Path) -> None:
    f = finding(
        tmp_path / "a", {**TRAIN, "requirements.txt": "torch>=1.0\nnumpy\n"}, "environment_pinned"
    )
    assert f.status == "partial", f.summary
    assert "only constraints for torch" in f.summary and "no version for numpy" in f.summary
    g = finding(
        tmp_path / "b", {**TRAIN, "requirements.txt": "torch\nnumpy\ntqdm\n"}, "environment_pinned"
    )
    assert g.status == "fail", g.summary
    assert g.advice and "torch" in g.advice
    h = finding(tmp_path / "c", TRAIN, "environment_pinned")
    assert h.status == "fail" and "no manifest" in h.summary, h.summary


def test_env_unnamed_packages_do_not_count_framework_does(tmp_path: Path) -> None:
    """numpy arriving with torch is never named: not held against the repository; the
    framework the code imports counts whether named or not."""
    f = finding(
        tmp_path / "a", {**TRAIN, "requirements.txt": "torch==1.4.0\n"}, "environment_pinned"
    )
    assert f.status == "pass", f.summary
    assert "numpy" not in f.details["packages"]  # type: ignore[operator]
    g = finding(
        tmp_path / "b", {**TRAIN, "requirements.txt": "numpy==1.18.1\n"}, "environment_pinned"
    )
    assert g.status == "partial" and "not named anywhere: torch" in g.summary, g.summary


def test_env_readme_setup_section_versions(tmp_path: Path) -> None:
    f = finding(
        tmp_path / "a",
        {**TRAIN, "README.md": "## Requirements\n\n- PyTorch 1.4.0\n- numpy 1.18\n"},
        "environment_pinned",
    )
    assert f.status == "pass", f.summary
    g = finding(
        tmp_path / "b",
        {**TRAIN, "README.md": "## Install\n\n```\npip install torch==1.4.0 numpy\n```\n"},
        "environment_pinned",
    )
    assert g.status == "partial", g.summary


def test_env_poetry_lock(tmp_path: Path) -> None:
    pyproject = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "^3.8"\ntorch = "1.7.1"\nnumpy = "1.19.5"\n'
    f = finding(
        tmp_path,
        {**TRAIN, "pyproject.toml": pyproject, "poetry.lock": '[[package]]\nname = "torch"\n'},
        "environment_pinned",
    )
    assert f.status == "pass", f.summary
    assert "poetry.lock" in f.details["environment_capture"]  # type: ignore[operator]


# -- hyperparameter_config --------------------------------------------------------------------
def test_config_yaml_with_readme_command(tmp_path: Path) -> None:
    files = {
        **TRAIN,
        "configs/cifar.yaml": "model: resnet\ntrain:\n  lr: 0.1\n  batch_size: 128\n  epochs: 200\n",
        "README.md": "# X\n\n## Training\n\n```bash\npython train.py --config configs/cifar.yaml\n```\n",
    }
    f = finding(tmp_path, files, "hyperparameter_config")
    assert f.status == "pass", f.summary
    assert any(e.path == "configs/cifar.yaml" and e.line == 3 for e in f.evidence)
    assert any(e.path == "README.md" and e.heading == "Training" for e in f.evidence)


def test_config_argparse_defaults_without_readme_partial(tmp_path: Path) -> None:
    src = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--lr', type=float, default=1e-3)\np.add_argument('--epochs', default=10)\n"
    f = finding(tmp_path, {"train.py": src}, "hyperparameter_config")
    assert f.status == "partial", f.summary
    assert f.details["cli_defaults"] == 2


def test_config_json_parsed(tmp_path: Path) -> None:
    cfg = json.dumps({"optimizer": {"learning_rate": 0.001, "weight_decay": 0.0}, "name": "x"})
    f = finding(
        tmp_path,
        {**TRAIN, "exp/params.json": cfg, "README.md": "Run `python train.py --lr 0.001`\n"},
        "hyperparameter_config",
    )
    assert f.status == "pass", f.summary
    assert f.details["config_files"] == ["exp/params.json"]


def test_config_none_fails(tmp_path: Path) -> None:
    files = {
        **TRAIN,
        "environment.yml": "dependencies:\n  - lr: 1\n  - epochs: 2\n",
        "data.json": '{"a": 1}',
    }
    f = finding(tmp_path, files, "hyperparameter_config")
    assert f.status == "fail", f.summary
    assert f.searched


# -- data_availability ------------------------------------------------------------------------
def test_data_readme_link_under_heading(tmp_path: Path) -> None:
    readme = (
        "# X\n\n## Dataset\n\nDownload the [data](https://zenodo.org/record/123) and unzip it.\n"
    )
    f = finding(tmp_path, {**TRAIN, "README.md": readme}, "data_availability")
    assert f.status == "pass", f.summary
    assert f.evidence[0].heading == "Dataset" and "zenodo" in (f.evidence[0].url or "")


def test_data_libraries_and_scripts(tmp_path: Path) -> None:
    hf = "from datasets import load_dataset\nds = load_dataset('glue', 'sst2')\n"
    assert finding(tmp_path / "a", {"prep.py": hf}, "data_availability").status == "pass"
    tv_local = "import torchvision\nds = torchvision.datasets.CIFAR10('./data')\n"
    assert finding(tmp_path / "b", {"prep.py": tv_local}, "data_availability").status == "fail"
    tv = "import torchvision\nds = torchvision.datasets.CIFAR10('./data', download=True)\n"
    assert finding(tmp_path / "c", {"prep.py": tv}, "data_availability").status == "pass"
    sh = {"scripts/download_data.sh": "wget https://example.org/d.tgz\n", **TRAIN}
    f = finding(tmp_path / "d", sh, "data_availability")
    assert f.status == "pass" and f.details["download code"] >= 2, f.details  # type: ignore[operator]
    assert {e.path for e in f.evidence} == {"scripts/download_data.sh"}


def test_data_absolute_paths_fail(tmp_path: Path) -> None:
    src = "import numpy as np\nX = np.load('/home/alice/data/train.npy')\n"
    f = finding(tmp_path, {"train.py": src}, "data_availability")
    assert f.status == "fail", f.summary
    assert f.evidence[0].path == "train.py" and f.evidence[0].line == 2
    assert "/home/alice" in f.summary


# -- advisory: tracking and demo --------------------------------------------------------------
def test_tracking(tmp_path: Path) -> None:
    src = "import wandb\nwandb.init(config={'lr': 1})\nwandb.log({'loss': 1})\n"
    f = finding(tmp_path / "a", {"train.py": src}, "experiment_tracking")
    assert f.status == "pass" and f.advisory, f.summary
    assert "config is logged" in f.summary
    tb = "from torch.utils.tensorboard import SummaryWriter\nw = SummaryWriter()\n"
    assert "TensorBoard" in finding(tmp_path / "b", {"train.py": tb}, "experiment_tracking").summary
    g = finding(tmp_path / "c", TRAIN, "experiment_tracking")
    assert g.status == "fail" and g.advisory


def test_demo(tmp_path: Path) -> None:
    readme = "# X\n\n[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research.google.com/github/a/b/blob/main/demo.ipynb)\n"
    f = finding(tmp_path / "a", {**TRAIN, "README.md": readme}, "demo")
    assert f.status == "pass" and f.advisory, f.summary
    app = finding(
        tmp_path / "b",
        {**TRAIN, "serve.py": "import gradio as gr\ngr.Interface(fn=f).launch()\n"},
        "demo",
    )
    assert app.status == "pass" and "Gradio" in app.summary
    assert finding(tmp_path / "c", TRAIN, "demo").status == "fail"


# -- licence ----------------------------------------------------------------------------------
MIT = "MIT License\n\nCopyright (c) 2020 A\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n"
APACHE = "                                 Apache License\n                           Version 2.0, January 2004\n"


@pytest.mark.parametrize(
    ("name", "text", "spdx"),
    [
        ("LICENSE", MIT, "MIT"),
        ("LICENSE.md", APACHE, "Apache-2.0"),
        ("LICENSE.txt", "All rights reserved by the authors.\n", None),
        ("COPYING", "GNU GENERAL PUBLIC LICENSE\n   Version 3, 29 June 2007\n", "GPL-3.0-only"),
        ("LICENSE-MIT", MIT, "MIT"),
        ("license", MIT + "The Software may be used for non-commercial research only.\n", None),
        (
            "LICENCE.txt",
            "ISC License\n\nPermission to use, copy, modify, and/or distribute this software\n",
            "ISC",
        ),
        (
            "LICENSE",
            "The Clear BSD License\n\nCopyright (c) 2021 A\nAll rights reserved.\n\n"
            "* Neither the name of the copyright holder nor the names of its contributors may be\n"
            "used to endorse or promote products derived from this software.\n\n"
            "NO EXPRESS OR IMPLIED LICENSES TO ANY PARTY'S PATENT RIGHTS ARE GRANTED BY THIS\n",
            "BSD-3-Clause-Clear",
        ),
        (
            "LICENSE",
            "BSD 3-Clause License\n\n* Neither the name of the copyright holder nor the names of\n"
            "its contributors may be used to endorse or promote products derived from this\n",
            "BSD-3-Clause",
        ),
    ],
)
def test_license_identified(tmp_path: Path, name: str, text: str, spdx: str | None) -> None:
    f = finding(tmp_path, {**TRAIN, name: text}, "license")
    assert f.status == "pass", f.summary
    assert f.details["spdx"] == spdx
    assert f.evidence[0].path == name


def test_license_of_the_code_before_a_data_licence(tmp_path: Path) -> None:
    cc = "Attribution-NonCommercial 4.0 International\n\nCreative Commons Corporation\n"
    files = {**TRAIN, "DATA_LICENSE": cc, "LICENSE": MIT}
    f = finding(tmp_path / "a", files, "license")
    assert f.details["spdx"] == "MIT" and f.evidence[0].path == "LICENSE", f.summary
    g = finding(tmp_path / "b", {**TRAIN, "MODEL_LICENSE": MIT}, "license")  # the only one
    assert g.status == "pass" and g.evidence[0].path == "MODEL_LICENSE", g.summary


def test_license_apache_header_identified(tmp_path: Path) -> None:
    f = finding(
        tmp_path,
        {**TRAIN, "LICENSE": APACHE + "\nTERMS AND CONDITIONS\n Apache License, Version 2.0\n"},
        "license",
    )
    assert f.details["spdx"] == "Apache-2.0"


def test_license_missing_or_readme_only(tmp_path: Path) -> None:
    assert finding(tmp_path / "a", TRAIN, "license").status == "fail"
    f = finding(tmp_path / "b", {**TRAIN, "README.md": "# X\n\n## License\n\nMIT\n"}, "license")
    assert f.status == "fail" and f.evidence[0].line == 3  # naming a licence is not one
    assert "only named elsewhere" in f.summary
    g = finding(tmp_path / "c", {**TRAIN, "vendor_lib/LICENSE": MIT}, "license")
    assert g.status == "fail" and g.evidence[0].path == "vendor_lib/LICENSE", g.summary


def test_checklist_is_default_and_advisory_does_not_score(tmp_path: Path) -> None:
    from conftest import build_git_repo

    from auditor.engine import audit

    build_git_repo(tmp_path / "r", TRAIN)
    report = audit(str(tmp_path / "r"))
    result = report.checklist("code-reproducibility")
    assert result is not None and report.checklist("ml-code-completeness") is not None
    advisory = {f.check for f in result.findings if f.advisory}
    assert advisory == {"determinism", "experiment_tracking", "demo"}
    weights = {f.check: f.weight for f in result.findings}
    assert result.max_score == sum(w for c, w in weights.items() if c not in advisory) == 7
    assert all(f.advice for f in result.findings if f.status in ("fail", "partial"))


def test_env_readme_lower_bounds_are_not_versions(tmp_path: Path) -> None:
    readme = "## Requirements\n\n- PyTorch 1.0+\n- numpy (1.15 or later)\n- CUDA 10\n"
    f = finding(tmp_path / "a", {**TRAIN, "README.md": readme}, "environment_pinned")
    assert f.status == "partial", f.summary
    assert f.details["packages"] == {
        "torch": "constrained",
        "numpy": "constrained",
        "CUDA": "constrained",
    }
    g = finding(
        tmp_path / "b",
        {**TRAIN, "README.md": "## Setup\n\nTensorFlow `== 1.4.0`, PyTorch 1.4, numpy 1.18\n"},
        "environment_pinned",
    )
    assert g.status == "pass", g.summary
    mention = "## Setup\n\nUse torch==1.4.0; results may vary with CUDA versions.\n"
    h = finding(tmp_path / "c", {**TRAIN, "README.md": mention}, "environment_pinned")
    assert h.status == "pass" and "CUDA" not in h.details["packages"], h.summary  # type: ignore[operator]
