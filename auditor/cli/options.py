"""What the front ends share: exit codes, the one-line argument parser, the limit options and
the common flags every subcommand accepts."""

from __future__ import annotations

import argparse
from typing import NoReturn

from auditor.errors import InputError
from auditor.limits import DEFAULT_LIMITS, Limits, MiB
from auditor.renderers import RENDERERS

EXIT_OK, EXIT_BELOW, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
FORMATS = tuple(RENDERERS)  # every registered renderer is a --format


class Parser(argparse.ArgumentParser):
    """Usage errors end in one line and exit 2, naming the help of the command at fault."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"auditor: error: {message} (see '{self.prog} --help')\n")


def common_flags() -> Parser:
    """Flags accepted before and after the subcommand (``auditor -v audit`` and
    ``auditor audit -v``); SUPPRESS keeps a subcommand from resetting the top-level value."""
    p = Parser(add_help=False)
    p.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
        help="log progress to stderr",
    )  # fmt: skip
    return p


# (flag, Limits field, unit scale, metavar, help); sizes are given in MiB on the command line
LIMIT_OPTIONS: tuple[tuple[str, str, int, str, str], ...] = (
    ("--clone-timeout", "clone_timeout", 1, "S", "seconds for a git clone"),
    ("--download-timeout", "download_timeout", 1, "S", "seconds for an HTTP download"),
    ("--max-download-mb", "max_download_bytes", MiB, "MB", "cap on a downloaded paper"),
    ("--max-archive-members", "max_archive_members", 1, "N", "entries in an archive"),
    ("--max-extracted-mb", "max_extracted_bytes", MiB, "MB", "bytes extracted from an archive"),
    ("--max-read-mb", "max_read_bytes", MiB, "MB", "bytes read from one text file"),
    ("--max-files", "max_files", 1, "N", "files inventoried in a repository"),
    ("--max-pdf-pages", "max_pdf_pages", 1, "N", "pages of a paper read"),
    ("--timeout", "audit_timeout", 1, "S", "seconds for one whole audit"),
    ("--max-memory-mb", "max_memory_bytes", MiB, "MB", "memory of the auditing process"),
)


def add_limits(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("limits (untrusted input is bounded; defaults in parentheses)")
    for flag, field, scale, metavar, text in LIMIT_OPTIONS:
        default = getattr(DEFAULT_LIMITS, field)
        kind = float if isinstance(default, float) or scale != 1 else int
        g.add_argument(
            flag, type=kind, default=default / scale if scale != 1 else default,
            metavar=metavar, help=f"{text} ({default / scale:g})",
        )  # fmt: skip


def limits_from(args: argparse.Namespace) -> Limits:
    values = {}
    for flag, field, scale, _m, _t in LIMIT_OPTIONS:
        value = getattr(args, flag.lstrip("-").replace("-", "_"))
        if value is None or value <= 0:
            raise InputError(f"{flag} must be a positive number")
        values[field] = int(value * scale) if scale != 1 else value
    return Limits(**values)
