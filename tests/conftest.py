"""Shared fixtures: real git repositories built in tmp_path, and headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from git import Actor, Repo

CASES = Path(__file__).parent / "cases"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# case folders are repositories under test, never test modules
collect_ignore_glob = ["cases/*"]

Files = Mapping[str, str | bytes]
AUTHOR = Actor("Test Author", "author@example.org")


def _write(root: Path, files: Files) -> list[str]:
    paths = []
    for rel, content in files.items():
        full = root / rel
        full.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            full.write_bytes(content)
        else:
            full.write_text(content, encoding="utf-8")
        paths.append(rel)
    return paths


def _git_date(day: str) -> str:
    """'2020-03-01' (noon UTC) or '2020-03-01T23:30:00' (UTC) -> git's raw date format."""
    when = datetime.fromisoformat(day if "T" in day else f"{day}T12:00:00")
    return f"{int(when.replace(tzinfo=UTC).timestamp())} +0000"


def build_git_repo(
    root: Path,
    files: Files | None = None,
    dates: Sequence[str] = ("2020-01-15",),
    commits: Sequence[tuple[str, Files]] | None = None,
    bare: bool = False,
) -> Repo:
    """A real git repository at ``root``.

    Either ``commits`` (a list of (date, files written in that commit)) or ``files`` committed
    at ``dates[0]`` followed by one commit per later date that rewrites ``HISTORY.md``.
    With ``bare=True`` the history is pushed into a bare repository at ``root``.
    """
    if commits is None:
        commits = [(dates[0], dict(files or {}))]
        commits += [(d, {"HISTORY.md": f"change {i} on {d}\n"}) for i, d in enumerate(dates[1:], 1)]
    work = root.with_name(root.name + "-work") if bare else root
    work.mkdir(parents=True, exist_ok=True)
    repo = Repo.init(work, initial_branch="main")
    for day, batch in commits:
        repo.index.add(_write(work, batch))
        when = _git_date(day)
        repo.index.commit(
            f"commit of {day}",
            author=AUTHOR,
            committer=AUTHOR,
            author_date=when,
            commit_date=when,
        )
    if not bare:
        return repo
    bare_repo = repo.clone(str(root), bare=True)
    shutil.rmtree(work)
    return bare_repo


def case_files(case: Path) -> dict[str, bytes]:
    """The files of a case folder, as a mapping for build_git_repo.

    A ``BASE`` file lists files shared by many cases (kept once in ``cases/_base/``) that the
    case includes; the case's own files come on top."""
    out = {}
    base_list = case / "BASE"
    if base_list.is_file():
        for rel in base_list.read_text().split():
            out[rel] = (CASES / "_base" / rel).read_bytes()
    for p in sorted(case.rglob("*")):
        if p.is_file() and p != base_list:
            out[p.relative_to(case).as_posix()] = p.read_bytes()
    return out


@pytest.fixture
def make_git_repo() -> Callable[..., Repo]:
    """``make_git_repo(path, files, dates=..., commits=..., bare=False) -> git.Repo``."""
    return build_git_repo


