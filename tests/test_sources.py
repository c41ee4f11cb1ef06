"""Repository sources: archives, pinning on a real history, file:// clones, bare git dirs."""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import build_git_repo
from git import Repo

from auditor.engine import audit
from auditor.errors import InputError

CL = "ml-code-completeness"
README = "# Tiny classifier\n\nTrain with `python train.py`.\n"
TRAIN = "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n"
HISTORY = [
    ("2020-01-10", {"README.md": README, "train.py": TRAIN}),
    ("2020-03-01", {"requirements.txt": "torch==1.4.0\n"}),
    (
        "2020-05-01",
        {
            "README.md": README
            + "\n## Pretrained models\n\n[weights](https://zenodo.org/record/1/files/model.pth)\n"
        },
    ),
]


def status(report, check: str) -> str:
    cl = report.checklist(CL)
    return next(f.status for f in cl.findings if f.check == check)


def evidence_paths(report, check: str) -> list[str | None]:
    cl = report.checklist(CL)
    return [e.path for f in cl.findings if f.check == check for e in f.evidence]


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("hist") / "repo"
    repo = build_git_repo(root, commits=HISTORY)
    shas = [c.hexsha for c in reversed(list(repo.iter_commits("main")))]
    repo.create_tag("v1.0", ref=shas[1])
    repo.create_head("before-deps", shas[0])
    return root, shas


# ---------------------------------------------------------------------------- pinning
@pytest.mark.parametrize(
    ("at", "index"),
    [("2020-01-10", 0), ("2020-02-29", 0), ("2020-03-01", 1), ("2020-04-30", 1), ("2021-01-01", 2)],
)
def test_at_picks_last_commit_on_or_before(history, at: str, index: int) -> None:
    root, shas = history
    report = audit(str(root), at=at, checklists=[CL])
    subject = report.subject.repo
    assert subject.commit == shas[index] and subject.at == at
    assert status(report, "dependencies") == ("fail" if index == 0 else "pass")
    assert status(report, "pretrained_models") == ("pass" if index == 2 else "fail")


@pytest.mark.parametrize(
    ("ref", "index"), [("v1.0", 1), ("before-deps", 0), ("main", 2), ("SHA0", 0), ("SHA1:10", 1)]
)
def test_ref_pins_tag_branch_and_sha(history, ref: str, index: int) -> None:
    root, shas = history
    if ref.startswith("SHA"):
        n, _, length = ref[3:].partition(":")
        ref = shas[int(n)][: int(length) if length else 40]
    report = audit(str(root), ref=ref, checklists=[CL])
    assert report.subject.repo.commit == shas[index]
    assert report.subject.repo.commit_date.startswith(HISTORY[index][0])


@pytest.mark.parametrize("zone", ["+0000", "-0800", "+0530"])
def test_pinned_commit_date_equals_git_log(tmp_path: Path, zone: str) -> None:
    """The commit date is read from the commit object (no ``git log`` process), in the
    format of ``git log --format=%cI``, whatever the committer's time zone."""
    root = tmp_path / "zoned"
    build_git_repo(root, {"train.py": "print(1)\n"})
    env = {**os.environ, "GIT_COMMITTER_DATE": f"2021-06-30T23:30:00 {zone}"}
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--allow-empty", "-m", "tz"],
                   check=True, env=env)  # fmt: skip
    want = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%cI"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    report = audit(str(root), at="2021-07-01", checklists=[CL])
    assert report.subject.repo.commit_date == want
    assert want.endswith(zone[:3] + ":" + zone[3:])


def test_pin_audits_the_committed_tree_not_the_disk(history) -> None:
    root, shas = history
    (root / "requirements.txt").unlink()  # an uncommitted change in the working tree
    try:
        pinned = audit(str(root), ref="main", checklists=[CL])
        assert status(pinned, "dependencies") == "pass"
        on_disk = audit(str(root), checklists=[CL])
        assert on_disk.subject.repo.kind == "git working tree"
        assert on_disk.subject.repo.commit == shas[2]
        assert status(on_disk, "dependencies") == "fail"
        assert any("uncommitted" in w for w in on_disk.warnings)
    finally:
        Repo(root).git.checkout("--", "requirements.txt")


def test_at_before_first_commit_is_a_clear_error(history) -> None:
    root, _ = history
    with pytest.raises(InputError, match=r"no commit on or before 2019-12-31.*2020-01-10"):
        audit(str(root), at="2019-12-31", checklists=[CL])


def test_unknown_ref_is_a_clear_error(history) -> None:
    root, _ = history
    with pytest.raises(InputError, match="not found"):
        audit(str(root), ref="no-such-tag", checklists=[CL])


def test_pin_on_a_plain_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README)
    with pytest.raises(InputError, match="not a git repository"):
        audit(str(tmp_path), at="2020-01-01", checklists=[CL])


# ---------------------------------------------------------------------------- git forms
def test_file_url_clone_with_at(history) -> None:
    root, shas = history
    url = f"file://{root}"
    report = audit(url, at="2020-03-15", checklists=[CL])
    assert report.subject.repo.kind == "git url" and report.subject.repo.commit == shas[1]
    assert status(report, "dependencies") == "pass"
    latest = audit(url, checklists=[CL])  # shallow clone of HEAD
    assert latest.subject.repo.commit == shas[2]
    assert status(latest, "pretrained_models") == "pass"


