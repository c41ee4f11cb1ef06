"""``auditor serve``: the command line of the web app (``auditor.serve``, the ``serve`` extra)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from auditor.cli.options import EXIT_OK, Parser, add_limits, limits_from
from auditor.errors import InputError
from auditor.limits import MiB

EXTRA_HINT = "auditor serve needs the serve extra: pip install 'auditor[serve]'"


def add_serve_parser(sub, common: Parser) -> None:  # type: ignore[no-untyped-def]
    s = sub.add_parser(
        "serve",
        help="web app: reviewers drop a paper and its code and read the report",
        description=(
            "Serve the web app: a submit page (paper PDF / URL / arXiv id and code archive / git "
            "URL / anonymous repository link), job pages with the report, notes for the review "
            "and downloads, and each user's history. Jobs run in worker processes like "
            "'auditor batch' and survive a restart (DATA/serve.sqlite). Without --users the "
            "server listens on loopback only."
        ),
        parents=[common],
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument(
        "--data", default="auditor-data", metavar="DIR",
        help="jobs database, uploads and reports (default ./auditor-data)",
    )  # fmt: skip
    s.add_argument(
        "--users", metavar="TOML",
        help="multi-user mode: users.toml with [users.<name>] token_hash = ... (one admin = true)",
    )  # fmt: skip
    s.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="audits at once (1)")
    s.add_argument(
        "--max-upload-mb", type=float, default=100.0, metavar="MB",
        help="largest uploaded file, paper or code archive (100)",
    )  # fmt: skip
    s.add_argument(
        "--max-queued", type=int, default=10, metavar="N",
        help="jobs one user may have waiting or running at once (10)",
    )  # fmt: skip
    s.add_argument(
        "--allow-private-urls", action="store_true",
        help="multi-user mode: allow URLs on loopback/private/link-local hosts (a lab git server)",
    )  # fmt: skip
    s.add_argument(
        "--hash-token", action="store_true",
        help="read a token on stdin, print its token_hash line for users.toml, and exit",
    )  # fmt: skip
    add_limits(s)


def run_serve_command(args: argparse.Namespace) -> int:
    if args.hash_token:
        return _hash_token()
    try:
        import uvicorn

        from auditor.serve.app import create_app
        from auditor.serve.config import ServeConfig, check_config
    except ImportError as exc:
        raise InputError(f"{EXTRA_HINT} ({exc.name} is missing)") from exc
    if args.max_upload_mb <= 0:
        raise InputError("--max-upload-mb must be a positive number")
    cfg = ServeConfig(
        data=Path(args.data).expanduser().resolve(),
        host=args.host,
        port=args.port,
        users_file=Path(args.users) if args.users else None,
        jobs=args.jobs,
        max_upload_bytes=int(args.max_upload_mb * MiB),
        max_queued=args.max_queued,
        allow_private_urls=args.allow_private_urls,
        limits=limits_from(args),
    )
    check_config(cfg)
    # downloaded papers are cached inside --data, never in the user's home
    os.environ["XDG_CACHE_HOME"] = str(cfg.data / "cache")
    app = create_app(cfg)
    mode = f"{args.users} users" if cfg.multi_user else "single user, loopback only"
    print(
        f"auditor serve: http://{cfg.host}:{cfg.port} ({mode}; data in {cfg.data}; "
        f"{cfg.jobs} job(s) at once)",
        file=sys.stderr,
        flush=True,
    )
    uvicorn.run(app, host=cfg.host, port=cfg.port, log_level="warning", access_log=False)
    return EXIT_OK


def _hash_token() -> int:
    from auditor.serve.users import hash_token

    token = sys.stdin.readline().strip()
    if len(token) < 16:
        raise InputError(
            'a token needs at least 16 characters (e.g. python -c "import secrets; print(secrets.token_urlsafe(24))")'
        )
    print(f'token_hash = "{hash_token(token)}"')
    return EXIT_OK
