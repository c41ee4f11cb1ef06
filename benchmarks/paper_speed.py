"""Speed of paper extraction and of a full paper audit, per page, against pdftotext.

Usage: python benchmarks/paper_speed.py [--eval-dir DIR] [--repeat N] [--pypdf] [--batch]

Times, on the same PDFs in one run: ``pdftotext`` (poppler, the yardstick), raw pypdfium2 text,
``load_paper`` (extraction + cleaning + structure) and a full paper audit (``load_paper`` plus
every paper-reporting detector). With --pypdf, also pypdf's extract_text for comparison.

With --batch: ``auditor batch`` over all the PDFs with ``--jobs 1`` (the whole command: start,
audits, reports, database, dashboard) against ``pdftotext`` run once per PDF, and ``--jobs 2``
against ``--jobs 1`` (throughput). Run it with another checkout's Python to measure that one.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.checklists import load_checklist_file  # noqa: E402
from auditor.detectors import run_detector  # noqa: E402
from auditor.facts import Facts  # noqa: E402
from auditor.facts.paper import load_paper  # noqa: E402
from auditor.limits import Limits  # noqa: E402


def pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)


def pdfium_raw(path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    for i in range(len(doc)):
        tp = doc[i].get_textpage()
        tp.get_text_range()
        tp.close()
    doc.close()


def pypdf_raw(path: Path) -> None:
    import pypdf

    for page in pypdf.PdfReader(str(path)).pages:
        page.extract_text()


def extract(path: Path) -> None:
    load_paper(path, Limits())


CHECKS = load_checklist_file(ROOT / "checklists" / "paper-reporting.toml").checks


def audit(path: Path) -> None:
    facts = Facts(paper=load_paper(path, Limits()))
    for check in CHECKS:
        run_detector(check.detector, facts, check.params)


def batch_vs_pdftotext(pdfs: list[Path], repeat: int) -> None:
    import csv
    import os
    import tempfile

    with tempfile.TemporaryDirectory(prefix="auditor-paper-speed-") as tmp:
        where = subprocess.run([sys.executable, "-c", "import auditor; print(auditor.__file__)"],
                               cwd=tmp, capture_output=True, text=True).stdout.strip()  # fmt: skip
        print(f"auditor from {where}; load {os.getloadavg()}")
        entries = Path(tmp) / "papers.csv"
        with open(entries, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id", "paper"])
            w.writerows([(f"p{i:03d}", str(p.resolve())) for i, p in enumerate(pdfs)])
        runs: dict[str, list[float]] = {"pdftotext": [], "batch -j1": [], "batch -j2": []}
        for r in range(repeat):
            t0 = time.perf_counter()
            for p in pdfs:
                pdftotext(p)
            runs["pdftotext"].append(time.perf_counter() - t0)
            for jobs in (1, 2):
                out = Path(tmp) / f"out-{r}-{jobs}"
                cmd = [sys.executable, "-m", "auditor", "batch", str(entries), "--out", str(out),
                       "--jobs", str(jobs), "-q"]  # fmt: skip
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, cwd=tmp)  # not this checkout's folder
                runs[f"batch -j{jobs}"].append(time.perf_counter() - t0)
    best = {k: min(v) for k, v in runs.items()}
    print(f"{len(pdfs)} PDFs, best of {repeat} (all runs: "
          + "; ".join(f"{k} " + " ".join(f"{x:.1f}" for x in v) for k, v in runs.items()) + ")")  # fmt: skip
    print("| pdftotext s | batch --jobs 1 s | ratio (aim <= 1.0x) | --jobs 2 s | 2 jobs vs 1 |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {best['pdftotext']:.2f} | {best['batch -j1']:.2f} | "
          f"{best['batch -j1'] / best['pdftotext']:.2f}x | {best['batch -j2']:.2f} | "
          f"{best['batch -j1'] / best['batch -j2']:.2f}x |")  # fmt: skip
    print(f"load after: {os.getloadavg()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared/eval/papers-dev")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs per PDF and method")
    ap.add_argument("--pypdf", action="store_true", help="also time pypdf (slow)")
    ap.add_argument("--batch", action="store_true", help="auditor batch against pdftotext")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    pdfs = sorted((args.eval_dir / "pdfs").glob("*.pdf"))
    if args.batch:
        batch_vs_pdftotext(pdfs, args.repeat)
        return 0
    import pypdfium2 as pdfium

    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
    methods = {
        "pypdfium2 raw text": pdfium_raw,
        "load_paper (auditor)": extract,
        "full paper audit": audit,
    }
    if shutil.which("pdftotext"):
        methods = {"pdftotext (poppler)": pdftotext, **methods}
    else:
        print("pdftotext not found (apt-get install poppler-utils); no yardstick")
    if args.pypdf:
        methods["pypdf raw text"] = pypdf_raw
    totals = {}
    for name, fn in methods.items():
        total = 0.0
        for p in pdfs:
            best = float("inf")
            for _ in range(args.repeat if name != "pypdf raw text" else 1):
                t = time.perf_counter()
                fn(p)
                best = min(best, time.perf_counter() - t)
            total += best
        totals[name] = total
    base = totals.get("pdftotext (poppler)")
    print(f"{len(pdfs)} PDFs, {pages} pages, best of {args.repeat}\n")
    print(f"| {'method':<22} | total s | ms/page | vs pdftotext |")
    print(f"|{'-' * 24}|---------|---------|--------------|")
    for name, total in totals.items():
        ratio = f"{total / base:.2f}x" if base else "-"
        print(f"| {name:<22} | {total:7.2f} | {1000 * total / pages:7.2f} | {ratio:>12} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
