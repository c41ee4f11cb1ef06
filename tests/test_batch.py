"""`auditor batch` end to end: good and broken entries, metadata passthrough, resume after a
real kill -9, summaries re-rendered from the database."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from auditor.cli import main

CHECKLIST = ["--checklist", "ml-code-completeness"]
GOOD = {
    "README.md": "# Proj\n\n## Requirements\n\n```\npip install -r requirements.txt\n```\n\n"
    "## Training\n\n```\npython train.py\n```\n\n## Evaluation\n\n```\npython eval.py\n```\n",
    "requirements.txt": "numpy==1.26.0\ntorch==2.1.0\n",
    "train.py": "import torch\n\ndef main():\n    pass\n\nif __name__ == '__main__':\n    main()\n",
    "eval.py": "import torch\n\nif __name__ == '__main__':\n    print('accuracy')\n",
}
BARE = {"README.md": "# Nothing here\n", "notes.txt": "todo\n"}


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A git URL whose server accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/never.git"
    finally:
        sock.close()


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    cols = list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(rows)
    return path


def db_rows(out: Path) -> dict[str, dict[str, object]]:
    con = sqlite3.connect(f"file:{out / 'results.sqlite'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return {r["id"]: dict(r) for r in con.execute("SELECT * FROM entries")}
    finally:
        con.close()


def test_good_and_broken_entries_one_batch(tmp_path, make_git_repo, hanging_url, capsys) -> None:
    make_git_repo(tmp_path / "good.git", GOOD, dates=["2020-01-10", "2021-06-01"], bare=True)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "README.md").write_text("# Folder\n")
    (tmp_path / "broken.pdf").write_bytes(b"this is not a pdf")
    rows = [
        {"id": "good", "repo": "good.git", "at": "2020-04-01", "venue": "NeurIPS", "year": "2019"},
        {"id": "folder", "repo": "folder", "venue": "ICML", "year": "2020"},
        {"id": "missing", "repo": "no-such-dir", "venue": "ICML", "year": "2020"},
        {"id": "badref", "repo": "good.git", "ref": "v9", "venue": "ICML", "year": "2020"},
        {"id": "badpdf", "paper": "broken.pdf", "venue": "NeurIPS", "year": "2019"},
        {"id": "hangs", "repo": hanging_url, "venue": "NeurIPS", "year": "2019"},
        {"id": "", "repo": "", "venue": "x", "year": "1"},  # malformed: line 8
    ]
    entries = write_csv(tmp_path / "entries.csv", rows)
    out = tmp_path / "out"
    args = ["batch", str(entries), "--out", str(out), "--jobs", "2", "--timeout", "2"]
    assert main([*args, *CHECKLIST, "--group-by", "venue"]) == 0
    captured = capsys.readouterr()
    assert "line 8: needs a repo and/or a paper (row skipped)" in captured.err

    db = db_rows(out)
    status = {k: v["status"] for k, v in db.items()}
    assert status == {
        "good": "ok", "folder": "ok", "missing": "failed", "badref": "failed",
        "badpdf": "failed", "hangs": "timeout",
    }  # fmt: skip
    assert "not found" in str(db["missing"]["message"])
    assert "v9" in str(db["badref"]["message"])
    assert "took longer than 2s" in str(db["hangs"]["message"])
    # the pin resolved to the 2020 commit, and the reports were written
    good_report = json.loads((out / "entries/good/report.json").read_text())
    assert db["good"]["resolved_commit"] == good_report["subject"]["repo"]["commit"]
    assert good_report["subject"]["repo"]["commit_date"].startswith("2020-01-10")
    assert (out / "entries/good/report.html").is_file()
    assert not (out / "entries/missing").exists()
    assert db["good"]["tool_version"] and db["good"]["fingerprint"]

    # metadata passthrough: csv, jsonl, findings per check
    with open(out / "results.csv", newline="") as fh:
        table = {r["id"]: r for r in csv.DictReader(fh)}
    assert table["good"]["venue"] == "NeurIPS" and table["good"]["year"] == "2019"
    assert table["missing"]["venue"] == "ICML" and table["missing"]["status"] == "failed"
    score = int(table["good"]["ml-code-completeness.score"])
    statuses = [table["good"][f"ml-code-completeness.{c}"] for c in
                ("dependencies", "training_code", "evaluation_code", "pretrained_models", "results")]  # fmt: skip
    assert score == statuses.count("pass") and score >= 2
    assert table["folder"]["ml-code-completeness.training_code"] == "fail"
    lines = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    assert [x["id"] for x in lines] == list(table)
    assert lines[0]["venue"] == "NeurIPS" and lines[0]["ml-code-completeness.score"] == score

    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert soup.find(id="count-total").text == "6"
    assert soup.find(id="count-ok").text == "2"
    assert soup.find(id="count-failed").text == "4"
    assert [tr["data-group"] for tr in soup.select("table.groups tbody tr")] == ["ICML", "NeurIPS"]
    links = {a.text: a["href"] for a in soup.select("#entries a")}
    assert links == {"good": "entries/good/report.html", "folder": "entries/folder/report.html"}


def test_resume_skips_finished_and_redoes_changed(tmp_path, make_git_repo) -> None:
    repo = make_git_repo(tmp_path / "a", GOOD)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "README.md").write_text("# B\n")
    entries = write_csv(tmp_path / "e.csv", [{"id": "a", "repo": "a"}, {"id": "b", "repo": "b"}])
    out = tmp_path / "out"
    base = ["batch", str(entries), "--out", str(out), "-q", "--jobs", "2", *CHECKLIST]
    assert main(base) == 0
    first = db_rows(out)
    assert main([*base, "--resume"]) == 0
    again = db_rows(out)
    assert again == first  # nothing redone: same attempts, same timestamps
    # a new commit in a's working copy and an edited folder change the fingerprints
    (tmp_path / "a" / "LICENSE").write_text("MIT\n")
    repo.index.add(["LICENSE"])
    repo.index.commit("license")
    assert main([*base, "--resume"]) == 0
    third = db_rows(out)
    assert third["a"]["attempts"] == 2 and third["a"]["fingerprint"] != first["a"]["fingerprint"]
    assert third["b"] == first["b"]
    time.sleep(0.01)
    (tmp_path / "b" / "train.py").write_text("print('train')\n")
    assert main([*base, "--resume"]) == 0
    assert db_rows(out)["b"]["attempts"] == 2
    # without --resume everything runs again
    assert main(base) == 0
    assert {k: v["attempts"] for k, v in db_rows(out).items()} == {"a": 3, "b": 3}


def _batch_cmd(*args: str) -> list[str]:
    code = "import sys; from auditor.cli import main; sys.exit(main(sys.argv[1:]))"
    return [sys.executable, "-c", code, "batch", *args]


def test_resume_after_kill_9(tmp_path, make_git_repo, hanging_url) -> None:
    rows = []
    for i in range(3):
        make_git_repo(tmp_path / f"r{i}", {**GOOD, "NOTE.md": f"repo {i}\n"})
        rows.append({"id": f"quick{i}", "repo": f"r{i}", "venue": "V"})
    rows += [{"id": f"slow{i}", "repo": hanging_url, "venue": "W"} for i in range(2)]
    entries = write_csv(tmp_path / "e.csv", rows)
    out = tmp_path / "out"
    opts = ["--out", str(out), "--jobs", "2", "-q", *CHECKLIST]
    proc = subprocess.Popen(
        _batch_cmd(str(entries), *opts, "--timeout", "120"), start_new_session=True
    )
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            try:
                st = [r["status"] for r in db_rows(out).values()]
            except sqlite3.Error:  # not created yet
                st = []
            if st.count("ok") == 3 and st.count("running") == 2:
                break
            assert proc.poll() is None, "the batch ended before it could be killed"
            time.sleep(0.1)
        else:
            pytest.fail("the batch never reached 3 done + 2 running")
        os.kill(proc.pid, signal.SIGKILL)  # a real kill -9 in the middle of the run
        assert proc.wait(10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    before = db_rows(out)
    assert {k: v["status"] for k, v in before.items() if k.startswith("slow")} == {
        "slow0": "running", "slow1": "running",
    }  # fmt: skip
    report_mtimes = {k: (out / f"entries/{k}/report.json").stat().st_mtime_ns for k in
                     ("quick0", "quick1", "quick2")}  # fmt: skip

    res = subprocess.run(
        _batch_cmd(str(entries), *opts, "--timeout", "1", "--resume"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    after = db_rows(out)
    for k in ("quick0", "quick1", "quick2"):
        assert after[k] == before[k]  # kept: attempts 1, same finished_at and fingerprint
        assert after[k]["attempts"] == 1
        assert (out / f"entries/{k}/report.json").stat().st_mtime_ns == report_mtimes[k]
    for k in ("slow0", "slow1"):
        assert after[k]["attempts"] == 2 and after[k]["status"] == "timeout"
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert soup.find(id="count-ok").text == "3"


def test_summary_rerenders_from_the_database(tmp_path, make_git_repo, capsys) -> None:
    make_git_repo(tmp_path / "a", GOOD)
    entries = write_csv(tmp_path / "e.csv", [{"id": "a", "repo": "a", "track": "main"}])
    out = tmp_path / "out"
    assert main(["batch", str(entries), "--out", str(out), "-q", "-j", "1", *CHECKLIST]) == 0
    (out / "index.html").unlink()
    (out / "results.csv").unlink()
    assert main(["batch", "--summary", str(out), "--group-by", "track"]) == 0
    assert "1 entries: 1 audited" in capsys.readouterr().out
    soup = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    assert [tr["data-group"] for tr in soup.select("table.groups tbody tr")] == ["main"]
    assert "a," in (out / "results.csv").read_text()
    assert main(["batch", "--summary", str(out), "--group-by", "nope"]) == 2
    assert "no such metadata column" in capsys.readouterr().err
    assert main(["batch", "--summary", str(tmp_path / "empty")]) == 2


def test_refuses_foreign_outputs_and_bad_options(tmp_path, capsys) -> None:
    (tmp_path / "x").mkdir()
    entries = write_csv(tmp_path / "e.csv", [{"id": "x", "repo": "x"}])
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.csv").write_text("my own data\n")
    assert main(["batch", str(entries), "--out", str(out), "-q"]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert (out / "results.csv").read_text() == "my own data\n"
    assert not (out / "results.sqlite").exists()
    assert main(["batch", str(entries), "--out", str(tmp_path / "o2"), "--jobs", "0"]) == 2
    assert main(["batch", str(entries), "--out", str(tmp_path / "o3"), "--group-by", "zz"]) == 2
    assert "no such column" in capsys.readouterr().err
    assert main(["batch"]) == 2


def test_resume_keeps_failures_unless_retry_failed(tmp_path) -> None:
    entries = write_csv(tmp_path / "e.csv", [{"id": "gone", "repo": "no-such-dir"}])
    out = tmp_path / "out"
    base = ["batch", str(entries), "--out", str(out), "-q", "-j", "1", *CHECKLIST]
    assert main(base) == 0
    assert main([*base, "--resume"]) == 0
    assert db_rows(out)["gone"]["attempts"] == 1
    assert main([*base, "--resume", "--retry-failed"]) == 0
    assert db_rows(out)["gone"]["attempts"] == 2
    (tmp_path / "no-such-dir").mkdir()  # the input appeared: the fingerprint changed
    (tmp_path / "no-such-dir" / "README.md").write_text("# now here\n")
    assert main([*base, "--resume"]) == 0
    row = db_rows(out)["gone"]
    assert row["attempts"] == 3 and row["status"] == "ok"
