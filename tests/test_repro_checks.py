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
    assert any(e.path == "requirements.txt" and e.line == 1 for e in f.evidence)


def test_env_conda_and_docker(tmp_path: Path) -> None:
    env = "name: x\ndependencies:\n  - python=3.8\n  - pytorch=1.7.1\n  - numpy=1.19.2\n  - cudatoolkit=10.2\n"
    f = finding(tmp_path / "a", {**TRAIN, "environment.yml": env}, "environment_pinned")
    assert f.status == "pass", f.summary
    assert f.details["environment_capture"] == ["environment.yml"]
    assert f.details["cuda_stated"] is True
    docker = "FROM pytorch/pytorch:1.4-cuda10.1-cudnn7-runtime\nRUN pip install numpy==1.18.0\n"
    g = finding(
        tmp_path / "b",
        {**TRAIN, "Dockerfile": docker, "README.md": "Python 3.6\n"},
        "environment_pinned",
    )
    assert g.status == "pass", g.summary


def test_env_readme_version_beats_a_manifest_entry_without_one(tmp_path: Path) -> None:
    files = {
        **TRAIN,
        "environment.yml": "name: x\ndependencies:\n  - pytorch\n  - numpy\n",
        "README.md": "# X\n\nTested with Python 3.5 and PyTorch 1.1.\n",
    }
    f = finding(tmp_path, files, "environment_pinned")
    assert f.status == "partial", f.summary
    assert f.details["packages"]["torch"] == "readme"
    assert f.details["packages"]["numpy"] != "exact"


def test_env_loose_fails_and_names_what_is_unpinned(tmp_path: Path) -> None:
    f = finding(
        tmp_path, {**TRAIN, "requirements.txt": "torch>=1.0\nnumpy\n"}, "environment_pinned"
    )
    assert f.status == "fail", f.summary
    assert "no exact version for torch, numpy" in f.summary
    assert "Python version not stated" in f.summary


def test_env_partial_readme_versions_or_missing_python(tmp_path: Path) -> None:
    f = finding(
        tmp_path / "a",
        {**TRAIN, "README.md": "## Requirements\n\n- PyTorch 1.4.0\n- numpy 1.18\n"},
        "environment_pinned",
    )
    assert f.status == "partial", f.summary
    assert "only stated in the README" in f.summary
    g = finding(
        tmp_path / "b",
        {**TRAIN, "requirements.txt": "torch==1.4.0\nnumpy==1.18.1\n"},
        "environment_pinned",
    )
    assert g.status == "partial" and "Python version not stated" in g.summary, g.summary


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
    assert f.status == "pass" and f.details["download_scripts"] == [
        "scripts/download_data.sh",
        "scripts/download_data.sh",
    ]


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
        ("COPYING", "GNU GENERAL PUBLIC LICENSE\n   Version 3, 29 June 2007\n", "GPL-3.0"),
    ],
)
def test_license_identified(tmp_path: Path, name: str, text: str, spdx: str | None) -> None:
    f = finding(tmp_path, {**TRAIN, name: text}, "license")
    assert f.status == "pass", f.summary
    assert f.details["spdx"] == spdx
    assert f.evidence[0].path == name


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
    assert f.status == "partial" and f.evidence[0].line == 3


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
    readme = "## Requirements\n\n- PyTorch 1.0+\n- numpy (1.15 or later)\n- Python 3.6+\n"
    f = finding(tmp_path / "a", {**TRAIN, "README.md": readme}, "environment_pinned")
    assert f.status == "fail", f.summary
    g = finding(
        tmp_path / "b",
        {**TRAIN, "README.md": "TensorFlow `== 1.4.0`, PyTorch 1.4, numpy 1.18\n"},
        "environment_pinned",
    )
    assert g.status == "partial", g.summary
