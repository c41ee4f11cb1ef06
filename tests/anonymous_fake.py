"""A local stand-in for the anonymous.4open.science API (the routes of tdurieux/anonymous_github:
``/api/repo/<id>/options``, ``/files?path=``, ``/file/<path>``, ``/zip``), for pytest-httpserver.

``serve(httpserver, repos)`` answers for every repository in ``repos``: a dict of
``{path: bytes}`` (a ready copy), or one of the states ``"expired"``, ``"not-ready"``,
``"endless"`` (every folder lists one more folder and a file, forever).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from werkzeug.wrappers import Request, Response

DATE = "2024-05-17T09:30:00.000Z"
_ROUTE = re.compile(r"^/api/repo/([^/]+)/(options|files|zip|file/(.+))$")


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


def _listing(files: dict[str, bytes], folder: str) -> list[dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    prefix = f"{folder}/" if folder else ""
    for path, data in files.items():
        if not path.startswith(prefix):
            continue
        rest = path[len(prefix) :].split("/")
        if len(rest) == 1:
            out[rest[0]] = {"name": rest[0], "path": folder, "size": len(data), "sha": "0" * 8}
        else:
            out.setdefault(rest[0], {"name": rest[0], "path": folder})
    return list(out.values())


def _endless(kind: str, rest: str | None, folder: str) -> Response:
    if kind == "options":
        return _json({"url": None, "download": False, "lastUpdateDate": DATE})
    if kind == "files":
        return _json([
            {"name": "more", "path": folder},
            {"name": "notes.md", "path": folder, "size": 5, "sha": "1" * 8},
        ])  # fmt: skip
    return Response(b"notes", content_type="text/plain")


def handler(repos: dict[str, object], requests_seen: list[str]):  # type: ignore[no-untyped-def]
    def handle(request: Request) -> Response:
        requests_seen.append(request.full_path)
        m = _ROUTE.match(request.path)
        if not m or m.group(1) not in repos:
            return _json({"error": "repo_not_found"}, 404)
        state, kind, rest = repos[m.group(1)], m.group(2), m.group(3)
        kind = "file" if kind.startswith("file/") else kind
        folder = request.args.get("path", "")
        if state == "expired":
            return _json({"error": "repository_expired"}, 410)
        if state == "not-ready":
            return _json({"error": "repository_not_ready"}, 404)
        if state == "endless":
            return _endless(kind, rest, folder)
        assert isinstance(state, dict)
        if kind == "options":
            return _json({"url": None, "download": False, "lastUpdateDate": DATE})
        if kind == "zip":
            return _json({"error": "download_not_enabled"}, 403)
        if kind == "files":
            return _json(_listing(state, folder))
        if rest in state:
            return Response(state[rest], content_type="application/octet-stream")
        return _json({"error": "file_not_found"}, 404)

    return handle


def serve(httpserver, repos: dict[str, object]) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the API for ``repos`` on ``httpserver``; returns the list of paths requested."""
    seen: list[str] = []
    httpserver.expect_request(re.compile(r"^/api/.*")).respond_with_handler(handler(repos, seen))
    return seen


def api_url(httpserver) -> str:  # type: ignore[no-untyped-def]
    return httpserver.url_for("/api")
