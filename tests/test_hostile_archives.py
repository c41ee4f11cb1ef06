"""Hostile archives (issue 5): bombs, path tricks, links, devices, floods, deep and odd names.
Each ends in a report that says what was skipped, or exit 2 with one line; nothing is written
outside the output folder."""

from __future__ import annotations

import io
import json
import os
import struct
import tarfile
import time
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli, snapshot

README = "# Supplement\n\nRun `python train.py`.\n"
TRAIN = "import torch\n\nopt = torch.optim.SGD([], lr=0.1)\nopt.step()\n"
CL = ["--checklist", "ml-code-completeness"]


def audit_archive(sandbox: Path, archive: Path, capsys, *extra: str) -> tuple[int, str, dict]:
    out = sandbox / "out"
    before = {k: v for k, v in snapshot(sandbox).items() if not k.startswith(("out", "tmp"))}
    t0 = time.perf_counter()
    rc, err = run_cli(
        ["audit", "--repo", str(archive), "--out", str(out), "-q", *CL, *extra], capsys
    )
    assert time.perf_counter() - t0 < 60
    after = {k: v for k, v in snapshot(sandbox).items() if not k.startswith(("out", "tmp"))}
    assert after == before, "files outside the output folder changed"
    report = json.loads((out / "report.json").read_text()) if rc == 0 else {}
    if rc != 0:
        assert not out.exists()
    return rc, err, report


def notes(report: dict) -> str:
    return " ".join(report["warnings"])


def status(report: dict, check: str) -> str:
    return next(f["status"] for f in report["checklists"][0]["findings"] if f["check"] == check)


