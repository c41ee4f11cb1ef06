"""Resolve ``--paper``: a local PDF, an http(s) URL of a PDF, or an arXiv id / abs / pdf URL.

Downloads are streamed with a timeout and a size cap, redirects are followed by hand (http and
https only), the content type and the ``%PDF`` magic are checked, and a copy is cached under
``~/.cache/auditor/papers`` keyed by the SHA-256 of the URL. The network is used only for URLs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from auditor.digest import file_sha256
from auditor.errors import InputError
from auditor.limits import Limits
from auditor.models import PaperSubject
from auditor.sources.links import parse_url

if TYPE_CHECKING:  # imported where a URL is fetched: local audits never load requests
    import requests

log = logging.getLogger(__name__)

NEW_ARXIV = r"\d{4}\.\d{4,5}(?:v\d+)?"
OLD_ARXIV = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?"
ARXIV_ID_RE = re.compile(rf"^(?:arxiv:)?({NEW_ARXIV}|{OLD_ARXIV})$", re.I)
ARXIV_URL_RE = re.compile(
    rf"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/({NEW_ARXIV}|{OLD_ARXIV})(?:\.pdf)?/?$",
    re.I,
)
PDF_TYPES = {
    "application/pdf",
    "application/x-pdf",
    "application/octet-stream",
    "binary/octet-stream",
    "application/download",
    "application/force-download",
}
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


@dataclass(frozen=True)
class ResolvedPaper:
    path: Path
    subject: PaperSubject


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "auditor" / "papers"


def arxiv_id(spec: str) -> str | None:
    """The arXiv id in ``spec`` (bare id, ``arXiv:`` id, abs or pdf URL), else None."""
    s = spec.strip()
    m = ARXIV_ID_RE.match(s) or ARXIV_URL_RE.match(s)
    return m.group(1) if m else None


def resolve_paper(
    spec: str,
    workdir: Path,
    limits: Limits,
    session: requests.Session | None = None,
    cache_dir: Path | None = None,
    arxiv_base: str = "https://arxiv.org",
    use_cache: bool = True,
) -> ResolvedPaper:
    """Turn a ``--paper`` value into a local PDF. Raises InputError with one line.

    Downloads are cached in ``cache_dir`` (default ``~/.cache/auditor/papers``) unless
    ``use_cache`` is false, when they live only in ``workdir`` for this audit."""
    spec = spec.strip()
    if not spec:
        raise InputError("--paper is empty")
    aid = arxiv_id(spec)
    if aid is not None:
        url = f"{arxiv_base.rstrip('/')}/pdf/{aid}"
    elif re.match(r"^https?://", spec, re.I):
        url = spec
    else:
        path = Path(spec).expanduser()
        if re.match(r"^[a-z][a-z0-9+.-]*://", spec, re.I):
            raise InputError(f"paper URL must be http or https: {spec}")
        if not path.exists():
            raise InputError(
                f"paper not found: {spec} (expected a PDF file, an http(s) URL or an arXiv id)"
            )
        if not path.is_file():
            raise InputError(f"paper is not a file: {spec}")
        check_pdf_magic(path, spec)
        return ResolvedPaper(path, _subject(spec, path))
    cache = (cache_dir or default_cache_dir()) if use_cache else None
    path = download_pdf(url, workdir, limits, session, cache)
    return ResolvedPaper(path, _subject(spec, path))


def _subject(source: str, path: Path) -> PaperSubject:
    return PaperSubject(source=source, sha256=file_sha256(path))


def check_pdf_magic(path: Path, label: str) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read paper {label}: {exc.strerror or exc}") from exc
    if b"%PDF-" not in head:
        raise InputError(f"not a PDF (no %PDF header): {label}")


def download_pdf(
    url: str,
    workdir: Path,
    limits: Limits,
    session: requests.Session | None,
    cache_dir: Path | None,
) -> Path:
    import requests

    key = hashlib.sha256(url.encode("utf-8")).hexdigest()
    cached = cache_dir / f"{key}.pdf" if cache_dir is not None else None
    if cached is not None and cached.is_file():
        try:
            check_pdf_magic(cached, url)
            log.info("paper: using cached copy of %s", url)
            return cached
        except InputError:
            cached.unlink(missing_ok=True)
    own = session is None
    sess = session or requests.Session()
    try:
        tmp = _fetch(sess, url, workdir, limits)
    finally:
        if own:
            sess.close()
    if cache_dir is None or cached is None:
        return tmp
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, cached)
        return cached
    except OSError:
        log.warning("paper: cannot write cache %s; using a temporary copy", cache_dir)
        return tmp


def _open(sess: requests.Session, url: str, limits: Limits) -> requests.Response:
    import requests

    for _ in range(MAX_REDIRECTS + 1):
        parsed = parse_url(url)
        if parsed is None:
            raise InputError(f"paper download redirected to an unparseable URL: {url[:200]}")
        if parsed.scheme.lower() not in ("http", "https"):
            raise InputError(f"paper download redirected to a non-http(s) URL: {url}")
        try:
            resp = sess.get(
                url,
                stream=True,
                allow_redirects=False,
                timeout=(limits.download_timeout, limits.download_timeout),
            )
        except requests.Timeout as exc:
            raise InputError(
                f"paper download timed out after {limits.download_timeout:g}s: {url}"
            ) from exc
        except requests.RequestException as exc:
            raise InputError(f"paper download failed: {url}: {type(exc).__name__}") from exc
        if resp.is_redirect and resp.headers.get("location"):
            resp.close()
            url = urljoin(url, resp.headers["location"])
            continue
        if resp.status_code != 200:
            resp.close()
            raise InputError(f"paper download failed: HTTP {resp.status_code} for {url}")
        return resp
    raise InputError(f"paper download: more than {MAX_REDIRECTS} redirects from {url}")


def _fetch(sess: requests.Session, url: str, workdir: Path, limits: Limits) -> Path:
    resp = _open(sess, url, limits)
    with resp:
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype and ctype not in PDF_TYPES:
            raise InputError(f"paper URL did not return a PDF (content type {ctype}): {url}")
        cap = limits.max_download_bytes
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise InputError(f"paper is larger than the {cap} byte limit: {url}")
        workdir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(suffix=".pdf", dir=workdir)
        tmp = Path(name)
        try:
            _stream_to(resp, fd, cap, url)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    try:
        check_pdf_magic(tmp, url)
    except InputError:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _stream_to(resp: requests.Response, fd: int, cap: int, url: str) -> None:
    import requests

    total = 0
    with os.fdopen(fd, "wb") as out:
        try:
            for chunk in resp.iter_content(CHUNK):
                total += len(chunk)
                if total > cap:
                    raise InputError(f"paper is larger than the {cap} byte limit: {url}")
                out.write(chunk)
        except requests.RequestException as exc:
            raise InputError(f"paper download interrupted: {url}: {type(exc).__name__}") from exc
