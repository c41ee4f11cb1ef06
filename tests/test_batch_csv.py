"""Batch CSV parsing: metadata carried through, malformed rows reported by line and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.batch.entries import parse_entries, read_entries
from auditor.errors import InputError


def test_rows_metadata_and_default_ids(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    text = (
        "id,repo,paper,ref,at,venue,year\n"
        "one,code,,,2020-04-01,NeurIPS,2019\n"
        ",https://github.com/owner/proj,,v1,,ICML,2020\n"
        ",https://github.com/owner/proj.git,,,,ICML,2020\n"
    )
    inp = parse_entries(text, base=tmp_path)
    assert inp.errors == []
    assert inp.metadata_columns == ["venue", "year"]
    one, two, three = inp.entries
    assert one.id == "one" and one.repo == str(tmp_path / "code") and one.at == "2020-04-01"
    assert one.metadata == {"venue": "NeurIPS", "year": "2019"} and one.line == 2
    assert two.id == "owner-proj" and two.ref == "v1" and two.repo.startswith("https://")
    assert three.id == "owner-proj-2"  # default ids never collide
    assert three.metadata["venue"] == "ICML"


def test_malformed_rows_are_reported_with_line_numbers_and_skipped() -> None:
    text = (
        "id,repo,paper,ref,at,venue\n"  # 1
        "ok1,r1,,,,A\n"  # 2
        "nothing,,,,,A\n"  # 3: neither repo nor paper
        "both,r2,,main,2020-01-01,A\n"  # 4: ref and at
        "baddate,r3,,,2020-13-40,A\n"  # 5
        "short,r4\n"  # 6: too few fields
        "\n"  # 7: blank lines are fine
        'multi,r5,,,,"A\nB"\n'  # 8-9: a quoted newline in metadata
        "ok1,r6,,,,A\n"  # 10: duplicate id
        "bad id!,r7,,,,A\n"  # 11
        "opt,--upload-pack=x,,,,A\n"  # 12: looks like an option
        "ok2,r8,,,,B\n"  # 13
    )
    inp = parse_entries(text)
    got = [(e.line, e.message.split(" ")[0]) for e in inp.errors]
    assert got == [
        (3, "needs"),
        (4, "give"),
        (5, "at"),
        (6, "expected"),
        (10, "duplicate"),
        (11, "bad"),
        (12, "refusing"),
    ]
    assert [e.id for e in inp.entries] == ["ok1", "multi", "ok2"]
    assert [e.line for e in inp.entries] == [2, 8, 13]
    assert inp.entries[1].metadata == {"venue": "A\nB"}
    assert str(inp.errors[0]) == "line 3: needs a repo and/or a paper"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty CSV"),
        (b"id,venue\nx,y\n", "needs a 'repo' and/or a 'paper' column"),
        (b"id,repo,repo\n", "duplicate column"),
        (b"\xff\xfeid,repo\n", "not UTF-8"),
    ],
)
def test_unreadable_csv_is_one_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "entries.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_entries(path)


def test_missing_csv_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_entries(tmp_path / "nope.csv")
