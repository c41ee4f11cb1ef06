"""Parsed sources are cached by git blob id: a repository audited at several commits re-parses
only the files that changed, and the verdicts are those of an audit with an empty cache."""

from __future__ import annotations

from auditor.engine import audit
from auditor.facts.parsed_cache import ParsedCache
from auditor.facts.repo import PARSED

TRAIN = "import torch\n\ndef main():\n    torch.manual_seed({seed})\n\nif __name__ == '__main__':\n    main()\n"
FILES = {
    "README.md": "# P\n\n## Training\n\n```\npython train.py\n```\n",
    "requirements.txt": "torch==2.1.0\n",
    "train.py": TRAIN.format(seed=0),
    **{
        f"lib/m{k}.py": f"import numpy as np\n\ndef f{k}(x):\n    return np.sqrt(x)\n"
        for k in range(6)
    },
}


def _verdicts(report) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    return [(cl.id, f.check, f.status, f.summary) for cl in report.checklists for f in cl.findings]


def test_second_commit_reparses_only_what_changed(tmp_path, make_git_repo) -> None:
    repo = make_git_repo(
        tmp_path / "r.git",
        commits=[("2020-01-10", FILES), ("2020-02-10", {"train.py": TRAIN.format(seed=1)})],
        bare=True,
    )
    first, second = [c.hexsha for c in repo.iter_commits("main", reverse=True)]
    PARSED.clear()
    a = audit(str(tmp_path / "r.git"), ref=first)
    assert PARSED.misses == 7 and PARSED.hits == 0  # every Python file parsed once
    b = audit(str(tmp_path / "r.git"), ref=second)
    assert PARSED.misses == 8  # only train.py again; the six modules came from the cache
    assert PARSED.hits >= 6
    PARSED.clear()
    assert _verdicts(audit(str(tmp_path / "r.git"), ref=second)) == _verdicts(b)
    assert _verdicts(audit(str(tmp_path / "r.git"), ref=first)) == _verdicts(a)


def test_cache_is_bounded_by_source_bytes() -> None:
    cache = ParsedCache(max_bytes=1000)
    for i in range(50):
        cache.put(("p", str(i)), i, 100)
    assert len(cache) == 10 and cache.get(("p", "49")) == 49 and cache.get(("p", "0")) is None
    cache.put(("big", "x"), "huge", 600)  # more than a quarter of the bound: not kept
    assert cache.get(("big", "x")) is None
