"""Vendored third-party projects: which sub-folders are someone else's copied project."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor.facts.repo import RepoFacts
from auditor.facts.vendored import holder, vendored_dirs
from auditor.limits import Limits
from auditor.sources.tree import DirTree, GitTree, Tree

MIT = "MIT License\n\nCopyright (c) {year} {who}\n\nPermission is hereby granted, free of charge.\n"
APACHE_TAIL = (
    "Apache License\nVersion 2.0, January 2004\n...\n"
    "   Copyright [yyyy] [name of copyright owner]\n\n   Licensed under the Apache License"
)


def _tree(files: dict[str, str]) -> tuple[list[str], Callable[[str], str | None]]:
    return list(files), files.get


def test_holder_reads_the_named_holder_not_a_template_placeholder() -> None:
    assert holder(MIT.format(year=2021, who="OpenAI")) == "openai"
    assert holder(MIT.format(year="2019-2021", who="NVIDIA CORPORATION & AFFILIATES")) == (
        "nvidia corporation affiliates"
    )
    assert holder(APACHE_TAIL) is None


def test_a_copy_with_another_holder_that_the_readme_never_runs_is_vendored() -> None:
    paths, text = _tree({
        "LICENSE": MIT.format(year=2023, who="Jane Doe"),
        "README.md": "# Edit\n\n```bash\npython edit.py\n```\n",
        "edit.py": "import torch\n",
        "guided/LICENSE": MIT.format(year=2021, who="OpenAI"),
        "guided/setup.py": "from setuptools import setup\n",
        "guided/scripts/image_train.py": "print(1)\n",
    })  # fmt: skip
    assert vendored_dirs(paths, text, text("README.md")) == ("guided",)


def test_installing_it_keeps_it_vendored_running_it_does_not() -> None:
    files = {
        "LICENSE": MIT.format(year=2023, who="Jane Doe"),
        "env/se3/LICENSE": MIT.format(year=2021, who="NVIDIA"),
        "env/se3/setup.py": "from setuptools import setup\n",
    }
    paths, text = _tree(files)
    installed = (
        "```bash\ncd env/se3\npip install -r requirements.txt\npython setup.py install\n```\n"
    )
    assert vendored_dirs(paths, text, installed) == ("env/se3",)
    assert vendored_dirs(paths, text, "pip install -e env/se3\n") == ("env/se3",)
    assert vendored_dirs(paths, text, "```bash\npython env/se3/train.py\n```\n") == ()
    assert vendored_dirs(paths, text, "See [the layers](env/se3/README.md).\n") == ()


def test_the_authors_own_sub_package_is_not_vendored() -> None:
    same = MIT.format(year=2023, who="Jane Doe")
    paths, text = _tree({
        "LICENSE": same,
        "core/LICENSE": same,
        "core/pyproject.toml": "[project]\nname = 'core'\n",
    })  # fmt: skip
    assert vendored_dirs(paths, text, "# Project\n") == ()
    # no licence of its own, or no manifest: a plain folder of the release
    paths, text = _tree(
        {"LICENSE": same, "lib/setup.py": "", "ext/LICENSE": MIT.format(year=1, who="X")}
    )
    assert vendored_dirs(paths, text, "") == ()


def test_a_copy_whose_scripts_the_repository_runs_is_the_release() -> None:
    paths, text = _tree({
        "README.md": "# CTM\n\n```bash\nbash commands/train.sh\n```\n",
        "commands/train.sh": "cd code\nmpiexec -n 8 python cm_train.py $FLAGS\n",
        "code/LICENSE": MIT.format(year=2023, who="OpenAI"),
        "code/setup.py": "from setuptools import setup\n",
        "code/cm_train.py": "print(1)\n",
    })  # fmt: skip
    assert vendored_dirs(paths, text, text("README.md")) == ()


def test_the_copys_own_scripts_running_its_files_keep_it_vendored() -> None:
    files = {
        "LICENSE": MIT.format(year=2019, who="Jane Doe"),
        "README.md": "# BO\n\n    cd opt/gp-lib/\n    python setup.py install\n\n    bash run.sh\n",
        "run.sh": "python bo.py --iters 10\n",
        "bo.py": "print(1)\n",
        "opt/gp-lib/LICENSE": MIT.format(year=2008, who="GP Developers"),
        "opt/gp-lib/setup.py": "from setuptools import setup\n",
        "opt/gp-lib/benchmark/run_conv.sh": "python conv2d.py\npython misc/check_blas.py\n",
        "opt/gp-lib/benchmark/conv2d.py": "print(1)\n",
        "opt/gp-lib/misc/check_blas.py": "print(1)\n",
    }
    paths, text = _tree(files)
    assert vendored_dirs(paths, text, text("README.md")) == ("opt/gp-lib",)
    # the release's own script running one of those files makes the copy part of the release
    paths, text = _tree({**files, "run.sh": "python opt/gp-lib/misc/check_blas.py\n"})
    assert vendored_dirs(paths, text, text("README.md")) == ()


def _linked_tree(root: Path, target: str) -> None:
    files = {
        "LICENSE": MIT.format(year=2019, who="Jane Doe"),
        "README.md": "# BO\n\n    pip install -e opt/gp-lib\n",
        "train.py": "print(1)\n",
        "opt/gp-lib/setup.py": "from setuptools import setup\n",
        "opt/gp-lib/doc/LICENSE.txt": MIT.format(year=2008, who="GP Developers"),
        "opt/gp-lib/gp/train.py": "print(1)\n",
    }
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content)
    os.symlink(target, root / "opt/gp-lib/LICENSE.txt")


@pytest.mark.parametrize("kind", ["folder", "git"])
def test_a_licence_symlinked_inside_the_copy_is_read_from_its_target(
    tmp_path: Path, kind: str
) -> None:
    for name, target, expected in [
        ("inside", "doc/LICENSE.txt", ("opt/gp-lib",)),
        ("outside", "../../../../etc/passwd", ()),  # never read, never followed
        ("root", "../../LICENSE", ()),  # the release's own licence: not someone else's
    ]:
        root = tmp_path / kind / name
        _linked_tree(root, target)
        if kind == "folder":
            tree: Tree = DirTree(root, Limits())
        else:
            git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@e.org"]
            subprocess.run([*git, "init", "-q"], check=True)
            subprocess.run([*git, "add", "-A"], check=True)
            subprocess.run([*git, "commit", "-qm", "x"], check=True)
            sha = subprocess.run(
                [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
            ).stdout.strip()
            tree = GitTree(root / ".git", sha, Limits())
        assert tree.link_target("opt/gp-lib/LICENSE.txt") == target
        assert tree.link_target("train.py") is None  # a regular file is no link
        assert RepoFacts(tree, Limits()).vendored == expected, name
        paths = RepoFacts(tree, Limits()).paths
        assert ("opt/gp-lib/gp/train.py" in paths) == (not expected)


def test_a_package_copied_without_its_manifest_is_vendored_by_its_header() -> None:
    copy_init = (
        "# Detector Kit 🚀, AGPL-3.0 license\n\n__version__ = '8.0.120'\n\nfrom .det import X\n"
    )
    files = {
        "LICENSE": APACHE_TAIL,
        "README.md": "# Fast masks\n\n```bash\nbash experiments/run.sh\n```\n",
        "experiments/run.sh": "python infer.py --img a.jpg\n",
        "infer.py": "from detkit import X\n",
        "v2/detkit/__init__.py": copy_init,
        "v2/detkit/engine/trainer.py": "print(1)\n",
    }
    paths, text = _tree(files)
    assert vendored_dirs(paths, text, text("README.md")) == ("v2/detkit",)
    # the same licence family as the root's: the authors' own package
    own = {**files, "v2/detkit/__init__.py": copy_init.replace("AGPL-3.0", "Apache-2.0")}
    paths, text = _tree(own)
    assert vendored_dirs(paths, text, text("README.md")) == ()
    # no release version: a licence header alone does not make a copy
    unversioned = {**files, "v2/detkit/__init__.py": "# AGPL-3.0 license\nfrom .det import X\n"}
    paths, text = _tree(unversioned)
    assert vendored_dirs(paths, text, text("README.md")) == ()
    # a command of the repository runs a file of it: part of the release
    run = {**files, "experiments/run.sh": "python v2/detkit/engine/trainer.py\n"}
    paths, text = _tree(run)
    assert vendored_dirs(paths, text, text("README.md")) == ()
