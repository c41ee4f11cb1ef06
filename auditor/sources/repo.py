"""Resolve ``--repo`` (URL, folder, bare git dir, archive) and a pin into a Tree."""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from auditor.errors import InputError
from auditor.limits import Limits
from auditor.models import RepoSubject
from auditor.sources.anonymous import HOST as ANON_HOST
from auditor.sources.anonymous import anonymous_id, fetch_anonymous
from auditor.sources.archive import extract_archive, is_archive_name
from auditor.sources.gitops import check_url, looks_like_url, run_git
from auditor.sources.tree import DirTree, FileEntry, GitTree, Tree

log = logging.getLogger(__name__)

_SHA = re.compile(r"^[0-9a-fA-F]{7,40}$")
CLONE_BLOB_LIMIT = "2m"  # blobs above this are listed, never downloaded


@dataclass
class ResolvedRepo:
    tree: Tree
    subject: RepoSubject
    warnings: list[str] = field(default_factory=list)
    source_urls: tuple[str, ...] = ()


def parse_at(at: str) -> date:
    try:
        return date.fromisoformat(at)
    except ValueError as exc:
        raise InputError(f"--at wants a date as YYYY-MM-DD, got {at!r}") from exc


def resolve_repo(
    spec: str, workdir: Path, limits: Limits, ref: str | None = None, at: str | None = None
) -> ResolvedRepo:
    """Turn a user's ``--repo`` into a read-only tree. ``workdir`` is a private temp dir."""
    if ref and at:
        raise InputError("give either --ref or --at, not both")
    if ref is not None and (ref.startswith("-") or not ref.strip()):
        raise InputError(f"refusing ref {ref!r}")
    if at is not None:
        parse_at(at)
    if spec.startswith("-"):
        raise InputError(f"refusing repository {spec!r}: it looks like a command-line option")
    if anonymous_id(spec) is not None:
        if ref or at:
            raise InputError("--ref/--at pin git history; an anonymised copy has none")
        return _from_anonymous(spec, workdir, limits)
    if looks_like_url(spec):
        return _from_url(check_url(spec), workdir, limits, ref, at)
    path = Path(spec).expanduser()
    if not path.exists():
        raise InputError(f"repository not found: {spec} (not a URL, folder, git dir or archive)")
    if path.is_file():
        if not is_archive_name(path.name):
            raise InputError(
                f"{spec} is a file but not a supported archive (.zip, .tar, .tar.gz, .tgz, "
                ".tar.bz2, .tar.xz)"
            )
        if ref or at:
            raise InputError("--ref/--at pin git history; an archive has none")
        return _from_archive(path, workdir, limits)
    return _from_folder(path, spec, limits, ref, at)


