"""A git object store that lacks objects (a mirror missing a large blob, a damaged folder) still
audits: the audit completes and the report names each unreadable object in its warnings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import AUTHOR, _git_date, run_cli
from git import Repo

from auditor.facts.repo import PARSED

CL = "ml-code-completeness"
README = (
    "# Sparse attention for long documents\n\n![teaser](figures/teaser.png)\n\n"
    "## Training\n\n```bash\npython train.py --epochs 10\n```\n"
)
TRAIN = (
    "import torch\n\n\ndef main():\n    net = torch.nn.Linear(4, 2)\n"
    "    opt = torch.optim.SGD(net.parameters(), lr=0.1)\n"
    "    for _ in range(10):\n        loss = net(torch.randn(8, 4)).pow(2).mean()\n"
    "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n\n\n"
    'if __name__ == "__main__":\n    main()\n'
)
EVAL = (
    "from sklearn.metrics import accuracy_score\n\n\n"
    'if __name__ == "__main__":\n    print(accuracy_score([1, 0, 1], [1, 0, 0]))\n'
)


def _png(seed: int, size: int = 60_000) -> bytes:
    """Deterministic bytes that do not compress away (a stand-in for a large image)."""
    out = bytearray(b"\x89PNG\r\n\x1a\n")
    x = seed
    while len(out) < size:
        x = (x * 6364136223846793005 + 1442695040888963407) % 2**64
        out += x.to_bytes(8, "little")
    return bytes(out[:size])


def _commit(repo: Repo, work: Path, day: str, files: dict[str, str | bytes], parents=None):  # type: ignore[no-untyped-def]
    for rel, content in files.items():
        full = work / rel
        full.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            full.write_bytes(content)
        else:
            full.write_text(content, encoding="utf-8")
    repo.index.add(list(files))
    when = _git_date(day)
    return repo.index.commit(
        f"commit of {day}", parent_commits=parents, author=AUTHOR, committer=AUTHOR,
        author_date=when, commit_date=when,
    )  # fmt: skip


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, str]:
    """A bare clone of a history whose head is a merge commit that changes an image, a README
    and a folder brought in by a side branch. Returns (bare dir, merge sha)."""
    work = tmp_path / "work"
    repo = Repo.init(work, initial_branch="main")
    base = _commit(
        repo, work, "2021-01-10",
        {"README.md": README, "train.py": TRAIN, "figures/teaser.png": _png(1)},
    )  # fmt: skip
    side = repo.create_head("side", base)
    side.checkout()
    side_tip = _commit(
        repo, work, "2021-02-01",
        {
            "figures/teaser.png": _png(2), "src/evaluate.py": EVAL, "src/__init__.py": "",
            "checkpoints/wra.pth": b"PK\x03\x04" + b"\x00" * 150_000,
        },
    )  # fmt: skip
    repo.heads.main.checkout(force=True)
    main_tip = _commit(repo, work, "2021-02-05", {"README.md": README + "\nMore soon.\n"})
    # the merge: both sides' files, and an image that differs from both parents
    repo.git.checkout(side_tip.hexsha, "--", "src", "figures", "checkpoints")
    merge = _commit(
        repo, work, "2021-03-01", {"figures/teaser.png": _png(3)}, parents=[main_tip, side_tip]
    )
    assert len(merge.parents) == 2
    bare = tmp_path / "owner" / "mirror.git"
    Repo.clone_from(str(work), str(bare), bare=True)  # a local clone keeps objects loose
    return bare, merge.hexsha


def _drop_any(bare: Path, sha: str) -> None:
    loose = bare / "objects" / sha[:2] / sha[2:]
    assert loose.is_file(), "the object must be loose for the test to remove it"
    loose.unlink()
    assert Repo(bare).git.cat_file("-t", sha, with_exceptions=False) == ""


def _audit(bare: Path | str, pin: list[str], out: Path, capsys) -> dict:  # type: ignore[no-untyped-def]
    argv = ["audit", "--repo", str(bare), *pin, "--checklist", CL]
    rc, err = run_cli(argv + ["--out", str(out), "--format", "json", "-q"], capsys)
    assert rc == 0, err
    return json.loads((out / "report.json").read_text())


def _status(report: dict, check: str) -> str:
    findings = report["checklists"][0]["findings"]
    return next(f["status"] for f in findings if f["check"] == check)


PINS = [[], ["--ref", "main"], ["--at", "2021-03-15"]]


@pytest.fixture(autouse=True)
def _fresh_parse_cache():  # type: ignore[no-untyped-def]
    """Parsed facts are cached by blob id across audits in one process (content-addressed, so
    right); a blob an earlier test read must not stand in for the object this test removes."""
    PARSED.clear()
    yield
    PARSED.clear()


@pytest.mark.parametrize("pin", PINS, ids=["head", "ref", "at"])
@pytest.mark.parametrize(
    "path", ["figures/teaser.png", "README.md", "src/evaluate.py", "checkpoints/wra.pth"]
)
def test_missing_blob_is_a_note(mirror, path: str, pin: list[str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bare, merge = mirror
    sha = Repo(bare).git.rev_parse(f"{merge}:{path}")
    _drop_any(bare, sha)
    report = _audit(bare, pin, tmp_path / "out", capsys)
    assert report["subject"]["repo"]["commit"] == merge
    assert report["subject"]["repo"]["commit_date"].startswith("2021-03-01")
    notes = [w for w in report["warnings"] if sha[:12] in w]
    assert notes and path in notes[0], report["warnings"]
    # what could be read is still audited
    assert _status(report, "training_code") == "pass"
    if path == "src/evaluate.py":
        ev = [f for f in report["checklists"][0]["findings"] if f["check"] == "evaluation_code"][0]
        assert _status(report, "evaluation_code") == "fail", ev
    if path == "checkpoints/wra.pth":  # listed by the tree, content not in the store
        assert _status(report, "pretrained_models") == "pass"


@pytest.mark.parametrize("pin", PINS, ids=["head", "ref", "at"])
def test_missing_tree_is_a_note(mirror, pin: list[str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bare, merge = mirror
    sha = Repo(bare).git.rev_parse(f"{merge}:src")
    _drop_any(bare, sha)
    report = _audit(bare, pin, tmp_path / "out", capsys)
    assert report["subject"]["repo"]["commit"] == merge
    notes = [w for w in report["warnings"] if sha[:12] in w]
    assert notes and "src/" in notes[0], report["warnings"]
    assert _status(report, "training_code") == "pass"
    assert _status(report, "evaluation_code") == "fail"  # src/evaluate.py could not be listed


@pytest.mark.parametrize("pin", PINS, ids=["head", "ref", "at"])
def test_corrupt_blob_is_a_note(mirror, pin: list[str], tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A loose object cut short: git lists it but dies while streaming it."""
    bare, merge = mirror
    sha = Repo(bare).git.rev_parse(f"{merge}:src/evaluate.py")
    loose = bare / "objects" / sha[:2] / sha[2:]
    data = loose.read_bytes()
    loose.unlink()  # the clone's objects may be hard links to the work repository's
    loose.write_bytes(data[: len(data) // 2])
    report = _audit(bare, pin, tmp_path / "out", capsys)
    notes = [w for w in report["warnings"] if sha[:12] in w]
    assert notes and "src/evaluate.py" in notes[0], report["warnings"]
    assert _status(report, "training_code") == "pass"  # files read after it still are
    assert _status(report, "evaluation_code") == "fail"


def test_intact_mirror_has_no_object_note(mirror, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bare, merge = mirror
    report = _audit(bare, ["--ref", "main"], tmp_path / "out", capsys)
    assert not [w for w in report["warnings"] if "object" in w], report["warnings"]
    assert _status(report, "evaluation_code") == "pass"


def test_missing_root_tree_is_one_clear_line(mirror, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """With the commit's own tree gone there is nothing to audit: exit 2, one line."""
    bare, merge = mirror
    _drop_any(bare, Repo(bare).git.rev_parse(f"{merge}^{{tree}}"))
    argv = ["audit", "--repo", str(bare), "--checklist", CL, "--out", str(tmp_path / "o"), "-q"]
    rc, err = run_cli(argv, capsys)
    assert rc == 2 and merge[:12] in err and "tree" in err, err


def test_blobs_left_out_by_the_clone_filter_are_a_note(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A URL clone skips blobs over 2 MB on purpose: they are listed, and the note says why."""
    work = tmp_path / "src-repo"
    repo = Repo.init(work, initial_branch="main")
    big = b"PK\x03\x04" + bytes(range(256)) * 12_000  # about 3 MB
    _commit(repo, work, "2021-01-10", {"README.md": README, "train.py": TRAIN, "ckpt/wra.pth": big})
    repo.git.config("uploadpack.allowFilter", "true")
    report = _audit(f"file://{work}", [], tmp_path / "out", capsys)
    sha = repo.git.rev_parse("HEAD:ckpt/wra.pth")
    notes = [w for w in report["warnings"] if sha[:12] in w]
    assert notes and "not downloaded" in notes[0] and "ckpt/wra.pth" in notes[0], report
    assert _status(report, "pretrained_models") == "pass"
