"""code-reproducibility/seeds: entry points launched from shell scripts and READMEs, seeding
through classes and methods, more RNG use. Real git repos in tmp_path, audited end to end."""

from __future__ import annotations

from pathlib import Path

from conftest import build_git_repo

from auditor.engine import audit
from auditor.models import Finding

CHECKLIST = "code-reproducibility"
# a script no name or __main__ guard gives away: one top-level call
TORCH_BODY = (
    "import torch\nimport numpy as np\n\n"
    "def go():\n"
    "{seed}"
    "    w = torch.randn(3, 2)\n"
    "    idx = np.random.permutation(8)\n"
    "    return w, idx\n\n"
    "go()\n"
)
SEEDED = TORCH_BODY.format(seed="    torch.manual_seed(0)\n    np.random.seed(0)\n")
UNSEEDED = TORCH_BODY.format(seed="")


def seeds(tmp_path: Path, files: dict[str, str]) -> Finding:
    repo = tmp_path / "repo"
    build_git_repo(repo, files)
    result = audit(str(repo), checklists=[CHECKLIST]).checklist(CHECKLIST)
    assert result is not None
    return next(f for f in result.findings if f.check == "seeds")


def entries(f: Finding) -> dict[str, dict[str, object]]:
    return {e["path"]: e for e in f.details["entry_points"]}  # type: ignore[index,union-attr]


def test_shell_launched_script_is_judged_fail_and_pass(tmp_path: Path) -> None:
    sh = (
        "#!/bin/bash\nCUDA_VISIBLE_DEVICES=0 python3 -u ${ROOT}/src/lqr_attack.py \\\n  --alpha 1\n"
    )
    f = seeds(tmp_path / "a", {"scripts/run.sh": sh, "src/lqr_attack.py": UNSEEDED})
    assert f.status == "fail", f.summary
    e = entries(f)["src/lqr_attack.py"]
    assert e["kind"] == "launched" and e["launched_from"] == "scripts/run.sh:2"
    assert set(e["missing"]) == {"torch", "numpy"}  # type: ignore[arg-type]
    assert any(ev.path == "src/lqr_attack.py" and ev.line == 6 for ev in f.evidence)
    f = seeds(tmp_path / "b", {"scripts/run.sh": sh, "src/lqr_attack.py": SEEDED})
    assert f.status == "pass", f.summary
    assert any(ev.line == 5 and "manual_seed" in (ev.excerpt or "") for ev in f.evidence)


def test_unlaunched_plain_module_is_not_an_entry(tmp_path: Path) -> None:
    f = seeds(tmp_path, {"src/lqr_attack.py": UNSEEDED})
    assert f.status == "not_applicable", f.summary


def test_readme_python_m_and_named_scripts(tmp_path: Path) -> None:
    readme = "# X\n\n```\npython -m pkg.solver --k 3\n```\n\nDrivers: `exp_one.py`\n"
    files = {
        "README.md": readme,
        "pkg/__init__.py": "",
        "pkg/solver.py": SEEDED,
        "exp_one.py": "import random\nx = random.random()\ny = random.choice([1, 2])\nprint(x, y)\n",
    }
    f = seeds(tmp_path / "a", files)
    e = entries(f)
    assert e["pkg/solver.py"]["launched_from"] == "README.md:4"
    assert e["exp_one.py"]["launched_from"] == "README.md:7"
    assert f.status == "partial", f.summary
    assert "exp_one.py: does not seed Python random" in f.summary
    files["exp_one.py"] = "import random\nrandom.seed(1)\n" + files["exp_one.py"].split("\n", 1)[1]
    f = seeds(tmp_path / "b", files)
    assert f.status == "pass", f.summary


def test_seed_through_class_constructor_and_self_method(tmp_path: Path) -> None:
    helper = (
        "import numpy as np\nimport random\n\n"
        "class Experiment:\n"
        "    def __init__(self, seed):\n"
        "        self.set_seed(seed)\n\n"
        "    def set_seed(self, seed):\n"
        "{body}"
        "    def run(self):\n"
        "        return np.random.rand(3), random.random()\n"
    )
    train = (
        "from exputil import Experiment\n\nif __name__ == '__main__':\n    Experiment(7).run()\n"
    )
    body = "        np.random.seed(seed)\n        random.seed(seed)\n\n"
    f = seeds(tmp_path / "a", {"train.py": train, "exputil.py": helper.format(body=body)})
    assert f.status == "pass", f.summary
    assert any(
        ev.path == "exputil.py" and ev.line == 9 and "Experiment.__init__" not in (ev.excerpt or "")
        for ev in f.evidence
    ), f.evidence
    body = "        self.seed = seed\n\n"
    f = seeds(tmp_path / "b", {"train.py": train, "exputil.py": helper.format(body=body)})
    assert f.status == "fail", f.summary


