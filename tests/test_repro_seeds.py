"""code-reproducibility/seeds: real git repos in tmp_path, audited end to end."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import build_git_repo
from git import Repo

from auditor.engine import audit
from auditor.models import Finding

CHECKLIST = "code-reproducibility"
ARGS = 'import argparse\np = argparse.ArgumentParser()\np.add_argument("--seed", type=int, default=42)\nargs = p.parse_args()\n'
TORCH_TRAIN = (
    "import torch\nimport numpy as np\n\n"
    "def main(seed):\n"
    "    model = torch.nn.Linear(3, 2)\n"
    "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "    x = torch.randn(8, 3)\n"
    "    idx = np.random.permutation(8)\n"
    "    loss = model(x[idx]).sum()\n"
    "    loss.backward()\n"
    "    opt.step()\n"
)


def finding(tmp_path: Path, files: dict[str, str], check: str) -> Finding:
    repo = tmp_path / "repo"
    build_git_repo(repo, files)
    report = audit(str(repo), checklists=[CHECKLIST])
    result = report.checklist(CHECKLIST)
    assert result is not None
    return next(f for f in result.findings if f.check == check)


def test_seeds_direct_pass_with_option(tmp_path: Path) -> None:
    src = TORCH_TRAIN.replace(
        "def main(seed):\n",
        "def main(seed):\n    torch.manual_seed(seed)\n    np.random.seed(seed)\n",
    )
    f = finding(
        tmp_path,
        {
            "train.py": src
            + "\nif __name__ == '__main__':\n"
            + _indent(ARGS)
            + "    main(args.seed)\n"
        },
        "seeds",
    )
    assert f.status == "pass", f.summary
    assert any(
        e.path == "train.py" and e.line and "manual_seed" in (e.excerpt or "") for e in f.evidence
    )
    entry = f.details["entry_points"][0]  # type: ignore[index]
    assert entry["seed_option"]["default"] == "42"
    assert set(entry["seeded"]) >= {"torch", "numpy"}


def test_seeds_none_fail(tmp_path: Path) -> None:
    f = finding(tmp_path, {"train.py": TORCH_TRAIN + "\nmain(0)\nmain(1)\n"}, "seeds")
    assert f.status == "fail", f.summary
    assert "PyTorch" in f.summary and "NumPy" in f.summary
    assert f.advice and "torch.manual_seed" in f.advice
    assert any("not seeded" in (e.excerpt or "") for e in f.evidence)


def test_seeds_partial_names_the_unseeded_rng(tmp_path: Path) -> None:
    src = TORCH_TRAIN.replace("def main(seed):\n", "def main(seed):\n    torch.manual_seed(seed)\n")
    f = finding(
        tmp_path, {"train.py": src + "\nif __name__ == '__main__':\n    main(0)\n"}, "seeds"
    )
    assert f.status == "partial", f.summary
    assert "does not seed NumPy" in f.summary


def test_seeds_through_helper_module(tmp_path: Path) -> None:
    helper = "import random\nimport numpy as np\nimport torch\n\ndef fix_seeds(s):\n    random.seed(s)\n    np.random.seed(s)\n    torch.manual_seed(s)\n"
    train = "from utils.misc import fix_seeds\n" + TORCH_TRAIN.replace(
        "def main(seed):\n", "def main(seed):\n    fix_seeds(seed)\n"
    )
    files = {
        "utils/__init__.py": "",
        "utils/misc.py": helper,
        "train.py": train + "\nif __name__ == '__main__':\n    main(0)\n",
    }
    f = finding(tmp_path, files, "seeds")
    assert f.status == "pass", f.summary
    assert any(
        e.path == "utils/misc.py" and "via fix_seeds()" in (e.excerpt or "") for e in f.evidence
    )


def test_seeds_helper_two_levels_and_module_attribute_call(tmp_path: Path) -> None:
    helper = "import numpy as np\nimport torch\n\ndef _inner(s):\n    torch.manual_seed(s)\n    np.random.seed(s)\n\ndef setup(s):\n    _inner(s)\n"
    train = "import common\n" + TORCH_TRAIN.replace(
        "def main(seed):\n", "def main(seed):\n    common.setup(seed)\n"
    )
    f = finding(
        tmp_path,
        {"common.py": helper, "train.py": train + "\nif __name__ == '__main__':\n    main(0)\n"},
        "seeds",
    )
    assert f.status == "pass", f.summary


def test_seeds_under_main_in_entry_count(tmp_path: Path) -> None:
    train = (
        TORCH_TRAIN
        + "\nif __name__ == '__main__':\n    torch.manual_seed(0)\n    np.random.seed(0)\n    main(0)\n"
    )
    f = finding(tmp_path, {"train.py": train}, "seeds")
    assert f.status == "pass", f.summary
    assert "__main__" in f.summary
    assert f.details["entry_points"][0]["seeded_only_under_main"] is True  # type: ignore[index]


def test_seeds_under_main_of_imported_module_do_not_count(tmp_path: Path) -> None:
    """A helper module's ``__main__`` block never runs on import."""
    helper = "import numpy as np\nimport torch\n\nVALUE = 1\n\nif __name__ == '__main__':\n    torch.manual_seed(0)\n    np.random.seed(0)\n"
    train = "import helpers\n" + TORCH_TRAIN + "\nmain(0)\n"
    f = finding(tmp_path, {"helpers.py": helper, "train.py": train}, "seeds")
    assert f.status == "fail", f.summary


