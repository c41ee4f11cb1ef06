"""README results tables: what counts as a measured number, HTML header cells, badges."""

from __future__ import annotations

from pathlib import Path

from auditor.detectors import run_detector
from auditor.facts import Facts
from auditor.facts.markdown import is_number_cell, parse_markdown
from auditor.facts.repo import RepoFacts
from auditor.limits import Limits
from auditor.sources.repo import resolve_repo


def test_a_cell_of_two_measures_is_a_number() -> None:
    assert is_number_cell("9.6\xa0|\xa012.6")  # AP50 | AR, from an HTML cell with &nbsp;
    assert is_number_cell("12.1 / 13.4")
    assert not is_number_cell("9.6 | n/a")
    assert not is_number_cell("R50 | R101")


def test_html_header_cells_without_a_row_of_their_own() -> None:
    doc = parse_markdown(
        "README.md",
        "## Results\n\n<table><tbody>\n<th>Method</th>\n<th>COCO</th>\n</tr>\n"
        "<tr><td>ours</td><td>21.9</td></tr>\n<tr><td>base</td><td>9.6</td></tr>\n"
        "</tbody></table>\n",
    )
    (table,) = doc.tables
    assert table.header == ("Method", "COCO")
    assert table.rows == (("ours", "21.9"), ("base", "9.6"))


def _repo(tmp_path: Path, files: dict[str, str]) -> RepoFacts:
    root = tmp_path / "repo"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return RepoFacts(resolve_repo(str(root), tmp_path / "work", Limits()).tree, Limits())


def test_a_badge_is_no_picture_of_results(tmp_path: Path) -> None:
    badge = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](x)\n"
    plot = "![main results](assets/results.png)\n"
    readme = "# Demo with pre-trained models\n\n{}\n```bash\npython eval.py\n```\n"
    only_badge = _repo(tmp_path / "a", {"README.md": readme.format(badge), "eval.py": "print(1)\n"})
    out = run_detector("results", Facts(repo=only_badge), {})
    assert out.status == "fail" and "image" not in out.summary
    with_plot = _repo(tmp_path / "b", {"README.md": readme.format(badge + plot), "eval.py": ""})
    out = run_detector("results", Facts(repo=with_plot), {})
    assert out.status == "fail" and "only as image" in out.summary
    assert [e.url for e in out.evidence if e.kind == "url"] == ["assets/results.png"]
