"""Command line: ``auditor audit|demo|batch|serve|schema|checklists|badge``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from auditor.cli.options import (
    EXIT_BELOW,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    FORMATS,
    Parser,
    add_limits,
    common_flags,
    limits_from,
)
from auditor.errors import InputError
from auditor.guard import limit_memory, out_of_memory, time_limit
from auditor.limits import DEFAULT_LIMITS, Limits
from auditor.models import Report
from auditor.output import slug, write_reports
from auditor.version import __version__


def build_parser() -> argparse.ArgumentParser:
    common = common_flags()
    parser = Parser(
        prog="auditor", description="Audit ML papers and their code for reproducibility.",
        parents=[common],
    )  # fmt: skip
    parser.add_argument("--version", action="version", version=f"auditor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    a = sub.add_parser(
        "audit",
        help="audit a repository and/or a paper",
        description="Audit a code repository and/or a paper.",
        parents=[common],
    )
    a.add_argument(
        "--repo", help="git URL, local folder, bare git dir, or .zip/.tar(.gz|.bz2|.xz) supplement"
    )
    a.add_argument("--paper", help="PDF path, http(s) URL of a PDF, or an arXiv id / URL")
    pin = a.add_mutually_exclusive_group()
    pin.add_argument("--ref", help="branch, tag or commit to audit (committed tree)")
    pin.add_argument(
        "--at", metavar="YYYY-MM-DD", help="audit the last commit on or before this date"
    )
    cache = a.add_mutually_exclusive_group()
    cache.add_argument(
        "--paper-cache", metavar="DIR",
        help="where downloaded papers are kept for reuse (default ~/.cache/auditor/papers)",
    )  # fmt: skip
    cache.add_argument(
        "--no-cache", action="store_true",
        help="keep a downloaded paper only for this audit (nothing written outside --out)",
    )  # fmt: skip
    _add_output(a)
    add_limits(a)

    d = sub.add_parser(
        "demo",
        help="audit the bundled example project (offline)",
        description="Audit the bundled example project offline and write reports/demo/.",
        parents=[common],
    )
    _add_output(d, default_out="reports/demo")

    sub.add_parser("schema", help="print the JSON Schema of report.json", parents=[common])
    cl = sub.add_parser(
        "checklists", help="list the installed checklists and their checks", parents=[common]
    )
    cl.add_argument(
        "--paths", action="store_true",
        help="show the folders checklists are loaded from (shipped, then $AUDITOR_CHECKLIST_PATH)",
    )  # fmt: skip
    b = sub.add_parser(
        "badge", help="write an SVG badge of a report's score", parents=[common],
        description="Write a self-contained SVG badge of the first checklist's score.",
    )  # fmt: skip
    b.add_argument("report", help="a report.json written by auditor")
    b.add_argument("-o", "--output", default="badge.svg", help="SVG file to write (badge.svg)")
    b.add_argument("--force", action="store_true", help="overwrite a file that is not a badge")

    from auditor.cli.batch import add_batch_parser  # noqa: PLC0415

    add_batch_parser(sub, common)
    from auditor.cli.serve import add_serve_parser  # noqa: PLC0415

    add_serve_parser(sub, common)
    return parser


def _add_output(p: argparse.ArgumentParser, default_out: str | None = None) -> None:
    p.add_argument(
        "--out", default=default_out, help="output folder (default: reports/<name of the input>)"
    )
    p.add_argument(
        "--format",
        action="append",
        choices=FORMATS,
        help="report format(s) to write (default: json and html)",
    )
    p.add_argument(
        "--checklist",
        action="append",
        metavar="ID|PATH.toml",
        help="checklist(s) to run: an installed id or your own TOML file (default: the "
        "repository's configuration, else all default checklists; see 'auditor checklists')",
    )
    p.add_argument(
        "--fail-under",
        type=int,
        metavar="N",
        help="exit 1 when the first checklist's score is below N; waived checks are left out "
        "(default: the repository's fail-under, if any)",
    )
    p.add_argument(
        "--no-waivers", action="store_true",
        help="do not apply the waivers of the repository's [tool.auditor] / .auditor.toml",
    )  # fmt: skip
    p.add_argument(
        "--no-config", action="store_true",
        help="ignore the repository's own configuration ([tool.auditor] / .auditor.toml)",
    )  # fmt: skip
    p.add_argument(
        "--check-links", action="store_true",
        help="resolve every link the evidence cites over the network (off by default); "
        "a dead weight link turns a pass into partial",
    )  # fmt: skip
    p.add_argument(
        "--no-write", action="store_true",
        help="write no report files (summary and exit code only, e.g. in a pre-commit hook)",
    )  # fmt: skip
    p.add_argument(
        "--force", action="store_true", help="overwrite existing files that are not auditor reports"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no terminal summary")


def _run_audit(
    args: argparse.Namespace, repo: str | None, paper: str | None, limits: Limits, ref=None, at=None
) -> int:  # type: ignore[no-untyped-def]
    from auditor.cli.summary import print_summary
    from auditor.engine import audit
    from auditor.sources.links import LinkOptions

    cache = getattr(args, "paper_cache", None)
    with time_limit(limits.audit_timeout):
        report = audit(
            repo, paper, ref=ref, at=at, checklists=args.checklist, limits=limits,
            paper_cache=Path(cache) if cache else None,
            use_paper_cache=not getattr(args, "no_cache", False),
            authors_config=not args.no_config, waivers=not args.no_waivers,
            check_links=LinkOptions() if args.check_links else None,
        )  # fmt: skip
    paths: list[Path] = []
    if not args.no_write:
        out = Path(args.out) if args.out else Path("reports") / slug(repo or paper or "audit")
        formats = args.format or ["json", "html"]
        paths = write_reports(report, out, list(dict.fromkeys(formats)), args.force)
    if not args.quiet:
        print_summary(report, paths=[str(p) for p in paths])
    return _gate(report, args.fail_under)


def _gate(report: Report, fail_under: int | None) -> int:
    """Exit 1 when the first checklist's score is below the bar, waived checks left out."""
    from auditor.scoring import gate_passes, waived_weight

    if fail_under is None and report.config is not None:
        fail_under = report.config.fail_under
    if fail_under is None or not report.checklists:
        return EXIT_OK
    first = report.checklists[0]
    if gate_passes(first, fail_under):
        return EXIT_OK
    waived = waived_weight(first.findings)
    note = (
        f" ({fail_under - waived} once {waived} waived check weight is left out)" if waived else ""
    )
    print(
        f"auditor: {first.id} score {first.score} is below --fail-under {fail_under}{note}",
        file=sys.stderr,
    )
    return EXIT_BELOW


