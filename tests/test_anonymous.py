"""Anonymous repository links (anonymous.4open.science) against a local fake of its API."""

from __future__ import annotations

import json
import time

import pytest
from anonymous_fake import DATE, api_url, files_of, serve

from auditor.cli import main
from auditor.demo import demo_inputs
from auditor.errors import InputError
from auditor.limits import Limits
from auditor.sources.anonymous import ENV_API, anonymous_id, fetch_anonymous

LINK = "https://anonymous.4open.science/r/tinyproto-4F2A"


@pytest.fixture
def demo_files():
    repo, _paper = demo_inputs()
    from pathlib import Path

    return files_of(Path(repo))


def test_links_are_recognised():
    assert anonymous_id(LINK) == "tinyproto-4F2A"
    assert anonymous_id(LINK + "/README.md") == "tinyproto-4F2A"
    assert anonymous_id("https://github.com/a/b") is None
    assert anonymous_id("https://anonymous.4open.science/r/") is None


def test_copy_is_read_folder_by_folder(httpserver, tmp_path, demo_files):
    serve(httpserver, {"tinyproto-4F2A": demo_files | {"ckpt/model.pt": b"\0" * 100}})
    copy = fetch_anonymous(LINK, tmp_path / "c", Limits(), api=api_url(httpserver))
    got = {p.relative_to(copy.root).as_posix() for p in copy.root.rglob("*") if p.is_file()}
    assert got == set(demo_files)  # every text file, byte for byte
    assert (copy.root / "configs/wine.yaml").read_bytes() == demo_files["configs/wine.yaml"]
    assert [e.path for e in copy.listed] == ["ckpt/model.pt"]  # binary: listed, not fetched
    assert copy.date == DATE and copy.via == "listing"


def test_expired_and_not_ready_say_so_in_one_line(httpserver, tmp_path):
    serve(httpserver, {"old": "expired", "new": "not-ready"})
    api = api_url(httpserver)
    with pytest.raises(InputError, match="has expired or was removed") as exc:
        fetch_anonymous("https://anonymous.4open.science/r/old", tmp_path / "a", Limits(), api=api)
    assert "\n" not in str(exc.value)
    with pytest.raises(InputError, match="not ready yet"):
        fetch_anonymous("https://anonymous.4open.science/r/new", tmp_path / "b", Limits(), api=api)
    with pytest.raises(InputError, match="was not found"):
        fetch_anonymous("https://anonymous.4open.science/r/nope", tmp_path / "c", Limits(), api=api)


def test_never_ending_listing_is_bounded(httpserver, tmp_path):
    seen = serve(httpserver, {"deep": "endless"})
    limits = Limits(max_depth=6, max_files=1000)
    copy = fetch_anonymous(
        "https://anonymous.4open.science/r/deep", tmp_path / "d", limits, api=api_url(httpserver)
    )
    listings = [s for s in seen if "/files" in s]
    assert len(listings) == 7  # the root and six levels, then the depth bound stops it
    assert any("deeper than 6" in n for n in copy.notes)
    files = [p for p in copy.root.rglob("*") if p.is_file()]
    assert len(files) == 7


def test_never_ending_listing_is_bounded_in_time(httpserver, tmp_path):
    """An endless listing ends at the time limit or, on a fast machine, at the folder bound
    first; either way the fetch stops within a few seconds and says why."""
    serve(httpserver, {"deep": "endless"})
    limits = Limits(max_depth=10_000, max_files=200_000, clone_timeout=1.0)
    t0 = time.monotonic()
    try:
        copy = fetch_anonymous(
            "https://anonymous.4open.science/r/deep", tmp_path / "d", limits,
            api=api_url(httpserver),
        )  # fmt: skip
    except InputError as exc:
        assert "took longer than 1s" in str(exc)
    else:
        assert any("listing stopped after" in n for n in copy.notes), copy.notes
    assert time.monotonic() - t0 < 10


