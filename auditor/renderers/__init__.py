"""Renderers turn a Report into a string. They import only ``auditor.models``."""

from __future__ import annotations

from auditor.renderers.html import render_html
from auditor.renderers.json import render_json
from auditor.renderers.markdown import render_markdown
from auditor.renderers.sarif import render_sarif

RENDERERS = {"json": render_json, "html": render_html, "md": render_markdown, "sarif": render_sarif}
EXTENSIONS = {"json": "json", "html": "html", "md": "md", "sarif": "sarif"}

__all__ = [
    "RENDERERS", "EXTENSIONS", "render_html", "render_json", "render_markdown", "render_sarif",
]  # fmt: skip