def test_seed_helper_under_alias_and_star_import(tmp_path: Path) -> None:
    utils = "import torch\nimport numpy as np\n\ndef seed_all(s):\n    torch.manual_seed(s)\n    np.random.seed(s)\n"
    body = "def main():\n    x = torch.randn(2)\n    y = np.random.rand(2)\n\nif __name__ == '__main__':\n"
    alias = (
        "import torch\nimport numpy as np\nimport utils as U\n\n"
        + body
        + "    U.seed_all(3)\n    main()\n"
    )
    star = "import torch\nfrom utils import *\n\n" + body + "    seed_all(3)\n    main()\n"
    for name, src in (("alias", alias), ("star", star)):
        f = seeds(tmp_path / name, {"train.py": src, "utils.py": utils})
        assert f.status == "pass", (name, f.summary)
        e = entries(f)["train.py"]
        assert e["seeded"]["torch"] == "utils.py:5"  # type: ignore[index]
    nothing = utils.replace("    torch.manual_seed(s)\n    np.random.seed(s)\n", "    pass\n")
    f = seeds(tmp_path / "none", {"train.py": alias, "utils.py": nothing})
    assert f.status == "fail", f.summary


def test_more_rng_use_recognised(tmp_path: Path) -> None:
    tf = "import tensorflow as tf\n\nif __name__ == '__main__':\n    z = tf.random.normal([3])\n"
    f = seeds(tmp_path / "tf", {"train.py": tf})
    assert f.status == "fail" and "TensorFlow" in f.summary, f.summary
    f = seeds(
        tmp_path / "tf2", {"train.py": tf.replace("    z =", "    tf.random.set_seed(1)\n    z =")}
    )
    assert f.status == "pass", f.summary
    loader = (
        "import torch\nfrom torch.utils.data import DataLoader\n\n"
        "if __name__ == '__main__':\n    dl = DataLoader([1, 2, 3], batch_size=2, shuffle=True)\n"
    )
    f = seeds(tmp_path / "dl", {"train.py": loader})
    assert f.status == "fail" and "PyTorch" in f.summary, f.summary
    assert any(ev.line == 5 and "shuffle=True" in (ev.excerpt or "") for ev in f.evidence)
    inplace = (
        "import torch\n\nif __name__ == '__main__':\n    w = torch.empty(3)\n    w.normal_()\n"
    )
    assert seeds(tmp_path / "ip", {"train.py": inplace}).status == "fail"


def test_random_state_only_passes_but_does_not_rescue_unseeded_rngs(tmp_path: Path) -> None:
    split = "from sklearn.model_selection import train_test_split\n\nif __name__ == '__main__':\n    a, b = train_test_split(list(range(9)), random_state=0)\n"
    f = seeds(tmp_path / "a", {"train.py": split})
    assert f.status == "pass", f.summary
    noisy = split + "    import numpy as np\n    np.random.shuffle(a)\n"
    f = seeds(tmp_path / "b", {"train.py": noisy})
    assert f.status == "fail", f.summary
    unseeded = split.replace("random_state=0", "shuffle=True")
    assert seeds(tmp_path / "c", {"train.py": unseeded}).status == "fail"


def test_seed_from_os_entropy_is_not_a_seed(tmp_path: Path) -> None:
    src = (
        "import numpy as np\nfrom random import SystemRandom\n\n"
        "s = SystemRandom().randrange(99999)\nrng = np.random.RandomState(s)\nx = rng.rand(3)\n"
    )
    f = seeds(tmp_path / "a", {"train.py": src})
    assert f.status == "fail" and "NumPy" in f.summary, f.summary
    f = seeds(tmp_path / "b", {"train.py": src.replace("SystemRandom().randrange(99999)", "1234")})
    assert f.status == "pass", f.summary


def test_library_self_test_not_judged(tmp_path: Path) -> None:
    layer = "import torch\n\ndef block():\n    return torch.nn.Linear(2, 2)\n\nif __name__ == '__main__':\n    print(torch.rand(2))\n"
    train = "import torch\nfrom lib.layers import block\n\nif __name__ == '__main__':\n    torch.manual_seed(0)\n    block()\n"
    f = seeds(tmp_path, {"train.py": train, "lib/__init__.py": "", "lib/layers.py": layer})
    assert f.status == "pass", f.summary
    assert "lib/layers.py" not in entries(f)


def test_python2_script_read_as_text(tmp_path: Path) -> None:
    py2 = 'import numpy as np\nprint "start"\nnp.random.seed(0)\nx = np.random.rand(3)\nprint x\n'
    sh = "python run_py2.py\n"
    f = seeds(tmp_path / "a", {"go.sh": sh, "run_py2.py": py2})
    assert f.status == "pass", f.summary
    f = seeds(tmp_path / "b", {"go.sh": sh, "run_py2.py": py2.replace("np.random.seed(0)\n", "")})
    assert f.status == "fail", f.summary
    assert any(ev.path == "run_py2.py" and ev.line == 3 for ev in f.evidence)