@pytest.fixture
def tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder so default outputs (reports/...) land in tmp_path."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return cwd


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root with (size, mtime_ns), symlinks not followed."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            st = os.lstat(full)
            out[os.path.relpath(full, root)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright; skipped locally when it is missing,
    a failure on CI (env CI set)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing on CI (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


# -------------------------------------------------------------------------- hostile reports
PAYLOADS = (
    '<script>alert("xss-script")</script>',
    '<img src=x onerror=alert("xss-img")>',
    '"><svg onload=alert("xss-svg")>',
    "javascript:alert('xss-js')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLWRhdGEnKTwvc2NyaXB0Pg==",
    "</span></code><iframe src=javascript:alert('xss-frame')></iframe>",
)
HOSTILE_README = (
    "# Evil <script>alert('xss-title')</script> project\n\n"
    "<img src=x onerror=alert('xss-readme-img')>\n\n"
    "## Pretrained models\n\n"
    "- [weights](javascript:alert('xss-link'))\n"
    "- [more weights](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n"
    "- [checkpoint <b onmouseover=alert('xss-label')>x</b>]"
    "(https://drive.google.com/file/d/1x\"onmouseover=\"alert('xss-attr')/view)\n\n"
    "## Results\n\n| Model <img src=x onerror=alert('xss-cell')> | Acc |\n|---|---|\n"
    "| a | 91.0 |\n| b | 92.5 |\n\n"
    "```bash\npython train.py --note \"<script>alert('xss-cmd')</script>\"\n"
    "python evaluate.py --ckpt 'javascript:alert(1)'\n```\n"
)
HOSTILE_FILES = {
    "README.md": HOSTILE_README,
    "requirements.txt": "torch==1.4.0 # <script>alert('xss-req')</script>\n",
    "train_\"><img src=x onerror=alert('xss-name')>.py": (
        "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n"
    ),
    "evaluate_<svg onload=alert('xss-eval')>.py": (
        "from sklearn.metrics import accuracy_score\n\nprint(accuracy_score([1], [1]))\n"
    ),
}


def hostile_report():  # type: ignore[no-untyped-def]
    """A Report with a payload in every text field the HTML renderer shows."""
    from auditor.models import (
        ChecklistResult,
        Evidence,
        Finding,
        PaperSubject,
        Report,
        RepoSubject,
        Subject,
        ToolInfo,
    )

    p = PAYLOADS
    evidence = (
        Evidence(kind="url", url=p[3], heading=p[0], path=p[1], line=3, excerpt=p[2]),
        Evidence(kind="url", url=p[4], heading=p[5], excerpt=p[0]),
        Evidence(kind="url", url="https://example.org/\"onmouseover=\"alert('xss-attr')"),
        Evidence(kind="file", path=f"src/{p[1]}.py", line=7, excerpt=p[5]),
        Evidence(kind="paper", page=2, excerpt=p[0]),
    )
    finding = Finding(
        check="results", title=p[0], status="fail", summary=p[1], evidence=evidence,
        advice=p[2], searched=p[5],
    )  # fmt: skip
    checklist = ChecklistResult(
        id="ml-code-completeness", title=p[1], version="1", source_url=p[3], score=0,
        max_score=1, findings=(finding,),
    )  # fmt: skip
    subject = Subject(
        repo=RepoSubject(
            source="https://github.com/evil/repo", commit="0" * 40, ref=p[0], at=p[1],
            commit_date=p[2], kind=p[5],
        ),
        paper=PaperSubject(source=p[4], title=p[0], pages=3, sha256=p[1]),
    )  # fmt: skip
    return Report(
        tool=ToolInfo(version="0.1.0"), created=p[0], subject=subject,
        checklists=(checklist,), warnings=(p[5], p[3]),
    )  # fmt: skip


# -------------------------------------------------------------------------- hostile inputs
def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """main(argv) must end in a report (0) or one clear line (2), never a traceback."""
    from auditor.cli import main

    try:
        rc = main(argv)
    except SystemExit as exc:
        rc = int(exc.code or 0)
    cap = capsys.readouterr()
    assert "Traceback" not in cap.out + cap.err
    assert rc in (0, 2), f"exit {rc}: {cap.err.strip()}"
    if rc == 2:
        lines = [ln for ln in cap.err.splitlines() if ln.strip()]
        assert len(lines) == 1, cap.err
    return rc, cap.err.strip()


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Audits write only to tmp_path/out; their temp files go to tmp_path/tmp and are removed.
    Everything else under tmp_path is unchanged at the end of the test."""
    import tempfile

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    yield tmp_path
    leftovers = list(tmp.iterdir())
    assert leftovers == [], f"temporary files left behind: {leftovers}"
    stray = [
        p for p in tmp_path.rglob("*") if p.name.startswith("pwned") or p.name.endswith("-pwned")
    ]
    assert stray == [], f"written outside the output folder: {stray}"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Tests never write to the user's cache (downloaded papers go to a temporary one)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
