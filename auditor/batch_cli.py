"""``auditor batch``: the parser lives here so the batch engine can grow on its own."""

from __future__ import annotations

import argparse


def add_batch_parser(sub) -> None:  # type: ignore[no-untyped-def]
    b = sub.add_parser("batch", help="audit many entries from a CSV (meta-analysis)")
    b.add_argument(
        "entries", nargs="?", help="CSV with columns id, paper, repo, ref, at (+ metadata)"
    )
    b.add_argument("--out", help="output folder")


def run_batch_command(args: argparse.Namespace) -> int:
    from auditor.errors import InputError

    raise InputError("batch is not available yet")
