"""The folder a paper's code link points into, in a repository holding several projects."""

from __future__ import annotations

import pytest

from auditor.detectors.paper_code.links import linked_folder
from auditor.facts.paper import paper_from_pages

DIRS = frozenset({"distill", "distill/configs", "ranker", "docs"})


def _paper(url: str) -> object:
    page = "A Method\nAbstract\nWe propose a method.\n1 Introduction\n"
    return paper_from_pages([page + f"Our code is available at {url}.\n"])


@pytest.mark.parametrize(
    ("url", "urls", "want"),
    [
        ("https://github.com/alice/lab/tree/main/distill", (), "distill"),
        ("https://github.com/alice/lab/tree/main/Distill/configs/", (), "distill/configs"),
        ("https://github.com/alice/lab/blob/main/distill/train.py", (), "distill"),
        ("www.github.com/alice/lab/distill", (), "distill"),
        (
            "https://github.com/alice/lab/tree/main/distill",
            ("https://github.com/alice/lab",),
            "distill",
        ),
        # another repository's folder, the host's own pages, the root, a folder not in the tree
        ("https://github.com/bob/other/tree/main/distill", ("https://github.com/alice/lab",), ""),
        ("https://github.com/alice/lab/issues", (), ""),
        ("https://github.com/alice/lab", (), ""),
        ("https://github.com/alice/lab/tree/main/missing", (), ""),
    ],
)
def test_linked_folder(url: str, urls: tuple[str, ...], want: str) -> None:
    assert linked_folder(_paper(url), urls, DIRS) == want  # type: ignore[arg-type]
