"""``https://anonymous.4open.science/r/<id>`` links: an anonymised copy of a repository.

Double-blind venues hand reviewers such a link instead of a git URL. It is not a git remote;
the service (tdurieux/anonymous_github) has a public JSON API under ``/api/repo/<id>/``:

- ``options``: the copy's state (``410 repository_expired`` for an expired or removed copy,
  ``404``/``425 repository_not_ready`` while it is prepared), ``download`` (whether the zip
  route is enabled) and ``lastUpdateDate``;
- ``zip``: the whole copy as a zip, where the instance allows it (``403`` otherwise);
- ``files?path=<folder>``: one folder's entries ``{name, path, size, sha}`` (folders have no
  size), and ``file/<path>``: one file's bytes.

Everything is bounded: files, bytes (per file and in total), folder depth, folders listed,
listing size and wall-clock time. There is no commit id; the report gives the copy's date.
The API base is injectable (``api``) and defaults to ``$AUDITOR_ANONYMOUS_API`` or the
public service.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from auditor.errors import InputError
from auditor.limits import Limits
from auditor.sources.archive import extract_archive
from auditor.sources.tree import SKIP_DIRS, FileEntry

if TYPE_CHECKING:  # imported where a URL is fetched: local audits never load requests
    import requests

log = logging.getLogger(__name__)

HOST = "anonymous.4open.science"
DEFAULT_API = f"https://{HOST}/api"
ENV_API = "AUDITOR_ANONYMOUS_API"
_LINK = re.compile(rf"^https?://{re.escape(HOST)}/r/([A-Za-z0-9][A-Za-z0-9._-]{{0,99}})(?:/.*)?$")
MAX_REMOTE_FILES = 5_000  # files fetched one request each (the zip route has no such cap)
MAX_FOLDERS = 2_000  # folder listings requested
MAX_LISTING_BYTES = 8 * 1024 * 1024  # one listing's JSON
CHUNK = 64 * 1024
# never worth a request: the checks do not read them (they are listed with their size)
BINARY = re.compile(
    r"\.(pt|pth|ckpt|bin|h5|hdf5|npy|npz|pkl|pickle|onnx|safetensors|tflite|pb|zip|tar|gz|tgz|"
    r"bz2|xz|7z|png|jpe?g|gif|bmp|tiff?|webp|ico|pdf|mp[34]|wav|avi|mov|so|dll|exe|parquet|"
    r"feather|arrow|tfrecords?)$",
    re.I,
)


def anonymous_id(spec: str) -> str | None:
    """The copy's id in an ``https://anonymous.4open.science/r/<id>`` link, else None."""
    m = _LINK.match(spec.strip())
    return m.group(1) if m else None


def api_base() -> str:
    return (os.environ.get(ENV_API) or DEFAULT_API).rstrip("/")


@dataclass
class AnonymousCopy:
    root: Path
    listed: list[FileEntry] = field(default_factory=list)  # known, not downloaded
    date: str | None = None
    via: str = "listing"
    notes: list[str] = field(default_factory=list)


