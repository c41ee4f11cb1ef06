"""``--users users.toml``: names with hashed tokens, one of them the admin.

::

    [users.alice]
    token_hash = "scrypt$16384$8$1$<salt hex>$<hash hex>"   # auditor serve --hash-token
    admin = true

    [users.bob]
    token_hash = "..."

Tokens are never stored; a hash is scrypt (n=2^14, r=8, p=1) with a random 16-byte salt.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError

N, R, P = 2**14, 8, 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
LOCAL = "local"  # the one user of a loopback-only server without --users


def hash_token(token: str, salt: bytes | None = None, n: int = N, r: int = R, p: int = P) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(token.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def verify_token(token: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            token.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got.hex(), digest)


@dataclass(frozen=True)
class User:
    name: str
    admin: bool = False


class Users:
    """The user table of a multi-user server (verified tokens are remembered by digest)."""

    def __init__(self, hashes: dict[str, str], admins: set[str]) -> None:
        self._hashes = hashes
        self._admins = admins
        self._known: dict[str, str] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> User | None:
        return User(name, name in self._admins) if name in self._hashes else None

    def authenticate(self, token: str, name: str | None = None) -> User | None:
        """The user whose token this is (only ``name``'s, when given)."""
        if not token or len(token) > 1024:
            return None
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            known = self._known.get(key)
        if known is not None:
            return self.get(known) if name in (None, known) else None
        for user, stored in self._hashes.items():
            if name not in (None, user):
                continue
            if verify_token(token, stored):
                with self._lock:
                    self._known[key] = user
                return self.get(user)
        return None


def load_users(path: Path) -> Users:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"--users file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"--users {path}: not a readable TOML file ({exc})") from exc
    table = data.get("users")
    if not isinstance(table, dict) or not table:
        raise InputError(f"--users {path}: needs [users.<name>] tables with a token_hash")
    hashes: dict[str, str] = {}
    admins: set[str] = set()
    for name, spec in table.items():
        if not _NAME.match(name) or not isinstance(spec, dict):
            raise InputError(f"--users {path}: bad user {name!r}")
        h = spec.get("token_hash")
        if not isinstance(h, str) or not h.startswith("scrypt$") or h.count("$") != 5:
            raise InputError(
                f'--users {path}: user {name!r} needs token_hash = "scrypt$..." '
                "(make one with 'auditor serve --hash-token')"
            )
        hashes[name] = h
        if spec.get("admin") is True:
            admins.add(name)
    if len(admins) != 1:
        raise InputError(f"--users {path}: mark exactly one user admin = true ({len(admins)} are)")
    return Users(hashes, admins)