def test_seeds_module_level_in_imported_module_count(tmp_path: Path) -> None:
    helper = "import numpy as np\nimport torch\n\ntorch.manual_seed(0)\nnp.random.seed(0)\n"
    train = "import helpers\n" + TORCH_TRAIN + "\nmain(0)\n"
    f = finding(tmp_path, {"helpers.py": helper, "train.py": train}, "seeds")
    assert f.status == "pass", f.summary


def test_seeds_clock_seed_is_not_a_seed(tmp_path: Path) -> None:
    src = TORCH_TRAIN.replace(
        "def main(seed):\n",
        "def main(seed):\n    import time\n    torch.manual_seed(int(time.time()))\n    np.random.seed()\n",
    )
    f = finding(tmp_path, {"train.py": src + "\nmain(0)\n"}, "seeds")
    assert f.status == "fail", f.summary


def test_seeds_jax_keys(tmp_path: Path) -> None:
    base = "import jax\nimport optax\n\ndef train(seed):\n    key = jax.random.{}\n    k1, k2 = jax.random.split(key)\n    w = jax.random.normal(k1, (3,))\n    g = jax.grad(lambda w: (w ** 2).sum())(w)\n    opt = optax.adam(1e-3)\n\nif __name__ == '__main__':\n    train(0)\n"
    good = finding(tmp_path / "a", {"train.py": base.format("PRNGKey(seed)")}, "seeds")
    assert good.status == "pass", good.summary
    assert "JAX" in good.summary
    bad = finding(tmp_path / "b", {"train.py": base.format("PRNGKey(int(time.time()))")}, "seeds")
    assert bad.status == "fail", bad.summary


def test_seeds_notebook(tmp_path: Path) -> None:
    import json

    def nb(cells: list[str]) -> str:
        return json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "source": c, "metadata": {}, "outputs": []} for c in cells
                ],
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
            }
        )

    cells = [
        "import torch\nimport random",
        "model = torch.nn.Linear(2, 2)\nopt = torch.optim.Adam(model.parameters())",
        "random.shuffle(data)\nloss.backward()\nopt.step()",
    ]
    bad = finding(tmp_path / "a", {"train.ipynb": nb(cells)}, "seeds")
    assert bad.status == "fail", bad.summary
    good = finding(
        tmp_path / "b",
        {"train.ipynb": nb(["%matplotlib inline\ntorch.manual_seed(0); random.seed(0)"] + cells)},
        "seeds",
    )
    assert good.status == "pass", good.summary
    assert any("[cell" in (e.excerpt or "") for e in good.evidence)


def test_seeds_library_seeders_and_sklearn(tmp_path: Path) -> None:
    src = (
        "import pytorch_lightning as pl\nimport torch\nfrom sklearn.model_selection import train_test_split\n"
        "pl.seed_everything(7)\nmodel = torch.nn.Linear(2, 2)\ntrainer = pl.Trainer()\ntrainer.fit(model)\n"
        "a, b = train_test_split([1, 2, 3])\n"
    )
    f = finding(tmp_path, {"train.py": src}, "seeds")
    assert f.status == "pass", f.summary  # seed_everything seeds NumPy, which sklearn falls back to
    unseeded = "import torch\nfrom sklearn.ensemble import RandomForestClassifier\nRandomForestClassifier().fit(x, y)\nmodel = torch.nn.Linear(2, 2)\ntorch.manual_seed(0)\n"
    g = finding(tmp_path / "b", {"train.py": unseeded}, "seeds")
    assert g.status == "partial" and "scikit-learn" in g.summary, g.summary