class _Budget:
    """Time, request and byte bounds shared by every request of one copy."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.clone_timeout
        self.bytes = 0

    def timeout(self, what: str) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise InputError(
                f"anonymous repository: {what} took longer than {self.limits.clone_timeout:g}s"
            )
        return min(left, self.limits.download_timeout)


def fetch_anonymous(
    spec: str,
    dest: Path,
    limits: Limits,
    session: requests.Session | None = None,
    api: str | None = None,
) -> AnonymousCopy:
    """Copy the anonymised repository of ``spec`` into ``dest`` (a new folder)."""
    import requests

    repo_id = anonymous_id(spec)
    if repo_id is None:
        raise InputError(f"not an anonymous repository link: {spec}")
    base = f"{(api or api_base()).rstrip('/')}/repo/{quote(repo_id, safe='')}"
    budget = _Budget(limits)
    own = session is None
    sess = session or requests.Session()
    try:
        options = _options(sess, base, repo_id, budget)
        dest.mkdir(parents=True, exist_ok=True)
        copy = AnonymousCopy(dest / "copy", date=_text(options.get("lastUpdateDate")))
        if options.get("download") is True and _via_zip(sess, base, dest, copy, budget):
            return copy
        copy.root.mkdir(exist_ok=True)
        _via_listing(sess, base, repo_id, copy, budget)
        return copy
    finally:
        if own:
            sess.close()


def _text(value: Any) -> str | None:
    return value[:64] if isinstance(value, str) and value else None


def _get(sess: requests.Session, url: str, budget: _Budget, what: str) -> requests.Response:
    import requests

    t = budget.timeout(what)
    try:
        return sess.get(url, stream=True, allow_redirects=False, timeout=(t, t))
    except requests.Timeout as exc:
        if t < budget.limits.download_timeout:  # cut short by the whole fetch's time limit
            limit = budget.limits.clone_timeout
            raise InputError(f"anonymous repository: {what} took longer than {limit:g}s") from exc
        raise InputError(f"anonymous repository: {what} timed out") from exc
    except requests.RequestException as exc:
        raise InputError(f"anonymous repository: {what} failed ({type(exc).__name__})") from exc


def _read(resp: requests.Response, cap: int, budget: _Budget, what: str) -> bytes | None:
    """The body, or None when it is longer than ``cap``; the time bound holds while reading."""
    import requests

    out = bytearray()
    try:
        for chunk in resp.iter_content(CHUNK):
            out += chunk
            if len(out) > cap:
                return None
            budget.timeout(what)
    except requests.RequestException as exc:
        raise InputError(
            f"anonymous repository: {what} interrupted ({type(exc).__name__})"
        ) from exc
    finally:
        resp.close()
    return bytes(out)


def _error_code(resp: requests.Response, budget: _Budget) -> str:
    body = _read(resp, 64 * 1024, budget, "reading an error") or b""
    try:
        code = json.loads(body.decode("utf-8", "replace")).get("error")
    except (ValueError, AttributeError):
        return ""
    return code[:80] if isinstance(code, str) else ""


def _options(sess: requests.Session, base: str, repo_id: str, budget: _Budget) -> dict[str, Any]:
    resp = _get(sess, f"{base}/options", budget, "reading its state")
    if resp.status_code == 200:
        body = _read(resp, 1024 * 1024, budget, "reading its state")
        try:
            data = json.loads((body or b"").decode("utf-8", "replace"))
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise InputError(f"anonymous repository {repo_id}: the service's answer is not JSON")
        if data.get("url"):  # an expired copy that redirects to its (de-anonymised) original
            raise InputError(f"anonymous repository {repo_id} has expired")
        return data
    raise InputError(_state_message(repo_id, resp.status_code, _error_code(resp, budget)))


def _state_message(repo_id: str, status: int, code: str) -> str:
    what = f"anonymous repository {repo_id}"
    if status == 410 or code in ("repository_expired", "repository_archived"):
        return f"{what} has expired or was removed by its owner (the service says {code or status})"
    if "not_ready" in code or status == 425 or code == "rate_limited":
        return f"{what} is not ready yet (the service is still preparing it); try again later"
    if status == 404 or "not_found" in code:
        return f"{what} was not found (check the link)"
    if 300 <= status < 400:
        return f"{what} has expired (the service redirects away from it)"
    detail = f": {code}" if code else ""
    return f"{what} cannot be read: the service answered HTTP {status}{detail}"


def _via_zip(
    sess: requests.Session, base: str, dest: Path, copy: AnonymousCopy, budget: _Budget
) -> bool:
    import requests

    resp = _get(sess, f"{base}/zip", budget, "downloading its zip")
    if resp.status_code != 200:
        resp.close()
        return False  # download not enabled here: read it folder by folder
    zpath = dest / "copy.zip"
    cap = budget.limits.max_download_bytes
    total = 0
    try:
        with open(zpath, "wb") as fh:
            for chunk in resp.iter_content(CHUNK):
                total += len(chunk)
                if total > cap:
                    raise InputError(f"anonymous repository: its zip is larger than {cap} bytes")
                fh.write(chunk)
                budget.timeout("downloading its zip")
    except requests.RequestException as exc:
        raise InputError(f"anonymous repository: zip download interrupted ({exc})") from exc
    finally:
        resp.close()
    unpacked = dest / "zip"
    ext = extract_archive(zpath, unpacked, budget.limits)
    zpath.unlink(missing_ok=True)
    copy.root, copy.via = ext.root, "zip"
    for e in ext.listed:
        try:
            copy.listed.append(
                FileEntry((unpacked / e.path).relative_to(ext.root).as_posix(), e.size)
            )
        except ValueError:
            continue
    if ext.skipped:
        copy.notes.append(f"skipped {len(ext.skipped)} unsafe or unsupported zip entries")
    return True


def _via_listing(
    sess: requests.Session, base: str, repo_id: str, copy: AnonymousCopy, budget: _Budget
) -> None:
    limits = budget.limits
    max_files = min(limits.max_files, MAX_REMOTE_FILES)
    folders: deque[tuple[str, int]] = deque([("", 0)])
    listed = files = 0
    stopped: list[str] = []
    while folders:
        folder, depth = folders.popleft()
        if listed >= MAX_FOLDERS:
            stopped.append(f"listing stopped after {MAX_FOLDERS} folders")
            break
        listed += 1
        for name, size in _listing(sess, base, repo_id, folder, budget):
            rel = f"{folder}/{name}" if folder else name
            if size is None:
                if name in SKIP_DIRS:
                    continue
                if depth + 1 > limits.max_depth:
                    stopped.append(f"folders deeper than {limits.max_depth} were not listed")
                    continue
                folders.append((rel, depth + 1))
                continue
            if files >= max_files:
                stopped.append(f"stopped at {max_files} files")
                folders.clear()
                break
            files += 1
            _take_file(sess, base, rel, size, copy, budget)
    copy.notes += [f"anonymous repository {repo_id}: {s}" for s in dict.fromkeys(stopped)]


def _listing(
    sess: requests.Session, base: str, repo_id: str, folder: str, budget: _Budget
) -> list[tuple[str, int | None]]:
    url = f"{base}/files" + (f"?path={quote(folder, safe='/')}" if folder else "")
    resp = _get(sess, url, budget, "listing its files")
    if resp.status_code != 200:
        raise InputError(_state_message(repo_id, resp.status_code, _error_code(resp, budget)))
    body = _read(resp, MAX_LISTING_BYTES, budget, "listing its files")
    if body is None:
        raise InputError(
            f"anonymous repository {repo_id}: a folder listing is larger than "
            f"{MAX_LISTING_BYTES // 2**20} MB"
        )
    try:
        items = json.loads(body.decode("utf-8", "replace"))
    except ValueError as exc:
        raise InputError(f"anonymous repository {repo_id}: a folder listing is not JSON") from exc
    if not isinstance(items, list):
        raise InputError(f"anonymous repository {repo_id}: a folder listing is not a list")
    out: list[tuple[str, int | None]] = []
    for it in items:
        entry = _entry(it, folder)
        if entry is not None:
            out.append(entry)
    return out


def _entry(item: Any, folder: str) -> tuple[str, int | None] | None:
    """(name, size or None for a folder) of a safe entry of ``folder``; None to skip it."""
    if not isinstance(item, dict):
        return None
    name, path, size = item.get("name"), item.get("path") or "", item.get("size")
    if not isinstance(name, str) or not name or name in (".", "..") or len(name) > 255:
        return None
    if any(c in name for c in "/\\\0") or path != folder:
        return None
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        return None
    return name, size


def _take_file(
    sess: requests.Session, base: str, rel: str, size: int, copy: AnonymousCopy, budget: _Budget
) -> None:
    limits = budget.limits
    if size > limits.max_read_bytes or BINARY.search(rel):
        copy.listed.append(FileEntry(rel, size))
        return
    if budget.bytes + size > limits.max_extracted_bytes:
        copy.listed.append(FileEntry(rel, size))
        return
    resp = _get(sess, f"{base}/file/{quote(rel, safe='/')}", budget, f"reading {rel}")
    if resp.status_code != 200:
        code = _error_code(resp, budget)
        if "not_ready" in code or resp.status_code in (410, 425, 503):
            raise InputError(_state_message(base.rsplit("/", 1)[-1], resp.status_code, code))
        copy.notes.append(f"{rel}: not readable from the anonymous copy (HTTP {resp.status_code})")
        copy.listed.append(FileEntry(rel, size))
        return
    data = _read(resp, limits.max_read_bytes, budget, f"reading {rel}")
    if data is None:
        copy.listed.append(FileEntry(rel, size))
        return
    budget.bytes += len(data)
    target = copy.root.joinpath(*PurePosixPath(rel).parts)
    if not target.resolve().is_relative_to(copy.root.resolve()):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
