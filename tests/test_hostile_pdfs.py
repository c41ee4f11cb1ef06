"""Hostile PDFs built byte by byte: zero pages, a page with millions of drawing operators,
deeply nested objects, and a server that never answers. Each ends in a report or one line
with exit 2, within the configured time."""

from __future__ import annotations

import json
import time
import zlib
from pathlib import Path

import pytest
from conftest import run_cli
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF whose object N (1-based) is ``objects[N-1]``; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes) -> bytes:
    packed = zlib.compress(data, 9)
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


def zero_pages() -> bytes:
    return build_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def one_page(content: bytes, extra: list[bytes] | None = None) -> bytes:
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            *(extra or []),
        ]
    )


TEXT = b"".join(
    b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (720 - 14 * i, line)
    for i, line in enumerate([
        b"We train the network with Adam, a learning rate of 0.001 and a batch size",
        b"of 64 for 100 epochs. Results are averaged over 5 random seeds and reported",
        b"as mean and standard deviation. Training takes 3 hours on one V100 GPU.",
    ])
)  # fmt: skip


def millions_of_operators() -> bytes:
    ops = b"0 0 m 1 1 l S\n" * 1_000_000  # 3 million operators, 14 MB inflated, ~30 KB on disk
    return one_page(TEXT + ops)


def deeply_nested() -> bytes:
    depth = 50_000
    nested = b"[" * depth + b"]" * depth
    return one_page(TEXT, extra=[b"<< /Deep " + nested + b" >>"])


def _check(rc: int, err: str, out: Path, readable: bool) -> None:
    if rc == 0:
        report = json.loads((out / "report.json").read_text())
        assert report["subject"]["paper"] is not None
        seeds = [f for c in report["checklists"] for f in c["findings"] if f["check"] == "seeds"]
        # the text beside the hostile content is still read and judged
        assert seeds and seeds[0]["status"] == ("pass" if readable else "unknown")
    else:
        assert err.startswith("auditor: error:")
        assert not (out / "report.json").exists()


@pytest.mark.parametrize(
    "name,make,readable",
    [("zero-pages", zero_pages, False), ("operators", millions_of_operators, True),
     ("nested", deeply_nested, True)],
)  # fmt: skip
def test_hostile_pdf_files(sandbox: Path, capsys, name: str, make, readable: bool) -> None:
    pdf = sandbox / f"{name}.pdf"
    pdf.write_bytes(make())
    out = sandbox / "out"
    started = time.monotonic()
    rc, err = run_cli(
        ["audit", "--paper", str(pdf), "--out", str(out), "-q", "--timeout", "60"], capsys
    )
    assert time.monotonic() - started < 65
    _check(rc, err, out, readable)


def test_zero_pages_is_a_clear_error_or_unknown(sandbox: Path, capsys) -> None:
    pdf = sandbox / "zero.pdf"
    pdf.write_bytes(zero_pages())
    out = sandbox / "out"
    rc, err = run_cli(["audit", "--paper", str(pdf), "--out", str(out), "-q"], capsys)
    if rc == 0:
        report = json.loads((out / "report.json").read_text())
        statuses = {f["status"] for c in report["checklists"] for f in c["findings"]}
        assert statuses <= {"unknown", "not_applicable"}, statuses
    else:
        assert "page" in err.lower() or "pdf" in err.lower()


def test_a_server_that_never_answers_times_out(sandbox: Path, capsys, httpserver: HTTPServer):
    def stall(request: Request) -> Response:
        time.sleep(3)
        return Response(b"%PDF-1.4\n", content_type="application/pdf")

    httpserver.expect_request("/slow.pdf").respond_with_handler(stall)
    out = sandbox / "out"
    started = time.monotonic()
    rc, err = run_cli(
        ["audit", "--paper", httpserver.url_for("/slow.pdf"), "--out", str(out), "-q",
         "--download-timeout", "1"],
        capsys,
    )  # fmt: skip
    assert time.monotonic() - started < 3
    assert rc == 2
    assert "time" in err.lower()
