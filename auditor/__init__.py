"""auditor: audit machine-learning papers and their code for reproducibility.

Public API (see ``auditor.api``)::

    import auditor
    report = auditor.audit(repo=".", paper="paper.pdf")
    auditor.render(report, "md")
    auditor.load_report("reports/x/report.json")

The names below are imported on first use, so ``import auditor`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.version import __version__

if TYPE_CHECKING:
    from auditor.api import audit, load_report, render
    from auditor.errors import InputError
    from auditor.models import Report

__all__ = ["InputError", "Report", "__version__", "audit", "load_report", "render"]

_LAZY = {
    "audit": "auditor.api",
    "load_report": "auditor.api",
    "render": "auditor.api",
    "Report": "auditor.models",
    "InputError": "auditor.errors",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'auditor' has no attribute {name!r}")
