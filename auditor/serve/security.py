"""Who is asking, CSRF tokens and the security headers every answer carries.

A browser holds one random cookie ``auditor_sid``. In multi-user mode the login form turns it
into a session (its SHA-256 is stored with the user name; the cookie is replaced at login);
scripts send ``Authorization: Bearer <token>`` instead. A form's CSRF token is an HMAC of the
cookie under a server secret kept in ``DATA/secret``. Without ``--users`` the one user is
``local`` (the server listens on loopback only).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auditor.serve.jobs import JobStore
from auditor.serve.users import LOCAL, User, Users

COOKIE = "auditor_sid"
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# a stored report: the renderer's own inline style, no script, no network, framed by us only
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'; sandbox"
)
HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}


def load_secret(data: Path) -> bytes:
    path = data / "secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(32))
    return path.read_bytes()


def digest(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class Auth:
    def __init__(self, secret: bytes, users: Users | None, store: JobStore) -> None:
        self.secret = secret
        self.users = users
        self.store = store

    def csrf_for(self, sid: str) -> str:
        return hmac.new(self.secret, f"csrf:{sid}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, request: Request, token: str) -> bool:
        if bearer(request) is not None:
            return True  # no ambient credential to forge
        sid = request.cookies.get(COOKIE, "")
        return bool(sid and token) and hmac.compare_digest(self.csrf_for(sid), token)

    def user(self, request: Request) -> User | None:
        if self.users is None:
            return User(LOCAL, admin=True)
        token = bearer(request)
        if token is not None:
            return self.users.authenticate(token)
        sid = request.cookies.get(COOKIE)
        if not sid or len(sid) > 200:
            return None
        name = self.store.session_user(digest(sid))
        return self.users.get(name) if name else None


def bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    if value[:7].lower() == "bearer ":
        return value[7:].strip()
    return None


def new_sid() -> str:
    return secrets.token_urlsafe(32)


class SecurityHeaders:
    """ASGI middleware: the headers above on every answer; the CSP unless the route set one."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for k, v in HEADERS.items():
                    if k.encode() not in names:
                        headers.append((k.encode(), v.encode()))
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                if b"x-frame-options" not in names:
                    headers.append((b"x-frame-options", b"DENY"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)