def _cmd_checklists(paths: bool) -> int:
    from auditor.checklists import ENV_PATH, checklist_folders, installed_checklists

    if paths:
        for folder, origin, used, shadowed in checklist_folders():
            print(f"{folder} [{origin}]")
            for cid in used:
                print(f"  - {cid}")
            for cid in shadowed:
                print(f"  - {cid} (shadowed by an earlier folder)")
        print(
            f"add folders with {ENV_PATH} (separated by {os.pathsep!r}), or --checklist FILE.toml"
        )
        return EXIT_OK
    for spec in installed_checklists():
        needs = "+".join(spec.requires)
        default = "" if spec.default else " (not run by default)"
        print(f"{spec.id} v{spec.version}: {spec.title} [needs {needs}]{default}")
        for c in spec.checks:
            tag = " (advisory)" if c.advisory else ""
            print(f"  - {c.id}: {c.title}{tag}")
    return EXIT_OK


def _cmd_badge(report_path: str, output: Path, force: bool) -> int:
    from auditor.output import atomic_write, check_writable, read_report
    from auditor.renderers.badge import badge_text, render_badge

    report = read_report(report_path)
    check_writable(output, force)
    atomic_write(output, render_badge(report))
    label, value, _ = badge_text(report)
    print(f"wrote {output} ({label}: {value})")
    return EXIT_OK


def main(argv: Sequence[str] | None = None, process_limits: bool = False) -> int:
    """Run the CLI. ``process_limits`` (the console script) also caps this process's memory."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.verbose = getattr(args, "verbose", False)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not args.command:
        parser.print_help()
        return EXIT_INPUT
    try:
        if args.command == "audit":
            if not args.repo and not args.paper:
                parser.error("audit needs --repo and/or --paper")
            limits = limits_from(args)
            if process_limits:
                limit_memory(limits.max_memory_bytes)
            return _run_audit(args, args.repo, args.paper, limits, ref=args.ref, at=args.at)
        if args.command == "demo":
            from auditor.demo import demo_inputs

            repo, paper = demo_inputs()
            return _run_audit(args, repo, paper, DEFAULT_LIMITS)
        if args.command == "schema":
            from auditor.models import report_schema

            print(json.dumps(report_schema(), indent=2))
            return EXIT_OK
        if args.command == "checklists":
            return _cmd_checklists(args.paths)
        if args.command == "badge":
            return _cmd_badge(args.report, Path(args.output), args.force)
        if args.command == "batch":
            from auditor.cli.batch import run_batch_command

            return run_batch_command(args)
        if args.command == "serve":
            from auditor.cli.serve import run_serve_command

            return run_serve_command(args)
    except InputError as exc:
        print(f"auditor: error: {exc}", file=sys.stderr)
        return EXIT_INPUT

    except KeyboardInterrupt:
        print("auditor: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for users; -v logs it
        if out_of_memory(exc):
            print(
                "auditor: error: the input needed more memory than allowed (--max-memory-mb)",
                file=sys.stderr,
            )
            return EXIT_INPUT
        if args.verbose:
            logging.getLogger(__name__).exception("internal error")
        print(
            f"auditor: internal error: {type(exc).__name__}: {exc} (please report it; -v for details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return EXIT_INPUT


def console_main() -> None:
    """The ``auditor`` console script."""
    sys.exit(main(process_limits=True))


if __name__ == "__main__":
    console_main()
