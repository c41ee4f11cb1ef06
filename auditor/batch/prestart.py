"""The batch fork server, started as early as possible.

Local batch workers are forked from a fork server that imports the engine once (``PRELOAD``).
Those imports take about half a second; started first thing, before the command line is even
parsed, they overlap the front end's own imports, reading the CSV and opening the database,
instead of following them. This module imports nothing of the engine itself.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections.abc import Sequence

log = logging.getLogger(__name__)
PRELOAD = ["auditor.batch.worker", "auditor.engine", "auditor.renderers", "auditor.output"]


def warm_up() -> None:
    """Start the fork server now (a no-op when it runs already); the workers start it later all
    the same if this fails."""
    from multiprocessing import forkserver

    mp.set_forkserver_preload(PRELOAD)
    try:
        forkserver.ensure_running()
    except (OSError, ValueError) as exc:
        log.debug("fork server not started early: %s", exc)


def prestart(argv: Sequence[str]) -> None:
    """Start the fork server when ``argv`` asks for ``auditor batch`` on local workers (not
    ``--scheduler``, not ``--help``); anything else, or a command line that later turns out bad,
    costs nothing but an idle fork server that ends with this process."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command != "batch":
        return
    if any(a in ("-h", "--help") or a.split("=", 1)[0] == "--scheduler" for a in argv):
        return
    warm_up()