def test_seeds_no_entry_point_not_applicable(tmp_path: Path) -> None:
    f = finding(tmp_path, {"README.md": "# tools\n", "lib.py": "def f():\n    return 1\n"}, "seeds")
    assert f.status == "not_applicable"


def test_determinism_pass_and_fail(tmp_path: Path) -> None:
    det = "torch.backends.cudnn.deterministic = True\ntorch.backends.cudnn.benchmark = False\n"
    good = finding(tmp_path / "a", {"train.py": TORCH_TRAIN + det + "main(0)\n"}, "determinism")
    assert good.status == "pass" and good.advisory, good.summary
    assert any("cudnn.deterministic" in (e.excerpt or "") for e in good.evidence)
    bad = finding(tmp_path / "b", {"train.py": TORCH_TRAIN + "main(0)\n"}, "determinism")
    assert bad.status == "fail" and bad.advisory
    none = finding(
        tmp_path / "c", {"train.py": "import random\nrandom.shuffle(x)\n"}, "determinism"
    )
    assert none.status == "not_applicable"


def test_determinism_env_in_shell_script_and_tf(tmp_path: Path) -> None:
    files = {
        "train.py": "import tensorflow as tf\nmodel = tf.keras.Sequential()\nmodel.fit(x, y)\n",
        "run.sh": "export TF_DETERMINISTIC_OPS=1\npython train.py\n",
    }
    f = finding(tmp_path, files, "determinism")
    assert f.status == "pass", f.summary
    assert f.evidence[0].path == "run.sh"


def test_five_thousand_files_fast(tmp_path: Path) -> None:
    files = {
        f"pkg/m{i // 100}/mod_{i}.py": f"import numpy as np\n\ndef f_{i}(x):\n    return np.random.rand(x) + {i}\n"
        for i in range(5000)
    }
    files["pkg/__init__.py"] = ""
    train = TORCH_TRAIN.replace("np.random.permutation(8)", "f_1(8)").replace(
        "def main(seed):\n", "def main(seed):\n    torch.manual_seed(seed)\n"
    )
    files["train.py"] = "from pkg.m0.mod_1 import f_1\n" + train + "main(0)\n"
    repo = tmp_path / "big"
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git = Repo.init(repo, initial_branch="main").git  # the git CLI: 50x faster than index.add
    git.add("-A")
    git.commit(
        "-m",
        "5,000 files",
        env={
            "GIT_AUTHOR_NAME": "T",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "T",
            "GIT_COMMITTER_EMAIL": "t@example.org",
        },
    )
    t0 = time.perf_counter()
    report = audit(str(repo), checklists=[CHECKLIST])
    elapsed = time.perf_counter() - t0
    result = report.checklist(CHECKLIST)
    assert result is not None
    seeds = next(f for f in result.findings if f.check == "seeds")
    assert seeds.status == "partial", (
        seeds.summary
    )  # NumPy used through f_1 in pkg/m0/mod_1.py, never seeded
    assert "pkg/m0/mod_1.py" in str(seeds.details)
    assert not any(f.status == "error" for f in result.findings)
    assert elapsed < 30, f"audit of 5,000 files took {elapsed:.1f}s"
    assert report.timings["checklist:code-reproducibility"] < 5


def _indent(text: str) -> str:
    return "".join("    " + ln + "\n" for ln in text.splitlines())


def test_seeds_keyword_none_is_not_a_seed(tmp_path: Path) -> None:
    src = TORCH_TRAIN.replace(
        "def main(seed):\n",
        "def main(seed):\n    torch.manual_seed(0)\n    rs = np.random.RandomState(seed=None)\n"
        "    np.random.seed(seed=None)\n",
    )
    f = finding(tmp_path, {"train.py": src + "\nmain(0)\n"}, "seeds")
    assert f.status == "partial", f.summary
    assert "NumPy" in f.summary and "does not seed" in f.summary


def test_seeds_clock_seed_assigned_far_above_is_not_a_seed(tmp_path: Path) -> None:
    src = "import time\nimport random\nseed = int(1000 * time.time())\n" + "\n" * 400
    src += TORCH_TRAIN.replace(
        "def main(seed):\n", "def main(seed):\n    random.seed(seed)\n    torch.manual_seed(seed)\n"
    )
    f = finding(tmp_path, {"train.py": src + "\nmain(seed)\n"}, "seeds")
    assert f.status == "fail", f.summary
