"""Speed of paper extraction and of a full paper audit, per page, against pdftotext.

Usage: python benchmarks/paper_speed.py [--eval-dir DIR] [--repeat N] [--pypdf]

Times, on the same PDFs in one run: ``pdftotext`` (poppler, the yardstick), raw pypdfium2 text,
``load_paper`` (extraction + cleaning + structure) and a full paper audit (``load_paper`` plus
every paper-reporting detector). With --pypdf, also pypdf's extract_text for comparison.
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared/eval/papers-dev")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs per PDF and method")
    ap.add_argument("--pypdf", action="store_true", help="also time pypdf (slow)")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    pdfs = sorted((args.eval_dir / "pdfs").glob("*.pdf"))
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
