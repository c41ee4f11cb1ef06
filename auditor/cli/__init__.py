"""The command-line front end: ``auditor audit|demo|batch|schema|checklists``.

Light on purpose: the console script starts the batch fork server (``auditor.batch.prestart``)
before the front end's own imports."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None, process_limits: bool = False) -> int:
    """Run the CLI (see :func:`auditor.cli.commands.main`)."""
    from auditor.cli.commands import main as run

    return run(argv, process_limits)


def console_main() -> None:
    """The ``auditor`` console script."""
    from auditor.batch.prestart import prestart

    prestart(sys.argv[1:])
    from auditor.cli.commands import console_main as run

    run()


__all__ = ["console_main", "main"]
