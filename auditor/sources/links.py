"""Live links (``--check-links``): is each link the evidence cites still there?

HEAD first, then a ranged GET where HEAD is refused; redirects are followed by hand and each
hop is checked against the scheme allow-list (and, unless allowed, private addresses); at most
``per_host`` requests run at once against one host, with ``min_interval`` seconds between their
starts; every request is bounded in time and bytes, and the whole check by a deadline.
Off by default: an audit never touches the network for links unless asked.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import ParseResult, urljoin, urlparse

from auditor.models import Durability, LinkCheck, LinkState
from auditor.version import __version__

log = logging.getLogger(__name__)

SCHEMES = ("http", "https")
REDIRECTS = (301, 302, 303, 307, 308)
# host suffix -> durability class; the first match wins
HOST_CLASSES: tuple[tuple[Durability, tuple[str, ...]], ...] = (
    ("archival", ("doi.org", "zenodo.org", "figshare.com", "osf.io", "datadryad.org",
                  "dataverse.org", "dataverse.harvard.edu", "archive.org",
                  "softwareheritage.org", "pangaea.de", "mendeley.com")),
    ("personal", ("drive.google.com", "docs.google.com", "dropbox.com",
                  "dropboxusercontent.com", "pan.baidu.com", "yun.baidu.com", "baidu.com",
                  "onedrive.live.com", "1drv.ms", "sharepoint.com", "mega.nz", "mega.co.nz",
                  "box.com", "yadi.sk", "disk.yandex.ru", "disk.yandex.com", "weiyun.com",
                  "mediafire.com")),
    ("platform", ("huggingface.co", "hf.co", "github.com", "githubusercontent.com",
                  "gitlab.com", "bitbucket.org", "kaggle.com", "tfhub.dev", "modelscope.cn",
                  "pytorch.org", "dl.fbaipublicfiles.com", "storage.googleapis.com",
                  "amazonaws.com", "blob.core.windows.net")),
)  # fmt: skip


@dataclass(frozen=True)
class LinkOptions:
    timeout: float = 10.0  # seconds for one request (connect, then each read)
    total_timeout: float = 120.0  # seconds for the whole link check
    max_bytes: int = 64 * 1024  # bytes read from a ranged GET
    max_links: int = 200  # links checked per audit (the rest are reported as not checked)
    per_host: int = 2  # concurrent requests to one host
    min_interval: float = 0.25  # seconds between request starts on one host
    workers: int = 8  # concurrent requests overall
    max_redirects: int = 5
    allow_private: bool = False  # loopback/private addresses (tests use 127.0.0.1)


class Refused(Exception):
    """A link auditor will not follow (scheme, private address, too many redirects)."""


class OutOfTime(Exception):
    pass


def parse_url(url: str) -> ParseResult | None:
    """``urlparse``, or None for text that is no parseable URL (``gs://[your-address]``,
    ``http://[host``): placeholders in READMEs and hostile links must not raise."""
    try:
        return urlparse(url)
    except ValueError:
        return None


def durability(url: str) -> Durability:
    parsed = parse_url(url)
    host = ((parsed.hostname if parsed else None) or "").lower()
    for cls, suffixes in HOST_CLASSES:
        if any(host == s or host.endswith("." + s) for s in suffixes):
            return cls
    return "other"


def state_of(status: int) -> LinkState:
    if 200 <= status < 300 or status == 416:  # 416: the range is past the end, the file exists
        return "alive"
    if status in (404, 410):
        return "dead"
    if status in (401, 403, 451):
        return "forbidden"
    return "unreachable"


class HostGate:
    """Per-host concurrency cap and rate limit, shared by the worker threads."""

    def __init__(self, per_host: int, min_interval: float, deadline: float) -> None:
        self._per_host = max(1, per_host)
        self._interval = min_interval
        self._deadline = deadline
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            sem = self._sems.setdefault(host, threading.BoundedSemaphore(self._per_host))
        if not sem.acquire(timeout=max(0.0, self._deadline - time.monotonic())):
            raise OutOfTime("the link-check time budget ran out")
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, 0.0))
                self._next[host] = start + self._interval
            if start > self._deadline:
                raise OutOfTime("the link-check time budget ran out")
            time.sleep(max(0.0, start - now))
            yield
        finally:
            sem.release()


