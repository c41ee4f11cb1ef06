"""The console script starts the batch fork server early only for a local batch."""

from __future__ import annotations

import pytest

from auditor.batch import prestart


@pytest.mark.parametrize(
    ("argv", "starts"),
    [
        (["batch", "entries.csv", "--out", "o"], True),
        (["-v", "batch", "entries.csv"], True),
        (["batch", "entries.csv", "--scheduler", "tcp://127.0.0.1:8786"], False),
        (["batch", "entries.csv", "--scheduler=local:2"], False),
        (["batch", "--help"], False),
        (["audit", "--repo", "batch"], False),
        (["demo"], False),
        ([], False),
    ],
)
def test_prestart_only_for_a_local_batch(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], starts: bool
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(prestart, "warm_up", lambda: calls.append(1))
    prestart.prestart(argv)
    assert bool(calls) is starts


def test_importing_the_cli_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import auditor.cli

    calls: list[int] = []
    monkeypatch.setattr(prestart, "warm_up", lambda: calls.append(1))
    monkeypatch.setattr("sys.argv", ["auditor", "batch", "entries.csv"])
    importlib.reload(auditor.cli)
    assert calls == []
