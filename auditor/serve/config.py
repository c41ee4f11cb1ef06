"""The server's settings, checked once at start-up."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import InputError
from auditor.limits import DEFAULT_LIMITS, Limits, MiB

LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


@dataclass(frozen=True)
class ServeConfig:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8000
    users_file: Path | None = None
    jobs: int = 1
    max_upload_bytes: int = 100 * MiB  # one uploaded file (paper or code archive)
    max_queued: int = 10  # a user's jobs waiting or running at once
    allow_private_urls: bool = False
    limits: Limits = field(default=DEFAULT_LIMITS)

    @property
    def multi_user(self) -> bool:
        return self.users_file is not None


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_config(cfg: ServeConfig) -> None:
    """Refuse settings that would expose an unauthenticated server, in one line."""
    if not cfg.multi_user and not is_loopback_host(cfg.host):
        raise InputError(
            f"refusing --host {cfg.host}: without --users anyone who can reach the server could "
            "use it, so it binds to loopback only (give --users users.toml to serve others)"
        )
    if not 0 < cfg.port < 65536:
        raise InputError(f"--port must be 1-65535, got {cfg.port}")
    if cfg.jobs < 1:
        raise InputError("--jobs must be at least 1")
    if cfg.max_queued < 1:
        raise InputError("--max-queued must be at least 1")
    if cfg.data.exists() and not cfg.data.is_dir():
        raise InputError(f"--data {cfg.data} exists and is not a folder")
