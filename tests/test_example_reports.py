"""Golden test: ``reports/example/`` is what the code produces for the bundled demo today."""

from __future__ import annotations

import json

import pytest
from example_report import EXAMPLE, FORMATS, REFRESH, example_reports


@pytest.fixture(scope="module")
def produced() -> dict[str, str]:
    return example_reports()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_committed_example_matches_the_code(produced, name):
    committed = EXAMPLE / name
    assert committed.is_file(), f"{committed} is missing; run: {REFRESH}"
    assert committed.read_text(encoding="utf-8") == produced[name], (
        f"reports/example/{name} no longer matches what the code produces; "
        f"if the change is intended, run: {REFRESH}"
    )


def test_example_json_is_a_real_report(produced):
    data = json.loads(produced["report.json"])
    assert data["schema_version"] == 1
    ids = [c["id"] for c in data["checklists"]]
    assert "ml-code-completeness" in ids and "paper-reporting" in ids
    assert all(f["evidence"] or f["searched"] or f["status"] != "fail"
               for c in data["checklists"] for f in c["findings"])  # fmt: skip


def test_example_has_no_machine_paths(produced):
    for text in produced.values():
        assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text
