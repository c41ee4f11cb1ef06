"""``auditor batch``: the command line of the batch engine (see ``auditor.batch.runner``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from auditor.cli.options import EXIT_OK, Parser, add_limits, limits_from
from auditor.errors import InputError


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def add_batch_parser(sub, common: Parser) -> None:  # type: ignore[no-untyped-def]
    b = sub.add_parser(
        "batch",
        help="audit many entries from a CSV (meta-analysis)",
        description=(
            "Audit every row of a CSV (columns id, paper, repo, ref, at; any other column is "
            "metadata carried to every output) in parallel worker processes. Writes "
            "OUT/results.sqlite, OUT/results.csv, OUT/results.jsonl, OUT/entries/<id>/report."
            "{json,html} and the dashboard OUT/index.html. Relative local paths in the CSV are "
            "taken relative to the CSV's folder."
        ),
        parents=[common],
    )
    b.add_argument(
        "entries", nargs="?", help="CSV with columns id, paper, repo, ref, at (+ metadata)"
    )
    b.add_argument("--out", help="output folder (default: reports/batch-<name of the CSV>)")
    b.add_argument(
        "--summary",
        metavar="OUT",
        help="only re-render OUT/index.html, results.csv and results.jsonl from OUT's database",
    )
    b.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=_cores(),
        metavar="N",
        help=f"entries audited at once, one process each (default: cores, here {_cores()})",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="audit on a Dask cluster instead of local worker processes: tcp://HOST:PORT of a "
        "running scheduler, or local:N to start N local Dask workers (needs auditor[dask]; "
        "inputs must be URLs or paths every worker can see)",
    )
    b.add_argument(
        "--connect-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="seconds to reach the Dask scheduler (default 10)",
    )
    b.add_argument(
        "--resume",
        action="store_true",
        help="skip entries already finished with the same input fingerprint and tool version",
    )
    b.add_argument(
        "--retry-failed",
        action="store_true",
        help="with --resume, run failed / timed-out entries again",
    )
    b.add_argument(
        "--checklist",
        action="append",
        metavar="ID",
        help="checklist(s) to run (default: all default checklists; see 'auditor checklists')",
    )
    b.add_argument("--group-by", metavar="COLUMN", help="group the dashboard by a metadata column")
    b.add_argument(
        "--force", action="store_true", help="overwrite files in OUT that are not auditor outputs"
    )
    b.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    add_limits(b)


def run_batch_command(args: argparse.Namespace) -> int:
    from auditor.batch.summary import summarize

    if args.summary:
        if args.entries:
            raise InputError("give either an entries CSV or --summary OUT, not both")
        out = Path(args.summary)
        data = summarize(out, group_by=args.group_by, force=args.force)
        if not args.quiet:
            print(f"{_counts_line(data['counts'])}\nwrote {out / 'index.html'}")
        return EXIT_OK
    if not args.entries:
        raise InputError("batch needs an entries CSV (or --summary OUT)")
    if args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    if args.connect_timeout <= 0:
        raise InputError("--connect-timeout must be more than 0 seconds")
    if args.scheduler:
        from auditor.batch.cluster import check_scheduler  # imports no Dask

        check_scheduler(args.scheduler)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    from auditor.batch.runner import BatchOptions, run_batch

    csv_path = Path(args.entries)
    out = Path(args.out) if args.out else Path("reports") / f"batch-{csv_path.stem}"

    def notify(line: str) -> None:
        print(f"auditor: {csv_path}: {line}", file=sys.stderr)

    limits = limits_from(args)
    opts = BatchOptions(
        csv=csv_path,
        out=out,
        jobs=args.jobs,
        timeout=limits.audit_timeout,  # --timeout: one entry's audit, then its process is killed
        resume=args.resume,
        retry_failed=args.retry_failed,
        checklists=args.checklist,
        limits=limits,
        force=args.force,
        group_by=args.group_by,
        progress=not args.quiet,
        notify=notify,
        scheduler=args.scheduler,
        connect_timeout=args.connect_timeout,
    )
    res = run_batch(opts)
    if not args.quiet:
        ran = sum(res.counts.values())
        parts = [f"{k} {v}" for k, v in sorted(res.counts.items())]
        print(
            f"batch: {res.total} entries, {ran} audited now ({', '.join(parts) or 'none'}), "
            f"{res.skipped} kept from before, {len(res.row_errors)} bad rows skipped, "
            f"{res.seconds:.1f}s"
        )
        print(f"wrote {out / 'index.html'}, {out / 'results.csv'}, {out / 'results.sqlite'}")
    return EXIT_OK


def _counts_line(c: dict[str, int]) -> str:
    return (
        f"{c['total']} entries: {c['ok']} audited, {c['failed']} failed, {c['error']} errors, "
        f"{c['timeout']} timeouts, {c['unfinished']} unfinished"
    )
