"""What a web user may name as code or paper: URLs only (never a path on the server), schemes
from the CLI's allow-list minus ``file``, and in multi-user mode no host that resolves to a
loopback, private, link-local or otherwise non-public address (no server-side request forgery
into the host's network) unless ``--allow-private-urls``."""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from urllib.parse import urlsplit

from auditor.errors import InputError
from auditor.sources.anonymous import anonymous_id
from auditor.sources.gitops import ALLOWED_SCHEMES, check_url
from auditor.sources.paper import arxiv_id

REPO_SCHEMES = tuple(s for s in ALLOWED_SCHEMES if s != "file")
_SCP = re.compile(r"^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):[^/\\].*$")
RESOLVE_TIMEOUT = 5.0
MAX_URL = 2000


def _host(url: str) -> str:
    m = _SCP.match(url)
    if m:
        return m.group(1)
    try:
        return urlsplit(url).hostname or ""
    except ValueError as exc:
        raise InputError(f"refusing URL {url[:200]!r}: it cannot be parsed") from exc


def _addresses(host: str) -> list[str]:
    """The host's addresses (a literal address is its own), resolved with a time bound."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    found: list[str] = []
    failed: list[BaseException] = []

    def look() -> None:
        try:
            found.extend(str(ai[4][0]) for ai in socket.getaddrinfo(host, None))
        except (OSError, UnicodeError) as exc:
            failed.append(exc)

    t = threading.Thread(target=look, daemon=True)
    t.start()
    t.join(RESOLVE_TIMEOUT)
    if t.is_alive() or failed or not found:
        raise InputError(f"refusing URL: its host {host!r} cannot be resolved")
    return found


def check_public(url: str) -> None:
    host = _host(url)
    if not host:
        raise InputError(f"refusing URL {url[:200]!r}: it names no host")
    for addr in _addresses(host):
        ip = ipaddress.ip_address(addr.split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise InputError(
                f"refusing URL {url[:200]!r}: its host {host} is a loopback, private or "
                "link-local address (this server does not fetch from its own network; the "
                "operator can allow it with --allow-private-urls)"
            )


def _scheme(spec: str) -> str:
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", spec)
    if m is None:
        raise InputError(
            f"refusing code {spec[:200]!r}: give a git URL ({', '.join(REPO_SCHEMES)}) or an "
            "anonymous.4open.science link (paths on the server are not accepted)"
        )
    return m.group(1).lower()


def check_repo_url(spec: str, public_only: bool) -> str:
    spec = spec.strip()
    if len(spec) > MAX_URL:
        raise InputError("refusing code URL: it is too long")
    if anonymous_id(spec) is not None:
        return spec  # fetched from the operator's configured API base, not a user-chosen host
    scheme = "ssh" if _SCP.match(spec) else _scheme(spec)
    if scheme not in REPO_SCHEMES:
        raise InputError(
            f"unsupported URL scheme {scheme!r} in {spec[:200]!r} (allowed: {', '.join(REPO_SCHEMES)})"
        )
    if not _SCP.match(spec) and not spec.lower().startswith(scheme + "://"):
        raise InputError(f"refusing code URL {spec[:200]!r}: expected {scheme}://host/path")
    check_url(spec)
    if public_only:
        check_public(spec)
    return spec


def check_paper_url(spec: str, public_only: bool) -> str:
    spec = spec.strip()
    if len(spec) > MAX_URL:
        raise InputError("refusing paper URL: it is too long")
    if arxiv_id(spec) is not None:
        return spec
    if not re.match(r"^https?://", spec, re.I):
        raise InputError(
            f"refusing paper {spec[:200]!r}: give an http(s) URL of a PDF or an arXiv id"
        )
    if any(c in spec for c in "\n\r\0 "):
        raise InputError("refusing paper URL: it contains whitespace or control characters")
    if public_only:
        check_public(spec)
    return spec
