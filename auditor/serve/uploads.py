"""Reading a submission's multipart body as it streams in, with caps.

Files go straight to ``DATA/uploads/<random>.<type>`` (never a name from the request; the
client's file name is kept only as a display label). A file over the cap is deleted at once
and the request answered 413; the rest of the body is read and dropped (up to a bound) so the
client gets the answer. The CSRF field must come before any file part: a form without a valid
one never writes a byte.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO, Any

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from auditor.sources.archive import ARCHIVE_SUFFIXES

FILE_FIELDS = {"paper_file": "paper", "code_file": "code"}
MAX_FIELDS = 40
MAX_FIELD_BYTES = 10_000
DRAIN_LIMIT = 256 * 1024 * 1024  # bytes of an over-cap body read and dropped, then we hang up


class UploadError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Upload:
    kind: str  # "paper" or "code"
    path: Path
    label: str  # the client's file name, for display only
    size: int = 0


@dataclass
class Form:
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str) -> str:
        values = self.fields.get(name) or [""]
        return values[0].strip()

    def getlist(self, name: str) -> list[str]:
        return [v.strip() for v in self.fields.get(name, []) if v.strip()]


def display_label(filename: str) -> str:
    """The last path component of a client's file name, printable, at most 100 characters."""
    name = PureWindowsPath(PurePosixPath(filename).name).name
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:100] or "upload"


def code_suffix(label: str) -> str | None:
    low = label.lower()
    return next(
        (s for s in sorted(ARCHIVE_SUFFIXES, key=len, reverse=True) if low.endswith(s)), None
    )


class _Parser:
    """python-multipart callbacks writing file parts to disk under the caps."""

    def __init__(self, folder: Path, cap: int, csrf_ok: Callable[[str], bool]) -> None:
        self.folder, self.cap, self.csrf_ok = folder, cap, csrf_ok
        self.form = Form()
        self.error: UploadError | None = None
        self._hname = b""
        self._hvalue = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._value = bytearray()
        self._file: IO[bytes] | None = None
        self._upload: Upload | None = None
        self._count = 0

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda d, s, e: setattr(self, "_hname", self._hname + d[s:e]),
            "on_header_value": lambda d, s, e: setattr(self, "_hvalue", self._hvalue + d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_done,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def fail(self, status: int, message: str) -> None:
        if self.error is None:
            self.error = UploadError(status, message)
        self._drop()

    def _begin(self) -> None:
        self._headers, self._name, self._value, self._upload = {}, "", bytearray(), None
        self._count += 1
        if self._count > MAX_FIELDS:
            self.fail(400, f"the form has more than {MAX_FIELDS} fields")

    def _header_end(self) -> None:
        self._headers[self._hname.lower()] = self._hvalue
        self._hname = self._hvalue = b""

    def _headers_done(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        if filename is None or self.error is not None:
            return
        kind = FILE_FIELDS.get(self._name)
        if kind is None:
            self.fail(400, f"unexpected file field {self._name[:40]!r}")
            return
        if not self.csrf_ok(self.form.get("csrf")):
            self.fail(403, "the form's CSRF token is missing or wrong; reload the page")
            return
        label = display_label(filename.decode("utf-8", "replace")) if filename else ""
        if not label or not filename:
            return  # an empty file input
        suffix = ".pdf" if kind == "paper" else code_suffix(label)
        if suffix is None:
            self.fail(400, "code upload must be .zip, .tar, .tar.gz, .tgz, .tar.bz2 or .tar.xz")
            return
        path = self.folder / f"{secrets.token_hex(16)}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._upload = Upload(kind, path, label)

    def _data(self, data: bytes, start: int, end: int) -> None:
        if self.error is not None:
            return
        chunk = data[start:end]
        if self._upload is None:
            if self._upload is None and len(self._value) + len(chunk) > MAX_FIELD_BYTES:
                self.fail(413, f"a form field is longer than {MAX_FIELD_BYTES} bytes")
                return
            self._value += chunk
            return
        self._upload.size += len(chunk)
        if self._upload.size > self.cap:
            self.fail(413, f"an uploaded file is larger than {self.cap // 2**20} MB")
            return
        assert self._file is not None
        self._file.write(chunk)

    def _end(self) -> None:
        if self.error is not None:
            return
        if self._upload is not None:
            assert self._file is not None
            self._file.close()
            self._file = None
            if self._upload.size == 0:
                self._upload.path.unlink(missing_ok=True)
            elif self._upload.kind in self.form.files:
                self._upload.path.unlink(missing_ok=True)
                self.fail(400, f"more than one {self._upload.kind} file")
            else:
                self.form.files[self._upload.kind] = self._upload
            self._upload = None
        elif self._name:
            self.form.fields.setdefault(self._name, []).append(
                self._value.decode("utf-8", "replace")
            )

    def _drop(self) -> None:
        """Remove every file of this request (on any error)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._upload is not None:
            self._upload.path.unlink(missing_ok=True)
            self._upload = None
        for up in self.form.files.values():
            up.path.unlink(missing_ok=True)
        self.form.files.clear()


async def read_form(
    request: Request, folder: Path, cap: int, csrf_ok: Callable[[str], bool]
) -> Form:
    """The submission's fields and files; raises UploadError (nothing left on disk)."""
    ctype, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise UploadError(400, "expected a multipart/form-data form")
    total_cap = 2 * cap + 1024 * 1024
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > total_cap:
        raise UploadError(413, f"the upload is larger than {total_cap // 2**20} MB")
    folder.mkdir(parents=True, exist_ok=True)
    p = _Parser(folder, cap, csrf_ok)
    parser = MultipartParser(boundary, p.callbacks())
    seen = 0
    try:
        async for chunk in request.stream():
            seen += len(chunk)
            if p.error is None and seen > total_cap:
                p.fail(413, f"the upload is larger than {total_cap // 2**20} MB")
            if p.error is not None:
                if seen > DRAIN_LIMIT:
                    break
                continue
            parser.write(chunk)
        if p.error is None:
            parser.finalize()
    except Exception as exc:  # a malformed body: python-multipart's parse errors
        p.fail(400, f"malformed form data ({type(exc).__name__})")
    if p.error is not None:
        p._drop()
        raise p.error
    return p.form
