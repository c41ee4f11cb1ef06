"""Settings with values: the paper's (numbers as papers write them, per-dataset lists, table
rows) and the code's (configs, interpolation, Python literals, commands), and their alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.detectors.paper_code.hyperparameters import align
from auditor.facts.paper import paper_from_pages
from auditor.facts.paper.settings import paper_settings, parse_number
from auditor.facts.repo import RepoFacts
from auditor.facts.settings import canonical, code_settings, yaml_leaves
from auditor.limits import Limits
from auditor.sources.repo import resolve_repo


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3 × 10−4", 3e-4),
        ("3e-4", 3e-4),
        ("0.0003", 3e-4),
        ("10−3", 1e-3),
        ("160K", 160000),
        ("1k", 1000),
        ("30, 000", 30000),
        ("10%", 0.1),
        ("six", 6),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    result = parse_number(text)
    assert result is not None and abs(result - value) < 1e-12


def test_parse_number_rejects_words() -> None:
    assert parse_number("cosine") is None


def _paper(text: str) -> tuple:
    return paper_settings(paper_from_pages([text]))


def _values(settings: tuple, name: str) -> list[float | None]:
    return sorted(s.number for s in settings if s.setting == name)


def test_paper_values_before_and_after_names() -> None:
    got = _paper(
        "A Paper\n4 Experiments\nWe train for 180 epochs using Adam with an initial learning "
        "rate 1 × 10−3 and batch size 128. We decay the learning rate to 0 with a cosine "
        "annealing schedule. Early stopping uses a patience of 40 epochs.\n"
    )
    assert _values(got, "epochs") == [180]
    assert _values(got, "learning_rate") == [pytest.approx(1e-3)]
    assert _values(got, "batch_size") == [128]
    assert {s.value for s in got if s.setting == "optimizer"} == {"Adam"}
    assert {s.value for s in got if s.setting == "lr_schedule"} == {"cosine"}


def test_paper_per_dataset_list_and_table_row() -> None:
    got = _paper(
        "A Paper\n4 Experiments\nThe batch size is set to 8 for the Cityscapes dataset and 16 "
        "for all the other datasets.\nLearning rate 2–8×10−5 1e-6\nEpochs 2 1\n"
    )
    assert _values(got, "batch_size") == [8, 16]
    assert _values(got, "epochs") == [1, 2]
    lrs = [s for s in got if s.setting == "learning_rate"]
    ranged = [s for s in lrs if s.is_range]
    assert ranged and ranged[0].low == pytest.approx(2e-5) and ranged[0].high == pytest.approx(8e-5)
    assert any(s.number == pytest.approx(1e-6) for s in lrs)


@pytest.mark.parametrize(
    ("key", "setting"),
    [
        ("--lr", "learning_rate"),
        ("optimizer.base_lr", "learning_rate"),
        ("per_device_train_batch_size", "batch_size_per_device"),
        ("trainer.max_epochs", "epochs"),
        ("max_iters", "steps"),
        ("optimizer.type", "optimizer"),
        ("lr_config.policy", "lr_schedule"),
        ("model.name", None),
    ],
)
def test_canonical(key: str, setting: str | None) -> None:
    assert canonical(key) == setting


def test_yaml_leaves_nesting_lists_and_comments() -> None:
    text = "a:\n  b: 1  # one\n  c:\n    lr: 3e-4\nseeds:\n  - 1\n  - 2\nname: 'x # y'\n"
    leaves = {k: (v, n) for k, v, n in yaml_leaves(text)}
    assert leaves["a.b"] == (1, 2)
    assert leaves["a.c.lr"] == (3e-4, 4)
    assert leaves["seeds"] == ([1, 2], 5)
    assert leaves["name"][0] == "x # y"


def _repo(tmp_path: Path, files: dict[str, str]) -> RepoFacts:
    root = tmp_path / "repo"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    resolved = resolve_repo(str(root), tmp_path / "work", Limits())
    return RepoFacts(resolved.tree, Limits())


def test_code_settings_sources(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {
            "configs/a.yaml": "optim:\n  lr: ${base}\nbase: 0.1\nwd: ${missing.key}\n",
            "configs/b.json": '{\n  "train": {\n    "epochs": 30\n  }\n}\n',
            "configs/c.yaml": "seeds: [0, 1, 2]\n",
            "train.py": "import argparse\np = argparse.ArgumentParser()\n"
            "p.add_argument('-b', '--batch_size', type=int, default=64)\n"
            "opt = torch.optim.SGD(params, lr=0.5, momentum=0.9)\n",
            "run.sh": "LR=0.2\npython train.py --lr $LR -b 128 trainer.max_steps=1k\n",
        },
    )
    got = {(c.setting, c.path, c.line): c for c in code_settings(repo)}
    assert got[("learning_rate", "configs/a.yaml", 2)].number == 0.1  # ${base} followed
    wd = got[("weight_decay", "configs/a.yaml", 4)]
    assert not wd.resolvable and "not resolvable" in wd.value
    assert got[("epochs", "configs/b.json", 3)].number == 30
    assert got[("runs", "configs/c.yaml", 1)].number == 3  # a list of seeds is a run count
    assert got[("batch_size", "train.py", 3)].number == 64
    assert got[("optimizer", "train.py", 4)].name == "SGD"
    assert got[("momentum", "train.py", 4)].number == 0.9
    assert got[("learning_rate", "run.sh", 2)].number == 0.2  # $LR from the script
    assert got[("batch_size", "run.sh", 2)].number == 128  # -b via the argparse declaration
    assert got[("steps", "run.sh", 2)].number == 1000


def test_differs_needs_one_unambiguous_code_value(tmp_path: Path) -> None:
    paper = _paper("A Paper\n4 Experiments\nWe train for 100 epochs with a batch size of 256.\n")
    one = _repo(tmp_path / "one", {"configs/a.yaml": "epochs: 90\nbatch_size: 256\n"})
    rows = {r.setting: r.status for r in align(paper, code_settings(one))}
    assert rows == {"epochs": "differs", "batch_size": "match"}
    two = _repo(
        tmp_path / "two", {"configs/a.yaml": "epochs: 90\n", "configs/b.yaml": "epochs: 50\n"}
    )
    rows = {r.setting: r.status for r in align(paper, code_settings(two))}
    assert rows["epochs"] == "unclear" and rows["batch_size"] == "paper only"


def test_per_device_batch_without_gpu_count_is_never_differs(tmp_path: Path) -> None:
    paper = _paper("A Paper\n4 Experiments\nWe use a batch size of 256 and train 10 epochs.\n")
    repo = _repo(
        tmp_path, {"cfg.yaml": "per_device_train_batch_size: 32\ngradient_accumulation_steps: 2\n"}
    )
    rows = {r.setting: r for r in align(paper, code_settings(repo))}
    assert rows["batch_size"].status == "unclear"
    repo = _repo(
        tmp_path / "b",
        {"cfg.yaml": "per_device_train_batch_size: 32\ngradient_accumulation_steps: 8\n"},
    )
    rows = {r.setting: r for r in align(paper, code_settings(repo))}
    assert rows["batch_size"].status == "match"
    assert (
        rows["batch_size"].code is not None
        and "GPU count not stated" in rows["batch_size"].code.value
    )


def test_a_sentence_naming_a_variant_is_decided_by_that_variants_config(tmp_path: Path) -> None:
    paper = _paper(
        "A Paper\n4 Experiments\nWe train with a batch size of 32 for 100 epochs. Due to memory "
        "limits, for NodeMix-XL we set the batch size to 16.\n"
    )
    files = {
        "configs/nodemix.yaml": "batch_size: 32\nepochs: 100\n",
        "configs/nodemix_xl.yaml": "batch_size: 64\nepochs: 100\n",
    }
    rows = [r for r in align(paper, code_settings(_repo(tmp_path / "a", files)))]
    by_value = {r.paper.value: r for r in rows if r.setting == "batch_size" and r.paper}
    xl = by_value["16"]
    assert xl.status == "differs" and xl.experiment == "NodeMix-XL"
    assert xl.code is not None and xl.code.path == "configs/nodemix_xl.yaml"
    assert by_value["32"].status == "match"
    # the variant's config carries the value: a match that cites it, not the other config
    files["configs/nodemix_xl.yaml"] = "batch_size: 16\nepochs: 100\n"
    rows = align(paper, code_settings(_repo(tmp_path / "b", files)))
    xl = next(r for r in rows if r.paper and r.paper.value == "16")
    assert xl.status == "match" and xl.code is not None
    assert xl.code.path == "configs/nodemix_xl.yaml" and xl.experiment == "NodeMix-XL"


def test_a_named_experiment_is_linked_to_its_readme_command(tmp_path: Path) -> None:
    paper = _paper("A Paper\n4 Experiments\nOn WikiText-103 we train for 40 epochs.\n")
    readme = (
        "# x\n\n```bash\npython train.py --data wikitext-103 --epochs 20\n"
        "python train.py --data ptb --epochs 40\n```\n"
    )
    files = {"README.md": readme, "train.py": "print(1)\n"}
    rows = align(paper, code_settings(_repo(tmp_path, files)))
    epochs = next(r for r in rows if r.setting == "epochs")
    # 40 is in the code, for another dataset: no accusation, the match is the only reading
    assert epochs.status == "match"
    files["README.md"] = readme.replace("--epochs 40", "--epochs 30")
    rows = align(paper, code_settings(_repo(tmp_path / "b", files)))
    epochs = next(r for r in rows if r.setting == "epochs")
    assert epochs.status == "differs" and epochs.experiment == "WikiText-103"
    assert epochs.code is not None and epochs.code.line == 4


def test_a_name_linked_only_to_a_script_default_never_accuses(tmp_path: Path) -> None:
    paper = _paper("A Paper\n4 Experiments\nOn Cora we use a batch size of 16.\n")
    files = {
        "datasets/cora.py": "def loader(batch_size=128):\n    return batch_size\n",
        "configs/a.yaml": "batch_size: 32\n",
        "configs/b.yaml": "batch_size: 64\n",
    }
    rows = align(paper, code_settings(_repo(tmp_path, files)))
    assert next(r for r in rows if r.setting == "batch_size").status == "unclear"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("for SPIN-H we set the batch size to 6 in AQI and AQI-36", {"spinh", "aqi", "aqi36"}),
        ("We train GPT-2 on ImageNet with 8 GPUs and Adam.", {"gpt2", "imagenet"}),
        ("The learning rate is 1e-4 (Table 3, Appendix B).", set()),
        ("Training uses a crop of 512 on Cityscapes.", {"cityscapes"}),
    ],
)
def test_paper_names(text: str, names: set[str]) -> None:
    from auditor.detectors.paper_code.hyperparameters import paper_names

    assert paper_names(text) == names


def test_code_values_read_from_positional_lr_epoch_loops_and_single_dash_flags(
    tmp_path: Path,
) -> None:
    files = {
        "train.py": (
            "import torch\n"
            "opt = torch.optim.AdamW(model.parameters(), 2e-5)\n"
            "for epoch in range(3):\n"
            "    pass\n"
            "for i in range(1000):\n"
            "    pass\n"
        ),
        "main.py": "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('-batch_size', type=int, default=100)\n",
        "README.md": "# x\n\n```bash\npython main.py -batch_size 500 -num_epoch 800\n```\n",
    }
    got = {(c.setting, c.path, c.line): c for c in code_settings(_repo(tmp_path, files))}
    assert got[("learning_rate", "train.py", 2)].number == 2e-5
    assert got[("epochs", "train.py", 3)].number == 3
    assert ("steps", "train.py", 5) not in got and ("epochs", "train.py", 5) not in got
    assert got[("batch_size", "README.md", 4)].number == 500  # -batch_size, declared so
    assert got[("epochs", "README.md", 4)].number == 800


def test_sentinel_counts_are_not_settings(tmp_path: Path) -> None:
    files = {"config.py": "import argparse\np = argparse.ArgumentParser()\n"
             "p.add_argument('--max_epochs', type=int, default=-1)\nepoch = 0\n"}  # fmt: skip
    assert not [c for c in code_settings(_repo(tmp_path, files)) if c.setting == "epochs"]
    paper = _paper("A Paper\n4 Experiments\nWe train for 6 epochs.\n")
    rows = align(paper, code_settings(_repo(tmp_path / "b", files)))
    assert [r.status for r in rows if r.setting == "epochs"] == ["paper only"]


def test_epochs_in_an_early_stopping_clause_are_the_patience() -> None:
    text = (
        "A Paper\n4 Experiments\nTo prevent overfitting, we adopt early stopping on the F1 score "
        "of validation for 6 epochs. We fix the maximum number of epochs to 300 and use early "
        "stopping with a patience of 40 epochs.\n"
    )
    assert _values(_paper(text), "epochs") == [300]


def test_optimizer_table_row_with_its_learning_rate() -> None:
    text = (
        "A Paper\n4 Experiments\nTable 2: Hyperparameters.\n"
        "Optimizer                 Adam with initial learning rate 0.0001\n"
        "Batch Size                500\n"
        "Block length              100 200 400 800\n"
        "Encoder                   5 layers 100 filters kernel 5\n"
        "Decoder                   5 layers 100 filters kernel 5 6 iterations\n"
        "Training SNR              -1.5 2.0 1.0 4.0 12\n"
    )
    settings = _paper(text)
    assert [s.value for s in settings if s.setting == "optimizer"] == ["Adam"]
    assert _values(settings, "learning_rate") == [0.0001]


def test_epoch_counts_in_observations_are_not_the_training_length() -> None:
    text = (
        "A Paper\n4 Experiments\nWe train for 360 epochs at a constant learning rate. The loss "
        "does not change much beyond 200 epochs, and the validation loss jumps at around 162 "
        "epochs for the models with dropout.\n"
    )
    assert _values(_paper(text), "epochs") == [360]


def test_a_fraction_setting_above_one_is_a_result_not_a_value() -> None:
    text = (
        "A Paper\n4 Experiments\nWe train with a dropout of 0.2. The SI-SDR values with 0.2 "
        "dropout probability are 3.58 and 0.9 dB.\n"
    )
    assert _values(_paper(text), "dropout") == [0.2]


def test_flags_passed_to_a_wrapper_shell_script(tmp_path: Path) -> None:
    files = {
        "pkg/cli.py": "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('--max-epochs', type=int, default=500)\n",
        "bin/train.sh": 'python -m pkg.cli train "$@"\n',
        "bin/librimix/train.sh": "batch_size=64\nbin/train.sh \\\n  --batch-size ${batch_size} \\\n"
        "  --max-epochs 360\n",
    }
    got = [(c.setting, c.number, c.path) for c in code_settings(_repo(tmp_path, files))]
    assert ("epochs", 360, "bin/librimix/train.sh") in got
    assert ("batch_size", 64, "bin/librimix/train.sh") in got
    rows = align(_paper("A Paper\n4 Experiments\nWe train for 360 epochs.\n"), tuple(
        c for c in code_settings(_repo(tmp_path / "b", files))))  # fmt: skip
    assert [r.status for r in rows if r.setting == "epochs"] == ["match"]


def test_settings_of_a_file_this_python_cannot_parse_and_rl_timesteps(tmp_path: Path) -> None:
    files = {  # a nested same-quote f-string parses only on Python 3.12 and later
        "train.py": "x = True\nconfig = {\n    'total_training_timesteps': 1_000,\n"
        "    'batch_size': 64,\n    'name': f'net_{\"a_\" if x else ''}fit.pth',\n}\n",
        "diffusion.py": "num_timesteps = 1000\nmodel.learn(total_timesteps=50_000)\n",
    }
    got = {(c.setting, c.path, c.line): c.number for c in code_settings(_repo(tmp_path, files))}
    assert got[("steps", "train.py", 3)] == 1000 and got[("batch_size", "train.py", 4)] == 64
    assert got[("steps", "diffusion.py", 2)] == 50_000
    assert ("steps", "diffusion.py", 1) not in got  # a diffusion model's timesteps
