"""Renderers turn a Report into a string. They import only ``auditor.models``."""

from __future__ import annotations

from auditor.renderers.html import render_html
from auditor.renderers.json import render_json
from auditor.renderers.markdown import render_markdown
from auditor.renderers.review import render_review
from auditor.renderers.sarif import render_sarif

RENDERERS = {
    "json": render_json, "html": render_html, "md": render_markdown, "review": render_review,
    "sarif": render_sarif,
}  # fmt: skip
EXTENSIONS = {"json": "json", "html": "html", "md": "md", "review": "txt", "sarif": "sarif"}
# formats whose file is not report.<ext>
FILENAMES = {"review": "review.txt"}

__all__ = [
    "RENDERERS", "EXTENSIONS", "FILENAMES",
    "render_html", "render_json", "render_markdown", "render_review", "render_sarif",
]  # fmt: skip