def refuse_reason(url: str, allow_private: bool) -> str | None:
    """Why a URL is not requested, or None."""
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError:
        return "not a valid URL"
    if parsed.scheme.lower() not in SCHEMES:
        return f"scheme {parsed.scheme or '(none)'!r} is not followed (only http, https)"
    host = parsed.hostname
    if not host:
        return "no host"
    if allow_private:
        return None
    try:
        infos = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except OSError:
        return None  # let the request report the DNS failure as unreachable
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not addr.is_global:
            return f"{host} resolves to a non-public address ({addr})"
    return None


def _request(session: Any, method: str, url: str, opts: LinkOptions) -> tuple[int, str | None]:
    headers = {"User-Agent": f"auditor/{__version__} (link check)", "Accept-Encoding": "identity"}
    if method == "GET":
        headers["Range"] = f"bytes=0-{opts.max_bytes - 1}"
    resp = session.request(
        method, url, headers=headers, allow_redirects=False, stream=True,
        timeout=(opts.timeout, opts.timeout),
    )  # fmt: skip
    try:
        if method == "GET":
            got = 0
            for chunk in resp.iter_content(8192):
                got += len(chunk)
                if got >= opts.max_bytes:
                    break
        return int(resp.status_code), resp.headers.get("Location")
    finally:
        resp.close()


def _follow(
    session: Any, method: str, url: str, opts: LinkOptions, gate: HostGate
) -> tuple[int, str]:
    """(final status, final URL), each redirect hop checked before it is requested."""
    for _ in range(opts.max_redirects + 1):
        problem = refuse_reason(url, opts.allow_private)
        if problem:
            raise Refused(problem)
        with gate.slot((urlparse(url).hostname or "").lower()):
            status, location = _request(session, method, url, opts)
        if status not in REDIRECTS or not location:
            return status, url
        url = urljoin(url, location)
    raise Refused(f"more than {opts.max_redirects} redirects")


def check_one(session: Any, url: str, opts: LinkOptions, gate: HostGate) -> LinkCheck:
    import requests

    kind = durability(url)
    try:
        status, final = _follow(session, "HEAD", url, opts, gate)
        if not 200 <= status < 300:  # HEAD refused or unreliable: ask for the first bytes
            status, final = _follow(session, "GET", url, opts, gate)
    except (Refused, OutOfTime) as exc:
        return LinkCheck(url=url, state="unreachable", durability=kind, detail=str(exc))
    except requests.RequestException as exc:
        detail = f"{type(exc).__name__}: {str(exc)[:160]}"
        return LinkCheck(url=url, state="unreachable", durability=kind, detail=detail)
    return LinkCheck(
        url=url, state=state_of(status), http_status=status,
        final_url=final if final != url else None,
        durability=durability(final) if kind == "other" else kind,
    )  # fmt: skip


def check_links(
    urls: Sequence[str], opts: LinkOptions | None = None, session: Any = None
) -> dict[str, LinkCheck]:
    """Check each distinct URL (at most ``opts.max_links``) -> its LinkCheck."""
    import requests

    opts = opts or LinkOptions()
    todo = list(dict.fromkeys(urls))[: opts.max_links]
    deadline = time.monotonic() + opts.total_timeout
    gate = HostGate(opts.per_host, opts.min_interval, deadline)
    own = session is None
    session = session or requests.Session()
    out: dict[str, LinkCheck] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, opts.workers), thread_name_prefix="links")
    try:
        futures = {pool.submit(check_one, session, u, opts, gate): u for u in todo}
        wait(futures, timeout=opts.total_timeout + opts.timeout)
        for fut, url in futures.items():
            if fut.done() and fut.exception() is None:
                out[url] = fut.result()
            else:
                detail = "not checked in time" if not fut.done() else repr(fut.exception())[:160]
                out[url] = LinkCheck(url=url, state="unreachable", detail=detail,
                                     durability=durability(url))  # fmt: skip
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if own:
            session.close()
    log.debug("checked %d links", len(out))
    return out
