"""The command-line front end: ``auditor audit|demo|batch|schema|checklists``."""

from auditor.cli.commands import console_main, main

__all__ = ["console_main", "main"]