def git_dir_of(path: Path) -> tuple[Path | None, Path | None]:
    """(git dir, work tree) of a folder: a work tree with .git, a bare git dir, or neither."""
    dot = path / ".git"
    if dot.is_dir():
        return dot, path
    if dot.is_file():  # a linked worktree or a submodule checkout: "gitdir: <path>"
        text = dot.read_text(errors="replace").strip()
        if text.startswith("gitdir:"):
            target = (path / text.split(":", 1)[1].strip()).resolve()
            if target.is_dir():
                return target, path
    if (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir():
        if path.name == ".git" and path.parent.is_dir():
            return path, path.parent
        return path, None
    return None, None


def _from_folder(
    path: Path, spec: str, limits: Limits, ref: str | None, at: str | None
) -> ResolvedRepo:
    git_dir, work = git_dir_of(path)
    if git_dir is None:
        if ref or at:
            raise InputError(f"{spec} is not a git repository, so --ref/--at cannot apply")
        tree = DirTree(path, limits)
        return ResolvedRepo(tree, RepoSubject(source=spec, kind="directory"), list(tree.notes))
    if ref or at:  # the common pinned audit first: no check that the repository is empty
        try:
            commit = resolve_pin(git_dir, ref, at)
        except InputError:
            commit = None  # asked again below, for the message that fits
        if commit is not None:
            return _pinned(git_dir, work, spec, commit, ref, at, limits)
    head_ok = _ref_ok(git_dir, "HEAD")  # asked once: the pin below needs it too
    if not head_ok and not _any_refs(git_dir):
        if work is None or ref or at:
            raise InputError(f"{spec} is an empty git repository (no commits)")
        tree = DirTree(work, limits)
        return ResolvedRepo(tree, RepoSubject(source=spec, kind="directory"), list(tree.notes))
    if ref or at or _worktree_empty(work):
        commit = resolve_pin(git_dir, ref, at, head_ok=head_ok)
        return _pinned(git_dir, work, spec, commit, ref, at, limits)
    assert work is not None
    # an author's working copy: audit what is on disk, uncommitted changes included
    head = resolve_pin(git_dir, None, None, head_ok=head_ok)
    tree = DirTree(work, limits)
    warnings = list(tree.notes)
    # --no-optional-locks: asking must not refresh (write) the audited repository's index
    status = run_git(
        ["--no-optional-locks", "--git-dir", str(git_dir), "--work-tree", str(work)]
        + ["status", "--porcelain", "-uno"]
    )
    if status.strip():
        warnings.append("the working tree has uncommitted changes; they are audited as on disk")
    subject = _subject(git_dir, spec, head, None, None, "git working tree")
    return ResolvedRepo(tree, subject, warnings, remote_urls(git_dir))


def _worktree_empty(work: Path | None) -> bool:
    return work is None or not any(p.name != ".git" for p in work.iterdir())


def _pinned(
    git_dir: Path,
    work: Path | None,
    spec: str,
    commit: str,
    ref: str | None,
    at: str | None,
    limits: Limits,
) -> ResolvedRepo:
    git_tree = GitTree(git_dir, commit, limits)
    kind = "bare git" if _worktree_empty(work) else "git"
    subject = _subject(git_dir, spec, commit, ref, at, kind, git_tree.commit_date())
    return ResolvedRepo(git_tree, subject, list(git_tree.notes), remote_urls(git_dir))


def _has_commits(git_dir: Path) -> bool:
    return _ref_ok(git_dir, "HEAD") or _any_refs(git_dir)


def _any_refs(git_dir: Path) -> bool:
    try:
        out = run_git(["--git-dir", str(git_dir), "for-each-ref", "--count=1", "refs/"])
    except InputError:
        return False
    return bool(out.strip())


# pins resolved while one batch entry is handled: its fingerprint and its audit ask the same
_PINS: ContextVar[dict[tuple[str, str | None, str | None], str] | None] = ContextVar(
    "pins", default=None
)


@contextmanager
def shared_pins() -> Iterator[None]:
    """Within the block, a (repository, ref, at) pin is resolved once."""
    token = _PINS.set({})
    try:
        yield
    finally:
        _PINS.reset(token)


def resolve_pin(git_dir: Path, ref: str | None, at: str | None, head_ok: bool | None = None) -> str:
    """The commit to audit; ``head_ok`` says whether HEAD is a commit, when already asked."""
    memo = _PINS.get()
    key = (str(git_dir), ref, at)
    if memo is not None and key in memo:
        return memo[key]
    commit = _resolve_pin(git_dir, ref, at, head_ok)
    if memo is not None:
        memo[key] = commit
    return commit


def _resolve_pin(git_dir: Path, ref: str | None, at: str | None, head_ok: bool | None) -> str:
    gd = ["--git-dir", str(git_dir)]
    base = "HEAD"
    if at and not ref and head_ok is None:  # HEAD asked directly; if it is no commit, see below
        try:
            found = run_git([*gd, "rev-list", "-1", "--first-parent", f"--before={_when(at)}",
                             "HEAD", "--"]).strip()  # fmt: skip
        except InputError:
            pass  # HEAD may be no commit: asked below
        else:
            if found:
                return found
            head_ok = True  # no commit that early: the message below says since when
    if not (_ref_ok(git_dir, "HEAD") if head_ok is None else head_ok):
        out = run_git([*gd, "for-each-ref", "--count=1", "--format=%(refname)", "refs/heads/"])
        base = out.strip() or "HEAD"
    if ref:
        candidates = [ref, f"refs/tags/{ref}", f"refs/heads/{ref}", f"refs/remotes/origin/{ref}"]
        for cand in candidates:
            if _ref_ok(git_dir, cand):
                return run_git([*gd, "rev-parse", "--verify", f"{cand}^{{commit}}"]).strip()
        raise InputError(f"ref {ref!r} not found in the repository")
    if at:
        out = run_git(
            [*gd, "rev-list", "-1", "--first-parent", f"--before={_when(at)}", base, "--"]
        )
        if not out.strip():
            first = run_git([*gd, "log", "--reverse", "--format=%cs", base, "--"]).split()
            since = f" (its first commit is from {first[0]})" if first else ""
            raise InputError(f"no commit on or before {at} in the repository{since}")
        return out.strip()
    return run_git([*gd, "rev-parse", "--verify", f"{base}^{{commit}}"]).strip()


def _when(at: str) -> str:
    return f"{parse_at(at).isoformat()} 23:59:59 +0000"


def _ref_ok(git_dir: Path, ref: str) -> bool:
    try:
        run_git(
            ["--git-dir", str(git_dir), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"]
        )
    except InputError:
        return False
    return True


_SECTION = re.compile(r'^\s*\[\s*([A-Za-z][\w.-]*)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]')
_URL_KEY = re.compile(r"^\s*url\s*=\s*(.*?)\s*$", re.I)
MAX_CONFIG_BYTES = 64 * 1024


def remote_urls(git_dir: Path) -> tuple[str, ...]:
    """The remotes' URLs: read from the repository's own config file (no git process); where
    that file cannot be read simply (includes, quoting, line continuations, too large), asked
    of git."""
    simple = _config_remote_urls(git_dir / "config")
    return simple if simple is not None else _git_remote_urls(git_dir)


def _config_remote_urls(path: Path) -> tuple[str, ...] | None:
    try:
        if path.is_symlink() or path.stat().st_size > MAX_CONFIG_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()  # a store without a config file (a mirror) has no remotes
    except (OSError, UnicodeDecodeError):
        return None
    out: list[str] = []
    in_remote = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        sec = _SECTION.match(line)
        if sec:
            if sec.group(1).lower().startswith("include"):
                return None  # [include] / [includeIf]: git reads those
            in_remote = sec.group(1).lower() == "remote" and sec.group(2) is not None
            continue
        if line.startswith("[") or '"' in line or line.endswith("\\"):
            return None  # an odd section, quoted values, continuations: git reads those
        url = _URL_KEY.match(line)
        if in_remote and url:
            out.append(re.split(r"\s[#;]", url.group(1), maxsplit=1)[0])
    return tuple(out)


def _git_remote_urls(git_dir: Path) -> tuple[str, ...]:
    try:
        out = run_git(
            ["--git-dir", str(git_dir), "config", "--get-regexp", r"^remote\..*\.url$"], timeout=10
        )
    except InputError:
        return ()
    return tuple(ln.split(None, 1)[1] for ln in out.splitlines() if " " in ln)


def _subject(
    git_dir: Path,
    spec: str,
    commit: str,
    ref: str | None,
    at: str | None,
    kind: str,
    cdate: str | None = None,
) -> RepoSubject:
    # the commit object's own metadata: ``git log -1 --no-walk`` reads no tree or blob (``git
    # show`` diffs a merge commit against its parents, which fails when a blob is missing)
    if cdate is None:
        cdate = run_git(
            ["--git-dir", str(git_dir), "log", "-1", "--no-walk", "--format=%cI", commit, "--"]
        ).strip()
    return RepoSubject(
        source=spec, commit=commit, commit_date=cdate or None, ref=ref, at=at, kind=kind
    )


def _from_archive(path: Path, workdir: Path, limits: Limits) -> ResolvedRepo:
    dest = Path(tempfile.mkdtemp(prefix="archive-", dir=workdir))
    ext = extract_archive(path, dest, limits)
    listed = []
    for e in ext.listed:
        full = dest / e.path
        try:
            rel = full.relative_to(ext.root).as_posix()
        except ValueError:
            continue
        listed.append(FileEntry(rel, e.size))
    tree = DirTree(ext.root, limits, extra=tuple(listed))
    warnings = list(tree.notes)
    if ext.skipped:
        shown = ", ".join(repr(s) for s in ext.skipped[:5])
        more = f" and {len(ext.skipped) - 5} more" if len(ext.skipped) > 5 else ""
        warnings.append(
            f"skipped {len(ext.skipped)} unsafe or unsupported archive entries: {shown}{more}"
        )
    if ext.listed:
        warnings.append(f"{len(ext.listed)} large files were listed but not extracted")
    return ResolvedRepo(tree, RepoSubject(source=str(path), kind="archive"), warnings)


def _from_anonymous(spec: str, workdir: Path, limits: Limits) -> ResolvedRepo:
    copy = fetch_anonymous(spec, Path(tempfile.mkdtemp(prefix="anonymous-", dir=workdir)), limits)
    tree = DirTree(copy.root, limits, extra=tuple(copy.listed))
    dated = f"; the copy is dated {copy.date}" if copy.date else ""
    warnings = [
        f"the code was read from an anonymised copy on {ANON_HOST} (by {copy.via}), not from "
        f"git: there is no commit id{dated}",
        *copy.notes,
        *tree.notes,
    ]
    if copy.listed:
        warnings.append(f"{len(copy.listed)} large or binary files were listed but not read")
    subject = RepoSubject(source=spec, kind="anonymised copy", commit_date=copy.date)
    return ResolvedRepo(tree, subject, warnings)


def _from_url(
    url: str, workdir: Path, limits: Limits, ref: str | None, at: str | None
) -> ResolvedRepo:
    dest = workdir / "clone.git"
    if dest.exists():
        shutil.rmtree(dest)
    args = ["clone", "--bare", "--no-tags", f"--filter=blob:limit={CLONE_BLOB_LIMIT}"]
    if not (ref or at):
        args += ["--depth", "1"]
    args += ["--", url, str(dest)]
    run_git(args, timeout=limits.clone_timeout)
    # never fetch missing (large) blobs lazily: drop the promisor remote settings
    for key in (
        "remote.origin.promisor",
        "remote.origin.partialclonefilter",
        "extensions.partialclone",
    ):
        try:
            run_git(["--git-dir", str(dest), "config", "--unset-all", key])
        except InputError:
            pass
    if ref and not _ref_ok(dest, ref) and _SHA.match(ref):
        run_git(
            ["--git-dir", str(dest), "fetch", "--depth", "1", "origin", ref],
            timeout=limits.clone_timeout,
        )
    if not _has_commits(dest):
        raise InputError(f"{url} is an empty git repository (no commits)")
    commit = resolve_pin(dest, ref, at)
    tree = GitTree(dest, commit, limits, filtered=CLONE_BLOB_LIMIT.upper() + "B")
    return ResolvedRepo(
        tree, _subject(dest, url, commit, ref, at, "git url"), list(tree.notes), (url,)
    )
