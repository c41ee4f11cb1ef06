"""--paper resolution: local files, http(s) URLs (local server), arXiv ids, cache, limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from auditor.errors import InputError
from auditor.limits import Limits
from auditor.sources.paper import arxiv_id, resolve_paper

PDF = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 20 + b"%%EOF\n"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("2106.01345", "2106.01345"),
        ("2106.01345v2", "2106.01345v2"),
        ("arXiv:2106.01345", "2106.01345"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("https://arxiv.org/abs/2106.01345", "2106.01345"),
        ("https://arxiv.org/pdf/2106.01345v1.pdf", "2106.01345v1"),
        ("http://export.arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("paper.pdf", None),
        ("https://example.org/2106.01345.pdf", None),
    ],
)
def test_arxiv_ids(spec: str, expected: str | None) -> None:
    assert arxiv_id(spec) == expected


def test_local_pdf(tmp_path: Path) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(PDF)
    got = resolve_paper(str(path), tmp_path / "w", Limits(), cache_dir=tmp_path / "c")
    assert got.path == path and got.subject.source == str(path)
    assert got.subject.sha256 and len(got.subject.sha256) == 64


@pytest.mark.parametrize("content", [b"hello", b""])
def test_local_non_pdf_and_missing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "p.pdf"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a PDF"):
        resolve_paper(str(path), tmp_path, Limits())
    with pytest.raises(InputError, match="paper not found"):
        resolve_paper(str(tmp_path / "missing.pdf"), tmp_path, Limits())
    with pytest.raises(InputError, match="http or https"):
        resolve_paper("ftp://example.org/p.pdf", tmp_path, Limits())


def test_url_download_and_cache(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_oneshot_request("/paper.pdf").respond_with_data(
        PDF, content_type="application/pdf"
    )
    url = httpserver.url_for("/paper.pdf")
    first = resolve_paper(url, tmp_path / "w", Limits(), cache_dir=tmp_path / "c")
    assert first.path.read_bytes() == PDF and first.subject.source == url
    second = resolve_paper(url, tmp_path / "w", Limits(), cache_dir=tmp_path / "c")
    assert second.path == first.path  # served from the cache: the one-shot handler is spent
    assert len(httpserver.log) == 1


def test_arxiv_id_uses_base_url_and_redirects(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/pdf/2106.01345").respond_with_response(
        Response(status=302, headers={"Location": "/files/2106.01345.pdf"})
    )
    httpserver.expect_request("/files/2106.01345.pdf").respond_with_data(
        PDF, content_type="application/octet-stream"
    )
    got = resolve_paper(
        "2106.01345",
        tmp_path,
        Limits(),
        cache_dir=tmp_path / "c",
        arxiv_base=httpserver.url_for("/").rstrip("/"),
    )
    assert got.path.read_bytes() == PDF


def test_redirect_to_other_scheme_is_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/p.pdf").respond_with_response(
        Response(status=301, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(InputError, match="non-http"):
        resolve_paper(httpserver.url_for("/p.pdf"), tmp_path, Limits(), cache_dir=tmp_path / "c")


def test_content_type_and_magic_checked(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/html").respond_with_data("<html></html>", content_type="text/html")
    httpserver.expect_request("/fake.pdf").respond_with_data(
        b"<html>login</html>", content_type="application/pdf"
    )
    with pytest.raises(InputError, match="content type text/html"):
        resolve_paper(httpserver.url_for("/html"), tmp_path, Limits(), cache_dir=tmp_path / "c")
    with pytest.raises(InputError, match="not a PDF"):
        resolve_paper(httpserver.url_for("/fake.pdf"), tmp_path, Limits(), cache_dir=tmp_path / "c")
    assert not list((tmp_path / "c").glob("*")) if (tmp_path / "c").exists() else True


def test_size_cap_declared_and_streamed(httpserver: HTTPServer, tmp_path: Path) -> None:
    big = PDF + b"0" * 5000
    httpserver.expect_request("/big.pdf").respond_with_data(big, content_type="application/pdf")

    def chunks():
        yield PDF
        for _ in range(10):
            yield b"0" * 1000

    httpserver.expect_request("/stream.pdf").respond_with_response(
        Response(chunks(), content_type="application/pdf")  # no Content-Length
    )
    limits = Limits(max_download_bytes=2000)
    for name in ("/big.pdf", "/stream.pdf"):
        with pytest.raises(InputError, match="larger than the 2000 byte limit"):
            resolve_paper(httpserver.url_for(name), tmp_path, limits, cache_dir=tmp_path / "c")
    assert not list(tmp_path.glob("*.pdf"))  # partial downloads are removed


def test_http_errors_are_one_line(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/gone.pdf").respond_with_data("no", status=404)
    with pytest.raises(InputError, match="HTTP 404") as err:
        resolve_paper(httpserver.url_for("/gone.pdf"), tmp_path, Limits(), cache_dir=tmp_path / "c")
    assert "\n" not in str(err.value)
    with pytest.raises(InputError, match="download failed"):
        resolve_paper(
            "http://127.0.0.1:9/p.pdf",
            tmp_path,
            Limits(download_timeout=2),
            cache_dir=tmp_path / "c",
        )
