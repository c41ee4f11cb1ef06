"""The committed example reports (``reports/example/``): the bundled demo audited and rendered
with the run-specific parts (time, machine paths, timings) fixed, so the files change only when
what the code produces changes.

Refresh after an intended change:  python tests/example_report.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "reports" / "example"
FORMATS = {"report.json": "json", "report.html": "html", "report.md": "md"}
REFRESH = "python tests/example_report.py"


def example_reports() -> dict[str, str]:
    """File name -> text of the demo's reports, normalised."""
    import auditor
    from auditor.demo import demo_inputs

    repo, paper = demo_inputs()
    report = auditor.audit(repo=repo, paper=paper)
    subject = report.subject
    fixed = report.model_copy(
        update={
            "created": "2026-01-01T00:00:00+00:00",
            "timings": {},
            "subject": subject.model_copy(
                update={
                    "repo": subject.repo.model_copy(update={"source": "example_project"})
                    if subject.repo
                    else None,
                    "paper": subject.paper.model_copy(update={"source": "example_paper.pdf"})
                    if subject.paper
                    else None,
                }
            ),
        }
    )
    return {name: auditor.render(fixed, fmt) for name, fmt in FORMATS.items()}


def main() -> int:
    EXAMPLE.mkdir(parents=True, exist_ok=True)
    for name, text in example_reports().items():
        (EXAMPLE / name).write_text(text, encoding="utf-8")
        print(f"wrote {(EXAMPLE / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
