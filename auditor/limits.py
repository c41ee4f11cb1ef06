"""Bounds on everything taken from untrusted input. Defaults are documented in the README
and can be overridden on the CLI."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    clone_timeout: float = 300.0  # seconds for one git clone/fetch
    download_timeout: float = 60.0  # seconds for one HTTP download (connect + each read)
    max_download_bytes: int = 100 * MiB  # a paper PDF or archive fetched over HTTP
    max_archive_members: int = 100_000  # entries in a zip/tar supplement
    max_extracted_bytes: int = 1024 * MiB  # total bytes extracted from one archive
    max_ratio: float = 200.0  # compressed -> uncompressed ratio of one zip member
    max_depth: int = 64  # folder depth inside an archive or tree
    max_files: int = 200_000  # files inventoried in one repository
    max_read_bytes: int = 2 * MiB  # bytes read from one text file (README, source, config)
    max_parse_files: int = 20_000  # Python files / notebooks parsed with ast / json
    max_pdf_pages: int = 400  # pages of a paper read
    pdf_timeout: float = 120.0  # seconds for extracting one paper's text
    audit_timeout: float = 900.0  # seconds for one whole audit (sources, facts, checks)
    max_memory_bytes: int = 4096 * MiB  # address space of the auditing process

    def replace(self, **changes: object) -> Limits:
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_LIMITS = Limits()