def test_bare_git_dir(tmp_path: Path) -> None:
    bare = build_git_repo(tmp_path / "proj.git", commits=HISTORY, bare=True)
    report = audit(str(tmp_path / "proj.git"), checklists=[CL])
    assert report.subject.repo.kind == "bare git"
    assert report.subject.repo.commit == bare.head.commit.hexsha
    assert status(report, "dependencies") == "pass"
    old = audit(str(tmp_path / "proj.git"), at="2020-02-01", checklists=[CL])
    assert status(old, "dependencies") == "fail"


def test_git_dir_with_empty_work_tree(tmp_path: Path) -> None:
    repo = build_git_repo(tmp_path / "wt", commits=HISTORY)
    for p in (tmp_path / "wt").iterdir():
        if p.name != ".git":
            p.unlink()
    report = audit(str(tmp_path / "wt"), checklists=[CL])
    assert report.subject.repo.commit == repo.head.commit.hexsha
    assert status(report, "dependencies") == "pass"
    assert "requirements.txt" in evidence_paths(report, "dependencies")


def test_plain_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(README)
    (tmp_path / "requirements.txt").write_text("numpy==1.18.1\n")
    report = audit(str(tmp_path), checklists=[CL])
    assert report.subject.repo.kind == "directory" and report.subject.repo.commit is None
    assert status(report, "dependencies") == "pass"


# ---------------------------------------------------------------------------- archives
SUPPLEMENT = {
    "README.md": README,
    "requirements.txt": "torch==1.4.0\n",
    "train.py": TRAIN,
    "src/model.py": "import torch\n",
}


def _zip(path: Path, files: dict[str, str], top: str = "") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel, text in files.items():
            zf.writestr(top + rel, text)
        zf.writestr("__MACOSX/._README.md", b"\0\5\26\7 mac resource fork")


def _tar(path: Path, files: dict[str, str], top: str, mode: str) -> None:
    with tarfile.open(path, mode) as tf:
        for rel, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(top + rel)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("supp.zip", None),
        ("supp.tar", "w"),
        ("supp.tar.gz", "w:gz"),
        ("supp.tgz", "w:gz"),
        ("supp.tar.bz2", "w:bz2"),
        ("supp.tar.xz", "w:xz"),
    ],
)
def test_archive_with_one_top_folder(tmp_path: Path, name: str, mode: str | None) -> None:
    path = tmp_path / name
    top = "code-release-v1/"
    if mode is None:
        _zip(path, SUPPLEMENT, top)
    else:
        _tar(path, SUPPLEMENT, top, mode)
    report = audit(str(path), checklists=[CL])
    assert report.subject.repo.kind == "archive"
    assert status(report, "dependencies") == "pass"
    assert "requirements.txt" in evidence_paths(report, "dependencies")  # relative to the top
    assert status(report, "training_code") == "pass"


def test_flat_archive(tmp_path: Path) -> None:
    path = tmp_path / "flat.zip"
    _zip(path, SUPPLEMENT)
    report = audit(str(path), checklists=[CL])
    assert "requirements.txt" in evidence_paths(report, "dependencies")


def test_archive_refuses_pins(tmp_path: Path) -> None:
    path = tmp_path / "flat.zip"
    _zip(path, SUPPLEMENT)
    with pytest.raises(InputError, match="archive has none"):
        audit(str(path), ref="main", checklists=[CL])


def test_corrupt_archive_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\3\4 this is not really a zip")
    with pytest.raises(InputError, match="cannot read archive"):
        audit(str(path), checklists=[CL])


def test_remote_urls_read_from_config_equal_git(tmp_path: Path) -> None:
    """Remote URLs are read from the repository's config file without a git process; odd
    files (includes, quoted values) are left to git. Either way the answer is git's."""
    from auditor.sources.repo import _config_remote_urls, _git_remote_urls, remote_urls

    root = tmp_path / "remotes"
    build_git_repo(root, {"train.py": "print(1)\n"})
    for name, url in (("origin", "https://github.com/o/r.git"), ("up", "git@github.com:x/y.git")):
        subprocess.run(["git", "-C", str(root), "remote", "add", name, url], check=True)
    git_dir = root / ".git"
    assert _config_remote_urls(git_dir / "config") == _git_remote_urls(git_dir)
    assert set(remote_urls(git_dir)) == {"https://github.com/o/r.git", "git@github.com:x/y.git"}
    extra = tmp_path / "extra.cfg"
    extra.write_text('[remote "mirror"]\n\turl = "https://example.org/m.git"\n')
    subprocess.run(["git", "-C", str(root), "config", "include.path", str(extra)], check=True)
    assert _config_remote_urls(git_dir / "config") is None  # git reads includes
    assert "https://example.org/m.git" in remote_urls(git_dir)
    assert remote_urls(tmp_path / "no-such-store") == ()


def test_a_pin_is_resolved_once_per_batch_entry(history, monkeypatch) -> None:
    """A batch entry's fingerprint and its audit ask for the same pin: within
    ``shared_pins`` git is asked once; outside it, every time."""
    import auditor.sources.repo as repo_mod

    root, shas = history
    calls: list[tuple[str | None, str | None]] = []
    real = repo_mod._resolve_pin

    def counting(git_dir, ref, at, head_ok):  # type: ignore[no-untyped-def]
        calls.append((ref, at))
        return real(git_dir, ref, at, head_ok)

    monkeypatch.setattr(repo_mod, "_resolve_pin", counting)
    git_dir = root / ".git"
    with repo_mod.shared_pins():
        first = repo_mod.resolve_pin(git_dir, None, "2020-03-01")
        report = audit(str(root), at="2020-03-01", checklists=[CL])
    assert first == report.subject.repo.commit == shas[1]
    assert calls == [(None, "2020-03-01")]
    repo_mod.resolve_pin(git_dir, None, "2020-03-01")
    assert len(calls) == 2