def tar_bytes(members: list[tuple[tarfile.TarInfo, bytes | None]], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    return buf.getvalue()


def reg(name: str, data: bytes) -> tuple[tarfile.TarInfo, bytes]:
    return tarfile.TarInfo(name), data


def special(name: str, kind: bytes, target: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    if kind in (tarfile.CHRTYPE, tarfile.BLKTYPE):
        info.devmajor, info.devminor = 1, 3
    return info, None


# ------------------------------------------------------------------------------- bombs
def test_zip_bomb_high_ratio_member_is_skipped(sandbox: Path, capsys) -> None:
    path = sandbox / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("README.md", README)
        zf.writestr("train.py", TRAIN)
        zf.writestr("data/zeros.bin", b"\0" * (20 << 20))  # 20 MiB in ~20 KiB
    assert path.stat().st_size < 200_000
    rc, _, report = audit_archive(sandbox, path, capsys)
    assert rc == 0
    assert "compression ratio" in notes(report)
    assert status(report, "training_code") == "pass"  # the rest was audited


def _lie_about_sizes(data: bytes, size: int) -> bytes:
    """Rewrite every central-directory entry's uncompressed size."""
    out = bytearray(data)
    pos = out.find(b"PK\1\2")
    while pos != -1:
        struct.pack_into("<I", out, pos + 24, size)
        pos = out.find(b"PK\1\2", pos + 4)
    return bytes(out)


def test_zip_bomb_huge_declared_total_is_refused(sandbox: Path, capsys) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for i in range(6):
            zf.writestr(f"part{i}.bin", b"x")
    path = sandbox / "huge.zip"
    path.write_bytes(_lie_about_sizes(buf.getvalue(), 0xFFFFFFF0))  # 6 x 4 GiB declared
    rc, err, _ = audit_archive(sandbox, path, capsys)
    assert rc == 2 and "archive bomb" in err


def test_total_extracted_cap_is_enforced(sandbox: Path, capsys) -> None:
    path = sandbox / "big.tar.gz"
    rnd = os.urandom(700_000)  # incompressible, so the ratio check does not fire
    path.write_bytes(tar_bytes([reg("README.md", README.encode())] + [
        reg(f"data/chunk{i}.txt", rnd) for i in range(3)
    ]))  # fmt: skip
    rc, err, _ = audit_archive(sandbox, path, capsys, "--max-extracted-mb", "1")
    assert rc == 2 and "1 MiB" in err and "bomb" in err


# ------------------------------------------------------------------------------- paths
def test_dotdot_and_absolute_entries_are_skipped(sandbox: Path, capsys) -> None:
    escape = "../" * 30 + str(sandbox).lstrip("/")
    zpath = sandbox / "paths.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("README.md", README)
        zf.writestr(f"{escape}/pwned-rel.txt", "x")
        zf.writestr(f"{sandbox}/pwned-abs.txt", "x")
        zf.writestr("ok/../../pwned-mid.txt", "x")
        zf.writestr("C:\\pwned-win.txt", "x")
        zf.writestr("..\\..\\pwned-backslash.txt", "x")
    rc, _, report = audit_archive(sandbox, zpath, capsys)
    assert rc == 0
    assert "skipped 5 unsafe" in notes(report)
    tpath = sandbox / "paths.tar.gz"
    tpath.write_bytes(tar_bytes([
        reg("README.md", README.encode()),
        reg(f"{escape}/pwned-rel2.txt", b"x"),
        reg(f"{sandbox}/pwned-abs2.txt", b"x"),
    ]))  # fmt: skip
    rc, _, report = audit_archive(sandbox, tpath, capsys)
    assert rc == 0 and "skipped 2 unsafe" in notes(report)


def test_links_and_devices_are_skipped(sandbox: Path, capsys) -> None:
    path = sandbox / "links.tar"
    path.write_bytes(tar_bytes([
        special("README.md", tarfile.SYMTYPE, "/etc/passwd"),
        special("docs/README.md", tarfile.LNKTYPE, "/etc/passwd"),
        special("escape", tarfile.SYMTYPE, "../../../.."),
        reg("escape/pwned.txt", b"through the link"),
        special("dev/null-ish", tarfile.CHRTYPE),
        special("dev/disk", tarfile.BLKTYPE),
        special("dev/pipe", tarfile.FIFOTYPE),
        reg("train.py", TRAIN.encode()),
    ], mode="w"))  # fmt: skip
    rc, _, report = audit_archive(sandbox, path, capsys)
    assert rc == 0
    assert "skipped 6 unsafe" in notes(report)
    dumped = json.dumps(report)
    assert "root:x:0:0" not in dumped and "through the link" not in dumped
    assert status(report, "results") == "fail"  # no README: the linked one was not followed


def test_zip_symlink_entry_is_skipped(sandbox: Path, capsys) -> None:
    path = sandbox / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("README.md")
        info.create_system = 3
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
        zf.writestr("train.py", TRAIN)
    rc, _, report = audit_archive(sandbox, path, capsys)
    assert rc == 0 and "skipped 1 unsafe" in notes(report)
    assert "root:x:0:0" not in json.dumps(report)


# ------------------------------------------------------------------------------- floods
def _many(path: Path, n: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(n):
            zf.writestr(f"f/{i}.txt", b"")


def test_member_cap_gives_a_clear_error(sandbox: Path, capsys) -> None:
    path = sandbox / "many.zip"
    _many(path, 1_500)
    rc, err, _ = audit_archive(sandbox, path, capsys, "--max-archive-members", "1000")
    assert rc == 2 and "more than 1000 entries" in err and "--max-archive-members" in err
    rc, _, report = audit_archive(sandbox, path, capsys, "--max-archive-members", "2000")
    assert rc == 0


@pytest.mark.slow
def test_real_100k_entry_zip_hits_the_default_cap(sandbox: Path, capsys) -> None:
    path = sandbox / "flood.zip"
    _many(path, 100_001)
    rc, err, _ = audit_archive(sandbox, path, capsys)
    assert rc == 2 and "more than 100000 entries" in err


def test_deep_folders(sandbox: Path, capsys) -> None:
    path = sandbox / "deep.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("README.md", README)
        zf.writestr("d/" * 40 + "train.py", TRAIN)  # deep but allowed
        zf.writestr("d/" * 200 + "pwned.py", "x")  # beyond --max-depth
        zf.writestr("n" * 300 + "/x.py", "x")  # a name longer than the file system allows
    rc, err, report = audit_archive(sandbox, path, capsys)
    if rc == 0:
        assert "skipped" in notes(report)
        assert status(report, "training_code") == "pass"
    else:
        assert "archive" in err


def test_duplicate_names_differing_in_case(sandbox: Path, capsys) -> None:
    path = sandbox / "dups.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("README.md", README)
        zf.writestr("readme.md", "# second\n")
        zf.writestr("Readme.MD", "# third\n")
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("README.md", "# exact duplicate\n")
    rc, _, report = audit_archive(sandbox, path, capsys)
    assert rc == 0 and "duplicate name" in notes(report)
    assert report["subject"]["repo"]["kind"] == "archive"


def test_non_utf8_names(sandbox: Path, capsys) -> None:
    path = sandbox / "names.tar"
    raw = "train_caf\udce9.py"  # the byte 0xE9 alone: not UTF-8
    members = [reg("README.md", README.encode()), reg(raw, TRAIN.encode()),
               reg("docs/\udcff\udcfe.md", b"# odd\n")]  # fmt: skip
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", encoding="utf-8", errors="surrogateescape") as tf:
        for info, data in members:
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    path.write_bytes(buf.getvalue())
    rc, _, report = audit_archive(sandbox, path, capsys)
    assert rc == 0
    assert status(report, "training_code") == "pass"
    zpath = sandbox / "names.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        zf.writestr("README.md", README)
        zf.writestr(zipfile.ZipInfo("train_\x8e\x9f.py"), TRAIN)  # cp437 names
    rc, _, report = audit_archive(sandbox, zpath, capsys)
    assert rc == 0 and status(report, "training_code") == "pass"