def test_hostile_listing_names_are_skipped(httpserver, tmp_path):
    from werkzeug.wrappers import Response

    listing = [
        {"name": "../escape.py", "path": "", "size": 3},
        {"name": "ok.py", "path": "", "size": 3},
        {"name": "other.py", "path": "elsewhere", "size": 3},
        {"name": "..", "path": ""},
    ]
    httpserver.expect_request("/api/repo/x/options").respond_with_json({"download": False})
    httpserver.expect_request("/api/repo/x/files").respond_with_json(listing)
    httpserver.expect_request("/api/repo/x/file/ok.py").respond_with_response(Response(b"x=1"))
    copy = fetch_anonymous(
        "https://anonymous.4open.science/r/x", tmp_path / "h", Limits(), api=api_url(httpserver)
    )
    assert [p.name for p in copy.root.rglob("*")] == ["ok.py"]
    assert not (tmp_path / "h" / "escape.py").exists()


def test_cli_audits_an_anonymous_link(httpserver, tmp_path, monkeypatch, demo_files, capsys):
    serve(httpserver, {"tinyproto-4F2A": demo_files})
    monkeypatch.setenv(ENV_API, api_url(httpserver))
    out = tmp_path / "out"
    code = main(["audit", "--repo", LINK, "--out", str(out), "-q", "--format", "json"])
    assert code == 0, capsys.readouterr().err
    report = json.loads((out / "report.json").read_text())
    repo = report["subject"]["repo"]
    assert repo["kind"] == "anonymised copy" and repo["commit"] is None
    assert repo["commit_date"] == DATE
    assert any("anonymised copy" in w and "no commit id" in w for w in report["warnings"])
    statuses = {f["check"]: f["status"] for c in report["checklists"] for f in c["findings"]}
    assert statuses["evaluation_code"] == "pass"  # the files really were read


def test_cli_expired_link_is_one_line_exit_2(httpserver, tmp_path, monkeypatch, capsys):
    serve(httpserver, {"gone": "expired"})
    monkeypatch.setenv(ENV_API, api_url(httpserver))
    link = "https://anonymous.4open.science/r/gone"
    assert main(["audit", "--repo", link, "--out", str(tmp_path / "o"), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("auditor: error: anonymous repository gone has expired")
    assert len(err.splitlines()) == 1
    assert main(["audit", "--repo", link, "--at", "2024-01-01", "-q"]) == 2
    assert "an anonymised copy has none" in capsys.readouterr().err


@pytest.mark.slow
def test_batch_csv_accepts_anonymous_links(httpserver, tmp_path, demo_files):
    import os
    import subprocess
    import sys

    serve(httpserver, {"tinyproto-4F2A": demo_files, "gone": "expired"})
    csv = tmp_path / "entries.csv"
    csv.write_text(f"id,repo\ngood,{LINK}\ngone,https://anonymous.4open.science/r/gone\n")
    out = tmp_path / "out"
    env = {**os.environ, ENV_API: api_url(httpserver)}  # a fresh process: its workers see it
    res = subprocess.run(
        [sys.executable, "-m", "auditor", "batch", str(csv), "--out", str(out), "-q", "-j", "1"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    rows = {r["id"]: r for r in map(json.loads, (out / "results.jsonl").read_text().splitlines())}
    assert rows["good"]["status"] == "ok"
    assert rows["gone"]["status"] == "failed" and "has expired" in rows["gone"]["message"]


def test_zip_route_is_used_where_the_instance_allows_it(httpserver, tmp_path, demo_files):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for path, data in demo_files.items():
            zf.writestr(path, data)
        zf.writestr("weights/big.bin", b"\0" * (3 * 1024 * 1024))
    base = "/api/repo/z"
    httpserver.expect_request(f"{base}/options").respond_with_json(
        {"download": True, "lastUpdateDate": DATE}
    )
    httpserver.expect_request(f"{base}/zip").respond_with_data(buf.getvalue())
    copy = fetch_anonymous(
        "https://anonymous.4open.science/r/z", tmp_path / "z", Limits(), api=api_url(httpserver)
    )
    assert copy.via == "zip"
    got = {p.relative_to(copy.root).as_posix() for p in copy.root.rglob("*") if p.is_file()}
    assert got == set(demo_files)
    assert [(e.path, e.size) for e in copy.listed] == [("weights/big.bin", 3 * 1024 * 1024)]
